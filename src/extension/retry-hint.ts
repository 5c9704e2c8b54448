/**
 * When a rate-limited request may be tried again, in words (" Try again in 12 s."), for every face that
 * shows a failed request; with `now`, also the clock time (" Try again in 12 s (at 14:02:31)."). '' when
 * the gateway did not say, or when core's message already says how long to wait. Pure.
 */
import type { ErrorEvent } from '../core/stream/events';
import type { RetryWait } from '../core/http/retry-wait-event';

export function retryHint(error: Pick<ErrorEvent, 'kind' | 'retryAfterMs' | 'message'>, now?: number): string {
  if (error.kind !== 'rate_limited' || error.retryAfterMs === undefined || /\bwait \d+ ?s\b/.test(error.message)) return '';
  const s = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  const wait = s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
  const at = now === undefined ? '' : ` (at ${new Date(now + error.retryAfterMs).toLocaleTimeString('en-GB', { hour12: false })})`;
  return ` Try again in ${wait}${at}.`;
}

/** While core waits before trying again: why, when (seconds and clock time), which attempt, and how to stop. */
/** Why core waits: "The gateway is busy (429)", "The gateway failed (503)", "The connection failed". */
export function retryWaitReason(w: Pick<RetryWait, 'status'>): string {
  return w.status === 429 ? 'The gateway is busy (429)' : w.status ? `The gateway failed (${w.status})` : 'The connection failed';
}

export function retryWaitText(w: RetryWait, now: number): string {
  const why = retryWaitReason(w);
  const s = Math.max(1, Math.ceil(w.waitMs / 1000));
  const at = new Date(now + w.waitMs).toLocaleTimeString('en-GB', { hour12: false });
  return `${why}: trying again in ${s} s, at ${at} (attempt ${w.nextAttempt} of ${w.maxAttempts}); Stop cancels`;
}
