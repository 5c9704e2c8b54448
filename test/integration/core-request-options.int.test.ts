/**
 * Per-model request options, images and reasoning forms against the reference gateway: `extraBody` and
 * `defaults` from a parsed configuration reach every platform's wire body; images reach the OpenAI and
 * Anthropic shapes; `reasoning_content` and Anthropic thinking blocks come back as reasoning events.
 */
import * as assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../gateway/server';
import { parseEndpoints } from '../../src/core/endpoint/config';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import type { EndpointClientApi } from '../../src/core/endpoint-client';
import type { StreamEvent } from '../../src/core/stream/events';
import { PNG_1X1_B64 } from '../gateway/answers';
import { CHAT_MODELS, assertOrder, collect, mapCredentials, textOf } from './helpers/gateway-client';

type Entry = Record<string, unknown>;
const user = (content: string) => [{ role: 'user' as const, content }];
const reasoningOf = (events: StreamEvent[]): string => events.map((e) => (e.type === 'reasoning' ? e.text : '')).join('');

describe('core against the reference gateway: request options, images, reasoning forms', function () {
  this.timeout(20000);
  let gw: Gateway;
  const clients: EndpointClientApi[] = [];
  before(async () => { gw = await startGateway({ chunkDelayMs: 1 }); });
  after(async () => { for (const c of clients) c.dispose(); await gw.close(); });
  beforeEach(() => { gw.clearFaults(); gw.clearRequests(); });

  /** A client for the gateway's entry `id` with `patch` applied to the raw entry, through the config parser. */
  function client(id: string, patch: (e: Entry) => Entry = (e) => e): EndpointClientApi {
    const raw = (gw.endpoints() as Entry[]).map((e) => (e.id === id ? patch(e) : e));
    const parsed = parseEndpoints(raw);
    assert.deepEqual(parsed.problems, []);
    const ep = parsed.endpoints.find((e) => e.id === id);
    assert.ok(ep);
    const c = createEndpointClient(ep, { credentials: mapCredentials(gw.env()), sleep: async () => undefined });
    clients.push(c);
    return c;
  }

  /** The model entry for `model` (OICM keeps its own list; other platforms get one added). */
  function withModelOptions(e: Entry, model: string, options: Entry): Entry {
    const models = (e.models as Entry[] | undefined) ?? [];
    const has = models.some((m) => m.id === model);
    return { ...e, models: has ? models.map((m) => (m.id === model ? { ...m, ...options } : m)) : [...models, { id: model, ...options }] };
  }

  describe('extraBody and defaults reach the wire on every platform', () => {
    for (const [id, model] of Object.entries(CHAT_MODELS)) {
      it(`${id}: the model's extraBody over the endpoint's, merged last; defaults fill what the request leaves out`, async () => {
        const intel = id === 'intel-tiber';
        const endpointExtra = intel ? { top_k: 50, repetition_penalty: 1.1 } : { top_k: 50, chat_template_kwargs: { enable_thinking: false }, max_tokens: 999 };
        const modelExtra = intel ? { top_k: 7, do_sample: true } : { top_k: 7, reasoning_effort: 'low' };
        const c = client(id, (e) => withModelOptions({ ...e, extraBody: endpointExtra, defaults: { temperature: 0.25, maxTokens: 100 } }, model, { extraBody: modelExtra, defaults: { temperature: 0.5 } }));
        const events = await collect(c.chat({ model, messages: user('options please') }));
        assertOrder(events);
        assert.equal(events.at(-1)?.type, 'done', JSON.stringify(events));
        assert.match(textOf(events), /You said: options please/);
        const body = gw.lastChatBody();
        assert.ok(body, 'no chat body recorded');
        if (intel) {
          const params = (body.request as { params: Entry }).params;
          assert.deepEqual(params, { max_new_tokens: 100, temperature: 0.5, top_k: 7, repetition_penalty: 1.1, do_sample: true });
        } else {
          assert.equal(body.top_k, 7);
          assert.equal(body.reasoning_effort, 'low');
          assert.deepEqual(body.chat_template_kwargs, { enable_thinking: false });
          assert.equal(body.temperature, 0.5, 'the model\'s default over the endpoint\'s');
          assert.equal(body.max_tokens, 999, 'extraBody is merged last, over the mapped max_tokens');
          assert.equal(body.stream, true);
          assert.ok(body.messages, 'messages still sent');
        }
      });
    }

    it('the caller\'s values win over defaults; a completion gets them too', async () => {
      const c = client('local-vllm', (e) => ({ ...e, defaults: { temperature: 0.25, topP: 0.8, maxTokens: 100 }, extraBody: { top_k: 3 } }));
      await collect(c.chat({ model: CHAT_MODELS['local-vllm'], messages: user('x'), temperature: 0.9, maxTokens: 50 }));
      const chat = gw.lastChatBody();
      assert.deepEqual([chat?.temperature, chat?.top_p, chat?.max_tokens, chat?.top_k], [0.9, 0.8, 50, 3]);
      const events = await collect(c.complete({ model: CHAT_MODELS['local-vllm'], prompt: 'def f(' }));
      assert.equal(events.at(-1)?.type, 'done');
      const sent = JSON.parse(gw.requests.filter((r) => r.path.endsWith('/completions') && !r.path.endsWith('/chat/completions')).at(-1)?.body ?? '{}') as Entry;
      assert.deepEqual([sent.temperature, sent.top_p, sent.max_tokens, sent.top_k, sent.prompt], [0.25, 0.8, 100, 3, 'def f(']);
    });

    it('gpustack chatApi anthropic: extraBody and defaults on the Messages body', async () => {
      const c = client('lab-gpustack', (e) => ({ ...e, chatApi: 'anthropic', extraBody: { top_k: 40, metadata: { user_id: 'u-1' } }, defaults: { maxTokens: 200, temperature: 0.1 } }));
      const events = await collect(c.chat({ model: 'qwen2.5-7b-instruct', messages: user('hi') }));
      assert.equal(events.at(-1)?.type, 'done', JSON.stringify(events));
      const body = gw.lastChatBody();
      assert.deepEqual([body?.max_tokens, body?.temperature, body?.top_k, body?.metadata], [200, 0.1, 40, { user_id: 'u-1' }]);
      assert.match(gw.requests.at(-1)?.path ?? '', /\/v1\/messages$/);
    });

    it('intel-tiber: a parameter its server does not know is refused by the gateway as protojson would (bad_request)', async () => {
      const c = client('intel-tiber', (e) => ({ ...e, extraBody: { not_a_param: 1 } }));
      const events = await collect(c.chat({ model: CHAT_MODELS['intel-tiber'], messages: user('x') }));
      const last = events.at(-1);
      assert.equal(last?.type, 'error');
      assert.equal(last?.type === 'error' && last.kind, 'bad_request');
      assert.match(last?.type === 'error' ? last.message : '', /unknown field "not_a_param"/);
    });
  });

  describe('images', () => {
    const png = { mimeType: 'image/png', data: Buffer.from(PNG_1X1_B64, 'base64') };
    const jpeg = { mimeType: 'image/jpeg', data: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) };

    it('openai shape: text and image_url data URLs reach the wire and the answer mentions each image', async () => {
      const c = client('local-vllm');
      const events = await collect(c.chat({ model: CHAT_MODELS['local-vllm'], messages: [{ role: 'user', content: 'what is this', images: [png, jpeg] }] }));
      assert.equal(events.at(-1)?.type, 'done', JSON.stringify(events));
      assert.match(textOf(events), /what is this\n\[image: image\/png\]\n\[image: image\/jpeg\]/);
      const content = (gw.lastChatBody()?.messages as { content: unknown }[])[0].content;
      assert.deepEqual(content, [
        { type: 'text', text: 'what is this' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1_B64}` } },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/2Q==' } },
      ]);
    });

    it('anthropic shape (gpustack chatApi anthropic): base64 image blocks reach the wire', async () => {
      const c = client('lab-gpustack', (e) => ({ ...e, chatApi: 'anthropic' }));
      const events = await collect(c.chat({ model: 'qwen2.5-7b-instruct', messages: [{ role: 'user', content: 'describe', images: [png] }] }));
      assert.equal(events.at(-1)?.type, 'done', JSON.stringify(events));
      assert.match(textOf(events), /\[image: image\/png\]/);
      const content = (gw.lastChatBody()?.messages as { content: unknown }[])[0].content;
      assert.deepEqual(content, [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1_B64 } },
        { type: 'text', text: 'describe' },
      ]);
    });

    it('intel-tiber takes text only: images are refused with bad_request before any request', async () => {
      const c = client('intel-tiber');
      const events = await collect(c.chat({ model: CHAT_MODELS['intel-tiber'], messages: [{ role: 'user', content: 'x', images: [png] }] }));
      const last = events.at(-1);
      assert.equal(last?.type === 'error' && last.kind, 'bad_request', JSON.stringify(events));
      assert.match(last?.type === 'error' ? last.message : '', /text only/);
      assert.equal(gw.lastChatBody(), undefined);
    });
  });

  describe('reasoning forms', () => {
    it('gpustack: delta.reasoning_content (qwq-32b) comes back as reasoning events, apart from the text', async () => {
      const events = await collect(client('lab-gpustack').chat({ model: 'qwq-32b', messages: user('why not') }));
      assertOrder(events);
      assert.equal(reasoningOf(events), 'Thinking about: why not');
      assert.equal(textOf(events), 'Hello from qwq-32b. You said: why not');
    });

    it('gpustack chatApi anthropic: thinking blocks with thinking_delta come back as reasoning events', async () => {
      const events = await collect(client('lab-gpustack', (e) => ({ ...e, chatApi: 'anthropic' })).chat({ model: 'qwq-32b', messages: user('why not') }));
      assertOrder(events);
      assert.equal(reasoningOf(events), 'Thinking about: why not');
      assert.equal(textOf(events), 'Hello from qwq-32b. You said: why not');
      assert.ok(events.findIndex((e) => e.type === 'reasoning') < events.findIndex((e) => e.type === 'text'));
    });
  });

  describe('capabilities on listed models', () => {
    it('tool calling per platform (not Intel), image input by id, max output tokens from defaults', async () => {
      for (const [id, model] of Object.entries(CHAT_MODELS)) {
        const c = client(id, (e) => withModelOptions({ ...e, defaults: { maxTokens: 321 } }, model, { defaults: { maxTokens: 123 } }));
        const models = await c.listModels();
        const m = models.find((x) => x.id === model);
        assert.ok(m, `${id}: ${model} not listed`);
        assert.equal(m.toolCalling, id !== 'intel-tiber', id);
        assert.equal(m.imageInput, false, id);
        assert.equal(m.maxOutputTokens, 123, id);
        const other = models.find((x) => x.id !== model && x.tasks.includes('chat'));
        if (other) assert.equal(other.maxOutputTokens, 321, `${id}: ${other.id}`);
        for (const x of models.filter((y) => !y.tasks.includes('chat'))) assert.equal(x.toolCalling, undefined, `${id}: ${x.id}`);
      }
    });
  });
});
