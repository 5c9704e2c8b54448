// Adding an endpoint THROUGH THE UI: the real quick-input flow, typed like a person; the connection is
// checked with the typed values before anything is saved; the key lands in SecretStorage (never in
// settings), and the Endpoints view lists the gateway's models.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { click, count, press, runCommandFromPalette, screenshot, text, type, waitFor } from './driver';
import { DIALOG, answerModal } from './maas-dialog';
import {
  SIDEBAR, answer, choose, clearNotifications, entry, gatewayConfig, gatewayFault, keyOf, maasApi, quickInput, quickInputClosed, removeAll,
  showEndpointsView, until, viewShowsAll, type GatewayConfig, endpointsSetting,
} from './maas-helpers';


/** Counts writes of `maas.endpoints` while the test runs. */
function countSettingsWrites(): { count: () => number; dispose: () => void } {
  let n = 0;
  const sub = vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('maas.endpoints')) n++; });
  return { count: () => n, dispose: () => { sub.dispose(); } };
}

/** Runs Add Endpoint for the gateway's OpenAI-compatible server up to (not including) the key step. */
async function addVllmUpToKey(id: string, baseUrl: string): Promise<void> {
  await runCommandFromPalette('MaaS: Add Endpoint…');
  await quickInput(/Add Endpoint[\s\S]*OpenAI-compatible server/);
  await choose('OpenAI-compatible server');
  await quickInput(/\(2\/8\)/);
  await answer(id);
  await quickInput(/\(3\/8\)/);
  await answer('');
  await quickInput(/\(4\/8\)/);
  await answer(baseUrl);
  await quickInput(/\(5\/8\)[\s\S]*API key as Bearer token/);
  await choose('API key as Bearer token');
  await quickInput(/\(6\/8\)[\s\S]*secret storage/);
}

