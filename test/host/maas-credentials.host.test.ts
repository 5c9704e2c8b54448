// Credentials live in SecretStorage only: set through the password boxes of "MaaS: Set Credentials…",
// proven by discovery that needs them, deleted by Clear Credentials and by Remove Endpoint.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import { count, press, screenshot, type } from './driver';
import { answerModal } from './maas-dialog';
import {
  answer, clearNotifications, entry, gatewayConfig, keyOf, maasApi, quickInput, quickInputClosed, removeAll, setCredentialsThroughUi, setEndpoints,
  until, viewShowsAll, type GatewayConfig,
} from './maas-helpers';


describe('MaaS Connect: credentials in SecretStorage', () => {
  let cfg: GatewayConfig;
  before(async () => {
    cfg = await gatewayConfig();
    await removeAll(await maasApi());
    await clearNotifications();
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar'); // screenshots show the quick input, not Chat
  });

  it('an endpoint without its key asks for it instead of calling the gateway', async () => {
    const api = await maasApi();
    await setEndpoints(api, [entry(cfg, 'rafay-serverless')]);
    const [e] = api.endpoints();
    assert.equal(e.status, 'missingCredentials');
    assert.deepEqual(e.missingCredentials, ['apiKey']);
    const [node] = api.treeSnapshot();
    assert.equal(node.children[0].kind, 'credentials');
    assert.equal(node.children[0].command, Commands.setCredentials);
    assert.match(node.children[0].label, /Set the API key/);
  });

  it('Set Credentials stores the key (discovery with it succeeds); Clear Credentials deletes it', async () => {
    const api = await maasApi();
    await setCredentialsThroughUi('rafay-serverless', [keyOf(cfg, 'rafay-serverless')]);
    assert.deepEqual(await api.storedSecretNames('rafay-serverless'), ['apiKey']);
    const ready = await until(() => api.endpoints().find((e) => e.status === 'ready'), 'rafay-serverless to list its models');
    assert.ok(ready.models.length > 0);

    const kept = vscode.commands.executeCommand<boolean>(Commands.clearCredentials, 'rafay-serverless');
    assert.match(await answerModal('Cancel'), /Clear the stored API key of "Rafay serverless"\?/);
    assert.equal(await kept, false, 'Cancel clears nothing');
    assert.deepEqual(await api.storedSecretNames('rafay-serverless'), ['apiKey']);
    const cleared = vscode.commands.executeCommand<boolean>(Commands.clearCredentials, 'rafay-serverless');
    await answerModal('Clear', 'maas-05-clear-credentials-confirm');
    assert.equal(await cleared, true);
    assert.deepEqual(await api.storedSecretNames('rafay-serverless'), []);
    await until(() => api.endpoints()[0].status === 'missingCredentials', 'the endpoint to ask for its key again');
  });

  it('a wrong key shows the gateway\'s auth error, with Set Credentials as the way out', async () => {
    const api = await maasApi();
    await setCredentialsThroughUi('rafay-serverless', ['not-the-right-key']);
    const failed = await until(() => api.endpoints().find((e) => e.status === 'error'), 'discovery to fail');
    assert.equal(failed.error?.kind, 'auth');
    assert.ok(!failed.error?.message.includes('not-the-right-key'));
    const errorNode = api.treeSnapshot()[0].children[0];
    assert.equal(errorNode.kind, 'error');
    assert.equal(errorNode.command, Commands.setCredentials);
    assert.ok(!api.recentLog().join('\n').includes('not-the-right-key'), 'the rejected key is not logged');
    await viewShowsAll(['key rejected (401)', 'The gateway rejected the API key (401)']);
    await screenshot('maas-06-wrong-key');
  });

  it('stores OAuth2 client credentials (Intel Tiber) and OICM endpoint keys and per-model tokens', async () => {
    const api = await maasApi();
    await setEndpoints(api, [entry(cfg, 'intel-tiber'), entry(cfg, 'oicm-prod')]);
    assert.deepEqual(api.endpoints()[0].missingCredentials, ['clientId', 'clientSecret']);
    await setCredentialsThroughUi('intel-tiber', [cfg.env.MAAS_CLIENT_ID_INTEL_TIBER, cfg.env.MAAS_CLIENT_SECRET_INTEL_TIBER]);
    assert.deepEqual((await api.storedSecretNames('intel-tiber')).sort(), ['clientId', 'clientSecret']);
    await until(() => api.endpoints().find((e) => e.id === 'intel-tiber' && e.status === 'ready'), 'Intel to list its models through OAuth2');

    await setCredentialsThroughUi('oicm-prod', [keyOf(cfg, 'oicm-prod')], 'Endpoint key');
    const model = '6b1f2c9e-chat';
    const token = vscode.commands.executeCommand<boolean>(Commands.setCredentials, { endpointId: 'oicm-prod', modelId: model });
    await quickInput(/access token|token of model/i);
    await answer(cfg.env.MAAS_TOKEN_OICM_PROD_6B1F2C9E_CHAT);
    assert.equal(await token, true);
    assert.deepEqual((await api.storedSecretNames('oicm-prod')).sort(), ['apiKey', `model:${model}:token`]);

    const cleared = vscode.commands.executeCommand<boolean>(Commands.clearCredentials, { endpointId: 'oicm-prod', modelId: model });
    assert.match(await answerModal('Clear'), new RegExp(`token of model ${model}`));
    assert.equal(await cleared, true);
    assert.deepEqual(await api.storedSecretNames('oicm-prod'), ['apiKey'], 'only the model token was cleared');
  });

  it('Set Credentials again: the client id is shown unmasked, Enter keeps a stored value, a new secret replaces the old', async () => {
    const api = await maasApi();
    const intel = () => api.endpoints().find((e) => e.id === 'intel-tiber');
    const box = '.quick-input-widget .quick-input-box input';
    // a wrong secret first, keeping the stored id: discovery fails with the auth error
    const wrong = vscode.commands.executeCommand<boolean>(Commands.setCredentials, 'intel-tiber');
    const idStep = await quickInput(/Set Credentials: Intel Tiber AI Cloud \(1\/2\)[\s\S]*client id[\s\S]*Enter keeps the id shown/);
    assert.ok(!idStep.includes(cfg.env.MAAS_CLIENT_SECRET_INTEL_TIBER));
    assert.equal(await count(`${box}[type="password"]`), 0, 'the client id is not masked');
    await screenshot('maas-08-set-credentials-client-id-shown');
    await answer(''); // cleared and Enter: keeps the stored id too
    await quickInput(/\(2\/2\)[\s\S]*client secret/);
    assert.equal(await count(`${box}[type="password"]`), 1, 'the client secret is masked');
    assert.equal(await count(`${box}[placeholder="Press Enter to keep the stored client secret, or type a new one"]`), 1);
    await screenshot('maas-09-set-credentials-keep-secret');
    await answer('not-the-secret');
    await quickInputClosed();
    assert.equal(await wrong, true);
    await until(() => intel()?.status === 'error', 'Intel to fail with the wrong secret');
    assert.equal(intel()?.error?.kind, 'auth');

    // Enter, Enter: nothing changes, nothing is written
    const kept = vscode.commands.executeCommand<boolean>(Commands.setCredentials, 'intel-tiber');
    await quickInput(/\(1\/2\)/);
    await press('Enter');
    await quickInput(/\(2\/2\)/);
    await answer('');
    assert.equal(await kept, false, 'nothing stored when every value is kept');

    // only the secret retyped: the stored id (not retyped) still works with the right secret
    const fixed = vscode.commands.executeCommand<boolean>(Commands.setCredentials, 'intel-tiber');
    await quickInput(/\(1\/2\)/);
    await press('Enter');
    await quickInput(/\(2\/2\)/);
    await answer(cfg.env.MAAS_CLIENT_SECRET_INTEL_TIBER);
    assert.equal(await fixed, true);
    await until(() => intel()?.status === 'ready', 'Intel to list its models with the stored id and the new secret');
    assert.deepEqual((await api.storedSecretNames('intel-tiber')).sort(), ['clientId', 'clientSecret']);
  });

  it('Set Credentials with nothing stored refuses an empty key and says why', async () => {
    const api = await maasApi();
    await setEndpoints(api, [entry(cfg, 'intel-tiber'), entry(cfg, 'oicm-prod'), entry(cfg, 'rafay-serverless')]);
    await vscode.commands.executeCommand(Commands.clearCredentials, 'rafay-serverless', { confirm: false }); // the wrong key set above
    assert.deepEqual(await api.storedSecretNames('rafay-serverless'), []);
    const asked = vscode.commands.executeCommand<boolean>(Commands.setCredentials, 'rafay-serverless');
    await quickInput(/Set Credentials: Rafay serverless[\s\S]*secret storage/);
    await answer('');
    const shown = await quickInput(/Type the API key: none is stored for "Rafay serverless" yet/);
    assert.ok(!/keep/i.test(shown), 'nothing stored: nothing to keep');
    assert.equal(await count('.quick-input-widget .quick-input-box input[placeholder="the API key"]'), 1);
    await screenshot('maas-10-set-credentials-empty-refused');
    await type(keyOf(cfg, 'rafay-serverless'));
    await press('Enter');
    assert.equal(await asked, true);
    assert.deepEqual(await api.storedSecretNames('rafay-serverless'), ['apiKey']);
  });

  it('Remove Endpoint deletes the entry and every secret of the endpoint', async () => {
    const api = await maasApi();
    const kept = vscode.commands.executeCommand<boolean>(Commands.removeEndpoint, 'intel-tiber');
    await answerModal('Cancel');
    assert.equal(await kept, false, 'Cancel removes nothing');
    assert.equal(api.endpoints().length, 3);
    const removed = vscode.commands.executeCommand<boolean>(Commands.removeEndpoint, 'intel-tiber');
    const shown = await answerModal('Remove', 'maas-07-remove-confirm');
    assert.match(shown, /Remove endpoint "Intel Tiber AI Cloud"\?[\s\S]*2 stored credentials/);
    assert.equal(await removed, true);
    assert.deepEqual(await api.storedSecretNames('intel-tiber'), []);
    const ids = (vscode.workspace.getConfiguration('maas').inspect<{ id: string }[]>('endpoints')?.globalValue ?? []).map((e) => e.id);
    assert.deepEqual(ids, ['oicm-prod', 'rafay-serverless']);
    await until(() => api.endpoints().length === 2, 'the view to drop the endpoint');
  });
});
