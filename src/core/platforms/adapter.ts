/** What each platform implements. Adapters are stateless apart from per-endpoint caches held in their context. */
import type { Endpoint } from '../endpoint/schema';
import type { ModelInfo } from '../models';
import type { OutgoingChat, OutgoingCompletion } from '../request-options';
import type { StreamDecoder } from '../stream/decoder';
import type { HttpClient, HttpResponse } from '../http/client';
import type { RunnableTask, SchemaField, TaskOptions, TaskRequest, TaskResult } from '../tasks/types';

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

/** How one task is run on a platform. */
export type TaskHandler<T extends RunnableTask> = (ctx: AdapterContext, req: TaskRequest<T>, signal: AbortSignal, opts: TaskOptions) => Promise<TaskResult<T>>;

/** The table each adapter declares: for every task it serves, how to run it there. */
export type TaskHandlers = { [T in RunnableTask]?: TaskHandler<T> };

/** A model's request form when the server publishes one (OI Serve speech); undefined when it does not. */
export type SchemaHandler = (ctx: AdapterContext, task: RunnableTask, model: string, signal: AbortSignal) => Promise<SchemaField[] | undefined>;

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
  /** The non-chat tasks this platform serves: task → how to run it here. A task not in the table is not offered. */
  readonly tasks: TaskHandlers;
  /** A model's published request form for a task (OI Serve speech), when the platform has one. */
  readonly taskSchema?: SchemaHandler;
  /**
   * Test connection's probe when it is not a model listing (OICM has no catalogue: it probes its chat
   * models' servers): the URL it reached and the number of models to report.
   */
  probe?(ctx: AdapterContext, signal: AbortSignal): Promise<ProbeResult>;
}
