/**
 * `maas` against the reference gateway listening with TLS under a private CA made at test time, and
 * through a loopback CONNECT proxy: a certificate the system does not trust fails naming the cause,
 * `tls.caFile` or `tls.insecureSkipVerify` makes it work — for discovery, chat, tasks (an upload too) and
 * the OAuth2 token endpoint (on the gateway's other origin, behind the same CA); HTTPS_PROXY carries the requests
 * through the proxy (its log shows them), NO_PROXY sends them direct.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wavBytes } from '../gateway/answers';
import { startGateway, type Gateway } from '../gateway/server';
import { CLI, CliRunner, jsonLines, textOf } from './cli-harness';
import { makeTestCa, TEST_HOST, type TestCa } from '../helpers/test-ca';
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy';

type Entry = Record<string, unknown>;
const VLLM = 'meta-llama/Llama-3.1-8B-Instruct';
const ENDPOINTS = ['local-vllm', 'intel-tiber'] as const;

describe('maas CLI over TLS with a private CA, and through a CONNECT proxy', function () {
  this.timeout(30_000);
  let ca: TestCa;
  let gw: Gateway;
  let cli: CliRunner;
  let proxy: ConnectProxy;
  let entries: Entry[];

  /** The gateway's entries with `tls` set on each (undefined: none). */
  const withTls = (tls: Entry | undefined, host?: string): Entry[] => entries.map((e) => {
    const moved = host ? JSON.parse(JSON.stringify(e).replaceAll('127.0.0.1', host)) as Entry : e;
    return tls ? { ...moved, tls } : moved;
  });
  const models = (config: string, endpoint: string, env: Record<string, string | undefined> = {}) =>
    cli.run(['models', '--config', config, '--endpoint', endpoint, '--json'], { env });
  const chat = (config: string, endpoint: string) =>
    cli.run(['chat', '--config', config, '--endpoint', endpoint, '--model', VLLM, '--json', 'Say hello']);

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    ca = makeTestCa();
    gw = await startGateway({ chunkDelayMs: 1, tls: { cert: ca.cert, key: ca.key } });
    assert.match(gw.url, /^https:/);
    cli = new CliRunner(gw);
    entries = gw.endpoints() as Entry[];
    proxy = await startConnectProxy({ hosts: { [TEST_HOST]: '127.0.0.1' } });
  });
  after(async () => {
    await proxy?.close();
    await gw?.close();
    cli?.cleanup();
    ca?.remove();
  });

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint}: a certificate of an unknown CA fails naming the certificate and tls.caFile`, async () => {
      const r = await models(cli.config(withTls(undefined)), endpoint);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /certificate/i);
      assert.match(r.stderr, /tls\.caFile/);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    });

    it(`${endpoint}: tls.caFile makes discovery and chat work${endpoint === 'intel-tiber' ? ' (the token URL behind the same CA)' : ''}`, async () => {
      const config = cli.config(withTls({ caFile: ca.caFile }));
      const before = gw.requests.length;
      const listed = await models(config, endpoint);
      assert.equal(listed.code, 0, listed.stderr);
      assert.ok(listed.stdout.includes(VLLM), listed.stdout);
      const answer = await chat(config, endpoint);
      assert.equal(answer.code, 0, answer.stderr);
      assert.ok(textOf(jsonLines(answer.stdout)).length > 0, answer.stdout);
      if (endpoint === 'intel-tiber') assert.ok(gw.requests.slice(before).some((q) => q.origin === 'foreign' && q.path === '/oauth2/token'), 'the token endpoint was asked');
    });

    it(`${endpoint}: tls.insecureSkipVerify works without the CA, with a warning`, async () => {
      const config = cli.config(withTls({ insecureSkipVerify: true }));
      const listed = await models(config, endpoint);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stderr, /insecureSkipVerify/);
      const answer = await chat(config, endpoint);
      assert.equal(answer.code, 0, answer.stderr);
    });
  }

  for (const [what, certOf, cause] of [
    ['an expired certificate', (c: TestCa) => c.expiredCert, /expired/i],
    ['a certificate for another host name', (c: TestCa) => c.wrongHostCert, /altname|host ?name|other\.maas\.test/i],
  ] as const) {
    it(`${what} is refused even with tls.caFile, naming the cause`, async () => {
      const bad = await startGateway({ chunkDelayMs: 1, tls: { cert: certOf(ca), key: ca.key } });
      try {
        const config = cli.config((bad.endpoints() as Entry[]).map((e) => ({ ...e, tls: { caFile: ca.caFile } })));
        const r = await models(config, 'local-vllm');
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stdout + r.stderr, /"kind":"tls"/);
        assert.match(r.stdout + r.stderr, cause);
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      } finally {
        await bad.close();
      }
    });
  }

  it('HTTPS_PROXY carries every request (the token request too) through the proxy; a name only the proxy resolves works', async () => {
    const config = cli.config(withTls({ caFile: ca.caFile }, TEST_HOST));
    proxy.log.length = 0;
    const r = await models(config, 'intel-tiber', { HTTPS_PROXY: proxy.url });
    assert.equal(r.code, 0, r.stderr);
    const main = new URL(gw.url).port;
    const foreign = new URL(gw.foreignUrl).port;
    assert.ok(proxy.log.includes(`${TEST_HOST}:${main}`), `the proxy saw ${JSON.stringify(proxy.log)}`);
    assert.ok(proxy.log.includes(`${TEST_HOST}:${foreign}`), `the token request went through the proxy: ${JSON.stringify(proxy.log)}`);
  });

  it('tasks too: a rerank and an upload (transcription) over TLS with tls.caFile, through HTTPS_PROXY', async () => {
    const config = cli.config(withTls({ caFile: ca.caFile }, TEST_HOST));
    const dir = mkdtempSync(join(tmpdir(), 'maas-tls-task-'));
    try {
      const wav = join(dir, 'hello.wav');
      writeFileSync(wav, wavBytes());
      proxy.log.length = 0;
      const env = { HTTPS_PROXY: proxy.url };
      const rerank = await cli.run(['rerank', '--config', config, '--endpoint', 'local-vllm', '--model', 'BAAI/bge-reranker-v2-m3', '--query', 'pandas', '--json', 'Pandas eat bamboo.', 'Paris is in France.'], { env });
      assert.equal(rerank.code, 0, rerank.stderr);
      assert.equal((JSON.parse(rerank.stdout) as { results: { text: string }[] }).results[0].text, 'Pandas eat bamboo.');
      const heard = await cli.run(['transcribe', '--config', config, '--endpoint', 'local-vllm', '--model', 'openai/whisper-large-v3', '--json', wav], { env });
      assert.equal(heard.code, 0, heard.stderr);
      assert.equal((JSON.parse(heard.stdout) as { text: string }).text, 'The quick brown fox jumps over the lazy dog.');
      assert.ok(proxy.log.every((t) => t.startsWith(`${TEST_HOST}:`)) && proxy.log.length >= 2, `the proxy saw ${JSON.stringify(proxy.log)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an expired OAuth2 token is refreshed through the proxy, from the token URL behind the same CA', async () => {
    const config = cli.config(withTls({ caFile: ca.caFile }, TEST_HOST));
    gw.setFault({ type: 'expired-token', path: '/generatestream' });
    proxy.log.length = 0;
    const n = gw.requests.length;
    const r = await cli.run(['chat', '--config', config, '--endpoint', 'intel-tiber', '--model', VLLM, '--json', 'x'], { env: { HTTPS_PROXY: proxy.url } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const since = gw.requests.slice(n);
    assert.equal(since.filter((q) => q.origin === 'foreign' && q.path === '/oauth2/token').length, 2, 'one token, then one refresh');
    assert.equal(since.filter((q) => q.path.includes('/generatestream')).length, 2);
    assert.ok(proxy.log.includes(`${TEST_HOST}:${new URL(gw.foreignUrl).port}`), JSON.stringify(proxy.log));
    assert.ok(proxy.log.every((t) => t.startsWith(`${TEST_HOST}:`)), 'nothing else went through the proxy');
  });

  it('NO_PROXY sends matching hosts direct: the proxy sees nothing', async () => {
    const config = cli.config(withTls({ caFile: ca.caFile }));
    proxy.log.length = 0;
    const r = await models(config, 'local-vllm', { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(proxy.log, []);
    const through = await models(config, 'local-vllm', { HTTPS_PROXY: proxy.url });
    assert.equal(through.code, 0, through.stderr);
    assert.deepEqual(proxy.log, [`127.0.0.1:${new URL(gw.url).port}`], 'without NO_PROXY it goes through the proxy');
  });

  it('a proxy that asks for credentials (407) is a configuration error naming the proxy', async () => {
    const strict = await startConnectProxy({ hosts: { [TEST_HOST]: '127.0.0.1' }, requireAuthorization: 'Basic dGVzdDp0ZXN0' });
    try {
      const r = await models(cli.config(withTls({ caFile: ca.caFile })), 'local-vllm', { HTTPS_PROXY: strict.url });
      assert.notEqual(r.code, 0, r.stderr);
      assert.match(r.stdout + r.stderr, /"kind":"config"/);
      assert.match(r.stdout + r.stderr, /proxy/i);
      assert.match(r.stdout + r.stderr, /407/);
      assert.ok(strict.log.length >= 1);
    } finally {
      await strict.close();
    }
  });
});
