import * as assert from 'node:assert/strict';
import { startHarness, collect, textOf, assertOrder, CHAT_MODELS, type Harness } from './helpers/gateway-client';
import type { StreamEvent } from '../../src/core/stream/events';

const last = (events: StreamEvent[]): StreamEvent => events[events.length - 1];
const user = (content: string) => [{ role: 'user' as const, content }];

describe('core against the reference gateway: platform specifics', function () {
  this.timeout(20000);
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });
  beforeEach(() => { h.gw.clearFaults(); h.gw.clearRequests(); });

  /** The JSON body of the first recorded request whose path ends with `suffix`, read as `T`. */
  function sentBody<T>(suffix: string): T {
    const r = h.gw.requests.find((x) => x.path.endsWith(suffix));
    assert.ok(r, `no request to …${suffix}`);
    return JSON.parse(r.body) as T;
  }

  it('every platform: chatBatches gives non-empty batches, the terminal last, and the same events as chat()', async () => {
    for (const [id, model] of Object.entries(CHAT_MODELS)) {
      const c = h.client(id);
      const req = { model, messages: user('one two three four five six') };
      const batches = [];
      for await (const b of c.chatBatches(req)) batches.push(b);
      assert.ok(batches.length > 0, id);
      for (const [i, b] of batches.entries()) {
        assert.ok(b.length > 0, `${id}: batch ${i} is empty`);
        const terminal = b.findIndex((e) => e.type === 'done' || e.type === 'error');
        assert.equal(terminal, i === batches.length - 1 ? b.length - 1 : -1, `${id}: terminal in batch ${i} of ${batches.length}`);
      }
      const flat = batches.flat();
      assertOrder(flat);
      assert.equal(last(flat).type, 'done', `${id}: ${JSON.stringify(last(flat))}`);
      assert.deepEqual(await collect(c.chat(req)), flat, id);
    }
  });

  it('openai: context length from max_model_len; completions stream', async () => {
    const c = h.client('local-vllm');
    const models = await c.listModels();
    assert.equal(models.find((m) => m.id === 'meta-llama/Llama-3.1-8B-Instruct')?.contextLength, 8192);
    const events = await collect(c.complete({ model: 'meta-llama/Llama-3.1-8B-Instruct', prompt: 'def add(a, b):' }));
    assertOrder(events);
    assert.match(textOf(events), /def add/);
    assert.deepEqual(sentBody<{ stream_options?: unknown }>('/completions').stream_options, { include_usage: true });
  });

  it('openai: reasoning from delta.reasoning, and from a leading <think> in content', async () => {
    const c = h.client('local-vllm');
    for (const model of ['Qwen/Qwen3-8B', 'deepseek-r1-distill']) {
      const events = await collect(c.chat({ model, messages: user('why') }));
      assertOrder(events);
      const reasoning = events.filter((e) => e.type === 'reasoning').map((e) => (e as { text: string }).text).join('');
      assert.equal(reasoning, 'Thinking about: why', `${model}: ${JSON.stringify(events)}`);
      assert.ok(!textOf(events).includes('<think>') && !textOf(events).includes('</think>'), textOf(events));
      assert.match(textOf(events), /You said: why/);
    }
  });

  it('openai: usage reaches the caller once, before done; max tokens gives finish length', async () => {
    const c = h.client('local-vllm');
    const events = await collect(c.chat({ model: 'meta-llama/Llama-3.1-8B-Instruct', messages: user('a b c d e f g'), maxTokens: 2 }));
    assertOrder(events);
    assert.deepEqual(last(events), { type: 'done', finishReason: 'length' });
    assert.equal(events.filter((e) => e.type === 'usage').length, 1);
  });

  it('openshift-ai: falls back to /maas-api/v1/models, remembers it, hides not-ready models, reads context window', async () => {
    const c = h.client('openshift-maas');
    const models = await c.listModels();
    assert.ok(!models.some((m) => m.id.endsWith('not-ready')));
    assert.equal(models.find((m) => m.id.includes('granite'))?.contextLength, 131072);
    await c.listModels();
    const discovery = h.gw.requests.filter((r) => r.path.endsWith('/v1/models')).map((r) => r.path);
    assert.deepEqual(discovery, ['/rhoai/v1/models', '/rhoai/maas-api/v1/models', '/rhoai/maas-api/v1/models']);
    const report = await c.testConnection();
    assert.match(report.url, /\/rhoai\/maas-api\/v1\/models$/);
  });

  it('openshift-ai: baseUrl ending in /maas-api discovers there only', async () => {
    const c = h.client('openshift-maas', { baseUrl: `${h.gw.url}/rhoai/maas-api` });
    const models = await c.listModels();
    assert.deepEqual(models.map((m) => m.id), ['gpt-4o-external', 'publishers/llm/models/facebook/opt-125m', 'publishers/llm/models/granite-3.1-8b-instruct']);
    assert.deepEqual(h.gw.requests.map((r) => r.path), ['/rhoai/maas-api/v1/models']);
    const events = await collect(c.chat({ model: 'publishers/llm/models/facebook/opt-125m', messages: user('hi') }));
    assert.equal(last(events).type, 'done', JSON.stringify(events));
  });

  it('gpustack: tasks from /v2/my-models categories', async () => {
    const models = await h.client('lab-gpustack').listModels();
    const tasks = Object.fromEntries(models.map((m) => [m.id, m.tasks]));
    assert.deepEqual(tasks['qwen2.5-7b-instruct'], ['chat', 'completion']);
    assert.deepEqual(tasks['bge-m3'], ['embedding']);
    assert.deepEqual(tasks['bge-reranker-v2-m3'], ['rerank']);
    assert.deepEqual(tasks['whisper-large-v3'], ['transcription']);
    assert.deepEqual(tasks['cosyvoice-300m'], ['speech']);
    assert.deepEqual(tasks['sd-turbo'], ['image']);
    assert.deepEqual(tasks['mystery-model'], ['chat', 'completion']);
    assert.equal(models.find((m) => m.id === 'qwen2.5-7b-instruct')?.contextLength, 32768);
    assert.deepEqual(models.find((m) => m.id === 'cosyvoice-300m')?.voices, ['Chinese Female', 'English Male', 'English Female']);
  });

  it('gpustack: when /v2/my-models is refused, asks /v1/models once per category', async () => {
    h.gw.setFault({ type: 'status', status: 403, path: 'my-models' });
    const models = await h.client('lab-gpustack').listModels();
    assert.deepEqual(models.find((m) => m.id === 'bge-m3')?.tasks, ['embedding']);
    assert.deepEqual(models.find((m) => m.id === 'whisper-large-v3')?.tasks, ['transcription']);
    const perCategory = h.gw.requests.filter((r) => r.path.includes('categories='));
    assert.equal(perCategory.length, 6);
  });

  it('gpustack: X-API-Key header auth works', async () => {
    const c = h.client('lab-gpustack', { auth: { type: 'header', name: 'X-API-Key' } });
    const models = await c.listModels();
    assert.deepEqual(models.map((m) => m.id), ['bge-m3', 'bge-reranker-tei', 'bge-reranker-v2-m3', 'cosyvoice-300m', 'mystery-model', 'qwen2.5-7b-instruct', 'qwq-32b', 'sd-turbo', 'whisper-large-v3']);
    const r = h.gw.requests.find((x) => x.path.includes('/v1/models'));
    assert.ok(r?.headers['x-api-key'] && !r.headers.authorization);
  });

  it('gpustack: chatApi anthropic streams through /v1/messages with system at top level', async () => {
    const c = h.client('lab-gpustack', { chatApi: 'anthropic' });
    const events = await collect(c.chat({ model: 'qwen2.5-7b-instruct', messages: [{ role: 'system', content: 'Be brief.' }, ...user('hello there')] }));
    assertOrder(events);
    assert.deepEqual(last(events), { type: 'done', finishReason: 'stop' });
    assert.match(textOf(events), /hello there/);
    const body = sentBody<{ system?: string; max_tokens?: number; messages: { role: string }[] }>('/v1/messages');
    assert.equal(body.system, 'Be brief.');
    assert.equal(body.max_tokens, 4096);
    assert.ok(body.messages.every((m) => m.role !== 'system'));
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage && usage.type === 'usage' && usage.inputTokens && usage.outputTokens);
  });

  it('gpustack: Anthropic mid-stream error keeps text and ends in an error', async () => {
    h.gw.setFault({ type: 'midstream-error', path: 'v1/messages', afterChunks: 5 });
    const events = await collect(h.client('lab-gpustack', { chatApi: 'anthropic' }).chat({ model: 'qwen2.5-7b-instruct', messages: user('a b c d e f') }));
    assertOrder(events);
    assert.equal(last(events).type, 'error');
  });

  it('oicm: lists configured models with proxy URLs without a network call', async () => {
    const models = await h.client('oicm-prod').listModels();
    assert.equal(h.gw.requests.length, 0);
    const chat = models.find((m) => m.id === '6b1f2c9e-chat');
    assert.equal(chat?.url, `${h.gw.url}/oicm/models/6b1f2c9e-chat/proxy`);
    assert.deepEqual(models.find((m) => m.id === '7c2d-classify')?.tasks, ['classification']);
  });

  it('oicm: the model token wins over the endpoint key; served model name from /proxy/v1/models; OICM-Request-Timeout sent', async () => {
    const c = h.client('oicm-prod', { requestTimeoutSeconds: 300 });
    const events = await collect(c.chat({ model: '6b1f2c9e-chat', messages: user('hey') }));
    assertOrder(events);
    assert.equal(last(events).type, 'done', JSON.stringify(events));
    const post = h.gw.requests.find((r) => r.path.endsWith('/chat/completions'));
    assert.equal(post?.headers.authorization, `Bearer ${h.gw.env().MAAS_TOKEN_OICM_PROD_6B1F2C9E_CHAT}`);
    assert.equal(post?.headers['oicm-request-timeout'], '300');
    assert.equal((JSON.parse(post.body) as { model?: string }).model, 'meta-llama/Meta-Llama-3-8B-Instruct');
    // usage repeated on every chunk (vLLM 0.5) → exactly one usage event
    assert.equal(events.filter((e) => e.type === 'usage').length, 1);
    const report = await c.testConnection();
    assert.match(report.url, /6b1f2c9e-chat\/proxy\/v1\/models$/);
  });

  it('intel-tiber: renders the llama-3 prompt, drops special tokens, maps EOS', async () => {
    const c = h.client('intel-tiber');
    const events = await collect(c.chat({ model: 'meta-llama/Llama-3.1-8B-Instruct', messages: [{ role: 'system', content: 'S' }, ...user('U')] }));
    assertOrder(events);
    assert.deepEqual(last(events), { type: 'done', finishReason: 'stop' });
    assert.ok(!textOf(events).includes('<|eot_id|>'), textOf(events));
    const body = sentBody<{ request: { prompt: string; params: { max_new_tokens?: number } }; cloudAccountId?: string; productName?: string; productId?: unknown }>('generatestream');
    assert.equal(body.request.prompt, '<|start_header_id|>system<|end_header_id|>\n\nS<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nU<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n');
    assert.equal(body.request.params.max_new_tokens, 512);
    assert.equal(body.cloudAccountId, '123456789012');
    assert.ok(body.productName && body.productId !== undefined);
  });

  it('intel-tiber: unknown model is not_found naming the catalogue; max tokens gives length', async () => {
    const c = h.client('intel-tiber');
    const bad = await collect(c.chat({ model: 'nope', messages: user('x') }));
    assert.equal(last(bad).type, 'error');
    assert.equal((last(bad) as { kind: string }).kind, 'not_found');
    const events = await collect(c.complete({ model: 'mistralai/Mistral-7B-Instruct-v0.3', prompt: 'a b c d e f g h', maxTokens: 2 }));
    assert.deepEqual(last(events), { type: 'done', finishReason: 'length' });
  });

  it('test connection reports URL, scheme (no secret), latency and model count', async () => {
    const r = await h.client('lab-gpustack').testConnection();
    assert.match(r.url, /\/gpustack\/v1\/models\?with_meta=true$/);
    assert.match(r.authScheme, /Bearer/);
    assert.ok(!r.authScheme.includes(h.gw.env().MAAS_API_KEY_LAB_GPUSTACK));
    assert.ok(r.latencyMs >= 0 && r.modelCount === 9, JSON.stringify(r));
  });
});
