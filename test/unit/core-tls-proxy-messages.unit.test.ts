/**
 * Messages that point at the actual fix, against loopback TLS servers with a private CA and a loopback
 * CONNECT proxy: an expired certificate, one for other names, an untrusted issuer (with and without
 * tls.caFile), a caFile without a certificate, NODE_EXTRA_CA_CERTS kept beside caFile, a proxy's 407, a
 * token URL behind the same private CA, and a dropped connection in plain words.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../src/core/http/client';
import { caRoots } from '../../src/core/http/transport';
import { connectionFailure } from '../../src/core/http/failure';
import { MaasError } from '../../src/core/errors';
import { MapCredentials, recordingSleep, endpoint, deps } from './helpers/fakes';
import { TEST_CERT_PEM } from './helpers/tls-cert';
import { TEST_CA_PEM, LEAF_KEY_PEM, GOOD_CERT_PEM, EXPIRED_CERT_PEM, WRONG_HOST_CERT_PEM } from '../helpers/tls-ca';

const KEY = 'sk-tls-test-4c2e';
const signal = () => new AbortController().signal;
const dispatcherDeps = (extra: Parameters<typeof deps>[1] = {}) => ({ ...deps(new MapCredentials({ 'lab:apiKey': KEY, 'lab:clientId': 'cid-1234', 'lab:clientSecret': 'csecret-5678' }), extra), fetch: undefined });

async function rejection(p: Promise<unknown>): Promise<MaasError> {
  try { await p; } catch (e) {
    assert.ok(e instanceof MaasError, `expected a MaasError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('core: TLS and proxy failures name their actual cause', () => {
  let dir: string;
  const servers: { close: () => Promise<void> }[] = [];
  const saved = { ...process.env };

  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maas-tls-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    for (const k of ['NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    }
  });

  function file(name: string, text: string): string {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  }

  async function httpsServer(cert: string, handler: http.RequestListener = (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"data":[]}'); }): Promise<string> {
    const server = https.createServer({ cert, key: LEAF_KEY_PEM }, handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push({ close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const client = (origin: string, over: Record<string, unknown> = {}, extra: Parameters<typeof deps>[1] = {}) =>
    new HttpClient(endpoint({ id: 'lab', platform: 'openai', baseUrl: `${origin}/v1`, ...over }), dispatcherDeps(extra));

  it('a certificate signed by the caFile\'s CA is accepted', async () => {
    const origin = await httpsServer(GOOD_CERT_PEM);
    const c = client(origin, { tls: { caFile: file('ca.pem', TEST_CA_PEM) } });
    assert.deepEqual(await (await c.request({ url: `${origin}/v1/models` }, signal())).json(), { data: [] });
    c.close();
  });

  it('an expired certificate names its end date, not tls.caFile (even when caFile is set); not retried', async () => {
    const origin = await httpsServer(EXPIRED_CERT_PEM);
    const sl = recordingSleep();
    const c = client(origin, { tls: { caFile: file('ca.pem', TEST_CA_PEM) } }, { sleep: sl.sleep });
    const e = await rejection(c.request({ url: `${origin}/v1/models` }, signal()));
    assert.equal(e.kind, 'tls', e.message);
    assert.match(e.message, /expired on 2001-01-01/);
    assert.match(e.message, /must be renewed/);
    assert.ok(!/set the endpoint's tls\.caFile/.test(e.message), e.message);
    assert.deepEqual(sl.waits, []);
    c.close();
  });

  it('a certificate for other names lists them and the host asked for', async () => {
    const origin = await httpsServer(WRONG_HOST_CERT_PEM);
    const c = client(origin, { tls: { caFile: file('ca.pem', TEST_CA_PEM) } });
    const e = await rejection(c.request({ url: `${origin}/v1/models` }, signal()));
    assert.equal(e.kind, 'tls', e.message);
    assert.match(e.message, /is for "wrong\.example", "other\.example", not 127\.0\.0\.1/);
    assert.ok(!/set the endpoint's tls\.caFile/.test(e.message), e.message);
    c.close();
  });

  it('an untrusted issuer: without caFile the advice is to set it; with a caFile of another CA, that file is named', async () => {
    const origin = await httpsServer(GOOD_CERT_PEM);
    const without = client(origin);
    const e1 = await rejection(without.request({ url: `${origin}/v1/models` }, signal()));
    assert.equal(e1.kind, 'tls');
    assert.match(e1.message, /not signed by a CA this computer trusts .*set the endpoint's tls\.caFile/);
    const other = file('other-ca.pem', TEST_CERT_PEM);
    const withOther = client(origin, { tls: { caFile: other } });
    const e2 = await rejection(withOther.request({ url: `${origin}/v1/models` }, signal()));
    assert.equal(e2.kind, 'tls');
    assert.ok(e2.message.includes(`not signed by a CA in tls.caFile ${JSON.stringify(other)}`), e2.message);
    withOther.close();
  });

  it('a caFile holding no certificate is a config error naming the file, when the client is made', () => {
    const empty = file('empty.pem', '# my CA bundle\n-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n');
    assert.throws(() => client('https://127.0.0.1:9', { tls: { caFile: empty } }), (e: unknown) => {
      assert.ok(e instanceof MaasError && e.kind === 'config', String(e));
      assert.ok(e.message.includes(`tls.caFile ${JSON.stringify(empty)} holds no PEM certificate`), e.message);
      return true;
    });
  });

  it('caFile adds to the roots: Node\'s bundled roots, NODE_EXTRA_CA_CERTS\'s certificates, then the caFile\'s', async () => {
    const extra = file('extra.pem', TEST_CA_PEM);
    const mine = file('mine.pem', TEST_CERT_PEM);
    const roots = caRoots('lab', mine, { NODE_EXTRA_CA_CERTS: extra });
    assert.equal(roots.length, tls.rootCertificates.length + 2);
    assert.deepEqual(roots.slice(0, tls.rootCertificates.length), [...tls.rootCertificates]);
    assert.equal(roots.at(-2)?.trim(), TEST_CA_PEM.trim());
    assert.equal(roots.at(-1)?.trim(), TEST_CERT_PEM.trim());
    // and on a real connection: the server's CA comes from NODE_EXTRA_CA_CERTS, the caFile holds another
    process.env.NODE_EXTRA_CA_CERTS = extra;
    const origin = await httpsServer(GOOD_CERT_PEM);
    const c = client(origin, { tls: { caFile: mine } });
    assert.deepEqual(await (await c.request({ url: `${origin}/v1/models` }, signal())).json(), { data: [] });
    c.close();
  });

  it('an OAuth2 token URL on another origin behind the same private CA uses the endpoint\'s caFile', async () => {
    const tokenOrigin = await httpsServer(GOOD_CERT_PEM, (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"access_token":"tok-private-ca","expires_in":"3600s"}'); });
    let seen: string | undefined;
    const api = await httpsServer(GOOD_CERT_PEM, (req, res) => { seen = req.headers.authorization; res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"data":[]}'); });
    const c = client(api.replace('127.0.0.1', 'localhost'), { auth: { type: 'oauth2', tokenUrl: `${tokenOrigin}/token` }, tls: { caFile: file('ca.pem', TEST_CA_PEM) } });
    await (await c.request({ url: `${api.replace('127.0.0.1', 'localhost')}/v1/models` }, signal())).json();
    assert.equal(seen, 'Bearer tok-private-ca');
    c.close();
  });

  it('an OAuth2 token URL with an expired certificate is a tls error naming the date', async () => {
    const tokenOrigin = await httpsServer(EXPIRED_CERT_PEM);
    const c = client('http://127.0.0.1:9', { auth: { type: 'oauth2', tokenUrl: `${tokenOrigin}/token` }, tls: { caFile: file('ca.pem', TEST_CA_PEM) } });
    const e = await rejection(c.request({ url: 'http://127.0.0.1:9/v1/models' }, signal()));
    assert.equal(e.kind, 'tls', e.message);
    assert.match(e.message, /^Could not get an access token from https:\/\/127\.0\.0\.1:\d+\/token: .*expired on 2001-01-01/);
  });

  it('a proxy answering 407 is a config error naming the proxy credentials, not retried (with and without credentials in HTTPS_PROXY)', async () => {
    const seen: string[] = [];
    const proxy = http.createServer((_req, res) => { res.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }); res.end('denied'); });
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
      seen.push(req.url ?? '');
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\ncontent-length: 0\r\n\r\n');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    servers.push({ close: () => new Promise<void>((r) => { proxy.closeAllConnections(); proxy.close(() => r()); }) });
    const port = (proxy.address() as AddressInfo).port;
    for (const [proxyUrl, expected] of [[`http://127.0.0.1:${port}`, /put them in HTTPS_PROXY as http:\/\/user:password@host:port/], [`http://me:wrong@127.0.0.1:${port}`, /rejected the credentials in HTTPS_PROXY/]] as const) {
      process.env.HTTPS_PROXY = proxyUrl;
      const sl = recordingSleep();
      // an endpoint with tls settings gets an agent of its own, made now (after HTTPS_PROXY was set)
      const c = client('https://gateway.example', { tls: { insecureSkipVerify: true } }, { sleep: sl.sleep });
      const before = seen.length;
      const e = await rejection(c.request({ url: 'https://gateway.example/v1/models' }, signal()));
      assert.equal(e.kind, 'config', e.message);
      assert.equal(e.status, 407);
      assert.match(e.message, expected);
      assert.ok(!e.message.includes('wrong'), 'the proxy password is never shown');
      assert.ok(!/UND_ERR|cancelled/i.test(e.message), e.message);
      assert.deepEqual(sl.waits, [], 'not retried');
      assert.equal(seen.length - before, 1);
      c.close();
    }
  });

  it('a 407 as other proxy agents report it (status on the error, or in a tunnelling message) is the same config error', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128' };
    const shapes = [
      Object.assign(new Error('Proxy Authentication Required'), { statusCode: 407 }),
      new TypeError('fetch failed', { cause: new Error('tunneling socket could not be established, statusCode=407') }),
      new TypeError('fetch failed', { cause: Object.assign(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), { code: 'UND_ERR_ABORTED', name: 'AbortError' }) }),
    ];
    for (const e of shapes) {
      const f = connectionFailure(e, 'https://gateway.example/v1/models', { env });
      assert.deepEqual([f.kind, f.status], ['config', 407], f.message);
      assert.match(f.message, /HTTPS_PROXY/);
    }
  });

  it('a dropped connection is said in plain words, not an undici code', async () => {
    const server = http.createServer((req) => { req.socket.destroy(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push({ close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = client(origin, {}, { sleep: recordingSleep().sleep });
    const e = await rejection(c.request({ url: `${origin}/v1/models` }, signal()));
    assert.equal(e.kind, 'network');
    assert.match(e.message, /the server closed the connection$/);
    assert.ok(!/UND_ERR/.test(e.message), e.message);
  });
});
