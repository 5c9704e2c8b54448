/**
 * The task table of an OpenAI-shaped server (vLLM, llama.cpp, GPUStack's `/v1`, OpenAI itself): Jina
 * rerank, embeddings, vLLM's `/classify` (at the server root, beside `/v1`), audio and images. Each
 * platform picks the entries it offers and says where its `/v1` and root are.
 */
import type { AdapterContext } from '../platforms/adapter';
import { joinUrl } from '../endpoint/url';
import { MaasError } from '../errors';
import { redactUrl } from '../http/redact';
import { decodeJinaRerank, jinaRerankBody } from '../wire/jina';
import { decodeEmbeddings, embeddingsBody } from '../wire/openai-embeddings';
import { decodeTranscription, speechBody, transcriptionFields } from '../wire/openai-audio';
import { decodeImages, imagesBody } from '../wire/openai-images';
import { decodeVllmClassify, vllmClassifyBody } from '../wire/vllm-classify';
import type { TaskHandlers } from '../platforms/adapter';
import { MEDIA, mediaFromBase64, mediaFromResponse, postJson, postRaw, postUpload, RESULT } from './requests';
import { UNKNOWN_MEDIA } from './media';

export interface OpenAIRoots {
  /** The OpenAI base including its version path (`…/v1`). */
  v1(ctx: AdapterContext): string;
  /** The server root (`/classify` lives there on vLLM). */
  root(ctx: AdapterContext): string;
  /** OICM: the model whose own token the requests carry. */
  modelId?: string;
}

/** An image answer's `url` is fetched with the credential only from an origin it may go to (the client's origin rule). */
async function imageFromUrl(ctx: AdapterContext, url: string, signal: AbortSignal, modelId: string | undefined) {
  const res = await ctx.http.request({ url, accept: 'image/*', ...(modelId ? { modelId } : {}) }, signal);
  return mediaFromResponse(res, UNKNOWN_MEDIA);
}

export function openaiTasks(roots: OpenAIRoots): Required<Pick<TaskHandlers, 'rerank' | 'embedding' | 'classification' | 'transcription' | 'speech' | 'image'>> {
  const m = roots.modelId ? { modelId: roots.modelId } : {};
  return {
    async rerank(ctx, req, signal) {
      const r = await postJson(ctx, joinUrl(roots.v1(ctx), 'rerank'), jinaRerankBody(req), signal, m);
      return decodeJinaRerank(r.body, r.url, req.documents, req.topN);
    },
    async embedding(ctx, req, signal) {
      const r = await postJson(ctx, joinUrl(roots.v1(ctx), 'embeddings'), embeddingsBody(req), signal, { ...m, read: MEDIA });
      return decodeEmbeddings(r.body, r.url);
    },
    async classification(ctx, req, signal) {
      const r = await postJson(ctx, joinUrl(roots.root(ctx), 'classify'), vllmClassifyBody(req), signal, m);
      return decodeVllmClassify(r.body, r.url);
    },
    async transcription(ctx, req, signal, opts) {
      const res = await postUpload(ctx, joinUrl(roots.v1(ctx), 'audio/transcriptions'), transcriptionFields(req), { field: 'file', path: req.file }, signal, { ...opts, ...m });
      return decodeTranscription(await res.text(RESULT), res.headers.get('content-type'), res.url);
    },
    async speech(ctx, req, signal) {
      const res = await postRaw(ctx, joinUrl(roots.v1(ctx), 'audio/speech'), speechBody(req), signal, { ...m, accept: 'audio/*' });
      const media = await mediaFromResponse(res, UNKNOWN_MEDIA);
      if (/json/.test(media.mimeType)) throw new MaasError({ kind: 'protocol', message: `${redactUrl(res.url)} answered speech with JSON, not audio` });
      return media;
    },
    async image(ctx, req, signal) {
      const r = await postJson(ctx, joinUrl(roots.v1(ctx), 'images/generations'), imagesBody(req), signal, { ...m, read: MEDIA });
      const img = decodeImages(r.body, r.url);
      return 'b64' in img ? mediaFromBase64(img.b64, `The image from ${redactUrl(r.url)}`, UNKNOWN_MEDIA) : imageFromUrl(ctx, new URL(img.url, r.url).toString(), signal, roots.modelId);
    },
  };
}
