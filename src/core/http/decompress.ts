/**
 * Content codings, undone the way fetch undoes them: `accept-encoding` is what fetch sends (br only over
 * https), and a response's `content-encoding` list (gzip, x-gzip, deflate — zlib-wrapped or raw — and br)
 * is decoded last coding first. An unknown coding leaves the body as it came, as fetch does.
 */
import * as zlib from 'node:zlib';
import { Transform, type TransformCallback } from 'node:stream';

/** What fetch sends as `accept-encoding`. */
export function acceptEncodingFor(url: string): string {
  return url.startsWith('https:') ? 'br, gzip, deflate' : 'gzip, deflate';
}

/** More codings than this on one response are refused (resource exhaustion; fetch has the same limit). */
export const MAX_CONTENT_CODINGS = 5;

/** A decoder failed: the body is not what its content-encoding says. */
export class DecodeError extends Error {
  constructor(readonly coding: string, cause: unknown) {
    super(`the ${coding} body could not be decoded: ${(cause as { code?: string }).code ?? (cause as Error).message}`, { cause });
    this.name = 'DecodeError';
  }
}

/** `deflate` is zlib-wrapped per the RFC, but some servers send raw deflate: choose by the first byte. */
class InflateEither extends Transform {
  private inner?: zlib.Inflate | zlib.InflateRaw;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.inner) {
      if (chunk.length === 0) { done(); return; }
      const opts = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
      this.inner = (chunk[0] & 0x0f) === 0x08 ? zlib.createInflate(opts) : zlib.createInflateRaw(opts);
      this.inner.on('data', (d: Buffer) => this.push(d));
      this.inner.on('error', (e) => this.destroy(e));
    }
    this.inner.write(chunk, done);
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) { done(); return; }
    this.inner.once('end', () => done());
    this.inner.end();
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy();
    done(err);
  }
}

function decoderFor(coding: string): NodeJS.ReadWriteStream | undefined {
  // Lenient like curl and fetch: servers sometimes end a stream slightly early.
  const gz = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'gzip': case 'x-gzip': return zlib.createGunzip(gz);
    case 'deflate': return new InflateEither();
    case 'br': return zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default: return undefined;
  }
}

/**
 * The codings to undo for a `content-encoding` value, outermost first; empty when there is nothing to
 * do or a coding is unknown (then the body is passed on as it came).
 */
export function codingsToUndo(contentEncoding: string | null): string[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c && c !== 'identity');
  if (codings.length > MAX_CONTENT_CODINGS) throw new DecodeError(contentEncoding, new Error(`more than ${MAX_CONTENT_CODINGS} content codings`));
  const known = new Set(['gzip', 'x-gzip', 'deflate', 'br']);
  return codings.every((c) => known.has(c)) ? codings.reverse() : [];
}

/** One decoder stream per coding, in the order the bytes pass through them. */
export function decodersFor(codings: string[]): NodeJS.ReadWriteStream[] {
  return codings.map((c) => decoderFor(c)!);
}
