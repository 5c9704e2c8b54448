/**
 * The one HTTP client (docs/architecture.md, docs/endpoints.md "Security rules") against real loopback servers:
 * retries and waits, timeouts, cancellation, redirects, the credential origin rule, secret scrubbing.
 */
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../src/core/http/client';
import { MaasError } from '../../src/core/errors';
import type { Endpoint } from '../../src/core/endpoint/schema';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { loopbackPool, sendJson, delay } from './helpers/loopback';
import { MapCredentials, MemLogger, recordingSleep, endpoint, deps } from './helpers/fakes';
import { collect } from './helpers/bytes';
import { signalled } from './helpers/wait';
import { sleep } from '../../src/core/http/retry';
import type * as http from 'node:http';
import { summarise, expectError, assertOrder } from './helpers/streams';
import { TEST_CERT_PEM, TEST_KEY_PEM } from './helpers/tls-cert';
import * as https from 'node:https';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

const KEY = 'sk-test-SECRET-4f9a2b';

const pool = loopbackPool();
const serve = pool.serve;

function ep(origin: string, over: Record<string, unknown> = {}): Endpoint {
  return endpoint({ id: 'lab', platform: 'openai', baseUrl: `${origin}/v1`, ...over });
}
const creds = () => new MapCredentials({ 'lab:apiKey': KEY });

/** The real cancellable sleep, telling the test (started: its ms) when the client begins a wait. */
function realSleepSignalling(): { started: Promise<number>; sleep: (ms: number, signal: AbortSignal) => Promise<void> } {
  const started = signalled<number>();
  return { started: started.promise, sleep: (ms, sig) => { started.resolve(ms); return sleep(ms, sig); } };
}
const signal = () => new AbortController().signal;

