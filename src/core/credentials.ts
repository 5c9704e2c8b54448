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
