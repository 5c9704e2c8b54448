// The language model provider's pure halves: VS Code's conversation (read into plain parts) → core's
// messages, the request options, and core's stream → the parts the provider reports.
import * as assert from 'node:assert/strict';
import { toChatMessages, type InputMessage } from '../../../src/extension/chat/lm-chat-messages';
import { requestOptions } from '../../../src/extension/chat/lm-request-options';
import { LmResponse, type OutputPart } from '../../../src/extension/chat/lm-response';
import { ToolCallAccumulator } from '../../../src/extension/chat/tool-call-accumulator';
import { modelInformation } from '../../../src/extension/chat/model-information';
import { promptTsxText } from '../../../src/extension/chat/prompt-tsx-text';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import type { EventBatch } from '../../../src/core/stream/events';
import type { ModelInfo } from '../../../src/core/models';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('extension: language model messages → core', () => {
  it('keeps system, user and assistant text, joining a turn\'s text parts', () => {
    const messages: InputMessage[] = [
      { role: 'system', parts: [{ kind: 'text', text: 'Be brief.' }] },
      { role: 'user', parts: [{ kind: 'text', text: 'Hello ' }, { kind: 'text', text: 'there' }] },
      { role: 'assistant', parts: [{ kind: 'text', text: 'Hi!' }] },
    ];
    assert.deepEqual(toChatMessages(messages), [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello there' },
      { role: 'assistant', content: 'Hi!' },
    ]);
  });

  it('an assistant turn carries its tool calls (input as JSON text); the results become tool turns before the user\'s text', () => {
    const messages: InputMessage[] = [
      { role: 'user', parts: [{ kind: 'text', text: 'weather in Oslo and Rome?' }] },
      { role: 'assistant', parts: [
        { kind: 'text', text: 'Checking.' },
        { kind: 'toolCall', callId: 'c1', name: 'weather', input: { city: 'Oslo' } },
        { kind: 'toolCall', callId: 'c2', name: 'weather', input: { city: 'Rome' } },
      ] },
      { role: 'user', parts: [
        { kind: 'toolResult', callId: 'c1', text: 'snow' },
        { kind: 'text', text: 'and be quick' },
        { kind: 'toolResult', callId: 'c2', text: 'sun' },
      ] },
    ];
    assert.deepEqual(toChatMessages(messages), [
      { role: 'user', content: 'weather in Oslo and Rome?' },
      { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Oslo"}' }, { id: 'c2', name: 'weather', arguments: '{"city":"Rome"}' }] },
      { role: 'tool', content: 'snow', toolCallId: 'c1' },
      { role: 'tool', content: 'sun', toolCallId: 'c2' },
      { role: 'user', content: 'and be quick' },
    ]);
  });

  it('a turn of only tool results adds no empty user turn; a tool call without text has empty content', () => {
    const out = toChatMessages([
      { role: 'assistant', parts: [{ kind: 'toolCall', callId: 'x', name: 'list', input: {} }] },
      { role: 'user', parts: [{ kind: 'toolResult', callId: 'x', text: '' }] },
    ]);
    assert.deepEqual(out, [
      { role: 'assistant', content: '', toolCalls: [{ id: 'x', name: 'list', arguments: '{}' }] },
      { role: 'tool', content: '', toolCallId: 'x' },
    ]);
  });

  it('images go with the user\'s text; empty turns (nothing the model could read) are dropped', () => {
    const out = toChatMessages([
      { role: 'system', parts: [] },
      { role: 'user', parts: [{ kind: 'text', text: 'what is this?' }, { kind: 'image', mimeType: 'image/png', data: PNG }] },
      { role: 'assistant', parts: [] },
      { role: 'user', parts: [{ kind: 'image', mimeType: 'image/jpeg', data: PNG }] },
    ]);
    assert.deepEqual(out, [
      { role: 'user', content: 'what is this?', images: [{ mimeType: 'image/png', data: PNG }] },
      { role: 'user', content: '', images: [{ mimeType: 'image/jpeg', data: PNG }] },
    ]);
  });
});

describe('extension: language model request options → core', () => {
  const tool = { name: 'search', description: 'Search the docs', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } };

  it('tools with their schema; Required asks for a call', () => {
    assert.deepEqual(requestOptions({ tools: [tool, { name: 'bare', description: '', inputSchema: undefined }], toolRequired: true, toolCalling: true }), {
      tools: [{ name: 'search', description: 'Search the docs', parameters: tool.inputSchema }, { name: 'bare' }],
      toolChoice: 'required',
    });
    assert.deepEqual(requestOptions({ tools: [tool], toolRequired: false, toolCalling: true }).toolChoice, undefined);
    assert.deepEqual(requestOptions({ tools: [], toolRequired: true, toolCalling: true }), {});
  });

  it('a model that cannot call tools gets none (and no tool choice)', () => {
    assert.deepEqual(requestOptions({ tools: [tool], toolRequired: true, toolCalling: false }), {});
  });

  it('sampling options in OpenAI spelling or camelCase; wrong types are left out', () => {
    assert.deepEqual(requestOptions({ toolRequired: false, toolCalling: true, modelOptions: { temperature: 0.2, top_p: 0.9, max_tokens: 256.7, stop: '###', other: 'x' } }),
      { temperature: 0.2, topP: 0.9, maxTokens: 256, stop: ['###'] });
    assert.deepEqual(requestOptions({ toolRequired: false, toolCalling: true, modelOptions: { topP: 0.5, maxTokens: 10, stop: ['a', 3, ''] } }),
      { topP: 0.5, maxTokens: 10, stop: ['a'] });
    assert.deepEqual(requestOptions({ toolRequired: false, toolCalling: true, modelOptions: { temperature: '0.2', max_tokens: 0, top_p: Number.NaN } }), {});
  });
});

