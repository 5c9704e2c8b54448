/**
 * OpenAI-style chunks (chat and completions, from vLLM, TGI, llama.cpp, Ollama, GPUStack, …) and TGI's
 * native `/generate_stream` tokens → normalised events. The variants are listed in docs/endpoints.md.
 */
import type { StreamEvent, ContentEvent, FinishReason } from './events';
import type { SseMessage } from './sse';
import { mapperEvents, type SseEventMapper } from './sse-mapper';
import { ThinkSplitter } from './think';
import { mapFinishReason } from './finish';
import { MaasError, errorFromStreamPayload } from '../errors';
import { isObj, num, type JsonObject } from '../json';
import { usageEvent } from './usage';

type Obj = JsonObject;

/** Per-stream state; one instance per request (never shared). */
export class OpenAIChunkMapper {
  private readonly think: ThinkSplitter;
  private reasoningField = false;
  private finish: FinishReason | undefined;
  private readonly tools = new Map<number, { id?: string; name?: string }>();

  constructor(reasoningModel = false) {
    this.think = new ThinkSplitter(reasoningModel);
  }

  get finishReason(): FinishReason | undefined { return this.finish; }

  /** Maps one parsed chunk. Throws MaasError for an in-stream error. */
  map(chunk: unknown): StreamEvent[] {
    const out: StreamEvent[] = [];
    this.mapInto(chunk, out);
    return out;
  }

  /** `map`, appending to `out`; on a throw, what this chunk produced before the error stays in `out`. */
  mapInto(chunk: unknown, out: StreamEvent[]): void {
    if (!isObj(chunk)) throw new MaasError({ kind: 'protocol', message: `Unexpected stream chunk: ${JSON.stringify(chunk).slice(0, 200)}` });
    if ('error' in chunk && chunk.error !== null && chunk.error !== undefined) throw errorFromStreamPayload(chunk);
    if (chunk.object === 'error') throw errorFromStreamPayload({ error: chunk });
    if (isObj(chunk.token)) { for (const e of this.mapTgiToken(chunk)) out.push(e); return; }
    const choices: unknown[] = Array.isArray(chunk.choices) ? chunk.choices : [];
    let choice: unknown = choices[0];
    for (let i = 0; i < choices.length; i++) {
      const c = choices[i];
      if (isObj(c) && (c.index === undefined || c.index === 0)) { choice = c; break; }
    }
    if (isObj(choice)) {
      const delta = isObj(choice.delta) ? choice.delta : isObj(choice.message) ? choice.message : undefined;
      if (delta) {
        const reasoning = typeof delta.reasoning === 'string' ? delta.reasoning : typeof delta.reasoning_content === 'string' ? delta.reasoning_content : undefined;
        if (reasoning !== undefined) {
          if (!this.reasoningField) { this.reasoningField = true; for (const e of this.think.disable()) out.push(e); }
          if (reasoning) out.push({ type: 'reasoning', text: reasoning });
        }
        if (typeof delta.content === 'string' && delta.content) this.textInto(delta.content, out);
        if (Array.isArray(delta.tool_calls)) delta.tool_calls.forEach((tc, i) => { for (const e of this.toolCall(tc, i)) out.push(e); });
      } else if (typeof choice.text === 'string' && choice.text) {
        this.textInto(choice.text, out);
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) this.setFinish(choice.finish_reason, chunk);
    }
    if (isObj(chunk.usage)) {
      const u = chunk.usage;
      const input = num(u.prompt_tokens) ?? num(u.input_tokens);
      const output = num(u.completion_tokens) ?? num(u.output_tokens);
      const usage = usageEvent(input, output);
      if (usage) out.push(usage);
    }
  }

  /** End of stream: flush held-back text and give the terminal event. */
  end(): StreamEvent[] {
    return [...this.think.end(), { type: 'done', finishReason: this.finish ?? 'unknown' }];
  }

  /** Text the think splitter still holds (a partial tag, or a flagged model's answer before `</think>`): emitted before an error so nothing received is lost. */
  flush(): StreamEvent[] {
    return this.think.end();
  }

  private textInto(t: string, out: StreamEvent[]): void {
    if (this.reasoningField) out.push({ type: 'text', text: t });
    else this.think.pushInto(t, out);
  }

