/**
 * Enforces the fixed event order on whatever an adapter yields: content events, then at most one `usage`
 * (the last values seen), then exactly one terminal `done` or `error`, and nothing after it. A throw
 * becomes an `error` event (or `done: cancelled` when the caller cancelled); text already streamed stays.
 */
import type { StreamEvent, UsageEvent, ErrorEvent } from './events';
import { MaasError } from '../errors';
import { usageEvent } from './usage';

export function toErrorEvent(e: unknown, scrub: (s: string) => string = (s) => s): ErrorEvent {
  if (e instanceof MaasError) {
    const j = e.toJSON();
    return { ...j, message: scrub(j.message) };
  }
  return { type: 'error', kind: 'protocol', message: scrub(`Unexpected failure while reading the answer: ${(e as Error)?.message ?? String(e)}`) };
}

export async function* sequenceEvents(
  source: AsyncIterable<StreamEvent>,
  signal: AbortSignal,
  scrub: (s: string) => string = (s) => s,
): AsyncGenerator<StreamEvent> {
  let usage: UsageEvent | undefined;
  const flushUsage = function* (): Generator<StreamEvent> { if (usage) { yield usage; usage = undefined; } };
  try {
    for await (const ev of source) {
      if (signal.aborted) break;
      switch (ev.type) {
        case 'usage':
          usage = usageEvent(ev.inputTokens ?? usage?.inputTokens, ev.outputTokens ?? usage?.outputTokens);
          break;
        case 'done':
        case 'error':
          yield* flushUsage();
          yield ev.type === 'error' ? { ...ev, message: scrub(ev.message) } : ev;
          return;
        default:
          if ((ev.type === 'text' || ev.type === 'reasoning') && !ev.text) break;
          yield ev;
      }
    }
  } catch (e) {
    yield* flushUsage();
    if (signal.aborted) { yield { type: 'done', finishReason: 'cancelled' }; return; }
    yield toErrorEvent(e, scrub);
    return;
  }
  yield* flushUsage();
  yield { type: 'done', finishReason: signal.aborted ? 'cancelled' : 'unknown' };
}
