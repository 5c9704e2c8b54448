/** Test doubles for the CLI: an in-memory CliIo and a scripted EndpointClientApi. */
import { RUNNABLE_TASKS, type RunnableTask, type SchemaField, type TaskRequest, type TaskResult } from '../../src/core/tasks/types';
import type { CliIo, OutStream } from '../../src/cli/io';
import type { CliDeps } from '../../src/cli/context';
import type { CoreDeps, EndpointClientApi, EndpointTraffic, ConnectionReport } from '../../src/core/endpoint-client';
import type { Endpoint } from '../../src/core/endpoint/schema';
import type { ModelInfo } from '../../src/core/models';
import type { ChatRequest, CompletionRequest } from '../../src/core/chat';
import type { EventBatch, StreamEvent } from '../../src/core/stream/events';
import { MaasError } from '../../src/core/errors';
import { run } from '../../src/cli/run';

export class MemStream implements OutStream {
  text = '';
  /** How many writes and how much text arrived (also counted when the text is not kept). */
  writes = 0;
  chars = 0;
  /** False: a sink that only counts (for streams too long to keep). */
  keep = true;
  /** Set: `flush()` waits until `release()` (a pipe the reader has not drained yet). */
  holdFlush = false;
  flushed = 0;
  private readonly held: (() => void)[] = [];
  constructor(public isTTY = false) {}
  write(text: string): void {
    this.writes++;
    this.chars += text.length;
    if (this.keep) this.text += text;
  }
  backlog(): Promise<void> | undefined { return undefined; }
  flush(): Promise<void> {
    if (!this.holdFlush) { this.flushed++; return Promise.resolve(); }
    return new Promise((resolve) => { this.held.push(() => { this.flushed++; resolve(); }); });
  }
  release(): void { for (const r of this.held.splice(0)) r(); }
}

export class MemIo implements CliIo {
  readonly stdout = new MemStream();
  readonly stderr = new MemStream();
  stdinIsTTY = false;
  stdin = '';
  readonly files = new Map<string, string>();
  private readonly handlers = new Set<() => void>();
  constructor(readonly env: Record<string, string | undefined> = {}) {}
  async readStdin(): Promise<string> { return this.stdin; }
  async readFile(path: string): Promise<string> {
    const f = this.files.get(path);
    if (f === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return f;
  }
  readonly written = new Map<string, Uint8Array>();
  columns?: number;
  async writeFile(path: string, bytes: Uint8Array): Promise<void> {
    if (path.startsWith('/readonly/')) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    this.written.set(path, bytes);
  }
  onInterrupt(handler: () => void): () => void {
    this.handlers.add(handler);
    return () => { this.handlers.delete(handler); };
  }
  interrupt(): void { for (const h of [...this.handlers]) h(); }
  get listening(): boolean { return this.handlers.size > 0; }
}

export interface Script {
  models?: ModelInfo[] | MaasError;
  /** Events a stream yields, one batch each; `hang` makes it wait for the abort signal after them. */
  events?: StreamEvent[];
  /** Batches a stream yields instead of `events` (made as they are asked for, so they can be many). */
  batches?: () => Iterable<EventBatch>;
  hang?: boolean;
  /** What the stream yields once aborted (default a cancelled done). */
  onAbort?: StreamEvent[];
  /** Ask the credential source for the API key first, as core does; missing → config error. */
  needsKey?: boolean;
  /** Never end, not even when aborted (a core bug the CLI must survive). */
  deaf?: boolean;
  /** Throw instead of yielding (a core bug the CLI must survive). */
  throwInStream?: Error;
  /** What runTask resolves with (or throws, for a MaasError). */
  taskResult?: unknown;
}

export class StubClient implements EndpointClientApi {
  readonly chats: ChatRequest[] = [];
  readonly completions: CompletionRequest[] = [];
  readonly tasks: { task: RunnableTask; req: unknown }[] = [];
  disposed = false;
  constructor(readonly endpoint: Endpoint, readonly deps: CoreDeps, private readonly script: Script) {}

