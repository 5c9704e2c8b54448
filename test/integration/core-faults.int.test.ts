import * as assert from 'node:assert/strict';
import { startHarness, collect, textOf, assertOrder, CHAT_MODELS, type Harness } from './helpers/gateway-client';
import type { StreamEvent, ErrorEvent } from '../../src/core/stream/events';
import { MaasError } from '../../src/core/errors';

const CHAT = CHAT_MODELS;
const STREAM_PATH = (id: string): string => (id === 'intel-tiber' ? 'generatestream' : 'chat/completions');
const PROMPT = [{ role: 'user' as const, content: 'one two three four five six seven eight' }];

function terminal(events: StreamEvent[]): StreamEvent { return events[events.length - 1]; }

/** The gateway's answer up to a fault after 2 chunks (Intel Tiber's first chunk carries no text). */
const PARTIAL_TEXT: Record<string, string> = {
  'local-vllm': 'Hello', 'rafay-serverless': 'Hello', 'openshift-maas': 'Hello', 'lab-gpustack': 'Hello', 'oicm-prod': 'Hello',
  'intel-tiber': 'Hello from',
};
const ENGINE = 'The model server reported an error mid-stream: EngineCore encountered an issue. See stack trace (above) for the root cause.';
/** [kind, status, message] of each platform's own in-stream error */
const MIDSTREAM_ERROR: Record<string, [string, number, string]> = {
  'local-vllm': ['server', 500, ENGINE], 'rafay-serverless': ['server', 500, ENGINE], 'openshift-maas': ['server', 500, ENGINE], 'oicm-prod': ['server', 500, ENGINE],
  'lab-gpustack': ['server', 503, 'The model server reported an error mid-stream: Service unavailable. Please retry your requests after a brief wait.'],
  'intel-tiber': ['server', 503, 'The model server reported an error mid-stream: upstream connect error or disconnect/reset before headers'],
};
function asError(e: StreamEvent): ErrorEvent { assert.equal(e.type, 'error', JSON.stringify(e)); return e; }

