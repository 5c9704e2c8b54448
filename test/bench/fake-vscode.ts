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
class LanguageModelTextPart { constructor(public value: string) {} }
class LanguageModelToolCallPart { constructor(public callId: string, public name: string, public input: object) {} }
class LanguageModelToolResultPart { constructor(public callId: string, public content: unknown[]) {} }
class LanguageModelDataPart {
  static json(value: unknown, mimeType = 'text/x-json'): LanguageModelDataPart { return new LanguageModelDataPart(new TextEncoder().encode(JSON.stringify(value)), mimeType); }
  static text(value: string, mimeType = 'text/plain'): LanguageModelDataPart { return new LanguageModelDataPart(new TextEncoder().encode(value), mimeType); }
  constructor(public data: Uint8Array, public mimeType: string) {}
}
const LanguageModelChatMessageRole = { User: 1, Assistant: 2, System: 3 };
const LanguageModelChatToolMode = { Auto: 1, Required: 2 };
class LanguageModelPromptTsxPart { constructor(public value: unknown) {} }
class LanguageModelChatMessage {
  static User(content: string | unknown[]): LanguageModelChatMessage { return new LanguageModelChatMessage(1, content); }
  static Assistant(content: string | unknown[]): LanguageModelChatMessage { return new LanguageModelChatMessage(2, content); }
  content: unknown[];
  constructor(public role: number, content: string | unknown[]) { this.content = typeof content === 'string' ? [new LanguageModelTextPart(content)] : content; }
}
class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void { this.token.isCancellationRequested = true; this.emitter.fire(); }
  dispose(): void { this.emitter.dispose(); }
}
class Uri {
  static file(p: string): Uri { return new Uri('file', p); }
  static parse(s: string): Uri { const i = s.indexOf(':'); return new Uri(s.slice(0, i), s.slice(i + 1)); }
  static from(c: { scheme: string; path?: string }): Uri { return new Uri(c.scheme, c.path ?? ''); }
  static joinPath(base: Uri, ...parts: string[]): Uri { return new Uri(base.scheme, [base.path, ...parts].join('/')); }
  constructor(readonly scheme: string, readonly path: string) {}
  get fsPath(): string { return this.path; }
  with(c: { path?: string; query?: string }): Uri { return new Uri(this.scheme, c.path ?? this.path); }
  toString(): string { return `${this.scheme}:${this.path}`; }
}
class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly RefactorRewrite = new CodeActionKind('refactor.rewrite');
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind { return new CodeActionKind(this.value ? `${this.value}.${part}` : part); }
}
class CodeAction { constructor(readonly title: string, readonly kind?: CodeActionKind) {} }
class WorkspaceEdit { replace(): void { /* not applied outside the host */ } }
class ChatRequestTurn {}
class ChatResponseTurn {}
class TabInputTextDiff {}
class Location { constructor(readonly uri: unknown, readonly range: unknown) {} }
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

/** What the extension registered with the chat and language-model APIs (the chat bench drives them). */
export interface Registered {
  participant?: (request: unknown, context: unknown, stream: unknown, token: unknown) => unknown;
  provider?: Record<string, (...args: unknown[]) => unknown>;
}

export interface FakeHost {
  vscode: Record<string, unknown>;
  registered: Registered;
  context: Record<string, unknown>;
  settings: Map<string, unknown>;
}

export function createFakeHost(settings: Record<string, unknown> = {}): FakeHost {
  const values = new Map<string, unknown>(Object.entries(settings));
  const configChanged = new EventEmitter<{ affectsConfiguration(s: string): boolean }>();
  const secrets = new Map<string, string>();
  const secretChanged = new EventEmitter<{ key: string }>();
  const outputChannel = () => namespace({ trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, appendLine: () => undefined, show: () => undefined, dispose: () => undefined });
  const registered: Registered = {};
  const vscode = namespace({
    LanguageModelTextPart, LanguageModelToolCallPart, LanguageModelToolResultPart, LanguageModelDataPart,
    LanguageModelChatMessage, LanguageModelChatMessageRole, LanguageModelChatToolMode, LanguageModelPromptTsxPart, CancellationTokenSource,
    languages: namespace({}),
    chat: namespace({
      createChatParticipant: (_id: string, handler: Registered['participant']) => { registered.participant = handler; return namespace({ dispose: () => undefined }); },
    }),
    lm: namespace({
      registerLanguageModelChatProvider: (_vendor: string, provider: Registered['provider']) => { registered.provider = provider; return new Disposable(() => undefined); },
      selectChatModels: async () => [],
    }),
    CodeActionKind, CodeAction, WorkspaceEdit, ChatRequestTurn, ChatResponseTurn, TabInputTextDiff, Location,
    QuickPickItemKind: { Separator: -1, Default: 0 }, FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 }, EndOfLine: { LF: 1, CRLF: 2 },
    Uri, Disposable, EventEmitter, TreeItem, ThemeIcon, ThemeColor, MarkdownString, Position, Range, Selection,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
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
    extensionMode: 3, // ExtensionMode.Test: activate() returns the test API
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    extensionUri: Uri.file(process.cwd()),
    extensionPath: process.cwd(),
    logUri: { fsPath: '/tmp', path: '/tmp', scheme: 'file' },
  };
  return { vscode, registered, context, settings: values };
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
