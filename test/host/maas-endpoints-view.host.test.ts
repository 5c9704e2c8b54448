// The Endpoints view: invalid entries are listed with their field while the valid ones load; an
// unreachable endpoint shows its error and a slow one its loading state without holding up the others;
// every platform of the reference gateway lists its models.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { Commands } from '../../src/extension/commands/ids';
import { screenshot } from './driver';
import {
  SIDEBAR, clearNotifications, entry, gatewayConfig, gatewayFault, keyOf, maasApi, removeAll, setCredentialsThroughUi, setEndpoints,
  until, viewShowsAll, type GatewayConfig,
} from './maas-helpers';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
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
  afterEach(async () => { await gatewayFault(cfg, null); });

  it('lists the models of every platform, each with its tasks', async () => {
    const api = await maasApi();
    for (const e of api.endpoints()) {
      assert.equal(e.status, 'ready', `${e.id}: ${e.error?.message ?? e.status}`);
      assert.ok(e.models.length > 0, `${e.id} lists models`);
    }
    const tree = api.treeSnapshot();
    assert.deepEqual(tree.map((n) => n.label), cfg.endpoints.map((e) => String(e.label)));
    const oicm = tree.find((n) => n.label === 'OICM (prod)')!;
    const icons = new Set(oicm.children.map((c) => c.icon));
    assert.ok(icons.size >= 5, `OICM's tasks get their own icons (${[...icons].join(', ')})`);
    await viewShowsAll(['Intel Tiber AI Cloud', '3 models', 'whisper-large-v3', 'Classical ML (Ray bundle)']);
    await screenshot('maas-11-every-platform', SIDEBAR);
  });

  it('reports an invalid entry with its field while the valid ones load', async () => {
    const api = await maasApi();
    await setEndpoints(api, [
      entry(cfg, 'local-vllm'),
      { id: 'broken-url', platform: 'openai', baseUrl: 'ftp://models.example/v1' },
      { id: 'typo', platform: 'gpu-stack', baseUrl: 'https://gpustack.example' },
      { id: 'oicm-empty', platform: 'oicm', baseUrl: 'https://inference.example' },
      entry(cfg, 'lab-gpustack'),
    ]);
    const problems = api.problems();
    assert.deepEqual(problems.map((p) => [p.endpointId, p.field]), [['broken-url', 'baseUrl'], ['typo', 'platform'], ['oicm-empty', 'models']]);
    assert.match(problems[1].message, /platform "gpu-stack" is not one of openai, openshift-ai, gpustack/);
    assert.deepEqual(api.endpoints().map((e) => [e.id, e.status]), [['local-vllm', 'ready'], ['lab-gpustack', 'ready']]);
    const [problemsNode] = api.treeSnapshot();
    assert.equal(problemsNode.kind, 'problems');
    assert.equal(problemsNode.label, 'Configuration problems (3)');
    assert.deepEqual(problemsNode.children.map((c) => c.label), ['"broken-url"', '"typo"', '"oicm-empty"']);
    assert.match(problemsNode.children[0].description ?? '', /^baseUrl "ftp:\/\/models\.example\/v1" must be an http/);
    assert.ok(problemsNode.children.every((c) => c.command === Commands.openEndpointSettings));
    await viewShowsAll(['Configuration problems (3)', '"oicm-empty"', 'Qwen/Qwen3-8B', 'qwen2.5-7b-instruct']);
    await screenshot('maas-12-configuration-problems', SIDEBAR);
  });

  it('shows an unreachable endpoint\'s error and a slow one loading, without holding up the others', async () => {
    const api = await maasApi();
    const port = await closedPort();
    await gatewayFault(cfg, { type: 'stall', ms: 30_000, path: '/gpustack/v1/models', times: 0 });
    const started = Date.now();
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
    assert.ok(Date.now() - started < 20_000);
    const byId = Object.fromEntries(api.endpoints().map((e) => [e.id, e]));
    assert.equal(byId['lab-gpustack'].status, 'loading', 'the stalled endpoint is still loading');
    assert.equal(byId.offline.error?.kind, 'network');
    const offlineNode = api.treeSnapshot().find((n) => n.label === 'Offline server')!;
    assert.equal(offlineNode.description, 'error: network · OpenAI-compatible');
    assert.equal(offlineNode.children[0].kind, 'error');
    assert.match(offlineNode.children[0].label, /^Unreachable: Could not reach/);
    assert.equal(offlineNode.children[0].command, Commands.editEndpoint);
    const gpustackNode = api.treeSnapshot().find((n) => n.label === 'GPUStack (lab)')!;
    assert.equal(gpustackNode.children[0].kind, 'loading');
    await viewShowsAll(['Discovering models', 'Unreachable', 'Qwen/Qwen3-8B'], true);
    await screenshot('maas-13-unreachable-and-loading', SIDEBAR);

    // Refresh cancels the stalled discovery; without the fault the endpoint loads.
    await gatewayFault(cfg, null);
    await api.refresh();
    await refreshed;
    assert.equal(api.endpoints().find((e) => e.id === 'lab-gpustack')?.status, 'ready');
    assert.equal(api.endpoints().find((e) => e.id === 'offline')?.status, 'error');
  });
});
