/**
 * A request body sent as a stream of a known length (uploads): nothing of it is held whole. `open()` is
 * called once per send (a retry or a redirect reads it afresh), so the bytes are produced only as the
 * transport pulls them.
 */

export interface StreamBody {
  readonly kind: 'stream';
  /** The content-type header it is sent with (multipart bodies carry their boundary here). */
  readonly contentType: string;
  /** Exact byte length, sent as content-length. */
  readonly length: number;
  /** A fresh pass over the bytes. */
  open(): AsyncIterable<Uint8Array>;
}

export function isStreamBody(b: unknown): b is StreamBody {
  return typeof b === 'object' && b !== null && (b as { kind?: unknown }).kind === 'stream';
}

/** Bytes sent so far and the total, reported as the transport pulls them. */
export type UploadProgress = (sent: number, total: number) => void;

/** The same body, reporting each chunk as it is handed to the transport. */
export function withProgress(body: StreamBody, progress: UploadProgress): StreamBody {
  return {
    kind: 'stream', contentType: body.contentType, length: body.length,
    async *open() {
      let sent = 0;
      progress(0, body.length);
      for await (const chunk of body.open()) {
        yield chunk;
        sent += chunk.byteLength;
        progress(sent, body.length);
      }
    },
  };
}

/** The body as a web ReadableStream that pulls one chunk per read (for fetch, with `duplex: 'half'`). */
export function readableOf(body: StreamBody): ReadableStream<Uint8Array> {
  let it: AsyncIterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      it ??= body.open()[Symbol.asyncIterator]();
      const r = await it.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    async cancel() { await it?.return?.(); },
  }, { highWaterMark: 0 });
}
