/**
 * The one HTTP client every request goes through: auth, the credential origin rule, manual redirects,
 * per-attempt timeouts (headers, then silence between body bytes), retries before the first body byte,
 * cancellation, and redacted logging.
 */
import type { Endpoint } from '../endpoint/schema';
import type { CoreDeps, FetchLike } from '../endpoint-client';
import { MaasError, errorFromHttp, configError, composeMessage, actionableSentence, extractReason } from '../errors';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { EndpointAuth } from './auth';
import { MAX_ATTEMPTS, MAX_WAIT_MS, RETRY_STATUSES, backoffMs, parseRetryAfter, sleep as defaultSleep } from './retry';
import { redactUrl, scrubSecrets } from './redact';
import { transportFor, defaultTransport, type Transport } from './transport';
import { originOf } from '../endpoint/url';

export interface HttpRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** JSON body (sets content-type). */
  json?: unknown;
  /** Any other body (multipart FormData, bytes, text). */
  body?: string | Uint8Array | FormData;
  /** Send the credential (default true). */
  auth?: boolean;
  /** OICM: use this model's own token when one is stored. */
  modelId?: string;
  accept?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The URL that answered (after same-origin redirects). */
  url: string;
  /** Body bytes; each read waits at most timeoutSeconds. Consume once. */
  body(): AsyncGenerator<Uint8Array>;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

class AttemptTimeout extends Error {
  constructor(readonly phase: 'headers' | 'body') { super(`timeout waiting for ${phase}`); }
}

function isTlsError(e: unknown): boolean {
  for (let c: unknown = e, i = 0; c && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i.test(code)) return true;
  }
  return false;
}

function causeText(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e, i = 0; c && i < 4; c = (c as { cause?: unknown }).cause, i++) {
    const code = (c as { code?: unknown }).code;
    const msg = (c as { message?: unknown }).message;
    if (typeof code === 'string' && !parts.includes(code)) parts.push(code);
    else if (typeof msg === 'string' && msg && msg !== 'fetch failed' && !parts.includes(msg)) parts.push(msg);
  }
  return parts.join(': ') || String(e);
}

export class HttpClient {
  readonly auth: EndpointAuth;
  private readonly transport: Transport;
  private readonly log: Logger;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly allowed: Set<string>;
  readonly timeoutMs: number;

  constructor(private readonly endpoint: Endpoint, deps: CoreDeps) {
    this.transport = transportFor(endpoint, deps.fetch);
    // The token URL gets this endpoint's TLS settings when it is on the endpoint's origin, else the default agent.
    const sameOriginToken = endpoint.auth.type === 'oauth2' && originOf(endpoint.auth.tokenUrl) === originOf(endpoint.baseUrl);
    const tokenFetch: FetchLike = sameOriginToken ? this.transport.fetch : deps.fetch ?? defaultTransport().fetch;
    this.auth = new EndpointAuth(endpoint, deps.credentials, tokenFetch);
    this.log = deps.logger ?? silentLogger;
    this.sleep = deps.sleep ?? defaultSleep;
    this.allowed = new Set([originOf(endpoint.baseUrl), ...endpoint.allowedOrigins]);
    this.timeoutMs = endpoint.timeoutSeconds * 1000;
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
      const headers: Record<string, string> = { ...this.endpoint.headers };
      if (this.endpoint.platform === 'oicm') headers['oicm-request-timeout'] = String(this.endpoint.requestTimeoutSeconds);
      if (req.accept) headers.accept = req.accept;
      let body: string | Uint8Array | FormData | undefined = req.body;
      if (req.json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(req.json); }
      Object.assign(headers, req.headers ?? {});
      if (useAuth) Object.assign(headers, await this.auth.headers(req.modelId, signal));
      const sentAuthorization = headers.authorization;

      const ctl = new AbortController();
      const onAbort = () => ctl.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      let timer: NodeJS.Timeout | undefined = setTimeout(() => ctl.abort(new AttemptTimeout('headers')), this.timeoutMs);
      const started = Date.now();
      let res: Response;
      try {
        res = await this.fetchFollowing(req.url, { method, headers, body: body as RequestInit['body'], signal: ctl.signal });
      } catch (e) {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) throw signal.reason;
        if (e instanceof MaasError) throw e;
        const timedOut = ctl.signal.aborted && ctl.signal.reason instanceof AttemptTimeout;
        const err = timedOut
          ? new MaasError({ kind: 'timeout', message: `No response from ${redactUrl(req.url)} within ${this.endpoint.timeoutSeconds} s; try again or raise timeoutSeconds` })
          : isTlsError(e)
            ? new MaasError({ kind: 'tls', message: `The TLS certificate of ${originOf(req.url)} was not accepted; set the endpoint's tls.caFile to your CA bundle: ${causeText(e)}`, cause: e })
            : new MaasError({ kind: 'network', message: `Could not reach ${originOf(req.url)}; check the base URL, network and proxy: ${causeText(e)}`, cause: e });
        this.log.debug(`${method} ${redactUrl(req.url)} failed after ${Date.now() - started} ms (attempt ${attempt}): ${err.kind}`);
        const retryable = err.kind === 'network' || (err.kind === 'timeout' && method === 'GET');
        if (retryable && attempt < MAX_ATTEMPTS) { await this.sleep(backoffMs(attempt - 1), signal); continue; }
        throw err;
      }
      clearTimeout(timer);
      timer = undefined;
      this.log.debug(`${method} ${redactUrl(req.url)} → ${res.status} in ${Date.now() - started} ms (attempt ${attempt})`);

