/**
 * Core's stream (batches of normalised events) → what a language-model provider reports, in plain data
 * (lm-provider.ts makes the host's parts of them). Pure; one instance per answer.
 *
 * - a batch's consecutive text (or reasoning) events become one part, reported as the batch arrives;
 * - tool calls are gathered across the stream and reported whole when it ends;
 * - usage is reported last, as `{prompt_tokens, completion_tokens, total_tokens}`;
 * - an `error` event throws an Error with core's message, after reporting what came before it;
 * - a cancelled stream reports nothing more and ends quietly.
 */
import type { EventBatch, FinishReason } from '../../core/stream/events';
import { ToolCallAccumulator, type AssembledToolCall } from './tool-call-accumulator';

export interface UsageReport { prompt_tokens: number; completion_tokens: number; total_tokens: number }

export type OutputPart =
  | { kind: 'text'; text: string }
  | { kind: 'thinking'; text: string }
  | ({ kind: 'toolCall' } & AssembledToolCall)
  | { kind: 'usage'; usage: UsageReport };

export class LmResponse {
  private readonly tools = new ToolCallAccumulator();
  private usage: UsageReport | undefined;
  private finish: FinishReason | undefined;
  private textChars = 0;

  constructor(private readonly emit: (part: OutputPart) => void) {}

  /** How the stream ended (undefined until it has). */
  get finishReason(): FinishReason | undefined { return this.finish; }

  /** Characters of answer text reported so far. */
  get textLength(): number { return this.textChars; }

  push(batch: EventBatch): void {
    let pending: 'text' | 'thinking' | undefined;
    let buffer = '';
    const flush = (): void => {
      if (pending && buffer) {
        if (pending === 'text') this.textChars += buffer.length;
        this.emit({ kind: pending, text: buffer });
      }
      pending = undefined;
      buffer = '';
    };
    for (const e of batch) {
      switch (e.type) {
        case 'text':
        case 'reasoning': {
          const kind = e.type === 'text' ? 'text' : 'thinking';
          if (pending !== kind) { flush(); pending = kind; }
          buffer += e.text;
          break;
        }
        case 'tool_call': flush(); this.tools.add(e); break;
        case 'usage': {
          const prompt = e.inputTokens ?? 0;
          const completion = e.outputTokens ?? 0;
          this.usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
          break;
        }
        case 'error': flush(); throw new Error(e.message);
        case 'done': {
          flush();
          this.finish = e.finishReason;
          if (e.finishReason === 'cancelled') return;
          for (const call of this.tools.finish()) this.emit({ kind: 'toolCall', ...call });
          if (this.usage) this.emit({ kind: 'usage', usage: this.usage });
          return;
        }
      }
    }
    flush();
  }
}
