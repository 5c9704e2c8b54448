/**
 * GPUStack's task table: the OpenAI routes under `/v1` (Jina rerank, embeddings, audio, images), except
 * for generic-proxy routes (a TEI server behind GPUStack), whose rerank and embeddings go to
 * `/model/proxy/<route id>/rerank|embed` in TEI's own shape. When the key may not read `/v2/my-models`,
 * every route is taken to speak the OpenAI API.
 */
import type { AdapterContext, TaskHandlers } from '../platforms/adapter';
import { knownRoutes } from '../platforms/gpustack-routes';
import { joinUrl } from '../endpoint/url';
import { isMaasError } from '../errors';
import { decodeTeiEmbed, decodeTeiRerank, teiEmbedBody, teiRerankBody } from '../wire/tei';
import { openaiTasks } from './openai-tasks';
import { MEDIA, postJson, RESULT } from './requests';

const openai = openaiTasks({ v1: (ctx) => joinUrl(ctx.endpoint.baseUrl, 'v1'), root: (ctx) => ctx.endpoint.baseUrl });

/** `{baseUrl}/model/proxy/<route id>` when `model` is a generic-proxy route, else undefined. */
async function proxyBase(ctx: AdapterContext, model: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    const r = (await knownRoutes(ctx, signal)).get(model);
    return r?.genericProxy && r.id !== undefined ? joinUrl(ctx.endpoint.baseUrl, `model/proxy/${r.id}`) : undefined;
  } catch (e) {
    if (isMaasError(e) && (e.status === 401 || e.status === 403)) return undefined;
    throw e;
  }
}

export const gpustackTasks: TaskHandlers = {
  async rerank(ctx, req, signal, opts) {
    const proxy = await proxyBase(ctx, req.model, signal);
    if (!proxy) return openai.rerank(ctx, req, signal, opts);
    const r = await postJson(ctx, joinUrl(proxy, 'rerank'), teiRerankBody(req), signal, { read: RESULT });
    return decodeTeiRerank(r.body, r.url, req.documents, req.topN);
  },
  async embedding(ctx, req, signal, opts) {
    const proxy = await proxyBase(ctx, req.model, signal);
    if (!proxy) return openai.embedding(ctx, req, signal, opts);
    const r = await postJson(ctx, joinUrl(proxy, 'embed'), teiEmbedBody(req), signal, { read: MEDIA });
    return decodeTeiEmbed(r.body, r.url);
  },
  transcription: openai.transcription,
  speech: openai.speech,
  image: openai.image,
};
