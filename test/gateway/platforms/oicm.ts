/**
 * `oicm-prod`: the Open Innovation inference gateway, a transparent proxy at
 * `/models/{id}/proxy/{path}` in front of whatever serves each model version: vLLM 0.5 (chat), OI Serve
 * (classification, speech, transcription, translation), TEI (embedding, rerank) and a Ray Serve bundle.
 * Each model accepts its own token or the shared endpoint key; another model's token is refused (403).
 */
import { classify, embedding, relevance, wavBytes } from '../answers';
import { KNOWN_PHRASE, transcriptOf } from '../tasks/audio';
import { oiServeImage, oiServeWrappedClassify, rayBundlePredict, teiPredict } from '../tasks/oicm-servers';
import { KEYS, OICM_MODELS, oicmToken, PREFIX, type OicmTask } from '../config';
import { authorize, bearer, fastApiMethodNotAllowed, fastApiNotFound, isObj, json, jsonBody, route, send, statusMessage, str, type Ctx, type Platform, type Reply, type Route } from '../http';
import { field, parseMultipart } from '../multipart';
import { handleChat, handleCompletion, modelList, VLLM_ERROR_TAIL, vllmFlatError, vllmModelNotFound, type OpenAIFlavor, type ServedModel } from '../vllm';

const detail = (status: number, message: string): Reply => json(status, { detail: message });

/** FastAPI's 422 for a missing body field (OI Serve). */
const missingField = (name: string): Reply => json(422, { detail: [{ type: 'missing', loc: ['body', name], msg: 'Field required', input: null }] });

const SERVED: ServedModel[] = [{ id: 'meta-llama/Meta-Llama-3-8B-Instruct', maxModelLen: 8192, chat: 'plain' }];

/** vLLM 0.5: `chat-` ids, usage on every chunk, flat error bodies. */
const chatFlavor: OpenAIFlavor = {
  models: SERVED,
  chatIdPrefix: 'chat-',
  usage: 'every-chunk',
  errorTail: VLLM_ERROR_TAIL,
  error: vllmFlatError,
  modelNotFound: (m) => vllmFlatError(404, vllmModelNotFound(m), 'model'),
};

/** TEI answers unknown routes with an empty 404. */
const teiNotFound = (): Reply => ({ status: 404, body: '' });
const teiEmpty = (): Reply => json(422, { error: 'Input validation error: `inputs` cannot be empty', error_type: 'Validation' });

const SPEECH_SCHEMA = [
  { name: 'prompt', required: true, label: 'Prompt', type: 'string', desc: 'Hey, how are you doing today?' },
  { name: 'description', required: true, label: 'Speaker Description', type: 'string', desc: 'A female speaker with a slightly low-pitched voice' },
];

function body(ctx: Ctx): Record<string, unknown> | undefined {
  const b = jsonBody(ctx);
  return isObj(b) ? b : undefined;
}