describe('extension: streamed tool calls → whole calls', () => {
  it('gathers the pieces per index (id and name once, arguments in pieces), in index order', () => {
    const acc = new ToolCallAccumulator();
    acc.add({ type: 'tool_call', index: 1, id: 'b', name: 'second', argumentsDelta: '' });
    acc.add({ type: 'tool_call', index: 0, id: 'a', name: 'first', argumentsDelta: '{"ci' });
    acc.add({ type: 'tool_call', index: 0, argumentsDelta: 'ty":"Oslo"}' });
    acc.add({ type: 'tool_call', index: 1, argumentsDelta: '  ' });
    assert.deepEqual(acc.finish(), [
      { callId: 'a', name: 'first', input: { city: 'Oslo' } },
      { callId: 'b', name: 'second', input: {} },
    ]);
    assert.equal(acc.size, 0);
  });

  it('a call without an id gets one; arguments that are not a JSON object are a clear error', () => {
    const acc = new ToolCallAccumulator();
    acc.add({ type: 'tool_call', index: 0, name: 'x', argumentsDelta: '{}' });
    assert.match(acc.finish()[0].callId, /^call_[0-9a-f]{16}$/);
    acc.add({ type: 'tool_call', index: 0, id: 'i', name: 'lookup', argumentsDelta: '{"q": "unterminated' });
    assert.throws(() => acc.finish(), /^Error: The model called tool "lookup" with arguments that are not valid JSON \(.+\): \{"q": "unterminated$/);
    acc.add({ type: 'tool_call', index: 0, id: 'i', name: 'lookup', argumentsDelta: '[1]' });
    assert.throws(() => acc.finish(), /tool "lookup" with arguments that are not a JSON object: \[1\]/);
    acc.add({ type: 'tool_call', index: 0, id: 'i', argumentsDelta: '{}' });
    assert.throws(() => acc.finish(), /called a tool without naming it/);
  });
});

describe('extension: core stream → language model response parts', () => {
  function run(batches: EventBatch[]): { parts: OutputPart[]; error?: string; response: LmResponse } {
    const parts: OutputPart[] = [];
    const response = new LmResponse((p) => parts.push(p));
    try {
      for (const b of batches) response.push(b);
    } catch (e) {
      return { parts, error: (e as Error).message, response };
    }
    return { parts, response };
  }

  it('joins a batch\'s consecutive text and reasoning; tool calls, then usage, when the stream ends', () => {
    const { parts, response } = run([
      [{ type: 'reasoning', text: 'hmm ' }, { type: 'reasoning', text: 'ok' }, { type: 'text', text: 'Hel' }, { type: 'text', text: 'lo' }],
      [{ type: 'text', text: '!' }, { type: 'tool_call', index: 0, id: 'c', name: 'f', argumentsDelta: '{"a"' }],
      [{ type: 'tool_call', index: 0, argumentsDelta: ':1}' }, { type: 'usage', inputTokens: 12, outputTokens: 5 }, { type: 'done', finishReason: 'tool_calls' }],
    ]);
    assert.deepEqual(parts, [
      { kind: 'thinking', text: 'hmm ok' },
      { kind: 'text', text: 'Hello' },
      { kind: 'text', text: '!' },
      { kind: 'toolCall', callId: 'c', name: 'f', input: { a: 1 } },
      { kind: 'usage', usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 } },
    ]);
    assert.equal(response.finishReason, 'tool_calls');
    assert.equal(response.textLength, 6);
  });

  it('usage with one side unknown counts it as 0', () => {
    const { parts } = run([[{ type: 'text', text: 'x' }, { type: 'usage', outputTokens: 3 }, { type: 'done', finishReason: 'stop' }]]);
    assert.deepEqual(parts.at(-1), { kind: 'usage', usage: { prompt_tokens: 0, completion_tokens: 3, total_tokens: 3 } });
  });

  it('an error reports the text before it, then throws core\'s message', () => {
    const { parts, error, response } = run([
      [{ type: 'text', text: 'partial' }],
      [{ type: 'text', text: ' answer' }, { type: 'error', kind: 'server', status: 500, message: 'The model server failed: boom' }],
    ]);
    assert.deepEqual(parts, [{ kind: 'text', text: 'partial' }, { kind: 'text', text: ' answer' }]);
    assert.equal(error, 'The model server failed: boom');
    assert.equal(response.finishReason, undefined);
  });

  it('cancelled: nothing more (no half-made tool call, no usage) and no error', () => {
    const { parts, error, response } = run([
      [{ type: 'text', text: 'a' }, { type: 'tool_call', index: 0, id: 'c', name: 'f', argumentsDelta: '{"a' }],
      [{ type: 'done', finishReason: 'cancelled' }],
    ]);
    assert.deepEqual(parts, [{ kind: 'text', text: 'a' }]);
    assert.equal(error, undefined);
    assert.equal(response.finishReason, 'cancelled');
  });

  it('a tool call whose arguments are broken fails the answer with the tool named', () => {
    const { error } = run([[{ type: 'tool_call', index: 0, id: 'c', name: 'lookup', argumentsDelta: '{oops' }, { type: 'done', finishReason: 'tool_calls' }]]);
    assert.match(error ?? '', /tool "lookup" with arguments that are not valid JSON/);
  });
});

describe('extension: model picker information', () => {
  const [endpoint] = parseEndpoints([{ id: 'intel', label: 'Intel Tiber AI Cloud', platform: 'intel-tiber', baseUrl: 'https://intel.example/v1/maas', cloudAccountId: '1', auth: { type: 'oauth2', tokenUrl: 'https://intel.example/token' } }]).endpoints;
  const model = (m: Partial<ModelInfo>): ModelInfo => ({ endpointId: 'intel', id: 'meta/llama', label: 'Llama', tasks: ['chat'], source: 'discovered', ...m });

  it('names the endpoint in the detail and its id and URL in the tooltip; token limits from discovery', () => {
    const info = modelInformation({ ref: 'intel/meta/llama', endpoint, model: model({ contextLength: 32768, maxOutputTokens: 2048 }) });
    assert.equal(info.id, 'intel/meta/llama');
    assert.equal(info.name, 'Llama');
    assert.equal(info.detail, 'Intel Tiber AI Cloud');
    assert.equal(info.tooltip, 'Intel Tiber AI Cloud (intel) · https://intel.example/v1/maas');
    assert.equal(info.maxOutputTokens, 2048);
    assert.equal(info.maxInputTokens, 32768 - 2048);
  });

  it('declares tool calling unless the model says it cannot (Intel Tiber), and images only when it takes them', () => {
    assert.deepEqual(modelInformation({ ref: 'intel/meta/llama', endpoint, model: model({ toolCalling: false }) }).capabilities, { toolCalling: false, imageInput: false });
    assert.deepEqual(modelInformation({ ref: 'intel/meta/llama', endpoint, model: model({ imageInput: true }) }).capabilities, { toolCalling: true, imageInput: true });
  });
});

describe('extension: prompt-tsx tool results as text', () => {
  it('reads the text nodes in order, with the line breaks they ask for', () => {
    const tree = { node: { type: 1, ctor: 2, ctorName: 'ToolResult', priority: 1, props: { text: 'not content' }, children: [
      { type: 2, text: 'line one', priority: 1, lineBreakBefore: false },
      { type: 1, ctor: 2, children: [{ type: 2, text: 'line two', lineBreakBefore: true }, { type: 2, text: ' continued', lineBreakBefore: false }] },
    ] } };
    assert.equal(promptTsxText(tree), 'line one\nline two continued');
    assert.equal(promptTsxText('not a tree'), '');
  });
});
