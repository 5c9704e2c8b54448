/** An SSE stream decoder: the framer and one format's mapper, synchronous per read. */
import type { StreamEvent } from './events';
import type { StreamDecoder } from './decoder';
import type { SseEventMapper } from './sse-mapper';
import { SseFramer, type SseMessage } from './sse';
import type { StreamLimits } from './limits';

export class SseDecoder implements StreamDecoder {
  private readonly framer: SseFramer;
  private out: StreamEvent[] = [];
  /** The terminal was produced, or decoding stopped on a throw. */
  private finished = false;
  private flushed = false;

  constructor(private readonly mapper: SseEventMapper, limits?: StreamLimits) {
    this.framer = new SseFramer(limits);
  }

  push(bytes: Uint8Array): StreamEvent[] {
    if (this.finished) return [];
    this.map(this.framer.push(bytes));
    return this.take();
  }

  end(): StreamEvent[] {
    if (this.finished) return this.take();
    this.map(this.framer.end());
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
