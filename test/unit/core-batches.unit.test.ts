/**
 * Batch delivery (one batch per network read): the order rules across batches, never an empty batch, the
 * end of a stream (marker, EOF, failure before or during the body, cancellation), and the body closed.
 */
import * as assert from 'node:assert/strict';
import { EventSequencer } from '../../src/core/stream/sequence';
import { decodeBatches } from '../../src/core/stream/batches';
import { AnswerDecoder } from '../../src/core/stream/answer-decoder';
import { IntelStreamDecoder } from '../../src/core/stream/intel';
import { MaasError } from '../../src/core/errors';
import type { EventBatch, StreamEvent } from '../../src/core/stream/events';
import { collect, utf8 } from './helpers/bytes';
import { assertOrder } from './helpers/streams';
import { batchesOf } from './helpers/batches';

const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;

describe('core batch delivery', () => {
  describe('EventSequencer: the order rules across batches', () => {
    it('usage seen in several batches comes once, merged, just before the terminal', () => {
      const seq = new EventSequencer();
      const b1 = seq.push([{ type: 'text', text: 'a' }, { type: 'usage', inputTokens: 5 }]);
      const b2 = seq.push([{ type: 'usage', outputTokens: 1 }, { type: 'text', text: 'b' }]);
      const b3 = seq.push([{ type: 'usage', outputTokens: 2 }, { type: 'done', finishReason: 'stop' }]);
      assert.deepEqual(b1, [{ type: 'text', text: 'a' }]);
      assert.deepEqual(b2, [{ type: 'text', text: 'b' }]);
      assert.deepEqual(b3, [{ type: 'usage', inputTokens: 5, outputTokens: 2 }, { type: 'done', finishReason: 'stop' }]);
      assertOrder([...b1, ...b2, ...b3]);
      assert.equal(seq.ended, true);
    });

    it('nothing after the terminal: the rest of its batch and every later push, fail and end give nothing', () => {
      const seq = new EventSequencer();
      assert.deepEqual(seq.push([{ type: 'text', text: 'a' }, { type: 'done', finishReason: 'length' }, { type: 'text', text: 'late' }]), [{ type: 'text', text: 'a' }, { type: 'done', finishReason: 'length' }]);
      assert.deepEqual(seq.push([{ type: 'text', text: 'later' }, { type: 'done', finishReason: 'stop' }]), []);
      assert.deepEqual(seq.fail(new Error('x')), []);
      assert.deepEqual(seq.end(true), []);
    });

    it('drops empty text and reasoning, scrubs error messages, turns a throw into an error after the kept usage', () => {
      const seq = new EventSequencer((s) => s.replace('sk-secret', '***'));
      assert.deepEqual(seq.push([{ type: 'text', text: '' }, { type: 'reasoning', text: '' }, { type: 'usage', outputTokens: 3 }]), []);
      assert.deepEqual(seq.fail(new MaasError({ kind: 'server', status: 500, message: 'boom sk-secret' })), [
        { type: 'usage', outputTokens: 3 }, { type: 'error', kind: 'server', status: 500, message: 'boom ***' },
      ]);
      const seq2 = new EventSequencer((s) => s.replace('sk-secret', '***'));
      const out = seq2.push([{ type: 'error', kind: 'auth', status: 401, message: 'bad sk-secret' }]);
      assert.deepEqual(out, [{ type: 'error', kind: 'auth', status: 401, message: 'bad ***' }]);
    });

    it('end(cancelled) gives done "cancelled"; end(false) done "unknown"', () => {
      assert.deepEqual(new EventSequencer().end(true), [{ type: 'done', finishReason: 'cancelled' }]);
      assert.deepEqual(new EventSequencer().end(false), [{ type: 'done', finishReason: 'unknown' }]);
    });
  });

  describe('the read loop', () => {
    it('N reads give at most N batches when the body ends with [DONE]; reads that complete nothing give none', async () => {
      const reads = [
        chunk({ content: 'Hel' }) + chunk({ content: 'lo' }),
        ': keep-alive\n\n',
        'data: {"choices":[{"index":0,"delta":{"content":" wor',
        'ld"},"finish_reason":null}]}\n\n',
        chunk({ content: '' }),
        chunk({}, 'stop', { usage: { prompt_tokens: 3, completion_tokens: 4 } }) + 'data: [DONE]\n\n',
      ].map(utf8);
      const batches = await batchesOf(reads, new AnswerDecoder('openai'));
      assert.deepEqual(batches, [
        [{ type: 'text', text: 'Hel' }, { type: 'text', text: 'lo' }],
        [{ type: 'text', text: ' world' }],
        [{ type: 'usage', inputTokens: 3, outputTokens: 4 }, { type: 'done', finishReason: 'stop' }],
      ]);
    });

    it('a body that ends without an end marker gets its terminal in one more batch', async () => {
      const batches = await batchesOf([utf8(chunk({ content: 'a' })), utf8(chunk({ content: 'b' }, 'stop'))], new AnswerDecoder('openai'));
      assert.deepEqual(batches, [[{ type: 'text', text: 'a' }], [{ type: 'text', text: 'b' }], [{ type: 'done', finishReason: 'stop' }]]);
    });

    it('stops reading at the terminal and closes the body, even with bytes left', async () => {
      let closed = false;
      let reads = 0;
      async function* body(): AsyncGenerator<Uint8Array> {
        try {
          for (;;) { reads++; yield utf8(reads === 2 ? `${chunk({}, 'stop')}data: [DONE]\n\n${chunk({ content: 'after' })}` : chunk({ content: 'x' })); }
        } finally { closed = true; }
      }
      const batches = await collect(decodeBatches(async () => ({ body: body(), decoder: new AnswerDecoder('openai') }), new AbortController().signal));
      assert.deepEqual(batches, [[{ type: 'text', text: 'x' }], [{ type: 'done', finishReason: 'stop' }]]);
      assert.equal(reads, 2);
      assert.equal(closed, true);
    });

    it('a failure before the body (HTTP error, bad configuration) is a one-batch error stream', async () => {
      const batches = await collect(decodeBatches(async () => { throw new MaasError({ kind: 'auth', status: 401, message: 'The gateway refused the key' }); }, new AbortController().signal));
      assert.deepEqual(batches, [[{ type: 'error', kind: 'auth', status: 401, message: 'The gateway refused the key' }]]);
    });

    it('a broken connection mid-body: text already delivered stays, held-back text comes before the error', async () => {
      const broken = new MaasError({ kind: 'network', message: 'The connection broke while reading the answer' });
      async function* body(): AsyncGenerator<Uint8Array> {
        yield utf8(chunk({ content: 'Answer so far' }));
        yield utf8(chunk({ content: ' and <thi' }));
        throw broken;
      }
      const batches = await collect(decodeBatches(async () => ({ body: body(), decoder: new AnswerDecoder('openai') }), new AbortController().signal));
      assert.deepEqual(batches, [
        [{ type: 'text', text: 'Answer so far' }],
        [{ type: 'text', text: ' and <thi' }],
        [{ type: 'error', kind: 'network', message: 'The connection broke while reading the answer' }],
      ]);
      // A reasoning model's answer is held until </think> shows what it was: it is given before the error.
      async function* held(): AsyncGenerator<Uint8Array> {
        yield utf8(chunk({ content: 'Partial answer' }));
        throw broken;
      }
      const heldBatches = await collect(decodeBatches(async () => ({ body: held(), decoder: new AnswerDecoder('openai', true) }), new AbortController().signal));
      assert.deepEqual(heldBatches, [[{ type: 'text', text: 'Partial answer' }, { type: 'error', kind: 'network', message: 'The connection broke while reading the answer' }]]);
    });

    it('an in-stream error in the middle of a read keeps the events before it in the same batch', async () => {
      const read = chunk({ content: 'Hi' }) + 'data: {"error":{"message":"Upstream timed out","code":504}}\n\n' + chunk({ content: 'never' });
      const batches = await batchesOf([utf8(read)], new AnswerDecoder('openai'));
      assert.equal(batches.length, 1);
      assert.deepEqual(batches[0].map((e) => e.type), ['text', 'error']);
      assert.equal((batches[0][1] as { kind: string }).kind, 'timeout');
    });

    it('Intel NDJSON: the line with details ends the stream in its read; an error line keeps the text before it', async () => {
      const tok = (text: string, details?: object) => `${JSON.stringify({ result: { response: { token: { id: 1, text, special: false }, ...(details ? { details } : {}) } } })}\n`;
      const ok = await batchesOf([utf8(tok('Yes') + tok('.')), utf8(tok('', { finish_reason: 'FINISH_REASON_EOS_TOKEN', generated_tokens: 2 }) + tok('ignored'))], new IntelStreamDecoder());
      assert.deepEqual(ok, [[{ type: 'text', text: 'Yes' }, { type: 'text', text: '.' }], [{ type: 'usage', outputTokens: 2 }, { type: 'done', finishReason: 'stop' }]]);
      const failed = await batchesOf([utf8(tok('Part') + '{"code":8,"message":"quota exhausted"}\n')], new IntelStreamDecoder());
      assert.equal(failed.length, 1);
      assert.deepEqual(failed[0].map((e) => e.type), ['text', 'error']);
      assert.equal((failed[0][1] as { kind: string }).kind, 'rate_limited');
    });

    it('cancellation ends the stream with done "cancelled" (never an error), content kept', async () => {
      const ctl = new AbortController();
      async function* body(): AsyncGenerator<Uint8Array> {
        yield utf8(chunk({ content: 'first' }));
        yield utf8(chunk({ content: 'second' }));
        yield utf8(chunk({ content: 'third' }));
      }
      const got: EventBatch[] = [];
      for await (const b of decodeBatches(async () => ({ body: body(), decoder: new AnswerDecoder('openai') }), ctl.signal)) {
        got.push(b);
        ctl.abort();
      }
      assert.deepEqual(got, [[{ type: 'text', text: 'first' }], [{ type: 'done', finishReason: 'cancelled' }]]);

      const ctl2 = new AbortController();
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield utf8(chunk({ content: 'first' }));
        ctl2.abort();
        throw new DOMException('aborted', 'AbortError');
      }
      const events: StreamEvent[] = (await collect(decodeBatches(async () => ({ body: failing(), decoder: new AnswerDecoder('openai') }), ctl2.signal))).flat();
      assert.deepEqual(events, [{ type: 'text', text: 'first' }, { type: 'done', finishReason: 'cancelled' }]);
    });
  });
});
