/**
 * What the bench's stream server sends, chosen by the first path segment of the base URL (dash-separated:
 * `t<tokens>` text chunks, `w<events>` events per socket write, `r<seed>` random write sizes instead,
 * `crlf` CRLF line endings, `lat<ms>` a delay before the response headers, `m<models>` models listed).
 * Shared by the server and the parts that check what the clients got.
 */
import { seededRandom } from '../unit/helpers/bytes';

export interface StreamSpec {
  tokens: number;
  eventsPerWrite: number;
  /** 0: write `eventsPerWrite` whole events at a time; otherwise random write sizes from this seed. */
  randomSeed: number;
  crlf: boolean;
  latencyMs: number;
  models: number;
}

export function specPath(s: Partial<StreamSpec>): string {
  const parts = [`t${s.tokens ?? 0}`, `w${s.eventsPerWrite ?? 1}`];
  if (s.randomSeed) parts.push(`r${s.randomSeed}`);
  if (s.crlf) parts.push('crlf');
  if (s.latencyMs) parts.push(`lat${s.latencyMs}`);
  if (s.models) parts.push(`m${s.models}`);
  return parts.join('-');
}

export function parseSpec(segment: string): StreamSpec {
  const spec: StreamSpec = { tokens: 0, eventsPerWrite: 1, randomSeed: 0, crlf: false, latencyMs: 0, models: 0 };
  for (const part of segment.split('-')) {
    const m = /^(t|w|r|lat|m)(\d+)$/.exec(part);
    if (part === 'crlf') spec.crlf = true;
    else if (m) {
      const n = Number(m[2]);
      if (m[1] === 't') spec.tokens = n;
      else if (m[1] === 'w') spec.eventsPerWrite = Math.max(1, n);
      else if (m[1] === 'r') spec.randomSeed = n;
      else if (m[1] === 'lat') spec.latencyMs = n;
      else spec.models = n;
    }
  }
  return spec;
}

/** The text of token i (what every client must print, in order). */
export function tokenText(i: number): string {
  return ` tok${i}`;
}

/** A small deterministic PRNG (the unit tests' mulberry32). */
export const prng = seededRandom;
