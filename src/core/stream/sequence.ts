/**
 * Enforces the fixed event order, synchronously per batch: content events, then at most one `usage` (the
 * last values seen, given just before the terminal), then exactly one terminal `done` or `error`, and
 * nothing after it. Empty text and reasoning are dropped, error messages scrubbed. A throw becomes an
 * `error` event (or `done: cancelled` when the caller cancelled); text already streamed stays.
 */
import type { StreamEvent, UsageEvent, ErrorEvent, TerminalEvent } from './events';
import { MaasError } from '../errors';
import { usageEvent } from './usage';

export function toErrorEvent(e: unknown, scrub: (s: string) => string = (s) => s): ErrorEvent {
  if (e instanceof MaasError) {
    const j = e.toJSON();
    return { ...j, message: scrub(j.message) };
  }
  return { type: 'error', kind: 'protocol', message: scrub(`Unexpected failure while reading the answer: ${(e as Error)?.message ?? String(e)}`) };
}

export class EventSequencer {
  private usage: UsageEvent | undefined;
  private done = false;

  constructor(private readonly scrub: (s: string) => string = (s) => s) {}

  /** True once the terminal event was given; every later call returns nothing. */
  get ended(): boolean { return this.done; }

  /**
   * The events of `events` that may be passed on, in order (possibly none). Takes ownership of the array:
   * it is filtered in place and returned (a decoder hands over a fresh array per read).
   */
  push(events: StreamEvent[]): StreamEvent[] {
    if (this.done) { events.length = 0; return events; }
    let w = 0;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      switch (ev.type) {
        case 'usage':
          this.usage = usageEvent(ev.inputTokens ?? this.usage?.inputTokens, ev.outputTokens ?? this.usage?.outputTokens);
          break;
        case 'done':
        case 'error': {
          const terminal: TerminalEvent = ev.type === 'error' ? { ...ev, message: this.scrub(ev.message) } : ev;
          events.length = w;
          this.terminate(events, terminal);
          return events;
        }
        case 'text':
        case 'reasoning':
          if (ev.text) events[w++] = ev;
          break;
        default:
          events[w++] = ev;
      }
    }
    events.length = w;
    return events;
  }

  /** The stream failed with `e`: the kept usage, then the error event. */
  fail(e: unknown): StreamEvent[] {
    const out: StreamEvent[] = [];
    if (!this.done) this.terminate(out, toErrorEvent(e, this.scrub));
    return out;
  }

  /** The stream stopped without a terminal event: `done` with `cancelled` or `unknown`. */
  end(cancelled: boolean): StreamEvent[] {
    const out: StreamEvent[] = [];
    if (!this.done) this.terminate(out, { type: 'done', finishReason: cancelled ? 'cancelled' : 'unknown' });
    return out;
  }

  private terminate(out: StreamEvent[], terminal: TerminalEvent): void {
    if (this.usage) out.push(this.usage);
    this.usage = undefined;
    out.push(terminal);
    this.done = true;
  }
}

/** Per-event sequencing of an async source (tests and per-event helpers; the client sequences per batch). */
export async function* sequenceEvents(
  source: AsyncIterable<StreamEvent>,
  signal: AbortSignal,
  scrub: (s: string) => string = (s) => s,
): AsyncGenerator<StreamEvent> {
  const seq = new EventSequencer(scrub);
  try {
    for await (const ev of source) {
      if (signal.aborted) break;
      yield* seq.push([ev]);
      if (seq.ended) return;
    }
  } catch (e) {
    yield* signal.aborted ? seq.end(true) : seq.fail(e);
    return;
  }
  yield* seq.end(signal.aborted);
}
