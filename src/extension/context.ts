/**
 * The composition root's one owner (rust-analyzer style): creates every long-lived object at activation,
 * wires them together, and disposes all of them, in reverse order, when the extension deactivates.
 */
import * as vscode from 'vscode';
import { createEndpointClient } from './endpoints/lazy-client-factory';
import { Settings } from './config/settings';
import { EndpointStore } from './endpoints/endpoint-store';
import type { ExtensionLog } from './log';
import { SecretCredentials, importDemoSecrets } from './secrets';
import type { Services } from './services';
import { EndpointsTreeProvider } from './tree/endpoints-tree';
import type { TreeNode } from './tree/tree-model';
import { registerCommands } from './commands/register';
import { EditorActions } from './editor/editor-actions';
import { ContextKeys, ENDPOINTS_VIEW_ID } from './commands/ids';
import { endpointSnapshots, treeSnapshot, type MaasTestApi } from './test-api';
import { watchWalkthroughState } from './walkthrough-keys';
import { inBackground } from './notify';
import { networkFor } from './host-fetch';
import { LM_VENDOR, MaasChatProvider } from './chat/lm-provider';
import { registerParticipant } from './chat/participant';
import { TaskPanelCommands } from './panel/panel-commands';
import { offerMovedCredentials, offerOrphanRemoval } from './commands/secret-origins';
import { demoSecretsAllowed, runModeOf, takeDemoSecrets, testSeamsEnabled, type RunMode } from './run-mode';
import { onDidChangeProxySettings } from './config/proxy-settings';
import { InsecureEndpointWarning } from './endpoints/insecure-warning';
import { StreamWarnings } from './endpoints/stream-warning';
import { hasTlsSettings } from '../core/endpoint/tls-settings';

interface Disposable { dispose(): unknown }


/**
 * Loads the HTTP stack (the first fetch in a process costs 55–75 ms) without touching the network, so
 * that the first request does not pay for it. Runs after activation: when an endpoint is configured,
 * its discovery has already loaded the stack and this costs next to nothing.
 */
function warmHttp(log: ExtensionLog): void {
  const started = Date.now();
  fetch('data:,').then((r) => r.arrayBuffer()).then(
    () => log.trace(`HTTP stack warmed in ${Date.now() - started} ms`),
    (e: unknown) => log.trace(`HTTP warm-up skipped: ${e instanceof Error ? e.message : String(e)}`),
  );
}

export class MaasContext implements Services, vscode.Disposable {
  readonly settings = new Settings();
  readonly secrets: SecretCredentials;
  readonly store: EndpointStore;
  private readonly tree: EndpointsTreeProvider;
  private readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: Disposable[] = [];
  private readonly pendingSecretRefresh = new Map<string, NodeJS.Timeout>();
  private lastProblems = '';
  /** Settles when the start-up work that follows activation (reading `maas.endpoints`) has been done. */
  private started: Promise<void> = Promise.resolve();
  private disposed = false;
  readonly runMode: RunMode;
  /** Test API and `{ confirm: false }`: only in test mode (run-mode.ts). */
  readonly testSeams: boolean;
  /** MAAS_DEMO_SECRETS, taken out of the environment at activation. */
  private readonly demoSecrets: string | undefined;
  private readonly secretStorage: vscode.SecretStorage;

