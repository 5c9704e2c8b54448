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
import { binding, expectedOrigin, type Binding } from './origin-binding';


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

/** The key that holds the origin a secret was entered for. */
export const originKey = (endpointId: string, name: SecretName): string => `${secretKey(endpointId, name)}${ORIGIN_SUFFIX}`;

/** A stored secret entered for another origin than the one its endpoint now points to. */
export interface MovedSecret { name: SecretName; from: string; to: string }

/** A change event this soon after our own write is our own echo (the command that wrote already refreshes). */
const OWN_ECHO_MS = 2000;

export class SecretCredentials implements CredentialSource {
  private readonly ownWrites = new Map<string, number>();

  constructor(private readonly storage: vscode.SecretStorage, private readonly logger: Logger) {}

  /** The endpoints as the settings describe them now: a secret is handed out only for its own origin. */
  private endpoints = new Map<string, Endpoint>();

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.endpoints = new Map(endpoints.map((e) => [e.id, e]));
  }

  /**
   * The secret, unless it was entered for another origin than the endpoint's current one (then it is
   * not handed out: the endpoint shows that state and asks). A secret stored before origins were kept
   * is bound to the current origin here.
   */
  async get(endpointId: string, name: SecretName): Promise<string | undefined> {
    const endpoint = this.endpoints.get(endpointId);
    return endpoint ? this.getFor(endpoint, name) : this.peek(endpointId, name);
  }

  /** `get` checked against a given configuration of the endpoint (e.g. an edit not saved yet). */
  async getFor(endpoint: Endpoint, name: SecretName): Promise<string | undefined> {
    const v = await this.peek(endpoint.id, name);
    if (!v) return undefined;
    const b = await this.bindingOf(endpoint, name);
    if (b.state === 'moved') {
      this.logger.warn(`endpoint "${endpoint.id}": the stored ${name} was entered for ${b.from}; not sent to ${b.to} until "Use here"`);
      return undefined;
    }
    if (b.state === 'unbound') await this.bind(endpoint, [name]);
    return v;
  }

  /** The stored value, whatever its origin: only for a use the user has just approved. */
  async peek(endpointId: string, name: SecretName): Promise<string | undefined> {
    const v = await this.storage.get(secretKey(endpointId, name));
    return v ? v : undefined;
  }

  private async bindingOf(endpoint: Endpoint, name: SecretName): Promise<Binding> {
    return binding(await this.storage.get(originKey(endpoint.id, name)), expectedOrigin(endpoint, name));
  }

  /** Binds the named secrets (default: every stored one) to the endpoint's current origins. */
  async bind(endpoint: Endpoint, names?: readonly SecretName[]): Promise<void> {
    for (const name of names ?? await this.names(endpoint.id)) {
      const origin = expectedOrigin(endpoint, name);
      if (!origin) continue;
      this.ownWrites.set(originKey(endpoint.id, name), Date.now());
      await this.storage.store(originKey(endpoint.id, name), origin);
    }
  }

  /** Binds every stored secret that has no origin yet (stored before origins were kept, or imported). */
  async bindUnbound(endpoints: readonly Endpoint[]): Promise<void> {
    for (const e of endpoints) {
      const unbound: SecretName[] = [];
      for (const name of await this.names(e.id)) if ((await this.bindingOf(e, name)).state === 'unbound') unbound.push(name);
      if (unbound.length) {
        await this.bind(e, unbound);
        this.logger.info(`endpoint "${e.id}": ${unbound.join(', ')} bound to the origin ${unbound.map((n) => expectedOrigin(e, n)).filter((o, i, a) => a.indexOf(o) === i).join(', ')}`);
      }
    }
  }

  /** The stored secrets of this endpoint that were entered for another origin. */
  async moved(endpoint: Endpoint): Promise<MovedSecret[]> {
    const out: MovedSecret[] = [];
    for (const name of await this.names(endpoint.id)) {
      const b = await this.bindingOf(endpoint, name);
      if (b.state === 'moved') out.push({ name, from: b.from, to: b.to });
    }
    return out;
  }

  /** Every SecretStorage key of ours (values never read). */
  async keys(): Promise<string[]> {
    return (await this.storage.keys()).filter((k) => endpointIdOfKey(k) !== undefined);
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

  /**
   * Stores a secret bound to the origin it was entered for: that of `endpoint` (the configuration it was
   * typed for, e.g. an edit being saved), else of the endpoint as the settings describe it now.
   */
  async store(endpointId: string, name: SecretName, value: string, endpoint?: Endpoint): Promise<void> {
    this.ownWrites.set(secretKey(endpointId, name), Date.now());
    await this.storage.store(secretKey(endpointId, name), value);
    const target = endpoint ?? this.endpoints.get(endpointId);
    if (target) await this.bind(target, [name]);
    else {
      this.ownWrites.set(originKey(endpointId, name), Date.now());
      await this.storage.delete(originKey(endpointId, name)); // bound when its endpoint is next loaded
    }
    this.logger.info(`endpoint "${endpointId}": ${name} stored in secret storage`);
  }

  async delete(endpointId: string, name: SecretName): Promise<void> {
    this.ownWrites.set(secretKey(endpointId, name), Date.now());
    this.ownWrites.set(originKey(endpointId, name), Date.now());
    await this.storage.delete(secretKey(endpointId, name));
    await this.storage.delete(originKey(endpointId, name));
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
    const prefix = `${PREFIX}${endpointId}:`;
    const keys = (await this.storage.keys()).filter((k) => k.startsWith(prefix)); // the origins too
    await Promise.all(keys.map((k) => { this.ownWrites.set(k, Date.now()); return this.storage.delete(k); }));
    if (names.length) this.logger.info(`endpoint "${endpointId}": ${names.length} secret(s) removed from secret storage`);
    return names.length;
  }

  /**
   * The secrets an endpoint needs before discovery can work (OICM keys are optional: tokens may be per
   * model); a secret entered for another origin is among them (see `moved`).
   */
  async missing(endpoint: Endpoint): Promise<SecretName[]> {
    // OICM's endpoint key is optional: models may carry tokens of their own
    const need: SecretName[] = endpoint.platform === 'oicm' && endpoint.auth.type !== 'oauth2' ? [] : authSecretNames(endpoint.auth);
    // a secret entered for another origin counts as missing: nothing is sent until the user decides
    const have = await Promise.all(need.map(async (n) => !!(await this.getFor(endpoint, n))));
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
