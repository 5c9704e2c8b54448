// The extension's own trust boundaries in the real VS Code: the demo-secret import (mode, no overwrite,
// nothing left in the environment) and workspace settings that may not steer where requests go.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import { click, count, hover, press, screenshot, text, waitFor } from './driver';
import {
  SIDEBAR, answer, type GatewayConfig, type RawEntry, choose, clearNotifications, quickInput, quickInputClosed, entry, gatewayConfig, gatewayFault, keyOf, maasApi, removeAll, setCredentialsThroughUi, setEndpoints, showEndpointsView, until, viewDrawn,
} from './maas-helpers';
import { answerModal } from './maas-dialog';
import type { MaasTestApi } from '../../src/extension/test-api';

const CENTER = '.notifications-center';
const ITEM = `${CENTER} .notification-list-item`;
const HOVER = '.workbench-hover-container';

describe('MaaS Connect: trust boundaries', () => {
  it('MAAS_DEMO_SECRETS: taken out of the environment; imported only outside production; never over a stored key', async () => {
    const api = await maasApi();
    // the runner sets the variable; the extension took it out at activation (this is the same process)
    assert.equal(process.env.MAAS_DEMO_SECRETS, undefined, 'MAAS_DEMO_SECRETS is left in the extension host\'s environment');
    // (the activation's log line about it may have scrolled out of recentLog's 500 lines in a full run)

    const cfg = await gatewayConfig();
    await removeAll(api);
    await setEndpoints(api, [entry(cfg, 'local-vllm'), entry(cfg, 'rafay-serverless')]);
    // an earlier test may have left a key for rafay-serverless behind
    if ((await api.storedSecretNames('rafay-serverless')).length) await vscode.commands.executeCommand(Commands.clearCredentials, 'rafay-serverless', { confirm: false });
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

  describe('secrets bound to their origin', () => {
    afterEach(async () => {
      await clearNotifications();
      await vscode.commands.executeCommand('notifications.hideList');
    });

    async function requests(cfg: { url: string }): Promise<{ origin: string; path: string; headers: Record<string, string> }[]> {
      const res = await fetch(`${cfg.url}/__control/requests`);
      return (await res.json()) as { origin: string; path: string; headers: Record<string, string> }[];
    }

    /** Only local-vllm configured, its key stored through the UI (entered for the gateway's origin). */
    async function onlyLocalVllmWithItsKey(): Promise<{ api: MaasTestApi; cfg: GatewayConfig; key: string; local: RawEntry }> {
      const api = await maasApi();
      const cfg = await gatewayConfig();
      const key = keyOf(cfg, 'local-vllm');
      await removeAll(api);
      const local = entry(cfg, 'local-vllm');
      await setEndpoints(api, [local]);
      await setCredentialsThroughUi('local-vllm', [key]);
      await api.refresh();
      return { api, cfg, key, local };
    }

    async function notification(has: string): Promise<string> {
      await vscode.commands.executeCommand('notifications.showList');
      await waitFor(`${ITEM}:has-text("${has}")`);
      return text(`${ITEM}:has-text("${has}")`);
    }

    it('a base URL edited by hand to another origin gets no key: the endpoint says where the key was entered for, and asks', async () => {
      const { api, cfg, key, local } = await onlyLocalVllmWithItsKey();
      assert.equal(api.endpoints()[0].status, 'ready');
      await clearNotifications();
      await fetch(`${cfg.url}/__control/requests`, { method: 'DELETE' });

      const foreign = String(process.env.MAAS_TEST_GATEWAY_FOREIGN_URL);
      const moved = String(local.baseUrl).replace(cfg.url, foreign);
      await setEndpoints(api, [{ ...local, baseUrl: moved }]);
      const [ep] = api.endpoints();
      assert.equal(ep.status, 'missingCredentials');
      assert.equal(ep.enteredFor, cfg.url);
      const leaked = (await requests(cfg)).filter((r) => r.origin === 'foreign' && JSON.stringify(r.headers).includes(key));
      assert.deepEqual(leaked, [], 'a request to the new origin carried the key');
      assert.ok(!api.recentLog().join('\n').includes(key), 'the key is not in the log');

      const shown = await notification('Use the API key');
      assert.ok(shown.includes(`entered for ${cfg.url}`) && shown.includes(foreign), shown);
      await showEndpointsView();
      await viewDrawn((d) => d.includes('Entered for'), 'the endpoint saying where its key was entered for');
      await screenshot('maas-trust-03-key-entered-for-another-origin');
      assert.match(api.treeSnapshot()[0].children[0].label, new RegExp(`Entered for ${cfg.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      // a click on that row (Set Credentials) asks the same question; Cancel changes nothing
      await clearNotifications();
      const set = vscode.commands.executeCommand<boolean>(Commands.setCredentials, 'local-vllm');
      const said = await answerModal('Cancel', 'maas-trust-03b-set-credentials-asks');
      assert.ok(said.includes(`Use the API key of "Local vLLM" for ${foreign}?`) && said.includes(`It was entered for ${cfg.url}`), said);
      assert.equal(await set, false);
      assert.equal(api.endpoints()[0].enteredFor, cfg.url);
      await removeAll(api);
    });

    it('"Use here" sends the key to the new origin from then on', async () => {
      const api = await maasApi();
      const cfg = await gatewayConfig();
      await removeAll(api);
      const local = entry(cfg, 'local-vllm');
      await setEndpoints(api, [local]);
      await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
      await api.refresh();
      await clearNotifications();
      // the same gateway under another origin: localhost instead of 127.0.0.1
      const other = cfg.url.replace('127.0.0.1', 'localhost');
      await setEndpoints(api, [{ ...local, baseUrl: String(local.baseUrl).replace(cfg.url, other) }]);
      assert.equal(api.endpoints()[0].enteredFor, cfg.url);
      await notification('Use the API key');
      await click(`${ITEM}:has-text("Use the API key") .monaco-button:has-text("Use here")`);
      await until(() => api.endpoints()[0].status === 'ready', 'the endpoint to list its models at the new origin');
      assert.ok(api.endpoints()[0].models.length > 0);
      await removeAll(api);
    });

    it('Edit Endpoint asks before the key goes to another origin; "Enter a new key" stores one for it', async () => {
      const { api, cfg, key, local } = await onlyLocalVllmWithItsKey();
      await clearNotifications();
      const other = cfg.url.replace('127.0.0.1', 'localhost');
      const newBase = String(local.baseUrl).replace(cfg.url, other);
      await fetch(`${cfg.url}/__control/requests`, { method: 'DELETE' });
      const edited = vscode.commands.executeCommand<boolean>(Commands.editEndpoint, 'local-vllm');
      await quickInput(/Edit Endpoint: Local vLLM[\s\S]*Base URL/);
      await choose('Base URL');
      await quickInput(/\(2\/2\)[\s\S]*version path/);
      await answer(newBase);
      const asked = await answerModal('Enter a new key', 'maas-trust-05-edit-endpoint-other-origin');
      assert.ok(asked.includes(`It was entered for ${cfg.url}`) && asked.includes(`Use the API key of "Local vLLM" for ${other}?`), asked);
      assert.deepEqual((await requests(cfg)).filter((r) => JSON.stringify(r.headers).includes(key)), [], 'no request carried the key before the answer');
      await quickInput(/Edit Endpoint: Local vLLM[\s\S]*API key for "Local vLLM"/);
      await answer(key);
      await quickInputClosed();
      assert.equal(await edited, true);
      await until(() => api.endpoints()[0]?.status === 'ready', 'the endpoint to list its models at the new origin');
      assert.equal(api.endpoints()[0].baseUrl, newBase);
      await removeAll(api);
    });

    it('secrets of an endpoint deleted by hand are offered for removal, never removed unasked', async () => {
      const api = await maasApi();
      const cfg = await gatewayConfig();
      await removeAll(api);
      // an id of its own: the question is asked once per set of ids per session
      const probe = { ...entry(cfg, 'rafay-serverless'), id: 'orphan-probe', label: 'Orphan probe' };
      await setEndpoints(api, [entry(cfg, 'local-vllm'), probe]);
      await setCredentialsThroughUi('orphan-probe', [keyOf(cfg, 'rafay-serverless')]);
      await clearNotifications();
      await setEndpoints(api, [entry(cfg, 'local-vllm')]); // orphan-probe deleted from settings.json by hand
      const shown = await notification('orphan-probe');
      assert.match(shown, /no longer in maas\.endpoints/);
      assert.deepEqual(await api.storedSecretNames('orphan-probe'), ['apiKey'], 'nothing is removed before the answer');
      await showEndpointsView();
      await viewDrawn((d) => !d.includes('Orphan probe') && d.includes('Local vLLM'), 'the view without the deleted endpoint');
      await screenshot('maas-trust-04-orphaned-secrets');
      await click(`${ITEM}:has-text("orphan-probe") .monaco-button:has-text("Remove")`);
      await until(async () => (await api.storedSecretNames('orphan-probe')).length === 0, 'the orphaned secret to be removed');
      await removeAll(api);
    });
  });
  it('a model whose URL is on another origin gets no credential: the request is refused, naming both origins and allowedOrigins', async function () {
    this.timeout(60_000);
    const api = await maasApi();
    const cfg = await gatewayConfig();
    await setEndpoints(api, [entry(cfg, 'openshift-maas')]);
    await setCredentialsThroughUi('openshift-maas', [keyOf(cfg, 'openshift-maas')]);
    await api.whenIdle();
    const [model] = await until(async () => {
      const found = await vscode.lm.selectChatModels({ vendor: 'maas', id: 'openshift-maas/gpt-4o-external' });
      return found.length ? found : undefined;
    }, 'the external model in vscode.lm');
    await fetch(`${cfg.url}/__control/requests`, { method: 'DELETE' });
    const failure = await (async () => {
      try {
        const res = await model.sendRequest([vscode.LanguageModelChatMessage.User('hello')], {}, new vscode.CancellationTokenSource().token);
        for await (const _ of res.text) { /* nothing should arrive */ }
      } catch (e) { return e instanceof Error ? e.message : String(e); }
      return undefined;
    })();
    assert.ok(failure, 'the request was refused');
    assert.match(failure, /allowedOrigins/);
    assert.ok(failure.includes(String(process.env.MAAS_TEST_GATEWAY_FOREIGN_URL)), failure);
    const recorded = (await (await fetch(`${cfg.url}/__control/requests`)).json()) as { origin: string }[];
    assert.deepEqual(recorded.filter((r) => r.origin === 'foreign'), [], 'nothing was sent to the other origin');
  });
});
