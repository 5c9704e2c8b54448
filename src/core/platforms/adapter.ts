/** What each platform implements. Adapters are stateless apart from per-endpoint caches held in their context. */
import type { Endpoint } from '../endpoint/schema';
import type { ModelInfo } from '../models';
import type { ChatRequest, CompletionRequest } from '../chat';
import type { StreamEvent } from '../stream/events';
import type { HttpClient } from '../http/client';

export interface AdapterContext {
  endpoint: Endpoint;
  http: HttpClient;
  /** Per-endpoint, per-process cache (discovered URLs, Intel catalogue, OICM served model names, …). */
  cache: Map<string, unknown>;
  warn(message: string): void;
}

export interface ProbeResult { url: string; modelCount: number }

export interface PlatformAdapter {
  /** Discovered models only; the client merges the configured ones. */
  listModels(ctx: AdapterContext, signal: AbortSignal): Promise<ModelInfo[]>;
  /** Raw events; the client enforces order and turns throws into a terminal error. */
  chat(ctx: AdapterContext, req: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
  complete(ctx: AdapterContext, req: CompletionRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
  /** The URL models are discovered at (shown by test connection). */
  modelsUrl(ctx: AdapterContext): string;
}