async function rejectsWith(p: Promise<unknown>, check: (e: MaasError) => void): Promise<MaasError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof MaasError, `expected a MaasError, got ${String(e)}`);
    check(e);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('core HTTP client (loopback)', () => {
  afterEach(() => pool.closeAll());

  describe('auth and headers', () => {
    it('bearer key, extra headers, JSON body', async () => {
      const s = await serve((_req, res) => sendJson(res, 200, { ok: true }));
      const c = new HttpClient(ep(s.origin, { headers: { 'X-Team': 'ml' } }), deps(creds()));
      const res = await c.request({ url: `${s.origin}/v1/chat/completions`, json: { a: 1 } }, signal());
      assert.deepEqual(await res.json(), { ok: true });
      const r = s.requests[0];
      assert.equal(r.method, 'POST');
      assert.equal(r.headers.authorization, `Bearer ${KEY}`);
      assert.equal(r.headers['x-team'], 'ml');
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.body, '{"a":1}');
    });

    it('header auth sends the key in the named header only', async () => {
      const s = await serve((_req, res) => sendJson(res, 200, {}));
      const c = new HttpClient(ep(s.origin, { auth: { type: 'header', name: 'X-Api-Key' } }), deps(creds()));
      await (await c.request({ url: `${s.origin}/v1/models` }, signal())).text();
      assert.equal(s.requests[0].headers['x-api-key'], KEY);
      assert.equal(s.requests[0].headers.authorization, undefined);
    });

    it('auth none sends no credential and asks for none', async () => {
      const s = await serve((_req, res) => sendJson(res, 200, {}));
      const c0 = new MapCredentials({});
      const c = new HttpClient(ep(s.origin, { auth: 'none' }), deps(c0));
      await (await c.request({ url: `${s.origin}/v1/models` }, signal())).text();
      assert.equal(s.requests[0].headers.authorization, undefined);
      assert.deepEqual(c0.asked, []);
    });

    it('OICM requests carry OICM-Request-Timeout', async () => {
      const s = await serve((_req, res) => sendJson(res, 200, {}));
      const e = endpoint({ id: 'lab', platform: 'oicm', baseUrl: s.origin, models: [{ id: 'm1' }], requestTimeoutSeconds: 300 });
      const c = new HttpClient(e, deps(creds()));
      await (await c.request({ url: `${s.origin}/models/m1/proxy/v1/models`, modelId: 'm1' }, signal())).text();
      assert.equal(s.requests[0].headers['oicm-request-timeout'], '300');
    });

    it('a missing key is a config error naming where to put it, and nothing is sent', async () => {
      const s = await serve((_req, res) => sendJson(res, 200, {}));
      const c = new HttpClient(ep(s.origin), deps(new MapCredentials({})));
      await rejectsWith(c.request({ url: `${s.origin}/v1/models` }, signal()), (e) => {
        assert.equal(e.kind, 'config');
        assert.ok(e.message.includes('secret lab:apiKey'), e.message);
      });
      assert.equal(s.requests.length, 0);
    });
  });

  describe('retries (at most 3 attempts, before any body byte)', () => {
    it('429 with Retry-After then 200: retried after the requested wait', async () => {
      let n = 0;
      const s = await serve((_req, res) => (++n === 1 ? sendJson(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '2' }) : sendJson(res, 200, { ok: 1 })));
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
      const res = await c.request({ url: `${s.origin}/v1/models` }, signal());
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { ok: 1 });
      assert.equal(s.requests.length, 2);
      assert.deepEqual(sl.waits, [2000]);
    });

    it('retry-after-ms is honoured', async () => {
      let n = 0;
      const s = await serve((_req, res) => (++n === 1 ? sendJson(res, 503, 'busy', { 'retry-after-ms': '1500', 'retry-after': '9' }) : sendJson(res, 200, {})));
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
      await (await c.request({ url: `${s.origin}/v1/models` }, signal())).text();
      assert.deepEqual(sl.waits, [1500]);
    });

    it('a requested wait over 30 s is not waited for: rate_limited with retryAfterMs, no retry', async () => {
      const s = await serve((_req, res) => sendJson(res, 429, { error: { message: 'quota' } }, { 'retry-after': '60' }));
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
      await rejectsWith(c.request({ url: `${s.origin}/v1/chat/completions`, json: {} }, signal()), (e) => {
        assert.equal(e.kind, 'rate_limited');
        assert.equal(e.status, 429);
        assert.equal(e.retryAfterMs, 60_000);
        assert.ok(e.message.includes('quota'));
      });
      assert.equal(s.requests.length, 1);
      assert.deepEqual(sl.waits, []);
    });

    it('503 three times → error after exactly 3 attempts, with 1 s·2ⁿ ±20 % backoff between them', async () => {
      const s = await serve((_req, res) => sendJson(res, 503, { error: { message: 'No running instances available', code: 503, type: 'ServiceUnavailable' } }));
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
      await rejectsWith(c.request({ url: `${s.origin}/v1/chat/completions`, json: {} }, signal()), (e) => {
        assert.equal(e.kind, 'server');
        assert.equal(e.status, 503);
        assert.ok(e.message.includes('No running instances available'));
      });
      assert.equal(s.requests.length, 3);
      assert.equal(sl.waits.length, 2);
      assert.ok(sl.waits[0] >= 800 && sl.waits[0] <= 1200, `first wait ${sl.waits[0]}`);
      assert.ok(sl.waits[1] >= 1600 && sl.waits[1] <= 2400, `second wait ${sl.waits[1]}`);
    });

    it('429 with Retry-After on every attempt → rate_limited after 3 attempts, retryAfterMs kept', async () => {
      const s = await serve((_req, res) => sendJson(res, 429, 'Too Many Requests\n', { 'content-type': 'text/plain', 'retry-after': '5' }));
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
      await rejectsWith(c.request({ url: `${s.origin}/v1/models` }, signal()), (e) => {
        assert.equal(e.kind, 'rate_limited');
        assert.equal(e.retryAfterMs, 5000);
        assert.ok(!e.message.includes('Too Many Requests'), 'the status phrase is not repeated after "Rate limited (429)"');
      });
      assert.equal(s.requests.length, 3);
      assert.deepEqual(sl.waits, [5000, 5000]);
    });

    it('502 then 504 then 200 succeeds on the third attempt', async () => {
      const statuses = [502, 504, 200];
      const s = await serve((_req, res) => { const st = statuses.shift() ?? 200; sendJson(res, st, st === 200 ? { ok: true } : 'gateway'); });
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
      const res = await c.request({ url: `${s.origin}/v1/models` }, signal());
      assert.deepEqual(await res.json(), { ok: true });
      assert.equal(s.requests.length, 3);
    });

    it('a retryable status with a requested wait over 30 s is not retried and keeps retryAfterMs', async () => {
      const s = await serve((_req, res) => sendJson(res, 503, 'maintenance', { 'retry-after': '3600' }));
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
      await rejectsWith(c.request({ url: `${s.origin}/v1/models` }, signal()), (e) => {
        assert.equal(e.retryAfterMs, 3_600_000);
        assert.equal(e.status, 503);
      });
      assert.equal(s.requests.length, 1);
      assert.deepEqual(sl.waits, []);
    });

    it('other errors are not retried (500, 400, 401, 403, 404)', async () => {
      for (const status of [500, 400, 401, 403, 404]) {
        const s = await serve((_req, res) => sendJson(res, status, { error: { message: `e${status}` } }));
        const sl = recordingSleep();
        const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
        await rejectsWith(c.request({ url: `${s.origin}/v1/models` }, signal()), (e) => assert.equal(e.status, status));
        assert.equal(s.requests.length, 1, `status ${status}`);
        assert.deepEqual(sl.waits, []);
      }
    });

    it('a connection failure before headers is retried (POST body re-sent)', async () => {
      let n = 0;
      const s = await serve((_req, res) => { if (++n < 3) res.socket?.destroy(); else sendJson(res, 200, { ok: n }); });
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
      const res = await c.request({ url: `${s.origin}/v1/chat/completions`, json: { q: 1 } }, signal());
      assert.deepEqual(await res.json(), { ok: 3 });
      assert.equal(s.requests.length, 3);
      assert.deepEqual(s.requests.map((r) => r.body), ['{"q":1}', '{"q":1}', '{"q":1}']);
      assert.equal(sl.waits.length, 2);
    });

    it('connection refused three times → network error', async () => {
      const s = await serve((_req, res) => sendJson(res, 200, {}));
      const origin = s.origin;
      await s.close();
      pool.forget();
      const sl = recordingSleep();
      const c = new HttpClient(ep(origin), deps(creds(), { sleep: sl.sleep }));
      await rejectsWith(c.request({ url: `${origin}/v1/models` }, signal()), (e) => {
        assert.equal(e.kind, 'network');
        assert.ok(e.message.includes(origin), e.message);
      });
      assert.equal(sl.waits.length, 2);
    });

    it('a body that breaks after the first byte is a network error and is not retried', async () => {
      const answering = signalled<http.ServerResponse>();
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"choices":[]}\n\n');
        answering.resolve(res);
      });
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: sl.sleep }));
      const res = await c.request({ url: `${s.origin}/v1/chat/completions`, json: {} }, signal());
      const got: Uint8Array[] = [];
      const breakAfterFirstBytes = async () => (await answering.promise).socket?.destroy(); // once the client has them
      await rejectsWith((async () => { for await (const b of res.body()) { got.push(b); await breakAfterFirstBytes(); } })(), (e) => assert.equal(e.kind, 'network'));
      assert.equal(Buffer.concat(got).toString(), 'data: {"choices":[]}\n\n');
      assert.equal(s.requests.length, 1);
      assert.deepEqual(sl.waits, []);
    });
  });

  describe('timeouts (per attempt: headers, then silence between body bytes)', () => {
    it('no response headers within timeoutSeconds on a POST → timeout, not retried', async () => {
      const s = await serve(() => { /* never answers */ });
      const sl = recordingSleep();
      const c = new HttpClient(ep(s.origin, { timeoutSeconds: 1 }), deps(creds(), { sleep: sl.sleep }));
      await rejectsWith(c.request({ url: `${s.origin}/v1/chat/completions`, json: {} }, signal()), (e) => {
        assert.equal(e.kind, 'timeout');
        assert.equal(e.message, `No response from ${s.origin}/v1/chat/completions within 1 s; try again or raise timeoutSeconds`);
      });
      assert.equal(s.requests.length, 1);
      assert.deepEqual(sl.waits, []);
    });

    it('a header timeout on a GET is retried like a connection failure (3 attempts)', async () => {
      const s = await serve(() => { /* never answers */ });
      const sl = recordingSleep();
      const c = new HttpClient({ ...ep(s.origin), timeoutSeconds: 0.1 }, deps(creds(), { sleep: sl.sleep }));
      await rejectsWith(c.request({ url: `${s.origin}/v1/models` }, signal()), (e) => assert.equal(e.kind, 'timeout'));
      assert.equal(s.requests.length, 3); // each attempt timed out after the server had it
      assert.equal(sl.waits.length, 2);
    });

    it('body silence longer than timeoutSeconds → timeout', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"choices":[]}\n\n');
      });
      const c = new HttpClient(ep(s.origin, { timeoutSeconds: 1 }), deps(creds()));
      const res = await c.request({ url: `${s.origin}/v1/chat/completions`, json: {} }, signal());
      const got: Uint8Array[] = [];
      await rejectsWith((async () => { for await (const b of res.body()) got.push(b); })(), (e) => {
        assert.equal(e.kind, 'timeout');
        assert.equal(e.message, 'The gateway sent nothing for 1 s; the stream was stopped (raise timeoutSeconds if the model is slow)');
      });
      assert.equal(Buffer.concat(got).toString(), 'data: {"choices":[]}\n\n');
    });

    it('a live stream that keeps producing is never cut, however long it runs', async () => {
      const s = await serve(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (let i = 0; i < 8; i++) { res.write(`: ${i}\n`); await delay(60); }
        res.end('data: [DONE]\n\n');
      });
      const e = { ...ep(s.origin), timeoutSeconds: 0.25 };
      const c = new HttpClient(e, deps(creds()));
      const res = await c.request({ url: `${s.origin}/v1/chat/completions`, json: {} }, signal());
      const text = Buffer.concat(await collect(res.body())).toString();
      assert.ok(text.endsWith('data: [DONE]\n\n'));
    });
  });

  // Every wait below is far longer than the tier's 10 s test timeout: a cancellation that did not end it
  // fails the test without anything being timed.
  describe('cancellation', () => {
    it('ends a Retry-After wait at once (real sleep)', async () => {
      const s = await serve((_req, res) => sendJson(res, 429, 'wait', { 'retry-after': '20' }));
      const waiting = realSleepSignalling();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: waiting.sleep }));
      const ctl = new AbortController();
      const p = c.request({ url: `${s.origin}/v1/models` }, ctl.signal);
      assert.equal(await waiting.started, 20_000);
      ctl.abort(new Error('cancelled by user'));
      await assert.rejects(p, /cancelled by user/);
      assert.equal(s.requests.length, 1);
    });

    it('ends a backoff wait at once (real sleep)', async () => {
      const s = await serve((_req, res) => sendJson(res, 503, 'down'));
      const waiting = realSleepSignalling();
      const c = new HttpClient(ep(s.origin), deps(creds(), { sleep: waiting.sleep }));
      const ctl = new AbortController();
      const p = c.request({ url: `${s.origin}/v1/models` }, ctl.signal);
      const ms = await waiting.started;
      assert.ok(ms >= 800 && ms <= 1200, `first backoff 1 s ± 20 %: ${ms}`);
      ctl.abort(new Error('stop'));
      await assert.rejects(p, /stop/); // not the 503 a retry after the wait would end with
      assert.equal(s.requests.length, 1);
    });

    it('ends the wait for headers at once, without a retry', async () => {
      const arrived = signalled();
      const s = await serve(() => { arrived.resolve(); /* never answers */ });
      const c = new HttpClient(ep(s.origin, { timeoutSeconds: 30 }), deps(creds()));
      const ctl = new AbortController();
      const p = c.request({ url: `${s.origin}/v1/models` }, ctl.signal);
      await arrived.promise;
      ctl.abort(new Error('bye'));
      await assert.rejects(p, /bye/);
      assert.equal(s.requests.length, 1); // (a retry would come before the request ends)
    });

    it('ends a body read at once', async () => {
      const s = await serve((_req, res) => { res.writeHead(200, { 'content-type': 'text/event-stream' }); res.write(': hi\n\n'); });
      const c = new HttpClient(ep(s.origin, { timeoutSeconds: 30 }), deps(creds()));
      const ctl = new AbortController();
      const res = await c.request({ url: `${s.origin}/v1/chat/completions`, json: {} }, ctl.signal);
      const got: Uint8Array[] = [];
      await assert.rejects((async () => { for await (const b of res.body()) { got.push(b); ctl.abort(new Error('enough')); } })());
      assert.equal(Buffer.concat(got).toString(), ': hi\n\n');
    });
  });

  describe('cancellation through the endpoint client: never an error', () => {
    it('mid-stream: text kept, ends with done "cancelled" at once', async () => {
      const s = await serve(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"choices":[{"index":0,"delta":{"content":"first"},"finish_reason":null}]}\n\n');
        await new Promise<void>((r) => res.on('close', () => r()));
      });
      const client = createEndpointClient(ep(s.origin, { timeoutSeconds: 30 }), deps(creds()));
      const ctl = new AbortController();
      const events = [];
      for await (const ev of client.chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] }, ctl.signal)) {
        events.push(ev);
        if (ev.type === 'text') ctl.abort(); // the server holds the stream open until the client leaves
      }
      assertOrder(events);
      assert.deepEqual(events, [{ type: 'text', text: 'first' }, { type: 'done', finishReason: 'cancelled' }]);
    });

    it('before the headers arrive: done "cancelled", no error, no retry', async () => {
      const arrived = signalled();
      const s = await serve(() => { arrived.resolve(); /* never answers */ });
      const client = createEndpointClient(ep(s.origin, { timeoutSeconds: 30 }), deps(creds()));
      const ctl = new AbortController();
      arrived.promise.then(() => ctl.abort(), assert.fail);
      const events = await collect(client.chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] }, ctl.signal));
      assert.deepEqual(events, [{ type: 'done', finishReason: 'cancelled' }]);
      assert.equal(s.requests.length, 1);
    });

    it('during a Retry-After wait: done "cancelled"', async () => {
      const s = await serve((_req, res) => sendJson(res, 429, 'busy', { 'retry-after': '20' }));
      const waiting = realSleepSignalling();
      const client = createEndpointClient(ep(s.origin), deps(creds(), { sleep: waiting.sleep }));
      const ctl = new AbortController();
      waiting.started.then(() => ctl.abort(), assert.fail);
      const events = await collect(client.chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] }, ctl.signal));
      assert.deepEqual(events, [{ type: 'done', finishReason: 'cancelled' }]);
      assert.equal(await waiting.started, 20_000);
    });
  });

  describe('redirects (manual; same origin followed, cross origin refused)', () => {
    it('a same-origin redirect is followed with the credential', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/v1/old') { res.writeHead(302, { location: '/v1/new' }); res.end(); return; }
        sendJson(res, 200, { at: req.url });
      });
      const c = new HttpClient(ep(s.origin), deps(creds()));
      const res = await c.request({ url: `${s.origin}/v1/old` }, signal());
      assert.deepEqual(await res.json(), { at: '/v1/new' });
      assert.deepEqual(s.requests.map((r) => r.url), ['/v1/old', '/v1/new']);
      assert.equal(s.requests[1].headers.authorization, `Bearer ${KEY}`);
    });

    it('307 keeps the method and body', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/v1/a') { res.writeHead(307, { location: `${s.origin}/v1/b` }); res.end(); return; }
        sendJson(res, 200, { method: req.method, body: req.body });
      });
      const c = new HttpClient(ep(s.origin), deps(creds()));
      const res = await c.request({ url: `${s.origin}/v1/a`, json: { x: 1 } }, signal());
      assert.deepEqual(await res.json(), { method: 'POST', body: '{"x":1}' });
    });

    it('a cross-origin redirect is a config error naming the origin; nothing reaches it', async () => {
      const foreign = await serve((_req, res) => sendJson(res, 200, {}));
      const s = await serve((_req, res) => { res.writeHead(302, { location: `${foreign.origin}/steal` }); res.end(); });
      const c = new HttpClient(ep(s.origin, { auth: { type: 'header', name: 'x-api-key' } }), deps(creds()));
      await rejectsWith(c.request({ url: `${s.origin}/v1/models` }, signal()), (e) => {
        assert.equal(e.kind, 'config');
        assert.ok(e.message.includes(foreign.origin), e.message);
        assert.ok(e.message.includes('allowedOrigins'), e.message);
      });
      assert.equal(foreign.requests.length, 0);
    });

    it('a cross-origin redirect to an allowedOrigins origin is followed', async () => {
      const other = await serve((_req, res) => sendJson(res, 200, { other: true }));
      const s = await serve((_req, res) => { res.writeHead(301, { location: `${other.origin}/v1/models` }); res.end(); });
      const c = new HttpClient(ep(s.origin, { allowedOrigins: [other.origin] }), deps(creds()));
      const res = await c.request({ url: `${s.origin}/v1/models` }, signal());
      assert.deepEqual(await res.json(), { other: true });
      assert.equal(other.requests.length, 1);
    });

    it('more than 3 redirects → protocol error', async () => {
      const s = await serve((req, res) => { res.writeHead(302, { location: `/v1/r${req.url.length}` }); res.end(); });
      const c = new HttpClient(ep(s.origin), deps(creds()));
      await rejectsWith(c.request({ url: `${s.origin}/v1/models` }, signal()), (e) => assert.equal(e.kind, 'protocol'));
      assert.equal(s.requests.length, 4, 'the request and 3 redirects followed; the 4th redirect is refused');
    });
  });

  describe('the credential goes only to the endpoint origin or allowedOrigins', () => {
    it('a request to another origin is refused before sending, naming both origins and the setting', async () => {
      const foreign = await serve((_req, res) => sendJson(res, 200, {}));
      const s = await serve((_req, res) => sendJson(res, 200, {}));
      const c = new HttpClient(ep(s.origin), deps(creds()));
      await rejectsWith(c.request({ url: `${foreign.origin}/v1/models` }, signal()), (e) => {
        assert.equal(e.kind, 'config');
        assert.ok(e.message.includes(foreign.origin) && e.message.includes(s.origin), e.message);
        assert.ok(e.message.includes('allowedOrigins'));
      });
      assert.equal(foreign.requests.length, 0);
    });

    it('a discovered model URL on another origin is refused (OpenShift AI), naming both origins', async () => {
      const foreign = await serve((_req, res) => sendJson(res, 200, {}));
      const s = await serve((req, res) => {
        if (req.url === '/v1/models') sendJson(res, 200, { object: 'list', data: [{ id: 'm', ready: true, url: `${foreign.origin}/llm/m` }] });
        else sendJson(res, 404, 'no');
      });
      const client = createEndpointClient(endpoint({ id: 'lab', platform: 'openshift-ai', baseUrl: s.origin }), deps(creds()));
      const models = await client.listModels();
      assert.equal(models[0].url, `${foreign.origin}/llm/m`);
      const events = await collect(client.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
      assertOrder(events);
      const e = expectError(summarise(events));
      assert.equal(e.kind, 'config');
      assert.ok(e.message.includes(foreign.origin) && e.message.includes(s.origin), e.message);
      assert.ok(e.message.includes('allowedOrigins'));
      assert.equal(foreign.requests.length, 0);
    });

    it('with the model origin in allowedOrigins the chat goes there with the credential', async () => {
      const foreign = await serve(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // Two writes, so that this test does not depend on the one-chunk body leak (see core-sse).
        res.write('data: {"choices":[{"index":0,"delta":{"content":"yo"},"finish_reason":"stop"}]}\n\n');
        await delay(20);
        res.end('data: [DONE]\n\n');
      });
      const s = await serve((_req, res) => sendJson(res, 200, { object: 'list', data: [{ id: 'm', ready: true, url: `${foreign.origin}/llm/m` }] }));
      const client = createEndpointClient(endpoint({ id: 'lab', platform: 'openshift-ai', baseUrl: s.origin, allowedOrigins: [foreign.origin] }), deps(creds()));
      const events = await collect(client.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal(summarise(events).text, 'yo');
      assert.equal(foreign.requests[0].url, '/llm/m/v1/chat/completions');
      assert.equal(foreign.requests[0].headers.authorization, `Bearer ${KEY}`);
    });
  });

  describe('TLS', () => {
    let tlsServer: https.Server | undefined;
    let origin = '';
    let caFile = '';
    before(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maas-tls-'));
      caFile = path.join(dir, 'ca.pem');
      fs.writeFileSync(caFile, TEST_CERT_PEM);
      tlsServer = https.createServer({ cert: TEST_CERT_PEM, key: TEST_KEY_PEM }, (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"data":[]}'); });
      await new Promise<void>((r) => tlsServer?.listen(0, '127.0.0.1', r));
      origin = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    });
    after(async () => {
      tlsServer?.closeAllConnections();
      await new Promise<void>((r) => tlsServer?.close(() => r()));
      fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
    });

    it('an untrusted certificate → kind tls, naming tls.caFile, not retried', async () => {
      const sl = recordingSleep();
      const c = new HttpClient(ep(origin), deps(creds(), { sleep: sl.sleep }));
      await rejectsWith(c.request({ url: `${origin}/v1/models` }, signal()), (e) => {
        assert.equal(e.kind, 'tls', e.message);
        assert.ok(e.message.includes('tls.caFile'), e.message);
      });
      assert.deepEqual(sl.waits, []);
    });

    it('tls.caFile adds the CA (the system roots stay)', async () => {
      const c = new HttpClient(ep(origin, { tls: { caFile } }), deps(creds()));
      try {
        assert.deepEqual(await (await c.request({ url: `${origin}/v1/models` }, signal())).json(), { data: [] });
      } finally { c.close(); }
    });

    it('tls.insecureSkipVerify works for that endpoint only, with a config warning', async () => {
      const raw = { id: 'lab', platform: 'openai', baseUrl: `${origin}/v1`, tls: { insecureSkipVerify: true } };
      const e = endpoint(raw);
      const c = new HttpClient(e, deps(creds()));
      try {
        assert.deepEqual(await (await c.request({ url: `${origin}/v1/models` }, signal())).json(), { data: [] });
      } finally { c.close(); }
      const c2 = new HttpClient(ep(origin), deps(creds(), { sleep: recordingSleep().sleep }));
      await rejectsWith(c2.request({ url: `${origin}/v1/models` }, signal()), (err) => assert.equal(err.kind, 'tls'));
      assert.equal(process.env.NODE_TLS_REJECT_UNAUTHORIZED, undefined);
    });

    it('an unreadable caFile is a config error naming the file', () => {
      assert.throws(() => new HttpClient(ep(origin, { tls: { caFile: '/nonexistent/ca.pem' } }), deps(creds())),
        (e: unknown) => e instanceof MaasError && e.kind === 'config' && e.message.includes('/nonexistent/ca.pem'));
    });
  });

  describe('no secret in any error message or log line', () => {
    it('an API key echoed by the server is scrubbed from the error', async () => {
      const s = await serve((_req, res) => sendJson(res, 401, { error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error' } }));
      const log = new MemLogger();
      const c = new HttpClient(ep(s.origin), deps(creds(), { logger: log }));
      await rejectsWith(c.request({ url: `${s.origin}/v1/models` }, signal()), (e) => {
        assert.equal(e.kind, 'auth');
        assert.ok(!e.message.includes(KEY), e.message);
        assert.ok(e.message.includes('Incorrect API key provided'));
      });
      const client = createEndpointClient(ep(s.origin), deps(creds(), { logger: log }));
      await rejectsWith(client.listModels(), (e) => assert.ok(!e.message.includes(KEY), e.message));
      const events = await collect(client.chat({ model: 'x', messages: [{ role: 'user', content: 'q' }] }));
      const err = expectError(summarise(events));
      assert.ok(!err.message.includes(KEY), err.message);
      for (const l of log.lines) assert.ok(!l.includes(KEY), l);
    });

    it('a key in a ?key= URL is not shown in errors', async () => {
      const s = await serve(() => { /* never answers */ });
      const c = new HttpClient({ ...ep(s.origin), timeoutSeconds: 0.1 }, deps(creds(), { sleep: recordingSleep().sleep }));
      await rejectsWith(c.request({ url: `${s.origin}/v1/models?key=abc123secret`, json: {} }, signal()), (e) => {
        assert.equal(e.kind, 'timeout');
        assert.ok(!e.message.includes('abc123secret'), e.message);
      });
    });
  });
});
