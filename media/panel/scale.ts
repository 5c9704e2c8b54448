/**
 * Bar lengths for scores (rerank, classification). Probabilities (every score within 0..1) are drawn as
 * they are; anything else — logits, which may be negative — is scaled from the lowest to the highest score,
 * so the best fills the bar and the worst shows a sliver. Pure.
 */
export const MIN_BAR = 0.02;

export function barFractions(scores: readonly number[]): number[] {
  if (!scores.length) return [];
  const finite = scores.filter((s) => Number.isFinite(s));
  if (finite.every((s) => s >= 0 && s <= 1)) return scores.map((s) => (Number.isFinite(s) ? Math.max(MIN_BAR, s) : MIN_BAR));
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (max === min) return scores.map(() => 1);
  return scores.map((s) => (Number.isFinite(s) ? MIN_BAR + (1 - MIN_BAR) * ((s - min) / (max - min)) : MIN_BAR));
}

/** A score as people read it: up to 4 significant decimals, the sign kept. */
export function formatScore(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  const abs = Math.abs(s);
  return abs !== 0 && abs < 0.0001 ? s.toExponential(2) : String(Math.round(s * 10_000) / 10_000);
}
