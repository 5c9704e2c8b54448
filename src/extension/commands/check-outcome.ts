/**
 * The words of the connection check that ends Add Endpoint and Edit Endpoint: one plain sentence for what
 * happened, and which ways on to offer. Pure (no 'vscode'); never repeats a secret or a URL's password.
 */
import { actionableSentence, type ErrorKind } from '../../core/errors';

export type CheckOutcome =
  | { ok: true; modelCount: number }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled?: false; kind: ErrorKind; status?: number; message: string };

export type CheckFailure = Exclude<CheckOutcome, { ok: true }>;

export interface CheckContext {
  baseUrl: string;
  /** e.g. "API key", "endpoint key", "client credentials". */
  keyName: string;
  /** e.g. "GPUStack". */
  platformLabel: string;
  /** Whether a credential was given (an empty optional key makes a 401 mean "a key is needed"). */
  hasKey: boolean;
}

/** A URL fit to show: no user:password@ part, no trailing slash. */
export function shownUrl(url: string): string {
  return url.trim().replace(/\/\/[^/@\s]*@/, '//').replace(/\/+$/, '');
}

function originOf(url: string): string {
  try { return new URL(shownUrl(url)).origin; } catch { return shownUrl(url); }
}

/** "5 models", "1 model", "the gateway lists no models yet". */
export function modelsFound(n: number): string {
  return n === 0 ? 'the gateway lists no models yet' : `${n} model${n === 1 ? '' : 's'}`;
}

/** The outcome of a failed or cancelled check in one plain sentence. */
export function failureSentence(o: CheckFailure, c: CheckContext): string {
  if (o.cancelled) return 'The connection check was cancelled before the gateway answered.';
  const code = o.status ? ` (${o.status})` : '';
  switch (o.kind) {
    case 'auth': return c.hasKey ? `The gateway rejected the ${c.keyName}${code || ' (401)'}.` : `The gateway asks for a key${code || ' (401)'}, and none was given.`;
    case 'forbidden': return `The gateway refused the ${c.keyName}${code || ' (403)'}: it is valid but not allowed here.`;
    case 'not_found': return `Nothing was found at ${shownUrl(c.baseUrl)}${code}: the address may be wrong.`;
    case 'network': return `Could not reach ${originOf(c.baseUrl)}.`;
    case 'timeout': return `${originOf(c.baseUrl)} did not answer in time${code}.`;
    case 'tls': return `The certificate of ${originOf(c.baseUrl)} was not accepted.`;
    case 'protocol': return `${shownUrl(c.baseUrl)} answered, but not the way a ${c.platformLabel} gateway does: the address or the platform may be wrong.`;
    case 'rate_limited': return `The gateway is busy${code}; it asked to wait before trying again.`;
    case 'server': return `The gateway failed${code}; it may be down for a moment.`;
    case 'bad_request': return `The gateway refused the request${code}.`;
    case 'config': return 'The endpoint could not be checked with these answers.';
  }
}

/** Failures a different key can fix: offer "Fix key" first for these. */
export function keyLikelyWrong(o: CheckFailure): boolean {
  return !o.cancelled && (o.kind === 'auth' || o.kind === 'forbidden');
}

/**
 * What the gateway (or the network) said, without core's first sentence, which the headline already says
 * in other words: "Unauthorized", "connect ECONNREFUSED 127.0.0.1:9". Undefined when there is nothing more.
 */
export function failureDetail(o: CheckFailure): string | undefined {
  if (o.cancelled) return undefined;
  // core words a 401 for the endpoint's auth type: any of its sentences is the headline's twin
  const sentence = ([undefined, 'bearer', 'oauth2', 'none'] as const).map((auth) => actionableSentence(o.kind, o.status, auth)).find((t) => o.message.startsWith(t));
  let rest = o.message;
  if (sentence) rest = rest.slice(sentence.length).replace(/^[\s:;.-]+/, '');
  else {
    // Core's messages are "what happened; what to check: the reason" (the reason after the advice).
    const advice = rest.indexOf('; ');
    const reason = advice >= 0 ? rest.indexOf(': ', advice) : -1;
    if (reason >= 0) rest = rest.slice(reason + 2);
  }
  return rest ? `Details: ${rest}` : undefined;
}
