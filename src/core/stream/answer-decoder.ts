/**
 * The decoder for a streamed chat or completion answer: SSE, unless the body turns out to be one JSON
 * document (it starts with `{` or `[`, whatever its Content-Type says): an error labelled
 * text/event-stream, or a server that ignored `stream`. Such a document is buffered, within a cap, and
 * decoded at the end; if it does not parse as one document it is read as SSE after all (a bare JSON
 * error tail).
 */
import type { StreamEvent } from './events';
import type { StreamDecoder } from './decoder';
import type { SseEventMapper } from './sse-mapper';
import { SseDecoder } from './sse-decoder';
import { OpenAISseMapper } from './openai-chunks';
import { AnthropicSseMapper } from './anthropic';
import { MaasError } from '../errors';
import { STREAM_LIMITS, describeSize, type StreamLimits } from './limits';

export type AnswerFormat = 'openai' | 'anthropic';

/** Whitespace (and a UTF-8 byte order mark) that may precede the first meaningful byte. */
function isLeading(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb || b === 0xbf;
}

export class AnswerDecoder implements StreamDecoder {
  private mode: 'sniff' | 'sse' | 'json' = 'sniff';
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  /** Events of a fallback SSE read that a throw from `end` would otherwise lose. */
  private pending: StreamEvent[] = [];
  private readonly sse: SseDecoder;
  private readonly mapper: SseEventMapper;
  private readonly limits: StreamLimits;

  constructor(format: AnswerFormat, reasoningModel = false, limits: StreamLimits = STREAM_LIMITS) {
    this.limits = limits;
    this.mapper = format === 'anthropic' ? new AnthropicSseMapper(reasoningModel) : new OpenAISseMapper(reasoningModel);
    this.sse = new SseDecoder(this.mapper, limits);
  }

  push(bytes: Uint8Array): StreamEvent[] {
    if (this.mode === 'sse') return this.sse.push(bytes);
    if (this.mode === 'sniff') {
      let i = 0;
      while (i < bytes.length && isLeading(bytes[i])) i++;
      if (i === bytes.length) { this.hold(bytes); return []; }
      this.mode = bytes[i] === 0x7b || bytes[i] === 0x5b ? 'json' : 'sse';
      if (this.mode === 'sse') return this.replay(bytes);
    }
    this.hold(bytes);
    return [];
  }

  end(): StreamEvent[] {
    if (this.mode !== 'json') {
      const out = this.mode === 'sniff' ? this.replay() : [];
      const rest = this.sse.end();
      return out.length ? [...out, ...rest] : rest;
    }
    const whole = concat(this.held, this.heldBytes);
    this.held = [];
    let parsed: unknown;
    try { parsed = JSON.parse(new TextDecoder('utf-8').decode(whole)); } catch {
      this.mode = 'sse';
      this.pending = this.sse.push(whole);
      const rest = this.sse.end();
      const first = this.pending;
      this.pending = [];
      return [...first, ...rest];
    }
    const out: StreamEvent[] = [];
    this.mapper.document(parsed, out);
    // A document that gave nothing but a reasonless end (a model list, `{"data":7}`) is no answer at all.
    if (out.every((e) => e.type === 'done' && e.finishReason === 'unknown')) {
      throw new MaasError({ kind: 'protocol', message: 'The server answered the streaming request with a JSON document that is not a chat or completion answer; check the base URL and the platform' });
    }
    return out;
  }

  flush(): StreamEvent[] {
    if (this.mode === 'json') return [];
    const held = this.sse.flush();
    if (!this.pending.length) return held;
    const out = [...this.pending, ...held];
    this.pending = [];
    return out;
  }

  private hold(bytes: Uint8Array): void {
    this.heldBytes += bytes.length;
    if (this.heldBytes > this.limits.sniffedJsonBytes) {
      this.held = [];
      throw new MaasError({ kind: 'protocol', message: `The server answered the streaming request with a JSON document longer than ${describeSize(this.limits.sniffedJsonBytes)}; reading stopped` });
    }
    this.held.push(bytes);
  }

  /** Leaves sniffing for SSE: what was held (leading whitespace), then `bytes`. */
  private replay(bytes?: Uint8Array): StreamEvent[] {
    this.mode = 'sse';
    const held = this.held;
    this.held = [];
    if (!held.length) return bytes ? this.sse.push(bytes) : [];
    const out: StreamEvent[] = [];
    for (const h of held) out.push(...this.sse.push(h));
    if (bytes) out.push(...this.sse.push(bytes));
    return out;
  }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
