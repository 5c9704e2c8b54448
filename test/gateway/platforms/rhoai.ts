/**
 * `openshift-maas`: Red Hat OpenShift AI Models-as-a-Service. One gateway host (Istio/Envoy with
 * Authorino and Limitador) with maas-api under `/maas-api` and body-routed inference at `/v1/...`.
 * `/v1/models` on the gateway itself is not routed (404), so clients fall back to maas-api.
 */
import { ietfRateHeaders } from '../rate-limits';
import { KEYS, PREFIX } from '../config';
import { authorize, bearer, isObj, json, jsonBody, route, send, statusMessage, str, text, type Ctx, type Platform, type Reply } from '../http';
import { handleChat, handleCompletion, VLLM_ERROR_TAIL, vllmError, type OpenAIFlavor } from '../vllm';

const ENVOY = { server: 'istio-envoy' };
const UPSTREAM = { 'x-envoy-upstream-service-time': '12' };
const SUBSCRIPTION = { name: 'free-subscription', displayName: 'Free Tier', description: '100000 tokens/24h' };

const OPT = 'publishers/llm/models/facebook/opt-125m';
const GRANITE = 'publishers/llm/models/granite-3.1-8b-instruct';
const NOT_READY = 'publishers/llm/models/not-ready';
const EXTERNAL = 'gpt-4o-external';

/** The maas-api model list (docs/endpoints.md, openshift-ai). `ready` is absent on granite on purpose. */
function maasModels(url: string, foreignUrl: string): unknown {
  const gateway = `${url}${PREFIX.rhoai}`;
  return {
    object: 'list',
    data: [
      { id: OPT, created: 1767225600, object: 'model', owned_by: 'llm/facebook-opt-125m', kind: 'LLMInferenceService', url: gateway, ready: true, modelDetails: { displayName: 'OPT 125M', description: 'Small CPU model for smoke tests', genaiUseCase: 'chat', contextWindow: '2048' }, subscriptions: [SUBSCRIPTION] },
      { id: GRANITE, created: 1767225650, object: 'model', owned_by: 'llm/granite-3-1-8b-instruct', kind: 'LLMInferenceService', url: gateway, modelDetails: { displayName: 'Granite 3.1 8B Instruct', genaiUseCase: 'chat', contextWindow: '131072', modelCapabilities: ['chat', 'tool-calling'] }, subscriptions: [SUBSCRIPTION] },
      { id: NOT_READY, created: 1767225660, object: 'model', owned_by: 'llm/not-ready', kind: 'LLMInferenceService', url: gateway, ready: false, subscriptions: [SUBSCRIPTION] },
      { id: EXTERNAL, created: 1767225700, object: 'model', owned_by: 'llm/gpt-4o-external', kind: 'ExternalModel', url: `${foreignUrl}${PREFIX.rhoai}`, ready: true, modelDetails: { displayName: 'GPT-4o (external provider)', genaiUseCase: 'chat' }, subscriptions: [SUBSCRIPTION] },
    ],
  };
}

/** Authorino's 401: empty body, reason in headers. */
const authorinoUnauthenticated = (reason = 'credential not found'): Reply => ({
  status: 401, headers: { 'www-authenticate': 'Bearer realm="openshift-identities"', 'x-ext-auth-reason': reason }, body: '',
});
const authorinoForbidden = (message: string, reason: string): Reply => text(403, message, { 'content-type': 'text/plain', 'x-ext-auth-reason': reason });
const maasApiError = (status: number, message: string, type: string): Reply => json(status, { error: { message, type } });

/** The inference flavour (also served, without auth, by the foreign origin for the external model). */
export const rhoaiFlavor: OpenAIFlavor = {
  models: [
    { id: OPT, maxModelLen: 2048, chat: 'plain' },
    { id: GRANITE, maxModelLen: 131072, chat: 'plain' },
    { id: NOT_READY, maxModelLen: 4096, chat: 'plain' },
    { id: EXTERNAL, maxModelLen: 128000, chat: 'plain' },
  ],
  chatIdPrefix: 'chatcmpl-',
  usage: 'forced',                  // the MaaS payload processor enforces include_usage
  errorTail: VLLM_ERROR_TAIL,
  headers: UPSTREAM,
  error: vllmError,
  modelNotFound: (m) => authorinoForbidden(`subscription ${SUBSCRIPTION.name} does not include model ${m}`, 'model_not_in_subscription'),
};

