/**
 * OICM's task table: every request goes to the model's proxy, and what it says there depends on the
 * server behind it (`api`, by the OICM guide's defaults): TEI (`/v1/<route>`, on 404 `/<route>`,
 * remembered per model), OI Serve, a Ray bundle (`/v1/predict`, on 404 `/predict`), or an
 * OpenAI-compatible server (the OpenAI table, with `model` = the served model name).
 */
import type { AdapterContext } from '../platforms/adapter';
import { apiFor, configuredEntry, proxyUrl, servedModel } from '../platforms/oicm-proxy';
import type { ModelEntry } from '../endpoint/schema';
import { joinUrl } from '../endpoint/url';
import { configError, isMaasError, MaasError } from '../errors';
import type { ReadOptions } from '../http/client';
import { decodeLabels, decodeTeiEmbed, decodeTeiRerank, teiEmbedBody, teiPredictBody, teiRerankBody } from '../wire/tei';
import { classifyBody, decodeClassify, decodeImage, decodeSchema, decodeSpeech, decodeTranscript, decodeTranslation, imageBody, speechBody, translateBody } from '../wire/oiserve';
import { paramFields } from '../wire/openai-audio';
import { decodePrediction } from '../wire/raybundle';
import type { SchemaHandler, TaskHandlers } from '../platforms/adapter';
import { openaiTasks } from './openai-tasks';
import { MEDIA, mediaFromBase64, postJson, postUpload, RESULT } from './requests';
import { UNKNOWN_MEDIA } from './media';
import { redactUrl } from '../http/redact';
import type { RunnableTask, TaskRequest } from './types';

type Api = NonNullable<ModelEntry['api']>;

/** The model's entry, refused when the server behind it does not do `task` here. */
function entryFor(ctx: AdapterContext, modelId: string, task: RunnableTask, apis: readonly Api[]): { entry: ModelEntry; api: Api; base: string } {
  const entry = configuredEntry(ctx, modelId);
  if (!entry.tasks.includes(task)) {
    throw configError(`Model "${modelId}" of endpoint "${ctx.endpoint.id}" is configured for ${entry.tasks.join(', ')}, not ${task}; set its "task" in the endpoint's models if it does ${task}`);
  }
  const api = apiFor(entry, task);
  if (!apis.includes(api)) {
    throw configError(`Model "${modelId}" of endpoint "${ctx.endpoint.id}" is served by ${api}, which does not do ${task} here; set its "api" to one of ${apis.join(', ')}`);
  }
  return { entry, api, base: proxyUrl(ctx.endpoint.baseUrl, modelId) };
}

const is404 = (e: unknown): boolean => isMaasError(e) && e.status === 404;

/** POSTs to the first of `routes` that exists (404 → the next), remembering per model which one answered. */
async function postFirst(ctx: AdapterContext, modelId: string, base: string, routes: string[], body: unknown, signal: AbortSignal, read: ReadOptions): Promise<{ body: unknown; url: string }> {
  const key = `oicm:route:${modelId}:${routes[routes.length - 1]}`;
  const known = ctx.cache.get(key) as string | undefined;
  const order = known ? [known] : routes;
  for (const [i, route] of order.entries()) {
    try {
      const r = await postJson(ctx, joinUrl(base, route), body, signal, { modelId, read });
      ctx.cache.set(key, route);
      return r;
    } catch (e) {
      if (!is404(e) || i === order.length - 1) throw e;
    }
  }
  throw new MaasError({ kind: 'not_found', message: `No route of ${routes.join(', ')} answered` });
}

/** TEI: `/v1/<route>` first, `/<route>` on 404. */
const tei = (route: string): string[] => [`v1/${route}`, route];

/** The OpenAI table for an OpenAI-compatible server behind the proxy, with its served model name. */
async function viaOpenAI(ctx: AdapterContext, entry: ModelEntry, base: string, signal: AbortSignal): Promise<{ table: ReturnType<typeof openaiTasks>; model: string }> {
  const model = await servedModel(ctx, entry, signal);
  return { table: openaiTasks({ v1: () => joinUrl(base, 'v1'), root: () => base, modelId: entry.id }), model };
}

function served<T extends RunnableTask>(req: TaskRequest<T>, model: string): TaskRequest<T> {
  return { ...req, model };
}

