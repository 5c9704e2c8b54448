/**
 * OAuth2 client credentials, for any platform (docs/endpoints.md, intel-tiber notes): HTTP Basic with
 * the id and secret form-encoded first (RFC 6749 §2.3.1), token cached until 60 s before expiry
 * (5 minutes when expires_in is absent or not a positive number, at most 24 hours), concurrent requests
 * share one refresh that no single caller's cancellation aborts. The token response is
 * never logged.
 */
import * as z from 'zod';
import { MaasError, composeMessage, extractReason, kindForStatus, reasonBeyondStatus } from '../errors';
import { DEFAULT_BODY_LIMITS, formatBytes, type BodyLimits } from '../limits';
import { BodyTooLarge, declaredLength, readAtMost, readPrefix } from './body';
import type { Transport, TransportResponse } from './types';
import { redactUrl } from './redact';
import { scrubSecrets } from '../secret-forms';
import { connectionFailure, needsPeerCertificate } from './failure';
import { peerCertificate } from './tls-diagnosis';

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.unknown().optional(),
  expires_in: z.unknown().optional(),
}).loose();

/** Used when `expires_in` is absent, null or not a positive number. */
export const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000;
/** The longest a token is cached, whatever the server says. */
export const MAX_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;
/** A token is fetched again this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * How long a token is cached, from `expires_in` as servers send it: a number of seconds, a string of
 * one (`"3600"`, Google-style `"3600s"`), null or absent (→ 5 minutes); 60 s before it runs out, at most
 * 24 hours (a huge value is clamped, never an overflow).
 */
export function tokenLifetimeMs(expiresIn: unknown): number {
  let seconds: number | undefined;
  if (typeof expiresIn === 'number') seconds = expiresIn;
  else if (typeof expiresIn === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/i.exec(expiresIn);
    if (m) seconds = Number(m[1]);
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return DEFAULT_TOKEN_LIFETIME_MS;
  return Math.min(MAX_TOKEN_LIFETIME_MS, Math.max(0, seconds * 1000 - EXPIRY_MARGIN_MS));
}

export interface OAuth2Options {
  tokenUrl: string;
  scope?: string;
  clientId: string;
  clientSecret: string;
}

function formEncode(s: string): string {
  return new URLSearchParams({ v: s }).toString().slice(2);
}

export function basicAuthHeader(clientId: string, clientSecret: string): string {
  return 'Basic ' + Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64');
}

interface CachedToken { header: string; value: string; expiresAt: number }

/** The one token request in flight, shared by every caller that needs a token meanwhile. */
interface PendingToken {
  promise: Promise<CachedToken>;
  /** Aborts the shared request: only once every waiter has stopped waiting. */
  ctl: AbortController;
  waiters: number;
}

/** Waits for `promise` until `signal` aborts (then rejects with its reason); the promise itself goes on. */
function waitUntilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}

