// Enterprise networks in the host: the reference gateway listens with TLS under a private CA made at test
// time, addressed as `gateway.maas.test` — a name only the test's CONNECT proxy resolves (VS Code's own
// resolver sends localhost and 127.0.0.1 direct, so a loopback address would prove nothing). Endpoints
// with `tls` settings go through VS Code's `http.proxy` (the proxy's log shows every tunnel) for
// discovery, the OAuth2 token, chat and Test Connection; `http.noProxy` sends them direct; without
// `tls.caFile` the certificate is refused naming the cause; `insecureSkipVerify` works, with a warning
// and a mark on the endpoint.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import type { TestConnectionOutcome } from '../../src/extension/commands/connection-report';
import type { MaasTestApi } from '../../src/extension/test-api';
import { startGateway, type Gateway } from '../gateway/server';
import { KEYS } from '../gateway/config';
import { makeTestCa, TEST_HOST, type TestCa } from '../helpers/test-ca';
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy';
import { click, screenshot, text, type, waitFor } from './driver';
import { answerModal } from './maas-dialog';
import { clearNotifications, maasApi, removeAll, setCredentialsThroughUi, setEndpoints, until, viewDrawn, type RawEntry } from './maas-helpers';

const VLLM = 'meta-llama/Llama-3.1-8B-Instruct';

