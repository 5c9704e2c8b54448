/**
 * `lab-gpustack`: GPUStack ("MaaS-Base"). OpenAI routes under `/v1` (usage injected into every chat
 * stream), Anthropic `/v1/messages` re-framed line by line, Jina rerank, audio, images, and the
 * management listing `/v2/my-models` that carries each route's categories.
 */
import { PNG_1X1_B64, relevance, wavBytes, wordCount } from '../answers';
import { anthropicError, anthropicType, handleMessages } from '../anthropic';
import { KEYS, PREFIX } from '../config';
import { authorize, bearer, fastApiMethodNotAllowed, fastApiNotFound, isObj, json, jsonBody, send, statusMessage, str, text, wantsStream, route, type Ctx, type Platform, type Reply } from '../http';
import { field, parseMultipart } from '../multipart';
import { transcriptOf } from '../tasks/audio';
import { handleChat, handleCompletion, handleEmbeddings, type OpenAIFlavor } from '../vllm';

type Category = 'llm' | 'embedding' | 'reranker' | 'speech_to_text' | 'text_to_speech' | 'image';

interface ModelRoute { id: number; name: string; categories: Category[]; meta: Record<string, unknown>; created: number }

const ROUTES: ModelRoute[] = [
  { id: 11, name: 'qwen2.5-7b-instruct', categories: ['llm'], meta: { max_model_len: 32768 }, created: 1767225600 },
  { id: 12, name: 'bge-m3', categories: ['embedding'], meta: { max_model_len: 8192 }, created: 1767225700 },
  { id: 13, name: 'bge-reranker-v2-m3', categories: ['reranker'], meta: { max_model_len: 8194 }, created: 1767225800 },
  { id: 14, name: 'whisper-large-v3', categories: ['speech_to_text'], meta: {}, created: 1767225900 },
  { id: 15, name: 'cosyvoice-300m', categories: ['text_to_speech'], meta: { voices: ['Chinese Female', 'English Male', 'English Female'] }, created: 1767226000 },
  { id: 16, name: 'sd-turbo', categories: ['image'], meta: {}, created: 1767226100 },
  { id: 17, name: 'mystery-model', categories: [], meta: { max_model_len: 4096 }, created: 1767226200 },
  { id: 18, name: 'qwq-32b', categories: ['llm'], meta: { max_model_len: 40960 }, created: 1767226300 },
];

/** Thinks first: `delta.reasoning_content` on the OpenAI route (an older vLLM), a `thinking` block on /v1/messages. */
const THINKER = 'qwq-32b';

/** Chat goes to `llm` routes and to routes without a category (whatever they serve). */
const chats = (r: ModelRoute): boolean => r.categories.length === 0 || r.categories.includes('llm');

const TYPES: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 422: 'Invalid',
  429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
};

/** OpenAI-route errors: `{"error":{"message","code","type"}}`. */
function gpustackError(status: number, message: string): Reply {
  return json(status, { error: { message, code: status, type: TYPES[status] ?? 'InternalServerError' } });
}

/** Auth, permission and management errors: `{"code","reason","message"}`. */
function nativeError(status: number, message: string): Reply {
  return json(status, { code: status, reason: STATUS_REASON[status] ?? statusMessage(status), message });
}
const STATUS_REASON: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 422: 'Invalid' };

const unauthorized = (): Reply => nativeError(401, 'Invalid authentication credentials');

const UNAVAILABLE = 'Service unavailable. Please retry your requests after a brief wait.';

const flavor: OpenAIFlavor = {
  models: ROUTES.map((r) => ({
    id: r.name,
    maxModelLen: typeof r.meta.max_model_len === 'number' ? r.meta.max_model_len : undefined,
    chat: !chats(r) ? undefined : r.name === THINKER ? 'reasoning-content' : 'plain',
    embedding: r.categories.includes('embedding'),
  })),
  chatIdPrefix: 'chatcmpl-',
  usage: 'forced',      // GPUStack adds stream_options.include_usage when absent
  errorTail: `data: ${JSON.stringify({ error: { message: UNAVAILABLE, type: 'ServiceUnavailable', code: 503, param: null } })}\n\n`,
  error: (status, message) => gpustackError(status, message),
  modelNotFound: () => gpustackError(404, 'Model not found'),
};

