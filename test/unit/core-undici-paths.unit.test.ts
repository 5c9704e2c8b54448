/**
 * core imports undici's internals by path (src/core/http/undici-parts.ts), which an upgrade may move:
 * undici is pinned exactly, and every path core imports must load and be what core expects.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { UNDICI_MODULE_PATHS, Agent, request, envHttpProxyAgent } from '../../src/core/http/undici-parts';
import { repoRoot } from '../helpers/repo-root';


describe('undici module paths (pinned)', () => {
  const root = repoRoot();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

  it('undici is pinned to an exact version, and that version is installed', () => {
    const pin = pkg.dependencies.undici;
    assert.match(pin, /^\d+\.\d+\.\d+$/, `undici must be pinned exactly (no ^ or ~): ${pin}`);
    const installed = (JSON.parse(fs.readFileSync(require.resolve('undici/package.json'), 'utf8')) as { version: string }).version;
    assert.equal(installed, pin);
  });

  it('every path in undici-parts.ts is listed, and each one loads', () => {
    const source = fs.readFileSync(path.join(root, 'src', 'core', 'http', 'undici-parts.ts'), 'utf8');
    const required = [...source.matchAll(/require\('(undici\/[^']+)'\)/g)].map((m) => m[1]).sort();
    assert.deepEqual(required, [...UNDICI_MODULE_PATHS].sort());
    for (const p of UNDICI_MODULE_PATHS) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require(p) as unknown;
      assert.equal(typeof m, 'function', `${p} exports a function or class`);
    }
  });

  it('the lean imports give a working Agent, request and EnvHttpProxyAgent', async () => {
    const agent = new Agent({});
    const proxied = envHttpProxyAgent({ httpProxy: 'http://127.0.0.1:9', noProxy: '*' });
    try {
      assert.equal(typeof agent.dispatch, 'function');
      assert.equal(typeof proxied.dispatch, 'function');
      // ProxyAgent tunnels through `connect`, which undici's index would have added to every dispatcher.
      assert.equal(typeof (proxied as unknown as { connect?: unknown }).connect, 'function');
      // A request to a closed port fails as a connection error (not as "request is not a function").
      await assert.rejects(request(agent, { origin: 'http://127.0.0.1:9', path: '/', method: 'GET' }), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.match(String((e as { code?: unknown }).code), /ECONNREFUSED|EADDRNOTAVAIL|ECONNRESET/);
        return true;
      });
    } finally {
      await agent.close();
      await proxied.close();
    }
  });

  it('the built dist/undici.js loads no HTTP/2 until a connection negotiates it, and still makes HTTP/1 requests', () => {
    const bundle = path.join(root, 'dist', 'undici.js');
    // A fresh process: what loading the bundle and one request pull in (node:http2 costs ~3 ms on a first request).
    const script = `
      const u = require(${JSON.stringify(bundle)});
      const http = require('node:http');
      const s = http.createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', async () => {
        const a = new u.Agent({});
        const res = await u.request(a, { origin: 'http://127.0.0.1:' + s.address().port, path: '/', method: 'GET' });
        const text = await res.body.text();
        const h2 = process.moduleLoadList.filter((m) => /http2/.test(m));
        console.log(JSON.stringify({ text, h2 }));
        await a.close(); s.close();
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout) as unknown, { text: 'ok', h2: [] });
  });
});
