/**
 * What a failed request becomes, whichever transport carried it: certificate failures → `tls` (naming
 * the actual cause: an expired certificate, one for other names, an issuer nobody trusts), a proxy asking
 * for credentials → `config`, anything else that broke the connection → `network`, in plain words. fetch
 * wraps the cause in `TypeError: fetch failed`; undici's dispatcher throws it bare: both are walked.
 */
import { MaasError } from '../errors';
import { originOf } from '../endpoint/url';
import { shownString } from '../endpoint/shown-value';
import { DecodeError } from './decompress';

/** fetch's own wrapper messages, which say nothing the cause does not. */
const FETCH_WRAPPERS = new Set(['fetch failed', 'terminated']);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i;
/** A certificate whose issuer is not among the trusted roots. */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

/** What the server's certificate says, when it could be read (tls-diagnosis.ts). */
export interface PeerCertificate {
  /** ISO dates (YYYY-MM-DD). */
  validFrom?: string;
  validTo?: string;
  /** The names it is for (subjectAltName entries, else its common name). */
  names: string[];
}

/** What the endpoint's settings say, for advice that fits them. */
export interface FailureContext {
  caFile?: string;
  /** The server's certificate, read after a certificate failure. */
  peer?: PeerCertificate;
  /** The proxy variables in effect (names only matter, and whether they carry credentials). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the proxy's credentials go when the proxy is not from the environment (VS Code's settings). */
  proxyCredentialsIn?: string;
}

type Cause = { code?: unknown; message?: unknown; cert?: unknown; host?: unknown };

function* causes(e: unknown, depth: number): Generator<Cause> {
  for (let c: unknown = e, i = 0; c && i < depth; c = (c as { cause?: unknown }).cause, i++) yield c;
}

/** The certificate error code along the cause chain (`CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`…). */
export function tlsCode(e: unknown): string | undefined {
  for (const c of causes(e, 5)) if (typeof c.code === 'string' && TLS_CODE.test(c.code)) return c.code;
  return undefined;
}

export function isTlsError(e: unknown): boolean {
  return tlsCode(e) !== undefined;
}

/** True when the server's certificate must be read to name the cause (its dates, or its names when the error has none). */
export function needsPeerCertificate(e: unknown): boolean {
  const code = tlsCode(e);
  return code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID' || (code === 'ERR_TLS_CERT_ALTNAME_INVALID' && altNames(e) === undefined);
}

/** Connection failures in plain words. */
const PLAIN: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused; is the server running, and is the port right?',
  ECONNRESET: 'the server closed the connection',
  UND_ERR_SOCKET: 'the server closed the connection',
  EPIPE: 'the server closed the connection',
  UND_ERR_CLOSED: 'the connection was closed',
  ENOTFOUND: 'the host name was not found (DNS)',
  EAI_AGAIN: 'the host name could not be looked up (DNS did not answer)',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_HEADERS_OVERFLOW: 'the server sent response headers that are too large',
  HPE_INVALID_CONSTANT: 'the server did not answer with HTTP (is it HTTPS, or another protocol?)',
};

function causeCode(e: unknown): string | undefined {
  for (const c of causes(e, 5)) if (typeof c.code === 'string') return c.code;
  return undefined;
}

/**
 * The first plain sentence for a code along the cause chain; an operating-system code (ECONNREFUSED…)
 * follows in parentheses, for a search, while undici's own codes (UND_ERR_…) say nothing more and are left out.
 */
function plainCause(e: unknown): string | undefined {
  for (const c of causes(e, 5)) {
    if (typeof c.code !== 'string' || !PLAIN[c.code]) continue;
    const sentence = PLAIN[c.code];
    if (c.code.startsWith('UND_ERR_')) return sentence;
    const q = sentence.indexOf(';');
    return q >= 0 ? `${sentence.slice(0, q)} (${c.code})${sentence.slice(q)}` : `${sentence} (${c.code})`;
  }
  return undefined;
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

/** The names of the certificate a host-name failure carries (Node puts the certificate on the error). */
function altNames(e: unknown): string[] | undefined {
  for (const c of causes(e, 5)) {
    const cert = c.cert as { subjectaltname?: unknown; subject?: { CN?: unknown } } | undefined;
    if (cert && typeof cert === 'object') return certificateNames(cert.subjectaltname, cert.subject?.CN);
  }
  return undefined;
}

/** `DNS:a, IP Address:1.2.3.4` (or the common name) → `['a', '1.2.3.4']`. */
export function certificateNames(subjectAltName: unknown, commonName?: unknown): string[] {
  const names = typeof subjectAltName === 'string'
    ? subjectAltName.split(',').map((s) => s.trim().replace(/^(?:DNS|IP Address):/i, '')).filter(Boolean)
    : [];
  if (!names.length && typeof commonName === 'string' && commonName) names.push(commonName);
  return names;
}

function nameList(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => shownString(n)).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/**
 * A proxy that answered 407: undici's tunnel says `Proxy response (407) !== 200 when HTTP Tunneling` (an
 * abort error, UND_ERR_ABORTED, which must not read as a cancellation); other proxy agents put the status
 * on the error or say "407" and "proxy" in its message.
 */
function proxyWantsCredentials(e: unknown): boolean {
  for (const c of causes(e, 5)) {
    const status = (c as { statusCode?: unknown; status?: unknown }).statusCode ?? (c as { status?: unknown }).status;
    if (status === 407) return true;
    if (typeof c.message === 'string' && (/Proxy response \(407\)/.test(c.message) || (/\b407\b/.test(c.message) && /proxy|tunnel/i.test(c.message)))) return true;
  }
  return false;
}

/** The proxy variable a request to `url` uses, and whether it carries a user name. */
function proxyVariable(url: string, env: Readonly<Record<string, string | undefined>>): { name: string; withCredentials: boolean } | undefined {
  const https = url.startsWith('https:');
  const names = https ? ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] : ['HTTP_PROXY', 'http_proxy'];
  for (const name of names) {
    const v = env[name];
    if (!v) continue;
    let withCredentials = false;
    try { withCredentials = Boolean(new URL(v).username); } catch { /* not a URL: no credentials */ }
    return { name: name.toUpperCase(), withCredentials };
  }
  return undefined;
}

