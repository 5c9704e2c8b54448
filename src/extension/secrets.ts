/**
 * Credentials in VS Code's SecretStorage, as core's CredentialSource. Keys are core's `secretKey()`:
 * `maas:<endpointId>:apiKey`, `…:clientId`, `…:clientSecret`, `…:model:<modelId>:token`.
 * Values never leave this file except to core (which sends them to the endpoint's own origins).
 */
import * as vscode from 'vscode';
import { authSecretNames, secretKey, type CredentialSource, type SecretName } from '../core/credentials';
import type { Endpoint } from '../core/endpoint/schema';
import type { Logger } from '../core/log';
import { SET_CREDENTIALS_TITLE } from './commands/ids';


const PREFIX = 'maas:';
/** `<secret key>:origin` holds the origin a secret was entered for (not secret; see origin-binding.ts). */
export const ORIGIN_SUFFIX = ':origin';

/** `maas:<id>:…` → `<id>` (ids cannot contain `:`). */
export function endpointIdOfKey(key: string): string | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  const rest = key.slice(PREFIX.length);
  const i = rest.indexOf(':');
  return i > 0 ? rest.slice(0, i) : undefined;
}

/** A change event this soon after our own write is our own echo (the command that wrote already refreshes). */
const OWN_ECHO_MS = 2000;

export class SecretCredentials implements CredentialSource {
  private readonly ownWrites = new Map<string, number>();

  constructor(private readonly storage: vscode.SecretStorage, private readonly logger: Logger) {}

  async get(endpointId: string, name: SecretName): Promise<string | undefined> {
    const v = await this.storage.get(secretKey(endpointId, name));
    return v ? v : undefined;
  }

  describe(endpointId: string, name: SecretName): string {
    if (name.startsWith('model:')) {
      const model = name.slice('model:'.length, -':token'.length);
      return `run "${SET_CREDENTIALS_TITLE}" for endpoint "${endpointId}" and choose the token of model "${model}"`;
    }
    return `run "${SET_CREDENTIALS_TITLE}" for endpoint "${endpointId}"`;
  }

  async has(endpointId: string, name: SecretName): Promise<boolean> {
    return !!(await this.get(endpointId, name));
  }

  async store(endpointId: string, name: SecretName, value: string): Promise<void> {
    this.ownWrites.set(secretKey(endpointId, name), Date.now());
    await this.storage.store(secretKey(endpointId, name), value);
    this.logger.info(`endpoint "${endpointId}": ${name} stored in secret storage`);
  }

  async delete(endpointId: string, name: SecretName): Promise<void> {
    this.ownWrites.set(secretKey(endpointId, name), Date.now());
    await this.storage.delete(secretKey(endpointId, name));
    this.logger.info(`endpoint "${endpointId}": ${name} removed from secret storage`);
  }

  /** Names of the secrets stored for an endpoint (never their values). */
  async names(endpointId: string): Promise<SecretName[]> {
    const prefix = `${PREFIX}${endpointId}:`;
    return (await this.storage.keys()).filter((k) => k.startsWith(prefix) && !k.endsWith(ORIGIN_SUFFIX)).map((k) => k.slice(prefix.length) as SecretName);
  }

  /** Deletes every `maas:<id>:*` secret; returns how many there were. */
  async deleteAll(endpointId: string): Promise<number> {
    const names = await this.names(endpointId);
    await Promise.all(names.map((n) => { this.ownWrites.set(secretKey(endpointId, n), Date.now()); return this.storage.delete(secretKey(endpointId, n)); }));
    if (names.length) this.logger.info(`endpoint "${endpointId}": ${names.length} secret(s) removed from secret storage`);
    return names.length;
  }

  /** The secrets an endpoint needs before discovery can work (OICM keys are optional: tokens may be per model). */
  async missing(endpoint: Endpoint): Promise<SecretName[]> {
    // OICM's endpoint key is optional: models may carry tokens of their own
    const need: SecretName[] = endpoint.platform === 'oicm' && endpoint.auth.type !== 'oauth2' ? [] : authSecretNames(endpoint.auth);
    const have = await Promise.all(need.map((n) => this.has(endpoint.id, n)));
    return need.filter((_, i) => !have[i]);
  }

  /**
   * Fires with the endpoint id when one of its secrets changes elsewhere (another window, another
   * command path); the echo of this object's own writes is skipped — whoever wrote refreshes itself.
   */
  onDidChange(listener: (endpointId: string) => void): vscode.Disposable {
    return this.storage.onDidChange((e) => {
      // (the host may report one write more than once, so the echo window is kept until it expires)
      const written = this.ownWrites.get(e.key);
      if (written !== undefined && Date.now() - written < OWN_ECHO_MS) return;
      this.ownWrites.delete(e.key);
      const id = endpointIdOfKey(e.key);
      if (id) listener(id);
    });
  }
}

/**
 * Demo/CI import: when the environment variable MAAS_DEMO_SECRETS holds a JSON object mapping SecretStorage
 * keys to values (e.g. `{"maas:local-vllm:apiKey":"demo-key"}`), those secrets are stored at activation —
 * only when the extension is not in production mode (the caller decides; see run-mode.ts), and never over
 * a secret that is already stored. `npm run demo` uses it to start a window whose endpoints already have
 * their keys. Only `maas:<id>:…` keys are imported; values are never logged.
 */
export async function importDemoSecrets(storage: vscode.SecretStorage, raw: string | undefined, logger: Logger): Promise<number> {
  if (!raw) return 0;
  let parsed: unknown;
  try { parsed = JSON.parse(raw); } catch {
    logger.warn('MAAS_DEMO_SECRETS is set but is not JSON; expected {"maas:<endpoint>:apiKey": "…"}');
    return 0;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    logger.warn('MAAS_DEMO_SECRETS must be a JSON object of SecretStorage key → value');
    return 0;
  }
  const entries = Object.entries(parsed as Record<string, unknown>).filter(([k, v]) => endpointIdOfKey(k) && !k.endsWith(ORIGIN_SUFFIX) && typeof v === 'string' && v);
  const skipped = Object.keys(parsed).length - entries.length;
  const stored = await Promise.all(entries.map(async ([k]) => !!(await storage.get(k))));
  const fresh = entries.filter((_, i) => !stored[i]);
  const kept = entries.filter((_, i) => stored[i]).map(([k]) => k);
  await Promise.all(fresh.map(([k, v]) => storage.store(k, v as string)));
  logger.info(`imported ${fresh.length} secret(s) from MAAS_DEMO_SECRETS (${fresh.map(([k]) => k).join(', ') || 'none'})`
    + (kept.length ? `; kept the secret(s) already stored for ${kept.join(', ')}` : '')
    + (skipped ? `; skipped ${skipped} entr${skipped === 1 ? 'y' : 'ies'} that are not "maas:<endpoint>:<name>" strings` : ''));
  return fresh.length;
}
