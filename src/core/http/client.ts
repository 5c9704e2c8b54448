/**
 * The one HTTP client every request goes through: auth, the credential origin rule, manual redirects,
 * per-attempt timeouts (headers, then silence between body bytes), retries before the first body byte,
 * cancellation, bounded reading of bodies (limits.ts), and redacted logging.
 */
import type { Endpoint } from '../endpoint/schema';
import { MaasError, errorFromHttp, configError, composeMessage, actionableSentence, extractReason } from '../errors';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { DEFAULT_BODY_LIMITS, formatBytes, type BodyLimits } from '../limits';
import { EndpointAuth } from './auth';
import { MAX_ATTEMPTS, MAX_WAIT_MS, RETRY_STATUSES, backoffMs, parseRetryAfter, sleep as defaultSleep } from './retry';
import { announceRetryWait } from './retry-wait';
import { redactUrl } from './redact';
import { scrubSecrets } from '../secret-forms';
import { transportFor } from './transport';
import { BodyTooLarge, declaredLength, readAtMost, readPrefix } from './body';
import { DecodeError } from './decompress';
import { bodyFailure, connectionFailure, needsPeerCertificate, proxyAuthFailure } from './failure';
import { peerCertificate } from './tls-diagnosis';
import type { HeadersLike, HttpDeps, Transport, TransportRequest, TransportResponse } from './types';
import { originOf } from '../endpoint/url';
import { isStreamBody, type StreamBody } from './stream-body';
import { parseRateLimit, type RateLimitInfo } from './rate-limit';

export interface HttpRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** JSON body (sets content-type). */
  json?: unknown;
  /** Any other body (bytes, text, or a stream of known length such as a multipart upload read from disk). */
  body?: string | Uint8Array | FormData | StreamBody;
  /** Send the credential (default true). */
  auth?: boolean;
  /** OICM: use this model's own token when one is stored. */
  modelId?: string;
  accept?: string;
  /** A streamed answer: sent with `Cache-Control: no-cache`, so that caches and proxies on the way pass it through as it comes. */
  stream?: boolean;
}

/** How a body read whole is bounded and named. */
export interface ReadOptions {
  /** `json` (default for text and json: 16 MiB) or `media` (results carrying media or embeddings: 256 MiB). */
  limit?: 'json' | 'media';
  /** What the body is, for the message when it is too large, e.g. "The model list". Default "The answer". */
  what?: string;
}

/** Reading a model list (its cap is the JSON one; the name goes into the message). */
export const MODEL_LIST: ReadOptions = Object.freeze({ what: 'The model list' });

export interface HttpResponse {
  status: number;
  headers: HeadersLike;
  /** The URL that answered (after same-origin redirects). */
  url: string;
  /** Body bytes, usually one chunk per network read (a compressed body: per decoder output); each read waits at most timeoutSeconds. Consume once. Unbounded: the caller bounds what it keeps. */
  body(): AsyncGenerator<Uint8Array>;
  /** The whole body as UTF-8, at most the cap (default `json`); over it → `protocol` error. */
  text(opts?: ReadOptions): Promise<string>;
  /** The whole body parsed as JSON, at most the cap (default `json`); over it or unparseable → `protocol` error. */
  json(opts?: ReadOptions): Promise<unknown>;
  /** The whole body as bytes (binary audio), at most the cap (default `json`). */
  bytes(opts?: ReadOptions): Promise<Uint8Array>;
}

/** Sent unless the endpoint's `headers` name another. */
export const USER_AGENT = 'maas-connect';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

class AttemptTimeout extends Error {
  constructor(readonly phase: 'headers' | 'body') { super(`timeout waiting for ${phase}`); }
}

/** The error body's reading deadline passed (the status still classifies the error). */
class ErrorBodyDeadline extends Error {
  constructor() { super('error body deadline'); }
}

type SendInit = Omit<TransportRequest, 'url'>;

/** The same stream body, calling `onChunk` as each chunk is handed to the transport. */
function refreshingOnEachChunk(body: StreamBody, onChunk: () => void): StreamBody {
  return {
    kind: 'stream', contentType: body.contentType, length: body.length,
    async *open() {
      for await (const chunk of body.open()) { onChunk(); yield chunk; }
    },
  };
}

/** A JSON body; one that cannot be encoded (nested too deeply for the stack, a cycle, a BigInt) is the caller's `bad_request`, not a crash. */
function encodeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    const why = e instanceof RangeError ? 'it is nested too deeply' : e instanceof Error ? e.message : String(e);
    throw new MaasError({ kind: 'bad_request', message: `The request body could not be encoded as JSON (${why}); nothing was sent`, cause: e });
  }
}

