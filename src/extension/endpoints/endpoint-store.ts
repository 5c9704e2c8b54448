/**
 * The endpoints the settings describe, one core client each, and what discovery found for each.
 * Every endpoint is discovered on its own, in parallel, with its own AbortController: a slow or
 * unreachable endpoint never holds up the others. Pure (no 'vscode'): the tree, the commands and the
 * test API read it; unit tests drive it with fake clients.
 */
import type { Endpoint } from '../../core/endpoint/schema';
import type { ConfigProblem, ParsedConfig } from '../../core/endpoint/config';
import type { EndpointClientApi, EndpointTraffic } from '../../core/endpoint-client';
import type { ModelInfo } from '../../core/models';
import type { SecretName } from '../../core/credentials';
import type { Logger } from '../../core/log';
import { isMaasError, type ErrorKind } from '../../core/errors';

export type DiscoveryStatus =
  | { state: 'loading' }
  | { state: 'ready'; models: ModelInfo[] }
  | { state: 'error'; kind: ErrorKind; message: string; status?: number; /** The setting at fault, e.g. `tls.caFile`. */ field?: string }
  /** No discovery was attempted: the endpoint needs a credential that is not stored. */
  | { state: 'missingCredentials'; missing: SecretName[]; /** The origin a stored credential was entered for, when it is not this endpoint's. */ enteredFor?: string };

export interface EndpointState {
  endpoint: Endpoint;
  /** Configuration warnings (e.g. a stripped `/v1`), already phrased for the user. */
  warnings: string[];
  status: DiscoveryStatus;
  /** The rate limits the gateway last stated and the token usage counted this session (absent before any client). */
  traffic?: EndpointTraffic;
}

export interface StoreDeps {
  createClient(endpoint: Endpoint): EndpointClientApi;
  /** The credentials this endpoint needs and does not have (checked before any request is made). */
  missingCredentials(endpoint: Endpoint): Promise<SecretName[]>;
  /** When a missing credential is stored but was entered for another origin: that origin. */
  enteredFor?(endpoint: Endpoint): Promise<string | undefined>;
  logger: Logger;
}

interface Entry {
  endpoint: Endpoint;
  fingerprint: string;
  warnings: string[];
  status: DiscoveryStatus;
  /** Undefined when it could not be built (e.g. an unreadable `tls.caFile`): `status` says why. */
  client?: EndpointClientApi;
  controller?: AbortController;
  generation: number;
  running?: Promise<void>;
}

export interface Listener { (): void }

function stateOf(e: Entry): EndpointState {
  const traffic = e.client?.traffic();
  return { endpoint: e.endpoint, warnings: e.warnings, status: e.status, ...(traffic ? { traffic } : {}) };
}

export class EndpointStore {
  private entries = new Map<string, Entry>();
  private order: string[] = [];
  private configProblems: ConfigProblem[] = [];
  private listeners = new Set<Listener>();
  private disposed = false;

  constructor(private readonly deps: StoreDeps) {}

  /**
   * Applies a (re-)read configuration. New endpoints and endpoints whose entry changed are (re)discovered;
   * unchanged ones keep their models; removed ones are cancelled and disposed. Resolves when the
   * discoveries it started have finished (callers need not wait).
   */
  load(config: ParsedConfig): Promise<void> {
    const next = new Map<string, Entry>();
    const started: Promise<void>[] = [];
    for (const endpoint of config.endpoints) {
      const fingerprint = JSON.stringify(endpoint);
      const warnings = config.warnings.filter((w) => w.endpointId === endpoint.id).map((w) => w.message);
      const old = this.entries.get(endpoint.id);
      if (old && old.fingerprint === fingerprint) {
        old.warnings = warnings;
        next.set(endpoint.id, old);
        continue;
      }
      if (old) this.retire(old);
      const entry: Entry = { endpoint, fingerprint, warnings, status: { state: 'loading' }, generation: 0 };
      next.set(endpoint.id, entry);
      if (this.build(entry)) started.push(this.discover(entry, false));
    }
    for (const [id, old] of this.entries) if (!next.has(id)) this.retire(old);
    this.entries = next;
    this.order = config.endpoints.map((e) => e.id);
    this.configProblems = config.problems;
    this.fire();
    return Promise.all(started).then(() => undefined);
  }

  /**
   * Rediscovers one endpoint, or all of them; resolves when done. Any discovery still running is
   * cancelled; an endpoint whose client could not be built is tried again (its file may be there now).
   */
  refresh(endpointId?: string): Promise<void> {
    const targets = endpointId === undefined ? [...this.entries.values()] : [this.entries.get(endpointId)].filter((e): e is Entry => !!e);
    return Promise.all(targets.map((e) => {
      if (!e.client && !this.build(e)) { this.fire(); return Promise.resolve(); }
      return this.discover(e, true);
    })).then(() => undefined);
  }

