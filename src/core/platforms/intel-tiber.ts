/**
 * Intel Tiber AI Cloud MaaS: OAuth2 client credentials, a catalogue at `{baseUrl}/models`, and
 * `{baseUrl}/generatestream` answering newline-delimited JSON from grpc-gateway (TGI-shaped tokens).
 */
import * as z from 'zod';
import type { AdapterContext, PlatformAdapter, StreamPlan } from './adapter';
import type { ModelInfo } from '../models';
import { joinUrl } from '../endpoint/url';
import { MODEL_LIST } from '../http/client';
import { MaasError } from '../errors';
import { IntelStreamDecoder } from '../stream/intel';
import { looksLikeReasoningModel } from './openai-compat';
import { renderPrompt } from './intel-prompt';
import { withExtraBody } from '../request-options';

const catalogue = z.object({
  models: z.array(z.object({ model_name: z.string().min(1), product_name: z.string(), product_id: z.union([z.string(), z.number()]) }).loose()),
}).loose();
type Product = z.infer<typeof catalogue>['models'][number];
const CATALOGUE_KEY = 'intel:catalogue';

async function fetchCatalogue(ctx: AdapterContext, signal: AbortSignal): Promise<Product[]> {
  const url = joinUrl(ctx.endpoint.baseUrl, 'models');
  const res = await ctx.http.request({ url, accept: 'application/json' }, signal);
  const parsed = catalogue.safeParse(await res.json(MODEL_LIST));
  if (!parsed.success) throw new MaasError({ kind: 'protocol', message: `${url} did not answer with Intel's model catalogue ({"models":[{"model_name","product_name","product_id"}]})` });
  ctx.cache.set(CATALOGUE_KEY, parsed.data.models);
  return parsed.data.models;
}

async function product(ctx: AdapterContext, modelName: string, signal: AbortSignal): Promise<Product> {
  let list = ctx.cache.get(CATALOGUE_KEY) as Product[] | undefined;
  if (!list) list = await fetchCatalogue(ctx, signal);
  const p = list.find((m) => m.model_name === modelName);
  if (!p) throw new MaasError({ kind: 'not_found', message: `Model "${modelName}" is not in the Intel MaaS catalogue of endpoint "${ctx.endpoint.id}"; available: ${list.map((m) => m.model_name).join(', ') || 'none'}` });
  return p;
}

/** `extraBody` goes into `request.params` (Intel's generation parameters), merged last like everywhere else. */
async function generate(ctx: AdapterContext, modelName: string, prompt: string, params: { maxTokens?: number; temperature?: number; extraBody?: Record<string, unknown> }, signal: AbortSignal): Promise<StreamPlan> {
  const p = await product(ctx, modelName, signal);
  const generation = withExtraBody({ max_new_tokens: params.maxTokens ?? 512, ...(params.temperature !== undefined ? { temperature: params.temperature } : {}) }, params.extraBody);
  const body = {
    model: modelName,
    request: { prompt, params: generation },
    cloudAccountId: ctx.endpoint.cloudAccountId,
    productName: p.product_name,
    productId: p.product_id,
  };
  const response = await ctx.http.request({ method: 'POST', url: joinUrl(ctx.endpoint.baseUrl, 'generatestream'), json: body, accept: 'application/json', stream: true }, signal);
  return { response, decoder: new IntelStreamDecoder(looksLikeReasoningModel(modelName)) };
}

function warnIgnored(ctx: AdapterContext, flags: Record<string, unknown>): void {
  const ignored = Object.entries(flags).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)).map(([k]) => k);
  if (ignored.length) ctx.warn(`endpoint "${ctx.endpoint.id}": Intel MaaS takes only max tokens and temperature; ignored: ${ignored.join(', ')}`);
}

export const intelTiberAdapter: PlatformAdapter = {
  toolCalling: false, // generatestream takes a prompt only
  modelsUrl: (ctx) => joinUrl(ctx.endpoint.baseUrl, 'models'),
  async listModels(ctx, signal) {
    const list = await fetchCatalogue(ctx, signal);
    return list.map((m): ModelInfo => ({
      endpointId: ctx.endpoint.id, id: m.model_name, label: m.model_name, tasks: ['chat', 'completion'], source: 'discovered',
      ...(looksLikeReasoningModel(m.model_name) ? { reasoning: true } : {}),
    }));
  },
  async chat(ctx, req, signal) {
    if (req.messages.some((m) => m.images?.length)) {
      throw new MaasError({ kind: 'bad_request', message: `Intel Tiber MaaS takes text only: model "${req.model}" of endpoint "${ctx.endpoint.id}" cannot be sent images; remove them or choose a model that accepts images` });
    }
    warnIgnored(ctx, { 'top-p': req.topP, stop: req.stop, tools: req.tools });
    return generate(ctx, req.model, renderPrompt(req.model, req.messages), req, signal);
  },
  async complete(ctx, req, signal) {
    warnIgnored(ctx, { 'top-p': req.topP, stop: req.stop });
    return generate(ctx, req.model, req.prompt, req, signal);
  },
  // generatestream is text generation only.
  tasks: {},
};
