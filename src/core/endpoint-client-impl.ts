/** EndpointClient: binds one endpoint's adapter, HTTP client and caches; enforces event order on streams. */
import type { Endpoint } from './endpoint/schema';
import type { CoreDeps, ConnectionReport, EndpointClientApi } from './endpoint-client';
import type { ModelInfo } from './models';
import { mergeConfiguredModels } from './models';
import type { ChatRequest, CompletionRequest } from './chat';
import type { EventBatch, StreamEvent } from './stream/events';
import { HttpClient } from './http/client';
import type { AdapterContext } from './platforms/adapter';
import { ADAPTERS } from './platforms/registry';
import { probeOicm } from './platforms/oicm';
import { sequenceEvents } from './stream/sequence';
import { MaasError } from './errors';
import { silentLogger } from './log';

export class EndpointClient implements EndpointClientApi {
  private readonly http: HttpClient;
  private readonly ctx: AdapterContext;
  private readonly warnings: string[] = [];

  constructor(readonly endpoint: Endpoint, deps: CoreDeps) {
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
      return mergeConfiguredModels(this.endpoint.id, discovered, this.endpoint.models);
    } catch (e) {
      throw this.scrubbed(e);
    }
  }

  chat(req: ChatRequest, signal: AbortSignal = new AbortController().signal): AsyncGenerator<StreamEvent> {
    return sequenceEvents(this.lazy(() => this.adapter.chat(this.ctx, req, signal)), signal, (s) => this.http.scrub(s));
  }

  // Interim: one event per batch until the decoders deliver per network read.
  async *chatBatches(req: ChatRequest, signal?: AbortSignal): AsyncGenerator<EventBatch> {
    for await (const e of this.chat(req, signal)) yield [e];
  }

  async *completeBatches(req: CompletionRequest, signal?: AbortSignal): AsyncGenerator<EventBatch> {
    for await (const e of this.complete(req, signal)) yield [e];
  }

  complete(req: CompletionRequest, signal: AbortSignal = new AbortController().signal): AsyncGenerator<StreamEvent> {
    return sequenceEvents(this.lazy(() => this.adapter.complete(this.ctx, req, signal)), signal, (s) => this.http.scrub(s));
  }

  async testConnection(signal: AbortSignal = new AbortController().signal): Promise<ConnectionReport> {
    const started = performance.now();
    let url = this.adapter.modelsUrl(this.ctx);
    let modelCount: number;
    try {
      if (this.endpoint.platform === 'oicm') {
        const probe = await probeOicm(this.ctx, signal);
        url = probe.url;
        modelCount = this.endpoint.models.length;
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

  dispose(): void { this.http.close(); }

  /** Defers the adapter call so that a synchronous throw also becomes an error event. */
  private async *lazy(make: () => AsyncIterable<StreamEvent>): AsyncGenerator<StreamEvent> {
    yield* make();
  }

  private scrubbed(e: unknown): unknown {
    if (e instanceof MaasError) {
      const message = this.http.scrub(e.message);
      return message === e.message ? e : new MaasError({ kind: e.kind, message, ...(e.status !== undefined ? { status: e.status } : {}), ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}) });
    }
    return e;
  }
}