describe('MaaS Connect: Add Endpoint through the UI', () => {
  let cfg: GatewayConfig;
  beforeEach(async () => {
    cfg = await gatewayConfig();
    await removeAll(await maasApi());
    await clearNotifications();
  });

  it('Escape on step 2 just closes; later, it asks first, and "Discard" writes nothing', async () => {
    const api = await maasApi();
    await runCommandFromPalette('MaaS: Add Endpoint…');
    await quickInput(/Add Endpoint \(1\/\d\)[\s\S]*OpenAI-compatible server/);
    await choose('GPUStack');
    await quickInput(/\(2\/6\)/);
    await press('Escape');
    await quickInputClosed();
    assert.equal(await count(DIALOG), 0, 'no question after one answer');

    await runCommandFromPalette('MaaS: Add Endpoint…');
    await quickInput(/Add Endpoint[\s\S]*OpenAI-compatible server/);
    await choose('GPUStack');
    await quickInput(/\(2\/6\)/);
    await answer('half-done');
    await quickInput(/\(3\/6\)/);
    await answer('Half done');
    await quickInput(/\(4\/6\)/);
    await press('Escape');
    const asked = await answerModal('Keep editing', 'maas-05-add-endpoint-discard-question');
    assert.match(asked, /Discard the new endpoint\?[\s\S]*Your answers are lost/);
    await quickInput(/\(4\/6\)[\s\S]*server root/);
    await press('Escape');
    await answerModal('Discard', 'maas-05-add-endpoint-discard-question-again');
    await quickInputClosed();
    assert.deepEqual(endpointsSetting(), []);
    assert.deepEqual(await api.storedSecretNames('half-done'), []);
    assert.deepEqual(api.endpoints(), []);
  });

  it('asks per platform, keeps typed text on Back, checks the connection, stores the key in SecretStorage and lists the models', async () => {
    const api = await maasApi();
    const vllm = entry(cfg, 'local-vllm');
    const key = keyOf(cfg, 'local-vllm');
    const writes = countSettingsWrites();
    try {
      await showEndpointsView();
      await runCommandFromPalette('MaaS: Add Endpoint…');
      await quickInput(/Add Endpoint \(1\/5\)[\s\S]*OpenAI-compatible server/); // the highlighted platform's total
      await screenshot('maas-02-add-endpoint-platform');
      await choose('OpenAI-compatible server');
      await quickInput(/\(2\/8\)/);
      await answer('local-vllm');
      await quickInput(/\(3\/8\)/);
      await answer('Local vLLM');
      await quickInput(/\(4\/8\)[\s\S]*version path/);
      await answer(`${String(vllm.baseUrl)}?oops`); // refused: a base URL cannot carry a query string
      await quickInput(/Remove the query string/);
      await screenshot('maas-03-add-endpoint-invalid-url');
      // Back to the label (the Back button), then forward again: the URL box still holds what was typed.
      await click('.quick-input-widget .quick-input-titlebar .codicon-quick-input-back');
      await quickInput(/\(3\/8\)/);
      await press('Enter'); // keeps the prefilled label: settings must say "Local vLLM" below
      await quickInput(/\(4\/8\)[\s\S]*Remove the query string/);
      await screenshot('maas-03-add-endpoint-back-keeps-text');
      await answer(String(vllm.baseUrl));
      await quickInput(/\(5\/8\)[\s\S]*API key as Bearer token/);
      await choose('API key as Bearer token');
      await quickInput(/\(6\/8\)[\s\S]*secret storage/);
      await answer(key);
      await quickInputClosed();

      const ready = await until(() => api.endpoints().find((e) => e.id === 'local-vllm' && e.status === 'ready'), 'local-vllm to list its models');
      assert.ok(ready.models.length > 0, 'the gateway\'s models are listed');
      assert.equal(ready.label, 'Local vLLM');
      const added = new RegExp(`"Local vLLM" added: ${ready.models.length} models?\\.`);
      // Toasts are not drawn while extension tests run; the notification center lists them.
      await vscode.commands.executeCommand('notifications.showList');
      await until(async () => added.test(await text('.notifications-center').catch(() => '')), 'the message that says what was found');
      assert.deepEqual(await api.storedSecretNames('local-vllm'), ['apiKey']);
      const written = endpointsSetting();
      assert.deepEqual(written, [{ id: 'local-vllm', label: 'Local vLLM', platform: 'openai', baseUrl: vllm.baseUrl }]);
      assert.equal(writes.count(), 1, 'settings are written once');
      assert.ok(!JSON.stringify(written).includes(key), 'the key is not in settings');
      assert.ok(!api.recentLog().join('\n').includes(key), 'the key is not in the log');

      // The view shows the endpoint and each model with its tasks.
      const node = api.treeSnapshot().find((n) => n.kind === 'endpoint' && n.label === 'Local vLLM');
      assert.ok(node, 'the endpoint is in the view');
      assert.match(node.description ?? '', new RegExp(`${ready.models.length} models?`));
      assert.deepEqual(node.children.filter((c) => c.kind === 'model').map((c) => c.label).sort(), ready.models.map((m) => m.label).sort());
      for (const c of node.children) assert.ok(c.description, `model ${c.label} shows its tasks`);
      await viewShowsAll(['Local vLLM', ...ready.models.map((m) => m.label)]);
      await screenshot('maas-04-added-message');
      await until(async () => !(await text('.notifications-center').catch(() => '')).includes('checking the connection'), 'the progress notification to close');
      await vscode.commands.executeCommand('notifications.hideList');
      await clearNotifications();
      await screenshot('maas-04-endpoints-view-after-add', SIDEBAR);
      await screenshot('maas-04-window-after-add');
    } finally {
      writes.dispose();
    }
  });

  it('a wrong key: the check says the key was rejected, "Fix key" goes back to the key, the right key saves once', async () => {
    const api = await maasApi();
    const vllm = entry(cfg, 'local-vllm');
    const writes = countSettingsWrites();
    try {
      await addVllmUpToKey('vllm-fix', String(vllm.baseUrl));
      await answer('not-the-key');
      const said = await answerModal('Fix key', 'maas-06-add-endpoint-key-rejected');
      assert.match(said, /The gateway rejected the API key \(401\)/);
      assert.ok(said.includes('Edit URL') && said.includes('Save anyway'));
      assert.equal(writes.count(), 0, 'nothing is written before the check passes');
      await quickInput(/\(6\/8\)[\s\S]*secret storage/);
      await screenshot('maas-06-add-endpoint-fix-key');
      await answer(keyOf(cfg, 'local-vllm'));
      await quickInputClosed();
      const ready = await until(() => api.endpoints().find((e) => e.id === 'vllm-fix' && e.status === 'ready'), 'vllm-fix to list its models');
      assert.ok(ready.models.length > 0);
      assert.equal(writes.count(), 1, 'settings are written once');
      assert.deepEqual(endpointsSetting(), [{ id: 'vllm-fix', platform: 'openai', baseUrl: vllm.baseUrl }]);
      assert.ok(!api.recentLog().join('\n').includes('not-the-key'), 'the rejected key is not in the log');
    } finally {
      writes.dispose();
    }
  });

  it('a wrong key: "Save anyway" saves the endpoint as it is', async () => {
    const api = await maasApi();
    const vllm = entry(cfg, 'local-vllm');
    await addVllmUpToKey('vllm-anyway', String(vllm.baseUrl));
    await answer('not-the-key');
    await answerModal('Save anyway', 'maas-07-add-endpoint-save-anyway');
    await quickInputClosed();
    await until(() => endpointsSetting().length > 0, 'the endpoint to be saved');
    assert.deepEqual(endpointsSetting(), [{ id: 'vllm-anyway', platform: 'openai', baseUrl: vllm.baseUrl }]);
    assert.deepEqual(await api.storedSecretNames('vllm-anyway'), ['apiKey']);
    await until(() => api.endpoints().find((e) => e.id === 'vllm-anyway' && e.status === 'error'), 'the view to show the rejected key');
  });

  it('the check can be cancelled: the request stops and the choice comes back; "Discard" writes nothing', async () => {
    const vllm = entry(cfg, 'local-vllm');
    await gatewayFault(cfg, { type: 'stall', path: '/models', ms: 60_000 });
    try {
      await addVllmUpToKey('vllm-cancel', String(vllm.baseUrl));
      await answer(keyOf(cfg, 'local-vllm'));
      // Toasts are not drawn while extension tests run; the notification center shows the progress and its Cancel.
      await vscode.commands.executeCommand('notifications.showList');
      const progress = '.notifications-center .notification-list-item:has-text("checking the connection to vllm-cancel")';
      await waitFor(progress);
      await screenshot('maas-09-add-endpoint-checking');
      await click(`${progress} .monaco-button:has-text("Cancel")`);
      const said = await answerModal('Discard', 'maas-09-add-endpoint-check-cancelled');
      assert.match(said, /cancelled before the gateway answered/);
      await vscode.commands.executeCommand('notifications.hideList');
      assert.deepEqual(endpointsSetting(), []);
      assert.deepEqual(await (await maasApi()).storedSecretNames('vllm-cancel'), []);
    } finally {
      await gatewayFault(cfg, null);
    }
  });

  it('a pasted …/v1/chat/completions URL is offered stripped, and the stripped URL is stored', async () => {
    const vllm = entry(cfg, 'local-vllm');
    const base = String(vllm.baseUrl).replace(/\/+$/, '');
    await runCommandFromPalette('MaaS: Add Endpoint…');
    await quickInput(/Add Endpoint[\s\S]*OpenAI-compatible server/);
    await choose('OpenAI-compatible server');
    await quickInput(/\(2\/8\)/);
    await answer('vllm-pasted');
    await quickInput(/\(3\/8\)/);
    await answer('');
    await quickInput(/\(4\/8\)/);
    // Pasted (typed here), not yet confirmed: the box offers the base address in plain words.
    await waitFor('.quick-input-widget .quick-input-box input:focus');
    await press('Control+A');
    await type(`${base}/chat/completions`);
    const shown = await quickInput(/chat completions address/);
    assert.ok(shown.includes(`press Enter to use ${base} instead`), shown);
    assert.doesNotMatch(shown, /baseUrl/);
    await screenshot('maas-08-add-endpoint-strip-pasted-url');
    await press('Enter'); // takes the offered address
    await quickInput(/\(5\/8\)[\s\S]*API key as Bearer token/);
    await choose('No authentication');
    const said = await answerModal('Save anyway', 'maas-08-add-endpoint-no-key-rejected');
    assert.match(said, /asks for a key \(401\), and none was given/);
    assert.ok(!said.includes('Fix key'), 'no "Fix key" for an endpoint without a key');
    await quickInputClosed();
    await until(() => endpointsSetting().length > 0, 'the endpoint to be saved');
    assert.equal(endpointsSetting()[0]?.baseUrl, base);
  });
});
