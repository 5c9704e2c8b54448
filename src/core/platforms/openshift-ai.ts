/**
 * Red Hat OpenShift AI "Models as a Service": discovery at the maas-api (`/v1/models` on the host, or
 * `/maas-api/v1/models`), chat body-routed at `{model.url ?? gateway}/v1/chat/completions`.
 */
import * as z from 'zod';
import type { AdapterContext, PlatformAdapter } from './adapter';
import type { ModelInfo } from '../models';
import { joinUrl, stripSuffix } from '../endpoint/url';
import { MODEL_LIST } from '../http/client';
import { MaasError, isMaasError } from '../errors';
import { chatBody, completionBody, looksLikeReasoningModel, streamOpenAI } from './openai-compat';

const maasModel = z.object({
  id: z.string().min(1),
  url: z.string().optional().nullable(),
  ready: z.boolean().optional().nullable(),
  modelDetails: z.object({
    displayName: z.string().optional(),
    contextWindow: z.union([z.string(), z.number()]).optional(),
    modelCapabilities: z.array(z.string()).optional().catch(undefined),
  }).loose().optional().nullable(),
}).loose();
const maasList = z.object({ data: z.array(maasModel) }).loose();

/**
 * `modelCapabilities` naming vision or image input says the model takes images. Its absence proves
 * nothing (the list is free-form), so the id heuristic still decides then.
 */
function imageHint(capabilities: string[] | undefined): { imageInput?: true } {
  return capabilities?.some((c) => /vision|image[-_ ]?(input|understanding|to[-_ ]?text)|multimodal/i.test(c)) ? { imageInput: true } : {};
}

const DISCOVERY_KEY = 'openshift-ai:modelsUrl';
const MODELS_KEY = 'openshift-ai:models';

export function gatewayBase(baseUrl: string): string {
  return stripSuffix(baseUrl, '/maas-api').url;
}

function candidates(baseUrl: string): string[] {
  if (/\/maas-api$/i.test(baseUrl)) return [joinUrl(baseUrl, 'v1/models')];
  const gw = gatewayBase(baseUrl);
  return [joinUrl(gw, 'v1/models'), joinUrl(gw, 'maas-api/v1/models')];
}

async function discover(ctx: AdapterContext, signal: AbortSignal): Promise<ModelInfo[]> {
  const remembered = ctx.cache.get(DISCOVERY_KEY) as string | undefined;
  const urls = remembered ? [remembered] : candidates(ctx.endpoint.baseUrl);
  let lastErr: MaasError | undefined;
  for (const [i, url] of urls.entries()) {
    const canFallBack = i < urls.length - 1;
    let body: unknown;
    try {
      const res = await ctx.http.request({ url, accept: 'application/json' }, signal);
      const text = await res.text(MODEL_LIST);
      try { body = JSON.parse(text); } catch { body = undefined; }
    } catch (e) {
      if (canFallBack && isMaasError(e) && (e.status === 404 || e.status === 405)) { lastErr = e; continue; }
      throw e;
    }
    const parsed = maasList.safeParse(body);
    if (!parsed.success) {
      if (canFallBack) continue;
      throw new MaasError({ kind: 'protocol', message: `${url} did not answer with a MaaS model list ({"data":[…]}); give the MaaS host (https://maas.apps.<cluster>) or its /maas-api URL as baseUrl` });
    }
    ctx.cache.set(DISCOVERY_KEY, url);
    const gw = gatewayBase(ctx.endpoint.baseUrl);
    const models = parsed.data.data.filter((m) => m.ready !== false).map((m): ModelInfo => {
      const cw = m.modelDetails?.contextWindow !== undefined ? Number(m.modelDetails.contextWindow) : undefined;
      return {
        endpointId: ctx.endpoint.id, id: m.id, label: m.modelDetails?.displayName || m.id,
        tasks: ['chat', 'completion'], source: 'discovered',
        url: (m.url ?? gw).replace(/\/+$/, ''),
        ...(cw && Number.isFinite(cw) ? { contextLength: cw } : {}),
        ...imageHint(m.modelDetails?.modelCapabilities),
        ...(looksLikeReasoningModel(m.id) ? { reasoning: true } : {}),
      };
    });
    ctx.cache.set(MODELS_KEY, models);
    return models;
  }
  throw lastErr ?? new MaasError({ kind: 'not_found', message: 'No model list found at the MaaS host' });
}

/** The base URL for a model's inference calls (its own `url`, else the gateway). */
async function modelBase(ctx: AdapterContext, modelId: string, signal: AbortSignal): Promise<string> {
  let models = ctx.cache.get(MODELS_KEY) as ModelInfo[] | undefined;
  if (!models?.some((m) => m.id === modelId)) models = await discover(ctx, signal).catch(() => models);
  const m = models?.find((x) => x.id === modelId);
  const base = m?.url ?? gatewayBase(ctx.endpoint.baseUrl);
  if (ctx.endpoint.auth.type !== 'none') ctx.http.assertOrigin(base, `model "${modelId}" (its url from discovery)`);
  return base;
}

export const openshiftAiAdapter: PlatformAdapter = {
  toolCalling: true,
  modelsUrl: (ctx) => (ctx.cache.get(DISCOVERY_KEY) as string | undefined) ?? candidates(ctx.endpoint.baseUrl)[0],
  listModels: discover,
  async chat(ctx, req, signal) {
    const base = await modelBase(ctx, req.model, signal);
    return streamOpenAI(ctx, joinUrl(base, 'v1/chat/completions'), chatBody(req, req.model), signal, { reasoning: looksLikeReasoningModel(req.model) });
  },
  async complete(ctx, req, signal) {
    const base = await modelBase(ctx, req.model, signal);
    return streamOpenAI(ctx, joinUrl(base, 'v1/completions'), completionBody(req, req.model), signal, { reasoning: looksLikeReasoningModel(req.model) });
  },
  // MaaS publishes text generation models only.
  tasks: {},
};
