/** `local-vllm`: a plain vLLM OpenAI server started with `--api-key` (chat models, an embedder, and the task models of tasks/vllm-tasks.ts). */
import { KEYS, PREFIX } from '../config';
import { authorize, bearer, fastApiMethodNotAllowed, fastApiNotFound, json, route, send, statusMessage, type Ctx, type Platform, type Reply } from '../http';
import { vllmClassify, vllmRerank, vllmTranscribe, VLLM_TASK_MODELS } from '../tasks/vllm-tasks';
import { handleChat, handleCompletion, handleEmbeddings, modelList, VLLM_ERROR_TAIL, vllmError, vllmModelNotFound, type OpenAIFlavor, type ServedModel } from '../vllm';

const MODELS: ServedModel[] = [
  { id: 'meta-llama/Llama-3.1-8B-Instruct', maxModelLen: 8192, chat: 'plain' },
  { id: 'Qwen/Qwen3-8B', maxModelLen: 40960, chat: 'reasoning' },
  { id: 'deepseek-r1-distill', maxModelLen: 32768, chat: 'think-tags' },
  { id: 'BAAI/bge-small-en-v1.5', maxModelLen: 512, embedding: true },
  { id: VLLM_TASK_MODELS.reranker, maxModelLen: 8194 },
  { id: VLLM_TASK_MODELS.classifier, maxModelLen: 32768 },
  { id: VLLM_TASK_MODELS.whisper, maxModelLen: 448 },
];

const flavor: OpenAIFlavor = {
  models: MODELS,
  chatIdPrefix: 'chatcmpl-',
  usage: 'requested',
  errorTail: VLLM_ERROR_TAIL,
  error: vllmError,
  modelNotFound: (m) => vllmError(404, vllmModelNotFound(m), 'model'),
};

/** vLLM's `--api-key` middleware answers this on every /v1 route. */
const unauthorized = (): Reply => json(401, { error: 'Unauthorized' });

/** The server root: `/v1/…` routes, and vLLM's `/classify` beside them. */
const ROOT = PREFIX.openai.replace(/\/v1$/, '');

export const openaiPlatform: Platform = {
  prefix: ROOT,
  async handle(ctx: Ctx) {
    if (!await authorize(ctx, bearer(ctx.req) === KEYS.localVllm, unauthorized)) return;
    await route(ctx, [
      { method: 'GET', path: '/v1/models', handler: (c) => send(c, json(200, modelList(MODELS))) },
      { method: 'POST', path: '/v1/chat/completions', handler: (c) => handleChat(c, flavor) },
      { method: 'POST', path: '/v1/completions', handler: (c) => handleCompletion(c, flavor) },
      { method: 'POST', path: '/v1/embeddings', handler: (c) => handleEmbeddings(c, flavor) },
      { method: 'POST', path: '/v1/rerank', handler: (c) => vllmRerank(c, flavor) },
      { method: 'POST', path: '/classify', handler: (c) => vllmClassify(c, flavor) },
      { method: 'POST', path: '/v1/audio/transcriptions', handler: (c) => vllmTranscribe(c, flavor) },
    ], ctx.sub, fastApiNotFound, fastApiMethodNotAllowed);
  },
  errorReply: (status, _ctx) => (status === 401 ? unauthorized() : vllmError(status, statusMessage(status))),
  expiredReply: unauthorized,
};

