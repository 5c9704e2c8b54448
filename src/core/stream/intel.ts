/**
 * Intel Tiber's `/generatestream` (grpc-gateway newline-delimited JSON of TGI-shaped tokens) → normalised
 * events, synchronously per read. Each line is `{"result":{"response":{token, details?}}}` or an error
 * (`{"error":…}`, or a gRPC status `{"code":n,"message":…}`); the line that carries `details` ends it.
 */
import type { StreamEvent } from './events';
import type { StreamDecoder } from './decoder';
import { NdjsonFramer } from './ndjson';
import { OpenAIChunkMapper } from './openai-chunks';
import { MaasError, errorFromStreamPayload } from '../errors';
import type { StreamLimits } from './limits';

export class IntelStreamDecoder implements StreamDecoder {
  private readonly framer: NdjsonFramer;
  private readonly mapper: OpenAIChunkMapper;
  private out: StreamEvent[] = [];
  private finished = false;
  private flushed = false;

  constructor(reasoningModel = false, limits?: StreamLimits) {
    this.framer = new NdjsonFramer(limits);
    this.mapper = new OpenAIChunkMapper(reasoningModel);
  }

  push(bytes: Uint8Array): StreamEvent[] {
    if (this.finished) return [];
    this.lines(() => this.framer.push(bytes));
    return this.take();
  }

  end(): StreamEvent[] {
    if (!this.finished) {
      this.lines(() => this.framer.end());
      if (!this.finished) this.terminate();
    }
    return this.take();
  }

  flush(): StreamEvent[] {
    const out = this.take();
    if (!this.flushed) {
      this.flushed = true;
      for (const e of this.mapper.flush()) out.push(e);
    }
    return out;
  }

  private lines(read: () => string[]): void {
    try {
      for (const line of read()) {
        if (this.line(line)) { this.terminate(); return; }
      }
    } catch (e) {
      this.finished = true;
      throw e;
    }
  }

  /** Maps one line; true when it ended the answer. */
  private line(line: string): boolean {
    let msg: unknown;
    try { msg = JSON.parse(line); } catch {
      throw new MaasError({ kind: 'protocol', message: `Intel's stream carried a line that is not JSON: ${line.slice(0, 200)}` });
    }
    const o = (msg ?? {}) as Record<string, unknown>;
    if (o.error) throw errorFromStreamPayload(o);
    if (typeof o.code === 'number' && o.code !== 0 && typeof o.message === 'string') throw errorFromStreamPayload({ error: o });
    const result = o.result as Record<string, unknown> | undefined;
    const response = (result?.response ?? result) as Record<string, unknown> | undefined;
    if (!response) return false;
    for (const e of this.mapper.mapTgiToken(response)) this.out.push(e);
    return Boolean(response.details);
  }

  private terminate(): void {
    this.finished = true;
    this.flushed = true;
    for (const e of this.mapper.end()) this.out.push(e);
  }

  private take(): StreamEvent[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}