export class OAuth2TokenCache {
  private cached?: CachedToken;
  private pending?: PendingToken;

  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
    private readonly limits: BodyLimits = DEFAULT_BODY_LIMITS,
    /** The endpoint's tls.caFile, for advice on a certificate failure of the token URL. */
    private readonly caFile?: string,
  ) {}

  /**
   * The Authorization header value, fetching a token when none is cached or it is about to expire.
   * Concurrent callers share one token request; each stops waiting on its own signal only, and the
   * shared request is aborted only when every caller waiting for it has gone.
   */
  async authorization(opts: OAuth2Options, signal: AbortSignal): Promise<string> {
    if (this.cached && this.cached.expiresAt > this.now()) return this.cached.header;
    if (signal.aborted) throw signal.reason;
    if (!this.pending) {
      const ctl = new AbortController();
      const p: PendingToken = { ctl, waiters: 0, promise: Promise.resolve() as unknown as Promise<CachedToken> };
      p.promise = this.fetchToken(opts, ctl.signal)
        .then((t) => { this.cached = t; return t; })
        .finally(() => { if (this.pending === p) this.pending = undefined; });
      // Nobody may be waiting when it fails (every waiter was cancelled): that is not an unhandled rejection.
      p.promise.catch(() => undefined);
      this.pending = p;
    }
    const p = this.pending;
    p.waiters++;
    let settled = false;
    try {
      const t = await waitUntilAborted(p.promise, signal);
      settled = true;
      return t.header;
    } catch (e) {
      settled = !signal.aborted;
      throw e;
    } finally {
      p.waiters--;
      if (!settled && p.waiters === 0 && this.pending === p) {
        this.pending = undefined;
        p.ctl.abort(signal.reason);
      }
    }
  }

  /**
   * After a 401 for `rejectedHeader`: forget that token (a newer one, fetched meanwhile by a concurrent
   * request, is kept). Always worth one retry: the next call fetches or reuses the fresh token.
   */
  invalidate(rejectedHeader?: string): boolean {
    if (!this.cached || rejectedHeader === undefined || this.cached.header === rejectedHeader) this.cached = undefined;
    return true;
  }

  /** The current access token, for scrubbing it out of messages. */
  currentToken(): string | undefined {
    return this.cached?.value;
  }

  private async fetchToken(opts: OAuth2Options, signal: AbortSignal): Promise<CachedToken> {
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (opts.scope) body.set('scope', opts.scope);
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => ctl.abort(new Error('timeout')), this.timeoutMs);
    let res: TransportResponse | undefined;
    let text: string;
    const ok = (status: number) => status >= 200 && status < 300;
    try {
      res = await this.transport.send({
        url: opts.tokenUrl, method: 'POST', signal: ctl.signal,
        headers: {
          authorization: basicAuthHeader(opts.clientId, opts.clientSecret),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: body.toString(),
      });
      text = ok(res.status) ? await this.readToken(res) : await this.readError(res, ctl);
    } catch (e) {
      res?.cancel();
      if (signal.aborted) throw signal.reason;
      if (e instanceof MaasError) throw e;
      const timedOut = ctl.signal.aborted;
      // Classified like any request's failure: a certificate problem of the token URL is `tls`, a proxy's 407 `config`.
      const failure = timedOut ? undefined : connectionFailure(e, opts.tokenUrl, {
        ...(this.transport.proxyCredentialsIn ? { proxyCredentialsIn: this.transport.proxyCredentialsIn } : {}),
        ...(this.caFile ? { caFile: this.caFile } : {}),
        ...(needsPeerCertificate(e) ? { peer: await peerCertificate(opts.tokenUrl) } : {}),
      });
      throw new MaasError({
        kind: failure?.kind ?? 'timeout',
        ...(failure?.status !== undefined ? { status: failure.status } : {}),
        message: scrubSecrets(`Could not get an access token from ${redactUrl(opts.tokenUrl)}${timedOut ? ' (timed out)' : `: ${failure?.message ?? ''}`}`, [opts.clientId, opts.clientSecret]),
        cause: e,
      });
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted) throw signal.reason;
    if (!ok(res.status)) {
      const kind = res.status === 400 || res.status === 401 ? 'auth' : kindForStatus(res.status);
      const sentence = kind === 'auth'
        ? `The token endpoint ${redactUrl(opts.tokenUrl)} rejected the client id or secret (${res.status}); check both`
        : `The token endpoint ${redactUrl(opts.tokenUrl)} failed (${res.status})`;
      // A token endpoint may echo what it was sent (the Basic credentials, the id, the secret): scrubbed in every form.
      throw new MaasError({ kind, status: res.status, message: scrubSecrets(composeMessage(sentence, reasonBeyondStatus(extractReason(text), res.status)), [opts.clientId, opts.clientSecret]) });
    }
    let parsed: z.infer<typeof tokenResponse>;
    try {
      parsed = tokenResponse.parse(JSON.parse(text));
    } catch {
      throw new MaasError({ kind: 'protocol', message: `The token endpoint ${redactUrl(opts.tokenUrl)} did not answer with an OAuth2 token (no access_token in a JSON body)` });
    }
    if (!/^[\x21-\x7e]+$/.test(parsed.access_token)) {
      throw new MaasError({ kind: 'protocol', message: `The token endpoint ${redactUrl(opts.tokenUrl)} answered with an access_token that cannot be sent in a header (it holds spaces, line breaks or non-ASCII characters)` });
    }
    const tokenType = typeof parsed.token_type === 'string' && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(parsed.token_type) ? parsed.token_type : undefined;
    const type = tokenType && tokenType.toLowerCase() !== 'bearer' ? tokenType : 'Bearer';
    return { header: `${type} ${parsed.access_token}`, value: parsed.access_token, expiresAt: this.now() + tokenLifetimeMs(parsed.expires_in) };
  }

  /** A token response is small: at most the JSON cap, refused early when its declared length is over it. */
  private async readToken(res: TransportResponse): Promise<string> {
    const limit = this.limits.jsonBytes;
    const tooLarge = () => new MaasError({ kind: 'protocol', message: `The token response from ${redactUrl(res.url)} is larger than ${formatBytes(limit)}; it was not read` });
    const declared = declaredLength(res.headers);
    if (declared !== undefined && declared > limit) { res.cancel(); throw tooLarge(); }
    try {
      return (await readAtMost(res.body, limit)).toString('utf8');
    } catch (e) {
      if (e instanceof BodyTooLarge) throw tooLarge();
      throw e;
    } finally {
      res.cancel();
    }
  }

  /** An error answer: its first bytes only, read under the error deadline. */
  private async readError(res: TransportResponse, ctl: AbortController): Promise<string> {
    const deadline = setTimeout(() => ctl.abort(new Error('error body deadline')), this.limits.errorDeadlineMs);
    try {
      return (await readPrefix(res.body, this.limits.errorBytes)).toString('utf8');
    } finally {
      clearTimeout(deadline);
      res.cancel();
    }
  }
}
