/** Where credentials come from. The extension reads SecretStorage, the CLI the environment; core only asks. */
import type { Auth } from './endpoint/schema';

export type SecretName = 'apiKey' | 'clientId' | 'clientSecret' | `model:${string}:token`;

export interface CredentialSource {
  /** The stored value, or undefined when none is stored. */
  get(endpointId: string, name: SecretName): Promise<string | undefined>;
  /** Where a user puts this credential, for "missing credential" messages (an env var name, a command title). */
  describe(endpointId: string, name: SecretName): string;
}

/** SecretStorage key: `maas:<endpointId>:apiKey`, `maas:<endpointId>:model:<modelId>:token`, … */
export function secretKey(endpointId: string, name: SecretName): string {
  return `maas:${endpointId}:${name}`;
}

/** The secrets an endpoint's auth is sent with: OAuth2 client credentials, an API key, or none. */
export function authSecretNames(auth: Auth): SecretName[] {
  return auth.type === 'oauth2' ? ['clientId', 'clientSecret'] : auth.type === 'none' ? [] : ['apiKey'];
}

export function modelTokenName(modelId: string): SecretName {
  return `model:${modelId}:token`;
}

/** `lab-gpustack` → `LAB_GPUSTACK`: upper-cased, everything but A–Z and 0–9 replaced by `_`. */
export function envSuffix(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * What is wrong with a credential value as entered (pasted into SecretStorage input, an environment
 * variable), or undefined when it can be sent. An API key or token travels as a header value: printable
 * ASCII without spaces (a line break, a control character or a typographic dash copied from a web page
 * would otherwise fail at request time, looking like a network failure). A client id or secret is
 * form-encoded before it is sent, so any text goes except line breaks and control characters. The value
 * is never quoted in the answer, not even in part. Leading and trailing whitespace is not a problem:
 * every face trims it. Pure.
 */
export function credentialProblem(value: string, name: SecretName = 'apiKey'): string | undefined {
  const v = value.trim();
  if (!v) return 'is empty';
  if (/[\r\n]/.test(v)) return 'contains a line break (was more than the key copied?)';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) return 'contains a control character';
  if (/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/.test(v)) return 'contains an invisible formatting character (was it copied from a web page or document?)';
  if (name === 'clientId' || name === 'clientSecret') return undefined;
  if (/\s/.test(v)) return 'contains a space (an API key is one word; was more than the key copied?)';
  const other = [...v].find((c) => c > '\u007e');
  if (other !== undefined) return 'contains a non-ASCII character (an API key is plain ASCII; a typographic quote or dash may have been copied with it)';
  return undefined;
}

/** Words for a secret in messages: "API key", "client secret", "model token". */
export function secretWords(name: SecretName): string {
  return name === 'apiKey' ? 'API key' : name === 'clientId' ? 'client id' : name === 'clientSecret' ? 'client secret' : 'model token';
}
