/**
 * Platform adapters fed the shipped fixtures over loopback: Intel catalogue + generatestream (NDJSON),
 * GPUStack discovery with my-models categories, OpenShift AI discovery fallback, OICM, request bodies.
 */
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { loopbackPool, sendJson, type Handler } from './helpers/loopback';
import { MapCredentials, MemLogger, endpoint, deps } from './helpers/fakes';
import { readFixture, readFixtureText } from './helpers/fixtures';
import { collect, randomChunks, seededRandom } from './helpers/bytes';
import { assertOrder, summarise, expectDone, expectError } from './helpers/streams';
import { chatBody, completionBody } from '../../src/core/platforms/openai-compat';
import { tasksForCategories } from '../../src/core/platforms/gpustack';
import { apiFor, proxyUrl } from '../../src/core/platforms/oicm-proxy';
import type { Task } from '../../src/core/tasks';

const pool = loopbackPool();
const serve = pool.serve;

/** Writes a body in random-size chunks with tiny pauses (a chunked, streamed answer). */
async function streamBody(res: ServerResponse, status: number, contentType: string, body: Uint8Array, seed: number): Promise<void> {
  res.writeHead(status, { 'content-type': contentType });
  for (const c of randomChunks(body, seededRandom(seed), 160)) { res.write(c); await new Promise((r) => setImmediate(r)); }
  res.end();
}

const user = (content: string) => ({ role: 'user' as const, content });

describe('core platform request rules (pure)', () => {
  it('streaming OpenAI-shaped requests always send stream_options.include_usage; non-streaming never do', () => {
    const req = { model: 'm', messages: [user('q')], maxTokens: 5, temperature: 0.1, topP: 0.9, stop: ['x'] };
    assert.deepEqual(chatBody(req, 'served').stream_options, { include_usage: true });
    assert.equal(chatBody(req, 'served').model, 'served');
    assert.equal(chatBody(req, 'served').stream, true);
    assert.ok(!('stream_options' in chatBody(req, 'served', false)));
    assert.deepEqual(completionBody({ model: 'm', prompt: 'p' }, 'm').stream_options, { include_usage: true });
    assert.ok(!('stream_options' in completionBody({ model: 'm', prompt: 'p' }, 'm', false)));
    const b = chatBody(req, 'm');
    assert.equal(b.max_tokens, 5);
    assert.equal(b.top_p, 0.9);
    assert.deepEqual(b.stop, ['x']);
  });

  it('GPUStack categories → tasks', () => {
    const table: [string[] | null, Task[]][] = [
      [['llm'], ['chat', 'completion']], [['embedding'], ['embedding']], [['reranker'], ['rerank']],
      [['speech_to_text'], ['transcription']], [['text_to_speech'], ['speech']], [['image'], ['image']],
      [['unknown'], ['chat', 'completion']], [[], ['chat', 'completion']], [null, ['chat', 'completion']],
    ];
    for (const [cats, tasks] of table) assert.deepEqual([...tasksForCategories(cats)].sort(), [...tasks].sort(), JSON.stringify(cats));
    assert.deepEqual([...tasksForCategories(['embedding', 'reranker'])].sort(), ['embedding', 'rerank']);
  });

  it('OICM: which server is behind a model, by task, unless api overrides', () => {
    const entry = { id: 'm', tasks: ['chat' as Task], label: 'm' };
    const table: [Task, string][] = [
      ['chat', 'openai'], ['completion', 'openai'], ['classification', 'oiserve'], ['transcription', 'oiserve'], ['speech', 'oiserve'],
      ['image', 'oiserve'], ['translation', 'oiserve'], ['embedding', 'tei'], ['rerank', 'tei'], ['prediction', 'raybundle'],
    ];
    for (const [task, api] of table) assert.equal(apiFor(entry, task), api, task);
    assert.equal(apiFor({ ...entry, api: 'openai' }, 'embedding'), 'openai');
    assert.equal(proxyUrl('https://inference.oicm/', 'a b/c'), 'https://inference.oicm/models/a%20b%2Fc/proxy');
  });
});