/** A proxy's 407: configuration (the proxy credentials), never retried. */
export function proxyAuthFailure(url: string, env: Readonly<Record<string, string | undefined>> = process.env, cause?: unknown, credentialsIn?: string): MaasError {
  const v = proxyVariable(url, env);
  const message = credentialsIn
    ? `The proxy asks for credentials or rejected them (407); set them in ${credentialsIn}`
    : v?.withCredentials
    ? `The proxy rejected the credentials in ${v.name} (407); check the user name and password in it (http://user:password@host:port, special characters percent-encoded)`
    : `The proxy asks for credentials (407); put them in ${v?.name ?? 'HTTPS_PROXY'} as http://user:password@host:port`;
  return new MaasError({ kind: 'config', status: 407, message, ...(cause !== undefined ? { cause } : {}) });
}

/** A certificate failure, named by its actual cause and the setting (or server change) that fixes it. */
function tlsFailure(e: unknown, url: string, ctx: FailureContext): MaasError {
  const origin = originOf(url);
  const code = tlsCode(e) ?? 'TLS';
  const peer = ctx.peer;
  const caFile = ctx.caFile ? `tls.caFile ${shownString(ctx.caFile)}` : undefined;
  let message: string;
  if (code === 'CERT_HAS_EXPIRED') {
    message = `The TLS certificate of ${origin} expired${peer?.validTo ? ` on ${peer.validTo}` : ''}; the server's certificate must be renewed (no CA setting fixes an expired certificate; check this computer's clock if the date looks wrong)`;
  } else if (code === 'CERT_NOT_YET_VALID') {
    message = `The TLS certificate of ${origin} is not valid yet${peer?.validFrom ? ` (only from ${peer.validFrom})` : ''}; check this computer's clock`;
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = altNames(e) ?? peer?.names;
    const host = new URL(url).hostname;
    message = `The TLS certificate of ${origin} is for ${names?.length ? nameList(names) : 'other names'}, not ${host}; use a base URL with a name the certificate lists, or have the certificate reissued (no CA setting fixes a name mismatch)`;
  } else if (UNTRUSTED.has(code)) {
    message = caFile
      ? `The TLS certificate of ${origin} is not signed by a CA in ${caFile} or this computer's roots (${code}); that file must hold the CA that issued the server's certificate (its root, and any intermediate the server does not send)`
      : `The TLS certificate of ${origin} is not signed by a CA this computer trusts (${code}); set the endpoint's tls.caFile to your organisation's CA bundle (PEM)`;
  } else {
    message = `The TLS connection to ${origin} failed: ${causeText(e)}`;
  }
  return new MaasError({ kind: 'tls', message, cause: e });
}

/** A request that failed before its response headers arrived (our own timeouts are handled by the caller). */
export function connectionFailure(e: unknown, url: string, ctx: FailureContext = {}): MaasError {
  if (isTlsError(e)) return tlsFailure(e, url, ctx);
  if (proxyWantsCredentials(e)) return proxyAuthFailure(url, ctx.env ?? process.env, e, ctx.proxyCredentialsIn);
  if (causeCode(e) === 'UND_ERR_INVALID_ARG') {
    // Nothing went over the network: something of ours could not be put into a request (local, not retried).
    return new MaasError({ kind: 'config', message: `A request to ${originOf(url)} could not be sent: a header or the credential holds characters HTTP does not allow; check the endpoint's headers and credential`, cause: e });
  }
  return new MaasError({ kind: 'network', message: `Could not reach ${originOf(url)}; check the base URL, network and proxy: ${plainCause(e) ?? causeText(e)}`, cause: e });
}

/** A body that stopped arriving, or could not be decoded. */
export function bodyFailure(e: unknown): MaasError {
  if (e instanceof DecodeError) {
    return new MaasError({ kind: 'protocol', message: `The gateway's answer is not what its content-encoding says: ${e.message}`, cause: e });
  }
  const plain = plainCause(e);
  return new MaasError({ kind: 'network', message: `The connection broke while reading the answer: ${plain ?? causeText(e)}`, cause: e });
}