export const oicmTasks: TaskHandlers = {
  async rerank(ctx, req, signal, opts) {
    const { entry, api, base } = entryFor(ctx, req.model, 'rerank', ['tei', 'openai']);
    if (api === 'openai') { const o = await viaOpenAI(ctx, entry, base, signal); return o.table.rerank(ctx, served<'rerank'>(req, o.model), signal, opts); }
    const r = await postFirst(ctx, entry.id, base, tei('rerank'), teiRerankBody(req), signal, RESULT);
    return decodeTeiRerank(r.body, r.url, req.documents, req.topN);
  },
  async embedding(ctx, req, signal, opts) {
    const { entry, api, base } = entryFor(ctx, req.model, 'embedding', ['tei', 'openai']);
    if (api === 'openai') { const o = await viaOpenAI(ctx, entry, base, signal); return o.table.embedding(ctx, served<'embedding'>(req, o.model), signal, opts); }
    const r = await postFirst(ctx, entry.id, base, tei('embed'), teiEmbedBody(req), signal, MEDIA);
    return decodeTeiEmbed(r.body, r.url);
  },
  async classification(ctx, req, signal, opts) {
    const { entry, api, base } = entryFor(ctx, req.model, 'classification', ['oiserve', 'tei', 'openai']);
    if (api === 'openai') { const o = await viaOpenAI(ctx, entry, base, signal); return o.table.classification(ctx, served<'classification'>(req, o.model), signal, opts); }
    if (api === 'tei') {
      const r = await postFirst(ctx, entry.id, base, tei('predict'), teiPredictBody(req), signal, RESULT);
      return decodeLabels(r.body, r.url);
    }
    const r = await postJson(ctx, joinUrl(base, 'v1/classify'), classifyBody(req), signal, { modelId: entry.id });
    return decodeClassify(r.body, r.url);
  },
  async transcription(ctx, req, signal, opts) {
    const { entry, api, base } = entryFor(ctx, req.model, 'transcription', ['oiserve', 'openai']);
    if (api === 'openai') { const o = await viaOpenAI(ctx, entry, base, signal); return o.table.transcription(ctx, served<'transcription'>(req, o.model), signal, opts); }
    const fields = paramFields({ ...(req.language ? { language: req.language } : {}), ...req.params });
    const res = await postUpload(ctx, joinUrl(base, 'v1/transcript'), fields, { field: 'file', path: req.file }, signal, { ...opts, modelId: entry.id });
    return decodeTranscript(await res.json(RESULT), res.url);
  },
  async speech(ctx, req, signal, opts) {
    const { entry, api, base } = entryFor(ctx, req.model, 'speech', ['oiserve', 'openai']);
    if (api === 'openai') { const o = await viaOpenAI(ctx, entry, base, signal); return o.table.speech(ctx, served<'speech'>(req, o.model), signal, opts); }
    const r = await postJson(ctx, joinUrl(base, 'v1/generate-speech'), speechBody(req), signal, { modelId: entry.id, read: MEDIA });
    return mediaFromBase64(decodeSpeech(r.body, r.url), `The audio from ${redactUrl(r.url)}`, UNKNOWN_MEDIA);
  },
  async image(ctx, req, signal, opts) {
    const { entry, api, base } = entryFor(ctx, req.model, 'image', ['oiserve', 'openai']);
    if (api === 'openai') { const o = await viaOpenAI(ctx, entry, base, signal); return o.table.image(ctx, served<'image'>(req, o.model), signal, opts); }
    const r = await postJson(ctx, joinUrl(base, 'v1/generate-image'), imageBody(req), signal, { modelId: entry.id, read: MEDIA });
    return mediaFromBase64(decodeImage(r.body, r.url), `The image from ${redactUrl(r.url)}`, UNKNOWN_MEDIA);
  },
  async translation(ctx, req, signal) {
    const { entry, base } = entryFor(ctx, req.model, 'translation', ['oiserve']);
    const r = await postJson(ctx, joinUrl(base, 'v1/translate'), translateBody(req), signal, { modelId: entry.id });
    return decodeTranslation(r.body, r.url);
  },
  async prediction(ctx, req, signal) {
    const { entry, base } = entryFor(ctx, req.model, 'prediction', ['raybundle']);
    const r = await postFirst(ctx, entry.id, base, ['v1/predict', 'predict'], req.input, signal, MEDIA);
    return decodePrediction(r.body);
  },
};

/** OI Serve speech publishes its request form: `/v1/generate-speech/schema` (on 404 `/v1/schema`). */
export const oicmSchema: SchemaHandler = async (ctx, task, model, signal) => {
  if (task !== 'speech') return undefined;
  const entry = configuredEntry(ctx, model);
  if (apiFor(entry, 'speech') !== 'oiserve') return undefined;
  const base = proxyUrl(ctx.endpoint.baseUrl, model);
  for (const route of ['v1/generate-speech/schema', 'v1/schema']) {
    try {
      const res = await ctx.http.request({ url: joinUrl(base, route), accept: 'application/json', modelId: model }, signal);
      return decodeSchema(await res.json(RESULT), res.url);
    } catch (e) {
      if (!is404(e) || route === 'v1/schema') throw e;
    }
  }
  return undefined;
};