  private async credential(): Promise<void> {
    if (!this.script.needsKey) return;
    const key = await this.deps.credentials.get(this.endpoint.id, 'apiKey');
    if (!key) throw new MaasError({ kind: 'config', message: `No API key for endpoint "${this.endpoint.id}": ${this.deps.credentials.describe(this.endpoint.id, 'apiKey')}` });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    await this.credential();
    if (this.script.hang) await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
    if (signal?.aborted) throw new MaasError({ kind: 'network', message: 'aborted' });
    const m = this.script.models ?? [];
    if (m instanceof MaasError) throw m;
    return m;
  }

  async *stream(signal?: AbortSignal): AsyncGenerator<EventBatch> {
    try { await this.credential(); } catch (e) { yield [(e as MaasError).toJSON()]; return; }
    if (this.script.throwInStream) throw this.script.throwInStream;
    if (this.script.batches) yield* this.script.batches();
    for (const e of this.script.events ?? []) yield [e];
    if (this.script.deaf) await new Promise<never>(() => undefined);
    if (this.script.hang) {
      await new Promise<void>((resolve) => { if (signal?.aborted) resolve(); else signal?.addEventListener('abort', () => resolve()); });
      yield this.script.onAbort ?? [{ type: 'done', finishReason: 'cancelled' } as const];
    }
  }

  private async *events(signal?: AbortSignal): AsyncGenerator<StreamEvent> { for await (const b of this.stream(signal)) yield* b; }

  chat(req: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> { this.chats.push(req); return this.events(signal); }
  complete(req: CompletionRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> { this.completions.push(req); return this.events(signal); }
  chatBatches(req: ChatRequest, signal?: AbortSignal): AsyncGenerator<EventBatch> { this.chats.push(req); return this.stream(signal); }
  completeBatches(req: CompletionRequest, signal?: AbortSignal): AsyncGenerator<EventBatch> { this.completions.push(req); return this.stream(signal); }
  async testConnection(): Promise<ConnectionReport> { return { url: this.endpoint.baseUrl, authScheme: 'none', latencyMs: 0, modelCount: 0, warnings: [] }; }
  tasksOffered(): RunnableTask[] { return [...RUNNABLE_TASKS]; }
  async runTask<T extends RunnableTask>(task: T, req: TaskRequest<T>): Promise<TaskResult<T>> {
    await this.credential();
    this.tasks.push({ task, req });
    if (this.script.taskResult instanceof MaasError) throw this.script.taskResult;
    return this.script.taskResult as TaskResult<T>;
  }
  async taskSchema(): Promise<SchemaField[] | undefined> { return undefined; }
  traffic(): EndpointTraffic { return { usage: { answers: 0, inputTokens: 0, outputTokens: 0 } }; }
  dispose(): void { this.disposed = true; }
}

export class Harness {
  readonly io: MemIo;
  readonly clients: StubClient[] = [];
  readonly scripts = new Map<string, Script>();
  constructor(env: Record<string, string | undefined> = {}) { this.io = new MemIo(env); }

  config(endpoints: unknown[], file = '/cfg.json'): this {
    this.io.files.set(file, JSON.stringify({ endpoints }));
    return this;
  }
  script(endpointId: string, s: Script): this { this.scripts.set(endpointId, s); return this; }

  get deps(): CliDeps {
    return {
      createClient: (endpoint, deps) => {
        const c = new StubClient(endpoint, deps, this.scripts.get(endpoint.id) ?? {});
        this.clients.push(c);
        return c;
      },
      version: () => '9.9.9-test',
    };
  }

  run(...argv: string[]): Promise<number> { return run(argv, this.io, this.deps); }
  get stdout(): string { return this.io.stdout.text; }
  get stderr(): string { return this.io.stderr.text; }
  jsonLines(): Record<string, unknown>[] { return this.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>); }
}

export const ep = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id, platform: 'openai', baseUrl: `http://${id}.test/v1`, ...extra });

export function model(endpointId: string, id: string, extra: Partial<ModelInfo> = {}): ModelInfo {
  return { endpointId, id, label: id, tasks: ['chat'], source: 'discovered', ...extra };
}
