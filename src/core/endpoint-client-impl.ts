/** EndpointClient: binds one endpoint's adapter, HTTP client and caches; enforces event order on streams. */
import type { Endpoint } from './endpoint/schema';
import type { CoreDeps, ConnectionReport, EndpointClientApi, EndpointTraffic, StreamOptions, UsageTotals } from './endpoint-client';
import type { ModelInfo } from './models';
import { mergeConfiguredModels } from './models';
import { withCapabilities } from './model-capabilities';
import { prepareChat, prepareCompletion } from './request-options';
import type { ChatRequest, CompletionRequest } from './chat';
import type { EventBatch, StreamEvent } from './stream/events';
import { HttpClient } from './http/client';
import type { AdapterContext, StreamPlan } from './platforms/adapter';
import { ADAPTERS } from './platforms/registry';
import { decodeBatches, eventsOf, type StreamStats } from './stream/batches';
import { bufferedStreamMessage, looksBuffered } from './stream/buffering';
import { withRetryWaitListener } from './http/retry-wait';
import { MaasError, configError } from './errors';
import { RUNNABLE_TASKS, type RunnableTask, type SchemaField, type TaskOptions, type TaskRequest, type TaskResult } from './tasks/types';
import { silentLogger } from './log';

export class EndpointClient implements EndpointClientApi {
  private readonly http: HttpClient;
  private readonly ctx: AdapterContext;
  private readonly warnings: string[] = [];
  private readonly usage: UsageTotals = { answers: 0, inputTokens: 0, outputTokens: 0 };
  private bufferedSaid = false;
  private readonly deps: CoreDeps;

  constructor(readonly endpoint: Endpoint, deps: CoreDeps) {
    this.deps = deps;
    this.http = new HttpClient(endpoint, deps);
    const log = deps.logger ?? silentLogger;
    this.ctx = {
      endpoint, http: this.http, cache: new Map(),
      warn: (m) => { if (!this.warnings.includes(m)) this.warnings.push(m); log.warn(m); },
    };
  }

  private get adapter() { return ADAPTERS[this.endpoint.platform]; }

  async listModels(signal: AbortSignal = new AbortController().signal): Promise<ModelInfo[]> {
    try {
      const discovered = await this.adapter.listModels(this.ctx, signal);
      return withCapabilities(this.endpoint, mergeConfiguredModels(this.endpoint.id, discovered, this.endpoint.models), this.adapter.toolCalling);
    } catch (e) {
      throw this.scrubbed(e);
    }
  }

  chatBatches(req: ChatRequest, signal: AbortSignal = new AbortController().signal, opts: StreamOptions = {}): AsyncGenerator<EventBatch> {
    return this.batches(() => withRetryWaitListener(opts.onRetryWait, () => this.adapter.chat(this.ctx, prepareChat(this.endpoint, req), signal)), signal);
  }

  completeBatches(req: CompletionRequest, signal: AbortSignal = new AbortController().signal, opts: StreamOptions = {}): AsyncGenerator<EventBatch> {
    return this.batches(() => withRetryWaitListener(opts.onRetryWait, () => this.adapter.complete(this.ctx, prepareCompletion(this.endpoint, req), signal)), signal);
  }

  chat(req: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    return eventsOf(this.chatBatches(req, signal));
  }

  complete(req: CompletionRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    return eventsOf(this.completeBatches(req, signal));
  }

  /** One request's read loop: the adapter's pre-request work and request, then its body per read. */
  private batches(plan: () => Promise<StreamPlan>, signal: AbortSignal): AsyncGenerator<EventBatch> {
    const open = async () => {
      const p = await plan();
      return { body: p.response.body(), decoder: p.decoder };
    };
    return decodeBatches(open, signal, (s) => this.http.scrub(s), (stats) => this.ended(stats));
  }

  /** Counts an answer's usage, and says once when answers arrive whole (a buffering proxy). */
  private ended(stats: StreamStats): void {
    if (stats.usage) {
      this.usage.answers++;
      this.usage.inputTokens += stats.usage.inputTokens ?? 0;
      this.usage.outputTokens += stats.usage.outputTokens ?? 0;
      this.deps.onTraffic?.();
    }
    if (!this.bufferedSaid && looksBuffered(stats)) {
      this.bufferedSaid = true;
      const message = bufferedStreamMessage(this.endpoint.id);
      (this.deps.logger ?? silentLogger).warn(message);
      this.deps.onStreamWarning?.(message);
    }
  }

  traffic(): EndpointTraffic {
    return { ...(this.http.rateLimit ? { rateLimit: this.http.rateLimit } : {}), usage: { ...this.usage } };
  }

  async testConnection(signal: AbortSignal = new AbortController().signal): Promise<ConnectionReport> {
    const started = performance.now();
    let url = this.adapter.modelsUrl(this.ctx);
    let modelCount: number;
    try {
      if (this.adapter.probe) {
        const probe = await this.adapter.probe(this.ctx, signal);
        url = probe.url;
        modelCount = probe.modelCount;
      } else {
        modelCount = (await this.listModels(signal)).length;
        url = this.adapter.modelsUrl(this.ctx);
      }
    } catch (e) {
      throw this.scrubbed(e);
    }
    return {
      url, authScheme: this.http.auth.describe(), latencyMs: Math.round(performance.now() - started), modelCount,
      warnings: [...this.warnings],
    };
  }

  tasksOffered(): RunnableTask[] {
    return RUNNABLE_TASKS.filter((t) => this.adapter.tasks[t] !== undefined);
  }

  async runTask<T extends RunnableTask>(task: T, req: TaskRequest<T>, signal: AbortSignal = new AbortController().signal, opts: TaskOptions = {}): Promise<TaskResult<T>> {
    const handler = this.adapter.tasks[task];
    if (!handler) {
      const offered = this.tasksOffered();
      throw configError(`endpoint "${this.endpoint.id}" (${this.endpoint.platform}) does not offer ${task}; ${offered.length ? `it offers ${offered.join(', ')}` : 'it offers chat and completion only'}`);
    }
    try {
      return await withRetryWaitListener(opts.onRetryWait, () => handler(this.ctx, req, signal, opts));
    } catch (e) {
      throw this.scrubbed(e);
    }
  }

  async taskSchema(task: RunnableTask, model: string, signal: AbortSignal = new AbortController().signal): Promise<SchemaField[] | undefined> {
    try {
      return await this.adapter.taskSchema?.(this.ctx, task, model, signal);
    } catch (e) {
      throw this.scrubbed(e);
    }
  }

  dispose(): void { this.http.close(); }

  private scrubbed(e: unknown): unknown {
    if (e instanceof MaasError) {
      const message = this.http.scrub(e.message);
      return message === e.message ? e : new MaasError({ kind: e.kind, message, ...(e.status !== undefined ? { status: e.status } : {}), ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}) });
    }
    return e;
  }
}