export class HttpClient {
  readonly auth: EndpointAuth;
  private readonly transport: Transport;
  private readonly log: Logger;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly allowed: Set<string>;
  private readonly limits: BodyLimits;
  readonly timeoutMs: number;
  private readonly onTraffic: () => void;
  /** The rate limits the gateway stated in its last answer that stated any. */
  rateLimit: RateLimitInfo | undefined;

  constructor(private readonly endpoint: Endpoint, deps: HttpDeps) {
    this.transport = transportFor(endpoint, deps.fetch, deps.proxy);
    this.limits = { ...DEFAULT_BODY_LIMITS, ...deps.limits };
    // The token URL goes the endpoint's way, wherever it is: its CA file, skip-verify and proxy apply to it too.
    this.auth = new EndpointAuth(endpoint, deps.credentials, this.transport, this.limits);
    this.log = deps.logger ?? silentLogger;
    this.sleep = deps.sleep ?? defaultSleep;
    this.allowed = new Set([originOf(endpoint.baseUrl), ...endpoint.allowedOrigins]);
    this.timeoutMs = endpoint.timeoutSeconds * 1000;
    this.onTraffic = deps.onTraffic ?? (() => undefined);
  }

  close(): void { this.transport.close(); }

  /** Text safe to show: known secrets replaced. */
  scrub(text: string): string { return scrubSecrets(text, this.auth.secrets()); }

  /** Refuses to send the credential to an origin that is not the endpoint's own or allowed. */
  assertOrigin(url: string, what = 'this request'): void {
    const origin = originOf(url);
    if (!this.allowed.has(origin)) {
      throw configError(`endpoint "${this.endpoint.id}": ${what} goes to ${origin}, which is not the endpoint's origin ${originOf(this.endpoint.baseUrl)}; the credential is not sent there. If that origin is yours, add it to the endpoint's "allowedOrigins" setting`);
    }
  }

