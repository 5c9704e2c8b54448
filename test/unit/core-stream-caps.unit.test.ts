/**
 * What a server controls in a stream is bounded: one SSE line, one SSE event, one NDJSON line and a JSON
 * document answering a streaming request each have a cap; past it the stream ends with a `protocol`
 * error that says which cap, after the text already decoded. Small caps are injected for most cases; the
 * real caps are checked once each with bodies just over them.
 */
import * as assert from 'node:assert/strict';
import { AnswerDecoder } from '../../src/core/stream/answer-decoder';
import { IntelStreamDecoder } from '../../src/core/stream/intel';
import { MAX_NDJSON_LINE_BYTES, MAX_SNIFFED_JSON_BYTES, MAX_SSE_EVENT_CHARS, MAX_SSE_LINE_BYTES, type StreamLimits } from '../../src/core/stream/limits';
import type { ErrorEvent, EventBatch, StreamEvent } from '../../src/core/stream/events';
import { utf8 } from './helpers/bytes';
import { assertOrder } from './helpers/streams';
import { batchesOf } from './helpers/batches';

const SMALL: StreamLimits = { sseLineBytes: 128, sseEventChars: 512, ndjsonLineBytes: 128, sniffedJsonBytes: 128 };
const MiB = 1024 * 1024;

const sse = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const ndjson = (text: string) => `${JSON.stringify({ result: { response: { token: { id: 1, text, special: false } } } })}\n`;

/** Pieces of `size` bytes. */
function pieces(text: string, size: number): Uint8Array[] {
  const bytes = utf8(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function flat(batches: EventBatch[]): StreamEvent[] {
  for (const b of batches) assert.ok(b.length > 0, 'an empty batch');
  const events = batches.flat();
  assertOrder(events);
  return events;
}

function protocolError(events: StreamEvent[], says: RegExp): ErrorEvent {
  const last = events[events.length - 1];
  assert.equal(last.type, 'error', `expected an error, got ${JSON.stringify(last)}`);
  assert.equal(last.kind, 'protocol', last.message);
  assert.match(last.message, says);
  return last;
}

const texts = (events: StreamEvent[]) => events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join('');

describe('core stream caps', () => {
  describe('with small caps', () => {
    it('an SSE line with no line break past the cap → protocol error; the text before it is kept', async () => {
      const events = flat(await batchesOf(pieces(sse('Hi') + 'data: ' + 'x'.repeat(200), 10), new AnswerDecoder('openai', false, SMALL)));
      protocolError(events, /SSE line longer than 128 bytes/);
      assert.equal(texts(events), 'Hi');
    });

    it('an SSE event (many data lines, no blank line) past the cap → protocol error', async () => {
      const events = flat(await batchesOf(pieces(sse('Hi') + 'data: 0123456789012345678901234567890123456789\n'.repeat(20), 7), new AnswerDecoder('openai', false, SMALL)));
      protocolError(events, /SSE event longer than 512 bytes/);
      assert.equal(texts(events), 'Hi');
    });

    it('many SSE events and lines whose sum is far past the caps are fine (the counts restart per line and per event)', async () => {
      const body = Array.from({ length: 200 }, (_, i) => sse(`t${i} `)).join('') + ': comment\n'.repeat(50) + 'data: [DONE]\n\n';
      for (const size of [1, 13, 100, 4096]) {
        const events = flat(await batchesOf(pieces(body, size), new AnswerDecoder('openai', false, SMALL)));
        assert.equal(events[events.length - 1].type, 'done');
        assert.equal(texts(events), Array.from({ length: 200 }, (_, i) => `t${i} `).join(''));
      }
    });

    it('an NDJSON line past the cap → protocol error; the text before it is kept', async () => {
      const events = flat(await batchesOf(pieces(ndjson('Yes') + '{"result":{"response":{"token":{"text":"' + 'x'.repeat(200), 9), new IntelStreamDecoder(false, SMALL)));
      protocolError(events, /JSON line longer than 128 bytes/);
      assert.equal(texts(events), 'Yes');
    });

    it('NDJSON lines whose sum is past the cap are fine', async () => {
      const body = Array.from({ length: 50 }, () => ndjson('a')).join('');
      const events = flat(await batchesOf(pieces(body, 5), new IntelStreamDecoder(false, SMALL)));
      assert.equal(texts(events), 'a'.repeat(50));
      assert.deepEqual(events[events.length - 1], { type: 'done', finishReason: 'unknown' });
    });

    it('a JSON document on a streaming request past the cap → protocol error', async () => {
      const body = `{"choices":[{"index":0,"message":{"content":"${'x'.repeat(200)}"},"finish_reason":"stop"}]}`;
      const events = flat(await batchesOf(pieces(body, 16), new AnswerDecoder('openai', false, SMALL)));
      protocolError(events, /JSON document longer than 128 bytes/);
      assert.equal(events.length, 1);
      // Under the cap the same document is read.
      const ok = flat(await batchesOf(pieces(body, 16), new AnswerDecoder('openai', false, { ...SMALL, sniffedJsonBytes: 1024 })));
      assert.equal(texts(ok), 'x'.repeat(200));
    });
  });

  describe('at the real caps (16 MiB each)', () => {
    it('the documented caps', () => {
      assert.deepEqual([MAX_SSE_LINE_BYTES, MAX_SSE_EVENT_CHARS, MAX_NDJSON_LINE_BYTES, MAX_SNIFFED_JSON_BYTES], [16 * MiB, 16 * MiB, 16 * MiB, 16 * MiB]);
    });

    const MiBOfX = new Uint8Array(MiB).fill(0x78);

    it('an SSE line of 17 MiB without a line break', async () => {
      const reads = [utf8(sse('Hi') + 'data: '), ...Array.from({ length: 17 }, () => MiBOfX)];
      const events = flat(await batchesOf(reads, new AnswerDecoder('openai')));
      protocolError(events, /SSE line longer than 16 MiB/);
      assert.equal(texts(events), 'Hi');
    });

    it('an SSE event of 17 MiB in 1 KiB data lines', async () => {
      const line = `data: ${'y'.repeat(1017)}\n`;
      const read = utf8(line.repeat(1024));
      const events = flat(await batchesOf([utf8(sse('Hi')), ...Array.from({ length: 17 }, () => read)], new AnswerDecoder('openai')));
      protocolError(events, /SSE event longer than 16 MiB/);
    });

    it('an NDJSON line of 17 MiB', async () => {
      const reads = [utf8(ndjson('Yes') + '{"result":"'), ...Array.from({ length: 17 }, () => MiBOfX)];
      const events = flat(await batchesOf(reads, new IntelStreamDecoder()));
      protocolError(events, /JSON line longer than 16 MiB/);
    });

    it('a 17 MiB JSON document on a streaming request', async () => {
      const reads = [utf8('{"choices":[{"message":{"content":"'), ...Array.from({ length: 17 }, () => MiBOfX)];
      const events = flat(await batchesOf(reads, new AnswerDecoder('openai')));
      protocolError(events, /JSON document longer than 16 MiB/);
    });
  });
});
