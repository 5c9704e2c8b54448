/** The reference gateway itself, driven with plain fetch: every platform, auth, faults, control API. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { endpointSchema } from '../../src/core/endpoint/schema';
import { startGateway, type Gateway } from '../gateway/server';
import { until } from '../unit/helpers/wait';

type Json = Record<string, unknown>;

const KEYS = {
  vllm: 'sk-local-vllm-test',
  rafay: 'rafay-test-key',
  rhoai: 'sk-oai-TESTKEY0001_secretsecret',
  gpustack: 'gpustack_testaccess_testsecret',
  oicm: 'oicm-shared-key',
};

function postJson(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal, redirect: 'manual' });
}

const auth = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** Blank-line separated SSE blocks. */
function blocks(textBody: string): string[] {
  return textBody.split(/\r?\n\r?\n/).filter((b) => b.trim().length > 0);
}

/** The JSON payload of every `data:` block except `[DONE]`. */
function dataEvents(textBody: string): Json[] {
  return blocks(textBody).flatMap((b) => b.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()))
    .filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as Json);
}

interface OpenAIStream { text: string; reasoning: string; finish?: string; usage?: Json; usageChunks: number; done: boolean; errors: Json[] }

function readOpenAIStream(textBody: string): OpenAIStream {
  const out: OpenAIStream = { text: '', reasoning: '', usageChunks: 0, done: /data: \[DONE\]\n\n$/.test(textBody), errors: [] };
  for (const ev of dataEvents(textBody)) {
    if (ev.error) { out.errors.push(ev.error as Json); continue; }
    if (ev.usage) { out.usage = ev.usage as Json; out.usageChunks++; }
    for (const c of ev.choices as Json[]) {
      const delta = (c.delta ?? {}) as Json;
      if (typeof delta.content === 'string') out.text += delta.content;
      if (typeof c.text === 'string') out.text += c.text;
      if (typeof delta.reasoning === 'string') out.reasoning += delta.reasoning;
      if (typeof c.finish_reason === 'string') out.finish = c.finish_reason;
    }
  }
  return out;
}

const chatBody = (model: string, content: string, extra: Json = {}): Json => ({ model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content }], stream: true, ...extra });

