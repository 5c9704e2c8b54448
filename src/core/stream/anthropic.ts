/**
 * Anthropic Messages stream events (as GPUStack and llama.cpp re-expose them) → normalised events.
 * The JSON `type` wins over the `event:` line (GPUStack re-frames them apart), except that an event named
 * `error` or JSON of type `error` is always an error.
 */
import type { StreamEvent } from './events';
import type { SseMessage } from './sse';
import { ThinkSplitter } from './think';
import { mapFinishReason } from './finish';
import { MaasError, errorFromStreamPayload } from '../errors';
import { isObj, num } from '../json';
import { usageEvent } from './usage';
import type { FinishReason } from './events';


export async function* anthropicStreamEvents(messages: AsyncIterable<SseMessage>, reasoningModel = false): AsyncGenerator<StreamEvent> {
  const think = new ThinkSplitter(reasoningModel);
  let sawThinkingBlock = false;
  let finish: FinishReason | undefined;
  /** content block index → tool call index */
  const toolIndex = new Map<number, number>();
  try {
    for await (const m of messages) {
      const data = m.data.trim();
      if (!data || data === '[DONE]') continue;
      let ev: unknown;
      try { ev = JSON.parse(data); } catch {
        if (m.event === 'error') throw new MaasError({ kind: 'server', message: `The model server reported an error mid-stream: ${data.slice(0, 300)}` });
        throw new MaasError({ kind: 'protocol', message: `The stream carried something that is not JSON: ${data.slice(0, 200)}` });
      }
      if (!isObj(ev)) continue;
      if (m.event === 'error' || ev.type === 'error' || ('error' in ev && ev.error)) {
        throw errorFromStreamPayload('error' in ev ? ev : { error: ev });
      }
      switch (ev.type) {
        case 'message_start': {
          const usage = isObj(ev.message) && isObj(ev.message.usage) ? ev.message.usage : undefined;
          const input = num(usage?.input_tokens);
          const output = num(usage?.output_tokens);
          const started = input !== undefined ? usageEvent(input, output || undefined) : undefined;
          if (started) yield started;
          break;
        }
        case 'content_block_start': {
          const block = isObj(ev.content_block) ? ev.content_block : {};
          const idx = num(ev.index) ?? 0;
          if (block.type === 'tool_use') {
            const ti = toolIndex.size;
            toolIndex.set(idx, ti);
            yield { type: 'tool_call', index: ti, ...(typeof block.id === 'string' ? { id: block.id } : {}), ...(typeof block.name === 'string' ? { name: block.name } : {}), argumentsDelta: '' };
          } else if (block.type === 'thinking') {
            if (!sawThinkingBlock) { sawThinkingBlock = true; yield* think.disable(); }
            if (typeof block.thinking === 'string' && block.thinking) yield { type: 'reasoning', text: block.thinking };
          } else if (block.type === 'text' && typeof block.text === 'string' && block.text) {
            yield* sawThinkingBlock ? [{ type: 'text' as const, text: block.text }] : think.push(block.text);
          }
          break;
        }
        case 'content_block_delta': {
          const d = isObj(ev.delta) ? ev.delta : {};
          const idx = num(ev.index) ?? 0;
          if (d.type === 'text_delta' && typeof d.text === 'string') yield* sawThinkingBlock ? [{ type: 'text' as const, text: d.text }] : think.push(d.text);
          else if (d.type === 'thinking_delta' && typeof d.thinking === 'string') {
            if (!sawThinkingBlock) { sawThinkingBlock = true; yield* think.disable(); }
            yield { type: 'reasoning', text: d.thinking };
          } else if (d.type === 'input_json_delta' && typeof d.partial_json === 'string') {
            yield { type: 'tool_call', index: toolIndex.get(idx) ?? 0, argumentsDelta: d.partial_json };
          }
          break;
        }
        case 'message_delta': {
          const d = isObj(ev.delta) ? ev.delta : {};
          if (d.stop_reason !== undefined && d.stop_reason !== null) {
            const f = mapFinishReason(d.stop_reason);
            finish = f === 'error' ? 'unknown' : f;
          }
          const output = num(isObj(ev.usage) ? ev.usage.output_tokens : undefined);
          const input = num(isObj(ev.usage) ? ev.usage.input_tokens : undefined);
          const usage = usageEvent(input, output);
          if (usage) yield usage;
          break;
        }
        case 'message_stop':
          yield* think.end();
          yield { type: 'done', finishReason: finish ?? 'unknown' };
          return;
        default:
          break; // ping, content_block_stop, unknown future types
      }
    }
  } catch (e) {
    yield* think.end(); // held-back text is kept before the error
    throw e;
  }
  yield* think.end();
  yield { type: 'done', finishReason: finish ?? 'unknown' };
}
