/**
 * Open Innovation OICM: a transparent proxy at `{baseUrl}/models/{id}/proxy/…` per model version. There is
 * no catalogue: the endpoint's `models` list is the truth. Chat sends `model` = servedModel, else the first
 * id of `…/proxy/v1/models` (cached). Every request carries OICM-Request-Timeout (added by the HTTP client).
 */
import type { AdapterContext, PlatformAdapter, StreamPlan } from './adapter';
import type { ModelInfo } from '../models';
import type { ModelEntry } from '../endpoint/schema';
import { joinUrl } from '../endpoint/url';
import { MODEL_LIST } from '../http/client';
import { MaasError } from '../errors';
import { chatBody, completionBody, looksLikeReasoningModel, parseModelList, streamOpenAI } from './openai-compat';
import type { Task } from '../tasks';

export function proxyUrl(baseUrl: string, modelId: string): string {
  return joinUrl(baseUrl, `models/${encodeURIComponent(modelId)}/proxy`);
}

/** The server behind a model, by OICM's defaults unless `api` overrides. */
export function apiFor(entry: ModelEntry, task: Task): NonNullable<ModelEntry['api']> {
  if (entry.api) return entry.api;
  switch (task) {
    case 'chat': case 'completion': return 'openai';
    case 'embedding': case 'rerank': return 'tei';
    case 'prediction': return 'raybundle';
    default: return 'oiserve';
  }
}

export function configuredEntry(ctx: AdapterContext, modelId: string): ModelEntry {
  const entry = ctx.endpoint.models.find((m) => m.id === modelId);
  if (!entry) {
    throw new MaasError({ kind: 'not_found', message: `Model "${modelId}" is not in endpoint "${ctx.endpoint.id}"'s models list (OICM has no catalogue); configured: ${ctx.endpoint.models.map((m) => m.id).join(', ') || 'none'}` });
  }
  return entry;
}

/** The model name the server behind the proxy expects. */
async function servedModel(ctx: AdapterContext, entry: ModelEntry, signal: AbortSignal): Promise<string> {
  if (entry.servedModel) return entry.servedModel;
  const key = `oicm:served:${entry.id}`;
  const cached = ctx.cache.get(key) as string | undefined;
  if (cached) return cached;
  const url = joinUrl(proxyUrl(ctx.endpoint.baseUrl, entry.id), 'v1/models');
  const res = await ctx.http.request({ url, accept: 'application/json', modelId: entry.id }, signal);
  const first = parseModelList(await res.json(MODEL_LIST), url)[0];
  if (!first) throw new MaasError({ kind: 'protocol', message: `${url} lists no model; set "servedModel" for "${entry.id}" in the endpoint's models` });
  ctx.cache.set(key, first.id);
  return first.id;
}

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
