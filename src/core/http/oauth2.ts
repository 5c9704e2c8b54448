/**
 * OAuth2 client credentials, for any platform (docs/endpoints.md, intel-tiber notes): HTTP Basic with
 * the id and secret form-encoded first (RFC 6749 §2.3.1), token cached until 60 s before expiry
 * (5 minutes when expires_in is absent), concurrent requests share one refresh. The token response is
 * never logged.
 */
import * as z from 'zod';
import { connectionFailure } from './failure';
import { MaasError, composeMessage, extractReason, kindForStatus, reasonBeyondStatus } from '../errors';
import { DEFAULT_BODY_LIMITS, formatBytes, type BodyLimits } from '../limits';
import { BodyTooLarge, declaredLength, readAtMost, readPrefix } from './body';
import type { Transport, TransportResponse } from './types';
import { redactUrl } from './redact';

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
}).loose();

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

export class OAuth2TokenCache {
  private cached?: CachedToken;
  private pending?: Promise<CachedToken>;

  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
    private readonly limits: BodyLimits = DEFAULT_BODY_LIMITS,
  ) {}

  /** The Authorization header value, fetching a token when none is cached or it is about to expire. */
  async authorization(opts: OAuth2Options, signal: AbortSignal): Promise<string> {
    if (this.cached && this.cached.expiresAt > this.now()) return this.cached.header;
    if (!this.pending) {
      this.pending = this.fetchToken(opts, signal).finally(() => { this.pending = undefined; });
    }
    const t = await this.pending;
    this.cached = t;
    return t.header;
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
      // A certificate not trusted, or a proxy asking for credentials, is said as such (with its fix), as for any request.
      const failure = timedOut ? undefined : connectionFailure(e, opts.tokenUrl);
      if (failure && failure.kind !== 'network') {
        throw new MaasError({ kind: failure.kind, ...(failure.status !== undefined ? { status: failure.status } : {}), message: `Could not get an access token from ${redactUrl(opts.tokenUrl)}: ${failure.message}`, cause: e });
      }
      throw new MaasError({
        kind: timedOut ? 'timeout' : 'network',
        message: `Could not get an access token from ${redactUrl(opts.tokenUrl)}${timedOut ? ' (timed out)' : ''}: ${(e as Error).message}`,
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
      throw new MaasError({ kind, status: res.status, message: composeMessage(sentence, reasonBeyondStatus(extractReason(text), res.status)) });
    }
    let parsed: z.infer<typeof tokenResponse>;
    try {
      parsed = tokenResponse.parse(JSON.parse(text));
    } catch {
      throw new MaasError({ kind: 'protocol', message: `The token endpoint ${redactUrl(opts.tokenUrl)} did not answer with an OAuth2 token (no access_token in a JSON body)` });
    }
    const type = parsed.token_type && parsed.token_type.toLowerCase() !== 'bearer' ? parsed.token_type : 'Bearer';
    const lifetimeMs = parsed.expires_in !== undefined ? Math.max(0, parsed.expires_in * 1000 - 60_000) : 5 * 60_000;
    return { header: `${type} ${parsed.access_token}`, value: parsed.access_token, expiresAt: this.now() + lifetimeMs };
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
