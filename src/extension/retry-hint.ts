/**
 * When a rate-limited request may be tried again, in words (" Try again in 12 s."), for every face that
 * shows a failed request; with `now`, also the clock time (" Try again in 12 s (at 14:02:31)."). '' when
 * the gateway did not say, or when core's message already says how long to wait. Pure.
 */
import type { ErrorEvent } from '../core/stream/events';

export function retryHint(error: Pick<ErrorEvent, 'kind' | 'retryAfterMs' | 'message'>, now?: number): string {
  if (error.kind !== 'rate_limited' || error.retryAfterMs === undefined || /\bwait \d+ ?s\b/.test(error.message)) return '';
  const s = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  const wait = s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
  const at = now === undefined ? '' : ` (at ${new Date(now + error.retryAfterMs).toLocaleTimeString('en-GB', { hour12: false })})`;
  return ` Try again in ${wait}${at}.`;
}
