/** The lenient SSE rules and chunk variants listed in docs/endpoints.md, one synthetic case each. */
import * as assert from 'node:assert/strict';
import { decodeSse, type SseMessage } from '../../src/core/stream/sse';
import { chunkings, collect, fromChunks, utf8 } from './helpers/bytes';
import { assertOrder, sseOf, summarise, expectDone, expectError, viaResponse, sequenced, fakeResponse, responseEvents } from './helpers/streams';
import { sequenceEvents } from '../../src/core/stream/sequence';

const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra });

/** Three content chunks + finish, framed with the given line terminator. */
function framed(eol: string, done = true): string {
  const lines = [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi' }), chunk({ content: '!' }, 'stop')];
  return lines.map((l) => `data: ${l}${eol}${eol}`).join('') + (done ? `data: [DONE]${eol}${eol}` : '');
}

async function messages(text: string, split?: number[]): Promise<SseMessage[]> {
  const bytes = utf8(text);
  const chunks = split ? splitBytes(bytes, split) : [bytes];
  return collect(decodeSse(fromChunks(chunks)));
}
function splitBytes(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of at) { out.push(bytes.slice(prev, p)); prev = p; }
  out.push(bytes.slice(prev));
  return out;
}

/** All chunkings give the same events; returns the one-chunk events. */
async function stable(text: string, seed = 1): Promise<ReturnType<typeof summarise>> {
  const bytes = utf8(text);
  const ref = await sequenced('openai', [bytes]);
  assertOrder(ref);
  for (const { label, chunks } of chunkings(bytes, seed, 8)) assert.deepEqual(await sequenced('openai', chunks), ref, label);
  return summarise(ref);
}

