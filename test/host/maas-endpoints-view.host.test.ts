// The Endpoints view: invalid entries are listed with every problem and a click selects the field at
// fault; an entry whose client cannot be built (unreadable CA file) shows its own error while the others
// load; an unreachable endpoint shows its error and a slow one its loading state without holding up the
// others; the title bar's Refresh refreshes every endpoint and a row's only its own; rows carry two
// inline actions; the default chat model wears a star and is cleared when its endpoint is removed;
// errors are one plain statement worded for the endpoint's auth type; every platform lists its models.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import { TASK_ICONS } from '../../src/extension/tree/tree-model';
import type { Task } from '../../src/core/tasks';
import { click, count, press, screenshot, waitFor } from './driver';
import { answerModal } from './maas-dialog';
import {
  SIDEBAR, clearNotifications, entry, gatewayConfig, gatewayFault, keyOf, maasApi, quickInput, removeAll, setCredentialsThroughUi, setEndpoints,
  showEndpointsView, until, viewShowsAll, type GatewayConfig, type RawEntry,
} from './maas-helpers';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The gateway's request log: method and path of every request since the last `clearRequests`. */
async function gatewayRequests(cfg: GatewayConfig): Promise<{ method: string; path: string }[]> {
  return (await (await fetch(`${cfg.url}/__control/requests`)).json()) as { method: string; path: string }[];
}

async function clearRequests(cfg: GatewayConfig): Promise<void> {
  await fetch(`${cfg.url}/__control/requests`, { method: 'DELETE' });
}

/** Model-list requests per endpoint (by its base URL's path). */
async function modelRequests(cfg: GatewayConfig, ids: string[]): Promise<Record<string, number>> {
  const reqs = await gatewayRequests(cfg);
  return Object.fromEntries(ids.map((id) => {
    const base = new URL(String(entry(cfg, id).baseUrl)).pathname;
    return [id, reqs.filter((r) => r.method === 'GET' && r.path.split('?')[0] === `${base}/models`).length];
  }));
}

/** A top-level row of the Endpoints view, by its label. */
const row = (label: string): string => `${SIDEBAR} .monaco-list-row[aria-level="1"]:has(.label-name:has-text("${label}"))`;

/** Waits until settings.json is the active editor with `expected` selected; returns the selection's text. */
async function settingsJsonSelects(expected: string): Promise<void> {
  let selected = '';
  await until(() => {
    const ed = vscode.window.activeTextEditor;
    selected = ed && ed.document.fileName.endsWith('settings.json') ? ed.document.getText(ed.selection) : '';
    return selected === expected;
  }, `settings.json to select ${JSON.stringify(expected)} (selected: ${JSON.stringify(selected)})`);
}

