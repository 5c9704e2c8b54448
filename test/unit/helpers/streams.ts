/** Runs bytes through the real decoders and the order enforcer, and checks the event order rule (docs/architecture.md). */
import * as assert from 'node:assert/strict';
import { decodeSse } from '../../../src/core/stream/sse';
import { openAIStreamEvents } from '../../../src/core/stream/openai-chunks';
import { anthropicStreamEvents } from '../../../src/core/stream/anthropic';
import { sequenceEvents } from '../../../src/core/stream/sequence';
import type { StreamEvent, ErrorEvent, DoneEvent, UsageEvent, ToolCallEvent } from '../../../src/core/stream/events';
import { collect, fromChunks, utf8 } from './bytes';

export type Mapper = 'openai' | 'anthropic';

/** bytes → SSE → mapper, raw (a throw is returned, not raised). */
export async function rawEvents(mapper: Mapper, chunks: readonly Uint8Array[], reasoningModel = false): Promise<{ events: StreamEvent[]; thrown?: unknown }> {
  const src = mapper === 'openai'
    ? openAIStreamEvents(decodeSse(fromChunks(chunks)), reasoningModel)
    : anthropicStreamEvents(decodeSse(fromChunks(chunks)), reasoningModel);
  const events: StreamEvent[] = [];
  try {
    for await (const ev of src) events.push(ev);
  } catch (e) {
    return { events, thrown: e };
  }
  return { events };
}

/** bytes → SSE → mapper → sequenceEvents: what a face sees. */
export async function sequenced(mapper: Mapper, chunks: readonly Uint8Array[], reasoningModel = false): Promise<StreamEvent[]> {
  const src = mapper === 'openai'
    ? openAIStreamEvents(decodeSse(fromChunks(chunks)), reasoningModel)
    : anthropicStreamEvents(decodeSse(fromChunks(chunks)), reasoningModel);
  return collect(sequenceEvents(src, new AbortController().signal));
}

/** One string body, whole. */
export function sseOf(text: string, mapper: Mapper = 'openai', reasoningModel = false): Promise<StreamEvent[]> {
  return sequenced(mapper, [utf8(text)], reasoningModel);
}

/** The order rule: content events*, then at most one usage, then exactly one terminal event, last. */
export function assertOrder(events: readonly StreamEvent[], where = ''): void {
  assert.ok(events.length > 0, `${where}: no events`);
  const terminals = events.filter((e) => e.type === 'done' || e.type === 'error');
  assert.equal(terminals.length, 1, `${where}: exactly one terminal event expected, got ${JSON.stringify(events)}`);
  const last = events[events.length - 1];
  assert.ok(last.type === 'done' || last.type === 'error', `${where}: the terminal event must be last`);
  const usages = events.filter((e) => e.type === 'usage');
  assert.ok(usages.length <= 1, `${where}: at most one usage event, got ${usages.length}`);
  if (usages.length === 1) {
    assert.equal(events.indexOf(usages[0]), events.length - 2, `${where}: usage must come right before the terminal event`);
  }
  for (const e of events.slice(0, events.length - 1 - usages.length)) {
    assert.ok(e.type === 'text' || e.type === 'reasoning' || e.type === 'tool_call', `${where}: unexpected ${e.type} among content events`);
  }
  if (last.type === 'error') {
    assert.notEqual(last.status, 200, `${where}: error status must never be 200`);
    assert.ok(last.message.length > 0, `${where}: error message must not be empty`);
  }
}

export interface Summary {
  text: string;
  reasoning: string;
  usage?: UsageEvent;
  toolCalls: ToolCallEvent[];
  terminal: DoneEvent | ErrorEvent;
}

export function summarise(events: readonly StreamEvent[]): Summary {
  let text = '';
  let reasoning = '';
  let usage: UsageEvent | undefined;
  const toolCalls: ToolCallEvent[] = [];
  let terminal: DoneEvent | ErrorEvent | undefined;
  for (const e of events) {
    if (e.type === 'text') text += e.text;
    else if (e.type === 'reasoning') reasoning += e.text;
    else if (e.type === 'usage') usage = e;
    else if (e.type === 'tool_call') toolCalls.push(e);
    else terminal = e;
  }
  assert.ok(terminal, `no terminal event in ${JSON.stringify(events)}`);
  return { text, reasoning, ...(usage ? { usage } : {}), toolCalls, terminal };
}

export function expectDone(s: Summary): DoneEvent {
  assert.equal(s.terminal.type, 'done', `expected done, got ${JSON.stringify(s.terminal)}`);
  return s.terminal;
}

export function expectError(s: Summary): ErrorEvent {
  assert.equal(s.terminal.type, 'error', `expected error, got ${JSON.stringify(s.terminal)}`);
  return s.terminal;
}

import type { HttpResponse } from '../../../src/core/http/client';
import { AnswerDecoder } from '../../../src/core/stream/answer-decoder';
import { decodeBody } from '../../../src/core/stream/decoder';

/** A response read through the adapters' decoder (JSON sniffing, then SSE), one event at a time. */
export function responseEvents(res: HttpResponse, format: Mapper, reasoningModel: boolean): AsyncGenerator<StreamEvent> {
  return decodeBody(new AnswerDecoder(format, reasoningModel), res.body());
}

/** A 200 HttpResponse whose body is the given chunks (what the HTTP client hands an adapter). */
export function fakeResponse(chunks: readonly Uint8Array[], contentType = 'text/event-stream', state: { closed: boolean } = { closed: false }): HttpResponse {
  let used = false;
  const body = (): AsyncGenerator<Uint8Array> => {
    if (used) throw new Error('body already consumed');
    used = true;
    // Like the real client's body(): its `finally` releases the connection and clears the idle timer.
    return (async function* () {
      try { yield* fromChunks(chunks); } finally { state.closed = true; }
    })();
  };
  const text = async () => Buffer.concat(await collect(body())).toString('utf8');
  return {
    status: 200, headers: new Headers({ 'content-type': contentType }), url: 'http://127.0.0.1/test',
    body, text, json: async () => JSON.parse(await text()) as unknown,
    bytes: async () => new Uint8Array(Buffer.concat(await collect(body()))),
  };
}

/** The adapters' path: responseEvents (JSON sniffing, then SSE) → sequenceEvents. */
export function viaResponse(chunks: readonly Uint8Array[], format: Mapper = 'openai', reasoningModel = false, contentType = 'text/event-stream'): Promise<StreamEvent[]> {
  return collect(sequenceEvents(responseEvents(fakeResponse(chunks, contentType), format, reasoningModel), new AbortController().signal));
}
