// Edit Endpoint (a quick pick of fields, or settings.json at the entry), the default chat model, and the
// getting-started walkthrough.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import { screenshot, text, waitFor } from './driver';
import { answerModal } from './maas-dialog';
import {
  answer, choose, clearNotifications, entry, gatewayConfig, keyOf, maasApi, quickInput, quickInputClosed, removeAll, setCredentialsThroughUi,
  setEndpoints, until, viewShowsAll, webviewText, type GatewayConfig, endpointsSetting,
} from './maas-helpers';


/** A loopback port nobody listens on (taken, then released). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('MaaS Connect: Edit Endpoint, default chat model, walkthrough', () => {
  let cfg: GatewayConfig;
  before(async () => {
    cfg = await gatewayConfig();
    const api = await maasApi();
    await removeAll(api);
    await setEndpoints(api, [{ ...entry(cfg, 'local-vllm'), headers: { 'x-team': 'ml' } }]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await api.whenIdle();
    await clearNotifications();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('changes one field through the field picker and keeps the fields it does not show', async () => {
    const api = await maasApi();
    const edited = vscode.commands.executeCommand<boolean>(Commands.editEndpoint, 'local-vllm');
    const shown = await quickInput(/Edit Endpoint: Local vLLM[\s\S]*Base URL/);
    assert.match(shown, /Timeout[\s\S]*120 s per attempt/);
    await screenshot('maas-14-edit-endpoint-fields');
    await choose('Timeout');
    await quickInput(/\(2\/2\)[\s\S]*Seconds to wait/);
    await answer('5000');
    await quickInput(/whole number of seconds from 1 to 3600/);
    await answer('30');
    await quickInputClosed();
    assert.equal(await edited, true);
    const [written] = endpointsSetting();
    assert.equal(written.timeoutSeconds, 30);
    assert.deepEqual(written.headers, { 'x-team': 'ml' }, 'fields the picker does not show are kept');
    await until(() => api.endpoints()[0]?.status === 'ready', 'the edited endpoint to load again');
  });

  it('an unreachable base URL is reported before saving; "Edit URL" goes back to the typed URL', async () => {
    const api = await maasApi();
    const good = String(entry(cfg, 'local-vllm').baseUrl);
    const port = await freePort();
    const unreachable = `http://127.0.0.1:${port}/v1`; // nothing listens there
    const edited = vscode.commands.executeCommand<boolean>(Commands.editEndpoint, 'local-vllm');
    await quickInput(/Edit Endpoint: Local vLLM[\s\S]*Base URL/);
    await choose('Base URL');
    await quickInput(/\(2\/2\)[\s\S]*version path/);
    await answer(unreachable);
    // another origin (another port): the stored key goes there only if the user says so
    const asked = await answerModal('Use here', 'maas-14-edit-endpoint-other-origin');
    assert.ok(asked.includes(`Use the API key of "Local vLLM" for http://127.0.0.1:${port}?`), asked);
    const said = await answerModal('Edit URL', 'maas-14-edit-endpoint-unreachable');
    assert.ok(said.includes(`Could not reach http://127.0.0.1:${port}.`), said);
    assert.ok(said.includes('Save anyway') && said.includes('Discard'));
    assert.equal(endpointsSetting()[0].baseUrl, good, 'nothing saved yet');
    await quickInput(/\(2\/2\)[\s\S]*version path/);
    await screenshot('maas-14-edit-endpoint-edit-url-again');
    await answer(`${good}/`); // the same server, written differently: proves the new value is what was saved
    await quickInputClosed();
    assert.equal(await edited, true);
    assert.equal(endpointsSetting()[0].baseUrl, `${good}/`);
    await until(() => api.endpoints()[0]?.status === 'ready', 'the edited endpoint to load again');
  });

  it('"Edit in settings.json" opens the user settings with the entry selected', async () => {
    const edited = vscode.commands.executeCommand<boolean>(Commands.editEndpoint, 'local-vllm');
    await quickInput(/Edit Endpoint: Local vLLM/);
    await choose('Edit in settings.json');
    await edited;
    const editor = await until(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.getText(e.selection) === '"id": "local-vllm"' ? e : undefined;
    }, 'settings.json to open at the entry');
    assert.match(editor.document.getText(), /"maas\.endpoints"/);
    await waitFor('.monaco-editor .view-lines >> text=maas.endpoints');
    await screenshot('maas-15-settings-json-at-entry');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('sets the default chat model from a model and marks it in the view', async () => {
    const api = await maasApi();
    const model = api.endpoints()[0].models.find((m) => m.tasks.includes('chat'));
    assert.ok(model);
    const ref = await vscode.commands.executeCommand<string>(Commands.setDefaultChatModel, { endpointId: 'local-vllm', modelId: model.id });
    assert.equal(ref, `local-vllm/${model.id}`);
    assert.equal(vscode.workspace.getConfiguration('maas').get('defaultChatModel'), ref);
    await viewShowsAll(['default · chat']);
    const node = api.treeSnapshot()[0].children.find((c) => c.label === model.label);
    assert.match(node?.description ?? '', /^default · /);
    assert.equal(node?.icon, 'star-full');
  });

  it('has a getting-started walkthrough: add an endpoint, set its key, see its models', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'maas-connect.maas-connect#gettingStarted', false);
    const page = '.gettingStartedContainer';
    await waitFor(`${page} >> text=Get started with MaaS Connect`, 15_000);
    const shown = await text(page);
    for (const step of ['Add an endpoint', 'Set its key', 'See its models']) assert.ok(shown.includes(step), step);
    // room for the step's markdown media beside the steps
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await until(async () => (await webviewText('body')).includes('What each platform asks for'), 'the step\'s markdown to render', 20_000);
    await screenshot('maas-16-walkthrough');
    await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
  });

  it('a base URL whose gateway rejects the stored key: "Fix key" asks for a key, and the change and key are saved together', async () => {
    const api = await maasApi();
    const rafay = entry(cfg, 'rafay-serverless');
    const rafayKey = keyOf(cfg, 'rafay-serverless');
    const edited = vscode.commands.executeCommand<boolean>(Commands.editEndpoint, 'local-vllm');
    await quickInput(/Edit Endpoint: Local vLLM[\s\S]*Base URL/);
    await choose('Base URL');
    await quickInput(/\(2\/2\)[\s\S]*version path/);
    await answer(String(rafay.baseUrl));
    const said = await answerModal('Fix key', 'maas-14-edit-endpoint-key-rejected');
    assert.match(said, /The gateway rejected the API key \(401\)/);
    await quickInput(/Edit Endpoint: Local vLLM[\s\S]*API key for "Local vLLM"/);
    await screenshot('maas-14-edit-endpoint-fix-key');
    await answer(rafayKey);
    await quickInputClosed();
    assert.equal(await edited, true);
    assert.equal(endpointsSetting()[0].baseUrl, rafay.baseUrl);
    await until(() => api.endpoints()[0]?.status === 'ready', 'the endpoint to list the models of its new gateway');
    assert.ok(!api.recentLog().join('\n').includes(rafayKey), 'the key is not in the log');
  });
});
