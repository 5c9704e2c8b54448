// Gateway models in VS Code's language model API (vendor `maas`): found by selectChatModels, streamed by sendRequest.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { entry, gatewayConfig, keyOf, maasApi, setCredentialsThroughUi, setEndpoints, until } from './maas-helpers';

describe('MaaS Connect: language model provider', () => {
  it('offers every chat model of an endpoint to vscode.lm and streams an answer', async function () {
    this.timeout(60_000);
    const api = await maasApi();
    const cfg = await gatewayConfig();
    await setEndpoints(api, [entry(cfg, 'local-vllm')]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await api.whenIdle();
    const models = await until(async () => {
      const found = await vscode.lm.selectChatModels({ vendor: 'maas' });
      return found.length ? found : undefined;
    }, 'maas models in vscode.lm');
    const model = models.find((m) => m.id.startsWith('local-vllm/'));
    assert.ok(model, `no local-vllm model among ${models.map((m) => m.id).join(', ')}`);
    assert.equal(model.vendor, 'maas');
    const res = await model.sendRequest([vscode.LanguageModelChatMessage.User('ping from the host')], {}, new vscode.CancellationTokenSource().token);
    let text = '';
    for await (const t of res.text) text += t;
    assert.equal(text, `Hello from ${model.id.slice('local-vllm/'.length)}. You said: ping from the host`);
  });
});
