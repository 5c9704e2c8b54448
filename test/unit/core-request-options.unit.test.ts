/**
 * Per-model request options (`extraBody`, `defaults`), images in chat bodies and model capabilities:
 * the config rules and messages, precedence, the body each wire shape gets, and the Intel params merge.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root';
import { FIXED_BODY_KEYS } from '../../src/core/endpoint/schema';
import { parseEndpoints } from '../../src/core/endpoint/config';
import { optionsFor, prepareChat, prepareCompletion, withExtraBody } from '../../src/core/request-options';
import { chatBody, completionBody } from '../../src/core/platforms/openai-compat';
import { anthropicBody } from '../../src/core/platforms/gpustack';
import { ADAPTERS } from '../../src/core/platforms/registry';
import { looksLikeVisionModel, withCapabilities } from '../../src/core/model-capabilities';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { AnswerDecoder } from '../../src/core/stream/answer-decoder';
import type { ModelInfo } from '../../src/core/models';
import type { StreamEvent } from '../../src/core/stream/events';
import { loopbackPool, sendJson } from './helpers/loopback';
import { MapCredentials, endpoint, deps } from './helpers/fakes';
import { readFixture, readFixtureText } from './helpers/fixtures';
import { collect } from './helpers/bytes';

const base = { id: 'lab', platform: 'openai', baseUrl: 'http://h:8000/v1' };
const parse = (over: Record<string, unknown>) => parseEndpoints([{ ...base, ...over }]);
const user = (content: string) => ({ role: 'user' as const, content });
const png = { mimeType: 'image/png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };

describe('core request options: configuration', () => {
  it('extraBody and defaults are kept on the endpoint and on each model; empty ones are left out', () => {
    const r = parse({
      extraBody: { top_k: 20, chat_template_kwargs: { enable_thinking: false } },
      defaults: { temperature: 0.2, topP: 0.9, maxTokens: 1024 },
      models: [{ id: 'a', extraBody: { top_k: 5 }, defaults: { maxTokens: 64 } }, { id: 'b', extraBody: {}, defaults: {} }],
    });
    assert.deepEqual(r.problems, []);
    const e = r.endpoints[0];
    assert.deepEqual(e.extraBody, { top_k: 20, chat_template_kwargs: { enable_thinking: false } });
    assert.deepEqual(e.defaults, { temperature: 0.2, topP: 0.9, maxTokens: 1024 });
    assert.deepEqual([e.models[0].extraBody, e.models[0].defaults], [{ top_k: 5 }, { maxTokens: 64 }]);
    assert.ok(!('extraBody' in e.models[1]) && !('defaults' in e.models[1]));
    const plain = parse({}).endpoints[0];
    assert.ok(!('extraBody' in plain) && !('defaults' in plain));
  });

  for (const key of ['model', 'messages', 'prompt', 'stream']) {
    it(`extraBody may not set "${key}": a config problem at extraBody.${key}, naming the key`, () => {
      const r = parse({ extraBody: { [key]: 'x', top_k: 1 } });
      assert.equal(r.endpoints.length, 0);
      assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
      assert.equal(r.problems[0].field, `extraBody.${key}`);
      assert.match(r.problems[0].message, new RegExp(`^endpoint "lab": extraBody\\.${key} cannot be set: .*remove "${key}" from extraBody`));
      assert.ok(!r.problems[0].message.includes('"x"'), 'the value is not repeated');
    });
  }

  it('a model\'s extraBody with fixed keys: one problem per key, each at its path', () => {
    const r = parse({ models: [{ id: 'a' }, { id: 'b', extraBody: { stream: false, model: 'other', top_k: 3 } }] });
    assert.deepEqual(r.problems.map((p) => p.field).sort(), ['models.1.extraBody.model', 'models.1.extraBody.stream']);
    assert.ok(r.problems.every((p) => p.message.includes('cannot be set')));
  });

  const refused: { name: string; over: Record<string, unknown>; field: string; has: RegExp }[] = [
    { name: 'extraBody a list', over: { extraBody: [1] }, field: 'extraBody', has: /extraBody must be a JSON object/ },
    { name: 'extraBody a string', over: { extraBody: 'top_k=1' }, field: 'extraBody', has: /extraBody "top_k=1" must be a JSON object/ },
    { name: 'temperature too high', over: { defaults: { temperature: 3 } }, field: 'defaults.temperature', has: /defaults\.temperature 3 must be a number from 0 to 2/ },
    { name: 'topP below 0', over: { defaults: { topP: -0.1 } }, field: 'defaults.topP', has: /defaults\.topP -0\.1 must be a number from 0 to 1/ },
    { name: 'maxTokens 0', over: { defaults: { maxTokens: 0 } }, field: 'defaults.maxTokens', has: /defaults\.maxTokens 0 must be a whole number from 1 to 1000000/ },
    { name: 'maxTokens fractional', over: { defaults: { maxTokens: 1.5 } }, field: 'defaults.maxTokens', has: /whole number/ },
    { name: 'maxTokens a string', over: { defaults: { maxTokens: '64' } }, field: 'defaults.maxTokens', has: /defaults\.maxTokens "64" must be a number/ },
    { name: 'unknown default', over: { defaults: { top_k: 5 } }, field: 'defaults.top_k', has: /unknown field "top_k"; allowed: temperature, topP, maxTokens/ },
    { name: 'a model\'s unknown default', over: { models: [{ id: 'a', defaults: { max_tokens: 5 } }] }, field: 'models.0.defaults.max_tokens', has: /allowed: temperature, topP, maxTokens/ },
  ];
  for (const c of refused) {
    it(`refused: ${c.name}`, () => {
      const r = parse(c.over);
      assert.equal(r.endpoints.length, 0);
      assert.equal(r.problems[0].field, c.field, JSON.stringify(r.problems));
      assert.match(r.problems[0].message, c.has);
    });
  }

  it('the settings schema (package.json) offers extraBody and defaults on endpoints and models, refusing the fixed keys', () => {
    interface Node { properties?: Record<string, Node>; items?: Node; propertyNames?: { not?: { enum?: string[] } }; additionalProperties?: boolean }
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Node> } } };
    const item = pkg.contributes.configuration.properties['maas.endpoints'].items!;
    for (const [where, node] of [['endpoint', item], ['model', item.properties!.models.items!]] as const) {
      assert.deepEqual(node.properties!.extraBody.propertyNames?.not?.enum, [...FIXED_BODY_KEYS], where);
      assert.deepEqual(Object.keys(node.properties!.defaults.properties!), ['temperature', 'topP', 'maxTokens'], where);
      assert.equal(node.properties!.defaults.additionalProperties, false, where);
    }
  });

  it('a model entry lists extraBody and defaults among its allowed fields', () => {
    const r = parse({ models: [{ id: 'a', extra_body: {} }] });
    assert.match(r.problems[0].message, /allowed: .*extraBody, defaults/);
  });
});

describe('core request options: precedence', () => {
  const ep = endpoint({
    ...base, extraBody: { top_k: 20, a: { x: 1 }, keep: true }, defaults: { temperature: 0.2, topP: 0.9, maxTokens: 1024 },
    models: [{ id: 'm', extraBody: { top_k: 5, a: { y: 2 } }, defaults: { temperature: 0.7 } }],
  });

  it('the caller\'s values win, then the model\'s defaults, then the endpoint\'s', () => {
    const p = prepareChat(ep, { model: 'm', messages: [user('q')], maxTokens: 10 });
    assert.deepEqual([p.maxTokens, p.temperature, p.topP], [10, 0.7, 0.9]);
    const q = prepareChat(ep, { model: 'other', messages: [user('q')], temperature: 0 });
    assert.deepEqual([q.maxTokens, q.temperature, q.topP], [1024, 0, 0.9], 'a caller\'s 0 is a value, not a gap');
    const c = prepareCompletion(ep, { model: 'm', prompt: 'p' });
    assert.deepEqual([c.maxTokens, c.temperature, c.topP], [1024, 0.7, 0.9]);
  });

  it('extraBody: the model\'s over the endpoint\'s, shallow (a nested object is replaced, not merged)', () => {
    assert.deepEqual(optionsFor(ep, 'm').extraBody, { top_k: 5, a: { y: 2 }, keep: true });
    assert.deepEqual(optionsFor(ep, 'other').extraBody, { top_k: 20, a: { x: 1 }, keep: true });
    assert.equal(optionsFor(endpoint(base), 'm').extraBody, undefined);
    assert.ok(!('extraBody' in prepareChat(endpoint(base), { model: 'm', messages: [] })));
  });

  it('the caller\'s request object is not changed', () => {
    const req = { model: 'm', messages: [user('q')] };
    prepareChat(ep, req);
    assert.deepEqual(req, { model: 'm', messages: [user('q')] });
  });

  it('withExtraBody merges last and leaves the body alone without one', () => {
    const body = { max_tokens: 5, stream: true };
    assert.equal(withExtraBody(body, undefined), body);
    assert.deepEqual(withExtraBody(body, { max_tokens: 9, top_k: 1 }), { max_tokens: 9, stream: true, top_k: 1 });
  });
});

describe('core request options: bodies per wire shape', () => {
  const extraBody = { max_tokens: 77, top_k: 4, stream_options: { include_usage: false } };

  it('OpenAI chat and completion: extraBody over the mapped fields, merged last', () => {
    const b = chatBody({ model: 'm', messages: [user('q')], maxTokens: 5, extraBody }, 'served');
    assert.deepEqual([b.model, b.max_tokens, b.top_k, b.stream, b.stream_options], ['served', 77, 4, true, { include_usage: false }]);
    const c = completionBody({ model: 'm', prompt: 'p', topP: 0.5, extraBody: { top_k: 2 } }, 'm');
    assert.deepEqual([c.prompt, c.top_p, c.top_k], ['p', 0.5, 2]);
  });

  it('Anthropic Messages: extraBody at top level, over max_tokens', () => {
    const b = anthropicBody({ model: 'm', messages: [{ role: 'system', content: 's' }, user('q')], extraBody: { max_tokens: 512, top_k: 3, thinking: { type: 'enabled', budget_tokens: 256 } } });
    assert.deepEqual([b.max_tokens, b.top_k, b.thinking, b.system, b.stream], [512, 3, { type: 'enabled', budget_tokens: 256 }, 's', true]);
    assert.equal(anthropicBody({ model: 'm', messages: [user('q')] }).max_tokens, 4096);
  });

  it('OpenAI images: the user content becomes text + image_url data URL parts; other turns stay strings', () => {
    const b = chatBody({ model: 'm', messages: [{ role: 'user', content: 'what is it', images: [png] }, { role: 'assistant', content: 'a png' }, { role: 'user', content: '', images: [png] }] }, 'm');
    const msgs = b.messages as { role: string; content: unknown }[];
    assert.deepEqual(msgs[0].content, [{ type: 'text', text: 'what is it' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } }]);
    assert.equal(msgs[1].content, 'a png');
    assert.deepEqual(msgs[2].content, [{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } }], 'no empty text part');
    const plain = chatBody({ model: 'm', messages: [{ role: 'user', content: 'x', images: [] }] }, 'm');
    assert.equal((plain.messages as { content: unknown }[])[0].content, 'x');
  });

  it('Anthropic images: base64 image blocks before the text', () => {
    const sub = new Uint8Array([0, 0x89, 0x50, 0x4e, 0x47, 0]).subarray(1, 5);   // a view into a larger buffer
    const b = anthropicBody({ model: 'm', messages: [{ role: 'user', content: 'describe', images: [{ mimeType: 'image/png', data: sub }] }] });
    assert.deepEqual((b.messages as { content: unknown }[])[0].content, [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw==' } },
      { type: 'text', text: 'describe' },
    ]);
  });

  describe('intel-tiber (loopback)', () => {
    const pool = loopbackPool();
    afterEach(() => pool.closeAll());

    async function intel(over: Record<string, unknown> = {}) {
      const tok = await pool.serve((_req, res) => sendJson(res, 200, readFixtureText('intel-maas/oauth-token.200.json')));
      const api = await pool.serve((req, res) => {
        if (req.url === '/v1/maas/models') return sendJson(res, 200, readFixtureText('intel-maas/models.200.json'));
        res.writeHead(200, { 'content-type': 'application/json' }).end(readFixture('intel-maas/generatestream-eos.200.ndjson'));
      });
      const client = createEndpointClient(endpoint({
        id: 'intel', platform: 'intel-tiber', baseUrl: `${api.origin}/v1/maas`, cloudAccountId: '012345678901',
        auth: { type: 'oauth2', tokenUrl: `${tok.origin}/oauth2/token` }, ...over,
      }), deps(new MapCredentials({ 'intel:clientId': 'cid', 'intel:clientSecret': 'csecret' })));
      return { api, client };
    }
    const sentParams = (api: { requests: { url?: string; body: string }[] }) =>
      (JSON.parse(api.requests.find((r) => r.url === '/v1/maas/generatestream')?.body ?? '{}') as { request: { params: Record<string, unknown> } }).request.params;

    it('extraBody merges into request.params (over max_new_tokens); defaults fill max tokens and temperature', async () => {
      const { api, client } = await intel({
        extraBody: { top_k: 40, repetition_penalty: 1.1 }, defaults: { temperature: 0.3, maxTokens: 200 },
        models: [{ id: 'Qwen/Qwen2.5-Coder-32B-Instruct', extraBody: { max_new_tokens: 64, do_sample: true } }],
      });
      const events = await collect(client.chat({ model: 'Qwen/Qwen2.5-Coder-32B-Instruct', messages: [user('x')] }));
      assert.equal(events.at(-1)?.type, 'done', JSON.stringify(events));
      assert.deepEqual(sentParams(api), { max_new_tokens: 64, temperature: 0.3, top_k: 40, repetition_penalty: 1.1, do_sample: true });
      const body = JSON.parse(api.requests.find((r) => r.url === '/v1/maas/generatestream')?.body ?? '{}') as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['cloudAccountId', 'model', 'productId', 'productName', 'request'], 'nothing lands at top level');
    });

    it('a completion gets the same params', async () => {
      const { api, client } = await intel({ extraBody: { top_k: 9 }, defaults: { maxTokens: 30 } });
      await collect(client.complete({ model: 'Qwen/Qwen2.5-Coder-32B-Instruct', prompt: 'def f(' }));
      assert.deepEqual(sentParams(api), { max_new_tokens: 30, top_k: 9 });
    });

    it('images are refused (bad_request) without a request: generatestream takes text only', async () => {
      const { api, client } = await intel();
      const events = await collect(client.chat({ model: 'Qwen/Qwen2.5-Coder-32B-Instruct', messages: [{ role: 'user', content: 'x', images: [png] }] }));
      const last = events.at(-1);
      assert.equal(last?.type === 'error' && last.kind, 'bad_request', JSON.stringify(events));
      assert.ok(!api.requests.some((r) => r.url === '/v1/maas/generatestream'));
    });
  });
});

describe('core model capabilities', () => {
  const info = (id: string, extra: Partial<ModelInfo> = {}): ModelInfo => ({ endpointId: 'lab', id, label: id, tasks: ['chat', 'completion'], source: 'discovered', ...extra });

  it('every adapter declares tool calling; only Intel Tiber has none', () => {
    for (const [platform, adapter] of Object.entries(ADAPTERS)) assert.equal(adapter.toolCalling, platform !== 'intel-tiber', platform);
  });

  it('image input from the id, conservatively', () => {
    for (const id of ['Qwen/Qwen2.5-VL-7B-Instruct', 'llava-v1.6-mistral-7b', 'mistralai/Pixtral-12B-2409', 'google/gemma-3-12b-it', 'meta-llama/Llama-3.2-11B-Vision-Instruct', 'deepseek-vl2', 'OpenGVLab/InternVL3-8B', 'openbmb/MiniCPM-V-2_6']) {
      assert.ok(looksLikeVisionModel(id), id);
    }
    for (const id of ['meta-llama/Llama-3.1-8B-Instruct', 'google/gemma-3-1b-it', 'Qwen/Qwen3-8B', 'vllm-model', 'mistral-7b', 'deepseek-r1-distill', 'evolve-7b']) {
      assert.ok(!looksLikeVisionModel(id), id);
    }
  });

  it('what the server says wins; max output tokens from discovery, else the model\'s, else the endpoint\'s defaults; unknown stays undefined', () => {
    const ep = endpoint({ ...base, defaults: { maxTokens: 900 }, models: [{ id: 'b', defaults: { maxTokens: 50 } }] });
    const out = withCapabilities(ep, [info('a', { maxOutputTokens: 4096, imageInput: true }), info('b'), info('c-vision'), info('e', { tasks: ['embedding'] })], true);
    assert.deepEqual(out.map((m) => [m.id, m.toolCalling, m.imageInput, m.maxOutputTokens]), [
      ['a', true, true, 4096], ['b', true, false, 50], ['c-vision', true, true, 900], ['e', undefined, undefined, undefined],
    ]);
    const none = withCapabilities(endpoint(base), [info('x')], false)[0];
    assert.deepEqual([none.toolCalling, none.imageInput, 'maxOutputTokens' in none], [false, false, false]);
    const served = withCapabilities(endpoint({ ...base, models: [{ id: 'v1', servedModel: 'Qwen/Qwen2-VL-7B' }] }), [info('v1')], true)[0];
    assert.equal(served.imageInput, true, 'an OICM-style served model name counts too');
  });

  describe('server hints (loopback)', () => {
    const pool = loopbackPool();
    afterEach(() => pool.closeAll());

    it('OpenAI-style cards: meta.support_vision, input modalities and max tokens', async () => {
      const s = await pool.serve((_req, res) => sendJson(res, 200, { object: 'list', data: [
        { id: 'plain-name', meta: { support_vision: true, max_tokens: 8192 } },
        { id: 'llava-but-no', meta: { support_vision: false } },
        { id: 'modal', architecture: { input_modalities: ['text', 'image'] }, max_output_tokens: 2048 },
        { id: 'text-only', input_modalities: ['text'], meta: { support_vision: 'yes' } },
      ] }));
      const client = createEndpointClient(endpoint({ id: 'lab', platform: 'openai', baseUrl: `${s.origin}/v1` }), deps(new MapCredentials({ 'lab:apiKey': 'k' })));
      const byId = Object.fromEntries((await client.listModels()).map((m) => [m.id, m]));
      assert.deepEqual([byId['plain-name'].imageInput, byId['plain-name'].maxOutputTokens], [true, 8192]);
      assert.equal(byId['llava-but-no'].imageInput, false, 'the server\'s false beats the id');
      assert.deepEqual([byId.modal.imageInput, byId.modal.maxOutputTokens], [true, 2048]);
      assert.equal(byId['text-only'].imageInput, false, 'a malformed flag is ignored; the modalities say text');
      client.dispose();
    });

    it('OpenShift AI: modelCapabilities naming vision mark image input; other lists leave it to the id', async () => {
      const s = await pool.serve((_req, res) => sendJson(res, 200, { object: 'list', data: [
        { id: 'publishers/llm/models/granite-vision', ready: true, modelDetails: { modelCapabilities: ['chat'] } },
        { id: 'publishers/llm/models/eyes', ready: true, modelDetails: { modelCapabilities: ['chat', 'image-input'] } },
        { id: 'publishers/llm/models/plain', ready: true, modelDetails: { modelCapabilities: ['chat', 'tool-calling'] } },
      ] }));
      const client = createEndpointClient(endpoint({ id: 'lab', platform: 'openshift-ai', baseUrl: `${s.origin}/maas-api` }), deps(new MapCredentials({ 'lab:apiKey': 'k' })));
      const byId: Record<string, boolean | undefined> = Object.fromEntries((await client.listModels()).map((m) => [m.id.split('/').pop() ?? '', m.imageInput]));
      assert.deepEqual(byId, { 'granite-vision': true, eyes: true, plain: false });
      client.dispose();
    });
  });
});

describe('core decoders: reasoning in non-streamed answers', () => {
  const decode = (format: 'openai' | 'anthropic', doc: unknown): StreamEvent[] => {
    const d = new AnswerDecoder(format);
    return [...d.push(new TextEncoder().encode(JSON.stringify(doc))), ...d.end()];
  };

  it('OpenAI message.reasoning_content → reasoning, content → text', () => {
    const events = decode('openai', { choices: [{ index: 0, message: { role: 'assistant', content: 'answer', reasoning_content: 'thought' }, finish_reason: 'stop' }] });
    assert.deepEqual(events.filter((e) => e.type !== 'done'), [{ type: 'reasoning', text: 'thought' }, { type: 'text', text: 'answer' }]);
  });

  it('Anthropic thinking blocks → reasoning before the text', () => {
    const events = decode('anthropic', { type: 'message', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'text', text: 'ok' }], stop_reason: 'end_turn' });
    assert.deepEqual(events, [{ type: 'reasoning', text: 'hmm' }, { type: 'text', text: 'ok' }, { type: 'done', finishReason: 'stop' }]);
  });
});