  /**
   * After an endpoint's credentials changed: a fresh client (so no OAuth2 token of the old client id or
   * secret is reused), then rediscovery. Resolves when done.
   */
  renew(endpointId: string): Promise<void> {
    const entry = this.entries.get(endpointId);
    if (!entry) return Promise.resolve();
    entry.controller?.abort();
    try { entry.client?.dispose(); } catch { /* replaced below either way */ }
    entry.client = undefined;
    if (!this.build(entry)) { this.fire(); return Promise.resolve(); }
    return this.discover(entry, true);
  }

  /** Resolves when no discovery is running (including ones started while waiting). */
  async whenIdle(): Promise<void> {
    for (;;) {
      const running = [...this.entries.values()].map((e) => e.running).filter((r): r is Promise<void> => !!r);
      if (!running.length) return;
      await Promise.all(running);
    }
  }

  /** Endpoints in settings order. */
  list(): EndpointState[] {
    return this.order.map((id) => this.entries.get(id)).filter((e): e is Entry => !!e).map(stateOf);
  }

  get(endpointId: string): EndpointState | undefined {
    const e = this.entries.get(endpointId);
    return e && stateOf(e);
  }

  /** Tells the listeners that something they show changed (an endpoint's traffic: rate limits, usage). */
  announce(): void {
    if (!this.disposed) this.fire();
  }

  /** Invalid entries of `maas.endpoints`, with their field and message. */
  problems(): readonly ConfigProblem[] {
    return this.configProblems;
  }

  /** The core client of an endpoint (for chat, tasks and test connection). */
  client(endpointId: string): EndpointClientApi | undefined {
    return this.entries.get(endpointId)?.client;
  }

  /** Every model discovered so far, endpoints in settings order. */
  models(): ModelInfo[] {
    return this.list().flatMap((s) => (s.status.state === 'ready' ? s.status.models : []));
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.disposed = true;
    for (const e of this.entries.values()) this.retire(e);
    this.entries.clear();
    this.listeners.clear();
  }

  /**
   * Builds the entry's client inside its own guard: a broken entry (say, an unreadable CA file) gets
   * its error on its own row, and the other endpoints still load. False when it failed.
   */
  private build(entry: Entry): boolean {
    try {
      entry.client = this.deps.createClient(entry.endpoint);
      return true;
    } catch (e) {
      entry.generation++;
      entry.client = undefined;
      const kind = isMaasError(e) ? e.kind : 'config';
      const message = e instanceof Error ? e.message : String(e);
      const field = entry.endpoint.tls?.caFile && /tls\.caFile/.test(message) ? 'tls.caFile' : undefined;
      entry.status = { state: 'error', kind, message, ...(field ? { field } : {}) };
      this.deps.logger.error(`endpoint "${entry.endpoint.id}": cannot be used: ${message}`);
      return false;
    }
  }

  private discover(entry: Entry, announce: boolean): Promise<void> {
    const client = entry.client;
    if (!client) return Promise.resolve();
    entry.controller?.abort();
    const controller = new AbortController();
    entry.controller = controller;
    const generation = ++entry.generation;
    entry.status = { state: 'loading' };
    if (announce) this.fire();
    const { logger } = this.deps;
    const id = entry.endpoint.id;
    const started = Date.now();
    const run = (async () => {
      let status: DiscoveryStatus;
      try {
        const missing = await this.deps.missingCredentials(entry.endpoint);
        if (missing.length) {
          const enteredFor = await this.deps.enteredFor?.(entry.endpoint);
          status = { state: 'missingCredentials', missing, ...(enteredFor ? { enteredFor } : {}) };
        } else {
          logger.debug(`endpoint "${id}": discovering models`);
          status = { state: 'ready', models: await client.listModels(controller.signal) };
        }
      } catch (e) {
        if (controller.signal.aborted) return;
        status = isMaasError(e)
          ? { state: 'error', kind: e.kind, message: e.message, ...(e.status !== undefined ? { status: e.status } : {}) }
          : { state: 'error', kind: 'protocol', message: e instanceof Error ? e.message : String(e) };
      }
      if (generation !== entry.generation || this.disposed) return;
      entry.status = status;
      if (status.state === 'ready') logger.info(`endpoint "${id}": ${status.models.length} model(s) in ${Date.now() - started} ms`);
      else if (status.state === 'error') logger.warn(`endpoint "${id}": discovery failed (${status.kind}): ${status.message}`);
      else if (status.state === 'missingCredentials') logger.info(status.enteredFor
        ? `endpoint "${id}": the stored ${status.missing.join(', ')} was entered for ${status.enteredFor}; discovery skipped`
        : `endpoint "${id}": no ${status.missing.join(', ')} stored; discovery skipped`);
      this.fire();
    })().finally(() => { if (entry.running === run) entry.running = undefined; });
    entry.running = run;
    return run;
  }

  private retire(entry: Entry): void {
    entry.generation++;
    entry.controller?.abort();
    entry.running = undefined;
    try { entry.client?.dispose(); } catch { /* a failing dispose must not stop the others */ }
  }

  private fire(): void {
    for (const l of [...this.listeners]) {
      try { l(); } catch (e) { this.deps.logger.error(`endpoint listener failed: ${e instanceof Error ? e.message : String(e)}`); }
    }
  }
}
