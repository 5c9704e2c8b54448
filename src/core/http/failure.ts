/**
 * What a failed request becomes, whichever transport carried it: certificate failures → `tls`, a proxy
 * asking for credentials → `config`, anything else that broke the connection → `network`. fetch wraps
 * the cause in `TypeError: fetch failed`; undici's dispatcher throws it bare: both are walked.
 */
import { MaasError } from '../errors';
import { originOf } from '../endpoint/url';
import { DecodeError } from './decompress';

/** fetch's own wrapper messages, which say nothing the cause does not. */
const FETCH_WRAPPERS = new Set(['fetch failed', 'terminated']);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i;

function* causes(e: unknown, depth: number): Generator<{ code?: unknown; message?: unknown }> {
  for (let c: unknown = e, i = 0; c && i < depth; c = (c as { cause?: unknown }).cause, i++) yield c;
}

export function isTlsError(e: unknown): boolean {
  for (const c of causes(e, 5)) if (typeof c.code === 'string' && TLS_CODE.test(c.code)) return true;
  return false;
}

/** The codes and messages along the cause chain, e.g. `ECONNREFUSED` or `UND_ERR_SOCKET: other side closed`. */
export function causeText(e: unknown): string {
  const parts: string[] = [];
  for (const c of causes(e, 4)) {
    if (typeof c.code === 'string' && !parts.includes(c.code)) parts.push(c.code);
    else if (typeof c.message === 'string' && c.message && !FETCH_WRAPPERS.has(c.message) && !parts.includes(c.message)) parts.push(c.message);
  }
  return parts.join(': ') || String(e);
}

function proxyWantsCredentials(e: unknown): boolean {
  for (const c of causes(e, 5)) if (typeof c.message === 'string' && /Proxy response \(407\)/.test(c.message)) return true;
  return false;
}

/** A request that failed before its response headers arrived (our own timeouts are handled by the caller). */
export function connectionFailure(e: unknown, url: string): MaasError {
  if (isTlsError(e)) {
    return new MaasError({ kind: 'tls', message: `The TLS certificate of ${originOf(url)} was not accepted; set the endpoint's tls.caFile to your CA bundle: ${causeText(e)}`, cause: e });
  }
  if (proxyWantsCredentials(e)) {
    return new MaasError({ kind: 'config', status: 407, message: `The proxy asks for credentials (407); put them in HTTPS_PROXY as http://user:password@host:port`, cause: e });
  }
  return new MaasError({ kind: 'network', message: `Could not reach ${originOf(url)}; check the base URL, network and proxy: ${causeText(e)}`, cause: e });
}

/** A body that stopped arriving, or could not be decoded. */
export function bodyFailure(e: unknown): MaasError {
  if (e instanceof DecodeError) {
    return new MaasError({ kind: 'protocol', message: `The gateway's answer is not what its content-encoding says: ${e.message}`, cause: e });
  }
  return new MaasError({ kind: 'network', message: `The connection broke while reading the answer: ${causeText(e)}`, cause: e });
}
