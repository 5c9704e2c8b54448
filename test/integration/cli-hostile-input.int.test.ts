/**
 * `maas` against bad configurations, bad local credentials and hostile servers: every failure is a
 * classified error on its own endpoint (never `internal error` with a stack), rejected values are shown
 * only as the configuration-error rule allows, and nothing a server or config sends can act on the
 * terminal. Every run is checked for leaked secrets (cli-harness.ts).
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGateway, type Gateway } from '../gateway/server';
import { CLI, CliRunner, jsonLines, type CliResult } from './cli-harness';
import { TEST_CA_PEM, LEAF_KEY_PEM, GOOD_CERT_PEM, EXPIRED_CERT_PEM, WRONG_HOST_CERT_PEM } from '../helpers/tls-ca';

type Entry = Record<string, unknown>;

/** Control characters a terminal acts on: ESC, CR, BEL, C1 controls (CSI, OSC…), bidi overrides. */
 
const TERMINAL_CONTROL = /[\u0007\u000d\u001b\u0080-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertClassified(r: CliResult, what: string): void {
  const all = r.stdout + r.stderr;
  assert.ok(!/internal error/.test(all), `${what}: an internal error: ${all}`);
  assert.ok(!/\n\s+at .+:\d+:\d+\)?\n/.test(all), `${what}: a stack trace: ${all}`);
  assert.ok(!/RangeError|TypeError|Maximum call stack/.test(all), `${what}: a raw exception: ${all}`);
}