  private constructor(ext: vscode.ExtensionContext, readonly log: ExtensionLog) {
    this.track(log);
    this.runMode = runModeOf(ext.extensionMode);
    this.testSeams = testSeamsEnabled(this.runMode, process.env);
    this.demoSecrets = takeDemoSecrets(process.env);
    this.secretStorage = ext.secrets;
    this.secrets = new SecretCredentials(ext.secrets, log);
    const streamWarnings = new StreamWarnings(log);
    this.store = this.track(new EndpointStore({
      // VS Code's proxy settings are read for each client (networkFor): endpoints with `tls` settings get core's own agent through them.
      createClient: (endpoint) => createEndpointClient(endpoint, {
        credentials: this.secrets, logger: log, ...networkFor(endpoint),
        onTraffic: () => this.store.announce(),
        onStreamWarning: (message) => streamWarnings.show(endpoint, message),
      }),
      missingCredentials: (endpoint) => this.secrets.missing(endpoint),
      enteredFor: async (endpoint) => (await this.secrets.moved(endpoint))[0]?.from,
      logger: log,
    }));
    this.tree = this.track(new EndpointsTreeProvider(this.store, () => this.settings.defaultChatModel(), undefined, () => this.started));
    this.view = this.track(vscode.window.createTreeView(ENDPOINTS_VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true }));
    const editor = this.track(new EditorActions(this, ext.globalState));
    const panel = this.track(new TaskPanelCommands(this, ext.extensionUri, ext.workspaceState));
    this.disposables.push(...registerCommands(this, editor, panel));
    this.track(this.settings.onDidChange((e) => {
      if (e.endpoints) inBackground(log, 'reloading maas.endpoints', this.reload());
      if (e.defaultChatModel) this.tree.redraw();
    }));
    this.track(this.secrets.onDidChange((id) => this.refreshSoon(id)));
    // Endpoints with `tls` settings carry an agent built from the proxy settings: build it again when they change.
    this.track(onDidChangeProxySettings(() => {
      for (const s of this.store.list()) {
        if (hasTlsSettings(s.endpoint)) inBackground(log, `rediscovery of "${s.endpoint.id}" after a proxy setting changed`, this.store.renew(s.endpoint.id));
      }
    }));
    const insecure = new InsecureEndpointWarning(log);
    this.track(this.store.onDidChange(() => insecure.check(this.store.list().map((s) => s.endpoint))));
    let hasEndpoints: boolean | undefined;
    this.track(this.store.onDidChange(() => {
      const has = this.store.list().length > 0;
      if (has !== hasEndpoints) inBackground(log, 'setting a context key', vscode.commands.executeCommand('setContext', ContextKeys.hasEndpoints, hasEndpoints = has));
      if (this.store.list().some((st) => st.status.state !== 'loading')) {
        inBackground(log, 'the question about credentials entered for another origin', offerMovedCredentials(this));
      }
    }));
    this.track({ dispose: () => { for (const t of this.pendingSecretRefresh.values()) clearTimeout(t); } });
    this.track(watchWalkthroughState(this.store, this.secrets));
    this.track(vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, this.track(new MaasChatProvider(this))));
    this.track(registerParticipant(this, ext.extensionUri));
  }

  /**
   * Activation does the minimum: the view and the commands are registered here; reading
   * `maas.endpoints` (and starting discovery) follows right after activation returns, while the view
   * waits for it (VS Code shows its progress bar rather than the welcome content).
   */
  static create(ext: vscode.ExtensionContext, log: ExtensionLog): MaasContext {
    const ctx = new MaasContext(ext, log);
    ctx.started = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => ctx.start())
      .catch((e: unknown) => log.error(`loading maas.endpoints failed: ${e instanceof Error ? e.message : String(e)}`));
    return ctx;
  }

  /** The start-up work after activation: demo secrets (when asked for), the endpoints, the HTTP warm-up. */
  private async start(): Promise<void> {
    if (this.disposed) return;
    if (this.demoSecrets) await this.importDemoSecrets(this.demoSecrets, this.runMode);
    if (this.disposed) return;
    await this.reload();
    warmHttp(this.log);
    // Chat models resolve lazily: until one is asked for, a fresh window's first @maas request finds none.
    await this.store.whenIdle();
    if (!this.disposed) await vscode.lm.selectChatModels({ vendor: LM_VENDOR });
  }

  /** MAAS_DEMO_SECRETS's import, decided by the run mode; returns how many secrets were stored. */
  private async importDemoSecrets(raw: string, mode: RunMode): Promise<number> {
    if (demoSecretsAllowed(mode)) return importDemoSecrets(this.secretStorage, raw, this.log);
    this.log.warn('MAAS_DEMO_SECRETS is ignored: secrets are imported from the environment only when the extension runs in development or test mode');
    return 0;
  }

  /** Re-reads `maas.endpoints`; discovery of new or changed endpoints runs in the background. */
  async reload(): Promise<void> {
    const parsed = this.settings.parsedEndpoints();
    const problems = JSON.stringify(parsed.problems);
    if (problems !== this.lastProblems) {
      for (const p of parsed.problems) this.log.warn(`maas.endpoints: ${p.message}${p.field ? ` (field ${p.field})` : ''}`);
      this.lastProblems = problems;
    }
    // Secrets are handed out for the origins these settings give; ones stored before origins were kept are bound now.
    this.secrets.setEndpoints(parsed.endpoints);
    await this.secrets.bindUnbound(parsed.endpoints).catch((e: unknown) => this.log.error(`binding stored secrets to their origins failed: ${e instanceof Error ? e.message : String(e)}`));
    inBackground(this.log, 'the check for orphaned secrets', offerOrphanRemoval(this, this.settings.takenIds()));
    // The store guards each endpoint on its own; this only keeps a bug from becoming a silent unhandled rejection.
    this.store.load(parsed).catch((e: unknown) => this.log.error(`loading the endpoints failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  async reveal(endpointId: string): Promise<void> {
    const node = this.tree.snapshot().find((n) => n.kind === 'endpoint' && n.endpointId === endpointId);
    if (!node) return;
    await this.view.reveal(node, { select: true, focus: false, expand: true });
  }

  /** The test API, in test mode only (run-mode.ts); undefined otherwise. */
  testApi(): MaasTestApi | undefined {
    if (!this.testSeams) return undefined;
    return {
      endpoints: () => endpointSnapshots(this.store),
      problems: () => this.store.problems().map((p) => ({ ...p })),
      refresh: async () => { await this.started; await this.reload(); await this.store.refresh(); },
      whenIdle: async () => { await this.started; await this.store.whenIdle(); },
      treeSnapshot: () => treeSnapshot(this.tree.snapshot()),
      storedSecretNames: (id) => this.secrets.names(id),
      recentLog: () => this.log.recent(),
      importDemoSecrets: (raw, mode) => this.importDemoSecrets(raw, mode),
    };
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables.splice(0).reverse()) {
      try { d.dispose(); } catch { /* keep disposing the rest */ }
    }
  }

  private track<T extends Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  /** Secrets can change in another window too; coalesce bursts (an OAuth2 id + secret) into one rediscovery. */
  private refreshSoon(endpointId: string): void {
    clearTimeout(this.pendingSecretRefresh.get(endpointId));
    this.pendingSecretRefresh.set(endpointId, setTimeout(() => {
      this.pendingSecretRefresh.delete(endpointId);
      if (this.store.get(endpointId)) inBackground(this.log, `rediscovery of "${endpointId}"`, this.store.renew(endpointId));
    }, 300));
  }
}