  /** Sends a request; resolves once a 2xx response's headers arrive. Non-2xx → MaasError. Cancellation rejects with the signal's reason. */
  async request(req: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    const method = req.method ?? (req.json !== undefined || req.body !== undefined ? 'POST' : 'GET');
    const useAuth = req.auth !== false && this.endpoint.auth.type !== 'none';
    if (useAuth) this.assertOrigin(req.url);
    let refreshedAuth = false;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw signal.reason;
      const headers: Record<string, string> = { 'user-agent': USER_AGENT };
      for (const [k, v] of Object.entries(this.endpoint.headers)) headers[k.toLowerCase()] = v;
      if (this.endpoint.platform === 'oicm') headers['oicm-request-timeout'] = String(this.endpoint.requestTimeoutSeconds);
      if (req.accept) headers.accept = req.accept;
      if (req.stream) headers['cache-control'] = 'no-cache';
      let body: string | Uint8Array | FormData | StreamBody | undefined = req.body;
      if (isStreamBody(body)) { headers['content-type'] = body.contentType; headers['content-length'] = String(body.length); }
      if (req.json !== undefined) { headers['content-type'] = 'application/json'; body = encodeJson(req.json); }
      for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
      if (useAuth) {
        try {
          Object.assign(headers, await this.auth.headers(req.modelId, signal));
        } catch (e) {
          // a token endpoint's answer may echo credentials: every message leaves here scrubbed
          if (e instanceof MaasError) throw new MaasError({ kind: e.kind, message: this.scrub(e.message), ...(e.status !== undefined ? { status: e.status } : {}), ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}) });
          throw e;
        }
      }
      const sentAuthorization = headers.authorization;

      const ctl = new AbortController();
      const onAbort = () => ctl.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      let timer: NodeJS.Timeout | undefined = setTimeout(() => ctl.abort(new AttemptTimeout('headers')), this.timeoutMs);
      const started = Date.now();
      let res: TransportResponse;
      try {
        // An upload is not a silence: each chunk sent restarts the wait for headers, which starts in earnest
        // once the body is out (a large file on a slow link must not time out while it is being sent).
        const sending = isStreamBody(body) ? refreshingOnEachChunk(body, () => timer?.refresh()) : body;
        res = await this.fetchFollowing(req.url, { method, headers, ...(sending !== undefined ? { body: sending } : {}), signal: ctl.signal });
      } catch (e) {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) throw signal.reason;
        if (e instanceof MaasError) throw e;
        if (e instanceof DecodeError) throw bodyFailure(e);
        const timedOut = ctl.signal.aborted && ctl.signal.reason instanceof AttemptTimeout;
        const err = timedOut
          ? new MaasError({ kind: 'timeout', message: `No response from ${redactUrl(req.url)} within ${this.endpoint.timeoutSeconds} s; try again or raise timeoutSeconds` })
          : connectionFailure(e, req.url, {
            ...(this.endpoint.tls?.caFile ? { caFile: this.endpoint.tls.caFile } : {}),
            ...(this.transport.proxyCredentialsIn ? { proxyCredentialsIn: this.transport.proxyCredentialsIn } : {}),
            ...(needsPeerCertificate(e) ? { peer: await peerCertificate(req.url) } : {}),
          });
        this.log.debug(`${method} ${redactUrl(req.url)} failed after ${Date.now() - started} ms (attempt ${attempt}): ${err.kind}`);
        const retryable = err.kind === 'network' || (err.kind === 'timeout' && method === 'GET');
        if (retryable && attempt < MAX_ATTEMPTS) {
          const waitMs = backoffMs(attempt - 1);
          announceRetryWait({ waitMs, nextAttempt: attempt + 1, maxAttempts: MAX_ATTEMPTS });
          await this.sleep(waitMs, signal);
          continue;
        }
        // a transport's own message may quote a header value (the credential included): scrub it
        throw new MaasError({ kind: err.kind, message: this.scrub(err.message), ...(err.status !== undefined ? { status: err.status } : {}), cause: err.cause });
      }
      clearTimeout(timer);
      timer = undefined;
      this.log.debug(`${method} ${redactUrl(req.url)} → ${res.status} in ${Date.now() - started} ms (attempt ${attempt})`);
      const limits = parseRateLimit(res.headers);
      if (limits) {
        this.rateLimit = limits;
        try { this.onTraffic(); } catch { /* a face's listener never fails a request */ }
      }

      if (res.status >= 200 && res.status < 300) {
        return this.wrap(res, ctl, () => signal.removeEventListener('abort', onAbort));
      }
      const retryAfterMs = parseRetryAfter(res.headers);
      const text = await this.readErrorText(res, ctl);
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) throw signal.reason;
      if (res.status === 401 && useAuth && !refreshedAuth && this.auth.invalidate(sentAuthorization)) {
        refreshedAuth = true;
        attempt--;
        this.log.info(`endpoint "${this.endpoint.id}": access token rejected (401); fetching a new one`);
        continue;
      }
      if (RETRY_STATUSES.has(res.status)) {
        const waitMs = retryAfterMs ?? backoffMs(attempt - 1);
        if (retryAfterMs === undefined || retryAfterMs <= MAX_WAIT_MS) {
          if (attempt < MAX_ATTEMPTS) {
            this.log.info(`endpoint "${this.endpoint.id}": ${res.status}; retrying in ${waitMs} ms (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
            announceRetryWait({ waitMs, nextAttempt: attempt + 1, maxAttempts: MAX_ATTEMPTS, status: res.status });
            await this.sleep(waitMs, signal);
            continue;
          }
        }
      }
      if (res.status === 407) {
        throw proxyAuthFailure(req.url, process.env, undefined, this.transport.proxyCredentialsIn);
      }
      const err = errorFromHttp({ status: res.status, body: text, authReason: res.headers.get('x-ext-auth-reason'), authType: this.endpoint.auth.type, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
      // A wait the server asks for that is too long to sit through is reported as rate limiting, with the wait.
      const tooLong = RETRY_STATUSES.has(res.status) && retryAfterMs !== undefined && retryAfterMs > MAX_WAIT_MS;
      const kind = tooLong ? 'rate_limited' : err.kind;
      const message = tooLong
        ? composeMessage(`${actionableSentence('rate_limited', res.status).replace('; wait and try again', '')}; the gateway asks to wait ${Math.ceil(retryAfterMs / 1000)} s before trying again`, extractReason(text), res.headers.get('x-ext-auth-reason'))
        : err.message;
      throw new MaasError({ kind, ...(err.status !== undefined ? { status: err.status } : {}), message: this.scrub(message), ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) });
    }
  }

  /** Sends with redirects handled here (never by the transport): same-origin followed (≤3); cross-origin only to allowedOrigins. */
  private async fetchFollowing(url: string, init: SendInit): Promise<TransportResponse> {
    let current = url;
    let currentInit = init;
    for (let hop = 0; ; hop++) {
      const res = await this.transport.send({ ...currentInit, url: current });
      if (!REDIRECTS.has(res.status)) return res;
      const location = res.headers.get('location');
      if (!location) return res;
      res.cancel();
      const next = new URL(location, current).toString();
      const from = originOf(current);
      const to = originOf(next);
      if (from !== to && !this.allowed.has(to)) {
        throw configError(`endpoint "${this.endpoint.id}": the gateway redirected to another origin, ${to}, which is not allowed; the request was not followed. If that origin is yours, add it to the endpoint's "allowedOrigins" setting`);
      }
      if (hop >= MAX_REDIRECTS) throw new MaasError({ kind: 'protocol', message: `Too many redirects (more than ${MAX_REDIRECTS}) starting at ${redactUrl(url)}` });
      this.log.debug(`redirect ${res.status} → ${redactUrl(next)}`);
      if (res.status === 303) {
        const { body: _dropped, ...rest } = currentInit;
        const { 'content-type': _type, 'content-length': _length, ...headers } = rest.headers;
        currentInit = { ...rest, headers, method: 'GET' };
      }
      current = next;
    }
  }

  /**
   * An error answer's body, for its reason: at most the error cap, read for at most the error deadline
   * (a body that trickles forever must not hold the request). Whatever arrived by then is kept; the rest
   * is not read. The status classifies the error either way.
   */
  private async readErrorText(res: TransportResponse, ctl: AbortController): Promise<string> {
    const deadline = setTimeout(() => ctl.abort(new ErrorBodyDeadline()), this.limits.errorDeadlineMs);
    try {
      return (await readPrefix(this.guard(res, ctl), this.limits.errorBytes)).toString('utf8');
    } finally {
      clearTimeout(deadline);
      res.cancel();
    }
  }

  /** Body bytes with the idle timeout; a silence longer than timeoutSeconds aborts with `timeout`. One timer, refreshed per read. */
  private async *guard(res: TransportResponse, ctl: AbortController, release?: () => void): AsyncGenerator<Uint8Array> {
    const chunks = res.body[Symbol.asyncIterator]();
    // Silence counts only while we wait for the gateway: a reader that holds a chunk (a CLI piped into a
    // pager nobody reads) is not the gateway being silent.
    let reading = false;
    const timer = setTimeout(() => { if (reading) ctl.abort(new AttemptTimeout('body')); }, this.timeoutMs);
    try {
      for (;;) {
        timer.refresh();
        let r: IteratorResult<Uint8Array>;
        reading = true;
        try {
          r = await chunks.next();
        } catch (e) {
          if (ctl.signal.aborted && ctl.signal.reason instanceof AttemptTimeout) {
            throw new MaasError({ kind: 'timeout', message: `The gateway sent nothing for ${this.endpoint.timeoutSeconds} s; the stream was stopped (raise timeoutSeconds if the model is slow)` });
          }
          if (ctl.signal.aborted) throw ctl.signal.reason;
          throw bodyFailure(e);
        }
        finally { reading = false; }
        if (r.done) return;
        yield r.value;
      }
    } finally {
      clearTimeout(timer);
      res.cancel();
      release?.();
    }
  }

  private tooLarge(what: string | undefined, url: string, limit: number): MaasError {
    return new MaasError({ kind: 'protocol', message: `${what ?? 'The answer'} from ${redactUrl(url)} is larger than ${formatBytes(limit)}; it was not read (a gateway answer this large is not expected)` });
  }

  private wrap(res: TransportResponse, ctl: AbortController, release: () => void): HttpResponse {
    let used = false;
    const url = res.url;
    // The guard itself is the body (no generator around it: one hop less per read).
    const body = (): AsyncGenerator<Uint8Array> => {
      if (used) throw new Error('body already consumed');
      used = true;
      return this.guard(res, ctl, release);
    };
    /** The whole body, refused early when its declared length is over the cap, stopped as soon as it passes it. */
    const whole = async (opts: ReadOptions): Promise<Buffer> => {
      const limit = opts.limit === 'media' ? this.limits.mediaBytes : this.limits.jsonBytes;
      const declared = declaredLength(res.headers);
      if (declared !== undefined && declared > limit) {
        used = true;
        res.cancel();
        release();
        throw this.tooLarge(opts.what, url, limit);
      }
      try {
        return await readAtMost(body(), limit);
      } catch (e) {
        if (e instanceof BodyTooLarge) throw this.tooLarge(opts.what, url, limit);
        throw e;
      }
    };
    return {
      status: res.status, headers: res.headers, url, body,
      text: async (opts = {}) => (await whole(opts)).toString('utf8'),
      bytes: async (opts = {}) => new Uint8Array(await whole(opts)),
      json: async (opts = {}) => {
        const t = (await whole(opts)).toString('utf8');
        try { return JSON.parse(t) as unknown; } catch {
          throw new MaasError({ kind: 'protocol', message: `Expected JSON from ${redactUrl(url)} but got: ${t.slice(0, 200) || '(an empty body)'}` });
        }
      },
    };
  }
}
