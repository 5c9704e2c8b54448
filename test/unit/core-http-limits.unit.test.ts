/**
 * Every body the HTTP layer buffers is bounded (src/core/limits.ts): a JSON body, a media result, an
 * error body (also read under a deadline), a token response. Going over a cap is a `protocol` error
 * naming the cap; a declared Content-Length over it is refused before reading; an error body that never
 * ends still gives the error its status. Small caps are injected; nothing here is timed: servers that
 * would never finish make a test hang (and fail) unless the client stops reading by itself.
 */
import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { HttpClient } from '../../src/core/http/client';
import { MaasError } from '../../src/core/errors';
import type { CoreDeps } from '../../src/core/endpoint-client';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { DEFAULT_BODY_LIMITS, MAX_ERROR_BODY_BYTES, MAX_JSON_BODY_BYTES, MAX_MEDIA_BODY_BYTES, ERROR_BODY_DEADLINE_MS, formatBytes, type BodyLimits } from '../../src/core/limits';
import { loopbackPool, sendJson } from './helpers/loopback';
import { MapCredentials, endpoint, deps, recordingSleep } from './helpers/fakes';
import { collect } from './helpers/bytes';
import { summarise, expectError } from './helpers/streams';
import { signalled } from './helpers/wait';

const KEY = 'sk-limits-test-5e2a';
const creds = () => new MapCredentials({ 'lab:apiKey': KEY, 'intel:clientId': 'id', 'intel:clientSecret': 'secret' });
const ep = (origin: string) => endpoint({ id: 'lab', platform: 'openai', baseUrl: `${origin}/v1` });
const signal = () => new AbortController().signal;

const SMALL: BodyLimits = { jsonBytes: 1024, mediaBytes: 4096, errorBytes: 2048, errorDeadlineMs: 100 };
const TRANSPORTS: Record<'fetch' | 'dispatcher', (extra?: Partial<CoreDeps>) => CoreDeps> = {
  fetch: (extra = {}) => deps(creds(), { limits: SMALL, ...extra }),
  dispatcher: (extra = {}) => ({ ...deps(creds(), { limits: SMALL, ...extra }), fetch: undefined }),
};