describe('core against the reference gateway: faults on every platform', function () {
  this.timeout(30000);
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });
  afterEach(() => { h.gw.clearFaults(); });

  for (const [id, model] of Object.entries(CHAT)) {
    describe(id, () => {
      it('retries a 429 with Retry-After, then succeeds (waits honoured)', async () => {
        const waits: number[] = [];
        const c = h.client(id, {}, { sleep: async (ms) => { waits.push(ms); } });
        await c.listModels();
        h.gw.setFault({ type: 'status', status: 429, headers: { 'retry-after': '2' }, path: STREAM_PATH(id) });
        const events = await collect(c.chat({ model, messages: PROMPT }));
        assertOrder(events);
        assert.equal(terminal(events).type, 'done', JSON.stringify(events));
        assert.deepEqual(waits, [2000]);
      });

      it('tells the face of a retry wait, only for the request that asked', async () => {
        const told: unknown[] = [];
        const c = h.client(id, {}, { sleep: async () => undefined });
        await c.listModels();
        h.gw.setFault({ type: 'status', status: 429, headers: { 'retry-after': '2' }, path: STREAM_PATH(id) });
        const events: StreamEvent[] = [];
        for await (const batch of c.chatBatches({ model, messages: PROMPT }, undefined, { onRetryWait: (w) => told.push(w) })) events.push(...batch);
        assert.equal(terminal(events).type, 'done', JSON.stringify(events));
        assert.deepEqual(told, [{ waitMs: 2000, nextAttempt: 2, maxAttempts: 3, status: 429 }]);
        h.gw.setFault({ type: 'status', status: 429, headers: { 'retry-after': '1' }, path: STREAM_PATH(id) });
        for await (const batch of c.chatBatches({ model, messages: PROMPT })) void batch.length;
        assert.equal(told.length, 1, 'a request without a listener tells no one');
      });

      it('a 503 three times ends in a server error after 3 attempts', async () => {
        const c = h.client(id);
        await c.listModels();
        h.gw.setFault({ type: 'status', status: 503, times: 3 });
        const events = await collect(c.chat({ model, messages: PROMPT }));
        const err = asError(terminal(events));
        assert.equal(err.kind, 'server');
        assert.equal(err.status, 503);
      });

      it('a mid-stream error keeps the partial text and ends with one error event', async () => {
        const c = h.client(id);
        await c.listModels();
        h.gw.setFault({ type: 'midstream-error', afterChunks: 2, path: STREAM_PATH(id) });
        const events = await collect(c.chat({ model, messages: PROMPT }));
        assertOrder(events);
        assert.equal(textOf(events), PARTIAL_TEXT[id], 'the text before the fault is kept');
        const err = asError(terminal(events));
        assert.deepEqual([err.kind, err.status, err.message], MIDSTREAM_ERROR[id]);
      });

      it('a dropped connection mid-stream is a network error after the partial text', async () => {
        const c = h.client(id);
        await c.listModels();
        h.gw.setFault({ type: 'drop', afterChunks: 2, path: STREAM_PATH(id) });
        const events = await collect(c.chat({ model, messages: PROMPT }));
        assertOrder(events);
        assert.equal(textOf(events), PARTIAL_TEXT[id], 'the text before the fault is kept');
        const err = asError(terminal(events));
        assert.deepEqual([err.kind, err.message], ['network', 'The connection broke while reading the answer: the server closed the connection']);
      });

      it('a stall longer than timeoutSeconds is a timeout (not retried for POST)', async () => {
        const c = h.client(id, { timeoutSeconds: 1 });
        await c.listModels();
        h.gw.setFault({ type: 'stall', afterChunks: 1, ms: 5000, path: STREAM_PATH(id) });
        const events = await collect(c.chat({ model, messages: PROMPT }));
        assertOrder(events);
        assert.equal(asError(terminal(events)).kind, 'timeout');
      });

      it('cancellation mid-stream ends with done: cancelled, never an error', async () => {
        const c = h.client(id);
        await c.listModels();
        h.gw.setFault({ type: 'stall', afterChunks: 3, ms: 5000, path: STREAM_PATH(id) });
        const ctl = new AbortController();
        const events: StreamEvent[] = [];
        for await (const e of c.chat({ model, messages: PROMPT }, ctl.signal)) {
          events.push(e);
          if (e.type === 'text') ctl.abort();
        }
        assertOrder(events);
        assert.deepEqual(terminal(events), { type: 'done', finishReason: 'cancelled' });
      });

      it('a credential the server rejects is kind auth, status 401, with no secret in the message', async () => {
        const c = h.client(id);
        h.gw.setFault({ type: 'status', status: 401, times: 2 });
        const events = await collect(c.chat({ model, messages: PROMPT }));
        const err = asError(terminal(events));
        assert.equal(err.kind, 'auth');
        assert.equal(err.status, 401);
        for (const v of Object.values(h.gw.env())) assert.ok(!err.message.includes(v), 'secret in message');
      });
    });
  }

  it('a redirect to another origin is refused as a config error naming the origin; the foreign origin never sees a credential', async () => {
    h.gw.clearRequests();
    const c = h.client('lab-gpustack');
    h.gw.setFault({ type: 'redirect', to: 'foreign', path: 'chat/completions' });
    const events = await collect(c.chat({ model: CHAT['lab-gpustack'], messages: PROMPT }));
    const err = asError(terminal(events));
    assert.equal(err.kind, 'config');
    assert.ok(err.message.includes(new URL(h.gw.foreignUrl).origin), err.message);
    assert.match(err.message, /allowedOrigins/);
    assert.equal(h.gw.requests.filter((r) => r.origin === 'foreign').length, 0);
  });

  it('a same-origin redirect is followed', async () => {
    const c = h.client('local-vllm');
    h.gw.setFault({ type: 'redirect', to: 'same', path: 'chat/completions' });
    const events = await collect(c.chat({ model: CHAT['local-vllm'], messages: PROMPT }));
    assert.equal(terminal(events).type, 'done', JSON.stringify(events));
  });

  it('openshift-ai: a model URL on another origin is refused, naming both origins and allowedOrigins', async () => {
    h.gw.clearRequests();
    const c = h.client('openshift-maas');
    const models = await c.listModels();
    assert.ok(models.some((m) => m.id === 'gpt-4o-external'));
    const events = await collect(c.chat({ model: 'gpt-4o-external', messages: PROMPT }));
    const err = asError(terminal(events));
    assert.equal(err.kind, 'config');
    assert.ok(err.message.includes(new URL(h.gw.foreignUrl).origin), err.message);
    assert.ok(err.message.includes(new URL(h.gw.url).origin), err.message);
    assert.match(err.message, /allowedOrigins/);
    const leaked = h.gw.requests.filter((r) => r.origin === 'foreign' && (r.headers.authorization || r.headers['x-api-key']));
    assert.equal(leaked.length, 0);
  });

  it('openshift-ai: with the foreign origin in allowedOrigins, the model URL is used', async () => {
    const c = h.client('openshift-maas', { allowedOrigins: [new URL(h.gw.foreignUrl).origin] });
    await c.listModels();
    const events = await collect(c.chat({ model: 'gpt-4o-external', messages: PROMPT }));
    assert.equal(terminal(events).type, 'done', JSON.stringify(events));
  });

  it('intel-tiber: an expired token is refreshed once and the request succeeds; client secret goes only to the token URL', async () => {
    h.gw.clearRequests();
    const c = h.client('intel-tiber');
    await c.listModels();
    h.gw.setFault({ type: 'expired-token' });
    const events = await collect(c.chat({ model: CHAT['intel-tiber'], messages: PROMPT }));
    assert.equal(terminal(events).type, 'done', JSON.stringify(events));
    const tokenCalls = h.gw.requests.filter((r) => r.path.includes('oauth2/token'));
    assert.equal(tokenCalls.length, 2);
    for (const r of h.gw.requests.filter((x) => x.origin === 'main')) assert.ok(!/^Basic /.test(r.headers.authorization ?? ''));
    for (const r of h.gw.requests.filter((x) => x.origin === 'foreign')) assert.ok(!/^Bearer /.test(r.headers.authorization ?? ''));
  });

  it('listModels surfaces an unreachable endpoint as a network error', async () => {
    const c = h.client('local-vllm', { baseUrl: 'http://127.0.0.1:9/v1' });
    await assert.rejects(c.listModels(), (e: unknown) => e instanceof MaasError && e.kind === 'network');
  });
});
