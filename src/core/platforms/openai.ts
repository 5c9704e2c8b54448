/**
 * Any OpenAI-compatible server (vLLM, TGI, llama.cpp, Ollama): `baseUrl` includes the version path.
 * Its model list names no task, so each model's tasks come from its id (no extra request); a `task`
 * configured in the endpoint's `models` wins (merged by the client).
 */
import type { PlatformAdapter } from './adapter';
import { joinUrl } from '../endpoint/url';
import { tasksFromModelId } from '../tasks';
import { openaiTasks } from '../tasks/openai-tasks';
import { serverRoot } from '../endpoint/url';
import { chatBody, completionBody, fetchOpenAIModels, looksLikeReasoningModel, streamOpenAI } from './openai-compat';

export const openaiAdapter: PlatformAdapter = {
  toolCalling: true,
  modelsUrl: (ctx) => joinUrl(ctx.endpoint.baseUrl, 'models'),
  listModels: async (ctx, signal) => (await fetchOpenAIModels(ctx, joinUrl(ctx.endpoint.baseUrl, 'models'), signal))
    .map((m) => ({ ...m, tasks: tasksFromModelId(m.id) })),
  chat: async (ctx, req, signal) => streamOpenAI(ctx, joinUrl(ctx.endpoint.baseUrl, 'chat/completions'), chatBody(req, req.model), signal, { reasoning: looksLikeReasoningModel(req.model) }),
  complete: async (ctx, req, signal) => streamOpenAI(ctx, joinUrl(ctx.endpoint.baseUrl, 'completions'), completionBody(req, req.model), signal, { reasoning: looksLikeReasoningModel(req.model) }),
  // vLLM and llama.cpp serve every one of these beside chat; `/classify` sits at the server root.
  tasks: openaiTasks({ v1: (ctx) => ctx.endpoint.baseUrl, root: (ctx) => serverRoot(ctx.endpoint.baseUrl) }),
};
