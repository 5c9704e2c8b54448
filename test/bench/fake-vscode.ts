/**
 * A minimal stand-in for the `vscode` module, enough for the extension to activate outside the host:
 * real EventEmitter/Disposable/TreeItem classes, a settings map behind workspace.getConfiguration, an
 * in-memory SecretStorage, and no-op stand-ins for everything else (any member not listed below is a
 * function that returns a disposable no-op). Installed by hooking module resolution of 'vscode'.
 */
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

class Disposable {
  static from(...ds: { dispose(): unknown }[]): Disposable { return new Disposable(() => { for (const d of ds) d.dispose(); }); }
  constructor(private readonly fn: () => unknown) {}
  dispose(): void { this.fn(); }
}

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (l: Listener<T>): Disposable => { this.listeners.add(l); return new Disposable(() => this.listeners.delete(l)); };
  fire(e: T): void { for (const l of [...this.listeners]) l(e); }
  dispose(): void { this.listeners.clear(); }
}

class TreeItem { constructor(readonly label: unknown, readonly collapsibleState?: number) {} }
class ThemeIcon { constructor(readonly id: string, readonly color?: unknown) {} }
class ThemeColor { constructor(readonly id: string) {} }
class MarkdownString { constructor(public value = '') {} appendMarkdown(s: string) { this.value += s; return this; } appendText(s: string) { this.value += s; return this; } }
class Position { constructor(readonly line: number, readonly character: number) {} }
class Range { constructor(readonly start: unknown, readonly end: unknown) {} }
class Selection extends Range {}

/** A function that returns a disposable no-op for anything asked of it. */
function anything(): unknown {
  const fn = () => anything();
  return new Proxy(fn, {
    get: (_t, prop) => {
      if (prop === 'then') return undefined;
      if (prop === 'dispose') return () => undefined;
      if (prop === Symbol.toPrimitive) return () => '';
      return anything();
    },
  });
}

function namespace(members: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(members, { get: (t, prop: string) => (prop in t ? t[prop] : anything()) });
}

export interface FakeHost {
  vscode: Record<string, unknown>;
  context: Record<string, unknown>;
  settings: Map<string, unknown>;
}

export function createFakeHost(settings: Record<string, unknown> = {}): FakeHost {
  const values = new Map<string, unknown>(Object.entries(settings));
  const configChanged = new EventEmitter<{ affectsConfiguration(s: string): boolean }>();
  const secrets = new Map<string, string>();
  const secretChanged = new EventEmitter<{ key: string }>();
  const outputChannel = () => namespace({ trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, appendLine: () => undefined, show: () => undefined, dispose: () => undefined });
  const vscode = namespace({
    Disposable, EventEmitter, TreeItem, ThemeIcon, ThemeColor, MarkdownString, Position, Range, Selection,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    InputBoxValidationSeverity: { Info: 1, Warning: 2, Error: 3 },
    TextEditorRevealType: { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 },
    QuickInputButtons: { Back: {} },
    window: namespace({
      createOutputChannel: outputChannel,
      createTreeView: () => namespace({ reveal: async () => undefined, dispose: () => undefined, onDidChangeVisibility: () => new Disposable(() => undefined) }),
      showInformationMessage: async () => undefined, showWarningMessage: async () => undefined, showErrorMessage: async () => undefined,
      setStatusBarMessage: () => new Disposable(() => undefined),
      withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => new Disposable(() => undefined) }),
    }),
    workspace: namespace({
      getConfiguration: (section?: string) => {
        const key = (k: string) => (section ? `${section}.${k}` : k);
        return {
          get: (k: string, d?: unknown) => (values.has(key(k)) ? values.get(key(k)) : d),
          has: (k: string) => values.has(key(k)),
          inspect: (k: string) => ({ key: key(k), globalValue: values.get(key(k)) }),
          update: async (k: string, v: unknown) => { values.set(key(k), v); configChanged.fire({ affectsConfiguration: (s: string) => key(k).startsWith(s) }); },
        };
      },
      onDidChangeConfiguration: configChanged.event,
    }),
    commands: namespace({
      registerCommand: () => new Disposable(() => undefined),
      executeCommand: async () => undefined,
    }),
    env: namespace({ clipboard: { writeText: async () => undefined, readText: async () => '' } }),
  });
  const context = {
    subscriptions: [] as { dispose(): unknown }[],
    secrets: {
      get: async (k: string) => secrets.get(k),
      store: async (k: string, v: string) => { secrets.set(k, v); secretChanged.fire({ key: k }); },
      delete: async (k: string) => { secrets.delete(k); secretChanged.fire({ key: k }); },
      keys: async () => [...secrets.keys()],
      onDidChange: secretChanged.event,
    },
    extension: { id: 'maas-connect.maas-connect', packageJSON: { version: '0.0.0-bench' } },
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    extensionUri: { fsPath: process.cwd(), path: process.cwd(), scheme: 'file' },
    extensionPath: process.cwd(),
    logUri: { fsPath: '/tmp', path: '/tmp', scheme: 'file' },
  };
  return { vscode, context, settings: values };
}

/** Makes `require('vscode')` return the fake from now on in this process. */
export function installFakeVscode(vscode: unknown): void {
  const id = '\0fake-vscode';
  type Resolve = (this: unknown, request: string, ...rest: unknown[]) => string;
  const m = Module as unknown as { _resolveFilename: Resolve; _cache: Record<string, unknown> };
  const original: Resolve = m._resolveFilename;
  m._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? id : original.call(this, request, ...rest);
  };
  const mod = new Module(id);
  mod.exports = vscode;
  mod.loaded = true;
  m._cache[id] = mod;
}
