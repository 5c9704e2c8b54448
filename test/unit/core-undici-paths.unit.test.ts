/**
 * core imports undici's internals by path (src/core/http/undici-parts.ts), which an upgrade may move:
 * undici is pinned exactly, and every path core imports must load and be what core expects.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UNDICI_MODULE_PATHS, Agent, request, envHttpProxyAgent } from '../../src/core/http/undici-parts';

function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src', 'core'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`repository root not found above ${__dirname}`);
}

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
});