describe('MaaS Connect: Endpoints view', () => {
  let cfg: GatewayConfig;
  before(async () => {
    cfg = await gatewayConfig();
    const api = await maasApi();
    await removeAll(api);
    await setEndpoints(api, cfg.endpoints);
    for (const id of ['local-vllm', 'rafay-serverless', 'openshift-maas', 'lab-gpustack']) await setCredentialsThroughUi(id, [keyOf(cfg, id)]);
    await setCredentialsThroughUi('oicm-prod', [keyOf(cfg, 'oicm-prod')], 'Endpoint key');
    await setCredentialsThroughUi('intel-tiber', [cfg.env.MAAS_CLIENT_ID_INTEL_TIBER, cfg.env.MAAS_CLIENT_SECRET_INTEL_TIBER]);
    await api.refresh();
    await clearNotifications();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(`debug-view-${this.currentTest.title.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`).catch(() => undefined);
    await gatewayFault(cfg, null);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists the models of every platform, each with its tasks; an embedding model on an openai endpoint is no chat model', async () => {
    const api = await maasApi();
    for (const e of api.endpoints()) {
      assert.equal(e.status, 'ready', `${e.id}: ${e.error?.message ?? e.status}`);
      assert.ok(e.models.length > 0, `${e.id} lists models`);
    }
    const tree = api.treeSnapshot();
    assert.deepEqual(tree.map((n) => n.label), cfg.endpoints.map((e) => String(e.label)));
    const oicm = tree.find((n) => n.label === 'OICM (prod)')!;
    const oicmTasks = (entry(cfg, 'oicm-prod').models as { task: Task }[]).map((m) => m.task);
    assert.deepEqual(new Set(oicm.children.map((c) => c.icon)), new Set(oicmTasks.map((t) => TASK_ICONS[t])), 'each OICM task gets its own icon');
    // OpenAI model lists name no task: the id tells (no extra request), else the configured entry.
    const vllm = api.endpoints().find((e) => e.id === 'local-vllm')!;
    assert.deepEqual(Object.fromEntries(vllm.models.map((m) => [m.id, m.tasks.join(',')])), {
      'BAAI/bge-small-en-v1.5': 'embedding', 'Qwen/Qwen3-8B': 'chat,completion', 'deepseek-r1-distill': 'chat,completion', 'meta-llama/Llama-3.1-8B-Instruct': 'chat,completion',
      'BAAI/bge-reranker-v2-m3': 'rerank',
      // ids that do not tell: the endpoint's models entries say
      'jason9693/Qwen2.5-1.5B-apeach': 'classification', 'openai/whisper-large-v3': 'transcription',
    });
    await viewShowsAll(['Intel Tiber AI Cloud', '3 models', 'whisper-large-v3', 'Classical ML (Ray bundle)']);
    await screenshot('maas-11-every-platform', SIDEBAR);

    // …and the default chat model picker does not offer it.
    const picking = vscode.commands.executeCommand(Commands.setDefaultChatModel);
    const shown = await quickInput(/Set Default Chat Model[\s\S]*Llama-3\.1-8B-Instruct/);
    assert.ok(!shown.includes('bge-small'), shown);
    await press('Escape');
    await picking;
  });

  it('the title bar\'s Refresh refreshes every endpoint; a row\'s Refresh (context menu) only its own', async () => {
    const api = await maasApi();
    const ids = ['local-vllm', 'rafay-serverless'];
    await setEndpoints(api, ids.map((id) => entry(cfg, id)));
    await showEndpointsView();
    await viewShowsAll(['Local vLLM', 'Rafay serverless']);
    await clearRequests(cfg);
    await click(`${SIDEBAR} .action-label[aria-label="Refresh All Endpoints"]`);
    await until(async () => Object.values(await modelRequests(cfg, ids)).every((n) => n > 0), 'a models request per endpoint');
    await api.whenIdle();
    assert.deepEqual(await modelRequests(cfg, ids), { 'local-vllm': 1, 'rafay-serverless': 1 });

    // A row's Refresh is in its context menu now (the row keeps two inline icons).
    // As a person might without folding the row: click its model, Left to the endpoint row, its context menu.
    await clearRequests(cfg);
    await click(`${SIDEBAR} .monaco-list-row:has(.label-name:has-text("mistralai/Mistral-7B-Instruct"))`);
    await press('ArrowLeft');
    await waitFor(`${row('Rafay serverless')}.focused`);
    await press('Shift+F10');
    await waitFor('.monaco-menu .action-label:has-text("Refresh Models")');
    await screenshot('maas-14-row-context-menu');
    await click('.monaco-menu .action-label:has-text("Refresh Models")');
    await until(async () => (await modelRequests(cfg, ids))['rafay-serverless'] > 0, 'the row\'s models request');
    await api.whenIdle();
    assert.deepEqual(await modelRequests(cfg, ids), { 'local-vllm': 0, 'rafay-serverless': 1 });
  });

  it('an endpoint row carries two inline actions, Test Connection and Set Credentials', async () => {
    const api = await maasApi();
    await setEndpoints(api, [entry(cfg, 'local-vllm'), entry(cfg, 'rafay-serverless')]);
    await viewShowsAll(['Local vLLM', '4 models']);
    // Inline actions show on the focused row: focus it without folding it (its model, then Left).
    await click(`${SIDEBAR} .monaco-list-row:has(.label-name:has-text("Qwen/Qwen3-8B"))`);
    await press('ArrowLeft');
    const actions = `${row('Local vLLM')} .actions .action-label`;
    await waitFor(actions);
    assert.equal(await count(actions), 2);
    assert.equal(await count(`${actions}[aria-label="Test Connection"]`), 1);
    assert.equal(await count(`${actions}[aria-label="Set Credentials…"]`), 1);
    await screenshot('maas-15-row-actions', SIDEBAR);
  });

  it('reports every problem of an invalid entry, a click selects the field at fault, and a reused id never hides the valid endpoint', async () => {
    const api = await maasApi();
    await setEndpoints(api, [
      entry(cfg, 'local-vllm'),
      { id: 'broken-url', platform: 'openai', baseUrl: 'ftp://models.example/v1' },
      { id: 'typo', platform: 'gpu-stack', baseUrl: 'https://gpustack.example', timeoutSeconds: 0 },
      { id: 'oicm-empty', platform: 'oicm', baseUrl: 'https://inference.example' },
      { id: 'local-vllm', platform: 'openai', baseUrl: 'http://copy.example/v1', auth: 'sometimes' },
      entry(cfg, 'lab-gpustack'),
    ]);
    const problems = api.problems();
    assert.deepEqual(problems.map((p) => [p.endpointId, p.field]), [
      ['broken-url', 'baseUrl'], ['typo', 'platform'], ['typo', 'timeoutSeconds'], ['oicm-empty', 'models'], ['local-vllm', 'id'], ['local-vllm', 'auth'],
    ]);
    assert.match(problems[1].message, /platform "gpu-stack" is not one of openai, openshift-ai, gpustack/);
    assert.match(problems[4].message, /id "local-vllm" is already used by endpoint #1, which is the one loaded/);
    assert.deepEqual(api.endpoints().map((e) => [e.id, e.status]), [['local-vllm', 'ready'], ['lab-gpustack', 'ready']]);
    const [problemsNode] = api.treeSnapshot();
    assert.equal(problemsNode.kind, 'problems');
    assert.equal(problemsNode.label, 'Configuration problems (4)');
    assert.deepEqual(problemsNode.children.map((c) => [c.label, c.description]), [
      ['"broken-url"', 'baseUrl "ftp://models.example/v1" must be an http:// or https:// URL'],
      ['"typo"', '2 problems'],
      ['"oicm-empty"', problems[3].message.replace('endpoint "oicm-empty": ', '')],
      ['"local-vllm"', '2 problems'],
    ]);
    assert.deepEqual(problemsNode.children[1].children.map((c) => c.label), [
      'platform "gpu-stack" is not one of openai, openshift-ai, gpustack, rafay, oicm, intel-tiber', 'timeoutSeconds 0 must be a whole number from 1 to 3600',
    ]);
    assert.ok(problemsNode.children.every((c) => c.command === Commands.openEndpointSettings));
    await viewShowsAll(['Configuration problems (4)', '"oicm-empty"', '2 problems', 'Qwen/Qwen3-8B', 'qwen2.5-7b-instruct']);
    await screenshot('maas-12-configuration-problems', SIDEBAR);

    // A click selects the value at fault in settings.json, not the entry's "id".
    await click(`${SIDEBAR} .monaco-list-row:has-text("timeoutSeconds 0 must be")`);
    await settingsJsonSelects('0');
    await click(`${SIDEBAR} .monaco-list-row:has(.label-name:has-text('"broken-url"'))`);
    await settingsJsonSelects('"ftp://models.example/v1"');
    await screenshot('maas-16-problem-selects-field');

    // Removing "local-vllm" removes the loaded entry, not the invalid one that reuses its id.
    await vscode.commands.executeCommand(Commands.removeEndpoint, 'local-vllm', { confirm: false });
    assert.deepEqual(api.problems().filter((p) => p.endpointId === 'local-vllm').map((p) => p.field), ['auth']);
    assert.deepEqual(api.endpoints().map((e) => e.id), ['lab-gpustack']);
    await setEndpoints(api, [entry(cfg, 'local-vllm')]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
  });

  it('an entry whose CA file cannot be read shows its own error while the others load; its row selects tls.caFile', async () => {
    const api = await maasApi();
    const broken: RawEntry = { ...entry(cfg, 'local-vllm'), id: 'custom-ca', label: 'Custom CA', tls: { caFile: '/nonexistent/maas-ca.pem' } };
    await setEndpoints(api, [entry(cfg, 'local-vllm'), broken, entry(cfg, 'rafay-serverless')]);
    assert.deepEqual(api.endpoints().map((e) => [e.id, e.status]), [['local-vllm', 'ready'], ['custom-ca', 'error'], ['rafay-serverless', 'ready']]);
    const node = api.treeSnapshot().find((n) => n.label === 'Custom CA')!;
    assert.equal(node.description, 'CA file unreadable');
    assert.equal(node.children[0].label, 'tls.caFile "/nonexistent/maas-ca.pem" cannot be read (ENOENT); give the path of a PEM file');
    assert.ok(api.recentLog().some((l) => l.includes('custom-ca') && l.includes('maas-ca.pem')), 'the failure is logged');
    await viewShowsAll(['Custom CA', 'CA file unreadable', 'mistralai/Mistral-7B-Instruct-v0.2', 'Qwen/Qwen3-8B']);
    await screenshot('maas-17-unreadable-ca-file', SIDEBAR);
    await click(`${SIDEBAR} .monaco-list-row:has-text("cannot be read (ENOENT)")`);
    await settingsJsonSelects('"/nonexistent/maas-ca.pem"');
  });

  it('marks the default chat model with a star, and removing its endpoint says so and clears it', async () => {
    const api = await maasApi();
    await setEndpoints(api, [entry(cfg, 'local-vllm'), entry(cfg, 'rafay-serverless')]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await setCredentialsThroughUi('rafay-serverless', [keyOf(cfg, 'rafay-serverless')]);
    await api.whenIdle();
    await vscode.commands.executeCommand(Commands.setDefaultChatModel, { endpointId: 'local-vllm', modelId: 'Qwen/Qwen3-8B' });
    await until(() => api.treeSnapshot()[0].children.some((c) => c.icon === 'star-full'), 'the star in the tree');
    const starred = api.treeSnapshot()[0].children.filter((c) => c.icon === 'star-full');
    assert.deepEqual(starred.map((c) => [c.label, c.description]), [['Qwen/Qwen3-8B', 'default · chat, completion']]);
    assert.match(starred[0].tooltip ?? '', /\(default chat model\)/);
    await viewShowsAll(['Qwen/Qwen3-8B', 'default · chat']);
    assert.equal(await count(`${SIDEBAR} .monaco-list-row:has(.label-name:has-text("Qwen/Qwen3-8B")) .codicon-star-full`), 1);
    await screenshot('maas-18-default-chat-model-star', SIDEBAR);

    const picking = vscode.commands.executeCommand(Commands.setDefaultChatModel);
    const shown = await quickInput(/local-vllm\/Qwen\/Qwen3-8B \(default chat model\)/);
    assert.match(shown, /Mistral-7B-Instruct/);
    await screenshot('maas-19-default-chat-model-picker');
    await press('Escape');
    await picking;

    const removed = vscode.commands.executeCommand<boolean>(Commands.removeEndpoint, 'local-vllm');
    const dialog = await answerModal('Remove', 'maas-20-remove-default-endpoint-confirm');
    assert.match(dialog, /local-vllm\/Qwen\/Qwen3-8B is the default chat model; that setting will be cleared/);
    assert.equal(await removed, true);
    assert.equal(vscode.workspace.getConfiguration('maas').get('defaultChatModel') || undefined, undefined);
    assert.deepEqual(api.endpoints().map((e) => e.id), ['rafay-serverless']);
    await clearNotifications();
  });

  it('states an error once, in words for the endpoint\'s auth type, with credential and connection state in the hover', async () => {
    const api = await maasApi();
    await setEndpoints(api, [entry(cfg, 'local-vllm'), entry(cfg, 'rafay-serverless')]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await gatewayFault(cfg, { type: 'status', status: 401, path: '/openai/v1/models', times: 0 });
    await api.refresh();
    const [vllm] = api.treeSnapshot();
    assert.equal(vllm.description, 'key rejected (401)');
    assert.equal(vllm.children[0].label, 'The gateway rejected the API key (401); check or replace it');
    assert.equal(vllm.children[0].command, Commands.setCredentials);
    const hover = (vllm.tooltip ?? '').replace(/\\/g, '');
    assert.match(hover, /auth: API key as Bearer token/);
    assert.match(hover, /credentials: API key stored, but rejected/);
    assert.match(hover, /connection: key rejected \(401\)/);
    await viewShowsAll(['key rejected (401)', 'The gateway rejected the API key (401); check or replace it']);
    await screenshot('maas-21-key-rejected', SIDEBAR);

    await gatewayFault(cfg, null);
    await gatewayFault(cfg, { type: 'status', status: 403, path: '/openai/v1/models', times: 0 });
    await api.refresh();
    assert.equal(api.treeSnapshot()[0].description, 'access refused (403)');
    assert.match(api.treeSnapshot()[0].children[0].label, /^The gateway refused access \(403\)/);
  });

  it('shows an unreachable endpoint\'s error and a slow one loading, without holding up the others', async () => {
    const api = await maasApi();
    const port = await closedPort();
    await gatewayFault(cfg, { type: 'stall', ms: 30_000, path: '/gpustack/v1/models', times: 0 });
    await setEndpoints(api, [
      entry(cfg, 'lab-gpustack'),
      { id: 'offline', label: 'Offline server', platform: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, auth: 'none' },
      entry(cfg, 'local-vllm'),
    ], false);
    const refreshed = api.refresh(); // rediscovers all three, lab-gpustack included
    await until(() => {
      const byId = Object.fromEntries(api.endpoints().map((e) => [e.id, e.status]));
      return byId['local-vllm'] === 'ready' && byId.offline === 'error';
    }, 'local-vllm to load and offline to fail while lab-gpustack hangs', 20_000);
    const byId = Object.fromEntries(api.endpoints().map((e) => [e.id, e]));
    assert.equal(byId['lab-gpustack'].status, 'loading', 'the stalled endpoint is still loading');
    assert.equal(byId.offline.error?.kind, 'network');
    const offlineNode = api.treeSnapshot().find((n) => n.label === 'Offline server')!;
    assert.equal(offlineNode.description, 'unreachable');
    assert.equal(offlineNode.children[0].kind, 'error');
    assert.match(offlineNode.children[0].label, /^Could not reach http:\/\/127\.0\.0\.1:\d+; check the base URL, network and proxy/);
    assert.equal(offlineNode.children[0].command, Commands.editEndpoint);
    const gpustackNode = api.treeSnapshot().find((n) => n.label === 'GPUStack (lab)')!;
    assert.equal(gpustackNode.children[0].kind, 'loading');
    await viewShowsAll(['Discovering models', 'unreachable', 'Qwen/Qwen3-8B'], true);
    await screenshot('maas-13-unreachable-and-loading', SIDEBAR);

    // Refresh cancels the stalled discovery; without the fault the endpoint loads.
    await gatewayFault(cfg, null);
    await api.refresh();
    await refreshed;
    assert.equal(api.endpoints().find((e) => e.id === 'lab-gpustack')?.status, 'ready');
    assert.equal(api.endpoints().find((e) => e.id === 'offline')?.status, 'error');
  });
});
