/** The event order rule (docs/architecture.md): content*, usage ≤ 1 (last values), exactly one terminal, nothing after; throws become error events. */
import * as assert from 'node:assert/strict';
import { sequenceEvents } from '../../src/core/stream/sequence';
import { MaasError } from '../../src/core/errors';
import type { StreamEvent } from '../../src/core/stream/events';
import { collect } from './helpers/bytes';
import { assertOrder } from './helpers/streams';

async function* from(events: StreamEvent[], thenThrow?: Error): AsyncGenerator<StreamEvent> {
  for (const e of events) yield e;
  if (thenThrow !== undefined) throw thenThrow;
}
const seq = (src: AsyncIterable<StreamEvent>, signal = new AbortController().signal, scrub?: (s: string) => string) => collect(sequenceEvents(src, signal, scrub));

describe('core event sequencing', () => {
  it('passes content through, one usage (merged, last values) right before the terminal', async () => {
    const out = await seq(from([
      { type: 'usage', inputTokens: 5 },
      { type: 'text', text: 'a' },
      { type: 'usage', inputTokens: 5, outputTokens: 1 },
      { type: 'reasoning', text: 'r' },
      { type: 'tool_call', index: 0, argumentsDelta: '{}' },
      { type: 'usage', outputTokens: 3 },
      { type: 'done', finishReason: 'stop' },
    ]));
    assertOrder(out);
    assert.deepEqual(out, [
      { type: 'text', text: 'a' }, { type: 'reasoning', text: 'r' }, { type: 'tool_call', index: 0, argumentsDelta: '{}' },
      { type: 'usage', inputTokens: 5, outputTokens: 3 }, { type: 'done', finishReason: 'stop' },
    ]);
  });

  it('nothing follows the terminal event, even if the source goes on', async () => {
    const out = await seq(from([{ type: 'text', text: 'a' }, { type: 'done', finishReason: 'length' }, { type: 'text', text: 'late' }, { type: 'done', finishReason: 'stop' }]));
    assert.deepEqual(out, [{ type: 'text', text: 'a' }, { type: 'done', finishReason: 'length' }]);
  });

  it('a source that ends without a terminal gets done "unknown"', async () => {
    const out = await seq(from([{ type: 'text', text: 'a' }, { type: 'usage', outputTokens: 1 }]));
    assert.deepEqual(out, [{ type: 'text', text: 'a' }, { type: 'usage', outputTokens: 1 }, { type: 'done', finishReason: 'unknown' }]);
  });

  it('a throw becomes one error event; text already streamed is kept; usage still reported', async () => {
    const out = await seq(from([{ type: 'text', text: 'kept' }, { type: 'usage', inputTokens: 2 }], new MaasError({ kind: 'server', status: 503, message: 'down' })));
    assertOrder(out);
    assert.deepEqual(out, [{ type: 'text', text: 'kept' }, { type: 'usage', inputTokens: 2 }, { type: 'error', kind: 'server', status: 503, message: 'down' }]);
  });

  it('a foreign throw becomes a protocol error event', async () => {
    const out = await seq(from([], new RangeError('weird')));
    assert.equal(out.length, 1);
    assert.equal(out[0].type, 'error');
    assert.equal((out[0] as { kind: string }).kind, 'protocol');
  });

  it('cancellation is never an error: done "cancelled"', async () => {
    const ctl = new AbortController();
    async function* src(): AsyncGenerator<StreamEvent> {
      yield { type: 'text', text: 'a' };
      ctl.abort(new Error('user'));
      throw new Error('aborted fetch');
    }
    const out = await seq(src(), ctl.signal);
    assert.deepEqual(out, [{ type: 'text', text: 'a' }, { type: 'done', finishReason: 'cancelled' }]);
  });

  it('cancellation between events ends with done "cancelled"', async () => {
    const ctl = new AbortController();
    async function* src(): AsyncGenerator<StreamEvent> {
      yield { type: 'text', text: 'a' };
      ctl.abort();
      yield { type: 'text', text: 'b' };
      yield { type: 'done', finishReason: 'stop' };
    }
    const out = await seq(src(), ctl.signal);
    assert.deepEqual(out, [{ type: 'text', text: 'a' }, { type: 'done', finishReason: 'cancelled' }]);
  });

  it('empty text/reasoning events are dropped', async () => {
    const out = await seq(from([{ type: 'text', text: '' }, { type: 'reasoning', text: '' }, { type: 'text', text: 'x' }, { type: 'done', finishReason: 'stop' }]));
    assert.deepEqual(out, [{ type: 'text', text: 'x' }, { type: 'done', finishReason: 'stop' }]);
  });

  it('error messages are scrubbed (in-band error events and throws)', async () => {
    const scrub = (s: string) => s.replace('SECRET', '[redacted]');
    const a = await seq(from([{ type: 'error', kind: 'auth', status: 401, message: 'bad key SECRET' }]), undefined, scrub);
    assert.equal((a[0] as { message: string }).message, 'bad key [redacted]');
    const b = await seq(from([], new MaasError({ kind: 'auth', message: 'bad key SECRET' })), undefined, scrub);
    assert.equal((b[0] as { message: string }).message, 'bad key [redacted]');
  });
});