describe('core SSE decoding (lenient rules)', () => {
  describe('line terminators', () => {
    for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
      it(`${name} separators`, async () => {
        const s = await stable(framed(eol));
        assert.equal(s.text, 'Hi!');
        assert.equal(expectDone(s).finishReason, 'stop');
      });
    }

    it('CRLF split between CR and LF at every event boundary', async () => {
      const text = framed('\r\n');
      const bytes = utf8(text);
      const cuts: number[] = [];
      for (let i = 1; i < bytes.length; i++) if (bytes[i - 1] === 13 && bytes[i] === 10) cuts.push(i);
      const events = await sequenced('openai', splitBytes(bytes, cuts));
      assert.deepEqual(events, await sequenced('openai', [bytes]));
      assert.equal(summarise(events).text, 'Hi!');
    });

    it('mixed terminators in one stream', async () => {
      const text = `data: ${chunk({ content: 'a' })}\r\n\r\ndata: ${chunk({ content: 'b' })}\n\ndata: ${chunk({ content: 'c' }, 'stop')}\r\r`;
      const s = await stable(text);
      assert.equal(s.text, 'abc');
    });
  });

  it('ignores comment lines (":", ": ping - <ts>", ": keep-alive")', async () => {
    const text = `:\n\n: ping - 2026-01-01 00:00:00.123+00:00\n\ndata: ${chunk({ content: 'x' })}\n: keep-alive\n\ndata: ${chunk({}, 'stop')}\n\n`;
    const s = await stable(text);
    assert.equal(s.text, 'x');
    assert.equal(expectDone(s).finishReason, 'stop');
  });

  it('accepts data: without a space and strips exactly one leading space', async () => {
    const msgs = await messages('data:{"a":1}\n\ndata:  two-spaces\n\n');
    assert.deepEqual(msgs.map((m) => m.data), ['{"a":1}', ' two-spaces']);
    const s = await stable(`data:${chunk({ content: 'np' }, 'stop')}\n\ndata:[DONE]\n\n`);
    assert.equal(s.text, 'np');
  });

  it('joins multi-line data with \\n before JSON.parse', async () => {
    const json = chunk({ content: 'multi' }, 'stop');
    const half = json.indexOf(',"choices"');
    const text = `data: ${json.slice(0, half)}\ndata: ${json.slice(half)}\n\ndata: [DONE]\n\n`;
    const msgs = await messages(text);
    assert.equal(msgs[0].data, `${json.slice(0, half)}\n${json.slice(half)}`);
    const s = await stable(text);
    assert.equal(s.text, 'multi');
  });

  it('tolerates event:, id: and retry: fields on OpenAI streams', async () => {
    const text = `retry: 3000\n\nid: 1\nevent: message\ndata: ${chunk({ content: 'ok' })}\n\nid: 2\nevent: chunk\ndata: ${chunk({}, 'stop')}\n\n`;
    const s = await stable(text);
    assert.equal(s.text, 'ok');
    assert.equal(expectDone(s).finishReason, 'stop');
  });

  it('[DONE] is optional: EOF after a finish_reason is a clean end', async () => {
    const s = await stable(framed('\n', false));
    assert.equal(expectDone(s).finishReason, 'stop');
  });

  it('EOF without [DONE] and without a finish_reason ends with done "unknown"', async () => {
    const s = await stable(`data: ${chunk({ content: 'cut' })}\n\n`);
    assert.equal(s.text, 'cut');
    assert.equal(expectDone(s).finishReason, 'unknown');
  });

  it('nothing after [DONE] is read', async () => {
    const s = await stable(`data: ${chunk({ content: 'a' }, 'stop')}\n\ndata: [DONE]\n\ndata: ${chunk({ content: 'LATE' })}\n\n`);
    assert.equal(s.text, 'a');
  });

  it('still parses an unterminated last event (no blank line before EOF)', async () => {
    for (const tail of ['', '\n', '\r', '\r\n']) {
      const text = `data: ${chunk({ content: 'a' })}\n\ndata: ${chunk({ content: 'b' }, 'length')}${tail}`;
      const s = await stable(text);
      assert.equal(s.text, 'ab', JSON.stringify(tail));
      assert.equal(expectDone(s).finishReason, 'length', JSON.stringify(tail));
    }
  });

  it('a JSON error tail without data: (GPUStack) becomes an error event, after the text already streamed', async () => {
    const tail = '{"error":{"message":"Worker crashed","type":"InternalServerError","code":500}}';
    for (const sep of ['\n', '\n\n', '']) {
      const text = `data: ${chunk({ content: 'partial' })}\n\n${tail}${sep}`;
      const s = await stable(text);
      assert.equal(s.text, 'partial');
      const e = expectError(s);
      assert.equal(e.kind, 'server');
      assert.equal(e.status, 500);
      assert.ok(e.message.includes('Worker crashed'), e.message);
    }
  });

  it('a top-level "error" key is an error even with HTTP 200 (vLLM object, TGI string, flat older vLLM)', async () => {
    const vllm = expectError(await stable(`data: {"error": {"message": "boom", "type": "BadRequestError", "param": null, "code": 400}}\n\ndata: [DONE]\n\n`));
    assert.equal(vllm.kind, 'bad_request');
    assert.equal(vllm.status, 400);
    assert.ok(vllm.message.includes('boom'));
    const tgi = expectError(await stable(`data:{"error":"Request failed during generation","error_type":"generation"}\n\n`));
    assert.equal(tgi.kind, 'server');
    assert.ok(tgi.message.includes('Request failed during generation'));
    const tgiOverloaded = expectError(await stable(`data:{"error":"Model is overloaded","error_type":"overloaded"}\n\n`));
    assert.equal(tgiOverloaded.kind, 'rate_limited');
    const flat = expectError(await stable(`data: {"object":"error","message":"old vllm says no","type":"BadRequestError","param":null,"code":400}\n\n`));
    assert.equal(flat.kind, 'bad_request');
    assert.ok(flat.message.includes('old vllm says no'));
  });

  it('"event: error" is an error even when the JSON looks like a normal chunk', async () => {
    const e = expectError(await stable(`data: ${chunk({ content: 'a' })}\n\nevent: error\ndata: ${chunk({ content: 'not text' }, 'stop')}\n\n`));
    assert.equal(e.message, 'The model server reported an error mid-stream: the stream reported an error');
    const s = await stable(`data: ${chunk({ content: 'a' })}\n\nevent: error\ndata: ${chunk({ content: 'not text' }, 'stop')}\n\n`);
    assert.equal(s.text, 'a', 'content inside an error event is not text');
    const llama = expectError(await stable(`event: error\ndata: {"code":500,"message":"llama.cpp failed","type":"server_error"}\n\n`));
    assert.equal(llama.kind, 'server');
    assert.equal(llama.status, 500);
    assert.ok(llama.message.includes('llama.cpp failed'));
    const notJson = expectError(await stable('event: error\ndata: plain words\n\n'));
    assert.equal(notJson.kind, 'server');
    assert.ok(notJson.message.includes('plain words'));
  });

  it('a data line that is not JSON is a protocol error', async () => {
    const e = expectError(await stable(`data: ${chunk({ content: 'a' })}\n\ndata: <html>oops</html>\n\n`));
    assert.equal(e.kind, 'protocol');
  });

  it('vLLM finish_reason "abort" / "error" become an error of kind server, text kept', async () => {
    for (const reason of ['abort', 'error']) {
      const s = await stable(`data: ${chunk({ content: 'so far' })}\n\ndata: ${chunk({}, reason)}\n\ndata: [DONE]\n\n`);
      assert.equal(s.text, 'so far');
      const e = expectError(s);
      assert.equal(e.kind, 'server', reason);
      assert.notEqual(e.status, 200);
    }
  });

  it('usage on every chunk (vLLM 0.5 via OICM) → one usage event with the last values', async () => {
    const u = (p: number, c: number) => ({ usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c } });
    const text = [
      chunk({ role: 'assistant', content: '' }, null, u(11, 0)),
      chunk({ content: 'a' }, null, u(11, 1)),
      chunk({ content: 'b' }, null, u(11, 1)),
      chunk({ content: 'c' }, 'stop', u(11, 3)),
    ].map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n';
    const events = await sseOf(text);
    assertOrder(events);
    assert.equal(events.filter((e) => e.type === 'usage').length, 1);
    assert.deepEqual(summarise(events).usage, { type: 'usage', inputTokens: 11, outputTokens: 3 });
  });

  it('"usage": null on every chunk (TGI) is not usage; a final choices:[] chunk is', async () => {
    const text = `data:${chunk({ role: 'assistant', content: 'x' }, null, { usage: null })}\n\ndata:${chunk({ role: 'assistant', content: 'y' }, 'stop', { usage: null })}\n\ndata:{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}\n\ndata:[DONE]\n\n`;
    const s = await stable(text);
    assert.equal(s.text, 'xy');
    assert.deepEqual(s.usage, { type: 'usage', inputTokens: 5, outputTokens: 2 });
  });

  it('TGI tool-call fragments (id "0", name null repeated, no finish_reason) accumulate by index', async () => {
    const tc = (args: string, name: string | null) => chunk({ role: 'assistant', tool_calls: [{ index: 0, id: '0', type: 'function', function: { name, arguments: args } }] }, null, { id: '', usage: null });
    const text = [tc('{"loca', 'get_weather'), tc('tion": "Par', null), tc('is"}', null)].map((l) => `data:${l}\n\n`).join('') + 'data:[DONE]\n\n';
    const s = await stable(text);
    const calls = s.toolCalls;
    assert.equal(calls.length, 3, 'one tool-call fragment per chunk');
    assert.ok(calls.every((c) => c.index === 0));
    assert.equal(calls.filter((c) => c.id !== undefined).length, 1, 'the id is reported once');
    assert.equal(calls.find((c) => c.id !== undefined)?.id, '0');
    assert.deepEqual(calls.filter((c) => c.name !== undefined).map((c) => c.name), ['get_weather'], 'name:null means "no change"');
    assert.equal(calls.map((c) => c.argumentsDelta).join(''), '{"location": "Paris"}');
    assert.equal(expectDone(s).finishReason, 'unknown');
  });

  it('vLLM tool calls: two calls by index, finish tool_calls', async () => {
    const text = [
      chunk({ tool_calls: [{ index: 0, id: 'chatcmpl-tool-a', type: 'function', function: { name: 'f' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'chatcmpl-tool-b', type: 'function', function: { name: 'g', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ].map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n';
    const s = await stable(text);
    const byIndex = (i: number) => s.toolCalls.filter((c) => c.index === i);
    assert.equal(byIndex(0).map((c) => c.argumentsDelta).join(''), '{"x":1}');
    assert.equal(byIndex(1).map((c) => c.argumentsDelta).join(''), '{}');
    assert.equal(byIndex(0)[0].id, 'chatcmpl-tool-a');
    assert.equal(byIndex(0)[0].name, 'f');
    assert.equal(byIndex(1)[0].name, 'g');
    assert.equal(expectDone(s).finishReason, 'tool_calls');
  });

  it('content:null is not the end of the stream (llama.cpp first chunk, DeepSeek)', async () => {
    const text = [
      chunk({ role: 'assistant', content: null }),
      chunk({ content: null, reasoning_content: 'think' }),
      chunk({ content: 'after null' }),
      chunk({}, 'stop'),
    ].map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n';
    const s = await stable(text);
    assert.equal(s.text, 'after null');
    assert.equal(s.reasoning, 'think');
    assert.equal(expectDone(s).finishReason, 'stop');
  });

  describe('a JSON body on a streaming request (responseEvents sniffing)', () => {
    it('GPUStack-style error JSON labelled text/event-stream → error with the embedded status', async () => {
      const body = '{"error":{"message":"Service unavailable. Please retry your requests after a brief wait.","type":"ServiceUnavailable","code":503,"param":null}}';
      for (const { label, chunks } of chunkings(utf8(body), 3, 6)) {
        const events = await viaResponse(chunks, 'openai', false, 'text/event-stream');
        assertOrder(events, label);
        const e = expectError(summarise(events));
        assert.equal(e.kind, 'server', label);
        assert.equal(e.status, 503, label);
        assert.ok(e.message.includes('Service unavailable'), label);
      }
    });

    it('JSON body with leading whitespace is still sniffed as JSON', async () => {
      const body = '\n  {"error":{"message":"nope","code":404,"type":"NotFound"}}';
      const e = expectError(summarise(await viaResponse([utf8(body)], 'openai')));
      assert.equal(e.kind, 'not_found');
    });

    it('Anthropic error JSON labelled text/event-stream: overloaded → rate_limited, reason kept', async () => {
      const body = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
      const e = expectError(summarise(await viaResponse([utf8(body)], 'anthropic')));
      assert.equal(e.kind, 'rate_limited', e.message);
      assert.ok(e.message.includes('Overloaded'));
    });

    it('Anthropic non-streamed message with stop_reason refusal → content_filter', async () => {
      const body = '{"type":"message","role":"assistant","content":[{"type":"text","text":"I can\'t"}],"stop_reason":"refusal","usage":{"input_tokens":3,"output_tokens":2}}';
      const s = summarise(await viaResponse([utf8(body)], 'anthropic', false, 'application/json'));
      assert.equal(s.text, "I can't");
      assert.equal(expectDone(s).finishReason, 'content_filter');
    });

    it('the response body is always closed (connection released, idle timer cleared), even when [DONE] is in the first chunk', async () => {
      const whole = utf8(framed('\n'));
      for (const chunks of [[whole], [whole.slice(0, 10), whole.slice(10)], [utf8('{"error":{"message":"x","code":503}}')]]) {
        const state = { closed: false };
        const events = await collect(sequenceEvents(responseEvents(fakeResponse(chunks, 'text/event-stream', state), 'openai', false), new AbortController().signal));
        assertOrder(events);
        assert.equal(state.closed, true, `body left open after ${chunks.length} chunk(s)`);
      }
    });

    it('an empty 200 body ends cleanly with done "unknown"', async () => {
      const events = await viaResponse([], 'openai');
      assert.deepEqual(events, [{ type: 'done', finishReason: 'unknown' }]);
    });

    it('a 200 that is no answer at all (an HTML page, junk, a JSON document that is no completion) is a protocol error, not an empty answer', async () => {
      for (const [body, format] of [['<!DOCTYPE html><html><body>Login</body></html>', 'openai'], ['\u0000\u0001binary', 'anthropic'], ['{"object":"list","data":7}', 'openai']] as const) {
        const events = await viaResponse([utf8(body)], format);
        const last = events[events.length - 1];
        assert.equal(last.type, 'error', `${body}: ${JSON.stringify(events)}`);
        assert.equal(last.type === 'error' && last.kind, 'protocol', body);
      }
      assert.deepEqual(await viaResponse([utf8('data: [DONE]\n\n')], 'openai'), [{ type: 'done', finishReason: 'unknown' }], 'an empty event stream is an empty answer');
    });

    it('SSE whose first chunk is a comment or blank line is still read as SSE', async () => {
      const text = `: ping\n\n${framed('\n')}`;
      for (const { label, chunks } of chunkings(utf8(text), 11, 6)) {
        const s = summarise(await viaResponse(chunks, 'openai'));
        assert.equal(s.text, 'Hi!', label);
      }
    });
  });

  it('a UTF-8 byte order mark is dropped and characters split across reads are joined, at every chunking', async () => {
    const text = `\ufeff${framed('\n').replace('"Hi"', '"Hé€𝄞"')}`;
    const s = await stable(text, 5);
    assert.equal(s.text, 'Hé€𝄞!');
    assert.equal((await messages(text, [1, 2])).length, 4, 'the first event, right after the mark, is kept');
    for (const { label, chunks } of chunkings(utf8(text), 9, 4)) assert.equal(summarise(await viaResponse(chunks, 'openai')).text, 'Hé€𝄞!', label);
  });

  it('an invalid UTF-8 sequence becomes U+FFFD instead of failing the stream', async () => {
    const bytes = utf8(framed('\n'));
    const at = Buffer.from(bytes).indexOf('Hi');
    bytes[at] = 0xff;
    assert.equal(summarise(await sequenced('openai', [bytes])).text, '\ufffdi!');
  });
});
