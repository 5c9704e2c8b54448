// Tool calls through core against the reference gateway: the request shapes (OpenAI `tools`/`tool_choice`,
// Anthropic `tools`/`tool_choice`/`tool_result`), the streamed call coming back in pieces, and the answer
// to a tool result — for every OpenAI-shaped platform and for GPUStack's Anthropic API.
import * as assert from 'node:assert/strict';
import { startHarness, collect, textOf, assertOrder, CHAT_MODELS, type Harness } from './helpers/gateway-client';
import type { ChatMessage, ChatRequest } from '../../src/core/chat';
import type { StreamEvent, ToolCallEvent } from '../../src/core/stream/events';
import type { Endpoint } from '../../src/core/endpoint/schema';

const WEATHER = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] },
};
const SECOND = { name: 'unused_tool', parameters: { type: 'object', properties: {} } };

const calls = (events: StreamEvent[]): ToolCallEvent[] => events.filter((e): e is ToolCallEvent => e.type === 'tool_call');

const SHAPES: { name: string; id: string; overrides?: Partial<Endpoint>; path: string }[] = [
  ...['local-vllm', 'rafay-serverless', 'openshift-maas', 'lab-gpustack', 'oicm-prod'].map((id) => ({ name: id, id, path: 'chat/completions' })),
  { name: 'lab-gpustack (chatApi anthropic)', id: 'lab-gpustack', overrides: { chatApi: 'anthropic' as const }, path: '/v1/messages' },
];

describe('core against the reference gateway: tool calls', function () {
  this.timeout(20000);
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });
  beforeEach(() => { h.gw.clearFaults(); h.gw.clearRequests(); });

  const lastBody = (path: string): Record<string, unknown> => {
    const r = h.gw.requests.filter((x) => x.path.includes(path)).at(-1);
    assert.ok(r, `no request to …${path}`);
    return JSON.parse(r.body) as Record<string, unknown>;
  };

  for (const s of SHAPES) {
    it(`${s.name}: a call of the first tool streams in pieces; its result is answered`, async () => {
      const c = h.client(s.id, s.overrides);
      const model = CHAT_MODELS[s.id];
      const question: ChatMessage = { role: 'user', content: 'Paris please' };
      const req: ChatRequest = { model, messages: [question], tools: [WEATHER, SECOND], toolChoice: 'required' };
      const events = await collect(c.chat(req));
      assertOrder(events);
      assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'tool_calls' });
      const parts = calls(events);
      assert.ok(parts.length > 2, `the arguments come in several pieces: ${JSON.stringify(parts)}`);
      assert.ok(parts.every((p) => p.index === 0));
      assert.equal(parts[0].name, WEATHER.name);
      assert.ok(parts[0].id, 'the call has an id');
      assert.deepEqual(JSON.parse(parts.map((p) => p.argumentsDelta).join('')), { city: 'Paris please', days: 1 });
      assert.equal(textOf(events), '');
      const sent = lastBody(s.path);
      assert.deepEqual(sent.tool_choice, s.overrides?.chatApi === 'anthropic' ? { type: 'any' } : 'required');

      const args = parts.map((p) => p.argumentsDelta).join('');
      const followUp: ChatRequest = {
        model, tools: [WEATHER, SECOND],
        messages: [question, { role: 'assistant', content: '', toolCalls: [{ id: parts[0].id, name: WEATHER.name, arguments: args }] }, { role: 'tool', content: 'Sunny, 21 °C', toolCallId: parts[0].id }],
      };
      const answer = await collect(c.chat(followUp));
      assertOrder(answer);
      assert.equal(textOf(answer), 'Tool get_weather said: Sunny, 21 °C');
      assert.deepEqual(answer.at(-1), { type: 'done', finishReason: 'stop' });
      assert.equal(calls(answer).length, 0);
    });
  }

  it('without tools in the request, the same conversation gets the plain answer', async () => {
    const events = await collect(h.client('local-vllm').chat({ model: CHAT_MODELS['local-vllm'], messages: [{ role: 'user', content: 'hi' }] }));
    assert.match(textOf(events), /You said: hi/);
    assert.equal(calls(events).length, 0);
    assert.equal(lastBody('chat/completions').tool_choice, undefined);
  });

  it('non-streamed answers carry the call too (OpenAI message.tool_calls, Anthropic tool_use block)', async () => {
    const key = (id: string): string => h.gw.env()[`MAAS_API_KEY_${id.toUpperCase().replace(/-/g, '_')}`];
    const openai = await fetch(`${h.gw.url}/openai/v1/chat/completions`, {
      method: 'POST', headers: { authorization: `Bearer ${key('local-vllm')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: CHAT_MODELS['local-vllm'], messages: [{ role: 'user', content: 'Oslo' }], tools: [{ type: 'function', function: WEATHER }] }),
    });
    const o = (await openai.json()) as { choices: { finish_reason: string; message: { content: unknown; tool_calls: { function: { name: string; arguments: string } }[] } }[] };
    assert.equal(o.choices[0].finish_reason, 'tool_calls');
    assert.equal(o.choices[0].message.content, null);
    assert.equal(o.choices[0].message.tool_calls[0].function.name, 'get_weather');
    assert.deepEqual(JSON.parse(o.choices[0].message.tool_calls[0].function.arguments), { city: 'Oslo', days: 1 });
    const anthropic = await fetch(`${h.gw.url}/gpustack/v1/messages`, {
      method: 'POST', headers: { authorization: `Bearer ${key('lab-gpustack')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: CHAT_MODELS['lab-gpustack'], max_tokens: 100, messages: [{ role: 'user', content: 'Oslo' }], tools: [{ name: WEATHER.name, input_schema: WEATHER.parameters }] }),
    });
    const a = (await anthropic.json()) as { stop_reason: string; content: { type: string; name: string; input: unknown }[] };
    assert.equal(a.stop_reason, 'tool_use');
    assert.deepEqual(a.content.map((b) => [b.type, b.name, b.input]), [['tool_use', 'get_weather', { city: 'Oslo', days: 1 }]]);
  });
});
