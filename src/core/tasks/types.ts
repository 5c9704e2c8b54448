/**
 * One normalised request and result per non-chat task. Every platform that offers a task answers with
 * the same result shape, whatever its wire format (wire/*.ts decode them).
 */
import type { UploadProgress } from '../http/stream-body';
import type { RetryWaitListener } from '../http/retry-wait-event';

/** Body fields set by the caller (`--param k=v`), merged over the request body last. */
export type TaskParams = Record<string, unknown>;

interface Base { model: string; params?: TaskParams }

export interface RerankRequest extends Base { query: string; documents: string[]; topN?: number }
/** Best first. `score` is the server's own: a probability or a logit (may be negative). */
export interface RerankResult { results: { index: number; score: number; text?: string }[] }

export interface ClassifyRequest extends Base { text: string }
/** Best first. */
export interface ClassifyResult { labels: { label: string; score: number }[] }

export interface EmbedRequest extends Base { texts: string[] }
export interface EmbedResult { embeddings: number[][]; dimensions: number }

export interface TranscribeRequest extends Base { file: string; language?: string }
export interface TranscribeResult { text: string }

/** `format`: the audio format wanted (`wav`, `mp3`, `flac`, `opus`, `aac`, `pcm`) where the server lets one choose (OpenAI `response_format`). */
export interface SpeakRequest extends Base { text: string; voice?: string; format?: string }
export interface TranslateRequest extends Base { text: string }
export interface TranslateResult { translation: string }
export interface ImageRequest extends Base { prompt: string; size?: string }

/** Audio or an image: the bytes and what they are (the answer's Content-Type, else their signature). */
export interface MediaResult { bytes: Uint8Array; mimeType: string }

export interface PredictRequest { model: string; input: unknown }
/** The server's own `data`, and its input/output schema when it sends one. */
export interface PredictResult { data: unknown; meta?: unknown }

/** A field of a model's request form, from its schema endpoint (OI Serve text to speech). */
export interface SchemaField { name: string; label: string; type: string; required: boolean; description?: string }

/** Task → [request, result]. */
export interface TaskTypes {
  rerank: [RerankRequest, RerankResult];
  classification: [ClassifyRequest, ClassifyResult];
  embedding: [EmbedRequest, EmbedResult];
  transcription: [TranscribeRequest, TranscribeResult];
  speech: [SpeakRequest, MediaResult];
  translation: [TranslateRequest, TranslateResult];
  image: [ImageRequest, MediaResult];
  prediction: [PredictRequest, PredictResult];
}
export type RunnableTask = keyof TaskTypes;
export type TaskRequest<T extends RunnableTask> = TaskTypes[T][0];
export type TaskResult<T extends RunnableTask> = TaskTypes[T][1];

export const RUNNABLE_TASKS: readonly RunnableTask[] = ['rerank', 'classification', 'embedding', 'transcription', 'speech', 'translation', 'image', 'prediction'];

/** What a task run may report besides its result: upload progress (transcription). */
export interface TaskOptions {
  onUploadProgress?: UploadProgress;
  /** Told when core waits before retrying (a 429 or 5xx it waits out itself). */
  onRetryWait?: RetryWaitListener;
}
