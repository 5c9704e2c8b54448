/** Anthropic Messages streams (docs/endpoints.md, "Anthropic Messages") → normalised events. */
import * as assert from 'node:assert/strict';
import { sseOf, summarise, assertOrder, expectDone, expectError, sequenced } from './helpers/streams';
import { chunkings, utf8 } from './helpers/bytes';

const ev = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const start = ev('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], usage: { input_tokens: 10, output_tokens: 1 } } });
const stop = (reason: string, out = 5) => ev('message_delta', { delta: { stop_reason: reason, stop_sequence: null }, usage: { output_tokens: out } }) + ev('message_stop', {});
const textBlock = (i: number, ...parts: string[]) =>
  ev('content_block_start', { index: i, content_block: { type: 'text', text: '' } }) +
  parts.map((p) => ev('content_block_delta', { index: i, delta: { type: 'text_delta', text: p } })).join('') +
  ev('content_block_stop', { index: i });

async function run(text: string, reasoningModel = false) {
  const bytes = utf8(text);
  const ref = await sequenced('anthropic', [bytes], reasoningModel);
  assertOrder(ref);
  for (const { label, chunks } of chunkings(bytes, 5, 6)) assert.deepEqual(await sequenced('anthropic', chunks, reasoningModel), ref, label);
  return summarise(ref);
}

describe('core Anthropic stream mapping', () => {
  it('text, usage (input from message_start, output from message_delta), stop', async () => {
    const s = await run(start + ev('ping', {}) + textBlock(0, 'Hel', 'lo') + stop('end_turn', 7));
    assert.equal(s.text, 'Hello');
    assert.deepEqual(s.usage, { type: 'usage', inputTokens: 10, outputTokens: 7 });
    assert.equal(expectDone(s).finishReason, 'stop');
  });

  for (const [reason, want] of [['max_tokens', 'length'], ['stop_sequence', 'stop'], ['tool_use', 'tool_calls'], ['refusal', 'content_filter'], ['pause_turn', 'unknown']] as const) {
    it(`stop_reason ${reason} → ${want}`, async () => {
      assert.equal(expectDone(await run(start + textBlock(0, 'x') + stop(reason))).finishReason, want);
    });
  }

  it('thinking blocks → reasoning; <think> in text is then left alone', async () => {
    const s = await run(start +
      ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }) +
      ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } }) +
      ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } }) +
      ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'abc' } }) +
      ev('content_block_stop', { index: 0 }) +
      textBlock(1, '<think>literal</think> answer') + stop('end_turn'));
    assert.equal(s.reasoning, 'Let me think.');
    assert.equal(s.text, '<think>literal</think> answer');
  });

  it('tool_use blocks → tool_call events with id and name, arguments from input_json_delta', async () => {
    const s = await run(start + textBlock(0, 'Checking.') +
      ev('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }) +
      ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":' } }) +
      ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: ' "Paris"}' } }) +
      ev('content_block_stop', { index: 1 }) + stop('tool_use'));
    assert.equal(s.text, 'Checking.');
    assert.ok(s.toolCalls.every((c) => c.index === 0));
    assert.equal(s.toolCalls[0].id, 'toolu_1');
    assert.equal(s.toolCalls[0].name, 'get_weather');
    assert.equal(s.toolCalls.map((c) => c.argumentsDelta).join(''), '{"city": "Paris"}');
    assert.equal(expectDone(s).finishReason, 'tool_calls');
  });

  it('GPUStack re-framing: event: lines separated from data: lines; the JSON type wins', async () => {
    const reframed = [
      'event: message_start', `data: ${JSON.stringify({ type: 'message_start', message: { usage: { input_tokens: 4 } } })}`,
      'event: content_block_delta', `data: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } })}`,
      'event: message_delta', `data: ${JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1 } })}`,
      'event: message_stop', `data: ${JSON.stringify({ type: 'message_stop' })}`,
    ].map((l) => `${l}\n\n`).join('');
    const s = await run(reframed);
    assert.equal(s.text, 'Hi');
    assert.equal(expectDone(s).finishReason, 'stop');
    assert.deepEqual(s.usage, { type: 'usage', inputTokens: 4, outputTokens: 1 });
  });

  it('a mislabelled event line does not override the JSON type', async () => {
    const s = await run(start + `event: ping\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'kept' } })}\n\n` + stop('end_turn'));
    assert.equal(s.text, 'kept');
  });

  it('event: error with an Anthropic envelope: overloaded → rate_limited, text kept', async () => {
    const s = await run(start + textBlock(0, 'Once') + 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    assert.equal(s.text, 'Once');
    const e = expectError(s);
    assert.equal(e.kind, 'rate_limited');
    assert.ok(e.message.includes('Overloaded'));
  });

  it('event: error with llama.cpp\'s own error object (not the Anthropic envelope)', async () => {
    const e = expectError(await run(start + 'event: error\ndata: {"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}\n\n'));
    assert.equal(e.kind, 'bad_request');
    assert.equal(e.status, 400);
    assert.ok(e.message.includes('exceeds the available context size'));
  });

  it('event: error wins even when the JSON type is something else', async () => {
    const e = expectError(await run(start + `event: error\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'no' } })}\n\n`));
    assert.equal(e.message, 'The model server reported an error mid-stream: the stream reported an error');
  });

  it('JSON type error wins even when the event line says otherwise', async () => {
    const s = await run(start + 'event: message_delta\ndata: {"type":"error","error":{"type":"api_error","message":"Internal server error"}}\n\n');
    const e = expectError(s);
    assert.equal(e.kind, 'server');
    assert.ok(e.message.includes('Internal server error'));
  });

  it('EOF without message_stop ends with done unknown (or the stop_reason seen)', async () => {
    assert.equal(expectDone(await run(start + textBlock(0, 'cut'))).finishReason, 'unknown');
    assert.equal(expectDone(await run(start + textBlock(0, 'cut') + ev('message_delta', { delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 3 } }))).finishReason, 'length');
  });

  it('CRLF framing and one-string body helper agree', async () => {
    const lf = start + textBlock(0, 'a') + stop('end_turn');
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.deepEqual(await sseOf(crlf, 'anthropic'), await sseOf(lf, 'anthropic'));
  });
});
