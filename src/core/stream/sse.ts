/**
 * SSE framing on eventsource-parser's callback API (rules: docs/endpoints.md, "Wire notes shared by all
 * platforms"), synchronous per read, plus the lenient rules it does not apply by itself: a JSON line without
 * `data:` (GPUStack's error tail) is surfaced as a message, and an unterminated last event is still
 * dispatched at EOF. What the framer holds is capped (one line, one event): beyond a cap it reports a
 * `protocol` error instead of buffering on.
 */
import { createParser, type EventSourceMessage, type EventSourceParser, type ParseError } from 'eventsource-parser';
import { MaasError } from '../errors';
import { STREAM_LIMITS, describeSize, type StreamLimits } from './limits';
import { Utf8Stream } from './utf8';

export interface SseMessage {
  event?: string | undefined;
  data: string;
  /** A line that was not an SSE field but parsed as JSON (an error tail). */
  bare?: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/** Bytes → SSE messages, one read at a time. After `failure` is set, nothing more is decoded. */
export class SseFramer {
  /** Set when a cap was exceeded; the messages returned with it came before the overflow. */
  failure: MaasError | undefined;
  private out: SseMessage[] = [];
  private readonly parser: EventSourceParser;
  private readonly decoder = new Utf8Stream();
  /** Bytes since the last line break (the line eventsource-parser is holding). */
  private lineBytes = 0;
  private overflow = false;
  private readonly lineCap: number;
  private readonly eventCap: number;

  constructor(limits: Pick<StreamLimits, 'sseLineBytes' | 'sseEventChars'> = STREAM_LIMITS) {
    this.lineCap = limits.sseLineBytes;
    this.eventCap = limits.sseEventChars;
    this.parser = createParser({
      maxBufferSize: this.eventCap,
      onEvent: (m: EventSourceMessage) => { this.out.push(m); },
      onError: (err: ParseError) => {
        if (err.type === 'max-buffer-size-exceeded') { this.overflow = true; return; }
        if (err.type !== 'unknown-field' || !err.line) return;
        const line = err.line.trim();
        if (!line.startsWith('{')) return;
        try { JSON.parse(line); } catch { return; }
        this.out.push({ data: line, bare: true });
      },
    });
  }

  push(bytes: Uint8Array): SseMessage[] {
    if (this.failure) return [];
    // The last line break: a CR can only be later than the last LF in the tail after it (usually a few
    // bytes), so the whole read is not scanned twice.
    let lastBreak = bytes.lastIndexOf(LF);
    for (let i = bytes.length - 1; i > lastBreak; i--) if (bytes[i] === CR) { lastBreak = i; break; }
    this.lineBytes = lastBreak < 0 ? this.lineBytes + bytes.length : bytes.length - lastBreak - 1;
    if (this.lineBytes > this.lineCap) {
      this.failure = new MaasError({ kind: 'protocol', message: `The stream sent an SSE line longer than ${describeSize(this.lineCap)} without a line break; reading stopped` });
      return [];
    }
    const text = this.decoder.write(bytes);
    return text ? this.feed(text) : [];
  }

  /** End of body: the rest of a split character, and an unterminated last event. */
  end(): SseMessage[] {
    if (this.failure) return [];
    const rest = this.decoder.end();
    const out = rest ? this.feed(rest) : [];
    if (this.failure) return out;
    return [...out, ...this.feed('\n\n')];
  }

  private feed(text: string): SseMessage[] {
    this.parser.feed(text);
    const out = this.out;
    this.out = [];
    if (this.overflow) this.failure = new MaasError({ kind: 'protocol', message: `The stream sent an SSE event longer than ${describeSize(this.eventCap)}; reading stopped` });
    return out;
  }
}

/** Per-message view of a whole body (tests; the client decodes per read). */
export async function* decodeSse(bytes: AsyncIterable<Uint8Array>, limits?: StreamLimits): AsyncGenerator<SseMessage> {
  const framer = new SseFramer(limits);
  for await (const chunk of bytes) {
    yield* framer.push(chunk);
    if (framer.failure) throw framer.failure;
  }
  yield* framer.end();
  if (framer.failure) throw framer.failure;
}
