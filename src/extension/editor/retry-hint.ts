/**
 * When a rate-limited request may be tried again, in words (" Try again in 12 s."); '' when the gateway
 * did not say, or when core's message already says how long to wait. Pure.
 */
import type { ErrorEvent } from '../../core/stream/events';

export function retryHint(error: Pick<ErrorEvent, 'kind' | 'retryAfterMs' | 'message'>): string {
  if (error.kind !== 'rate_limited' || error.retryAfterMs === undefined || /\bwait \d+ ?s\b/.test(error.message)) return '';
  const s = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  return s < 120 ? ` Try again in ${s} s.` : ` Try again in ${Math.ceil(s / 60)} min.`;
}