function categoriesFilter(query: URLSearchParams): ((r: ModelRoute) => boolean) {
  const wanted = query.getAll('categories');
  if (wanted.length === 0) return () => true;
  return (r) => wanted.some((c) => (c === '' ? r.categories.length === 0 : (r.categories as string[]).includes(c)));
}

function listModels(ctx: Ctx): Reply {
  const withMeta = ctx.query.get('with_meta') === 'true';
  const data = ROUTES.filter(categoriesFilter(ctx.query)).map((r) => ({ id: r.name, created: r.created, object: 'model', owned_by: 'gpustack', meta: withMeta ? r.meta : null }));
  return json(200, { data, object: 'list' });
}

function myModels(ctx: Ctx): Reply {
  const page = Math.max(1, Number(ctx.query.get('page') ?? '1') || 1);
  const perPage = Math.max(1, Number(ctx.query.get('perPage') ?? '100') || 100);
  const search = ctx.query.get('search') ?? '';
  const all = ROUTES.filter(categoriesFilter(ctx.query)).filter((r) => r.name.includes(search));
  const items = all.slice((page - 1) * perPage, page * perPage).map((r) => ({
    name: r.name, description: null, categories: r.categories, meta: r.meta, generic_proxy: false,
    created_model_id: r.id - 10, targets: 1, ready_targets: 1, access_policy: 'authed', owner_principal_id: 1,
    id: r.id, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:05:00Z', deleted_at: null, effective_name: null,
  }));
  return json(200, { items, pagination: { page, perPage, total: all.length, totalPage: Math.max(1, Math.ceil(all.length / perPage)) } });
}

/** Routes a request to a model by name and checks it serves `category`; answers the error itself. */
async function target(ctx: Ctx, name: string | undefined, category: Category): Promise<ModelRoute | undefined> {
  if (!name) { await send(ctx, gpustackError(400, "Missing 'model' field")); return undefined; }
  const r = ROUTES.find((x) => x.name === name);
  if (!r) { await send(ctx, gpustackError(404, 'Model not found')); return undefined; }
  if (!r.categories.includes(category)) { await send(ctx, gpustackError(400, `Model ${name} does not support this API`)); return undefined; }
  return r;
}

async function rerank(ctx: Ctx): Promise<void> {
  const b = jsonBody(ctx);
  if (!isObj(b)) { await send(ctx, gpustackError(400, 'Invalid JSON body')); return; }
  const r = await target(ctx, str(b, 'model'), 'reranker');
  if (!r) return;
  const query = str(b, 'query');
  const docs = Array.isArray(b.documents) ? b.documents.map((d) => (typeof d === 'string' ? d : isObj(d) ? str(d, 'text') : undefined)) : undefined;
  if (query === undefined || !docs || docs.some((d) => d === undefined)) {
    await send(ctx, json(400, { error: { code: 400, message: '"query" and "documents" must be provided', type: 'invalid_request_error' } }));
    return;
  }
  const texts = docs as string[];
  const topN = typeof b.top_n === 'number' ? b.top_n : texts.length;
  const withDocs = b.return_documents !== false;
  const results = texts.map((t, index) => ({ ...(withDocs ? { document: { text: t } } : {}), index, relevance_score: relevance(query, t, index) }))
    .sort((x, y) => y.relevance_score - x.relevance_score).slice(0, topN);
  const tokens = wordCount(query) + texts.reduce((n, t) => n + wordCount(t), 0);
  await send(ctx, json(200, { model: r.name, object: 'list', results, usage: { prompt_tokens: tokens, total_tokens: tokens } }));
}

async function transcribe(ctx: Ctx): Promise<void> {
  const parts = parseMultipart(ctx.req.headers['content-type'], ctx.body);
  if (!parts) { await send(ctx, gpustackError(400, 'Expected multipart/form-data')); return; }
  const r = await target(ctx, field(parts, 'model'), 'speech_to_text');
  if (!r) return;
  const file = parts.find((p) => p.name === 'file' && p.filename !== undefined);
  if (!file) { await send(ctx, nativeError(422, "1 validation errors:\n  {'type': 'missing', 'loc': ('body', 'file'), 'msg': 'Field required'}\n")); return; }
  const said = transcriptOf(r.name, file.data);
  const format = field(parts, 'response_format') ?? 'json';
  if (format === 'text') { await send(ctx, text(200, `${said}\n`)); return; }
  if (format === 'verbose_json') {
    await send(ctx, json(200, { task: 'transcribe', language: field(parts, 'language') ?? 'english', duration: 0.05, text: said, segments: [{ id: 0, seek: 0, start: 0, end: 0.05, text: ` ${said}`, tokens: [50364], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0.01 }] }));
    return;
  }
  await send(ctx, json(200, { text: said }));
}