async function setHttp(key: 'proxy' | 'noProxy', value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('http').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('MaaS Connect: TLS with a private CA and VS Code\'s proxy settings', function () {
  this.timeout(60_000);
  let ca: TestCa;
  let gw: Gateway;
  let proxy: ConnectProxy;
  let api: MaasTestApi;
  let entries: RawEntry[];

  const pick = (id: string, tls: Record<string, unknown>): RawEntry => ({ ...entries.find((e) => e.id === id)!, tls });
  const both = (tls: Record<string, unknown>): RawEntry[] => [pick('local-vllm', tls), pick('intel-tiber', tls)];
  const status = (id: string) => api.endpoints().find((e) => e.id === id);
  const tunnels = (): string[] => [...proxy.log];
  const main = () => `${TEST_HOST}:${new URL(gw.url).port}`;
  const foreign = () => `${TEST_HOST}:${new URL(gw.foreignUrl).port}`;

  before(async () => {
    ca = makeTestCa();
    gw = await startGateway({ tls: { cert: ca.cert, key: ca.key }, hostName: TEST_HOST, chunkDelayMs: 1 });
    proxy = await startConnectProxy({ hosts: { [TEST_HOST]: '127.0.0.1' } });
    entries = gw.endpoints() as RawEntry[];
    api = await maasApi();
    await removeAll(api);
    await setHttp('proxy', proxy.url);
    await setHttp('noProxy', []);
    await setEndpoints(api, both({ caFile: ca.caFile }));
    await setCredentialsThroughUi('local-vllm', [KEYS.localVllm]);
    await setCredentialsThroughUi('intel-tiber', [KEYS.intelClientId, KEYS.intelClientSecret]);
    await api.whenIdle();
    await clearNotifications();
  });
  after(async () => {
    if (api) await removeAll(api);
    await setHttp('proxy', undefined);
    await setHttp('noProxy', undefined);
    await proxy?.close();
    await gw?.close();
    ca?.remove();
  });

  it('with tls.caFile: discovery, the OAuth2 token, chat and Test Connection all go through http.proxy', async () => {
    // (The log holds what went through since the endpoints were set: connections are kept alive and reused.)
    assert.equal(status('local-vllm')?.status, 'ready', JSON.stringify(status('local-vllm')?.error));
    assert.equal(status('intel-tiber')?.status, 'ready', JSON.stringify(status('intel-tiber')?.error));
    assert.ok(status('local-vllm')!.models.some((m) => m.id === VLLM));
    assert.ok(tunnels().includes(main()), `the proxy saw ${JSON.stringify(tunnels())}`);
    assert.ok(tunnels().includes(foreign()), `the token request went through the proxy: ${JSON.stringify(tunnels())}`);
    assert.ok(gw.requests.some((r) => r.origin === 'foreign' && r.path === '/oauth2/token'), 'a token was fetched');

    for (const id of ['local-vllm', 'intel-tiber']) {
      const model = await until(async () => (await vscode.lm.selectChatModels({ vendor: 'maas', id: `${id}/${VLLM}` }))[0], `${id}/${VLLM} in vscode.lm`);
      const before = gw.requests.length;
      const res = await model.sendRequest([vscode.LanguageModelChatMessage.User('hello through the proxy')], {}, new vscode.CancellationTokenSource().token);
      let answer = '';
      for await (const part of res.text) answer += part;
      assert.ok(answer.length > 0, `${id} answered`);
      assert.ok(gw.requests.slice(before).some((r) => r.method === 'POST' && r.origin === 'main'), `${id}'s chat reached the gateway`);
    }

    const done = vscode.commands.executeCommand<TestConnectionOutcome>(Commands.testConnection, 'local-vllm');
    const shown = await answerModal('OK', 'maas-net-01-test-connection-via-proxy');
    const outcome = await done;
    assert.ok(outcome?.ok, outcome?.message);
    assert.match(shown, new RegExp(`URL: https://${TEST_HOST.replace(/\./g, '\\.')}:\\d+/openai/v1/models`));
    await viewDrawn((d) => d.includes('Local vLLM') && d.includes('Intel Tiber') && !d.includes('Discovering'), 'both endpoints discovered');
    await screenshot('maas-net-02-endpoints-via-proxy');
  });

  it('a task goes the same way: a classification from the task panel, through http.proxy, with tls.caFile', async () => {
    const before = gw.requests.length;
    const page: [string, string] = ['iframe.webview.ready:visible', 'iframe#active-frame'];
    const pageText = (sel: string): Promise<string> => text(sel, 2000, page).catch(() => '');
    await vscode.commands.executeCommand(Commands.runTask, { kind: 'model', endpointId: 'local-vllm', modelId: 'jason9693/Qwen2.5-1.5B-apeach' });
    await until(async () => (await pageText('#task-form')).includes('Text'), 'the classification form');
    await click('#in-text', 5000, page);
    await type('I love this, it works great');
    await click('#run', 5000, page);
    await until(async () => /POSITIVE/.test(await pageText('#result')), 'the labels from the gateway behind the proxy');
    // The request reached the gateway addressed by a name only the proxy resolves (its tunnel may be one
    // an earlier request opened: connections are kept alive and reused).
    const task = gw.requests.slice(before).find((r) => r.path.endsWith('/classify'));
    assert.ok(task, 'the gateway got the classification');
    assert.match(task.headers.host ?? '', new RegExp(`^${TEST_HOST.replace(/\./g, '\\.')}:`));
    assert.ok(tunnels().includes(main()), `the proxy saw ${JSON.stringify(tunnels())}`);
    for (const group of vscode.window.tabGroups.all) for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputWebview) await vscode.window.tabGroups.close(tab);
  });

  it('http.noProxy sends a matching host direct (the proxy sees nothing), and the agent is rebuilt when it changes', async () => {
    proxy.log.length = 0;
    await setHttp('noProxy', [TEST_HOST]);
    // No refresh here: the change of setting itself rebuilds the clients and rediscovers.
    await until(() => status('local-vllm')?.status === 'error', 'local-vllm to fail once it no longer goes through the proxy');
    assert.equal(status('local-vllm')?.error?.kind, 'network', 'direct, the test host name does not resolve');
    assert.deepEqual(tunnels(), [], 'nothing went through the proxy');
    await setHttp('noProxy', []);
    await until(() => status('local-vllm')?.status === 'ready', 'local-vllm to work again through the proxy');
    assert.ok(tunnels().includes(main()));
  });

  it('a certificate of a CA the endpoint does not know is refused, naming the cause and the setting', async () => {
    // With no `tls` at all the host's fetch carries the request (VS Code's proxy and system roots): refused too.
    await setEndpoints(api, [{ ...pick('local-vllm', {}), tls: undefined }]);
    await api.whenIdle();
    assert.equal(status('local-vllm')?.status, 'error', JSON.stringify(status('local-vllm')));
    assert.equal(status('local-vllm')?.error?.kind, 'tls', JSON.stringify(status('local-vllm')?.error));
    // With a CA file of another CA: core's agent refuses it.
    const other = makeTestCa();
    try {
      await setEndpoints(api, both({ caFile: other.caFile }));
      await api.whenIdle();
      for (const id of ['local-vllm', 'intel-tiber']) {
        const s = status(id);
        assert.equal(s?.status, 'error', `${id}: ${JSON.stringify(s)}`);
        assert.equal(s?.error?.kind, 'tls', `${id}: ${JSON.stringify(s?.error)}`);
        assert.match(s.error.message, /certificate/i);
        assert.match(s.error.message, /tls\.caFile/);
      }
      await viewDrawn((d) => d.includes('certificate not trusted'), 'the certificate errors');
      await screenshot('maas-net-03-certificate-not-trusted');
    } finally {
      other.remove();
    }
  });

  for (const [what, certOf, cause] of [
    ['an expired certificate', (c: TestCa) => c.expiredCert, /expired; the server's certificate must be renewed/],  // (behind a proxy the date is not looked up)
    ['a certificate for another host name', (c: TestCa) => c.wrongHostCert, /is for .* not /],
  ] as const) {
    it(`${what} is refused even with tls.caFile, naming the cause (no CA setting fixes it)`, async () => {
      const bad = await startGateway({ tls: { cert: certOf(ca), key: ca.key }, hostName: TEST_HOST, chunkDelayMs: 1 });
      try {
        const vllm = (bad.endpoints() as RawEntry[]).find((e) => e.id === 'local-vllm')!;
        // its own id and no credential: the handshake fails before any key could matter
        await setEndpoints(api, [{ ...vllm, id: 'bad-cert', label: 'Bad certificate', auth: 'none', tls: { caFile: ca.caFile } }]);
        await api.whenIdle();
        const s = status('bad-cert');
        assert.equal(s?.status, 'error', JSON.stringify(s));
        assert.equal(s?.error?.kind, 'tls', JSON.stringify(s?.error));
        assert.match(s.error.message, cause);
        assert.doesNotMatch(s.error.message, /set tls\.caFile/i, 'no advice to set the CA file that is set');
      } finally {
        await bad.close();
        await setEndpoints(api, both({ caFile: ca.caFile }));
      }
    });
  }

  it('tls.insecureSkipVerify works without the CA: a warning once, and the endpoint is marked', async () => {
    await clearNotifications();
    await setEndpoints(api, both({ insecureSkipVerify: true }));
    await api.whenIdle();
    assert.equal(status('local-vllm')?.status, 'ready', JSON.stringify(status('local-vllm')?.error));
    assert.equal(status('intel-tiber')?.status, 'ready', JSON.stringify(status('intel-tiber')?.error));
    await viewDrawn((d) => /TLS unchecked · \d+ models/.test(d) && !/discovering/i.test(d), 'the TLS unchecked mark on the discovered endpoints');
    await vscode.commands.executeCommand('notifications.showList');
    await waitFor('.notifications-center');
    const center = await until(async () => {
      const t = await text('.notifications-center').catch(() => '');
      return /does not check TLS certificates/.test(t) ? t : undefined;
    }, 'the insecure warning');
    assert.equal(center.match(/"Local vLLM" does not check TLS certificates/g)?.length, 1, 'warned once for the endpoint');
    await screenshot('maas-net-04-insecure-warning-and-mark');
    // Loaded again this session: not warned again.
    await api.refresh();
    await vscode.commands.executeCommand('notifications.showList');
    const again = await text('.notifications-center');
    assert.equal(again.match(/"Local vLLM" does not check TLS certificates/g)?.length, 1, 'no second warning this session');
    await vscode.commands.executeCommand('notifications.hideList');
    await clearNotifications();
  });
});