async function rejection(p: Promise<unknown>): Promise<MaasError> {
  try { await p; } catch (e) {
    assert.ok(e instanceof MaasError, `expected a MaasError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

/** Writes `chunk` until the client goes away (a body with no end); resolves `closed` when it does. */
function endless(res: http.ServerResponse, chunk: string, closed: () => void, everyMs = 0): void {
  let stop = false;
  res.on('close', () => { stop = true; closed(); });
  const pump = (): void => {
    while (!stop) {
      if (everyMs > 0) { res.write(chunk); setTimeout(pump, everyMs); return; }
      if (!res.write(chunk)) { res.once('drain', pump); return; }
    }
  };
  pump();
}

const pool = loopbackPool();
const serve = pool.serve;

describe('core HTTP body caps', () => {
  afterEach(() => pool.closeAll());

  it('the documented caps', () => {
    assert.equal(MAX_JSON_BODY_BYTES, 16 * 1024 * 1024);
    assert.equal(MAX_MEDIA_BODY_BYTES, 256 * 1024 * 1024);
    assert.equal(MAX_ERROR_BODY_BYTES, 64 * 1024);
    assert.equal(ERROR_BODY_DEADLINE_MS, 5000);
    assert.deepEqual({ ...DEFAULT_BODY_LIMITS }, { jsonBytes: MAX_JSON_BODY_BYTES, mediaBytes: MAX_MEDIA_BODY_BYTES, errorBytes: MAX_ERROR_BODY_BYTES, errorDeadlineMs: ERROR_BODY_DEADLINE_MS });
    assert.deepEqual([formatBytes(16 * 1024 * 1024), formatBytes(65536), formatBytes(1000)], ['16 MiB', '64 KiB', '1000 bytes']);
  });

  for (const [name, make] of Object.entries(TRANSPORTS)) {
    describe(name, () => {
      it('a JSON body over the cap (no Content-Length) is a protocol error naming the cap; reading stops', async () => {
        const closed = signalled();
        const s = await serve((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          endless(res, `{"data":[${'{"id":"m"},'.repeat(50)}`, closed.resolve);
        });
        const c = new HttpClient(ep(s.origin), make());
        const e = await rejection((await c.request({ url: `${s.origin}/v1/x` }, signal())).json());
        assert.equal(e.kind, 'protocol');
        assert.match(e.message, /^The answer from http:\/\/127\.0\.0\.1:\d+\/v1\/x is larger than 1 KiB/);
        await closed.promise;
      });

      it('a model list over the cap says so: "The model list from … is larger than …"', async () => {
        const s = await serve((_req, res) => sendJson(res, 200, { data: Array.from({ length: 100 }, (_, i) => ({ id: `model-${i}` })) }));
        const client = createEndpointClient(ep(s.origin), make());
        const e = await rejection(client.listModels());
        assert.equal(e.kind, 'protocol');
        assert.match(e.message, /^The model list from http:\/\/127\.0\.0\.1:\d+\/v1\/models is larger than 1 KiB/);
        client.dispose();
      });

      it('a Content-Length over the cap is refused before the body is read', async () => {
        const closed = signalled();
        const s = await serve((_req, res) => {
          // Declares 1 GiB, sends a little, never ends: only an early refusal lets the test finish.
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1024 ** 3) });
          res.write('{"data":[');
          res.on('close', () => closed.resolve());
        });
        const c = new HttpClient(ep(s.origin), make());
        const res = await c.request({ url: `${s.origin}/v1/models` }, signal());
        const e = await rejection(res.text());
        assert.equal(e.kind, 'protocol');
        assert.match(e.message, /is larger than 1 KiB/);
        await closed.promise;
      });

      it('a media result may be larger than a JSON body, up to its own cap', async () => {
        const s = await serve((req, res) => sendJson(res, 200, { b64: 'A'.repeat(req.url === '/v1/small' ? 3000 : 5000) }));
        const c = new HttpClient(ep(s.origin), make());
        const ok = await (await c.request({ url: `${s.origin}/v1/small` }, signal())).json({ limit: 'media' }) as { b64: string };
        assert.equal(ok.b64.length, 3000);
        const e = await rejection((await c.request({ url: `${s.origin}/v1/big` }, signal())).json({ limit: 'media', what: 'The generated image' }));
        assert.equal(e.kind, 'protocol');
        assert.match(e.message, /^The generated image from .* is larger than 4 KiB/);
      });

      it('an error body that never ends: only its first bytes are read, the status still classifies it', async () => {
        const closed = signalled();
        const s = await serve((_req, res) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          endless(res, 'overloaded shard 7; ', closed.resolve);
        });
        const c = new HttpClient(ep(s.origin), make());
        const e = await rejection(c.request({ url: `${s.origin}/v1/models` }, signal()));
        assert.equal(e.kind, 'server');
        assert.equal(e.status, 500);
        assert.ok(e.message.includes('overloaded shard 7'), e.message);
        await closed.promise;
      });

      it('an error body that trickles forever is read only until the deadline; the status still classifies it', async () => {
        const closed = signalled();
        const s = await serve((_req, res) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.write('{"error":{"message":"disk full"}}');
          endless(res, ' ', closed.resolve, 10);
        });
        const c = new HttpClient(ep(s.origin), make());
        const e = await rejection(c.request({ url: `${s.origin}/v1/models` }, signal()));
        assert.equal(e.kind, 'server');
        assert.equal(e.status, 500);
        assert.ok(e.message.includes('disk full'), e.message);
        await closed.promise;
      });

      it('a streamed chat answered by a trickling error body ends with an error event', async () => {
        const s = await serve((_req, res) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.write('{"error":{"message":"context too long"}}');
          endless(res, ' ', () => undefined, 10);
        });
        const client = createEndpointClient(ep(s.origin), make());
        const err = expectError(summarise(await collect(client.chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] }))));
        assert.equal(err.kind, 'bad_request');
        assert.ok(err.message.includes('context too long'), err.message);
        client.dispose();
      });

      it('a retried error (503) reads each error body under the deadline too', async () => {
        const s = await serve((_req, res) => {
          res.writeHead(503, { 'content-type': 'text/plain' });
          endless(res, '.', () => undefined, 10);
        });
        const sl = recordingSleep();
        const c = new HttpClient(ep(s.origin), make({ sleep: sl.sleep }));
        const e = await rejection(c.request({ url: `${s.origin}/v1/models` }, signal()));
        assert.equal(e.kind, 'server');
        assert.equal(s.requests.length, 3);
      });
    });
  }

  describe('token endpoint (OAuth2)', () => {
    const intel = (api: string, token: string) => endpoint({
      id: 'intel', platform: 'intel-tiber', baseUrl: `${api}/v1/maas`, cloudAccountId: '012345678901',
      auth: { type: 'oauth2', tokenUrl: `${token}/oauth2/token` },
    });

    for (const [name, make] of Object.entries(TRANSPORTS)) {
      it(`${name}: a token response over the JSON cap is a protocol error`, async () => {
        const tok = await serve((_req, res) => sendJson(res, 200, { access_token: 'x'.repeat(5000) }));
        const api = await serve((_req, res) => sendJson(res, 200, { models: [] }));
        const client = createEndpointClient(intel(api.origin, tok.origin), make());
        const e = await rejection(client.listModels());
        assert.equal(e.kind, 'protocol');
        assert.match(e.message, /token response .* is larger than 1 KiB/);
        assert.equal(api.requests.length, 0);
        client.dispose();
      });

      it(`${name}: a token error body that trickles forever stops at the deadline: auth error`, async () => {
        const closed = signalled();
        const tok = await serve((_req, res) => {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.write('{"error":"invalid_client","error_description":"unknown client"}');
          endless(res, ' ', closed.resolve, 10);
        });
        const api = await serve((_req, res) => sendJson(res, 200, { models: [] }));
        const client = createEndpointClient(intel(api.origin, tok.origin), make());
        const e = await rejection(client.listModels());
        assert.equal(e.kind, 'auth');
        assert.ok(e.message.includes('unknown client'), e.message);
        await closed.promise;
        client.dispose();
      });
    }
  });
});
