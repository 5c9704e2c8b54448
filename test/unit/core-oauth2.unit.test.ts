/**
 * OAuth2 (docs/endpoints.md): Basic client authentication with form-encoded id and secret, the token cache
 * (60 s before expires_in, 5 minutes when absent), one refresh on a 401, one shared fetch for concurrent
 * requests; the token endpoint on a second loopback origin.
 */
import * as assert from 'node:assert/strict';
import { OAuth2TokenCache, basicAuthHeader, tokenLifetimeMs, DEFAULT_TOKEN_LIFETIME_MS, MAX_TOKEN_LIFETIME_MS } from '../../src/core/http/oauth2';
import { HttpClient } from '../../src/core/http/client';
import { MaasError } from '../../src/core/errors';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import type { FetchLike } from '../../src/core/http/types';
import { fetchTransport } from '../../src/core/http/fetch-transport';
import { loopbackPool, sendJson, type Loopback } from './helpers/loopback';
import { MapCredentials, MemLogger, endpoint, deps } from './helpers/fakes';
import { readFixtureText } from './helpers/fixtures';
import { signalled, until } from './helpers/wait';

const CLIENT_ID = 'svc id:ü@corp';
const CLIENT_SECRET = 'p@ss w/rd+&=%:Ω-SECRET';

const pool = loopbackPool();
const serve = pool.serve;

/** application/x-www-form-urlencoded decoding of one component (RFC 6749 Appendix B). */
const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));

function decodeBasic(header: string | undefined): { id: string; secret: string } {
  if (!header?.startsWith('Basic ')) assert.fail(`expected Basic auth, got ${header}`);
  const raw = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = raw.indexOf(':');
  assert.ok(colon > 0, 'id:secret');
  const [idPart, secretPart] = [raw.slice(0, colon), raw.slice(colon + 1)];
  assert.ok(!idPart.includes(':') && !secretPart.includes(':'), 'colons inside the id or secret are form-encoded');
  return { id: formDecode(idPart), secret: formDecode(secretPart) };
}

const oauthCreds = () => new MapCredentials({ 'intel:clientId': CLIENT_ID, 'intel:clientSecret': CLIENT_SECRET });

function intelEndpoint(api: string, tokenUrl: string, over: Record<string, unknown> = {}) {
  return endpoint({
    id: 'intel', platform: 'intel-tiber', baseUrl: `${api}/v1/maas`, cloudAccountId: '012345678901',
    auth: { type: 'oauth2', tokenUrl, scope: 'maas:read maas:write' }, ...over,
  });
}

/**
 * A token server that numbers its tokens tok-1, tok-2, …; hold(n), when given, is awaited before the
 * n-th request (1-based) is answered, so a test decides when a token fetch ends.
 */
async function tokenServer(opts: { hold?: (n: number) => Promise<void>; expiresIn?: number; tokenType?: string } = {}): Promise<Loopback & { issued: string[] }> {
  const issued: string[] = [];
  let asked = 0;
  const s = await serve(async (_req, res) => {
    await opts.hold?.(++asked);
    const tok = `tok-${issued.length + 1}-abcdef`;
    issued.push(tok);
    sendJson(res, 200, { access_token: tok, token_type: opts.tokenType ?? 'Bearer', ...(opts.expiresIn !== undefined ? { expires_in: opts.expiresIn } : {}) });
  });
  return Object.assign(s, { issued });
}

