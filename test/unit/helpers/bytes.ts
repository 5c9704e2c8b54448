/** Byte-level helpers for decoder tests: a seeded PRNG, chunking at chosen or random boundaries, collecting async iterables. */

/** mulberry32: a small deterministic PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/** Splits `bytes` at the given offsets (sorted, deduplicated, clamped to (0, length)). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) { out.push(bytes.slice(prev, p)); prev = p; }
  out.push(bytes.slice(prev));
  return out;
}

/** Random chunk sizes between 1 and maxLen. */
export function randomChunks(bytes: Uint8Array, random: () => number, maxLen = 64): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < bytes.length) {
    const n = 1 + Math.floor(random() * maxLen);
    out.push(bytes.slice(i, i + n));
    i += n;
  }
  return out.length ? out : [bytes];
}

export function oneByteChunks(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => Uint8Array.of(b));
}

/** Offsets that fall inside a multi-byte UTF-8 sequence. */
export function midUtf8Offsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 1; i < bytes.length; i++) if ((bytes[i] & 0xc0) === 0x80) out.push(i);
  return out;
}

/** Offsets between a CR and the LF that follows it. */
export function midCrlfOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 1; i < bytes.length; i++) if (bytes[i - 1] === 0x0d && bytes[i] === 0x0a) out.push(i);
  return out;
}

/** Offsets right after every `\n` or `\r` (line boundaries), and right before them. */
export function lineEdgeOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a || bytes[i] === 0x0d) out.push(i, i + 1);
  return out;
}

/**
 * A varied set of chunkings of one body: one chunk, 1-byte chunks, every mid-UTF-8 and mid-CRLF split at
 * once, line edges, and `randomRuns` seeded random chunkings (small and large chunk sizes).
 */
export function chunkings(bytes: Uint8Array, seed: number, randomRuns = 16): { label: string; chunks: Uint8Array[] }[] {
  const random = seededRandom(seed);
  const out: { label: string; chunks: Uint8Array[] }[] = [
    { label: 'one chunk', chunks: [bytes] },
    { label: '1-byte chunks', chunks: oneByteChunks(bytes) },
    { label: 'mid-UTF-8 splits', chunks: splitAt(bytes, midUtf8Offsets(bytes)) },
    { label: 'mid-CRLF splits', chunks: splitAt(bytes, midCrlfOffsets(bytes)) },
    { label: 'line-edge splits', chunks: splitAt(bytes, lineEdgeOffsets(bytes)) },
  ];
  for (let r = 0; r < randomRuns; r++) {
    const maxLen = r % 3 === 0 ? 3 : r % 3 === 1 ? 17 : 200;
    out.push({ label: `random #${r} (seed ${seed}, ≤${maxLen} bytes)`, chunks: randomChunks(bytes, random, maxLen) });
  }
  return out;
}

export async function* fromChunks(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

/** Stable 32-bit hash of a string (FNV-1a), to derive per-file seeds. */
export function hashSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
}
