/** Reading a body whole, never more than a cap (limits.ts). */

/** The body went past its cap; `seen` is how many bytes had arrived when reading stopped. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number, readonly seen: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/** The declared size when the body is sent as it is (no content coding), else undefined. */
export function declaredLength(headers: { get(name: string): string | null }): number | undefined {
  const coding = headers.get('content-encoding');
  if (coding && coding.trim().toLowerCase() !== 'identity') return undefined;
  const v = headers.get('content-length');
  if (v === null || !/^\s*\d+\s*$/.test(v)) return undefined;
  return Number(v);
}

/** All chunks joined; throws BodyTooLarge as soon as they pass `limit` bytes (the caller cancels the body). */
export async function readAtMost(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of chunks) {
    total += c.byteLength;
    if (total > limit) throw new BodyTooLarge(limit, total);
    parts.push(c);
  }
  return Buffer.concat(parts, total);
}

/**
 * The first `limit` bytes; reading stops there (the iterator is closed, which cancels the body). An
 * error while reading ends it too: what arrived so far is kept.
 */
export async function readPrefix(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const c of chunks) {
      const room = limit - total;
      const part = c.byteLength > room ? c.subarray(0, room) : c;
      parts.push(part);
      total += part.byteLength;
      if (total >= limit) break;
    }
  } catch {
    // A deadline, a timeout or a broken connection: keep what arrived.
  }
  return Buffer.concat(parts, total);
}
