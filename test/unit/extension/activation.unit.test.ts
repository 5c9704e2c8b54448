// activate() outside VS Code (the bench's stand-in for the vscode module): it registers the view and
// returns before reading `maas.endpoints`; the view's root waits for that reading instead of showing an
// empty tree (which VS Code would draw as the welcome content), and the test API waits for it too.
import * as assert from 'node:assert/strict';
import { createFakeHost, installFakeVscode } from '../../bench/fake-vscode';
import type { MaasTestApi } from '../../../src/extension/test-api';

interface Provider { getChildren(node?: unknown): unknown }
interface Extension { activate(ctx: unknown): Promise<MaasTestApi>; deactivate(): void }

describe('extension: activation', () => {
  it('returns before reading the endpoints; the view and the test API wait for them', async () => {
    // bearer auth with no key stored: the endpoint waits for its key, so nothing touches the network.
    const host = createFakeHost({ 'maas.endpoints': [{ id: 'later', platform: 'openai', baseUrl: 'http://127.0.0.1:9/v1' }], 'maas.defaultChatModel': '' });
    const providers: Provider[] = [];
    (host.vscode.window as Record<string, unknown>).createTreeView = (_id: string, options: { treeDataProvider: Provider }) => {
      providers.push(options.treeDataProvider);
      return { reveal: async () => undefined, dispose: () => undefined };
    };
    installFakeVscode(host.vscode);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require('../../../src/extension/extension') as Extension;
    const api = await ext.activate(host.context);
    try {
      assert.equal(providers.length, 1, 'the Endpoints view is registered during activation');
      assert.deepEqual(api.endpoints(), [], 'maas.endpoints is read after activation returns');
      const roots = providers[0].getChildren();
      assert.ok(roots instanceof Promise, 'the root of the view waits for the endpoints');
      assert.deepEqual(((await roots) as { label: string }[]).map((n) => n.label), ['later']);
      await api.whenIdle();
      assert.deepEqual(api.endpoints().map((e) => [e.id, e.status]), [['later', 'missingCredentials']]);
    } finally {
      ext.deactivate();
    }
  });
});
