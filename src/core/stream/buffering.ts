/**
 * A streamed answer that arrives whole, in one network read, was held back by something on the way (a
 * proxy or load balancer that buffers responses): the user sees nothing, then everything. A short answer
 * may fit in one read honestly, so only an answer of many events counts.
 */
import type { StreamStats } from './batches';

/** Content events an answer needs before arriving in one read counts as buffered. */
export const BUFFERED_MIN_EVENTS = 8;

export function looksBuffered(s: StreamStats): boolean {
  return s.outcome === 'done' && s.reads === 1 && s.contentEvents >= BUFFERED_MIN_EVENTS;
}

export function bufferedStreamMessage(endpointId: string): string {
  return `endpoint "${endpointId}": the answer arrived all at once instead of token by token: a proxy or load balancer between here and the gateway buffers streamed responses. Ask its owner to pass text/event-stream through unbuffered (nginx: proxy_buffering off, or the response header X-Accel-Buffering: no)`;
}
