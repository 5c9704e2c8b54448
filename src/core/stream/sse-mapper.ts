/**
 * The per-format half of an SSE stream decoder (OpenAI chunks, Anthropic messages): SSE messages in,
 * normalised events out, synchronously. `SseDecoder` joins one to the framer.
 */
import type { StreamEvent } from './events';
import type { SseMessage } from './sse';

export interface SseEventMapper {
  /** Appends the events of one message to `out`; true when the stream's own end marker was reached (the terminal is in `out`). Throws MaasError for an in-stream error. */
  message(m: SseMessage, out: StreamEvent[]): boolean;
  /** The body ended without an end marker: held-back text, then `done`. */
  end(out: StreamEvent[]): void;
  /** Held-back text, before an error. */
  flush(out: StreamEvent[]): void;
  /** A whole JSON document instead of SSE (a server that ignored `stream`, or an error body labelled SSE). Throws like `message`. */
  document(parsed: unknown, out: StreamEvent[]): void;
}

/** Per-event view over messages (tests, held-text checks): a throw comes after the held-back text. */
export async function* mapperEvents(mapper: SseEventMapper, messages: AsyncIterable<SseMessage>): AsyncGenerator<StreamEvent> {
  const out: StreamEvent[] = [];
  try {
    for await (const m of messages) {
      const finished = mapper.message(m, out);
      yield* out.splice(0);
      if (finished) return;
    }
  } catch (e) {
    mapper.flush(out);
    yield* out.splice(0);
    throw e;
  }
  mapper.end(out);
  yield* out.splice(0);
}
