/** An SSE stream decoder: the framer and one format's mapper, synchronous per read. */
import type { StreamEvent } from './events';
import type { StreamDecoder } from './decoder';
import type { SseEventMapper } from './sse-mapper';
import { SseFramer, type SseMessage } from './sse';
import type { StreamLimits } from './limits';
import { MaasError } from '../errors';

/** Bytes that may fill a body without being an answer: whitespace and a UTF-8 byte order mark. */
function isFiller(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb || b === 0xbf;
}

export class SseDecoder implements StreamDecoder {
  private readonly framer: SseFramer;
  private out: StreamEvent[] = [];
  /** The terminal was produced, or decoding stopped on a throw. */
  private finished = false;
  private flushed = false;
  /** An SSE message was framed: the body is an event stream. */
  private framed = false;
  /** Bytes other than whitespace arrived before any message (an HTML page, a text error, junk). */
  private other = false;

  constructor(private readonly mapper: SseEventMapper, limits?: StreamLimits) {
    this.framer = new SseFramer(limits);
  }

  push(bytes: Uint8Array): StreamEvent[] {
    if (this.finished) return [];
    if (!this.framed && !this.other) this.other = bytes.some((b) => !isFiller(b));
    this.map(this.framer.push(bytes));
    return this.take();
  }

  end(): StreamEvent[] {
    if (this.finished) return this.take();
    this.map(this.framer.end());
    if (!this.finished && !this.framed && this.other) {
      this.finished = true;
      throw new MaasError({ kind: 'protocol', message: 'The server\'s answer to a streaming request was neither an event stream (no "data:" line) nor a JSON answer; check the base URL, the platform and any proxy in between' });
    }
    if (!this.finished) {
      this.finished = true;
      this.mapper.end(this.out);
    }
    return this.take();
  }

  flush(): StreamEvent[] {
    const out = this.take();
    if (!this.flushed) {
      this.flushed = true;
      try { this.mapper.flush(out); } catch { /* held text only; never throws in practice */ }
    }
    return out;
  }

  private map(messages: readonly SseMessage[]): void {
    if (messages.length) this.framed = true;
    try {
      for (let i = 0; i < messages.length; i++) {
        if (this.mapper.message(messages[i], this.out)) { this.finished = true; this.flushed = true; return; }
      }
    } catch (e) {
      this.finished = true;
      throw e;
    }
    if (this.framer.failure) {
      this.finished = true;
      throw this.framer.failure;
    }
  }

  private take(): StreamEvent[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}