  private text(t: string): ContentEvent[] {
    return this.reasoningField ? [{ type: 'text', text: t }] : this.think.push(t);
  }

  private setFinish(raw: unknown, chunk: Obj): void {
    const f = mapFinishReason(raw);
    if (f === 'error') throw new MaasError({ kind: 'server', message: `The model server stopped the answer (finish_reason "${String(raw)}")${typeof chunk.stop_reason === 'string' ? `: ${chunk.stop_reason}` : ''}` });
    this.finish = f;
  }

  /** `position` in the list stands in for a missing `index` (a non-streamed message's calls have none). */
  private toolCall(tc: unknown, position: number): StreamEvent[] {
    if (!isObj(tc)) return [];
    const index = num(tc.index) ?? position;
    const fn = isObj(tc.function) ? tc.function : {};
    const known = this.tools.get(index) ?? {};
    const id = typeof tc.id === 'string' && tc.id && tc.id !== known.id ? tc.id : undefined;
    const name = typeof fn.name === 'string' && fn.name && fn.name !== known.name ? fn.name : undefined;
    const args = typeof fn.arguments === 'string' ? fn.arguments : '';
    this.tools.set(index, { id: id ?? known.id, name: name ?? known.name });
    if (!id && !name && !args) return [];
    return [{ type: 'tool_call', index, ...(id ? { id } : {}), ...(name ? { name } : {}), argumentsDelta: args }];
  }

  /** TGI `/generate_stream` (and Intel's TGI-shaped `response`): `{token:{text,special}, details?:{finish_reason}}`. */
  mapTgiToken(msg: Obj): StreamEvent[] {
    const out: StreamEvent[] = [];
    const token = isObj(msg.token) ? msg.token : undefined;
    if (token && token.special !== true && typeof token.text === 'string' && token.text) out.push(...this.text(token.text));
    const details = isObj(msg.details) ? msg.details : undefined;
    if (details) {
      if (details.finish_reason !== undefined && details.finish_reason !== null) this.setFinish(details.finish_reason, msg);
      const output = num(details.generated_tokens);
      const input = num(details.input_length);
      const usage = usageEvent(input, output);
      if (usage) out.push(usage);
    }
    return out;
  }
}

/**
 * One OpenAI-style stream's SSE messages → events, synchronously: `[DONE]` ends it, a non-JSON `data` is a
 * `protocol` error (a `server` one under `event: error`), and `event: error` with a bare object is an error.
 */
export class OpenAISseMapper implements SseEventMapper {
  private readonly mapper: OpenAIChunkMapper;

  constructor(reasoningModel = false) {
    this.mapper = new OpenAIChunkMapper(reasoningModel);
  }

  message(m: SseMessage, out: StreamEvent[]): boolean {
    const raw = m.data;
    const data = raw.charCodeAt(0) === 0x7b && raw.charCodeAt(raw.length - 1) === 0x7d ? raw : raw.trim();
    if (data === '[DONE]') { this.end(out); return true; }
    if (!data) return false;
    let parsed: unknown;
    try { parsed = JSON.parse(data); } catch {
      if (m.event === 'error') throw new MaasError({ kind: 'server', message: `The model server reported an error mid-stream: ${data.slice(0, 300)}` });
      throw new MaasError({ kind: 'protocol', message: `The stream carried something that is not JSON: ${data.slice(0, 200)}` });
    }
    if (m.event === 'error' && isObj(parsed) && !('error' in parsed)) throw errorFromStreamPayload({ error: parsed });
    this.mapper.mapInto(parsed, out);
    return false;
  }

  end(out: StreamEvent[]): void {
    for (const e of this.mapper.end()) out.push(e);
  }

  flush(out: StreamEvent[]): void {
    for (const e of this.mapper.flush()) out.push(e);
  }

  /** A whole JSON document answering a streaming request (the server ignored `stream`). */
  document(parsed: unknown, out: StreamEvent[]): void {
    this.mapper.mapInto(parsed, out);
    this.end(out);
  }
}

/** SSE messages of an OpenAI-style stream → events (ending with the terminal one). A per-event view for tests. */
export function openAIStreamEvents(messages: AsyncIterable<SseMessage>, reasoningModel = false): AsyncGenerator<StreamEvent> {
  return mapperEvents(new OpenAISseMapper(reasoningModel), messages);
}
