/** Any OpenAI-compatible server (vLLM, TGI, llama.cpp, Ollama): `baseUrl` includes the version path. */
import type { PlatformAdapter } from './adapter';
import { joinUrl } from '../endpoint/url';
import { chatBody, completionBody, fetchOpenAIModels, looksLikeReasoningModel, streamOpenAI } from './openai-compat';

export const openaiAdapter: PlatformAdapter = {
  modelsUrl: (ctx) => joinUrl(ctx.endpoint.baseUrl, 'models'),
  listModels: (ctx, signal) => fetchOpenAIModels(ctx, joinUrl(ctx.endpoint.baseUrl, 'models'), signal),
  chat: (ctx, req, signal) => streamOpenAI(ctx, joinUrl(ctx.endpoint.baseUrl, 'chat/completions'), chatBody(req, req.model), signal, { reasoning: looksLikeReasoningModel(req.model) }),
  complete: (ctx, req, signal) => streamOpenAI(ctx, joinUrl(ctx.endpoint.baseUrl, 'completions'), completionBody(req, req.model), signal, { reasoning: looksLikeReasoningModel(req.model) }),
};
