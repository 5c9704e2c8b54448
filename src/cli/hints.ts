/** The CLI's face hint for an error: which environment variable to set or fix. */
import { envSuffix } from '../core/credentials';
import type { ErrorKind } from '../core/errors';
import type { Endpoint } from '../core/endpoint/schema';
import type { EnvCredentialSource } from './env-credentials';

/** The variables that hold this endpoint's credential, in words: `MAAS_API_KEY_LAB (or MAAS_API_KEY)`. */
export function credentialVariables(endpoint: Endpoint, creds: EnvCredentialSource, modelId?: string): string | undefined {
  const e = envSuffix(endpoint.id);
  const fallback = creds.unsuffixedAllowed(endpoint.id);
  if (endpoint.auth.type === 'none') return undefined;
  if (endpoint.auth.type === 'oauth2') {
    return `MAAS_CLIENT_ID_${e} and MAAS_CLIENT_SECRET_${e}${fallback ? ' (or MAAS_CLIENT_ID and MAAS_CLIENT_SECRET)' : ''}`;
  }
  const key = `MAAS_API_KEY_${e}${fallback ? ' (or MAAS_API_KEY)' : ''}`;
  if (endpoint.platform === 'oicm' && modelId) return `${key}, or MAAS_TOKEN_${e}_${envSuffix(modelId)} for this model's own token`;
  return key;
}

export function hintFor(kind: ErrorKind, endpoint: Endpoint, creds: EnvCredentialSource, modelId?: string): string | undefined {
  const vars = credentialVariables(endpoint, creds, modelId);
  const what = endpoint.auth.type === 'oauth2' ? 'your OAuth2 client id and secret' : 'a valid API key';
  if (kind === 'config' && creds.hadMiss(endpoint.id) && vars) return `set ${vars} to ${what}`;
  if (kind === 'auth') {
    if (endpoint.auth.type === 'none') {
      return `endpoint "${endpoint.id}" has auth "none" but the gateway wants a credential: set "auth" in the config file and MAAS_API_KEY_${envSuffix(endpoint.id)}`;
    }
    const used = creds.usedVariables(endpoint.id);
    if (used.length) return `the credential came from ${[...new Set(used)].join(' and ')}; set it to ${what}`;
    return vars ? `set ${vars} to ${what}` : undefined;
  }
  if (kind === 'forbidden') {
    const used = creds.usedVariables(endpoint.id);
    if (used.length) return `the credential from ${[...new Set(used)].join(' and ')} was accepted but may not use this model; ask the gateway's administrator for access`;
  }
  return undefined;
}
