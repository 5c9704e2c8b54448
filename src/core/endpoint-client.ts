/**
 * The one object the faces use per endpoint: discovery, chat and completion streams, non-chat tasks, test connection.
 * Streams never throw: they yield events in the fixed order and end with exactly one `done` or `error`.
 */
import type { Endpoint } from './endpoint/schema';
import type { HttpDeps } from './http/types';
import type { ModelInfo } from './models';
import type { ChatRequest, CompletionRequest } from './chat';
import type { EventBatch, StreamEvent } from './stream/events';
import type { RunnableTask, SchemaField, TaskOptions, TaskRequest, TaskResult } from './tasks/types';
import type { RetryWaitListener } from './http/retry-wait-event';
import type { RateLimitInfo } from './http/rate-limit';

/** Token usage summed over the answers of one client (this session, in the extension). */
export interface UsageTotals {
  /** Answers that reported usage. */
  answers: number;
  inputTokens: number;
  outputTokens: number;
}

/** What a face may show about an endpoint's traffic: the last rate limits stated, and the usage seen. */
export interface EndpointTraffic {
  rateLimit?: RateLimitInfo;
  usage: UsageTotals;
}

/**
 * What a face gives core: credentials, a logger, and in the extension the host's fetch (see HttpDeps).
 * The factory is createEndpointClient in endpoint-client-factory.ts; this file holds only the contract.
 */
export type CoreDeps = HttpDeps;

export interface ConnectionReport {
  /** The resolved discovery URL. */
  url: string;
  /** e.g. `Bearer (API key)`, `x-api-key header`, `OAuth2 client credentials via https://…`, `none`. Never the secret. */
  authScheme: string;
  latencyMs: number;
  modelCount: number;
  warnings: string[];
}

/** What a face may ask of a stream besides its events. */
export interface StreamOptions {
  /** Told when core waits before retrying the request (a 429 or 5xx it waits out itself), so a person sees when. */
  onRetryWait?: RetryWaitListener;
}

/** Public face of core for one endpoint (implemented in endpoint-client-impl.ts). */
export interface EndpointClientApi {
  readonly endpoint: Endpoint;
  /** Discovered models merged with the endpoint's configured `models`, sorted by id. Throws MaasError. */
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /**
   * Streams a chat answer as batches, one per network read (the cheap path: faces that print or render
   * consume batches). Never throws; the last batch ends with exactly one `done` or `error` event.
   */
  chatBatches(req: ChatRequest, signal?: AbortSignal, opts?: StreamOptions): AsyncIterable<EventBatch>;
  /** The same stream one event at a time (a view over `chatBatches`). */
  chat(req: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent>;
  /** A plain completion as batches (see `chatBatches`). */
  completeBatches(req: CompletionRequest, signal?: AbortSignal, opts?: StreamOptions): AsyncIterable<EventBatch>;
  /** Streams a plain completion. Never throws; ends with exactly one `done` or `error` event. */
  complete(req: CompletionRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent>;
  /** The non-chat tasks this endpoint's platform serves. */
  tasksOffered(): RunnableTask[];
  /**
   * Runs one non-chat task through the platform's task table and returns its normalised result. Throws
   * MaasError (`config` when the platform does not offer the task); cancellation rejects with the
   * signal's reason. Uploads report progress through `opts.onUploadProgress`.
   */
  runTask<T extends RunnableTask>(task: T, req: TaskRequest<T>, signal?: AbortSignal, opts?: TaskOptions): Promise<TaskResult<T>>;
  /** The request form a model publishes for a task (OICM speech), or undefined when there is none. Throws MaasError. */
  taskSchema(task: RunnableTask, model: string, signal?: AbortSignal): Promise<SchemaField[] | undefined>;
  /** Discovery with timing, for "Test connection". Throws MaasError. */
  testConnection(signal?: AbortSignal): Promise<ConnectionReport>;
  /** The rate limits the gateway last stated and the token usage counted so far (see HttpDeps.onTraffic). */
  traffic(): EndpointTraffic;
  /** Closes per-endpoint agents. */
  dispose(): void;
}
