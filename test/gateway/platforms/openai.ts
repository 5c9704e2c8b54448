/** `local-vllm`: a plain vLLM OpenAI server started with `--api-key`. */
import { KEYS, PREFIX } from '../config';
import { authorize, bearer, fastApiMethodNotAllowed, fastApiNotFound, json, route, send, statusMessage, type Ctx, type Platform, type Reply } from '../http';
import { handleChat, handleCompletion, handleEmbeddings, modelList, VLLM_ERROR_TAIL, vllmError, vllmModelNotFound, type OpenAIFlavor, type ServedModel } from '../vllm';

const MODELS: ServedModel[] = [
  { id: 'meta-llama/Llama-3.1-8B-Instruct', maxModelLen: 8192, chat: 'plain' },
  { id: 'Qwen/Qwen3-8B', maxModelLen: 40960, chat: 'reasoning' },
  { id: 'deepseek-r1-distill', maxModelLen: 32768, chat: 'think-tags' },
  { id: 'BAAI/bge-small-en-v1.5', maxModelLen: 512, embedding: true },
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

export const openaiPlatform: Platform = {
  prefix: PREFIX.openai,
  async handle(ctx: Ctx) {
    if (!await authorize(ctx, bearer(ctx.req) === KEYS.localVllm, unauthorized)) return;
    await route(ctx, [
      { method: 'GET', path: '/models', handler: (c) => send(c, json(200, modelList(MODELS))) },
      { method: 'POST', path: '/chat/completions', handler: (c) => handleChat(c, flavor) },
      { method: 'POST', path: '/completions', handler: (c) => handleCompletion(c, flavor) },
      { method: 'POST', path: '/embeddings', handler: (c) => handleEmbeddings(c, flavor) },
    ], ctx.sub, fastApiNotFound, fastApiMethodNotAllowed);
  },
  errorReply: (status, _ctx) => (status === 401 ? unauthorized() : vllmError(status, statusMessage(status))),
  expiredReply: unauthorized,
};

