/**
 * The synchronous decoder contract: bytes of one network read in, the events they complete out. One
 * decoder per request; all framing, `JSON.parse` and mapping happen inside `push`, so a read costs no
 * async hop per event.
 */
import type { StreamEvent } from './events';

export interface StreamDecoder {
  /**
   * Decodes one read. Throws MaasError for an in-stream error or an exceeded cap; events produced
   * before the throw are not lost: `flush()` returns them.
   */
  push(bytes: Uint8Array): StreamEvent[];
  /** The body ended: whatever is held back, then the terminal `done` (unless one was already given). May throw like `push`. */
  end(): StreamEvent[];
  /** After a throw (or before an error from elsewhere): events produced but not returned, and held-back text. Never throws. */
  flush(): StreamEvent[];
}

/** Runs a decoder over a whole async body, one event at a time (tests and per-event helpers; the client runs its own loop). */
export async function* decodeBody(decoder: StreamDecoder, bytes: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  let terminal = false;
  try {
    for await (const chunk of bytes) {
      for (const e of decoder.push(chunk)) { yield e; if (e.type === 'done' || e.type === 'error') terminal = true; }
      if (terminal) return;
    }
    yield* decoder.end();
  } catch (e) {
    yield* decoder.flush();
    throw e;
  }
}
