/**
 * The two transports against loopback servers. undici's dispatcher (the CLI; endpoints with `tls`
 * settings) must keep what fetch gave for free: decompression of gzip/br/deflate, fetch's default
 * `accept` and `accept-encoding`, manual redirects handled by the client, error classification (tls,
 * network), HTTPS_PROXY/NO_PROXY. Redirects and headers are checked through both transports.
 */
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import * as https from 'node:https';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { HttpClient, USER_AGENT } from '../../src/core/http/client';
import { MaasError } from '../../src/core/errors';
import type { CoreDeps } from '../../src/core/endpoint-client';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { dispatcherTransport, proxyOptions } from '../../src/core/http/dispatcher-transport';
import { loopbackPool, sendJson } from './helpers/loopback';
import { MapCredentials, recordingSleep, endpoint, deps } from './helpers/fakes';
import { collect } from './helpers/bytes';
import { summarise } from './helpers/streams';
import { TEST_CERT_PEM, TEST_KEY_PEM } from './helpers/tls-cert';

const KEY = 'sk-transport-test-7c1d';
const creds = () => new MapCredentials({ 'lab:apiKey': KEY });
const ep = (origin: string, over: Record<string, unknown> = {}) => endpoint({ id: 'lab', platform: 'openai', baseUrl: `${origin}/v1`, ...over });
const signal = () => new AbortController().signal;

/** The extension's path (the host's fetch) and the CLI's (undici's dispatcher, no fetch given). */
const TRANSPORTS: Record<'fetch' | 'dispatcher', (extra?: Partial<CoreDeps>) => CoreDeps> = {
  fetch: (extra = {}) => deps(creds(), extra),
  dispatcher: (extra = {}) => ({ ...deps(creds(), extra), fetch: undefined }),
};

