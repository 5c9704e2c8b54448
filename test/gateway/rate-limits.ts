/**
 * Rate-limit headers as gateways in front of model servers send them, counting down with every answer
 * of the platform: OpenAI-style `x-ratelimit-*` (Rafay's front door) and the IETF draft's
 * `RateLimit-*` fields (OpenShift AI's Kuadrant/Limitador policy). Deterministic: the remaining counts
 * fall by one request (and a fixed number of tokens) per answer; resets are fixed.
 */

export const RATE = { requests: 600, tokens: 200_000, tokensPerAnswer: 250, quota: 100, windowS: 60 } as const;

/** A platform's `headers` (read once per answer): each read counts one answer. */
export function openAiRateHeaders(): () => Record<string, string> {
  let answers = 0;
  return () => {
    answers++;
    return {
      'x-ratelimit-limit-requests': String(RATE.requests),
      'x-ratelimit-remaining-requests': String(Math.max(RATE.requests - answers, 0)),
      'x-ratelimit-reset-requests': '1m0s',
      'x-ratelimit-limit-tokens': String(RATE.tokens),
      'x-ratelimit-remaining-tokens': String(Math.max(RATE.tokens - answers * RATE.tokensPerAnswer, 0)),
      'x-ratelimit-reset-tokens': '6m0s',
    };
  };
}

export function ietfRateHeaders(): () => Record<string, string> {
  let answers = 0;
  return () => {
    answers++;
    return {
      'ratelimit-policy': `${RATE.quota};w=${RATE.windowS}`,
      'ratelimit-limit': String(RATE.quota),
      'ratelimit-remaining': String(Math.max(RATE.quota - answers, 0)),
      'ratelimit-reset': String(RATE.windowS),
    };
  };
}
