/**
 * The read loop every streamed answer goes through: each network read is decoded and sequenced
 * synchronously and handed on as one batch (none when the read completes no event, so a batch is never
 * empty). A failure before the body (HTTP, configuration) or during it ends the stream with one error
 * event after what was already produced; cancellation ends it with `done: cancelled`. Leaving the loop
 * early (a terminal event, or the consumer stopping) closes the body.
 */
import type { EventBatch, StreamEvent } from './events';
import type { StreamDecoder } from './decoder';
import { EventSequencer } from './sequence';

/** How one stream went, for whoever watches the endpoint's traffic (reported once, when it ends). */
export interface StreamStats {
  /** Network reads of the body. */
  reads: number;
  /** Text, reasoning and tool-call events. */
  contentEvents: number;
  /** The usage event, when the answer carried one. */
  usage?: { inputTokens?: number; outputTokens?: number };
  outcome: 'done' | 'cancelled' | 'error';
}

function note(stats: StreamStats, batch: EventBatch): void {
  for (const e of batch) {
    switch (e.type) {
      case 'text': case 'reasoning': case 'tool_call': stats.contentEvents++; break;
      case 'usage': stats.usage = { ...(e.inputTokens !== undefined ? { inputTokens: e.inputTokens } : {}), ...(e.outputTokens !== undefined ? { outputTokens: e.outputTokens } : {}) }; break;
      case 'done': stats.outcome = e.finishReason === 'cancelled' ? 'cancelled' : 'done'; break;
      case 'error': stats.outcome = 'error'; break;
    }
  }
}

/** An answer whose headers arrived: its body (read once) and the decoder for it. */
export interface OpenedStream {
  body: AsyncIterable<Uint8Array>;
  decoder: StreamDecoder;
}

export async function* decodeBatches(
  open: () => Promise<OpenedStream>,
  signal: AbortSignal,
  scrub: (s: string) => string = (s) => s,
  onEnd?: (stats: StreamStats) => void,
): AsyncGenerator<EventBatch> {
  const seq = new EventSequencer(scrub);
  let decoder: StreamDecoder | undefined;
  const stats: StreamStats = { reads: 0, contentEvents: 0, outcome: 'cancelled' };
  try {
    const opened = await open();
    decoder = opened.decoder;
    for await (const chunk of opened.body) {
      if (signal.aborted) break;
      stats.reads++;
      const batch = seq.push(decoder.push(chunk));
      if (batch.length) {
        if (onEnd) note(stats, batch);
        yield batch;
      }
      if (seq.ended) return;
    }
    const last = signal.aborted ? seq.end(true) : concat(seq.push(decoder.end()), seq.end(false));
    if (onEnd) note(stats, last);
    if (last.length) yield last;
  } catch (e) {
    const held = decoder ? seq.push(decoder.flush()) : [];
    const last = concat(held, signal.aborted ? seq.end(true) : seq.fail(e));
    if (onEnd) note(stats, last);
    if (last.length) yield last;
  } finally {
    if (onEnd) {
      try { onEnd(stats); } catch { /* a watcher never breaks the stream */ }
    }
  }
}

/** The per-event view of a batch stream. */
export async function* eventsOf(batches: AsyncIterable<EventBatch>): AsyncGenerator<StreamEvent> {
  for await (const batch of batches) yield* batch;
}

function concat(a: StreamEvent[], b: StreamEvent[]): StreamEvent[] {
  if (!b.length) return a;
  if (!a.length) return b;
  for (const e of b) a.push(e);
  return a;
}