describe('maas CLI: bad configs, bad credentials and hostile servers', function () {
  this.timeout(30_000);
  let gw: Gateway;
  let cli: CliRunner;
  let entries: Entry[];
  let hostile: http.Server;
  let hostileOrigin: string;
  /** What the hostile server puts in its error reasons and model ids. */
  const NASTY = 'x\u001b]0;pwned\u0007\u001b[2J\r\u009b31m\u202eevil';

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    gw = await startGateway({ chunkDelayMs: 1 });
    cli = new CliRunner(gw);
    entries = gw.endpoints() as Entry[];
    hostile = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.endsWith('/models')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: [{ id: `m-${NASTY}` }, { id: 'plain' }] }));
          return;
        }
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `denied ${NASTY}` } }));
      });
    });
    await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
    hostileOrigin = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
  });

  after(async () => {
    hostile?.closeAllConnections();
    await new Promise<void>((r) => (hostile ? hostile.close(() => r()) : r()));
    await gw?.close();
    cli?.cleanup();
  });

  const vllm = (): Entry => entries.find((e) => e.id === 'local-vllm')!;
  const VLLM = 'meta-llama/Llama-3.1-8B-Instruct';

  describe('errors that escaped the taxonomy', () => {
    it('models: an unreadable tls.caFile is a config error of that endpoint; the others are still listed (text and --json)', async () => {
      const file = cli.config([{ ...vllm(), id: 'bad-ca', tls: { caFile: '/nonexistent/ca.pem' } }, vllm()], 'bad-ca.json');
      const env = { MAAS_API_KEY_BAD_CA: gw.env().MAAS_API_KEY_LOCAL_VLLM };
      const t = await cli.run(['models', '--config', file], { env });
      assertClassified(t, 'models');
      assert.equal(t.code, 2, t.stderr);
      assert.match(t.stderr, /^maas: bad-ca: tls\.caFile "\/nonexistent\/ca\.pem" cannot be read \(ENOENT\)/m);
      assert.match(t.stdout, /^local-vllm\s+meta-llama/m);
      const j = await cli.run(['models', '--config', file, '--json'], { env });
      assertClassified(j, 'models --json');
      assert.equal(j.code, 2);
      const rows = JSON.parse(j.stdout) as { endpoint: string }[];
      assert.ok(rows.length > 0 && rows.every((r) => r.endpoint === 'local-vllm'), j.stdout);
      const [err] = jsonLines(j.stderr);
      assert.deepEqual([err.kind, err.endpoint], ['config', 'bad-ca']);
    });

    it('chat: an unreadable or certificate-less tls.caFile is a config error naming the file, exit 2 (text and --json)', async () => {
      const empty = join(cli.dir, 'empty.pem');
      writeFileSync(empty, 'not a certificate\n');
      for (const caFile of ['/nonexistent/ca.pem', empty]) {
        const file = cli.config([{ ...vllm(), tls: { caFile } }], 'ca-chat.json');
        const t = await cli.run(['chat', '--config', file, '--endpoint', 'local-vllm', '--model', VLLM, 'hi']);
        assertClassified(t, 'chat');
        assert.equal(t.code, 2, t.stderr);
        assert.ok(t.stderr.includes(`tls.caFile ${JSON.stringify(caFile)}`), t.stderr);
        const j = await cli.run(['chat', '--config', file, '--endpoint', 'local-vllm', '--model', VLLM, '--json', 'hi']);
        assertClassified(j, 'chat --json');
        assert.equal(j.code, 2);
        const events = jsonLines(j.stdout);
        assert.equal(events.length, 1);
        assert.deepEqual([events[0].type, events[0].kind], ['error', 'config']);
      }
    });

    it('very deep JSON in a config value is a config error of its entry, never a stack overflow', async () => {
      const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
      const base = `"platform":"openai","baseUrl":"${gw.url}/openai/v1"`;
      const cases: Record<string, string> = {
        platform: `{"id":"deep","platform":${deep(20000)},"baseUrl":"${gw.url}/openai/v1"}`,
        label: `{"id":"deep",${base},"label":${deep(20000)}}`,
        task: `{"id":"deep",${base},"models":[{"id":"m","task":${deep(20000)}}]}`,
        extraBody: `{"id":"deep",${base},"extraBody":{"a":${deep(20000)}}}`,
        modelExtraBody: `{"id":"deep",${base},"models":[{"id":"m","extraBody":{"a":${deep(20000)}}}]}`,
      };
      for (const [what, entry] of Object.entries(cases)) {
        const file = join(cli.dir, `deep-${what}.json`);
        writeFileSync(file, `{"endpoints":[${entry}]}`);
        const r = await cli.run(['models', '--config', file]);
        assertClassified(r, what);
        assert.equal(r.code, 2, `${what}: ${r.stderr}`);
        assert.match(r.stderr, /^maas: deep: /m, what);
        assert.ok(r.stderr.length < 1000, `${what}: ${r.stderr.length} characters`);
        const c = await cli.run(['chat', '--config', file, '--endpoint', 'deep', '--model', 'm', '--json', 'hi']);
        assertClassified(c, `${what} (chat)`);
        assert.equal(c.code, 2, `${what}: ${c.stdout}`);
        assert.equal(jsonLines(c.stdout)[0].kind, 'config');
      }
    });
  });

  describe('shown values', () => {
    it('a rejected value is shown up to 80 characters, a URL without its query or user info, never a key pasted into auth', async () => {
      const key = 'sk-pasted-into-auth-0123456789';
      const file = cli.config([
        { id: 'long', platform: `foo${'x'.repeat(200_000)}`, baseUrl: `${gw.url}/openai/v1` },
        { id: 'query', platform: 'openai', baseUrl: `${gw.url}/openai/v1?api_key=sk-in-the-url-42` },
        { id: 'authkey', platform: 'openai', baseUrl: `${gw.url}/openai/v1`, auth: key },
        { id: 'authtype', platform: 'openai', baseUrl: `${gw.url}/openai/v1`, auth: { type: key } },
        { id: 'ctl', platform: 'open\u001b[2Jai', baseUrl: `${gw.url}/openai/v1` },
      ], 'shown.json');
      cli.secrets.add(key);
      cli.secrets.add('sk-in-the-url-42');
      const r = await cli.run(['models', '--config', file]);
      assertClassified(r, 'shown');
      assert.equal(r.code, 2);
      assert.ok(r.stderr.length < 2000, `${r.stderr.length} characters: the 200 kB value was echoed`);
      assert.match(r.stderr, /^maas: long: platform "fooxxx+…" is not one of/m);
      const shown = /platform "(fooxxx+…)"/.exec(r.stderr)?.[1] ?? '';
      assert.equal([...shown].length, 80);
      assert.match(r.stderr, /^maas: query: baseUrl "http:\/\/127\.0\.0\.1:\d+\/openai\/v1\?\[redacted\]" must not contain a query string/m);
      assert.match(r.stderr, /^maas: authkey: auth must be "bearer", "none", or/m);
      assert.match(r.stderr, /^maas: authtype: auth.type must be|^maas: authtype: auth must be/m);
      assert.match(r.stderr, /^maas: ctl: platform "open\\u001b\[2Jai" is not one of/m);
      assert.ok(!TERMINAL_CONTROL.test(r.stderr), JSON.stringify(r.stderr));
    });
  });

  describe('bad local input is config (exit 2), naming the field or variable, before any request', () => {
    it('headers with a line break in a value or an invalid name', async () => {
      const n = gw.requests.length;
      const file = cli.config([
        { ...vllm(), id: 'crlf', headers: { 'x-team': 'a\r\nx-injected: 1' } },
        { ...vllm(), id: 'badname', headers: { 'x team:': 'a' } },
        { ...vllm(), id: 'nonascii', headers: { 'x-team': 'caf\u00e9' } },
      ], 'headers.json');
      const r = await cli.run(['models', '--config', file]);
      assertClassified(r, 'headers');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^maas: crlf: headers\.x-team contains a line break/m);
      assert.match(r.stderr, /^maas: badname: headers: name "x team:" is not a valid HTTP header name/m);
      assert.match(r.stderr, /^maas: nonascii: headers\.x-team contains a control or non-ASCII character/m);
      assert.ok(!r.stderr.includes('x-injected') && !r.stderr.includes('caf'), 'header values are never shown');
      assert.equal(gw.requests.length, n, 'no request was sent');
    });

    it('a key with a line break or a non-ASCII character in the environment names the variable', async () => {
      const n = gw.requests.length;
      const file = cli.config([vllm()], 'one.json');
      for (const [value, why] of [['sk-good\nsk-other', /contains a line break/], ['sk-\u2013dash-key', /contains a non-ASCII character/], ['sk-a\u001bb', /contains a control character/]] as const) {
        const r = await cli.run(['chat', '--config', file, '--endpoint', 'local-vllm', '--model', VLLM, 'hi'], { env: { MAAS_API_KEY_LOCAL_VLLM: value } });
        assertClassified(r, 'env key');
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /^maas: local-vllm: the environment variable MAAS_API_KEY_LOCAL_VLLM /m);
        assert.match(r.stderr, why);
        assert.ok(!r.stderr.includes('sk-'), 'the value is never shown');
        const m = await cli.run(['models', '--config', file, '--json'], { env: { MAAS_API_KEY_LOCAL_VLLM: value } });
        assert.equal(m.code, 2);
        assert.equal(jsonLines(m.stderr)[0].kind, 'config');
      }
      assert.equal(gw.requests.length, n, 'no request was sent');
    });
  });

  describe('certificate failures name their cause (a loopback HTTPS server with a private CA)', () => {
    const started: https.Server[] = [];
    after(async () => {
      for (const s of started) { s.closeAllConnections(); await new Promise<void>((r) => s.close(() => r())); }
    });
    async function httpsOrigin(cert: string): Promise<string> {
      const s = https.createServer({ cert, key: LEAF_KEY_PEM }, (req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [{ id: 'tls-model' }] }));
      });
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      started.push(s);
      return `https://127.0.0.1:${(s.address() as AddressInfo).port}`;
    }

    it('works with tls.caFile; without it names tls.caFile; expired and wrong-host certificates name the date and the names', async () => {
      const ca = join(cli.dir, 'private-ca.pem');
      writeFileSync(ca, TEST_CA_PEM);
      const good = await httpsOrigin(GOOD_CERT_PEM);
      const expired = await httpsOrigin(EXPIRED_CERT_PEM);
      const wrong = await httpsOrigin(WRONG_HOST_CERT_PEM);
      const file = cli.config([
        { id: 'good', platform: 'openai', baseUrl: `${good}/v1`, auth: 'none', tls: { caFile: ca } },
        { id: 'noca', platform: 'openai', baseUrl: `${good}/v1`, auth: 'none' },
        { id: 'expired', platform: 'openai', baseUrl: `${expired}/v1`, auth: 'none', tls: { caFile: ca } },
        { id: 'wrong', platform: 'openai', baseUrl: `${wrong}/v1`, auth: 'none', tls: { caFile: ca } },
      ], 'tls.json');
      const r = await cli.run(['models', '--config', file]);
      assertClassified(r, 'tls models');
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^good\s+tls-model/m);
      assert.match(r.stderr, /^maas: noca: The TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not signed by a CA this computer trusts .*set the endpoint's tls\.caFile/m);
      assert.match(r.stderr, /^maas: expired: The TLS certificate of https:\/\/127\.0\.0\.1:\d+ expired on 2001-01-01; the server's certificate must be renewed/m);
      assert.match(r.stderr, /^maas: wrong: The TLS certificate of https:\/\/127\.0\.0\.1:\d+ is for "wrong\.example", "other\.example", not 127\.0\.0\.1/m);
      const j = await cli.run(['models', '--config', file, '--json']);
      assert.deepEqual(jsonLines(j.stderr).map((e) => [e.endpoint, e.kind]), [['noca', 'tls'], ['expired', 'tls'], ['wrong', 'tls']]);
    });
  });

  describe('server text never acts on the terminal', () => {
    it('error reasons and model ids lose their control characters (stderr, the models table); JSON escapes them', async () => {
      const file = cli.config([{ id: 'hostile', platform: 'openai', baseUrl: `${hostileOrigin}/v1` }], 'hostile.json');
      const env = { MAAS_API_KEY_HOSTILE: 'sk-hostile-test-key' };
      const chat = await cli.run(['chat', '--config', file, '--endpoint', 'hostile', '--model', 'plain', 'hi'], { env });
      assertClassified(chat, 'hostile chat');
      assert.equal(chat.code, 1);
      assert.match(chat.stderr, /^maas: hostile: The gateway refused access \(403\).*: denied x\]0;pwned\[2J/m);
      assert.ok(!TERMINAL_CONTROL.test(chat.stderr), JSON.stringify(chat.stderr));
      const chatJson = await cli.run(['chat', '--config', file, '--endpoint', 'hostile', '--model', 'plain', '--json', 'hi'], { env });
      assert.equal(chatJson.code, 1);
      assert.ok(!TERMINAL_CONTROL.test(chatJson.stdout), JSON.stringify(chatJson.stdout));
      assert.ok(String(jsonLines(chatJson.stdout)[0].message).includes(`denied ${NASTY}`), 'the JSON event keeps the reason exactly (escaped, not changed)');
      const table = await cli.run(['models', '--config', file], { env });
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^hostile\s+m-x\]0;pwned\[2J ?31mevil\s+chat/m);
      assert.ok(!TERMINAL_CONTROL.test(table.stdout), JSON.stringify(table.stdout));
      const json = await cli.run(['models', '--config', file, '--json'], { env });
      assert.ok(!TERMINAL_CONTROL.test(json.stdout), JSON.stringify(json.stdout));
      const rows = JSON.parse(json.stdout) as { id: string }[];
      assert.ok(rows.some((r) => r.id === `m-${NASTY}`), 'the JSON document keeps the id exactly (escaped, not changed)');
    });
  });
});
