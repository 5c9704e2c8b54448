/**
 * Open Innovation OICM: a transparent proxy at `{baseUrl}/models/{id}/proxy/…` per model version. There is
 * no catalogue: the endpoint's `models` list is the truth. Chat sends `model` = servedModel, else the first
 * id of `…/proxy/v1/models` (cached). Every request carries OICM-Request-Timeout (added by the HTTP client).
 */
import type { AdapterContext, PlatformAdapter, StreamPlan } from './adapter';
import type { ModelInfo } from '../models';
import { joinUrl } from '../endpoint/url';
import { MODEL_LIST } from '../http/client';
import { MaasError } from '../errors';
import { chatBody, completionBody, looksLikeReasoningModel, parseModelList, streamOpenAI } from './openai-compat';
import { apiFor, configuredEntry, proxyUrl, servedModel } from './oicm-proxy';
import { oicmSchema, oicmTasks } from '../tasks/oicm-tasks';

function listConfigured(ctx: AdapterContext): ModelInfo[] {
  return ctx.endpoint.models.map((m) => ({
    endpointId: ctx.endpoint.id, id: m.id, label: m.label, tasks: m.tasks, source: 'configured' as const,
    url: proxyUrl(ctx.endpoint.baseUrl, m.id),
    ...(looksLikeReasoningModel(m.servedModel ?? m.id) ? { reasoning: true } : {}),
  }));
}

async function streamVia(ctx: AdapterContext, modelId: string, route: string, task: 'chat' | 'completion', build: (model: string) => object, signal: AbortSignal): Promise<StreamPlan> {
  const entry = configuredEntry(ctx, modelId);
  if (apiFor(entry, task) !== 'openai') {
    throw new MaasError({ kind: 'config', message: `Model "${modelId}" of endpoint "${ctx.endpoint.id}" is served by ${apiFor(entry, task)}, not an OpenAI-compatible server; ${task} needs "api": "openai"` });
  }
  const model = await servedModel(ctx, entry, signal);
  return streamOpenAI(ctx, joinUrl(proxyUrl(ctx.endpoint.baseUrl, modelId), route), build(model), signal, { modelId, reasoning: looksLikeReasoningModel(model) });
}

export const oicmAdapter: PlatformAdapter = {
  toolCalling: true,
  modelsUrl: (ctx) => joinUrl(ctx.endpoint.baseUrl, 'models/{id}/proxy'),
  listModels: async (ctx) => listConfigured(ctx),
  chat: (ctx, req, signal) => streamVia(ctx, req.model, 'v1/chat/completions', 'chat', (m) => chatBody(req, m), signal),
  complete: (ctx, req, signal) => streamVia(ctx, req.model, 'v1/completions', 'completion', (m) => completionBody(req, m), signal),
  tasks: oicmTasks,
  taskSchema: oicmSchema,
  probe: async (ctx, signal) => ({ url: (await probeOicm(ctx, signal)).url, modelCount: ctx.endpoint.models.length }),
};

/** Test connection for OICM: probe `/proxy/v1/models` of each chat entry. */
export async function probeOicm(ctx: AdapterContext, signal: AbortSignal): Promise<{ url: string; probed: number }> {
  const chats = ctx.endpoint.models.filter((m) => m.tasks.includes('chat') && apiFor(m, 'chat') === 'openai');
  let url = proxyUrl(ctx.endpoint.baseUrl, ctx.endpoint.models[0]?.id ?? '');
  for (const m of chats) {
    url = joinUrl(proxyUrl(ctx.endpoint.baseUrl, m.id), 'v1/models');
    const res = await ctx.http.request({ url, accept: 'application/json', modelId: m.id }, signal);
    const first = parseModelList(await res.json(MODEL_LIST), url)[0];
    if (first && !m.servedModel) ctx.cache.set(`oicm:served:${m.id}`, first.id);
  }
  return { url, probed: chats.length };
}
