import type * as Http from 'node:http';
import { isObj, type JsonObject } from './json';
import type { Auth } from './endpoint/schema';

/** Error taxonomy (docs/architecture.md): every failure core reports is a MaasError with one of these kinds. */
export const ERROR_KINDS = [
  'auth', 'forbidden', 'not_found', 'timeout', 'rate_limited', 'bad_request',
  'server', 'network', 'tls', 'protocol', 'config',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface MaasErrorInit {
  kind: ErrorKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

export class MaasError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  constructor(init: MaasErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'MaasError';
    this.kind = init.kind;
    if (init.status !== undefined && init.status !== 200) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
  /** The wire form used by `maas --json` and the `error` stream event. */
  toJSON(): { type: 'error'; kind: ErrorKind; status?: number; message: string; retryAfterMs?: number } {
    return {
      type: 'error', kind: this.kind,
      ...(this.status !== undefined ? { status: this.status } : {}),
      message: this.message,
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }
}

export function isMaasError(e: unknown): e is MaasError {
  return e instanceof MaasError;
}

/** HTTP status → kind. */
export function kindForStatus(status: number): ErrorKind {
  switch (status) {
    case 401: return 'auth';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 408: case 504: return 'timeout';
    case 429: return 'rate_limited';
    case 400: case 413: case 422: return 'bad_request';
    default:
      if (status === 424 || status >= 500) return 'server';
      if (status >= 400) return 'bad_request';
      return 'protocol';
  }
}

/** gRPC status code (Intel's grpc-gateway) → kind. */
export function kindForGrpcCode(code: number): ErrorKind {
  switch (code) {
    case 3: return 'bad_request';
    case 4: return 'timeout';
    case 5: return 'not_found';
    case 7: return 'forbidden';
    case 8: return 'rate_limited';
    case 14: return 'server';
    case 16: return 'auth';
    default: return 'server';
  }
}

/** gRPC code → the HTTP status grpc-gateway would use (so `status` is never 200 for an in-stream error). */
export function httpStatusForGrpcCode(code: number): number | undefined {
  const map: Record<number, number> = { 3: 400, 4: 504, 5: 404, 7: 403, 8: 429, 14: 503, 16: 401, 13: 500, 2: 500 };
  return map[code];
}

/** What a rejected credential (401) means, in the words of the endpoint's own auth type. */
function authSentence(auth?: Auth['type']): string {
  switch (auth) {
    case 'bearer': case 'header': return 'The gateway rejected the API key (401); check or replace it';
    case 'oauth2': return 'The gateway rejected the OAuth2 client credentials (401); check the client id and secret';
    case 'none': return 'The gateway wants a credential (401) but this endpoint sends none; set its auth and store a key';
    default: return 'The gateway rejected the credential (401); check or replace it';
  }
}

/** The first sentence of an error message: what went wrong, in words a user can act on. */
export function actionableSentence(kind: ErrorKind, status?: number, auth?: Auth['type']): string {
  switch (kind) {
    case 'auth': return authSentence(auth);
    case 'forbidden': return 'The gateway refused access (403); the credential is valid but not allowed to use this model or route';
    case 'not_found': return 'Not found (404); check the base URL and the model id';
    case 'timeout': return status ? `The gateway timed out (${status}); try again or raise timeoutSeconds` : 'The request timed out; try again or raise timeoutSeconds';
    case 'rate_limited': return `Rate limited${status ? ` (${status})` : ''}; wait and try again`;
    case 'bad_request': return `The gateway rejected the request${status ? ` (${status})` : ''}; check the model id and parameters`;
    case 'server': return `The gateway or model server failed${status ? ` (${status})` : ''}; try again later`;
    case 'network': return 'Could not reach the gateway; check the base URL, network and proxy';
    case 'tls': return 'The TLS certificate was not accepted; set tls.caFile to your CA bundle';
    case 'protocol': return 'The gateway answered with something that is not what this platform sends; check the platform and base URL';
    case 'config': return 'Configuration problem';
  }
}

type Json = unknown;
const asRecord = (v: Json): JsonObject | undefined => (isObj(v) ? v : undefined);

/**
 * The server's own reason, in this order: error.message, error_description, a string error,
 * message, detail (a string, or the msg of its first entry); for a non-JSON body, its text (≤300 chars).
 * `body` is the body's text (parsed here) or a value already parsed from JSON.
 */
export function extractReason(body: Json): string | undefined {
  let parsed: Json = body;
  if (typeof body === 'string') {
    const text = body.trim();
    if (!text) return undefined;
    try { parsed = JSON.parse(text); } catch { return text.length > 300 ? text.slice(0, 300) + '…' : text; }
  }
  const o = asRecord(parsed);
  if (!o) return typeof parsed === 'string' ? parsed : undefined;
  const err = asRecord(o.error);
  if (err && typeof err.message === 'string' && err.message) return err.message;
  if (typeof o.error_description === 'string' && o.error_description) return o.error_description;
  if (typeof o.error === 'string' && o.error) return o.error;
  if (typeof o.message === 'string' && o.message) return o.message;
  if (typeof o.detail === 'string' && o.detail) return o.detail;
  if (Array.isArray(o.detail) && o.detail.length) {
    const first = asRecord(o.detail[0]);
    if (first && typeof first.msg === 'string') return first.msg;
  }
  return undefined;
}

/** True when a JSON error body says the server is overloaded (TGI/TEI `overloaded`, Anthropic `overloaded_error`). */
export function isOverloadedBody(parsed: Json): boolean {
  const o = asRecord(parsed);
  if (!o) return false;
  const t = typeof o.error_type === 'string' ? o.error_type : asRecord(o.error)?.type;
  return typeof t === 'string' && /^overloaded/i.test(t);
}

export interface HttpErrorInput {
  status: number;
  body: string;
  authReason?: string | null;
  retryAfterMs?: number;
  /** The endpoint's auth type, so a 401 names what to check (API key, client id and secret). */
  authType?: Auth['type'];
}

let statusCodes: typeof Http.STATUS_CODES | undefined;

/** node:http's status phrases, loaded when first needed: nothing else of it is needed to classify errors. */
function statusPhrase(status: number): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  statusCodes ??= (require('node:http') as typeof Http).STATUS_CODES;
  return statusCodes[status];
}

const letters = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');

/** The server's reason, unless it only repeats the status ("Unauthorized" after a 401 says nothing new). */
export function reasonBeyondStatus(reason: string | undefined, status: number): string | undefined {
  if (!reason) return undefined;
  const phrase = statusPhrase(status);
  return phrase && letters(reason) === letters(phrase) ? undefined : reason;
}

/** Build the MaasError for a non-2xx response. */
export function errorFromHttp(input: HttpErrorInput): MaasError {
  let parsed: Json;
  try { parsed = JSON.parse(input.body); } catch { parsed = undefined; }
  let kind = kindForStatus(input.status);
  if (isOverloadedBody(parsed)) kind = 'rate_limited';
  return new MaasError({
    kind, status: input.status,
    message: composeMessage(actionableSentence(kind, input.status, input.authType), reasonBeyondStatus(extractReason(input.body), input.status), reasonBeyondStatus(input.authReason ?? undefined, input.status)),
    ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
  });
}

/** `<sentence>: <reason> (<x-ext-auth-reason>)`; the header is the reason itself when the body said nothing. */
export function composeMessage(sentence: string, reason?: string, authReason?: string | null): string {
  let msg = sentence;
  if (reason) msg += `: ${reason}`;
  if (authReason) msg += reason ? ` (${authReason})` : `: ${authReason}`;
  return msg;
}

/** An error event that arrived inside a 200 stream: `{"error": {...}}`, `{"error":"…","error_type"}`, Anthropic or grpc-gateway. */
export function errorFromStreamPayload(payload: Json): MaasError {
  const o = asRecord(payload) ?? {};
  const err = asRecord(o.error);
  let status: number | undefined;
  let kind: ErrorKind = 'server';
  if (err) {
    const code = typeof err.code === 'number' ? err.code : undefined;
    const httpCode = typeof err.http_status_code === 'number' ? err.http_status_code : undefined;
    if (httpCode !== undefined && httpCode !== 200) { status = httpCode; kind = kindForStatus(httpCode); }
    else if (code !== undefined && code >= 400 && code < 600) { status = code; kind = kindForStatus(code); }
    else if (code !== undefined && code > 0 && code <= 16) { kind = kindForGrpcCode(code); status = httpStatusForGrpcCode(code); }
    const t = typeof err.type === 'string' ? err.type : '';
    if (/overloaded|rate_limit/i.test(t)) kind = 'rate_limited';
    else if (status === undefined) {
      if (/authentication/i.test(t)) kind = 'auth';
      else if (/permission/i.test(t)) kind = 'forbidden';
      else if (/not_found/i.test(t)) kind = 'not_found';
      else if (/invalid_request|badrequest/i.test(t)) kind = 'bad_request';
    }
  } else if (typeof o.error === 'string') {
    const t = typeof o.error_type === 'string' ? o.error_type : '';
    if (/overloaded/i.test(t)) kind = 'rate_limited';
    else if (/validation|tokenizer/i.test(t)) kind = 'bad_request';
  }
  const reason = extractReason(payload) ?? 'the stream reported an error';
  return new MaasError({ kind, ...(status !== undefined ? { status } : {}), message: composeMessage('The model server reported an error mid-stream', reason) });
}

export function configError(message: string): MaasError {
  return new MaasError({ kind: 'config', message });
}