describe('core OAuth2 client credentials', () => {
  afterEach(() => pool.closeAll());

  it('basicAuthHeader form-encodes id and secret before base64 (RFC 6749 §2.3.1)', () => {
    const h = basicAuthHeader('a b', 'c:d+e');
    assert.equal(Buffer.from(h.slice(6), 'base64').toString(), 'a+b:c%3Ad%2Be');
    assert.deepEqual(decodeBasic(basicAuthHeader(CLIENT_ID, CLIENT_SECRET)), { id: CLIENT_ID, secret: CLIENT_SECRET });
  });

  it('token request: Basic header, form body with grant_type and scope; the token goes only to the API', async () => {
    const tok = await tokenServer({ expiresIn: 3600 });
    const api = await serve((_req, res) => sendJson(res, 200, { models: [] }));
    const c = new HttpClient(intelEndpoint(api.origin, `${tok.origin}/oauth2/token`), deps(oauthCreds()));
    await (await c.request({ url: `${api.origin}/v1/maas/models` }, new AbortController().signal)).text();
    const t = tok.requests[0];
    assert.equal(t.method, 'POST');
    assert.equal(t.url, '/oauth2/token');
    assert.match(String(t.headers['content-type']), /^application\/x-www-form-urlencoded/);
    assert.deepEqual(decodeBasic(t.headers.authorization), { id: CLIENT_ID, secret: CLIENT_SECRET });
    const form = new URLSearchParams(t.body);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('scope'), 'maas:read maas:write');
    assert.equal(api.requests[0].headers.authorization, 'Bearer tok-1-abcdef');
    const apiSaw = JSON.stringify(api.requests);
    assert.ok(!apiSaw.includes(Buffer.from(CLIENT_SECRET).toString()) && !apiSaw.includes('Basic '), 'client credentials never reach the API origin');
  });

  it('no scope configured → body is just grant_type=client_credentials', async () => {
    const tok = await tokenServer();
    const api = await serve((_req, res) => sendJson(res, 200, {}));
    const e = intelEndpoint(api.origin, `${tok.origin}/token`, { auth: { type: 'oauth2', tokenUrl: `${tok.origin}/token` } });
    const c = new HttpClient(e, deps(oauthCreds()));
    await (await c.request({ url: `${api.origin}/v1/maas/models` }, new AbortController().signal)).text();
    assert.equal(tok.requests[0].body, 'grant_type=client_credentials');
  });

  it('token_type other than bearer is used as the scheme; "bearer" in any case becomes "Bearer"', async () => {
    for (const [tokenType, scheme] of [['DPoP', 'DPoP'], ['bearer', 'Bearer'], ['BEARER', 'Bearer']] as const) {
      const tok = await tokenServer({ tokenType });
      const api = await serve((_req, res) => sendJson(res, 200, {}));
      const c = new HttpClient(intelEndpoint(api.origin, `${tok.origin}/token`), deps(oauthCreds()));
      await (await c.request({ url: `${api.origin}/v1/maas/models` }, new AbortController().signal)).text();
      assert.equal(api.requests[0].headers.authorization, `${scheme} tok-1-abcdef`, tokenType);
    }
  });

  it('a 401 refreshes the token once and retries', async () => {
    const tok = await tokenServer({ expiresIn: 3600 });
    const api = await serve((req, res) => (req.headers.authorization === 'Bearer tok-2-abcdef' ? sendJson(res, 200, { ok: true }) : sendJson(res, 401, { code: 16, message: 'token expired' })));
    const c = new HttpClient(intelEndpoint(api.origin, `${tok.origin}/token`), deps(oauthCreds()));
    const res = await c.request({ url: `${api.origin}/v1/maas/models` }, new AbortController().signal);
    assert.deepEqual(await res.json(), { ok: true });
    assert.equal(tok.requests.length, 2);
    assert.deepEqual(api.requests.map((r) => r.headers.authorization), ['Bearer tok-1-abcdef', 'Bearer tok-2-abcdef']);
  });

  it('a second 401 is an auth error: only one refresh', async () => {
    const tok = await tokenServer({ expiresIn: 3600 });
    const api = await serve((_req, res) => sendJson(res, 401, { error: { message: 'nope' } }));
    const c = new HttpClient(intelEndpoint(api.origin, `${tok.origin}/token`), deps(oauthCreds()));
    await assert.rejects(c.request({ url: `${api.origin}/v1/maas/models` }, new AbortController().signal), (e: unknown) => e instanceof MaasError && e.kind === 'auth' && e.status === 401);
    assert.equal(tok.requests.length, 2);
    assert.equal(api.requests.length, 2);
  });

  it('concurrent requests share one token fetch', async () => {
    // the token answer waits until every request has been started and the first token request is in
    const started = signalled();
    const tok = await tokenServer({ hold: () => started.promise, expiresIn: 3600 });
    const api = await serve((_req, res) => sendJson(res, 200, {}));
    const c = new HttpClient(intelEndpoint(api.origin, `${tok.origin}/token`), deps(oauthCreds()));
    const sig = new AbortController().signal;
    const all = Promise.all(Array.from({ length: 6 }, async () => (await c.request({ url: `${api.origin}/v1/maas/models` }, sig)).text()));
    await until(() => tok.requests.length > 0);
    started.resolve();
    await all;
    assert.equal(tok.requests.length, 1);
    assert.equal(api.requests.length, 6);
    assert.ok(api.requests.every((r) => r.headers.authorization === 'Bearer tok-1-abcdef'));
  });

  it('concurrent requests that all get a 401 share one refresh', async () => {
    // the refresh (the 2nd token) is answered only once all 4 requests have had their 401
    const api = await serve((req, res) => (req.headers.authorization === 'Bearer tok-1-abcdef' ? sendJson(res, 401, 'expired') : sendJson(res, 200, {})));
    const tok = await tokenServer({ hold: (n) => (n === 2 ? until(() => api.requests.length >= 4) : Promise.resolve()), expiresIn: 3600 });
    const c = new HttpClient(intelEndpoint(api.origin, `${tok.origin}/token`), deps(oauthCreds()));
    const sig = new AbortController().signal;
    const results = await Promise.allSettled(Array.from({ length: 4 }, async () => (await c.request({ url: `${api.origin}/v1/maas/models` }, sig)).text()));
    const failed = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
    assert.deepEqual(failed, [], 'every request that hit the expired token succeeds after the shared refresh');
    assert.equal(tok.requests.length, 2, `token fetches: ${tok.requests.length}`);
  });

  it('a shared token fetch is not cancelled by whoever started it: each waiter stops on its own signal, the fetch only when all have gone', async () => {
    const answer = signalled();
    let aborted = 0;
    let calls = 0;
    const fetch: FetchLike = async (_url, init) => {
      calls++;
      init.signal?.addEventListener('abort', () => { aborted++; });
      await answer.promise;
      if (init.signal?.aborted) throw init.signal.reason;
      return new Response(JSON.stringify({ access_token: `t${calls}`, expires_in: 3600 }), { status: 200 });
    };
    const cache = new OAuth2TokenCache(fetchTransport(fetch), 5000);
    const opts = { tokenUrl: 'https://token.example/t', clientId: 'id', clientSecret: 'secret' };
    const first = new AbortController();
    const second = new AbortController();
    const a = cache.authorization(opts, first.signal);
    const b = cache.authorization(opts, second.signal);
    await until(() => calls === 1);
    first.abort(new Error('first caller cancelled'));
    await assert.rejects(a, /first caller cancelled/);
    assert.equal(aborted, 0, 'the shared fetch goes on for the other waiter');
    answer.resolve();
    assert.equal(await b, 'Bearer t1');
    assert.equal(calls, 1);

    // every waiter gone → the shared fetch is aborted, and the next caller starts a new one
    const held = signalled();
    let heldCalls = 0;
    let heldAborts = 0;
    const c2 = new OAuth2TokenCache(fetchTransport(async (_u, init) => {
      heldCalls++;
      init.signal?.addEventListener('abort', () => { heldAborts++; });
      await Promise.race([held.promise, new Promise((_r, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)))]);
      return new Response(JSON.stringify({ access_token: `h${heldCalls}` }), { status: 200 });
    }), 5000);
    const x = new AbortController();
    const y = new AbortController();
    const px = c2.authorization(opts, x.signal);
    const py = c2.authorization(opts, y.signal);
    await until(() => heldCalls === 1);
    x.abort(new Error('x gone'));
    await assert.rejects(px, /x gone/);
    assert.equal(heldAborts, 0);
    y.abort(new Error('y gone'));
    await assert.rejects(py, /y gone/);
    await until(() => heldAborts === 1);
    held.resolve();
    assert.equal(await c2.authorization(opts, new AbortController().signal), 'Bearer h2');
  });

  it('a token endpoint that echoes the request\'s Basic credentials: the base64 of id:secret is scrubbed', async () => {
    const tok = await serve((req, res) => sendJson(res, 400, { error: 'invalid_client', error_description: `client ${String(req.headers.authorization)} unknown` }));
    const api = await serve((_req, res) => sendJson(res, 200, {}));
    const c = new HttpClient(intelEndpoint(api.origin, `${tok.origin}/token`), deps(oauthCreds()));
    const basic = basicAuthHeader(CLIENT_ID, CLIENT_SECRET).slice(6);
    await assert.rejects(c.request({ url: `${api.origin}/v1/maas/models` }, new AbortController().signal), (e: unknown) => {
      assert.ok(e instanceof MaasError);
      assert.equal(e.kind, 'auth');
      assert.ok(!e.message.includes(basic), e.message);
      assert.ok(!e.message.includes(basic.slice(4, 24)), e.message);
      return true;
    });
  });

  it('the token endpoint rejecting the client (fixture oauth-token.401.json) → auth, reason shown, no secret', async () => {
    const tok = await serve((_req, res) => sendJson(res, 401, readFixtureText('intel-maas/oauth-token.401.json')));
    const api = await serve((_req, res) => sendJson(res, 200, {}));
    const c = new HttpClient(intelEndpoint(api.origin, `${tok.origin}/token`), deps(oauthCreds()));
    await assert.rejects(c.request({ url: `${api.origin}/v1/maas/models` }, new AbortController().signal), (e: unknown) => {
      assert.ok(e instanceof MaasError);
      assert.equal(e.kind, 'auth');
      assert.ok(e.message.includes('Client authentication failed'), e.message);
      assert.ok(!e.message.includes(CLIENT_SECRET));
      return true;
    });
    assert.equal(api.requests.length, 0);
  });

  it('a token endpoint that echoes the secret or the token: neither appears in errors or logs', async () => {
    const tok = await serve((_req, res) => sendJson(res, 400, { error: 'invalid_client', error_description: `bad secret ${CLIENT_SECRET} for ${CLIENT_ID}` }));
    const api = await serve((_req, res) => sendJson(res, 200, { models: [] }));
    const log = new MemLogger();
    const client = createEndpointClient(intelEndpoint(api.origin, `${tok.origin}/token`), deps(oauthCreds(), { logger: log }));
    await assert.rejects(client.listModels(), (e: unknown) => {
      assert.ok(e instanceof MaasError);
      assert.ok(!e.message.includes(CLIENT_SECRET), e.message);
      return true;
    });
    const t2 = await tokenServer({ expiresIn: 3600 });
    const api2 = await serve((req, res) => sendJson(res, 403, { error: { message: `token ${String(req.headers.authorization).slice(7)} lacks scope` } }));
    const client2 = createEndpointClient(intelEndpoint(api2.origin, `${t2.origin}/token`), deps(oauthCreds(), { logger: log }));
    await assert.rejects(client2.listModels(), (e: unknown) => {
      assert.ok(e instanceof MaasError);
      assert.equal(e.kind, 'forbidden');
      assert.ok(!e.message.includes('tok-1-abcdef'), e.message);
      return true;
    });
    for (const l of log.lines) {
      assert.ok(!l.includes(CLIENT_SECRET) && !l.includes('tok-1-abcdef'), l);
    }
  });

  describe('token cache lifetime (fake clock)', () => {
    function fakeTokenFetch(body: () => Record<string, unknown>): { fetch: FetchLike; calls: () => number } {
      let calls = 0;
      return {
        calls: () => calls,
        fetch: async () => { calls++; return new Response(JSON.stringify({ access_token: `t${calls}`, ...body() }), { status: 200, headers: { 'content-type': 'application/json' } }); },
      };
    }
    const opts = { tokenUrl: 'https://token.example/oauth2/token', clientId: 'id', clientSecret: 'secret' };

    it('cached until 60 s before expires_in', async () => {
      let now = 1_000_000;
      const f = fakeTokenFetch(() => ({ token_type: 'Bearer', expires_in: 120 }));
      const cache = new OAuth2TokenCache(fetchTransport(f.fetch), 5000, () => now);
      const sig = new AbortController().signal;
      assert.equal(await cache.authorization(opts, sig), 'Bearer t1');
      now += 59_000;
      assert.equal(await cache.authorization(opts, sig), 'Bearer t1');
      now += 2_000;
      assert.equal(await cache.authorization(opts, sig), 'Bearer t2');
      assert.equal(f.calls(), 2);
    });

    it('5 minutes when expires_in is absent', async () => {
      let now = 0;
      const f = fakeTokenFetch(() => ({}));
      const cache = new OAuth2TokenCache(fetchTransport(f.fetch), 5000, () => now);
      const sig = new AbortController().signal;
      await cache.authorization(opts, sig);
      now = 299_000;
      assert.equal(await cache.authorization(opts, sig), 'Bearer t1');
      now = 301_000;
      assert.equal(await cache.authorization(opts, sig), 'Bearer t2');
    });

    it('expires_in as a digit string (Intel fixture shape) is honoured', async () => {
      let now = 0;
      const f = fakeTokenFetch(() => ({ expires_in: '3600' }));
      const cache = new OAuth2TokenCache(fetchTransport(f.fetch), 5000, () => now);
      const sig = new AbortController().signal;
      await cache.authorization(opts, sig);
      now = 3_539_000;
      await cache.authorization(opts, sig);
      assert.equal(f.calls(), 1);
      now = 3_541_000;
      await cache.authorization(opts, sig);
      assert.equal(f.calls(), 2);
    });

    it('expires_in null, "3600s" or huge is accepted: the default, parsed, clamped to 24 hours', async () => {
      for (const [expiresIn, lifetime] of [[null, DEFAULT_TOKEN_LIFETIME_MS], ['3600s', 3_540_000], [' 120 ', 60_000], [1e300, MAX_TOKEN_LIFETIME_MS], [Number.MAX_SAFE_INTEGER, MAX_TOKEN_LIFETIME_MS], ['soon', DEFAULT_TOKEN_LIFETIME_MS], [-5, DEFAULT_TOKEN_LIFETIME_MS], [{}, DEFAULT_TOKEN_LIFETIME_MS]] as const) {
        assert.equal(tokenLifetimeMs(expiresIn), lifetime, JSON.stringify(expiresIn));
        let now = 0;
        const f = fakeTokenFetch(() => ({ expires_in: expiresIn, token_type: null }));
        const cache = new OAuth2TokenCache(fetchTransport(f.fetch), 5000, () => now);
        const sig = new AbortController().signal;
        assert.equal(await cache.authorization(opts, sig), 'Bearer t1', JSON.stringify(expiresIn));
        now = lifetime - 1;
        assert.equal(await cache.authorization(opts, sig), 'Bearer t1');
        now = lifetime + 1;
        assert.equal(await cache.authorization(opts, sig), 'Bearer t2');
      }
    });

    it('the Intel fixture token response is accepted', async () => {
      const body = readFixtureText('intel-maas/oauth-token.200.json');
      const cache = new OAuth2TokenCache(fetchTransport(async () => new Response(body, { status: 200 })), 5000);
      const h = await cache.authorization(opts, new AbortController().signal);
      assert.equal(h, `Bearer ${(JSON.parse(body) as { access_token: string }).access_token}`);
    });

    it('a body without access_token is a protocol error', async () => {
      const cache = new OAuth2TokenCache(fetchTransport(async () => new Response('{"token":"x"}', { status: 200 })), 5000);
      await assert.rejects(cache.authorization(opts, new AbortController().signal), (e: unknown) => e instanceof MaasError && e.kind === 'protocol');
    });

    it('after a 401 the rejected token is dropped, but a newer one fetched meanwhile is kept', async () => {
      const f = fakeTokenFetch(() => ({ expires_in: 3600 }));
      const cache = new OAuth2TokenCache(fetchTransport(f.fetch), 5000);
      const sig = new AbortController().signal;
      const first = await cache.authorization(opts, sig);
      cache.invalidate(first);
      assert.equal(await cache.authorization(opts, sig), 'Bearer t2');
      cache.invalidate(first);
      assert.equal(await cache.authorization(opts, sig), 'Bearer t2', 'a late 401 for the old token does not drop the new one');
      assert.equal(f.calls(), 2);
    });
  });
});
