/** What each platform implements. Adapters are stateless apart from per-endpoint caches held in their context. */
import type { Endpoint } from '../endpoint/schema';
import type { ModelInfo } from '../models';
import type { OutgoingChat, OutgoingCompletion } from '../request-options';
import type { StreamDecoder } from '../stream/decoder';
import type { HttpClient, HttpResponse } from '../http/client';

export interface AdapterContext {
  endpoint: Endpoint;
  http: HttpClient;
  /** Per-endpoint, per-process cache (discovered URLs, Intel catalogue, OICM served model names, …). */
  cache: Map<string, unknown>;
  warn(message: string): void;
}

/** A streamed answer ready to read: the response (headers received, body unread) and the decoder for its body, both for this request only. */
export interface StreamPlan {
  response: HttpResponse;
  decoder: StreamDecoder;
}

export interface ProbeResult { url: string; modelCount: number }

export interface PlatformAdapter {
  /** The platform's chat API takes tool definitions and streams tool calls back (sets `ModelInfo.toolCalling`). */
  readonly toolCalling: boolean;
  /** Discovered models only; the client merges the configured ones. */
  listModels(ctx: AdapterContext, signal: AbortSignal): Promise<ModelInfo[]>;
  /**
   * Does the pre-request work (lookups, origin checks), sends the request and returns the response with
   * a fresh decoder for its body; the client runs the read loop. Throws MaasError (the client turns a
   * throw into a one-batch error stream). The request arrives prepared by the client: configured
   * defaults filled in and `extraBody` attached, which the body builders merge last.
   */
  chat(ctx: AdapterContext, req: OutgoingChat, signal: AbortSignal): Promise<StreamPlan>;
  complete(ctx: AdapterContext, req: OutgoingCompletion, signal: AbortSignal): Promise<StreamPlan>;
  /** The URL models are discovered at (shown by test connection). */
  modelsUrl(ctx: AdapterContext): string;
}