async function speak(ctx: Ctx): Promise<void> {
  const b = jsonBody(ctx);
  if (!isObj(b)) { await send(ctx, gpustackError(400, 'Invalid JSON body')); return; }
  const r = await target(ctx, str(b, 'model'), 'text_to_speech');
  if (!r) return;
  if (!str(b, 'input')) { await send(ctx, gpustackError(400, "Missing 'input' field")); return; }
  const voices = Array.isArray(r.meta.voices) ? r.meta.voices as string[] : [];
  const voice = str(b, 'voice');
  if (voice !== undefined && !voices.includes(voice)) { await send(ctx, gpustackError(400, `Voice "${voice}" is not one of ${voices.join(', ')}`)); return; }
  await send(ctx, { status: 200, headers: { 'content-type': 'audio/wav' }, body: wavBytes() });
}

async function image(ctx: Ctx): Promise<void> {
  const b = jsonBody(ctx);
  if (!isObj(b)) { await send(ctx, gpustackError(400, 'Invalid JSON body')); return; }
  const r = await target(ctx, str(b, 'model'), 'image');
  if (!r) return;
  if (!str(b, 'prompt')) { await send(ctx, gpustackError(400, "Missing 'prompt' field")); return; }
  const n = Math.min(4, Math.max(1, typeof b.n === 'number' ? b.n : 1));
  await send(ctx, json(200, { created: Math.floor(Date.now() / 1000), data: Array.from({ length: n }, () => ({ b64_json: PNG_1X1_B64 })) }));
}

const messagesOptions = {
  chatModels: ROUTES.filter(chats).map((r) => r.name),
  modelNotFound: () => gpustackError(404, 'Model not found'),
  reframed: true,
  thinking: [THINKER],
};

export const gpustackPlatform: Platform = {
  prefix: PREFIX.gpustack,
  async handle(ctx: Ctx) {
    const key = bearer(ctx.req) ?? ctx.req.headers['x-api-key'];
    if (!await authorize(ctx, key === KEYS.gpustack, unauthorized)) return;
    await route(ctx, [
      { method: 'GET', path: '/v1/models', handler: (c) => send(c, listModels(c)) },
      { method: 'GET', path: '/v2/my-models', handler: (c) => send(c, myModels(c)) },
      { method: 'POST', path: '/v1/chat/completions', handler: (c) => handleChat(c, flavor) },
      { method: 'POST', path: '/v1/completions', handler: (c) => handleCompletion(c, flavor) },
      { method: 'POST', path: '/v1/messages', handler: (c) => handleMessages(c, messagesOptions) },
      { method: 'POST', path: '/v1/embeddings', handler: (c) => handleEmbeddings(c, flavor) },
      { method: 'POST', path: '/v1/rerank', handler: rerank },
      { method: 'POST', path: '/v1/audio/transcriptions', handler: transcribe },
      { method: 'POST', path: '/v1/audio/speech', handler: speak },
      { method: 'POST', path: '/v1/images/generations', handler: image },
    ], ctx.sub, fastApiNotFound, fastApiMethodNotAllowed);
  },
  errorReply(status, ctx) {
    if (ctx.sub === '/v1/messages') return anthropicError(status, anthropicType(status), statusMessage(status));
    if (status === 401) return unauthorized();
    if (status === 403) {
      const b = jsonBody(ctx);
      return nativeError(403, `Not allowed to access model ${isObj(b) ? str(b, 'model') ?? '' : ''}`.trim());
    }
    if (status === 422) return nativeError(422, "1 validation errors:\n  {'type': 'missing', 'loc': ('query', 'page'), 'msg': 'Field required'}\n");
    if (status === 503) {
      const r = json(503, { error: { message: UNAVAILABLE, type: 'ServiceUnavailable', code: 503, param: null } });
      // a stream request whose worker produced no chunk: JSON labelled text/event-stream (sic)
      return wantsStream(ctx) ? { ...r, headers: { 'content-type': 'text/event-stream; charset=utf-8' } } : r;
    }
    if (status === 504) return gpustackError(504, 'Request to worker 3 timed out');
    return gpustackError(status, statusMessage(status));
  },
  expiredReply: () => nativeError(401, 'API key has expired'),
};
