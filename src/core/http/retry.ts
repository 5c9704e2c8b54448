/** Retry policy (docs/architecture.md): at most 3 attempts, Retry-After honoured, backoff with jitter. */
export const MAX_ATTEMPTS = 3;
/** A server-requested wait longer than this is not waited for: the caller gets `rate_limited` with retryAfterMs. */
export const MAX_WAIT_MS = 30_000;
export const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(headers: { get(name: string): string | null }, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Math.round(Number(ms));
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  const v = ra.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return undefined; // neither seconds nor an HTTP date (e.g. "-5")
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** 1 s · 2ⁿ ± 20 % for retry n = 0, 1, … */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = 1000 * 2 ** retry;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Resolves after `ms`, or rejects at once with the signal's reason when cancelled. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) { reject(signal.reason); return; }
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
