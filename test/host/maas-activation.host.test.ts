// MaaS Connect activates in the real VS Code, registers its commands and view, and shows the welcome
// content while no endpoint is configured.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import { screenshot, text } from './driver';
import { EXTENSION_ID, SIDEBAR, clearNotifications, maasApi, removeAll, showEndpointsView } from './maas-helpers';

describe('MaaS Connect: activation', () => {
  it('activates and returns the test API', async () => {
    const api = await maasApi();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    for (const f of ['endpoints', 'problems', 'refresh', 'whenIdle', 'treeSnapshot', 'storedSecretNames', 'recentLog'] as const) {
      assert.equal(typeof api[f], 'function', f);
    }
    assert.ok(api.recentLog().some((l) => /MaaS Connect .* activated/.test(l)), 'the log says it activated');
  });

  it('registers every command', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(Commands)) assert.ok(all.has(id), `${id} is not registered`);
  });

  it('shows the welcome view with an Add Endpoint button when no endpoint is configured', async () => {
    const api = await maasApi();
    await removeAll(api);
    assert.deepEqual(api.treeSnapshot(), []);
    await clearNotifications();
    await showEndpointsView();
    const shown = await text(`${SIDEBAR} .welcome-view-content`);
    assert.match(shown, /Add Endpoint/);
    await screenshot('maas-01-welcome-view');
  });
});