/** Subscription checks Authorino makes on the body's `model` before the request reaches a backend. */
async function inference(ctx: Ctx, handler: (c: Ctx, f: OpenAIFlavor) => Promise<void>): Promise<void> {
  const body = jsonBody(ctx);
  const model = isObj(body) ? str(body, 'model') : undefined;
  if (model === NOT_READY) { await send(ctx, authorinoForbidden('requested model is unhealthy in subscription', 'model_unhealthy')); return; }
  if (model !== undefined && !rhoaiFlavor.models.some((m) => m.id === model)) { await send(ctx, rhoaiFlavor.modelNotFound(model)); return; }
  await handler(ctx, rhoaiFlavor);
}

const notRouted = (): Reply => ({ status: 404, body: '' });

const rateHeaders = ietfRateHeaders();

export const rhoaiPlatform: Platform = {
  prefix: PREFIX.rhoai,
  /** Envoy's, and the Kuadrant rate-limit policy's on every answer. */
  get headers() { return { ...ENVOY, ...rateHeaders() }; },
  async handle(ctx: Ctx) {
    const valid = bearer(ctx.req) === KEYS.openshift;
    if (ctx.sub.startsWith('/maas-api/')) {
      if (!await authorize(ctx, valid, () => maasApiError(401, 'Authorization required', 'authentication_error'))) return;
      await route(ctx, [
        { method: 'GET', path: '/maas-api/v1/models', handler: (c) => send(c, json(200, maasModels(c.state.url, c.state.foreignUrl), UPSTREAM)) },
      ], ctx.sub, () => json(404, { error: '404 page not found' }), () => json(405, { error: '405 method not allowed' }));
      return;
    }
    if (ctx.sub === '/v1/chat/completions' || ctx.sub === '/v1/completions') {
      if (!await authorize(ctx, valid, () => authorinoUnauthenticated())) return;
      await route(ctx, [
        { method: 'POST', path: '/v1/chat/completions', handler: (c) => inference(c, handleChat) },
        { method: 'POST', path: '/v1/completions', handler: (c) => inference(c, handleCompletion) },
      ], ctx.sub, notRouted, () => ({ status: 405, body: '' }));
      return;
    }
    await send(ctx, notRouted());     // no HTTPRoute matches (this includes GET /v1/models)
  },
  errorReply(status, ctx) {
    const maasApi = ctx.sub.startsWith('/maas-api/');
    if (status === 429) return text(429, 'Too Many Requests\n', { 'content-type': 'text/plain' });
    if (maasApi && status === 401) return maasApiError(401, 'Authorization required', 'authentication_error');
    if (maasApi && status === 403) return maasApiError(403, 'API key has no subscription bound', 'permission_error');
    if (maasApi && status >= 500) return maasApiError(status, 'Failed to select subscription', 'server_error');
    if (status === 401) return authorinoUnauthenticated();
    if (status === 403) return authorinoForbidden('Access denied', 'unauthorized');
    if (status === 404) return notRouted();
    if (status === 500) return vllmError(500, statusMessage(500));
    if (status === 502) return text(502, 'upstream connect error or disconnect/reset before headers. reset reason: connection termination', { 'content-type': 'text/plain' });
    if (status === 503) return text(503, 'no healthy upstream', { 'content-type': 'text/plain' });
    if (status === 504) return text(504, 'upstream request timeout', { 'content-type': 'text/plain' });
    return vllmError(status, statusMessage(status));
  },
  expiredReply: (ctx) => (ctx.sub.startsWith('/maas-api/')
    ? maasApiError(401, 'Authorization required', 'authentication_error')
    : authorinoUnauthenticated('API key expired')),
};
