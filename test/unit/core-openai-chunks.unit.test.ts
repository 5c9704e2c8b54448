/** The chunk variants (docs/endpoints.md) through OpenAIChunkMapper, and the finishReason table (docs/architecture.md). */
import * as assert from 'node:assert/strict';
import { OpenAIChunkMapper } from '../../src/core/stream/openai-chunks';
import { mapFinishReason } from '../../src/core/stream/finish';
import { MaasError } from '../../src/core/errors';
import type { StreamEvent } from '../../src/core/stream/events';

const delta = (d: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({ choices: [{ index: 0, delta: d, finish_reason: finish }], ...extra });

function mapAll(chunks: unknown[], flagged = false): StreamEvent[] {
  const m = new OpenAIChunkMapper(flagged);
  return [...chunks.flatMap((c) => m.map(c)), ...m.end()];
}
const texts = (ev: StreamEvent[]) => ev.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join('');
const last = (ev: StreamEvent[]) => ev[ev.length - 1];

describe('core OpenAI chunk mapping', () => {
  describe('finishReason table', () => {
    const table: [string, string][] = [
      ['stop', 'stop'], ['end_turn', 'stop'], ['stop_sequence', 'stop'], ['eos_token', 'stop'],
      ['FINISH_REASON_EOS_TOKEN', 'stop'], ['FINISH_REASON_STOP_SEQUENCE', 'stop'],
      ['length', 'length'], ['max_tokens', 'length'], ['FINISH_REASON_LENGTH', 'length'],
      ['tool_calls', 'tool_calls'], ['tool_use', 'tool_calls'],
      ['content_filter', 'content_filter'], ['refusal', 'content_filter'],
      ['pause_turn', 'unknown'], ['something_new', 'unknown'],
    ];
    for (const [raw, want] of table) it(`${raw} → ${want}`, () => assert.equal(mapFinishReason(raw), want));
    it('abort and error are failures', () => {
      assert.equal(mapFinishReason('abort'), 'error');
      assert.equal(mapFinishReason('error'), 'error');
    });
    it('null / absent → unknown', () => {
      assert.equal(mapFinishReason(null), 'unknown');
      assert.equal(mapFinishReason(undefined), 'unknown');
    });
  });

  it('vLLM current: role chunk, content deltas, finish, separate usage chunk', () => {
    const ev = mapAll([
      delta({ role: 'assistant', content: '' }), delta({ content: 'Hel' }), delta({ content: 'lo' }),
      delta({}, 'stop', { stop_reason: null }), { choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
    ]);
    assert.equal(texts(ev), 'Hello');
    assert.deepEqual(ev.filter((e) => e.type === 'usage'), [{ type: 'usage', inputTokens: 3, outputTokens: 2 }]);
    assert.deepEqual(last(ev), { type: 'done', finishReason: 'stop' });
  });

  it('Ollama: reasoning field, finish chunk with delta:{}', () => {
    const ev = mapAll([delta({ role: 'assistant', content: '', reasoning: 'hmm' }), delta({ content: 'ok' }), delta({}, 'length')]);
    assert.equal(ev.filter((e) => e.type === 'reasoning').map((e) => (e as { text: string }).text).join(''), 'hmm');
    assert.equal(texts(ev), 'ok');
    assert.deepEqual(last(ev), { type: 'done', finishReason: 'length' });
  });

  it('completions: choices[].text', () => {
    const ev = mapAll([{ choices: [{ index: 0, text: ' Paris', finish_reason: null }] }, { choices: [{ index: 0, text: '.', finish_reason: 'stop' }] }]);
    assert.equal(texts(ev), ' Paris.');
    assert.deepEqual(last(ev), { type: 'done', finishReason: 'stop' });
  });

  it('only the first choice is streamed when n > 1', () => {
    const ev = mapAll([{ choices: [{ index: 1, delta: { content: 'B' }, finish_reason: null }, { index: 0, delta: { content: 'A' }, finish_reason: null }] }]);
    assert.equal(texts(ev), 'A');
  });

  it('usage with Anthropic-style names (input_tokens/output_tokens) is read too', () => {
    const ev = mapAll([{ choices: [], usage: { input_tokens: 8, output_tokens: 9 } }]);
    assert.deepEqual(ev.find((e) => e.type === 'usage'), { type: 'usage', inputTokens: 8, outputTokens: 9 });
  });

  it('TGI /generate_stream tokens: special tokens dropped, details give finish and usage', () => {
    const ev = mapAll([
      { index: 1, token: { id: 1, text: 'Yes', special: false }, generated_text: null, details: null },
      { index: 2, token: { id: 2, text: '<|eot_id|>', special: true }, generated_text: 'Yes', details: { finish_reason: 'eos_token', generated_tokens: 2, input_length: 5 } },
    ]);
    assert.equal(texts(ev), 'Yes');
    assert.deepEqual(ev.find((e) => e.type === 'usage'), { type: 'usage', inputTokens: 5, outputTokens: 2 });
    assert.deepEqual(last(ev), { type: 'done', finishReason: 'stop' });
  });

  it('Intel (TGI-shaped response): FINISH_REASON_* map right; </s> special dropped', () => {
    const m = new OpenAIChunkMapper();
    const a = m.mapTgiToken({ token: { id: 9642, text: 'Yes', logprob: -0.05, special: false }, top_tokens: [] });
    const b = m.mapTgiToken({ token: { id: 2, text: '</s>', special: true }, generated_text: 'Yes', details: { finish_reason: 'FINISH_REASON_EOS_TOKEN', generated_tokens: 3, seed: '42' } });
    const ev = [...a, ...b, ...m.end()];
    assert.equal(texts(ev), 'Yes');
    assert.deepEqual(last(ev), { type: 'done', finishReason: 'stop' });
    for (const [raw, want] of [['FINISH_REASON_LENGTH', 'length'], ['FINISH_REASON_STOP_SEQUENCE', 'stop']] as const) {
      const mm = new OpenAIChunkMapper();
      assert.deepEqual(last([...mm.mapTgiToken({ token: { text: 'x', special: false }, details: { finish_reason: raw } }), ...mm.end()]), { type: 'done', finishReason: want });
    }
  });

  it('in-stream errors throw MaasError (object, string, flat)', () => {
    const m = new OpenAIChunkMapper();
    assert.throws(() => m.map({ error: { message: 'x', code: 500 } }), (e: unknown) => e instanceof MaasError && e.kind === 'server' && e.status === 500);
    assert.throws(() => m.map({ error: 'gen failed', error_type: 'generation' }), (e: unknown) => e instanceof MaasError && e.message.includes('gen failed'));
    assert.throws(() => m.map({ object: 'error', message: 'flat', code: 400 }), (e: unknown) => e instanceof MaasError && e.kind === 'bad_request');
    assert.throws(() => m.map([1, 2]), (e: unknown) => e instanceof MaasError && e.kind === 'protocol');
  });

  it('"error": null is not an error', () => {
    const ev = mapAll([{ ...delta({ content: 'fine' }, 'stop'), error: null }]);
    assert.equal(texts(ev), 'fine');
  });

  it('a non-streamed chat completion (message instead of delta) maps the same way', () => {
    const ev = mapAll([{ choices: [{ index: 0, message: { role: 'assistant', content: 'whole', reasoning: null, tool_calls: [] }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1 } }]);
    assert.equal(texts(ev), 'whole');
    assert.deepEqual(last(ev), { type: 'done', finishReason: 'stop' });
  });
});
