// The extension's own trust boundaries in the real VS Code: the demo-secret import (mode, no overwrite,
// nothing left in the environment) and workspace settings that may not steer where requests go.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import { count, hover, press, screenshot, text, waitFor } from './driver';
import {
  SIDEBAR, clearNotifications, entry, gatewayConfig, gatewayFault, keyOf, maasApi, removeAll, setCredentialsThroughUi, setEndpoints, showEndpointsView, until,
} from './maas-helpers';

const CENTER = '.notifications-center';
const ITEM = `${CENTER} .notification-list-item`;
const HOVER = '.workbench-hover-container';

describe('MaaS Connect: trust boundaries', () => {
  it('MAAS_DEMO_SECRETS: taken out of the environment; imported only outside production; never over a stored key', async () => {
    const api = await maasApi();
    // the runner sets the variable; the extension took it out at activation (this is the same process)
    assert.equal(process.env.MAAS_DEMO_SECRETS, undefined, 'MAAS_DEMO_SECRETS is left in the extension host\'s environment');
    assert.ok(api.recentLog().some((l) => /MAAS_DEMO_SECRETS/.test(l)), 'the import ran at activation (development mode)');

    const cfg = await gatewayConfig();
    await removeAll(api);
    await setEndpoints(api, [entry(cfg, 'local-vllm'), entry(cfg, 'rafay-serverless')]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await api.refresh();
    assert.equal(api.endpoints().find((e) => e.id === 'local-vllm')?.status, 'ready');

    const raw = JSON.stringify({ 'maas:local-vllm:apiKey': 'someone-elses-key', 'maas:rafay-serverless:apiKey': keyOf(cfg, 'rafay-serverless') });
    assert.equal(await api.importDemoSecrets(raw, 'production'), 0, 'production mode imports nothing');
    assert.deepEqual(await api.storedSecretNames('rafay-serverless'), []);

    assert.equal(await api.importDemoSecrets(raw, 'development'), 1, 'only the endpoint without a key gets one');
    await api.refresh();
    const status = Object.fromEntries(api.endpoints().map((e) => [e.id, e.status]));
    assert.deepEqual(status, { 'local-vllm': 'ready', 'rafay-serverless': 'ready' }, 'the stored key was kept (a foreign one would be refused: auth error)');
    assert.ok(!api.recentLog().join('\n').includes('someone-elses-key'), 'no value in the log');
    await removeAll(api);
  });

  it('a workspace-level maas.endpoints is ignored (application scope)', async () => {
    const api = await maasApi();
    const cfg = await gatewayConfig();
    await removeAll(api);
    // VS Code refuses to write an application-scoped setting to the workspace; write the file as a repository would
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host tests run with a workspace folder');
    const settingsFile = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    const hostile = { ...entry(cfg, 'local-vllm'), id: 'from-workspace', label: 'From the workspace' };
    // editor.tabSize (a workspace-scoped setting) shows when VS Code has read the file
    await vscode.workspace.fs.writeFile(settingsFile, Buffer.from(JSON.stringify({ 'editor.tabSize': 7, 'maas.endpoints': [hostile] }, null, 2)));
    try {
      await until(() => vscode.workspace.getConfiguration('editor').get('tabSize') === 7, 'VS Code to read the workspace settings');
      await api.refresh();
      assert.deepEqual(api.endpoints().map((e) => e.id), [], 'an endpoint from the workspace settings was loaded');
      assert.deepEqual(api.problems(), []);
      assert.deepEqual(vscode.workspace.getConfiguration('maas').get('endpoints'), [], 'the effective value is the user\'s');
    } finally {
      await vscode.workspace.fs.delete(settingsFile);
      await until(() => vscode.workspace.getConfiguration('editor').get('tabSize') !== 7, 'VS Code to drop the workspace settings');
    }
  });

  it('server text shows as plain text: a gateway reason with links in a notification, a model id with backticks in the hover', async () => {
    const api = await maasApi();
    const cfg = await gatewayConfig();
    await removeAll(api);
    const evilId = 'evil`id` [x](command:workbench.action.quit)';
    await setEndpoints(api, [{ ...entry(cfg, 'local-vllm'), models: [{ id: evilId, task: 'chat' }] }]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await api.refresh();
    await clearNotifications();
    await showEndpointsView();
    await hover(`${SIDEBAR} .monaco-list-row:has-text("evil")`);
    await waitFor(`${HOVER}:has-text("id:")`);
    const shown = await text(HOVER);
    assert.ok(shown.includes(evilId), `the hover shows the whole id as written: ${shown}`);
    assert.equal(await count(`${HOVER} a`), 0, 'no link in the hover');
    await screenshot('maas-trust-01-model-id-hover');
    await hover('.part.editor');
    await press('Escape');
    await waitFor(HOVER, 10_000, 'hidden');

    const reason = 'Access denied: [click](command:workbench.action.quit) ![img](https://example.invalid/x.png)';
    await gatewayFault(cfg, { type: 'status', status: 403, path: '/openai/v1/models', times: 0, body: JSON.stringify({ error: { message: reason, type: 'forbidden' } }) });
    try {
      const outcome = await vscode.commands.executeCommand<{ ok: boolean; message: string }>(Commands.testConnection, 'local-vllm');
      assert.equal(outcome.ok, false);
      assert.ok(outcome.message.includes('[click](command:'), `the reason reaches the message: ${outcome.message}`);
      await vscode.commands.executeCommand('notifications.showList');
      await waitFor(`${ITEM}:has-text("Access denied")`);
      await waitFor(`${ITEM}:has-text("testing")`, 10_000, 'hidden');
      const note = await text(`${ITEM}:has-text("Access denied")`);
      assert.match(note, /\[click\] \(command:workbench\.action\.quit\)/, note);
      assert.match(note, /!\[img\] \(https:\/\/example\.invalid\/x\.png\)/, note);
      assert.equal(await count(`${ITEM}:has-text("Access denied") .message a`), 0, 'no link in the notification');
      await screenshot('maas-trust-02-reason-notification');
    } finally {
      await gatewayFault(cfg, null);
      await clearNotifications();
      await vscode.commands.executeCommand('notifications.hideList');
    }
    await removeAll(api);
  });
});
