/**
 * Who is told when core waits before retrying a request (a 429 or 5xx whose wait it takes itself): the
 * face that started the request, so a person waiting sees when the retry will happen and can cancel.
 * Carried with the request's async context, so the adapters between a face and the HTTP client need not
 * pass it along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RetryWait, RetryWaitListener } from './retry-wait-event';

const listeners = new AsyncLocalStorage<RetryWaitListener>();

/** Runs `work` with `listener` told of every retry wait of the requests it makes. */
export function withRetryWaitListener<T>(listener: RetryWaitListener | undefined, work: () => T): T {
  return listener ? listeners.run(listener, work) : work();
}

/** Tells the current request's face, if it asked (a listener's failure never fails the request). */
export function announceRetryWait(wait: RetryWait): void {
  const listener = listeners.getStore();
  if (!listener) return;
  try { listener(wait); } catch { /* the face's problem, not the request's */ }
}
