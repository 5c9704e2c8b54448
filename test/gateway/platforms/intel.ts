/**
 * `intel-tiber`: Intel Tiber AI Cloud Model-as-a-Service behind grpc-gateway. OAuth2 access tokens
 * (issued by the foreign origin's token endpoint) are honoured here only; `/models` is the catalogue and
 * `/generatestream` answers newline-delimited JSON, TGI-style tokens. Request bodies are checked the way
 * protojson does (unknown fields refused) and against the catalogue.
 */
import { randomUUID } from 'node:crypto';
import { replyText, splitKeepSpaces } from '../answers';
import { INTEL_CLOUD_ACCOUNT, PREFIX } from '../config';
import { authorize, bearer, isObj, json, route, send, type Ctx, type Platform, type Reply } from '../http';
import { runStream } from '../stream';

interface Product { model_name: string; product_id: string; product_name: string }

const MODELS: Product[] = [
  { model_name: 'meta-llama/Llama-3.1-8B-Instruct', product_id: 'ba5d2874-dc83-425e-af98-c810f11dad79', product_name: 'maas-model-llama-3.1-8b' },
  { model_name: 'mistralai/Mistral-7B-Instruct-v0.3', product_id: '269c3034-e6c7-4359-9e77-c3efedfaa779', product_name: 'maas-model-mistral-7b-v0.3' },
  { model_name: 'Qwen/Qwen2.5-7B-Instruct', product_id: '0a0bffe9-2f62-4ebb-8aee-118ede22b817', product_name: 'maas-model-qwen-2.5-7b' },
];

/** HTTP status → gRPC code, as grpc-gateway maps them. */
const GRPC: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 429: 8, 499: 1, 500: 13, 501: 12, 502: 14, 503: 14, 504: 4 };

/** grpc-gateway's unary / pre-stream error body. */
export function grpcError(status: number, message: string, code = GRPC[status] ?? 2): Reply {
  return json(status, { code, message, details: [] }, { 'grpc-metadata-content-type': 'application/grpc' });
}

const GRPC_MESSAGES: Record<number, string> = {
  400: 'invalid argument', 401: 'unauthenticated', 403: 'permission denied', 404: 'not found',
  429: 'rate limit exceeded, retry later', 502: 'upstream unavailable', 503: 'upstream unavailable', 504: 'deadline exceeded',
};

const invalid = (message: string): Reply => grpcError(400, message, 3);

/** The family's end-of-turn special token. */
function family(model: string): { eos: string; eosId: number; lastUser(prompt: string): string | undefined } {
  const last = (re: RegExp, prompt: string): string | undefined => {
    const all = [...prompt.matchAll(re)];
    return all.length > 0 ? all[all.length - 1][1] : undefined;
  };
  if (/llama-?3/i.test(model)) {
    return { eos: '<|eot_id|>', eosId: 128009, lastUser: (p) => last(/<\|start_header_id\|>user<\|end_header_id\|>\n\n([\s\S]*?)<\|eot_id\|>/g, p) };
  }
  if (/mistral/i.test(model)) return { eos: '</s>', eosId: 2, lastUser: (p) => last(/\[INST\]\s*([\s\S]*?)\s*\[\/INST\]/g, p) };
  if (/qwen/i.test(model)) return { eos: '<|im_end|>', eosId: 151645, lastUser: (p) => last(/<\|im_start\|>user\n([\s\S]*?)<\|im_end\|>/g, p) };
  return { eos: '</s>', eosId: 2, lastUser: (p) => last(/User: ([\s\S]*?)\n\nAssistant:/g, p) };
}

/** protojson's check: every key must be a known field (proto name or lowerCamel JSON name). */
function unknownField(o: Record<string, unknown>, known: string[]): string | undefined {
  return Object.keys(o).find((k) => !known.includes(k));
}

/**
 * Generation parameters, by type: the TGI-style ones the backend behind Intel's service takes (an
 * `extraBody` on the endpoint merges into `params`), under their proto and lowerCamel JSON names.
 */
const NUMBER_PARAMS = ['temperature', 'top_k', 'topK', 'top_p', 'topP', 'typical_p', 'typicalP', 'repetition_penalty', 'repetitionPenalty', 'frequency_penalty', 'frequencyPenalty', 'seed', 'truncate'];
const BOOL_PARAMS = ['do_sample', 'doSample', 'watermark', 'return_full_text', 'returnFullText'];
const PARAMS = ['max_new_tokens', 'maxNewTokens', ...NUMBER_PARAMS, ...BOOL_PARAMS, 'stop', 'stop_sequences', 'stopSequences'];

function wrongParamType(params: Record<string, unknown>): Reply | undefined {
  for (const [k, v] of Object.entries(params)) {
    if (NUMBER_PARAMS.includes(k) && typeof v !== 'number' && !(k === 'seed' && typeof v === 'string')) return invalid(`proto: (line 1:2): invalid value for field ${k}`);
    if (BOOL_PARAMS.includes(k) && typeof v !== 'boolean') return invalid(`proto: (line 1:2): invalid value for bool field ${k}`);
    if (!NUMBER_PARAMS.includes(k) && !BOOL_PARAMS.includes(k) && k.startsWith('stop') && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) return invalid(`proto: (line 1:2): invalid value for repeated string field ${k}`);
  }
  return undefined;
}

interface Generate { product: Product; prompt: string; maxNewTokens: number }

