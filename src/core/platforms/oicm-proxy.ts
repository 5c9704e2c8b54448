/** OICM's per-model proxy: where a model version is reached, which server is behind it, and the model name that server expects. */
import type { AdapterContext } from './adapter';
import type { ModelEntry } from '../endpoint/schema';
import { joinUrl } from '../endpoint/url';
import { MODEL_LIST } from '../http/client';
import { MaasError } from '../errors';
import { parseModelList } from './openai-compat';
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
export async function servedModel(ctx: AdapterContext, entry: ModelEntry, signal: AbortSignal): Promise<string> {
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
