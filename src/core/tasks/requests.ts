/** The request steps every task handler shares: a JSON POST read whole, a multipart upload, media from an answer. */
import type { AdapterContext } from '../platforms/adapter';
import type { HttpResponse, ReadOptions } from '../http/client';
import { multipartBody, type FormField } from '../http/multipart';
import { withProgress } from '../http/stream-body';
import { configError } from '../errors';
import type { MediaResult, TaskOptions } from './types';
import { base64Bytes, sniffMime } from './media';

export interface PostOptions { modelId?: string; read?: ReadOptions; accept?: string }

/** Results that carry embeddings or media are read under the larger cap. */
export const MEDIA: ReadOptions = Object.freeze({ limit: 'media', what: 'The result' });
export const RESULT: ReadOptions = Object.freeze({ what: 'The result' });

export async function postJson(ctx: AdapterContext, url: string, body: unknown, signal: AbortSignal, opts: PostOptions = {}): Promise<{ body: unknown; url: string }> {
  const res = await postRaw(ctx, url, body, signal, opts);
  return { body: await res.json(opts.read ?? RESULT), url: res.url };
}

export function postRaw(ctx: AdapterContext, url: string, body: unknown, signal: AbortSignal, opts: PostOptions = {}): Promise<HttpResponse> {
  return ctx.http.request({ method: 'POST', url, json: body, accept: opts.accept ?? 'application/json', ...(opts.modelId ? { modelId: opts.modelId } : {}) }, signal);
}

/** POSTs a multipart form whose file part is streamed from disk; upload progress goes to `opts`. */
export async function postUpload(ctx: AdapterContext, url: string, fields: FormField[], file: { field: string; path: string }, signal: AbortSignal, opts: TaskOptions & { modelId?: string } = {}): Promise<HttpResponse> {
  let form;
  try {
    form = await multipartBody(fields, [{ name: file.field, path: file.path }]);
  } catch (e) {
    throw configError(`${file.path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of an audio file`);
  }
  const body = opts.onUploadProgress ? withProgress(form, opts.onUploadProgress) : form;
  return ctx.http.request({ method: 'POST', url, body, accept: 'application/json', ...(opts.modelId ? { modelId: opts.modelId } : {}) }, signal);
}

/** Base64 media from a JSON answer; its type from its signature, else `fallback`. */
export function mediaFromBase64(b64: string, what: string, fallback: string): MediaResult {
  const bytes = base64Bytes(b64, what);
  return { bytes, mimeType: sniffMime(bytes) ?? fallback };
}

/** A binary answer: its Content-Type (parameters dropped), else the bytes' signature, else `fallback`. */
export async function mediaFromResponse(res: HttpResponse, fallback: string): Promise<MediaResult> {
  const bytes = await res.bytes(MEDIA);
  const declared = res.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  const mimeType = declared && declared !== 'application/octet-stream' ? declared : sniffMime(bytes) ?? fallback;
  return { bytes, mimeType };
}