async function rejection(p: Promise<unknown>): Promise<MaasError> {
  try { await p; } catch (e) {
    assert.ok(e instanceof MaasError, `expected a MaasError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

const pool = loopbackPool();
const serve = pool.serve;

describe('core HTTP transports', () => {
  afterEach(() => pool.closeAll());

  describe('dispatcher: decompression like fetch', () => {
    const body = JSON.stringify({ data: [{ id: 'm'.repeat(40) }], note: 'ü'.repeat(2000) });
    const encoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: (b) => zlib.gzipSync(b),
      'x-gzip': (b) => zlib.gzipSync(b),
      br: (b) => zlib.brotliCompressSync(b),
      deflate: (b) => zlib.deflateSync(b),
      'gzip, br': (b) => zlib.brotliCompressSync(zlib.gzipSync(b)),
    };
    for (const [coding, encode] of Object.entries(encoders)) {
      it(`content-encoding: ${coding}`, async () => {
        const s = await serve((_req, res) => {
          const bytes = encode(Buffer.from(body));
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding, 'content-length': String(bytes.length) });
          res.end(bytes);
        });
        const c = new HttpClient(ep(s.origin), TRANSPORTS.dispatcher());
        assert.deepEqual(await (await c.request({ url: `${s.origin}/v1/models` }, signal())).json(), JSON.parse(body));
      });
    }

    it('raw deflate (no zlib header), as some servers send it', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' });
        res.end(zlib.deflateRawSync(Buffer.from(body)));
      });
      const c = new HttpClient(ep(s.origin), TRANSPORTS.dispatcher());
      assert.deepEqual(await (await c.request({ url: `${s.origin}/v1/models` }, signal())).json(), JSON.parse(body));
    });

    it('a gzip-encoded event stream arrives as events while it is produced', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
        const gz = zlib.createGzip();
        gz.pipe(res);
        const events = ['Hel', 'lo ', 'there'].map((t) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: t } }] })}\n\n`);
        for (const e of events) { gz.write(e); gz.flush(); }
        gz.end(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
      });
      const client = createEndpointClient(ep(s.origin), TRANSPORTS.dispatcher());
      const sum = summarise(await collect(client.chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] })));
      assert.equal(sum.text, 'Hello there');
      assert.deepEqual(sum.terminal, { type: 'done', finishReason: 'stop' });
      client.dispose();
    });

    it('a gzip stream whose connection breaks is a network error after the text so far (not a decoding error)', async () => {
      let res!: http.ServerResponse;
      const s = await serve((_req, r) => {
        res = r;
        r.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
        const gz = zlib.createGzip();
        gz.pipe(r);
        gz.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'partial' } }] })}\n\n`);
        gz.flush();
      });
      const client = createEndpointClient(ep(s.origin), TRANSPORTS.dispatcher());
      const events = [];
      for await (const e of client.chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] })) {
        events.push(e);
        if (e.type === 'text') res.socket?.destroy(); // the connection breaks once the first text has arrived
      }
      const sum = summarise(events);
      assert.equal(sum.text, 'partial');
      assert.equal(sum.terminal.type, 'error');
      assert.equal((sum.terminal as { kind: string }).kind, 'network', JSON.stringify(sum.terminal));
      client.dispose();
    });

    it('an unknown coding leaves the body as it came (as fetch does)', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'x-custom' });
        res.end('as sent');
      });
      const c = new HttpClient(ep(s.origin), TRANSPORTS.dispatcher());
      assert.equal(await (await c.request({ url: `${s.origin}/v1/x` }, signal())).text(), 'as sent');
    });

    it('a body that is not what its content-encoding says is a protocol error', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end('{"not":"gzip"}');
      });
      const c = new HttpClient(ep(s.origin), TRANSPORTS.dispatcher());
      const e = await rejection((await c.request({ url: `${s.origin}/v1/models` }, signal())).json());
      assert.equal(e.kind, 'protocol', e.message);
      assert.match(e.message, /content-encoding/);
    });
  });

  for (const [name, make] of Object.entries(TRANSPORTS)) {
    describe(`${name}: headers and redirects`, () => {
      it('sends accept, accept-encoding and user-agent by default; the caller and the endpoint may override them', async () => {
        const s = await serve((_req, res) => sendJson(res, 200, {}));
        const c = new HttpClient(ep(s.origin), make());
        await (await c.request({ url: `${s.origin}/v1/models` }, signal())).text();
        const h = s.requests[0].headers;
        assert.equal(h.accept, '*/*');
        assert.equal(h['accept-encoding'], 'gzip, deflate');
        assert.equal(h['user-agent'], USER_AGENT);
        const c2 = new HttpClient(ep(s.origin, { headers: { 'User-Agent': 'team-bot/1' } }), make());
        await (await c2.request({ url: `${s.origin}/v1/models`, accept: 'application/json' }, signal())).text();
        assert.equal(s.requests[1].headers.accept, 'application/json');
        assert.equal(s.requests[1].headers['user-agent'], 'team-bot/1');
      });

      it('a same-origin redirect is followed with the credential; 303 turns a POST into a GET without body', async () => {
        const s = await serve((req, res) => {
          if (req.url === '/v1/old') { res.writeHead(302, { location: '/v1/new' }); res.end('moved'); return; }
          if (req.url === '/v1/post') { res.writeHead(303, { location: '/v1/result' }); res.end(); return; }
          sendJson(res, 200, { at: req.url, method: req.method, body: req.body });
        });
        const c = new HttpClient(ep(s.origin), make());
        assert.deepEqual(await (await c.request({ url: `${s.origin}/v1/old` }, signal())).json(), { at: '/v1/new', method: 'GET', body: '' });
        assert.equal(s.requests[1].headers.authorization, `Bearer ${KEY}`);
        assert.deepEqual(await (await c.request({ url: `${s.origin}/v1/post`, json: { a: 1 } }, signal())).json(), { at: '/v1/result', method: 'GET', body: '' });
      });

      it('307 keeps the method and body', async () => {
        const s = await serve((req, res) => {
          if (req.url === '/v1/a') { res.writeHead(307, { location: '/v1/b' }); res.end(); return; }
          sendJson(res, 200, { method: req.method, body: req.body });
        });
        const c = new HttpClient(ep(s.origin), make());
        assert.deepEqual(await (await c.request({ url: `${s.origin}/v1/a`, json: { q: 2 } }, signal())).json(), { method: 'POST', body: '{"q":2}' });
      });

      it('a cross-origin redirect is a config error and the foreign origin sees nothing', async () => {
        const foreign = await serve((_req, res) => sendJson(res, 200, {}));
        const s = await serve((_req, res) => { res.writeHead(302, { location: `${foreign.origin}/steal` }); res.end(); });
        const c = new HttpClient(ep(s.origin), make());
        const e = await rejection(c.request({ url: `${s.origin}/v1/models` }, signal()));
        assert.equal(e.kind, 'config');
        assert.ok(e.message.includes(foreign.origin), e.message);
        assert.equal(foreign.requests.length, 0);
      });

      it('a refused connection is a network error, retried 3 times', async () => {
        const s = await serve((_req, res) => sendJson(res, 200, {}));
        const origin = s.origin;
        await pool.closeAll();
        const sl = recordingSleep();
        const c = new HttpClient(ep(origin), make({ sleep: sl.sleep }));
        const e = await rejection(c.request({ url: `${origin}/v1/models` }, signal()));
        assert.equal(e.kind, 'network', e.message);
        assert.match(e.message, /ECONNREFUSED/);
        assert.equal(sl.waits.length, 2);
      });
    });
  }

  describe('dispatcher: bodies and certificates', () => {
    it('a multipart FormData body is sent with its boundary', async () => {
      const s = await serve((_req, res) => sendJson(res, 200, {}));
      const c = new HttpClient(ep(s.origin), TRANSPORTS.dispatcher());
      const form = new FormData();
      form.set('model', 'whisper');
      form.set('file', new Blob([Buffer.from('RIFF....WAVE')], { type: 'audio/wav' }), 'a.wav');
      await (await c.request({ url: `${s.origin}/v1/audio/transcriptions`, body: form }, signal())).text();
      const r = s.requests[0];
      assert.match(String(r.headers['content-type']), /^multipart\/form-data; boundary=/);
      assert.ok(r.body.includes('name="model"') && r.body.includes('whisper') && r.body.includes('filename="a.wav"'), r.body);
    });

    it('an untrusted certificate is a tls error naming tls.caFile, not retried', async () => {
      const server = https.createServer({ cert: TEST_CERT_PEM, key: TEST_KEY_PEM }, (_req, res) => { res.end('{}'); });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const sl = recordingSleep();
        const c = new HttpClient(ep(origin), TRANSPORTS.dispatcher({ sleep: sl.sleep }));
        const e = await rejection(c.request({ url: `${origin}/v1/models` }, signal()));
        assert.equal(e.kind, 'tls', e.message);
        assert.ok(e.message.includes('tls.caFile'), e.message);
        assert.deepEqual(sl.waits, []);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      }
    });
  });

  describe('dispatcher: HTTP_PROXY / NO_PROXY', () => {
    const saved: Record<string, string | undefined> = {};
    const names = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
    beforeEach(() => { for (const n of names) { saved[n] = process.env[n]; delete process.env[n]; } });
    afterEach(() => { for (const n of names) { if (saved[n] === undefined) delete process.env[n]; else process.env[n] = saved[n]; } });

    /** A tunnelling proxy (undici's ProxyAgent sends CONNECT, for http targets too); records each CONNECT target. */
    async function proxy(status = 200): Promise<{ origin: string; seen: string[]; authorization: (string | undefined)[]; close: () => Promise<void> }> {
      const seen: string[] = [];
      const authorization: (string | undefined)[] = [];
      const server = http.createServer((_req, res) => { res.writeHead(405); res.end(); });
      server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
        seen.push(req.url ?? '');
        authorization.push(req.headers['proxy-authorization']);
        if (status !== 200) { client.end(`HTTP/1.1 ${status} Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n`); return; }
        const [host, port] = (req.url ?? '').split(':');
        const upstream = net.connect(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return {
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, authorization,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      };
    }

    it('requests go through HTTP_PROXY, except to hosts in NO_PROXY', async () => {
      const target = await serve((_req, res) => sendJson(res, 200, { via: 'direct' }));
      const p = await proxy();
      try {
        process.env.HTTP_PROXY = p.origin;
        const t = dispatcherTransport();
        const viaProxy = await t.send({ url: `${target.origin}/v1/models`, method: 'GET', headers: {}, signal: signal() });
        assert.equal(viaProxy.status, 200);
        assert.deepEqual(JSON.parse(Buffer.concat(await collect(viaProxy.body)).toString()), { via: 'direct' });
        assert.deepEqual(p.seen, [target.origin.replace('http://', '')]);
        t.close();

        process.env.NO_PROXY = '127.0.0.1';
        const t2 = dispatcherTransport();
        const direct = await t2.send({ url: `${target.origin}/v1/models`, method: 'GET', headers: {}, signal: signal() });
        assert.deepEqual(JSON.parse(Buffer.concat(await collect(direct.body)).toString()), { via: 'direct' });
        assert.equal(p.seen.length, 1);
        t2.close();
      } finally {
        await p.close();
      }
    });

    it('ProxySettings (VS Code\'s http.proxy, http.noProxy, http.proxyAuthorization) win over the environment', async () => {
      const target = await serve((_req, res) => sendJson(res, 200, { via: 'direct' }));
      const fromSettings = await proxy();
      const fromEnv = await proxy();
      try {
        process.env.HTTP_PROXY = fromEnv.origin;
        const t = dispatcherTransport(undefined, { url: fromSettings.origin, noProxy: ['other.example'], authorization: 'Basic c2V0dGluZ3M=' });
        const r = await t.send({ url: `${target.origin}/v1/models`, method: 'GET', headers: {}, signal: signal() });
        assert.equal(r.status, 200);
        await collect(r.body);
        assert.deepEqual(fromSettings.seen, [target.origin.replace('http://', '')]);
        assert.deepEqual(fromSettings.authorization, ['Basic c2V0dGluZ3M=']);
        assert.deepEqual(fromEnv.seen, []);
        t.close();

        // http.noProxy matches (a host:port entry): direct, and neither proxy sees it
        const t2 = dispatcherTransport(undefined, { url: fromSettings.origin, noProxy: [target.origin.replace('http://', '')] });
        await collect((await t2.send({ url: `${target.origin}/v1/models`, method: 'GET', headers: {}, signal: signal() })).body);
        assert.equal(fromSettings.seen.length, 1);
        assert.deepEqual(fromEnv.seen, []);
        t2.close();

        // no http.proxy: the environment's proxy
        const t3 = dispatcherTransport(undefined, { noProxy: [], strictSSL: true });
        await collect((await t3.send({ url: `${target.origin}/v1/models`, method: 'GET', headers: {}, signal: signal() })).body);
        assert.equal(fromEnv.seen.length, 1);
        t3.close();
      } finally {
        await fromSettings.close();
        await fromEnv.close();
      }
    });

    it('a proxy setting that is no proxy URL is a config error that does not repeat it', () => {
      for (const url of ['proxy.corp:8080', 'socks5://user:hunter2@proxy.corp:1080', 'http://']) {
        assert.throws(() => dispatcherTransport(undefined, { url }), (e: unknown) => e instanceof MaasError && e.kind === 'config' && /http\.proxy is not a proxy URL/.test(e.message) && !e.message.includes('hunter2'));
      }
      assert.doesNotThrow(() => dispatcherTransport(undefined, { url: 'https://user:pw@proxy.corp:3128' }).close());
    });

    it('proxyOptions: nothing without a proxy; the settings\' values, a joined no-proxy list, and the proxy\'s own TLS check', () => {
      assert.equal(proxyOptions(undefined), undefined);
      assert.equal(proxyOptions({ noProxy: ['a.example'] }), undefined);
      const connect = { rejectUnauthorized: false };
      assert.deepEqual(proxyOptions({ url: ' http://proxy.example:3128 ', noProxy: [' a.example', '', '.b.example'], strictSSL: false }, connect), {
        httpProxy: 'http://proxy.example:3128', httpsProxy: 'http://proxy.example:3128', noProxy: 'a.example,.b.example',
        connect, requestTls: connect, proxyTls: { rejectUnauthorized: false },
      });
      process.env.HTTPS_PROXY = 'http://env-proxy.example:8080';
      assert.deepEqual(proxyOptions({}), {});
    });

    it('a proxy asking for credentials (407) is a config error naming the proxy variable in use (HTTP_PROXY for an http target)', async () => {
      const p = await proxy(407);
      try {
        process.env.HTTP_PROXY = p.origin;
        const target = 'http://gateway.invalid';
        // An endpoint with tls settings has an agent of its own, made now (the process-wide one was made before HTTP_PROXY was set).
        const c = new HttpClient(ep(target, { tls: { insecureSkipVerify: true } }), TRANSPORTS.dispatcher());
        const e = await rejection(c.request({ url: `${target}/v1/models` }, signal()));
        assert.equal(e.kind, 'config', e.message);
        assert.match(e.message, /put them in HTTP_PROXY/);
        c.close();
      } finally {
        await p.close();
      }
    });

    it('a 407 from the proxy VS Code\'s settings name says to set the credentials there, not in an environment variable', async () => {
      const p = await proxy(407);
      try {
        const target = 'http://gateway.invalid';
        const c = new HttpClient(ep(target, { tls: { insecureSkipVerify: true } }), TRANSPORTS.dispatcher({ proxy: { url: p.origin } }));
        const e = await rejection(c.request({ url: `${target}/v1/models` }, signal()));
        assert.equal(e.kind, 'config', e.message);
        assert.match(e.message, /set them in VS Code's http\.proxy setting .* or http\.proxyAuthorization/);
        assert.doesNotMatch(e.message, /HTTPS?_PROXY/);
        c.close();
      } finally {
        await p.close();
      }
    });
  });
});
