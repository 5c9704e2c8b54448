/** EndpointClient: binds one endpoint's adapter, HTTP client and caches; enforces event order on streams. */
import type { Endpoint } from './endpoint/schema';
import type { CoreDeps, ConnectionReport, EndpointClientApi } from './endpoint-client';
import type { ModelInfo } from './models';
import { mergeConfiguredModels } from './models';
import type { ChatRequest, CompletionRequest } from './chat';
import type { EventBatch, StreamEvent } from './stream/events';
import { HttpClient } from './http/client';
import type { AdapterContext, StreamPlan } from './platforms/adapter';
import type { StreamDecoder } from './stream/decoder';
import { ADAPTERS } from './platforms/registry';
import { probeOicm } from './platforms/oicm';
import { EventSequencer } from './stream/sequence';
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

  chatBatches(req: ChatRequest, signal: AbortSignal = new AbortController().signal): AsyncGenerator<EventBatch> {
    return this.batches(() => this.adapter.chat(this.ctx, req, signal), signal);
  }

  completeBatches(req: CompletionRequest, signal: AbortSignal = new AbortController().signal): AsyncGenerator<EventBatch> {
    return this.batches(() => this.adapter.complete(this.ctx, req, signal), signal);
  }

  async *chat(req: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    for await (const batch of this.chatBatches(req, signal)) yield* batch;
  }

  async *complete(req: CompletionRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    for await (const batch of this.completeBatches(req, signal)) yield* batch;
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

  /**
   * The one read loop: each network read is decoded and sequenced synchronously and handed on as one
   * batch (none when it completes no event). Errors before the body (HTTP, configuration) and during it
   * end the stream with one error event; cancellation ends it with `done: cancelled`.
   */
  private async *batches(plan: () => Promise<StreamPlan>, signal: AbortSignal): AsyncGenerator<EventBatch> {
    const seq = new EventSequencer((s) => this.http.scrub(s));
    let decoder: StreamDecoder | undefined;
    try {
      const p = await plan();
      decoder = p.decoder;
      for await (const chunk of p.response.body()) {
        if (signal.aborted) break;
        const batch = seq.push(decoder.push(chunk));
        if (batch.length) yield batch;
        if (seq.ended) return; // leaving the loop closes the body
      }
      const last = signal.aborted ? seq.end(true) : [...seq.push(decoder.end()), ...seq.end(false)];
      if (last.length) yield last;
    } catch (e) {
      const held = decoder ? seq.push(decoder.flush()) : [];
      const last = [...held, ...(signal.aborted ? seq.end(true) : seq.fail(e))];
      if (last.length) yield last;
    }
  }

  private scrubbed(e: unknown): unknown {
    if (e instanceof MaasError) {
      const message = this.http.scrub(e.message);
      return message === e.message ? e : new MaasError({ kind: e.kind, message, ...(e.status !== undefined ? { status: e.status } : {}), ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}) });
    }
    return e;
  }
}
