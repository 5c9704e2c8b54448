/**
 * The participant's hot path: core's event batches into the chat response. Each batch's text goes out
 * as one markdown call (not one per token); reasoning never joins the answer — it is kept (up to a cap)
 * for a "Show reasoning" button, placed where the answer begins, and a progress line says the model is
 * thinking meanwhile. Only the open code fence and counters are kept of the answer itself, so a long
 * answer costs no memory here. Pure: the sink is the chat stream in the extension, a fake in tests.
 */
import type { ErrorEvent, EventBatch, FinishReason, UsageEvent } from '../../core/stream/events';
import { FenceTracker } from './markdown-fence';

/** Most reasoning characters kept for "Show reasoning"; the rest is dropped and the cut is said. */
export const REASONING_CHAR_LIMIT = 200_000;

export interface AnswerSink {
  /** Answer text as it came: the gateway's markdown. */
  markdown(text: string): void;
  /** Shown while the model reasons, before the answer. */
  progress(message: string): void;
  /** The reasoning so far is complete: offer it (e.g. a button). `cut` when REASONING_CHAR_LIMIT cut it. */
  reasoning(text: string, cut: boolean): void;
}

export interface AnswerOutcome {
  finishReason?: FinishReason;
  error?: ErrorEvent;
  usage?: Omit<UsageEvent, 'type'>;
  /** ms from the start to the first text or reasoning. */
  firstTokenMs?: number;
  /** ms from the first token to the end of the stream. */
  streamMs?: number;
  /** Characters of answer text streamed. */
  textChars: number;
  /** Markdown that closes a code fence the answer left open ('' when none). */
  fenceClosing: string;
}

export async function streamAnswer(batches: AsyncIterable<EventBatch>, sink: AnswerSink, now: () => number, cancelled: () => boolean): Promise<AnswerOutcome> {
  const started = now();
  const fence = new FenceTracker();
  const out: AnswerOutcome = { textChars: 0, fenceClosing: '' };
  let firstAt: number | undefined;
  let reasoning = '';
  let reasoningCut = false;
  let reasoningShown = 0; // characters of reasoning already offered
  const offerReasoning = (): void => {
    if (reasoning.length > reasoningShown) {
      sink.reasoning(reasoning, reasoningCut);
      reasoningShown = reasoning.length;
    }
  };
  for await (const batch of batches) {
    let text = '';
    for (const e of batch) {
      switch (e.type) {
        case 'text':
          if (!e.text) break;
          firstAt ??= now();
          if (reasoning.length > reasoningShown) { if (text) { sink.markdown(text); text = ''; } offerReasoning(); }
          text += e.text;
          break;
        case 'reasoning':
          if (!e.text) break;
          firstAt ??= now();
          if (!reasoning) { if (text) { sink.markdown(text); text = ''; } sink.progress('Thinking…'); }
          if (reasoning.length < REASONING_CHAR_LIMIT) {
            const room = REASONING_CHAR_LIMIT - reasoning.length;
            if (e.text.length > room) reasoningCut = true;
            reasoning += e.text.slice(0, room);
          } else reasoningCut = true;
          break;
        case 'usage':
          out.usage = { ...(e.inputTokens !== undefined ? { inputTokens: e.inputTokens } : {}), ...(e.outputTokens !== undefined ? { outputTokens: e.outputTokens } : {}) };
          break;
        case 'done': out.finishReason = e.finishReason; break;
        case 'error': out.error = e; break;
        case 'tool_call': break; // @maas sends no tools
      }
    }
    if (text) {
      sink.markdown(text);
      fence.push(text);
      out.textChars += text.length;
    }
    if (cancelled()) break;
  }
  offerReasoning();
  const end = now();
  if (firstAt !== undefined) { out.firstTokenMs = firstAt - started; out.streamMs = end - firstAt; }
  out.fenceClosing = fence.closing();
  return out;
}
