/** Text the think splitter holds back is never lost when the stream fails (docs/architecture.md: text already received is kept). */
import * as assert from 'node:assert/strict';
import { openAIStreamEvents } from '../../src/core/stream/openai-chunks';
import { anthropicStreamEvents } from '../../src/core/stream/anthropic';
import { sequenceEvents } from '../../src/core/stream/sequence';
import type { SseMessage } from '../../src/core/stream/sse';
import type { StreamEvent } from '../../src/core/stream/events';

async function run(gen: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of sequenceEvents(gen, new AbortController().signal)) out.push(e);
  return out;
}
async function* msgs(...data: string[]): AsyncGenerator<SseMessage> { for (const d of data) yield { data: d }; }
const chunk = (content: string) => JSON.stringify({ choices: [{ index: 0, delta: { content } }] });

describe('core: held-back text survives a mid-stream error', () => {
  it('a flagged reasoning model (no </think> yet) keeps its text before the error', async () => {
    const events = await run(openAIStreamEvents(msgs(chunk('Partial answer'), JSON.stringify({ error: { message: 'boom', code: 500 } })), true));
    assert.deepEqual(events.map((e) => e.type), ['text', 'error']);
    assert.equal((events[0] as { text: string }).text, 'Partial answer');
  });
  it('a partial tag held at the end of the text is released before the error', async () => {
    const events = await run(openAIStreamEvents(msgs(chunk('<thi'), JSON.stringify({ error: 'generation failed', error_type: 'generation' }))));
    assert.deepEqual(events.map((e) => e.type), ['text', 'error']);
  });
  it('Anthropic streams do the same', async () => {
    const delta = JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'kept' } });
    const events = await run(anthropicStreamEvents(msgs(delta, JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })), true));
    assert.deepEqual(events.map((e) => e.type), ['text', 'error']);
    assert.equal((events[1] as { kind: string }).kind, 'rate_limited');
  });
});
