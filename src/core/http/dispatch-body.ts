/**
 * A response body straight from undici's dispatcher (its handler callbacks), without undici's body
 * Readable: the chunks of each network read go to the reader as one chunk, the socket pauses while a
 * reader lags, and cancellation aborts the request.
 */
import type { HeadersLike } from './types';

/** The body is cancelled by its reader (undici reports the abort back as this error; it is ignored). */
class BodyCancelled extends Error {
  constructor() { super('body cancelled'); this.name = 'BodyCancelled'; }
}

/** Bytes held for a reader that lags before the socket is paused (the size undici's own body buffers). */
export const HIGH_WATER = 64 * 1024;

export interface Head { status: number; rawHeaders: Buffer[] }

/**
 * One request as an undici dispatch handler (undici's own callback shape: onConnect/onHeaders/onData/
 * onComplete/onError), its body handed out as an async iterator: a reader that waits gets what one
 * network read brought as soon as the parser has gone through it; a reader that was busy gets what
 * arrived meanwhile; the socket is paused while HIGH_WATER bytes or more wait for a reader. Cheaper than
 * undici's body Readable: no stream machinery, events or async-iterator plumbing between the parser and
 * the reader.
 */
export class BodyHandler implements AsyncIterableIterator<Uint8Array> {
  private abortFn: ((reason: Error) => void) | undefined;
  private resumeFn: (() => void) | undefined;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private paused = false;
  private flushing = false;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private waiter: { resolve: (r: IteratorResult<Uint8Array>) => void; reject: (e: unknown) => void } | undefined;
  private head: { resolve: (h: Head) => void; reject: (e: unknown) => void } | undefined;
  readonly headers: Promise<Head>;
  /** Set once the reader cancelled or the body ended or failed. */
  private settled = false;

  constructor(private readonly signal: AbortSignal) {
    this.headers = new Promise<Head>((resolve, reject) => { this.head = { resolve, reject }; });
    signal.addEventListener('abort', this.onAbort);
  }

  private readonly onAbort = (): void => {
    const reason: unknown = this.signal.reason;
    this.fail(reason);
    this.abortFn?.(reason instanceof Error ? reason : new BodyCancelled());
  };

  private done(): void {
    this.settled = true;
    this.signal.removeEventListener('abort', this.onAbort);
  }

  /** Ends the body with `error`; what already arrived stays readable first unless `dropQueued` (abort, cancel). */
  private fail(error: unknown, dropQueued = true): void {
    if (this.settled) return;
    this.done();
    this.failure = { error };
    if (dropQueued) { this.queue.length = 0; this.queued = 0; }
    const h = this.head;
    this.head = undefined;
    h?.reject(error);
    const w = this.waiter;
    this.waiter = undefined;
    if (w && this.queue.length) {
      this.paused = false; // nothing to resume after a failure
      w.resolve({ value: this.take(), done: false }); // the error follows on the next read
    } else {
      w?.reject(error);
    }
  }

  // undici's handler callbacks.
  onConnect(abort: (reason: Error) => void): void {
    this.abortFn = abort;
    if (this.settled) abort(new BodyCancelled());
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (status < 200) return true;
    this.resumeFn = resume;
    const h = this.head;
    this.head = undefined;
    h?.resolve({ status, rawHeaders });
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    this.queue.push(chunk);
    this.queued += chunk.length;
    // A waiting reader gets what this network read brings once the parser has gone through all of it
    // (a read can hold several chunks of the body; they are handed on together, never held longer).
    if (this.waiter && !this.flushing) {
      this.flushing = true;
      queueMicrotask(this.flush);
    }
    if (this.queued >= HIGH_WATER) this.paused = true;
    return !this.paused;
  }

  private readonly flush = (): void => {
    this.flushing = false;
    const w = this.waiter;
    if (!w || !this.queue.length) return;
    this.waiter = undefined;
    w.resolve({ value: this.take(), done: false });
  };

  /** Everything queued, as one chunk; the socket resumes if it was paused for this reader. */
  private take(): Buffer {
    const q = this.queue;
    const value = q.length === 1 ? q[0] : Buffer.concat(q, this.queued);
    q.length = 0;
    this.queued = 0;
    if (this.paused) { this.paused = false; this.resumeFn?.(); }
    return value;
  }

  onComplete(): void {
    if (this.settled) return;
    this.done();
    this.ended = true;
    const w = this.waiter;
    if (!w || this.queue.length) return;
    this.waiter = undefined;
    w.resolve({ value: undefined, done: true });
  }

  onError(error: unknown): void {
    // a broken connection: the text that arrived before it is still read, then the error
    this.fail(error, false);
  }

  // The body, for its one reader.
  [Symbol.asyncIterator](): this { return this; }

  next(): Promise<IteratorResult<Uint8Array>> {
    // What arrived while the reader was busy, as one chunk (as a stream's read() gives it).
    if (this.queue.length) return Promise.resolve({ value: this.take(), done: false });
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended || this.settled) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => { this.waiter = { resolve, reject }; });
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    this.cancel();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Stops reading: the request is aborted unless it already ended. */
  cancel(): void {
    if (this.settled) { this.queue.length = 0; this.queued = 0; return; }
    this.done();
    this.queue.length = 0;
    this.queued = 0;
    const w = this.waiter;
    this.waiter = undefined;
    w?.resolve({ value: undefined, done: true });
    this.abortFn?.(new BodyCancelled());
  }
}

/** undici's response headers (lower-case names; repeated ones as arrays) read like fetch's Headers. */
function headersOf(raw: Record<string, string | string[] | undefined>): HeadersLike {
  return {
    get(name: string): string | null {
      const v = raw[name.toLowerCase()];
      if (v === undefined) return null;
      return Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/** undici's raw header list ([name, value, name, value…]) read like fetch's Headers. */
export function rawHeadersOf(raw: Buffer[]): HeadersLike {
  const map = Object.create(null) as Record<string, string | string[]>;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toString('latin1').toLowerCase();
    const value = raw[i + 1].toString('latin1');
    const had = map[name];
    map[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return headersOf(map);
}

