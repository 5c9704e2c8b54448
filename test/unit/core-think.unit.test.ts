/** Reasoning (docs/architecture.md): <think>…</think> splitting, only without a reasoning field; tags may be split across chunks. */
import * as assert from 'node:assert/strict';
import { ThinkSplitter } from '../../src/core/stream/think';
import { OpenAIChunkMapper } from '../../src/core/stream/openai-chunks';
import type { ContentEvent, StreamEvent } from '../../src/core/stream/events';

function run(parts: readonly string[], flagged = false): { text: string; reasoning: string; events: ContentEvent[] } {
  const t = new ThinkSplitter(flagged);
  const events: ContentEvent[] = [];
  for (const p of parts) events.push(...t.push(p));
  events.push(...t.end());
  let text = '';
  let reasoning = '';
  for (const e of events) {
    if (e.type === 'text') text += e.text;
    else if (e.type === 'reasoning') reasoning += e.text;
  }
  return { text, reasoning, events };
}

/** Every way to cut `s` into up to three pieces. */
function* cuts3(s: string): Generator<string[]> {
  for (let i = 0; i <= s.length; i++) {
    for (let j = i; j <= s.length; j++) yield [s.slice(0, i), s.slice(i, j), s.slice(j)];
  }
}

describe('core think splitter', () => {
  it('<think>…</think> at the start: reasoning then text', () => {
    const r = run(['<think>Let me see.</think>The answer is 4.']);
    assert.equal(r.reasoning, 'Let me see.');
    assert.equal(r.text, 'The answer is 4.');
  });

  it('tags split across chunks at every position give the same split', () => {
    const s = '<think>abc</think>xyz';
    for (const parts of cuts3(s)) {
      const r = run(parts);
      assert.equal(r.reasoning, 'abc', JSON.stringify(parts));
      assert.equal(r.text, 'xyz', JSON.stringify(parts));
    }
  });

  it('one character per chunk', () => {
    const s = '<think>step one, step two</think>Done.';
    const r = run([...s]);
    assert.equal(r.reasoning, 'step one, step two');
    assert.equal(r.text, 'Done.');
  });

  it('leading whitespace before <think> is allowed', () => {
    for (const lead of ['\n', '  ', '\n\n \t']) {
      const r = run([lead, '<think>r</think>', 't']);
      assert.equal(r.reasoning, 'r', JSON.stringify(lead));
      assert.equal(r.text.trim(), 't', JSON.stringify(lead));
    }
    const r = run(['\n<thi', 'nk>r</th', 'ink>\n\nanswer']);
    assert.equal(r.reasoning, 'r');
    assert.equal(r.text.trim(), 'answer');
  });

  it('no <think>: plain text streams through at once, not held back', () => {
    const t = new ThinkSplitter(false);
    assert.deepEqual(t.push('Hello'), [{ type: 'text', text: 'Hello' }]);
    assert.deepEqual(t.push(' world'), [{ type: 'text', text: ' world' }]);
    assert.deepEqual(t.end(), []);
  });

  it('text that merely starts like a tag is released as soon as it cannot be <think>', () => {
    const t = new ThinkSplitter(false);
    assert.deepEqual(t.push('<'), []);
    assert.deepEqual(t.push('b>bold'), [{ type: 'text', text: '<b>bold' }]);
    const r = run(['<thin', 'king>']);
    assert.equal(r.text, '<thinking>');
    assert.equal(r.reasoning, '');
  });

  it('<think> later in the text (not first) stays text', () => {
    const r = run(['Sure. <think>not reasoning</think> ok']);
    assert.equal(r.reasoning, '');
    assert.equal(r.text, 'Sure. <think>not reasoning</think> ok');
  });

  it('after the first </think> everything is text, even another <think>', () => {
    const r = run(['<think>a</think>b <think>c</think> d']);
    assert.equal(r.reasoning, 'a');
    assert.equal(r.text, 'b <think>c</think> d');
  });

  it('</think> alone is split only for a model flagged as reasoning', () => {
    const flagged = run(['bare reasoning', ' continues</th', 'ink>answer'], true);
    assert.equal(flagged.reasoning, 'bare reasoning continues');
    assert.equal(flagged.text, 'answer');
    const plain = run(['bare reasoning', ' continues</th', 'ink>answer'], false);
    assert.equal(plain.reasoning, '');
    assert.equal(plain.text, 'bare reasoning continues</think>answer');
  });

  it('a flagged model that never sends </think> still gets all its text at the end', () => {
    const r = run(['just ', 'an answer'], true);
    assert.equal(r.text, 'just an answer');
    assert.equal(r.reasoning, '');
  });

  it('an unclosed <think> at end of stream is reasoning, not lost', () => {
    const r = run(['<think>never closed']);
    assert.equal(r.reasoning + r.text, 'never closed');
    assert.equal(r.reasoning, 'never closed');
  });

  it('reasoning is streamed while it arrives (not held until </think>)', () => {
    const t = new ThinkSplitter(false);
    t.push('<think>');
    const out = t.push('first thoughts');
    assert.deepEqual(out, [{ type: 'reasoning', text: 'first thoughts' }]);
  });

  describe('held text is bounded', () => {
    const drain = (t: ThinkSplitter, parts: string[]): ContentEvent[] => [...parts.flatMap((p) => t.push(p)), ...t.end()];
    const joined = (events: ContentEvent[], type: 'text' | 'reasoning') => events.filter((e) => e.type === type).map((e) => (e as { text: string }).text).join('');

    it('a flagged model that never closes its reasoning: past the cap the held text is given as answer text, nothing lost', () => {
      const t = new ThinkSplitter(true, 100);
      const parts = Array.from({ length: 60 }, (_, i) => `w${i} `);
      const events = drain(t, parts);
      assert.equal(joined(events, 'text'), parts.join(''));
      assert.equal(joined(events, 'reasoning'), '');
      const heldEvents = events.filter((e) => e.type === 'text');
      assert.ok(heldEvents.length > 1, 'the text after the cap streams instead of being held');
    });

    it('a </think> in the chunk that crosses the cap still splits (the search comes before the cap)', () => {
      const t = new ThinkSplitter(true, 50);
      const events = drain(t, ['r'.repeat(40), 'r'.repeat(40) + '</think>answer']);
      assert.equal(joined(events, 'reasoning'), 'r'.repeat(80));
      assert.equal(joined(events, 'text'), 'answer');
    });

    it('whitespace that never ends is not held past the cap', () => {
      const t = new ThinkSplitter(false, 10);
      const events = drain(t, ['      ', '      ', 'hi']);
      assert.equal(joined(events, 'text'), '            hi');
    });

    it('a </think> split across many small pushes after long held text is still found (held text is searched once)', () => {
      const t = new ThinkSplitter(true, 1_000_000);
      const reasoning = 'r'.repeat(5000);
      const parts = [...reasoning.match(/.{1,7}/g)!, '</th', 'ink>', 'answer'];
      const events = drain(t, parts);
      assert.equal(joined(events, 'reasoning'), reasoning);
      assert.equal(joined(events, 'text'), 'answer');
    });
  });

  describe('with a reasoning field the tags are left alone', () => {
    const c = (delta: Record<string, unknown>, finish: string | null = null) => ({ choices: [{ index: 0, delta, finish_reason: finish }] });
    function mapAll(chunks: unknown[], flagged = false): StreamEvent[] {
      const m = new OpenAIChunkMapper(flagged);
      return [...chunks.flatMap((x) => m.map(x)), ...m.end()];
    }

    it('reasoning field first, then <think> in content → literal text', () => {
      const ev = mapAll([c({ reasoning: 'r' }), c({ content: '<think>x</think>y' }, 'stop')]);
      assert.deepEqual(ev.filter((e) => e.type === 'text'), [{ type: 'text', text: '<think>x</think>y' }]);
      assert.deepEqual(ev.filter((e) => e.type === 'reasoning'), [{ type: 'reasoning', text: 'r' }]);
    });

    it('reasoning_content (llama.cpp / DeepSeek) counts as a reasoning field too', () => {
      const ev = mapAll([c({ reasoning_content: 'deep' }), c({ content: 'tail</think>' }, 'stop')], true);
      assert.deepEqual(ev.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join(''), 'tail</think>');
      assert.deepEqual(ev.filter((e) => e.type === 'reasoning').map((e) => (e as { text: string }).text).join(''), 'deep');
    });

    it('without a reasoning field, <think> in content is split by the mapper', () => {
      const ev = mapAll([c({ content: '<thi' }), c({ content: 'nk>hmm</think>' }), c({ content: 'ok' }, 'stop')]);
      assert.equal(ev.filter((e) => e.type === 'reasoning').map((e) => (e as { text: string }).text).join(''), 'hmm');
      assert.equal(ev.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join(''), 'ok');
    });
  });
});
