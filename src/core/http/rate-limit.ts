/**
 * What a gateway says about its rate limits, from the response headers of the last answer: OpenAI's
 * `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` (resets as durations such as `6m0s`, `20ms`)
 * and the IETF draft's `RateLimit-Limit`/`RateLimit-Remaining`/`RateLimit-Reset` (delta seconds),
 * `RateLimit-Policy`, and the combined `RateLimit` field (`limit=100, remaining=50, reset=30`, or the
 * later `"name";r=50;t=30`). Pure; absent or unreadable values are left out, never guessed.
 */
import type { HeadersLike } from './types';

export interface RateLimitCounter {
  limit?: number;
  remaining?: number;
  /** Until the window resets, in milliseconds, as the server said it. */
  resetMs?: number;
}

export interface RateLimitInfo {
  /** OpenAI style: requests in the window. */
  requests?: RateLimitCounter;
  /** OpenAI style: tokens in the window. */
  tokens?: RateLimitCounter;
  /** IETF style: the unit is the server's (usually requests). */
  quota?: RateLimitCounter;
  /** `RateLimit-Policy`, as sent (bounded), e.g. `100;w=60`. */
  policy?: string;
}

const count = (v: string | null): number | undefined => {
  if (v === null) return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `6m0s`, `1.5s`, `20ms`, `2h`, or bare seconds (`30`) → milliseconds. */
export function parseDurationMs(v: string | null): number | undefined {
  if (v === null) return undefined;
  const t = v.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) ms += Number(m[1]) * UNIT_MS[m[2]];
  return Math.round(ms);
}

const seconds = (v: string | null | undefined): number | undefined => {
  const n = count(v ?? null);
  return n === undefined ? undefined : Math.round(n * 1000);
};

function counter(c: RateLimitCounter): RateLimitCounter | undefined {
  const out: RateLimitCounter = {};
  if (c.limit !== undefined) out.limit = c.limit;
  if (c.remaining !== undefined) out.remaining = c.remaining;
  if (c.resetMs !== undefined) out.resetMs = c.resetMs;
  return Object.keys(out).length ? out : undefined;
}

/** The combined `RateLimit` field: `limit=100, remaining=50, reset=30` or `"default";r=50;t=30`. */
function combined(v: string | null): RateLimitCounter | undefined {
  if (!v) return undefined;
  const params = new Map<string, string>();
  for (const m of v.matchAll(/(?:^|[;,\s])([a-z]+)=("?)([^;,"\s]*)\2/gi)) params.set(m[1].toLowerCase(), m[3]);
  return counter({
    limit: count(params.get('limit') ?? null),
    remaining: count(params.get('remaining') ?? params.get('r') ?? null),
    resetMs: seconds(params.get('reset') ?? params.get('t')),
  });
}

export function parseRateLimit(h: HeadersLike): RateLimitInfo | undefined {
  const get = (n: string) => h.get(n);
  const openai = (what: 'requests' | 'tokens') => counter({
    limit: count(get(`x-ratelimit-limit-${what}`)),
    remaining: count(get(`x-ratelimit-remaining-${what}`)),
    resetMs: parseDurationMs(get(`x-ratelimit-reset-${what}`)),
  });
  const requests = openai('requests');
  const tokens = openai('tokens');
  const quota = counter({
    limit: count(get('ratelimit-limit')),
    remaining: count(get('ratelimit-remaining')),
    resetMs: seconds(get('ratelimit-reset')),
  }) ?? combined(get('ratelimit'));
  const policy = get('ratelimit-policy')?.trim().slice(0, 120) || undefined;
  if (!requests && !tokens && !quota && !policy) return undefined;
  return { ...(requests ? { requests } : {}), ...(tokens ? { tokens } : {}), ...(quota ? { quota } : {}), ...(policy ? { policy } : {}) };
}