      if (res.status >= 200 && res.status < 300) {
        return this.wrap(res, req.url, ctl, () => signal.removeEventListener('abort', onAbort));
      }
      const retryAfterMs = parseRetryAfter(res.headers);
      const text = await this.readText(res, ctl).catch(() => '');
      signal.removeEventListener('abort', onAbort);
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
            await this.sleep(waitMs, signal);
            continue;
          }
        }
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

  /** fetch with `redirect: 'manual'`: same-origin redirects followed (≤3); cross-origin only to allowedOrigins. */
  private async fetchFollowing(url: string, init: RequestInit): Promise<Response> {
    let current = url;
    let currentInit = init;
    for (let hop = 0; ; hop++) {
      const res = await this.transport.fetch(current, { ...currentInit, redirect: 'manual' });
      if (!REDIRECTS.has(res.status)) return res;
      const location = res.headers.get('location');
      if (!location) return res;
      await res.body?.cancel().catch(() => undefined);
      const next = new URL(location, current).toString();
      const from = originOf(current);
      const to = originOf(next);
      if (from !== to && !this.allowed.has(to)) {
        throw configError(`endpoint "${this.endpoint.id}": the gateway redirected to another origin, ${to}, which is not allowed; the request was not followed. If that origin is yours, add it to the endpoint's "allowedOrigins" setting`);
      }
      if (hop >= MAX_REDIRECTS) throw new MaasError({ kind: 'protocol', message: `Too many redirects (more than ${MAX_REDIRECTS}) starting at ${redactUrl(url)}` });
      this.log.debug(`redirect ${res.status} → ${redactUrl(next)}`);
      if (res.status === 303) currentInit = { ...currentInit, method: 'GET', body: undefined };
      current = next;
    }
  }

  private async readText(res: Response, ctl: AbortController): Promise<string> {
    const chunks: Uint8Array[] = [];
    for await (const c of this.guard(res, ctl)) chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Body bytes with the idle timeout; a silence longer than timeoutSeconds aborts with `timeout`. One timer, refreshed per read. */
  private async *guard(res: Response, ctl: AbortController): AsyncGenerator<Uint8Array> {
    if (!res.body) return;
    const reader = res.body.getReader();
    const timer = setTimeout(() => ctl.abort(new AttemptTimeout('body')), this.timeoutMs);
    try {
      for (;;) {
        timer.refresh();
        let r: Awaited<ReturnType<typeof reader.read>>;
        try {
          r = await reader.read();
        } catch (e) {
          if (ctl.signal.aborted && ctl.signal.reason instanceof AttemptTimeout) {
            throw new MaasError({ kind: 'timeout', message: `The gateway sent nothing for ${this.endpoint.timeoutSeconds} s; the stream was stopped (raise timeoutSeconds if the model is slow)` });
          }
          if (ctl.signal.aborted) throw ctl.signal.reason;
          throw new MaasError({ kind: 'network', message: `The connection broke while reading the answer: ${causeText(e)}`, cause: e });
        }
        if (r.done) return;
        yield r.value;
      }
    } finally {
      clearTimeout(timer);
      reader.cancel().catch(() => undefined);
    }
  }

  private wrap(res: Response, url: string, ctl: AbortController, release: () => void): HttpResponse {
    let used = false;
    const body = async function* (this: HttpClient): AsyncGenerator<Uint8Array> {
      if (used) throw new Error('body already consumed');
      used = true;
      try { yield* this.guard(res, ctl); } finally { release(); }
    }.bind(this);
    const text = async () => {
      const chunks: Uint8Array[] = [];
      for await (const c of body()) chunks.push(c);
      return Buffer.concat(chunks).toString('utf8');
    };
    return {
      status: res.status, headers: res.headers, url: res.url || url, body, text,
      json: async () => {
        const t = await text();
        try { return JSON.parse(t) as unknown; } catch {
          throw new MaasError({ kind: 'protocol', message: `Expected JSON from ${redactUrl(url)} but got: ${t.slice(0, 200) || '(an empty body)'}` });
        }
      },
    };
  }
}
