/**
 * Anthropic Messages stream events (as GPUStack and llama.cpp re-expose them) → normalised events,
 * synchronously per SSE message. The JSON `type` wins over the `event:` line (GPUStack re-frames them
 * apart), except that an event named `error` or JSON of type `error` is always an error.
 */
import type { StreamEvent, ContentEvent, FinishReason } from './events';
import type { SseMessage } from './sse';
import { ThinkSplitter } from './think';
import { mapFinishReason } from './finish';
import { MaasError, errorFromStreamPayload } from '../errors';
import { isObj, num } from '../json';
import { usageEvent } from './usage';
import { mapperEvents, type SseEventMapper } from './sse-mapper';

function append(out: StreamEvent[], events: readonly ContentEvent[]): void {
  for (let i = 0; i < events.length; i++) out.push(events[i]);
}

/** Per-stream state; one instance per request. */
export class AnthropicSseMapper implements SseEventMapper {
  private readonly think: ThinkSplitter;
  private sawThinkingBlock = false;
  private finish: FinishReason | undefined;
  /** content block index → tool call index */
  private readonly toolIndex = new Map<number, number>();

  constructor(reasoningModel = false) {
    this.think = new ThinkSplitter(reasoningModel);
  }

  message(m: SseMessage, out: StreamEvent[]): boolean {
    const data = m.data.trim();
    if (!data || data === '[DONE]') return false;
    let ev: unknown;
    try { ev = JSON.parse(data); } catch {
      if (m.event === 'error') throw new MaasError({ kind: 'server', message: `The model server reported an error mid-stream: ${data.slice(0, 300)}` });
      throw new MaasError({ kind: 'protocol', message: `The stream carried something that is not JSON: ${data.slice(0, 200)}` });
    }
    if (!isObj(ev)) return false;
    if (m.event === 'error' || ev.type === 'error' || ('error' in ev && ev.error)) {
      throw errorFromStreamPayload('error' in ev ? ev : { error: ev });
    }
    switch (ev.type) {
      case 'message_start': {
        const usage = isObj(ev.message) && isObj(ev.message.usage) ? ev.message.usage : undefined;
        const input = num(usage?.input_tokens);
        const output = num(usage?.output_tokens);
        const started = input !== undefined ? usageEvent(input, output || undefined) : undefined;
        if (started) out.push(started);
        break;
      }
      case 'content_block_start': {
        const block = isObj(ev.content_block) ? ev.content_block : {};
        const idx = num(ev.index) ?? 0;
        if (block.type === 'tool_use') {
          const ti = this.toolIndex.size;
          this.toolIndex.set(idx, ti);
          out.push({ type: 'tool_call', index: ti, ...(typeof block.id === 'string' ? { id: block.id } : {}), ...(typeof block.name === 'string' ? { name: block.name } : {}), argumentsDelta: '' });
        } else if (block.type === 'thinking') {
          this.thinkingBlock(out);
          if (typeof block.thinking === 'string' && block.thinking) out.push({ type: 'reasoning', text: block.thinking });
        } else if (block.type === 'text' && typeof block.text === 'string' && block.text) {
          this.text(block.text, out);
        }
        break;
      }
      case 'content_block_delta': {
        const d = isObj(ev.delta) ? ev.delta : {};
        const idx = num(ev.index) ?? 0;
        if (d.type === 'text_delta' && typeof d.text === 'string') this.text(d.text, out);
        else if (d.type === 'thinking_delta' && typeof d.thinking === 'string') {
          this.thinkingBlock(out);
          out.push({ type: 'reasoning', text: d.thinking });
        } else if (d.type === 'input_json_delta' && typeof d.partial_json === 'string') {
          out.push({ type: 'tool_call', index: this.toolIndex.get(idx) ?? 0, argumentsDelta: d.partial_json });
        }
        break;
      }
      case 'message_delta': {
        const d = isObj(ev.delta) ? ev.delta : {};
        if (d.stop_reason !== undefined && d.stop_reason !== null) {
          const f = mapFinishReason(d.stop_reason);
          this.finish = f === 'error' ? 'unknown' : f;
        }
        const output = num(isObj(ev.usage) ? ev.usage.output_tokens : undefined);
        const input = num(isObj(ev.usage) ? ev.usage.input_tokens : undefined);
        const usage = usageEvent(input, output);
        if (usage) out.push(usage);
        break;
      }
      case 'message_stop':
        this.end(out);
        return true;
      default:
        break; // ping, content_block_stop, unknown future types
    }
    return false;
  }

  end(out: StreamEvent[]): void {
    append(out, this.think.end());
    out.push({ type: 'done', finishReason: this.finish ?? 'unknown' });
  }

  flush(out: StreamEvent[]): void {
    append(out, this.think.end());
  }

  /** A non-streamed Anthropic message (or error document) → events. */
  document(parsed: unknown, out: StreamEvent[]): void {
    const p = parsed as { type?: string; content?: { type: string; text?: string; thinking?: string; id?: unknown; name?: unknown; input?: unknown }[]; stop_reason?: string; usage?: { input_tokens?: number; output_tokens?: number }; error?: unknown };
    if (p.type === 'error' || p.error) throw errorFromStreamPayload(p.error ? p : { error: p });
    let tools = 0;
    for (const b of p.content ?? []) {
      if (b.type === 'thinking' && b.thinking) out.push({ type: 'reasoning', text: b.thinking });
      if (b.type === 'text' && b.text) out.push({ type: 'text', text: b.text });
      if (b.type === 'tool_use') {
        out.push({ type: 'tool_call', index: tools++, ...(typeof b.id === 'string' ? { id: b.id } : {}), ...(typeof b.name === 'string' ? { name: b.name } : {}), argumentsDelta: JSON.stringify(b.input ?? {}) });
      }
    }
    const usage = usageEvent(p.usage?.input_tokens, p.usage?.output_tokens);
    if (usage) out.push(usage);
    const f = mapFinishReason(p.stop_reason);
    out.push({ type: 'done', finishReason: f === 'error' ? 'unknown' : f });
  }

  private thinkingBlock(out: StreamEvent[]): void {
    if (this.sawThinkingBlock) return;
    this.sawThinkingBlock = true;
    append(out, this.think.disable());
  }

  private text(t: string, out: StreamEvent[]): void {
    if (this.sawThinkingBlock) out.push({ type: 'text', text: t });
    else append(out, this.think.push(t));
  }
}

/** Anthropic SSE messages → events (ending with the terminal one). A per-event view for tests. */
export function anthropicStreamEvents(messages: AsyncIterable<SseMessage>, reasoningModel = false): AsyncGenerator<StreamEvent> {
  return mapperEvents(new AnthropicSseMapper(reasoningModel), messages);
}