/** Validates a /generatestream body; returns the error answer or the request. */
function parseGenerate(raw: string): Generate | Reply {
  let b: unknown;
  try { b = JSON.parse(raw); } catch (e) { return invalid(`proto: syntax error (line 1:1): ${(e as Error).message}`); }
  if (!isObj(b)) return invalid('proto: syntax error (line 1:1): unexpected token, expected {');
  const top = unknownField(b, ['model', 'request', 'cloudAccountId', 'cloud_account_id', 'productName', 'product_name', 'productId', 'product_id']);
  if (top) return invalid(`proto: (line 1:2): unknown field "${top}"`);
  const req = b.request;
  if (!isObj(req)) return invalid('invalid GenerateStreamRequest.request: value is required');
  const inner = unknownField(req, ['prompt', 'params']);
  if (inner) return invalid(`proto: (line 1:2): unknown field "${inner}"`);
  const params = req.params ?? {};
  if (!isObj(params)) return invalid('proto: (line 1:2): invalid value for params');
  const bad = unknownField(params, PARAMS);
  if (bad) return invalid(`proto: (line 1:2): unknown field "${bad}"`);
  const wrong = wrongParamType(params);
  if (wrong) return wrong;
  const maxNew = params.max_new_tokens ?? params.maxNewTokens;
  if (maxNew !== undefined && (typeof maxNew !== 'number' || !Number.isInteger(maxNew) || maxNew <= 0)) return invalid('invalid GenerateStreamRequest.request.params.max_new_tokens: must be a positive integer');
  if (typeof req.prompt !== 'string' || req.prompt.length === 0) return invalid('invalid GenerateStreamRequest.request.prompt: value length must be at least 1 runes');
  const account = b.cloudAccountId ?? b.cloud_account_id;
  if (typeof account !== 'string' || !/^\d{12}$/.test(account)) return invalid('invalid GenerateStreamRequest.cloudAccountId: must be a 12-digit account id');
  if (account !== INTEL_CLOUD_ACCOUNT) return grpcError(403, `permission denied: cloud account ${account} has no access to this product`, 7);
  const model = b.model ?? '';
  if (typeof model !== 'string') return invalid('proto: (line 1:2): invalid value for string field model');
  const product = MODELS.find((m) => m.model_name === model);
  if (!product) return invalid(`invalid model "${model}": not in the catalogue`);
  if ((b.productName ?? b.product_name) !== product.product_name || (b.productId ?? b.product_id) !== product.product_id) {
    return invalid(`productName/productId do not match model ${product.model_name}`);
  }
  return { product, prompt: req.prompt, maxNewTokens: typeof maxNew === 'number' ? maxNew : 512 };
}

async function generateStream(ctx: Ctx): Promise<void> {
  const parsed = parseGenerate(ctx.body.toString('utf8'));
  if (!('product' in parsed)) { await send(ctx, parsed); return; }
  const model = parsed.product.model_name;
  const fam = family(model);
  const said = fam.lastUser(parsed.prompt) ?? parsed.prompt.trim();
  let pieces = splitKeepSpaces(replyText(model, said));
  const length = parsed.maxNewTokens < pieces.length;
  if (length) pieces = pieces.slice(0, parsed.maxNewTokens);
  const requestID = randomUUID();
  const line = (token: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
    `${JSON.stringify({ result: { response: { token, top_tokens: [], ...extra, requestID } } })}\n`;
  const tok = (text: string, i: number): Record<string, unknown> => ({ id: 1000 + i * 7, text, logprob: -0.0123, special: false });
  const generated = pieces.join('');
  const seed = '13414724236876468656';
  const chunks = pieces.map((p, i) => (length && i === pieces.length - 1
    ? line(tok(p, i), { generated_text: generated, details: { finish_reason: 'FINISH_REASON_LENGTH', generated_tokens: pieces.length, seed } })
    : line(tok(p, i))));
  if (!length) {
    chunks.push(line({ id: fam.eosId, text: fam.eos, logprob: -0.0002, special: true },
      { generated_text: generated, details: { finish_reason: 'FINISH_REASON_EOS_TOKEN', generated_tokens: pieces.length + 1, seed } }));
  }
  const errorTail = `${JSON.stringify({ error: { code: 14, message: 'upstream connect error or disconnect/reset before headers', details: [] } })}\n`;
  await runStream(ctx, { headers: { 'content-type': 'application/json', 'grpc-metadata-content-type': 'application/grpc' }, chunks, errorTail });
}

const unauthenticated = (): Reply => grpcError(401, 'unauthenticated: missing or invalid access token', 16);

export const intelPlatform: Platform = {
  prefix: PREFIX.intel,
  async handle(ctx: Ctx) {
    if (!await authorize(ctx, ctx.state.tokens.valid(bearer(ctx.req)), unauthenticated)) return;
    await route(ctx, [
      { method: 'GET', path: '/models', handler: (c) => send(c, json(200, { models: MODELS }, { 'grpc-metadata-content-type': 'application/grpc' })) },
      { method: 'POST', path: '/generatestream', handler: generateStream },
    ], ctx.sub, () => grpcError(404, 'Not Found', 5), () => grpcError(405, 'Method Not Allowed', 12));
  },
  errorReply: (status) => grpcError(status, GRPC_MESSAGES[status] ?? 'internal error'),
  expiredReply: () => grpcError(401, 'token expired', 16),
};
