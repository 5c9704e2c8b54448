/**
 * Newline-delimited JSON framing (Intel's grpc-gateway stream): one value per non-blank line, synchronous
 * per read. A line longer than the cap without a line break is a `protocol` error.
 */
import { MaasError } from '../errors';
import { STREAM_LIMITS, describeSize, type StreamLimits } from './limits';
import { Utf8Stream } from './utf8';

const LF = 0x0a;

export class NdjsonFramer {
  private readonly decoder = new Utf8Stream();
  private pending = '';
  private lineBytes = 0;
  private readonly cap: number;

  constructor(limits: Pick<StreamLimits, 'ndjsonLineBytes'> = STREAM_LIMITS) {
    this.cap = limits.ndjsonLineBytes;
  }

  /** The complete, trimmed, non-blank lines this read finishes. Throws a `protocol` MaasError past the cap. */
  push(bytes: Uint8Array): string[] {
    const lf = bytes.lastIndexOf(LF);
    this.lineBytes = lf < 0 ? this.lineBytes + bytes.length : bytes.length - lf - 1;
    if (this.lineBytes > this.cap) {
      this.pending = '';
      throw new MaasError({ kind: 'protocol', message: `The stream sent a JSON line longer than ${describeSize(this.cap)} without a line break; reading stopped` });
    }
    const text = this.decoder.write(bytes);
    if (lf < 0) { this.pending += text; return []; }
    const buf = this.pending + text;
    const out: string[] = [];
    let start = 0;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n', start)) {
      const line = buf.slice(start, nl).trim();
      if (line) out.push(line);
      start = nl + 1;
    }
    this.pending = buf.slice(start);
    return out;
  }

  /** End of body: an unterminated last line. */
  end(): string[] {
    const line = (this.pending + this.decoder.end()).trim();
    this.pending = '';
    return line ? [line] : [];
  }
}