const ROUTES: Record<OicmTask, { routes: Route[]; notFound: () => Reply }> = {
  chat: {
    routes: [
      { method: 'GET', path: '/v1/models', handler: (c) => send(c, json(200, modelList(SERVED))) },
      { method: 'POST', path: '/v1/chat/completions', handler: (c) => handleChat(c, chatFlavor) },
      { method: 'POST', path: '/v1/completions', handler: (c) => handleCompletion(c, chatFlavor) },
    ],
    notFound: fastApiNotFound,
  },
  classification: {
    routes: [{
      method: 'POST', path: '/v1/classify', handler: (c) => {
        const inputs = str(body(c) ?? {}, 'inputs');
        return send(c, inputs === undefined ? missingField('inputs') : json(200, classify(inputs)));
      },
    }],
    notFound: fastApiNotFound,
  },
  embedding: {
    routes: [{
      method: 'POST', path: '/embed', handler: (c) => {
        const raw = body(c)?.inputs;
        const inputs = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
        return send(c, inputs.length === 0 || inputs.some((s) => s.length === 0) ? teiEmpty() : json(200, inputs.map((s) => embedding(s))));
      },
    }],
    notFound: teiNotFound,
  },
  rerank: {
    routes: [{
      method: 'POST', path: '/rerank', handler: (c) => {
        const b = body(c) ?? {};
        const query = str(b, 'query');
        const texts = Array.isArray(b.texts) ? b.texts.filter((x): x is string => typeof x === 'string') : [];
        if (!query || texts.length === 0) return send(c, teiEmpty());
        const withText = b.return_text === true;
        const ranked = texts.map((t, index) => ({ index, ...(withText ? { text: t } : {}), score: Math.round((1 / (1 + Math.exp(-relevance(query, t, index)))) * 1e7) / 1e7 }))
          .sort((x, y) => y.score - x.score);
        return send(c, json(200, ranked));
      },
    }],
    notFound: teiNotFound,
  },
  speech: {
    routes: [
      { method: 'GET', path: '/v1/schema', handler: (c) => send(c, json(200, SPEECH_SCHEMA)) },
      {
        method: 'POST', path: '/v1/generate-speech', handler: (c) => {
          const b = body(c) ?? {};
          const missing = SPEECH_SCHEMA.find((f) => f.required && !str(b, f.name));
          return send(c, missing ? missingField(missing.name) : json(200, { audio: wavBytes().toString('base64'), sampling_rate: 8000 }));
        },
      },
    ],
    notFound: fastApiNotFound,     // includes GET /v1/generate-speech/schema (the path OICM's user guide names)
  },
  transcription: {
    routes: [{
      method: 'POST', path: '/v1/transcript', handler: (c) => {
        const parts = parseMultipart(c.req.headers['content-type'], c.body) ?? [];
        const file = parts.find((p) => p.name === 'file');
        const language = field(parts, 'language');
        if (!file) return send(c, missingField('file'));
        const heard = transcriptOf('b2c3-asr', file.data);
        return send(c, json(200, { text: heard === KNOWN_PHRASE ? ` ${heard}` : ` Hello from b2c3-asr. You sent ${file.data.length} bytes of audio${language ? ` in ${language}` : ''}.` }));
      },
    }],
    notFound: fastApiNotFound,
  },
  translation: {
    routes: [{
      method: 'POST', path: '/v1/translate', handler: (c) => {
        const t = str(body(c) ?? {}, 'text');
        return send(c, t === undefined ? missingField('text') : json(200, { translation: `[translated] ${t}` }));
      },
    }],
    notFound: fastApiNotFound,
  },
  prediction: { routes: rayBundlePredict, notFound: fastApiNotFound },
  image: { routes: oiServeImage, notFound: fastApiNotFound },
};

/** Models whose server is not their task's default one. */
const BY_MODEL: Record<string, { routes: Route[]; notFound: () => Reply }> = {
  'f6a7-sentiment': { routes: oiServeWrappedClassify, notFound: fastApiNotFound },
  'a7b8-emotion': { routes: teiPredict, notFound: teiNotFound },
};

const PATH = /^\/models\/([^/]+)\/proxy(\/.*)?$/;

export const oicmPlatform: Platform = {
  prefix: PREFIX.oicm,
  async handle(ctx: Ctx) {
    const token = bearer(ctx.req);
    const m = PATH.exec(ctx.sub);
    const id = m?.[1] ?? '';
    const model = OICM_MODELS.find((x) => x.id === id);
    const valid = token === KEYS.oicmShared || (model !== undefined && token === oicmToken(id));
    const reject = (): Reply => {
      if (!token) return detail(401, 'Not authenticated');
      if (OICM_MODELS.some((x) => oicmToken(x.id) === token)) return detail(403, `Token is not valid for model ${id}`);
      return detail(401, 'Invalid or expired token');
    };
    if (!await authorize(ctx, valid, reject)) return;
    if (!m) { await send(ctx, fastApiNotFound()); return; }
    if (!model) { await send(ctx, detail(404, `Model ${id} not found`)); return; }
    const timeout = ctx.req.headers['oicm-request-timeout'];
    if (timeout !== undefined && !/^\d+$/.test(String(timeout))) {
      await send(ctx, detail(400, 'OICM-Request-Timeout must be a whole number of seconds'));
      return;
    }
    const server = BY_MODEL[model.id] ?? ROUTES[model.task];
    await route(ctx, server.routes, m[2] ?? '', server.notFound, fastApiMethodNotAllowed);
  },
  errorReply: (status) => detail(status, status === 504 ? 'Upstream request timed out' : statusMessage(status)),
  expiredReply: () => detail(401, 'Token has expired'),
};
