// A whole JSON answer to a streaming request (a server that ignored `stream`) carries tool calls too:
// OpenAI `message.tool_calls` (no `index`: the position stands in) and Anthropic `tool_use` blocks.
import * as assert from 'node:assert/strict';
import { OpenAISseMapper } from '../../src/core/stream/openai-chunks';
import { AnthropicSseMapper } from '../../src/core/stream/anthropic';
import type { StreamEvent } from '../../src/core/stream/events';

describe('core: tool calls in non-streamed answers', () => {
  it('OpenAI message.tool_calls → one tool_call per call, by position', () => {
    const out: StreamEvent[] = [];
    new OpenAISseMapper().document({
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [
        { id: 'a', type: 'function', function: { name: 'one', arguments: '{"x":1}' } },
        { id: 'b', type: 'function', function: { name: 'two', arguments: '{}' } },
      ] } }],
    }, out);
    assert.deepEqual(out, [
      { type: 'tool_call', index: 0, id: 'a', name: 'one', argumentsDelta: '{"x":1}' },
      { type: 'tool_call', index: 1, id: 'b', name: 'two', argumentsDelta: '{}' },
      { type: 'done', finishReason: 'tool_calls' },
    ]);
  });

  it('Anthropic tool_use blocks → tool_call events with the input as JSON text', () => {
    const out: StreamEvent[] = [];
    new AnthropicSseMapper().document({
      type: 'message', stop_reason: 'tool_use', usage: { input_tokens: 9, output_tokens: 4 },
      content: [{ type: 'text', text: 'Looking.' }, { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } }],
    }, out);
    assert.deepEqual(out, [
      { type: 'text', text: 'Looking.' },
      { type: 'tool_call', index: 0, id: 'toolu_1', name: 'weather', argumentsDelta: '{"city":"Oslo"}' },
      { type: 'usage', inputTokens: 9, outputTokens: 4 },
      { type: 'done', finishReason: 'tool_calls' },
    ]);
  });
});
