/**
 * A stored secret is bound to the origin it was entered for: the base URL's origin for an API key or a
 * model token, the token URL's origin for OAuth2's client id and secret. The origin is kept beside the
 * secret (it is not secret). When the settings move the endpoint to another origin, the secret is not
 * sent there until the user says so. Secrets whose endpoint id no entry of `maas.endpoints` names are
 * orphans: offered for removal, never deleted automatically. Pure (no `vscode`).
 */
import type { Endpoint } from '../core/endpoint/schema';
import type { SecretName } from '../core/credentials';

/** `scheme://host[:port]` of a URL, or undefined when it does not parse. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    return u.origin === 'null' ? undefined : u.origin;
  } catch {
    return undefined;
  }
}

/** Where this secret of this endpoint is sent: the origin it must be bound to. */
export function expectedOrigin(endpoint: Endpoint, name: SecretName): string | undefined {
  if ((name === 'clientId' || name === 'clientSecret') && endpoint.auth.type === 'oauth2') return originOf(endpoint.auth.tokenUrl);
  return originOf(endpoint.baseUrl);
}

/**
 * - `unbound`: stored before origins were kept (or by an import): bind it to the current origin.
 * - `bound`: entered for this origin; it may be sent.
 * - `moved`: entered for another origin; it is not sent until the user says "Use here".
 */
export type Binding = { state: 'unbound' } | { state: 'bound' } | { state: 'moved'; from: string; to: string };

export function binding(bound: string | undefined, expected: string | undefined): Binding {
  if (!bound) return { state: 'unbound' };
  if (!expected || bound === expected) return { state: 'bound' };
  return { state: 'moved', from: bound, to: expected };
}

/**
 * The endpoint ids that stored secrets belong to and that no entry of `maas.endpoints` names (valid or
 * invalid entries alike), sorted. `keys` are SecretStorage keys; `idOfKey` maps one to its endpoint id.
 */
export function orphanIds(keys: readonly string[], namedIds: Iterable<string>, idOfKey: (key: string) => string | undefined): string[] {
  const named = new Set(namedIds);
  const ids = new Set<string>();
  for (const k of keys) {
    const id = idOfKey(k);
    if (id && !named.has(id)) ids.add(id);
  }
  return [...ids].sort();
}

/** Remembers which questions were asked this session, so each is asked once. */
export class AskedOnce {
  private readonly asked = new Set<string>();

  /** True the first time for this question (its parts, order-insensitive for sets of ids). */
  first(...parts: string[]): boolean {
    const key = JSON.stringify(parts);
    if (this.asked.has(key)) return false;
    this.asked.add(key);
    return true;
  }
}

/** The question asked when an endpoint's secret was entered for another origin. */
export function movedQuestion(label: string, what: string, from: string, to: string): string {
  return `MaaS: the ${what} of "${label}" was entered for ${from}; the endpoint now points to ${to}. Use the ${what} for ${to}?`;
}

/** The same question in a modal dialog (Set Credentials, Edit Endpoint): a short headline and the detail. */
export function movedDialog(label: string, what: string, from: string, to: string, action: 'use' | 'check'): { message: string; detail: string } {
  return {
    message: `Use the ${what} of "${label}" for ${to}?`,
    detail: `It was entered for ${from}, and is not sent anywhere else unless you say so. "Use here" sends it to ${to}`
      + (action === 'check' ? ' (the connection is checked now)' : '') + `; "Enter a new key" asks for one for ${to}.`,
  };
}

/** The question listing orphaned secrets. */
export function orphanQuestion(ids: readonly string[]): string {
  const list = ids.map((id) => `"${id}"`).join(', ');
  return ids.length === 1
    ? `MaaS: credentials are still stored for ${list}, an endpoint no longer in maas.endpoints. Remove them?`
    : `MaaS: credentials are still stored for ${list}, endpoints no longer in maas.endpoints. Remove them?`;
}