describe('core platform adapters with fixtures (loopback)', () => {
  afterEach(() => pool.closeAll());

  describe('intel-tiber', () => {
    async function setup(generate: Handler) {
      const tok = await serve((_req, res) => sendJson(res, 200, readFixtureText('intel-maas/oauth-token.200.json')));
      const api = await serve((req, res) => {
        if (req.url === '/v1/maas/models') return sendJson(res, 200, readFixtureText('intel-maas/models.200.json'));
        if (req.url === '/v1/maas/generatestream') return generate(req, res);
        return sendJson(res, 404, { code: 5, message: 'not found', details: [] });
      });
      const log = new MemLogger();
      const client = createEndpointClient(endpoint({
        id: 'intel', platform: 'intel-tiber', baseUrl: `${api.origin}/v1/maas`, cloudAccountId: '012345678901',
        auth: { type: 'oauth2', tokenUrl: `${tok.origin}/oauth2/token` },
      }), deps(new MapCredentials({ 'intel:clientId': 'cid', 'intel:clientSecret': 'csecret' }), { logger: log }));
      return { tok, api, client, log };
    }

    it('catalogue → models (model_name is the id)', async () => {
      const { client } = await setup((_r, res) => sendJson(res, 500, {}));
      const models = await client.listModels();
      assert.deepEqual(models.map((m) => m.id).sort(), ['Qwen/Qwen2.5-Coder-32B-Instruct', 'meta-llama/Meta-Llama-3.1-8B-Instruct', 'mistralai/Mistral-7B-Instruct-v0.1']);
      assert.ok(models.every((m) => m.tasks.includes('chat')));
    });

    for (const [fixture, text, finish, out] of [
      ['intel-maas/generatestream-length.200.ndjson', 'Data and information are', 'length', 4],
      ['intel-maas/generatestream-eos.200.ndjson', 'Yes.', 'stop', 3],
    ] as const) {
      it(`chat streams ${fixture} (chunked at random boundaries)`, async () => {
        const { api, client } = await setup((_r, res) => streamBody(res, 200, 'application/json', readFixture(fixture), 99));
        const events = await collect(client.chat({ model: 'meta-llama/Meta-Llama-3.1-8B-Instruct', messages: [{ role: 'system', content: 'Be brief.' }, user('Hi')], temperature: 0.7 }));
        assertOrder(events);
        const s = summarise(events);
        assert.equal(s.text, text);
        assert.equal(expectDone(s).finishReason, finish);
        assert.equal(s.usage?.outputTokens, out);
        const gen = api.requests.find((r) => r.url === '/v1/maas/generatestream');
        assert.ok(gen);
        assert.equal(gen.headers.authorization, `Bearer ${(JSON.parse(readFixtureText('intel-maas/oauth-token.200.json')) as { access_token: string }).access_token}`);
        const body = JSON.parse(gen.body) as Record<string, unknown>;
        assert.deepEqual(body, {
          model: 'meta-llama/Meta-Llama-3.1-8B-Instruct',
          request: {
            prompt: '<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
            params: { max_new_tokens: 512, temperature: 0.7 },
          },
          cloudAccountId: '012345678901',
          productName: 'maas-model-llama-3.1-8b',
          productId: 'ba5d2874-dc83-425e-af98-c810f11dad79',
        });
      });
    }

    it('an unknown model is not_found and names the catalogue', async () => {
      const { client } = await setup((_r, res) => sendJson(res, 500, {}));
      const e = expectError(summarise(await collect(client.chat({ model: 'nope', messages: [user('x')] }))));
      assert.equal(e.kind, 'not_found');
      assert.ok(e.message.includes('nope'));
    });

    it('an in-stream grpc error line after tokens → error with kind and HTTP-like status, text kept', async () => {
      const lines = readFixtureText('intel-maas/generatestream-length.200.ndjson').split('\n').slice(0, 2).join('\n') + '\n{"error":{"code":8,"message":"quota exhausted","details":[]}}\n';
      const { client } = await setup((_r, res) => streamBody(res, 200, 'application/json', new Uint8Array(Buffer.from(lines)), 3));
      const s = summarise(await collect(client.chat({ model: 'meta-llama/Meta-Llama-3.1-8B-Instruct', messages: [user('x')] })));
      assert.equal(s.text, 'Data and');
      const e = expectError(s);
      assert.equal(e.kind, 'rate_limited');
      assert.equal(e.status, 429);
      assert.ok(e.message.includes('quota exhausted'));
    });

    it('a 400 request-parse error (fixture) → bad_request with the gRPC message', async () => {
      const { client } = await setup((_r, res) => sendJson(res, 400, readFixtureText('intel-maas/generatestream-error-request-parse.400.json')));
      const e = expectError(summarise(await collect(client.chat({ model: 'mistralai/Mistral-7B-Instruct-v0.1', messages: [user('x')] }))));
      assert.equal(e.kind, 'bad_request');
      assert.equal(e.status, 400);
      assert.ok(e.message.includes('proto: syntax error'));
    });

    it('only max_new_tokens and temperature are sent; other flags are warned about', async () => {
      const { api, client, log } = await setup((_r, res) => streamBody(res, 200, 'application/json', readFixture('intel-maas/generatestream-eos.200.ndjson'), 1));
      await collect(client.chat({ model: 'Qwen/Qwen2.5-Coder-32B-Instruct', messages: [user('x')], maxTokens: 16, topP: 0.9, stop: ['\n'] }));
      const body = JSON.parse(api.requests.find((r) => r.url === '/v1/maas/generatestream')?.body ?? '{}') as { request: { params: Record<string, unknown>; prompt: string } };
      assert.deepEqual(body.request.params, { max_new_tokens: 16 });
      assert.ok(body.request.prompt.startsWith('<|im_start|>user\nx<|im_end|>\n'));
      assert.ok(log.lines.some((l) => l.startsWith('warn') && /top-p/.test(l) && /stop/.test(l)), log.lines.join('\n'));
    });
  });

  describe('gpustack', () => {
    it('tasks from /v2/my-models categories; unlisted models are chat + completion', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/v1/models?with_meta=true') return sendJson(res, 200, readFixtureText('gpustack/models-list.200.json'));
        if (req.url.startsWith('/v2/my-models')) return sendJson(res, 200, readFixtureText('gpustack/my-models.200.json'));
        return sendJson(res, 404, readFixtureText('gpustack/error-404-model.json'));
      });
      const client = createEndpointClient(endpoint({ id: 'gs', platform: 'gpustack', baseUrl: `${s.origin}/v1` }), deps(new MapCredentials({ 'gs:apiKey': 'gpustack_k_s' })));
      const models = await client.listModels();
      const tasks = Object.fromEntries(models.map((m) => [m.id, m.tasks]));
      assert.deepEqual(tasks['bge-reranker-v2-m3'], ['rerank']);
      assert.deepEqual(tasks['qwen3-8b'], ['chat', 'completion']);
      assert.deepEqual(models.map((m) => m.id), [...models.map((m) => m.id)].sort(), 'models by id');
    });

    it('my-models rows join on effective_name ?? name (org-published routes)', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/v1/models?with_meta=true') return sendJson(res, 200, { object: 'list', data: [{ id: 'team-a/whisper-large-v3', object: 'model', meta: null }, { id: 'whisper-large-v3', object: 'model', meta: null }] });
        if (req.url.startsWith('/v2/my-models')) return sendJson(res, 200, { items: [{ name: 'whisper-large-v3', effective_name: 'team-a/whisper-large-v3', categories: ['speech_to_text'] }], pagination: { page: 1, perPage: 100, total: 1, totalPage: 1 } });
        return sendJson(res, 404, {});
      });
      const client = createEndpointClient(endpoint({ id: 'gs', platform: 'gpustack', baseUrl: s.origin }), deps(new MapCredentials({ 'gs:apiKey': 'k' })));
      const byId = Object.fromEntries((await client.listModels()).map((m) => [m.id, m.tasks]));
      assert.deepEqual(byId['team-a/whisper-large-v3'], ['transcription']);
      assert.deepEqual(byId['whisper-large-v3'], ['chat', 'completion']);
    });

    it('test connection reports the resolved discovery URL and the scheme, never the key', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/v1/models?with_meta=true') return sendJson(res, 200, readFixtureText('gpustack/models-list.200.json'));
        if (req.url.startsWith('/v2/my-models')) return sendJson(res, 200, readFixtureText('gpustack/my-models.200.json'));
        return sendJson(res, 404, {});
      });
      const client = createEndpointClient(endpoint({ id: 'gs', platform: 'gpustack', baseUrl: `${s.origin}/v1-openai/` }), deps(new MapCredentials({ 'gs:apiKey': 'gpustack_secret_key' })));
      const report = await client.testConnection();
      assert.equal(report.url, `${s.origin}/v1/models?with_meta=true`);
      assert.equal(report.modelCount, 4);
      assert.ok(!JSON.stringify(report).includes('gpustack_secret_key'));
      assert.ok(report.latencyMs >= 0);
    });

    it('when /v2/my-models is refused (403), asks /v1/models once per category', async () => {
      const s = await serve((req, res) => {
        if (req.url.startsWith('/v2/my-models')) return sendJson(res, 403, readFixtureText('gpustack/error-403-model.json'));
        if (req.url === '/v1/models?with_meta=true') return sendJson(res, 200, readFixtureText('gpustack/models-list-with-meta.200.json'));
        const u = new URL(req.url, 'http://x');
        const cat = u.searchParams.get('categories');
        const byCat: Record<string, string[]> = { llm: ['qwen3-8b'], text_to_speech: ['cosyvoice-300m'] };
        return sendJson(res, 200, { object: 'list', data: (byCat[cat ?? ''] ?? []).map((id) => ({ id, object: 'model', meta: null })) });
      });
      const client = createEndpointClient(endpoint({ id: 'gs', platform: 'gpustack', baseUrl: s.origin }), deps(new MapCredentials({ 'gs:apiKey': 'k' })));
      const models = await client.listModels();
      const byId = Object.fromEntries(models.map((m) => [m.id, m]));
      assert.deepEqual(byId['cosyvoice-300m'].tasks, ['speech']);
      assert.deepEqual(byId['cosyvoice-300m'].voices, ['Chinese Female', 'English Male']);
      assert.equal(byId['qwen3-8b'].contextLength, 40960);
      const catCalls = s.requests.filter((r) => r.url.includes('categories='));
      assert.equal(new Set(catCalls.map((r) => r.url)).size, catCalls.length, 'each category asked once');
    });

    it('streaming chat sends stream_options.include_usage; the injected-usage fixture streams', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/v1/chat/completions') return streamBody(res, 200, 'text/event-stream', readFixture('gpustack/chat-stream-injected-usage.200.sse'), 5);
        return sendJson(res, 404, {});
      });
      const client = createEndpointClient(endpoint({ id: 'gs', platform: 'gpustack', baseUrl: s.origin }), deps(new MapCredentials({ 'gs:apiKey': 'k' })));
      const sm = summarise(await collect(client.chat({ model: 'qwen3-8b', messages: [user('hi')] })));
      assert.equal(sm.text, 'Hi!');
      assert.deepEqual(sm.usage, { type: 'usage', inputTokens: 9, outputTokens: 2 });
      const body = JSON.parse(s.requests[0].body) as Record<string, unknown>;
      assert.equal(body.stream, true);
      assert.deepEqual(body.stream_options, { include_usage: true });
    });

    it('a 503 JSON body labelled text/event-stream (fixture) → error server 503 with the reason', async () => {
      const s = await serve((_req, res) => { res.writeHead(503, { 'content-type': 'text/event-stream' }); res.end(readFixtureText('gpustack/chat-stream-no-upstream-chunk.503.txt')); });
      const client = createEndpointClient(endpoint({ id: 'gs', platform: 'gpustack', baseUrl: s.origin }), deps(new MapCredentials({ 'gs:apiKey': 'k' }), { sleep: async () => undefined }));
      const e = expectError(summarise(await collect(client.chat({ model: 'qwen3-8b', messages: [user('hi')] }))));
      assert.equal(e.kind, 'server');
      assert.equal(e.status, 503);
      assert.ok(e.message.includes('Service unavailable'));
    });

    it('chatApi anthropic: /v1/messages with max_tokens 4096, top-level system and stop_sequences; the Anthropic fixture streams', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/v1/messages') return streamBody(res, 200, 'text/event-stream', readFixture('anthropic/messages-stream.200.sse'), 8);
        return sendJson(res, 404, {});
      });
      const client = createEndpointClient(endpoint({ id: 'gs', platform: 'gpustack', baseUrl: s.origin, chatApi: 'anthropic' }), deps(new MapCredentials({ 'gs:apiKey': 'k' })));
      const sm = summarise(await collect(client.chat({ model: 'qwen3-8b', messages: [{ role: 'system', content: 'Sys' }, user('hi')], stop: ['END'] })));
      assert.equal(sm.text, 'Hello!');
      assert.equal(expectDone(sm).finishReason, 'stop');
      const body = JSON.parse(s.requests[0].body) as Record<string, unknown>;
      assert.equal(body.max_tokens, 4096);
      assert.equal(body.system, 'Sys');
      assert.deepEqual(body.stop_sequences, ['END']);
      assert.deepEqual(body.messages, [{ role: 'user', content: 'hi' }]);
      assert.equal(s.requests[0].headers['anthropic-version'], '2023-06-01');
    });
  });

  describe('openshift-ai', () => {
    it('discovery falls back from {host}/v1/models (404) to /maas-api/v1/models, remembers it, offers ready models', async () => {
      const list = JSON.parse(readFixtureText('rhoai-maas/models-list.200.json')) as { data: Record<string, unknown>[] };
      list.data.push({ id: 'not-ready', ready: false, url: 'https://x' }, { id: 'no-ready-field' });
      const s = await serve((req, res) => {
        if (req.url === '/maas-api/v1/models') return sendJson(res, 200, { ...list, data: list.data.map((m) => ({ ...m, url: m.id === 'not-ready' ? 'https://x' : undefined })) });
        return sendJson(res, 404, '');
      });
      const client = createEndpointClient(endpoint({ id: 'rh', platform: 'openshift-ai', baseUrl: s.origin }), deps(new MapCredentials({ 'rh:apiKey': 'sk-oai-x' })));
      const models = await client.listModels();
      assert.deepEqual(models.map((m) => m.id).sort(), ['gpt-4o', 'no-ready-field', 'publishers/llm/models/facebook/opt-125m']);
      const opt = models.find((m) => m.id === 'publishers/llm/models/facebook/opt-125m');
      assert.equal(opt?.label, 'OPT 125M');
      assert.equal(opt?.contextLength, 2048);
      await client.listModels();
      assert.deepEqual(s.requests.map((r) => r.url), ['/v1/models', '/maas-api/v1/models', '/maas-api/v1/models']);
    });

    it('a non-JSON or data-less answer at {host}/v1/models also falls back', async () => {
      for (const first of ['<html>console</html>', '{"kind":"Status"}']) {
        const s = await serve((req, res) => {
          if (req.url === '/maas-api/v1/models') return sendJson(res, 200, readFixtureText('rhoai-maas/models-list.empty.200.json'));
          res.writeHead(200, { 'content-type': first.startsWith('{') ? 'application/json' : 'text/html' });
          res.end(first);
        });
        const client = createEndpointClient(endpoint({ id: 'rh', platform: 'openshift-ai', baseUrl: s.origin }), deps(new MapCredentials({ 'rh:apiKey': 'k' })));
        assert.deepEqual(await client.listModels(), []);
        assert.deepEqual(s.requests.map((r) => r.url), ['/v1/models', '/maas-api/v1/models']);
      }
    });

    it('a baseUrl ending in /maas-api discovers at {baseUrl}/v1/models only; chat goes to the gateway with model = id', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/maas-api/v1/models') return sendJson(res, 200, { object: 'list', data: [{ id: 'publishers/llm/models/x', ready: true }] });
        if (req.url === '/v1/chat/completions') return streamBody(res, 200, 'text/event-stream', readFixture('rhoai-maas/chat-stream-usage.200.sse'), 2);
        return sendJson(res, 404, '');
      });
      const client = createEndpointClient(endpoint({ id: 'rh', platform: 'openshift-ai', baseUrl: `${s.origin}/maas-api` }), deps(new MapCredentials({ 'rh:apiKey': 'k' })));
      const sm = summarise(await collect(client.chat({ model: 'publishers/llm/models/x', messages: [user('hi')] })));
      assert.equal(sm.text, 'Once upon a time');
      assert.equal(expectDone(sm).finishReason, 'length');
      const chat = s.requests.find((r) => r.url === '/v1/chat/completions');
      assert.equal((JSON.parse(chat?.body ?? '{}') as { model: string }).model, 'publishers/llm/models/x');
      assert.deepEqual(s.requests.filter((r) => r.url.endsWith('/models')).map((r) => r.url), ['/maas-api/v1/models']);
    });

    it('the 401 with an empty body and x-ext-auth-reason (fixture) → auth with the header as reason', async () => {
      const s = await serve((_req, res) => { res.writeHead(401, { 'content-length': '0', 'www-authenticate': 'Bearer realm="openshift-identities"', 'x-ext-auth-reason': 'Authentication required' }); res.end(readFixtureText('rhoai-maas/inference-unauthenticated.401.txt')); });
      const client = createEndpointClient(endpoint({ id: 'rh', platform: 'openshift-ai', baseUrl: `${s.origin}/maas-api` }), deps(new MapCredentials({ 'rh:apiKey': 'k' })));
      await assert.rejects(client.listModels(), (e: unknown) => {
        const err = e as { kind: string; status: number; message: string };
        assert.equal(err.kind, 'auth');
        assert.equal(err.status, 401);
        assert.ok(err.message.endsWith(': Authentication required'), err.message);
        return true;
      });
    });
  });

  describe('oicm', () => {
    it('listing makes no network call; chat uses servedModel or the first id of /proxy/v1/models (cached)', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/models/m1/proxy/v1/models') return sendJson(res, 200, readFixtureText('vllm/models.200.json'));
        if (req.url.endsWith('/v1/chat/completions')) return streamBody(res, 200, 'text/event-stream', readFixture('vllm/chat-stream-usage.200.sse'), 4);
        return sendJson(res, 404, {});
      });
      const e = endpoint({ id: 'oi', platform: 'oicm', baseUrl: s.origin, models: [{ id: 'm1', task: 'chat' }, { id: 'm2', task: 'chat', servedModel: 'served-2' }, { id: 'cls', task: 'classification' }] });
      const client = createEndpointClient(e, deps(new MapCredentials({ 'oi:model:m1:token': 'tok-m1', 'oi:apiKey': 'endpoint-key' })));
      const models = await client.listModels();
      assert.equal(s.requests.length, 0);
      assert.equal(models.find((m) => m.id === 'm1')?.url, `${s.origin}/models/m1/proxy`);
      for (let i = 0; i < 2; i++) assert.equal(summarise(await collect(client.chat({ model: 'm1', messages: [user('x')] }))).text, 'Hello! How can I help?');
      await collect(client.chat({ model: 'm2', messages: [user('x')] }));
      const chats = s.requests.filter((r) => r.url.endsWith('/v1/chat/completions'));
      assert.deepEqual(chats.map((r) => (JSON.parse(r.body) as { model: string }).model), ['Qwen/Qwen3-8B', 'Qwen/Qwen3-8B', 'served-2']);
      assert.equal(s.requests.filter((r) => r.url === '/models/m1/proxy/v1/models').length, 1, 'served model name cached');
      assert.equal(chats[0].headers.authorization, 'Bearer tok-m1', "a model's own token wins");
      assert.equal(chats[2].headers.authorization, 'Bearer endpoint-key');
      assert.ok(s.requests.every((r) => r.headers['oicm-request-timeout'] === '600'));
    });
  });
});
