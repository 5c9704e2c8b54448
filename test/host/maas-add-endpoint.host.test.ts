// Adding an endpoint THROUGH THE UI: the real quick-input flow, typed like a person; the key lands in
// SecretStorage (never in settings), and the Endpoints view lists the gateway's models.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { click, press, runCommandFromPalette, screenshot } from './driver';
import {
  SIDEBAR, answer, choose, clearNotifications, entry, gatewayConfig, keyOf, maasApi, quickInput, quickInputClosed, removeAll,
  showEndpointsView, until, viewShowsAll,
} from './maas-helpers';

describe('MaaS Connect: Add Endpoint through the UI', () => {
  before(async () => {
    await removeAll(await maasApi());
    await clearNotifications();
  });

  it('Escape on any step writes nothing', async () => {
    const api = await maasApi();
    await runCommandFromPalette('MaaS: Add Endpoint…');
    await quickInput(/Add Endpoint[\s\S]*OpenAI-compatible server/);
    await choose('GPUStack');
    await quickInput(/\(2\/6\)/);
    await answer('half-done');
    await quickInput(/\(3\/6\)/);
    await press('Escape');
    await quickInputClosed();
    assert.deepEqual(vscode.workspace.getConfiguration('maas').inspect('endpoints')?.globalValue ?? [], []);
    assert.deepEqual(await api.storedSecretNames('half-done'), []);
    assert.deepEqual(api.endpoints(), []);
  });

  it('asks per platform, keeps answers on Back, stores the key in SecretStorage and lists the models', async () => {
    const api = await maasApi();
    const cfg = await gatewayConfig();
    const vllm = entry(cfg, 'local-vllm');
    const key = keyOf(cfg, 'local-vllm');
    await showEndpointsView();
    await runCommandFromPalette('MaaS: Add Endpoint…');
    await quickInput(/Add Endpoint[\s\S]*OpenAI-compatible server/);
    await screenshot('maas-02-add-endpoint-platform');
    await choose('OpenAI-compatible server');
    await quickInput(/\(2\/6\)/);
    await answer('local-vllm');
    await quickInput(/\(3\/6\)/);
    await answer('Local vLLM');
    await quickInput(/\(4\/6\)[\s\S]*version path/);
    await answer(`${String(vllm.baseUrl)}?oops`); // refused: a base URL cannot carry a query string
    await quickInput(/Remove the query string/);
    await screenshot('maas-03-add-endpoint-invalid-url');
    // Back to the label (the Back button), which still holds what was typed, then forward again.
    await click('.quick-input-widget .quick-input-titlebar .codicon-quick-input-back');
    await quickInput(/\(3\/6\)/);
    await press('Enter'); // keeps the prefilled label: settings must say "Local vLLM" below
    await quickInput(/\(4\/6\)/);
    await answer(String(vllm.baseUrl));
    await quickInput(/\(5\/6\)[\s\S]*API key as Bearer token/);
    await choose('API key as Bearer token');
    await quickInput(/\(6\/6\)[\s\S]*secret storage/);
    await answer(key);
    await quickInputClosed();

    const ready = await until(() => api.endpoints().find((e) => e.id === 'local-vllm' && e.status === 'ready'), 'local-vllm to list its models');
    assert.ok(ready.models.length > 0, 'the gateway\'s models are listed');
    assert.equal(ready.label, 'Local vLLM');
    assert.deepEqual(await api.storedSecretNames('local-vllm'), ['apiKey']);
    const written = vscode.workspace.getConfiguration('maas').inspect<unknown[]>('endpoints')?.globalValue;
    assert.deepEqual(written, [{ id: 'local-vllm', label: 'Local vLLM', platform: 'openai', baseUrl: vllm.baseUrl }]);
    assert.ok(!JSON.stringify(written).includes(key), 'the key is not in settings');
    assert.ok(!api.recentLog().join('\n').includes(key), 'the key is not in the log');

    // The view shows the endpoint and each model with its tasks.
    const node = api.treeSnapshot().find((n) => n.kind === 'endpoint' && n.label === 'Local vLLM');
    assert.ok(node, 'the endpoint is in the view');
    assert.match(node.description ?? '', new RegExp(`${ready.models.length} models?`));
    assert.deepEqual(node.children.filter((c) => c.kind === 'model').map((c) => c.label).sort(), ready.models.map((m) => m.label).sort());
    for (const c of node.children) assert.ok(c.description, `model ${c.label} shows its tasks`);
    await viewShowsAll(['Local vLLM', ...ready.models.map((m) => m.label)]);
    await clearNotifications();
    await screenshot('maas-04-endpoints-view-after-add', SIDEBAR);
    await screenshot('maas-04-window-after-add');
  });
});
