/**
 * GPUStack: OpenAI API under `/v1` of the server root; tasks from `/v2/my-models` categories (or, when a
 * key may not read that, one `/v1/models?categories=` call per category); optional Anthropic `/v1/messages`.
 */
import * as z from 'zod';
import type { AdapterContext, PlatformAdapter } from './adapter';
import type { ModelInfo } from '../models';
import type { Task } from '../tasks';
import type { ChatMessage } from '../chat';
import { withExtraBody, type OutgoingChat } from '../request-options';
import { imageBase64 } from '../images';
import { joinUrl } from '../endpoint/url';
import { MODEL_LIST } from '../http/client';
import { isMaasError } from '../errors';
import { openaiTasks } from '../tasks/openai-tasks';
import { chatBody, completionBody, fetchOpenAIModels, looksLikeReasoningModel, streamOpenAI } from './openai-compat';

export const CATEGORY_TASKS: Record<string, Task[]> = {
  llm: ['chat', 'completion'],
  embedding: ['embedding'],
  reranker: ['rerank'],
  speech_to_text: ['transcription'],
  text_to_speech: ['speech'],
  image: ['image'],
  unknown: ['chat', 'completion'],
};

const route = z.object({
  name: z.string(),
  effective_name: z.string().nullish(),
  categories: z.array(z.string()).nullish(),
}).loose();
const page = z.object({
  items: z.array(route),
  pagination: z.object({ page: z.number(), totalPage: z.number() }).loose().optional(),
}).loose();

export function tasksForCategories(categories: readonly string[] | null | undefined): Task[] {
  const tasks = new Set<Task>();
  for (const c of categories ?? []) for (const t of CATEGORY_TASKS[c] ?? []) tasks.add(t);
  return tasks.size ? [...tasks] : ['chat', 'completion'];
}

/** route name → categories, from /v2/my-models (all pages). */
async function myModelCategories(ctx: AdapterContext, signal: AbortSignal): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let p = 1; p <= 50; p++) {
    const url = joinUrl(ctx.endpoint.baseUrl, `v2/my-models?page=${p}&perPage=100`);
    const res = await ctx.http.request({ url, accept: 'application/json' }, signal);
    const parsed = page.safeParse(await res.json(MODEL_LIST));
    if (!parsed.success) break;
    for (const r of parsed.data.items) out.set(r.effective_name ?? r.name, r.categories ?? []);
    const pg = parsed.data.pagination;
    if (!pg || pg.page >= pg.totalPage) break;
  }
  return out;
}

/** Fallback when /v2/my-models is refused: ask /v1/models once per category. */
async function categoriesByQuery(ctx: AdapterContext, signal: AbortSignal): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  await Promise.all(Object.keys(CATEGORY_TASKS).filter((c) => c !== 'unknown').map(async (c) => {
    const models = await fetchOpenAIModels(ctx, joinUrl(ctx.endpoint.baseUrl, `v1/models?categories=${encodeURIComponent(c)}&with_meta=true`), signal);
    for (const m of models) out.set(m.id, [...(out.get(m.id) ?? []), c]);
  }));
  return out;
}

async function listModels(ctx: AdapterContext, signal: AbortSignal): Promise<ModelInfo[]> {
  const models = await fetchOpenAIModels(ctx, joinUrl(ctx.endpoint.baseUrl, 'v1/models?with_meta=true'), signal);
  let categories: Map<string, string[]>;
  try {
    categories = await myModelCategories(ctx, signal);
  } catch (e) {
    if (!(isMaasError(e) && (e.status === 401 || e.status === 403))) throw e;
    ctx.warn(`endpoint "${ctx.endpoint.id}": this key may not read /v2/my-models (${e.status}); asking /v1/models per category instead`);
    categories = await categoriesByQuery(ctx, signal);
  }
  return models.map((m) => ({ ...m, tasks: tasksForCategories(categories.get(m.id)) }));
}

/** Anthropic Messages body: system and stop sequences at top level, max_tokens required (default 4096); `extraBody` merged last. */
export function anthropicBody(req: OutgoingChat): Record<string, unknown> {
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const messages = req.messages.filter((m) => m.role !== 'system').map((m: ChatMessage) => {
    if (m.role === 'tool') return { role: 'user', content: [{ type: 'tool_result', tool_use_id: m.toolCallId ?? '', content: m.content }] };
    if (m.role === 'assistant' && m.toolCalls?.length) {
      return { role: 'assistant', content: [
        ...(m.content ? [{ type: 'text', text: m.content }] : []),
        ...m.toolCalls.map((t) => ({ type: 'tool_use', id: t.id, name: t.name, input: safeJson(t.arguments) })),
      ] };
    }
    if (m.role === 'user' && m.images?.length) {
      return { role: 'user', content: [
        ...m.images.map((i) => ({ type: 'image', source: { type: 'base64', media_type: i.mimeType, data: imageBase64(i) } })),
        ...(m.content ? [{ type: 'text', text: m.content }] : []),
      ] };
    }
    return { role: m.role, content: m.content };
  });
  return withExtraBody({
    model: req.model, max_tokens: req.maxTokens ?? 4096, messages, stream: true,
    ...(system ? { system } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.stop?.length ? { stop_sequences: req.stop } : {}),
    ...(req.tools?.length ? { tools: req.tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), input_schema: t.parameters ?? { type: 'object', properties: {} } })) } : {}),
    ...(req.tools?.length && req.toolChoice === 'required' ? { tool_choice: { type: 'any' } } : {}),
  }, req.extraBody);
}

function safeJson(s: string): unknown {
  try { return JSON.parse(s || '{}'); } catch { return {}; }
}

/** GPUStack's OpenAI routes under `/v1` (Jina rerank, embeddings, audio, images; no classification). */
function gpustackTasks() {
  const t = openaiTasks({ v1: (ctx) => joinUrl(ctx.endpoint.baseUrl, 'v1'), root: (ctx) => ctx.endpoint.baseUrl });
  return { rerank: t.rerank, embedding: t.embedding, transcription: t.transcription, speech: t.speech, image: t.image };
}

export const gpustackAdapter: PlatformAdapter = {
  toolCalling: true,
  modelsUrl: (ctx) => joinUrl(ctx.endpoint.baseUrl, 'v1/models?with_meta=true'),
  listModels,
  async chat(ctx, req, signal) {
    const reasoning = looksLikeReasoningModel(req.model);
    if (ctx.endpoint.chatApi === 'anthropic') {
      return streamOpenAI(ctx, joinUrl(ctx.endpoint.baseUrl, 'v1/messages'), anthropicBody(req), signal, { reasoning, format: 'anthropic', headers: { 'anthropic-version': '2023-06-01' } });
    }
    return streamOpenAI(ctx, joinUrl(ctx.endpoint.baseUrl, 'v1/chat/completions'), chatBody(req, req.model), signal, { reasoning });
  },
  complete: async (ctx, req, signal) => streamOpenAI(ctx, joinUrl(ctx.endpoint.baseUrl, 'v1/completions'), completionBody(req, req.model), signal, { reasoning: looksLikeReasoningModel(req.model) }),
  tasks: gpustackTasks(),
};
