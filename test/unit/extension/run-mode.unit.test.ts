// The extension's trust decisions by run mode: test seams only under test, the demo-secret import never in
// production, never over a stored secret, and nothing left in the environment.
import * as assert from 'node:assert/strict';
import { createFakeHost, installFakeVscode } from '../../bench/fake-vscode';
import { demoSecretsAllowed, runModeOf, skipsConfirmation, takeDemoSecrets, testSeamsEnabled } from '../../../src/extension/run-mode';
import type { MaasTestApi } from '../../../src/extension/test-api';

describe('extension: run mode', () => {
  it('maps VS Code\'s ExtensionMode, and anything unknown to production', () => {
    assert.equal(runModeOf(1), 'production');
    assert.equal(runModeOf(2), 'development');
    assert.equal(runModeOf(3), 'test');
    assert.equal(runModeOf(undefined), 'production');
    assert.equal(runModeOf(7), 'production');
  });

  it('test seams: VS Code test mode, or a development host started by the host test runner; never production', () => {
    const runner = { MAAS_HOST_TESTS_MODULE: '/x/out/test/host/index.js' };
    assert.equal(testSeamsEnabled('test', {}), true);
    assert.equal(testSeamsEnabled('development', runner), true);
    assert.equal(testSeamsEnabled('development', {}), false, 'the demo runs as a development extension without test seams');
    assert.equal(testSeamsEnabled('production', runner), false, 'an environment variable cannot open a production extension');
    assert.equal(testSeamsEnabled('production', {}), false);
  });

  it('{ confirm: false } skips the question only when test seams are on', () => {
    assert.equal(skipsConfirmation({ confirm: false }, true), true);
    assert.equal(skipsConfirmation({ confirm: false }, false), false, 'any other extension calling the command is asked');
    assert.equal(skipsConfirmation([{ endpointId: 'a' }], true), false, 'a tree selection is not the option');
    assert.equal(skipsConfirmation(undefined, true), false);
    assert.equal(skipsConfirmation({ confirm: true }, true), false);
  });

  it('demo secrets: imported in development and test mode, never in production', () => {
    assert.equal(demoSecretsAllowed('production'), false);
    assert.equal(demoSecretsAllowed('development'), true);
    assert.equal(demoSecretsAllowed('test'), true);
  });

  it('demo secrets are taken out of the environment (nothing left for child processes)', () => {
    const env: Record<string, string | undefined> = { MAAS_DEMO_SECRETS: '{"maas:a:apiKey":"k"}', PATH: '/bin' };
    assert.equal(takeDemoSecrets(env), '{"maas:a:apiKey":"k"}');
    assert.equal('MAAS_DEMO_SECRETS' in env, false);
    assert.equal(env.PATH, '/bin');
    assert.equal(takeDemoSecrets(env), undefined);
  });
});

describe('extension: demo-secret import and test API by mode (activate)', () => {
  interface Extension { activate(ctx: unknown): Promise<MaasTestApi | undefined>; deactivate(): void }
  let saved: string | undefined;
  beforeEach(() => { saved = process.env.MAAS_DEMO_SECRETS; });
  afterEach(() => { if (saved === undefined) delete process.env.MAAS_DEMO_SECRETS; else process.env.MAAS_DEMO_SECRETS = saved; });

  async function activateIn(mode: number, stored: Record<string, string>): Promise<{ api: MaasTestApi | undefined; secrets: Map<string, string>; ext: Extension; settled: () => Promise<void> }> {
    const host = createFakeHost({ 'maas.endpoints': [], 'maas.defaultChatModel': '' });
    host.context.extensionMode = mode;
    const secrets = new Map(Object.entries(stored));
    const s = host.context.secrets as Record<string, unknown>;
    s.get = async (k: string) => secrets.get(k);
    s.store = async (k: string, v: string) => { secrets.set(k, v); };
    s.keys = async () => [...secrets.keys()];
    installFakeVscode(host.vscode);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require('../../../src/extension/extension') as Extension;
    const api = await ext.activate(host.context);
    // the import runs right after activation; a development-mode host has no test API to wait on
    const settled = async () => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); };
    return { api, secrets, ext, settled };
  }

  it('production: no test API, nothing imported, the variable removed', async () => {
    process.env.MAAS_DEMO_SECRETS = JSON.stringify({ 'maas:a:apiKey': 'from-env' });
    const { api, secrets, ext, settled } = await activateIn(1, {});
    try {
      assert.equal(api, undefined, 'activate() returns nothing in production');
      await settled();
      assert.equal(secrets.has('maas:a:apiKey'), false, 'nothing imported in production');
      assert.equal(process.env.MAAS_DEMO_SECRETS, undefined);
    } finally { ext.deactivate(); }
  });

  it('test mode: imports new keys, never overwrites a stored one, removes the variable', async () => {
    process.env.MAAS_DEMO_SECRETS = JSON.stringify({ 'maas:a:apiKey': 'from-env', 'maas:b:apiKey': 'from-env-b' });
    const { api, secrets, ext } = await activateIn(3, { 'maas:a:apiKey': 'users-own' });
    try {
      assert.ok(api, 'test mode has the test API');
      await api.whenIdle();
      assert.equal(secrets.get('maas:a:apiKey'), 'users-own', 'a stored secret is never overwritten');
      assert.equal(secrets.get('maas:b:apiKey'), 'from-env-b');
      assert.equal(process.env.MAAS_DEMO_SECRETS, undefined);
    } finally { ext.deactivate(); }
  });
});