describe('reference gateway', function () {
  this.timeout(10_000);
  let gw: Gateway;
  let U: string;
  let F: string;

  before(async () => {
    gw = await startGateway({ chunkDelayMs: 1 });
    U = gw.url;
    F = gw.foreignUrl;
  });
  after(async () => { await gw.close(); });
  afterEach(() => { gw.clearFaults(); });

  describe('endpoints and credentials', () => {
    it('gives six endpoints that satisfy the endpoint schema, and an env entry for each credential', () => {
      const eps = gw.endpoints();
      assert.deepEqual(eps.map((e) => (e as Json).id), ['local-vllm', 'rafay-serverless', 'openshift-maas', 'lab-gpustack', 'oicm-prod', 'intel-tiber']);
      for (const e of eps) {
        const r = endpointSchema.safeParse(e);
        assert.ok(r.success, `${(e as Json).id as string}: ${r.success ? '' : r.error.message}`);
      }
      assert.deepEqual(gw.env(), {
        MAAS_API_KEY_LOCAL_VLLM: KEYS.vllm,
        MAAS_API_KEY_RAFAY_SERVERLESS: KEYS.rafay,
        MAAS_API_KEY_OPENSHIFT_MAAS: KEYS.rhoai,
        MAAS_API_KEY_LAB_GPUSTACK: KEYS.gpustack,
        MAAS_API_KEY_OICM_PROD: KEYS.oicm,
        MAAS_TOKEN_OICM_PROD_6B1F2C9E_CHAT: 'oicm-token-6b1f2c9e-chat',
        MAAS_CLIENT_ID_INTEL_TIBER: 'intel-client-id',
        MAAS_CLIENT_SECRET_INTEL_TIBER: 'intel-client-secret',
      });
      const intel = eps[5] as Json;
      assert.deepEqual(intel.auth, { type: 'oauth2', tokenUrl: `${F}/oauth2/token` });
    });
  });

  describe('control API', () => {
    it('serves the config, sets and clears faults, lists and clears requests, and is itself neither recorded nor faulted', async () => {
      const cfg = await (await fetch(`${U}/__control/config`)).json() as { endpoints: unknown; env: unknown };
      assert.deepEqual(cfg, { endpoints: gw.endpoints(), env: gw.env() });

      assert.equal((await fetch(`${U}/__control/requests`, { method: 'DELETE' })).status, 204);
      const set = await postJson(`${U}/__control/faults`, { type: 'status', status: 503, path: '/openai/v1/models', times: 2 });
      assert.equal(set.status, 204);
      assert.equal((await fetch(`${U}/openai/v1/models`, { headers: auth(KEYS.vllm) })).status, 503);
      assert.equal((await fetch(`${U}/__control/config`)).status, 200);     // not faulted
      assert.equal((await fetch(`${U}/openai/v1/models`, { headers: auth(KEYS.vllm) })).status, 503);
      assert.equal((await fetch(`${U}/openai/v1/models`, { headers: auth(KEYS.vllm) })).status, 200);

      await postJson(`${U}/__control/faults`, { type: 'status', status: 500 });
      assert.equal((await fetch(`${U}/__control/faults`, { method: 'DELETE' })).status, 204);
      assert.equal((await fetch(`${U}/openai/v1/models`, { headers: auth(KEYS.vllm) })).status, 200);

      const bad = await postJson(`${U}/__control/faults`, { type: 'explode' });
      assert.equal(bad.status, 400);

      const log = await (await fetch(`${U}/__control/requests`)).json() as { origin: string; path: string; headers: Json }[];
      assert.deepEqual(log.map((r) => r.path), ['/openai/v1/models', '/openai/v1/models', '/openai/v1/models', '/openai/v1/models']);
      assert.equal(log[0].origin, 'main');
      assert.equal(log[0].headers.authorization, `Bearer ${KEYS.vllm}`);
      assert.equal((await fetch(`${U}/__control/requests`, { method: 'DELETE' })).status, 204);
      assert.deepEqual(await (await fetch(`${U}/__control/requests`)).json(), []);
      assert.equal(gw.requests.length, 0);
    });
  });

  describe('local-vllm (openai)', () => {
    const base = (): string => `${U}/openai/v1`;

    it('lists vLLM model cards with max_model_len', async () => {
      const body = await (await fetch(`${base()}/models`, { headers: auth(KEYS.vllm) })).json() as { data: Json[] };
      const llama = body.data.find((m) => m.id === 'meta-llama/Llama-3.1-8B-Instruct');
      assert.equal(llama?.max_model_len, 8192);
      assert.equal(body.data.length, 7, 'four chat and embedding models, a reranker, a classifier, whisper');
    });

    it('streams a chat with vLLM framing, a usage chunk when asked, and [DONE]', async () => {
      const res = await postJson(`${base()}/chat/completions`, chatBody('meta-llama/Llama-3.1-8B-Instruct', 'What is up', { stream_options: { include_usage: true } }), auth(KEYS.vllm));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      const s = readOpenAIStream(await res.text());
      assert.equal(s.text, 'Hello from meta-llama/Llama-3.1-8B-Instruct. You said: What is up');
      assert.equal(s.finish, 'stop');
      assert.equal(s.done, true);
      assert.deepEqual(s.usage, { prompt_tokens: 5, total_tokens: 13, completion_tokens: 8 });
    });

    it('sends no usage chunk unless asked, and stops at max_tokens with length', async () => {
      const s = readOpenAIStream(await (await postJson(`${base()}/chat/completions`, chatBody('meta-llama/Llama-3.1-8B-Instruct', 'hi', { max_tokens: 3 }), auth(KEYS.vllm))).text());
      assert.equal(s.text, 'Hello from meta-llama/Llama-3.1-8B-Instruct.');
      assert.equal(s.finish, 'length');
      assert.equal(s.usageChunks, 0);
    });

    it('streams reasoning before content for Qwen3, and <think> tags (closing tag split) for the R1 distill', async () => {
      const q = readOpenAIStream(await (await postJson(`${base()}/chat/completions`, chatBody('Qwen/Qwen3-8B', 'two plus two'), auth(KEYS.vllm))).text());
      assert.equal(q.reasoning, 'Thinking about: two plus two');
      assert.equal(q.text, 'Hello from Qwen/Qwen3-8B. You said: two plus two');
      const raw = await (await postJson(`${base()}/chat/completions`, chatBody('deepseek-r1-distill', 'hey'), auth(KEYS.vllm))).text();
      const d = readOpenAIStream(raw);
      assert.equal(d.reasoning, '');
      assert.equal(d.text, '<think>Thinking about: hey</think>\n\nHello from deepseek-r1-distill. You said: hey');
      assert.ok(raw.includes('"content":"</"'), 'the closing tag is split across chunks');
    });

    it('answers non-streaming chat and completions as JSON', async () => {
      const chat = await (await postJson(`${base()}/chat/completions`, { model: 'meta-llama/Llama-3.1-8B-Instruct', messages: [{ role: 'user', content: [{ type: 'text', text: 'parts work' }] }] }, auth(KEYS.vllm))).json() as Json;
      assert.equal(((chat.choices as Json[])[0].message as Json).content, 'Hello from meta-llama/Llama-3.1-8B-Instruct. You said: parts work');
      const comp = await (await postJson(`${base()}/completions`, { model: 'meta-llama/Llama-3.1-8B-Instruct', prompt: 'The sky' }, auth(KEYS.vllm))).json() as Json;
      assert.equal((comp.choices as Json[])[0].text, ' completion of: The sky');
      const stream = readOpenAIStream(await (await postJson(`${base()}/completions`, { model: 'meta-llama/Llama-3.1-8B-Instruct', prompt: 'The sky', stream: true }, auth(KEYS.vllm))).text());
      assert.equal(stream.text, ' completion of: The sky');
    });

    it('rejects stream_options without stream, chat on the embedding model, and unknown models, vLLM-shaped', async () => {
      const so = await postJson(`${base()}/chat/completions`, chatBody('meta-llama/Llama-3.1-8B-Instruct', 'x', { stream: false, stream_options: { include_usage: true } }), auth(KEYS.vllm));
      assert.equal(so.status, 400);
      assert.equal(((await so.json() as Json).error as Json).message, 'Stream options can only be defined when `stream=True`.');
      const emb = await postJson(`${base()}/chat/completions`, chatBody('BAAI/bge-small-en-v1.5', 'x'), auth(KEYS.vllm));
      assert.equal(emb.status, 400);
      assert.equal(((await emb.json() as Json).error as Json).type, 'BadRequestError');
      const nf = await postJson(`${base()}/chat/completions`, chatBody('gpt-4o', 'x'), auth(KEYS.vllm));
      assert.equal(nf.status, 404);
      assert.equal(((await nf.json() as Json).error as Json).message, 'The model `gpt-4o` does not exist.');
      const e = await (await postJson(`${base()}/embeddings`, { model: 'BAAI/bge-small-en-v1.5', input: ['a', 'b'] }, auth(KEYS.vllm))).json() as { data: { embedding: number[] }[] };
      assert.equal(e.data.length, 2);
      assert.equal(e.data[0].embedding.length, 8);
    });

    it('refuses a missing or wrong key with vLLM\'s 401', async () => {
      const r = await postJson(`${base()}/chat/completions`, chatBody('meta-llama/Llama-3.1-8B-Instruct', 'x'), auth('nope'));
      assert.equal(r.status, 401);
      assert.deepEqual(await r.json(), { error: 'Unauthorized' });
      assert.equal((await fetch(`${base()}/models`)).status, 401);
    });
  });

  describe('rafay-serverless', () => {
    it('streams a chat under /v2/<endpoint>/openai/v1 and refuses a bad key', async () => {
      const base = `${U}/rafay/v2/ep-7f3a9c/openai/v1`;
      const s = readOpenAIStream(await (await postJson(`${base}/chat/completions`, chatBody('mistralai/Mistral-7B-Instruct-v0.2', 'hello rafay'), auth(KEYS.rafay))).text());
      assert.equal(s.text, 'Hello from mistralai/Mistral-7B-Instruct-v0.2. You said: hello rafay');
      const bad = await fetch(`${base}/models`, { headers: auth(KEYS.vllm) });
      assert.equal(bad.status, 401);
      assert.equal(((await bad.json() as Json).error as Json).type, 'authentication_error');
    });
  });

  describe('openshift-maas (openshift-ai)', () => {
    it('answers 404 on the gateway /v1/models so clients fall back to maas-api, which lists the models', async () => {
      const first = await fetch(`${U}/rhoai/v1/models`, { headers: auth(KEYS.rhoai) });
      assert.equal(first.status, 404);
      assert.equal(first.headers.get('server'), 'istio-envoy');
      assert.equal(await first.text(), '');
      const list = await (await fetch(`${U}/rhoai/maas-api/v1/models`, { headers: auth(KEYS.rhoai) })).json() as { data: Json[] };
      const byId = new Map(list.data.map((m) => [m.id as string, m]));
      assert.equal(byId.get('publishers/llm/models/facebook/opt-125m')?.ready, true);
      assert.equal('ready' in (byId.get('publishers/llm/models/granite-3.1-8b-instruct') ?? {}), false);
      assert.equal(((byId.get('publishers/llm/models/granite-3.1-8b-instruct')?.modelDetails) as Json).contextWindow, '131072');
      assert.equal(byId.get('publishers/llm/models/not-ready')?.ready, false);
      assert.equal(byId.get('gpt-4o-external')?.url, `${F}/rhoai`);
      const unauth = await fetch(`${U}/rhoai/maas-api/v1/models`);
      assert.equal(unauth.status, 401);
      assert.deepEqual(await unauth.json(), { error: { message: 'Authorization required', type: 'authentication_error' } });
    });

    it('streams a body-routed chat with usage forced even when not asked', async () => {
      const res = await postJson(`${U}/rhoai/v1/chat/completions`, chatBody('publishers/llm/models/facebook/opt-125m', 'hi maas'), auth(KEYS.rhoai));
      assert.equal(res.headers.get('server'), 'istio-envoy');
      const s = readOpenAIStream(await res.text());
      assert.equal(s.text, 'Hello from publishers/llm/models/facebook/opt-125m. You said: hi maas');
      assert.equal(s.usageChunks, 1);
    });

    it('refuses Authorino-style: 401 empty with headers, 403 text/plain for an unhealthy model', async () => {
      const r = await postJson(`${U}/rhoai/v1/chat/completions`, chatBody('publishers/llm/models/facebook/opt-125m', 'x'));
      assert.equal(r.status, 401);
      assert.equal(await r.text(), '');
      assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="openshift-identities"');
      assert.equal(r.headers.get('x-ext-auth-reason'), 'credential not found');
      const nr = await postJson(`${U}/rhoai/v1/chat/completions`, chatBody('publishers/llm/models/not-ready', 'x'), auth(KEYS.rhoai));
      assert.equal(nr.status, 403);
      assert.match(nr.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(await nr.text(), 'requested model is unhealthy in subscription');
    });

    it('the foreign origin answers the external model and records what it was sent', async () => {
      gw.clearRequests();
      const r = await postJson(`${F}/rhoai/v1/chat/completions`, chatBody('gpt-4o-external', 'leak?'), auth('should-not-be-here'));
      assert.equal(r.status, 200);
      assert.equal(readOpenAIStream(await r.text()).text, 'Hello from gpt-4o-external. You said: leak?');
      assert.equal(gw.requests.length, 1);
      assert.equal(gw.requests[0].origin, 'foreign');
      assert.equal(gw.requests[0].headers.authorization, 'Bearer should-not-be-here');
      assert.equal((await fetch(`${F}/anything`)).status, 404);
    });
  });

  describe('lab-gpustack', () => {
    const key = { 'x-api-key': KEYS.gpustack };

    it('lists models with meta and category filters, and routes with categories from /v2/my-models', async () => {
      const plain = await (await fetch(`${U}/gpustack/v1/models`, { headers: key })).json() as { data: Json[] };
      assert.equal(plain.data.length, 8);
      assert.equal(plain.data[0].meta, null);
      const meta = await (await fetch(`${U}/gpustack/v1/models?with_meta=true&categories=llm&categories=text_to_speech`, { headers: auth(KEYS.gpustack) })).json() as { data: Json[] };
      assert.deepEqual(meta.data.map((m) => m.id), ['qwen2.5-7b-instruct', 'cosyvoice-300m', 'qwq-32b']);
      assert.deepEqual(meta.data[0].meta, { max_model_len: 32768 });
      assert.ok(Array.isArray((meta.data[1].meta as Json).voices));
      const mine = await (await fetch(`${U}/gpustack/v2/my-models`, { headers: key })).json() as { items: Json[]; pagination: Json };
      const cats = Object.fromEntries(mine.items.map((i) => [i.name as string, i.categories]));
      assert.deepEqual(cats['bge-reranker-v2-m3'], ['reranker']);
      assert.deepEqual(cats['mystery-model'], []);
      assert.deepEqual(mine.pagination, { page: 1, perPage: 100, total: 8, totalPage: 1 });
    });

    it('streams an OpenAI chat with usage injected, and an Anthropic message re-framed line by line', async () => {
      const s = readOpenAIStream(await (await postJson(`${U}/gpustack/v1/chat/completions`, chatBody('qwen2.5-7b-instruct', 'hi stack'), key)).text());
      assert.equal(s.text, 'Hello from qwen2.5-7b-instruct. You said: hi stack');
      assert.equal(s.usageChunks, 1);
      const raw = await (await postJson(`${U}/gpustack/v1/messages`, { model: 'qwen2.5-7b-instruct', max_tokens: 100, stream: true, system: 'Be brief.', messages: [{ role: 'user', content: 'hi claude' }] }, auth(KEYS.gpustack))).text();
      assert.ok(blocks(raw).includes('event: message_start'), 'event: lines are their own events');
      const evs = dataEvents(raw);
      assert.deepEqual([...new Set(evs.map((e) => e.type))], ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
      const text = evs.filter((e) => e.type === 'content_block_delta').map((e) => (e.delta as Json).text).join('');
      assert.equal(text, 'Hello from qwen2.5-7b-instruct. You said: hi claude');
      const md = evs.find((e) => e.type === 'message_delta') as Json;
      assert.equal((md.delta as Json).stop_reason, 'end_turn');
      assert.equal((md.usage as Json).output_tokens, 7);
      const noMax = await postJson(`${U}/gpustack/v1/messages`, { model: 'qwen2.5-7b-instruct', messages: [{ role: 'user', content: 'x' }] }, key);
      assert.equal(noMax.status, 400);
      assert.equal(((await noMax.json() as Json).error as Json).message, 'max_tokens: Field required');
    });

    it('qwq-32b thinks first: delta.reasoning_content on the OpenAI route, a thinking block (thinking_delta, signature_delta) on /v1/messages', async () => {
      const raw = await (await postJson(`${U}/gpustack/v1/chat/completions`, chatBody('qwq-32b', 'why'), key)).text();
      const deltas = dataEvents(raw).flatMap((e) => (e.choices as Json[]).map((c) => (c.delta ?? {}) as { reasoning_content?: string; reasoning?: string; content?: string }));
      assert.equal(deltas.map((d) => d.reasoning_content ?? '').join(''), 'Thinking about: why');
      assert.ok(deltas.every((d) => d.reasoning === undefined));
      assert.equal(deltas.map((d) => d.content ?? '').join(''), 'Hello from qwq-32b. You said: why');
      const evs = dataEvents(await (await postJson(`${U}/gpustack/v1/messages`, { model: 'qwq-32b', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'why' }] }, key)).text());
      const starts = evs.filter((e) => e.type === 'content_block_start').map((e) => [e.index, (e.content_block as Json).type]);
      assert.deepEqual(starts, [[0, 'thinking'], [1, 'text']]);
      const of = (type: string, field: string) => evs.filter((e) => e.type === 'content_block_delta' && (e.delta as Json).type === type).map((e) => (e.delta as Json)[field]).join('');
      assert.equal(of('thinking_delta', 'thinking'), 'Thinking about: why');
      assert.ok(of('signature_delta', 'signature').length > 0);
      assert.equal(of('text_delta', 'text'), 'Hello from qwq-32b. You said: why');
      const whole = await (await postJson(`${U}/gpustack/v1/messages`, { model: 'qwq-32b', max_tokens: 100, messages: [{ role: 'user', content: 'why' }] }, key)).json() as { content: Json[] };
      assert.deepEqual(whole.content.map((b) => b.type), ['thinking', 'text']);
    });

    it('mentions each image part it received in the answer ([image: <mime>]), OpenAI and Anthropic shapes; the last chat body is one call away', async () => {
      const png = 'data:image/png;base64,iVBORw0KGgo=';
      const oa = readOpenAIStream(await (await postJson(`${U}/gpustack/v1/chat/completions`, { model: 'qwen2.5-7b-instruct', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: png } }] }] }, key)).text());
      assert.equal(oa.text, 'Hello from qwen2.5-7b-instruct. You said: look\n[image: image/png]');
      assert.deepEqual(((gw.lastChatBody()?.messages as Json[])[0].content as Json[])[1], { type: 'image_url', image_url: { url: png } });
      const an = await (await postJson(`${U}/gpustack/v1/messages`, { model: 'qwen2.5-7b-instruct', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'UklGRg==' } }, { type: 'text', text: 'and this' }] }] }, key)).json() as { content: Json[] };
      assert.equal(an.content[0].text, 'Hello from qwen2.5-7b-instruct. You said: [image: image/webp]\nand this');
      const last = await (await fetch(`${U}/__control/requests/last-chat`)).json() as Json;
      assert.equal(last.model, 'qwen2.5-7b-instruct');
      assert.equal(last.max_tokens, 100);
    });

    it('serves rerank, transcription, speech and images', async () => {
      const rr = await (await postJson(`${U}/gpustack/v1/rerank`, { model: 'bge-reranker-v2-m3', query: 'What is a panda?', documents: ['hi', 'it is a bear', 'The giant panda is a bear'], top_n: 2 }, key)).json() as { results: Json[] };
      assert.equal(rr.results.length, 2);
      assert.equal(rr.results[0].index, 2);
      assert.deepEqual(rr.results[0].document, { text: 'The giant panda is a bear' });

      const form = new FormData();
      form.append('model', 'whisper-large-v3');
      form.append('file', new Blob([Buffer.alloc(100)], { type: 'audio/wav' }), 'a.wav');
      const tr = await fetch(`${U}/gpustack/v1/audio/transcriptions`, { method: 'POST', headers: key, body: form });
      assert.deepEqual(await tr.json(), { text: 'Hello from whisper-large-v3. You sent 100 bytes of audio.' });

      const sp = await postJson(`${U}/gpustack/v1/audio/speech`, { model: 'cosyvoice-300m', input: 'hello', voice: 'English Male' }, key);
      assert.equal(sp.headers.get('content-type'), 'audio/wav');
      const wav = Buffer.from(await sp.arrayBuffer());
      assert.equal(wav.subarray(0, 4).toString('ascii'), 'RIFF');
      assert.equal(wav.subarray(8, 12).toString('ascii'), 'WAVE');

      const im = await (await postJson(`${U}/gpustack/v1/images/generations`, { model: 'sd-turbo', prompt: 'a cat' }, key)).json() as { data: Json[] };
      assert.ok(Buffer.from(im.data[0].b64_json as string, 'base64').subarray(1, 4).toString('ascii') === 'PNG');
    });

    it('refuses a bad key with the native 401 and unknown models with the OpenAI-route 404', async () => {
      const r = await fetch(`${U}/gpustack/v1/models`, { headers: { 'x-api-key': 'wrong' } });
      assert.equal(r.status, 401);
      assert.deepEqual(await r.json(), { code: 401, reason: 'Unauthorized', message: 'Invalid authentication credentials' });
      const nf = await postJson(`${U}/gpustack/v1/chat/completions`, chatBody('nope', 'x'), key);
      assert.deepEqual(await nf.json(), { error: { message: 'Model not found', code: 404, type: 'NotFound' } });
    });
  });

  describe('oicm-prod', () => {
    const proxy = (id: string): string => `${U}/oicm/models/${id}/proxy`;

    it('serves chat through the proxy: served name from /v1/models, usage on every chunk, timeout header recorded', async () => {
      const own = auth('oicm-token-6b1f2c9e-chat');
      const models = await (await fetch(`${proxy('6b1f2c9e-chat')}/v1/models`, { headers: own })).json() as { data: Json[] };
      const served = models.data[0].id as string;
      assert.equal(served, 'meta-llama/Meta-Llama-3-8B-Instruct');
      gw.clearRequests();
      const raw = await (await postJson(`${proxy('6b1f2c9e-chat')}/v1/chat/completions`, chatBody(served, 'hi oicm'), { ...own, 'OICM-Request-Timeout': '300' })).text();
      const s = readOpenAIStream(raw);
      assert.equal(s.text, 'Hello from meta-llama/Meta-Llama-3-8B-Instruct. You said: hi oicm');
      assert.ok(s.usageChunks > 5, 'usage on every chunk');
      assert.match(raw, /"id":"chat-/);
      assert.equal(gw.requests[0].headers['oicm-request-timeout'], '300');
    });

    it('accepts the shared key, refuses another model\'s token (403) and a bad token (401)', async () => {
      assert.equal((await postJson(`${proxy('7c2d-classify')}/v1/classify`, { inputs: 'this is good' }, auth(KEYS.oicm))).status, 200);
      const other = await postJson(`${proxy('7c2d-classify')}/v1/classify`, { inputs: 'x' }, auth('oicm-token-6b1f2c9e-chat'));
      assert.equal(other.status, 403);
      const bad = await postJson(`${proxy('7c2d-classify')}/v1/classify`, { inputs: 'x' }, auth('garbage'));
      assert.equal(bad.status, 401);
      assert.ok(typeof (await bad.json() as Json).detail === 'string');
    });

    it('speaks OI Serve, TEI and Ray bundle shapes', async () => {
      const k = auth(KEYS.oicm);
      const cls = await (await postJson(`${proxy('7c2d-classify')}/v1/classify`, { inputs: 'I love it' }, k)).json() as Json[];
      assert.equal(cls[0].label, 'POSITIVE');
      assert.equal((await postJson(`${proxy('8d3e-embed')}/v1/embed`, { inputs: 'x' }, k)).status, 404);
      const emb = await (await postJson(`${proxy('8d3e-embed')}/embed`, { inputs: 'x' }, k)).json() as number[][];
      assert.equal(emb.length, 1);
      const rr = await (await postJson(`${proxy('9e4f-rerank')}/rerank`, { query: 'deep learning', texts: ['cats', 'deep learning is'] }, k)).json() as Json[];
      assert.equal(rr[0].index, 1);
      assert.equal((await fetch(`${proxy('a1b2-tts')}/v1/generate-speech/schema`, { headers: k })).status, 404);
      assert.equal(((await (await fetch(`${proxy('a1b2-tts')}/v1/schema`, { headers: k })).json()) as Json[])[0].name, 'prompt');
      const audio = await (await postJson(`${proxy('a1b2-tts')}/v1/generate-speech`, { prompt: 'hi', description: 'calm' }, k)).json() as Json;
      assert.equal(Buffer.from(audio.audio as string, 'base64').subarray(0, 4).toString('ascii'), 'RIFF');
      const form = new FormData();
      form.append('file', new Blob([Buffer.alloc(10)]), 'a.wav');
      const tr = await (await fetch(`${proxy('b2c3-asr')}/v1/transcript`, { method: 'POST', headers: k, body: form })).json() as Json;
      assert.match(tr.text as string, /10 bytes/);
      assert.deepEqual(await (await postJson(`${proxy('c3d4-translate')}/v1/translate`, { text: 'Good Morning' }, k)).json(), { translation: '[translated] Good Morning' });
      const p = await (await postJson(`${proxy('d4e5-predict')}/predict`, [[0, 0, 0, 0, 0, 0, 0, 0, 0, 1]], k)).json() as Json;
      assert.deepEqual(p.data, [14]);
      assert.deepEqual(Object.keys(p.meta as Json), ['input_schema', 'output_schema']);
      assert.equal((await postJson(`${proxy('d4e5-predict')}/predict`, { x: [1, 2] }, k)).status, 400);
    });
  });

  describe('intel-tiber', () => {
    const body = (prompt: string, maxNew = 100): Json => ({
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      request: { prompt, params: { max_new_tokens: maxNew, temperature: 0.7 } },
      cloudAccountId: '123456789012', productName: 'maas-model-llama-3.1-8b', productId: 'ba5d2874-dc83-425e-af98-c810f11dad79',
    });
    const llamaPrompt = '<|start_header_id|>user<|end_header_id|>\n\nTell me a joke<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n';

    async function token(id = 'intel-client-id', secret = 'intel-client-secret'): Promise<Response> {
      const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
      return fetch(`${F}/oauth2/token`, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    }
    const lines = async (r: Response): Promise<Json[]> => (await r.text()).split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Json);
    const resp = (l: Json): Json => ((l.result as Json).response as Json);

    it('issues tokens on the foreign origin for good client credentials only', async () => {
      const bad = await token('intel-client-id', 'wrong');
      assert.equal(bad.status, 401);
      assert.deepEqual(await bad.json(), { error: 'invalid_client', error_description: 'Client authentication failed' });
      const ok = await (await token()).json() as Json;
      assert.equal(ok.token_type, 'Bearer');
      assert.equal(ok.expires_in, 3600);
      assert.equal(typeof ok.access_token, 'string');
    });

    it('lists the catalogue and streams NDJSON tokens with a special EOS token, or stops at max_new_tokens', async () => {
      const t = (await (await token()).json() as Json).access_token as string;
      const models = await (await fetch(`${U}/intel/v1/maas/models`, { headers: auth(t) })).json() as { models: Json[] };
      assert.deepEqual(models.models.map((m) => m.model_name), ['meta-llama/Llama-3.1-8B-Instruct', 'mistralai/Mistral-7B-Instruct-v0.3', 'Qwen/Qwen2.5-7B-Instruct']);
      const r = await postJson(`${U}/intel/v1/maas/generatestream`, body(llamaPrompt), auth(t));
      assert.equal(r.headers.get('content-type'), 'application/json');
      const ls = await lines(r);
      const text = ls.map((l) => resp(l).token as Json).filter((tk) => tk.special !== true).map((tk) => tk.text).join('');
      assert.equal(text, 'Hello from meta-llama/Llama-3.1-8B-Instruct. You said: Tell me a joke');
      const last = resp(ls[ls.length - 1]);
      assert.equal((last.token as Json).special, true);
      assert.equal((last.details as Json).finish_reason, 'FINISH_REASON_EOS_TOKEN');
      assert.equal(typeof (last.details as Json).seed, 'string');
      const short = await lines(await postJson(`${U}/intel/v1/maas/generatestream`, body(llamaPrompt, 2), auth(t)));
      assert.equal(short.length, 2);
      assert.equal((resp(short[1]).details as Json).finish_reason, 'FINISH_REASON_LENGTH');
    });

    it('refuses malformed bodies, missing tokens, and tokens anywhere but the main origin', async () => {
      const t = (await (await token()).json() as Json).access_token as string;
      const unknown = await postJson(`${U}/intel/v1/maas/generatestream`, { ...body('x'), stream: true }, auth(t));
      assert.equal(unknown.status, 400);
      assert.equal((await unknown.json() as Json).code, 3);
      const mismatch = await postJson(`${U}/intel/v1/maas/generatestream`, { ...body('x'), productName: 'maas-model-qwen-2.5-7b' }, auth(t));
      assert.equal(mismatch.status, 400);
      const withParams = (params: Json) => { const b = body('x') as { request: { params: Json } }; return { ...b, request: { ...b.request, params: { ...b.request.params, ...params } } }; };
      const genuine = await postJson(`${U}/intel/v1/maas/generatestream`, withParams({ top_k: 40, top_p: 0.9, repetition_penalty: 1.1, do_sample: true, seed: 7, stop: ['\n\n'] }), auth(t));
      assert.equal(genuine.status, 200, 'TGI-style generation parameters are accepted');
      await genuine.text();
      const unknownParam = await postJson(`${U}/intel/v1/maas/generatestream`, withParams({ chat_template: 'x' }), auth(t));
      assert.equal(unknownParam.status, 400);
      assert.match((await unknownParam.json() as Json).message as string, /unknown field "chat_template"/);
      const badType = await postJson(`${U}/intel/v1/maas/generatestream`, withParams({ do_sample: 'yes' }), auth(t));
      assert.equal(badType.status, 400);
      await badType.text();
      const none = await fetch(`${U}/intel/v1/maas/models`);
      assert.equal(none.status, 401);
      assert.equal((await none.json() as Json).code, 16);
      assert.equal((await fetch(`${F}/intel/v1/maas/models`, { headers: auth(t) })).status, 404);
    });

    it('answers token expired once under an expired-token fault', async () => {
      const t = (await (await token()).json() as Json).access_token as string;
      gw.setFault({ type: 'expired-token', path: '/intel/' });
      const r = await fetch(`${U}/intel/v1/maas/models`, { headers: auth(t) });
      assert.equal(r.status, 401);
      assert.deepEqual(await r.json(), { code: 16, message: 'token expired', details: [] });
      assert.equal((await fetch(`${U}/intel/v1/maas/models`, { headers: auth(t) })).status, 200);
    });
  });

  describe('faults', () => {
    const llama = (extra: Json = {}): Json => chatBody('meta-llama/Llama-3.1-8B-Instruct', 'one two three four', extra);

    it('status: platform-shaped bodies, extra headers, and a body override', async () => {
      gw.setFault({ type: 'status', status: 429, headers: { 'retry-after': '1' }, path: '/openai/' });
      const a = await postJson(`${U}/openai/v1/chat/completions`, llama(), auth(KEYS.vllm));
      assert.equal(a.status, 429);
      assert.equal(a.headers.get('retry-after'), '1');
      assert.equal(((await a.json() as Json).error as Json).code, 429);
      gw.setFault({ type: 'status', status: 429, path: '/rhoai/' });
      const b = await postJson(`${U}/rhoai/v1/chat/completions`, chatBody('publishers/llm/models/facebook/opt-125m', 'x'), auth(KEYS.rhoai));
      assert.equal(b.status, 429);
      assert.equal(b.headers.get('retry-after'), null);
      assert.equal(await b.text(), 'Too Many Requests\n');
      gw.setFault({ type: 'status', status: 502, body: 'custom' });
      const c = await fetch(`${U}/gpustack/v1/models`, { headers: { 'x-api-key': KEYS.gpustack } });
      assert.equal(c.status, 502);
      assert.equal(await c.text(), 'custom');
    });

    it('midstream-error: the platform\'s in-stream error after N chunks', async () => {
      gw.setFault({ type: 'midstream-error', afterChunks: 3 });
      const v = await (await postJson(`${U}/openai/v1/chat/completions`, llama(), auth(KEYS.vllm))).text();
      const vs = readOpenAIStream(v);
      assert.equal(vs.text, 'Hello from');
      assert.equal(vs.errors.length, 1);
      assert.ok(v.includes('data: {"error": {"message": '), 'python json.dumps spacing');
      assert.equal(vs.done, true);

      gw.setFault({ type: 'midstream-error' });
      const g = readOpenAIStream(await (await postJson(`${U}/gpustack/v1/chat/completions`, chatBody('qwen2.5-7b-instruct', 'x'), { 'x-api-key': KEYS.gpustack })).text());
      assert.equal(g.errors[0].type, 'ServiceUnavailable');
      assert.equal(g.done, false);

      gw.setFault({ type: 'midstream-error', afterChunks: 4 });
      const an = await (await postJson(`${U}/gpustack/v1/messages`, { model: 'qwen2.5-7b-instruct', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'x' }] }, { 'x-api-key': KEYS.gpustack })).text();
      assert.ok(blocks(an).includes('event: error'));
      assert.equal(dataEvents(an).pop()?.type, 'error');

      const t = (await (await fetch(`${F}/oauth2/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('intel-client-id:intel-client-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json() as Json).access_token as string;
      gw.setFault({ type: 'midstream-error', path: 'generatestream' });
      const intel = (await (await postJson(`${U}/intel/v1/maas/generatestream`, {
        model: 'Qwen/Qwen2.5-7B-Instruct', request: { prompt: '<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n', params: { max_new_tokens: 10 } },
        cloudAccountId: '123456789012', productName: 'maas-model-qwen-2.5-7b', productId: '0a0bffe9-2f62-4ebb-8aee-118ede22b817',
      }, auth(t))).text()).trim().split('\n').map((l) => JSON.parse(l) as Json);
      assert.equal(intel.length, 3);
      assert.equal((intel[2].error as Json).code, 14);
    });

    it('drop: the body is cut off and the socket closed', async () => {
      gw.setFault({ type: 'drop', afterChunks: 2 });
      const r = await postJson(`${U}/openai/v1/chat/completions`, llama(), auth(KEYS.vllm));
      assert.equal(r.status, 200);
      await assert.rejects(r.text());
      gw.setFault({ type: 'drop', path: '/openai/v1/models' });        // a JSON answer: half of it, then the socket closes
      const j = await fetch(`${U}/openai/v1/models`, { headers: auth(KEYS.vllm) });
      assert.equal(j.status, 200);
      await assert.rejects(j.text());
    });

    it('stall: before headers for ms, and it ends early when the client goes away', async () => {
      // (the default stall, 60 s, is far longer than the test timeout: nothing here is timed)
      gw.clearRequests();
      gw.setFault({ type: 'stall' });                          // before the headers, until the client leaves
      const held = new AbortController();
      const stalled = fetch(`${U}/openai/v1/models`, { headers: auth(KEYS.vllm), signal: held.signal });
      await until(() => gw.requests.length === 1);             // the gateway has it and holds the answer
      held.abort();
      await assert.rejects(stalled, { name: 'AbortError' });   // no headers came before the client left

      gw.setFault({ type: 'stall', ms: 50 });                  // a short stall, then the normal answer
      const r = await fetch(`${U}/openai/v1/models`, { headers: auth(KEYS.vllm) });
      assert.equal(r.status, 200);
      assert.equal(((await r.json()) as { object?: string }).object, 'list');

      gw.setFault({ type: 'stall', afterChunks: 1 });        // 60 s unless the client leaves
      const ac = new AbortController();
      const s = await postJson(`${U}/openai/v1/chat/completions`, llama(), auth(KEYS.vllm), ac.signal);
      const reader = s.body?.getReader();
      assert.ok(reader);
      await reader.read();
      ac.abort();
      await assert.rejects(async () => { for (;;) { const x = await reader.read(); if (x.done) break; } });
    });

    it('redirect: to the foreign origin (recorded) or to the same origin under /redirected', async () => {
      gw.clearRequests();
      gw.setFault({ type: 'redirect', path: '/gpustack/v1/models' });
      const r = await fetch(`${U}/gpustack/v1/models`, { headers: { 'x-api-key': KEYS.gpustack }, redirect: 'manual' });
      assert.equal(r.status, 307);
      assert.equal(r.headers.get('location'), `${F}/gpustack/v1/models`);
      const followed = await fetch(r.headers.get('location') ?? '', { headers: { 'x-api-key': KEYS.gpustack } });
      assert.deepEqual(await followed.json(), { redirected: true });
      const foreign = gw.requests.filter((q) => q.origin === 'foreign');
      assert.equal(foreign.length, 1);
      assert.equal(foreign[0].headers['x-api-key'], KEYS.gpustack);

      gw.setFault({ type: 'redirect', to: 'same', status: 302, times: 0, path: '/openai/v1/models' });
      const same = await fetch(`${U}/openai/v1/models`, { headers: auth(KEYS.vllm), redirect: 'manual' });
      assert.equal(same.status, 302);
      assert.equal(same.headers.get('location'), `${U}/redirected/openai/v1/models`);
      const target = await fetch(`${U}/redirected/openai/v1/models`, { headers: auth(KEYS.vllm), redirect: 'manual' });
      assert.equal(target.status, 200);
      assert.equal(((await target.json()) as { data: unknown[] }).data.length, 7);
      gw.clearFaults();

      // a loop on purpose: a redirect fault whose path names /redirected keeps redirecting the targets
      gw.setFault({ type: 'redirect', to: 'same', path: '/openai/v1/models' });
      gw.setFault({ type: 'redirect', to: 'same', times: 0, path: '/redirected/' });
      let loc = `${U}/openai/v1/models`;
      for (let i = 0; i < 4; i++) {
        const hop = await fetch(loc, { headers: auth(KEYS.vllm), redirect: 'manual' });
        assert.equal(hop.status, 307);
        loc = hop.headers.get('location') ?? '';
      }
      assert.equal(loc, `${U}/redirected/redirected/redirected/redirected/openai/v1/models`);
      gw.clearFaults();
      assert.equal((await fetch(loc, { headers: auth(KEYS.vllm) })).status, 200);
    });
  });

  describe('npm run gateway (main.js)', () => {
    it('prints the settings, credentials and machine lines, serves, and exits cleanly on SIGTERM', async function () {
      const child = spawn(process.execPath, [join(__dirname, '..', 'gateway', 'main.js'), '--chunk-delay-ms', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        let out = '';
        child.stdout.setEncoding('utf8');
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (d: string) => {
            out += d;
            const m = /^MAAS_GATEWAY_FOREIGN_URL=.*$/m.test(out) ? /^MAAS_GATEWAY_URL=(\S+)$/m.exec(out) : null;
            if (m) resolve(m[1]);
          });
          child.once('exit', (code) => reject(new Error(`gateway exited early (${String(code)})`)));
        });
        assert.match(out, /"maas\.endpoints": \[/);
        assert.match(out, /^MAAS_API_KEY_LOCAL_VLLM=sk-local-vllm-test$/m);
        assert.match(out, /^MAAS_GATEWAY_FOREIGN_URL=http:\/\/127\.0\.0\.1:\d+$/m);
        const cfg = await (await fetch(`${url}/__control/config`)).json() as { endpoints: Json[] };
        assert.equal(cfg.endpoints.length, 6);
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
});
