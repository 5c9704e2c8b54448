/** `rafay-serverless`: Rafay serverless inference, a vLLM worker behind `/v2/<ENDPOINT_ID>/openai/v1`. */
import { KEYS, PREFIX } from '../config';
import { openAiRateHeaders } from '../rate-limits';
import { authorize, bearer, json, route, send, statusMessage, type Ctx, type Platform, type Reply } from '../http';
import { handleChat, handleCompletion, modelList, VLLM_ERROR_TAIL, vllmError, vllmModelNotFound, type OpenAIFlavor, type ServedModel } from '../vllm';

const MODELS: ServedModel[] = [{ id: 'mistralai/Mistral-7B-Instruct-v0.2', maxModelLen: 32768, chat: 'plain' }];

const flavor: OpenAIFlavor = {
  models: MODELS,
  chatIdPrefix: 'chatcmpl-',
  usage: 'requested',
  errorTail: VLLM_ERROR_TAIL,
  error: vllmError,
  modelNotFound: (m) => vllmError(404, vllmModelNotFound(m), 'model'),
};

/** Rafay's front door (undocumented; an OpenAI-style envelope). */
const frontDoor = (status: number, message: string, type: string): Reply => json(status, { error: { message, type, code: status } });
const unauthorized = (): Reply => frontDoor(401, 'Invalid or missing API key', 'authentication_error');

const rateHeaders = openAiRateHeaders();

export const rafayPlatform: Platform = {
  prefix: PREFIX.rafay,
  /** The front door states its rate limits on every answer. */
  get headers() { return rateHeaders(); },
  async handle(ctx: Ctx) {
    if (!await authorize(ctx, bearer(ctx.req) === KEYS.rafay, unauthorized)) return;
    await route(ctx, [
      { method: 'GET', path: '/models', handler: (c) => send(c, json(200, modelList(MODELS))) },
      { method: 'POST', path: '/chat/completions', handler: (c) => handleChat(c, flavor) },
      { method: 'POST', path: '/completions', handler: (c) => handleCompletion(c, flavor) },
    ], ctx.sub, () => frontDoor(404, 'Route not found', 'not_found_error'), () => frontDoor(405, 'Method not allowed', 'invalid_request_error'));
  },
  errorReply(status) {
    if (status === 401) return unauthorized();
    if (status === 429) return frontDoor(429, 'Rate limit exceeded for this endpoint', 'rate_limit_error');
    return status >= 500 && status !== 500 ? frontDoor(status, statusMessage(status), 'server_error') : vllmError(status, statusMessage(status));
  },
  expiredReply: () => frontDoor(401, 'API key expired', 'authentication_error'),
};
