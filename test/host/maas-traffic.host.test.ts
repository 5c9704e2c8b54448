// Quota awareness and buffering proxies in the host: after answers, an endpoint's hover in the Endpoints
// view states the rate limits of the gateway's last answer (Rafay's front door sends x-ratelimit-*) and
// the tokens used this session; an endpoint whose answers arrive all at once (a server that sends the
// whole stream in one write, as a buffering proxy does) gets one warning naming the fix, once per session.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { MaasTestApi } from '../../src/extension/test-api';
import { hover, screenshot, text, waitFor } from './driver';
import { clearNotifications, entry, gatewayConfig, keyOf, maasApi, removeAll, setCredentialsThroughUi, setEndpoints, until, viewDrawn, SIDEBAR, type GatewayConfig } from './maas-helpers';

const RAFAY_MODEL = 'mistralai/Mistral-7B-Instruct-v0.2';

async function ask(modelId: string): Promise<string> {
  const model = await until(async () => (await vscode.lm.selectChatModels({ vendor: 'maas', id: modelId }))[0], `${modelId} in vscode.lm`);
  const res = await model.sendRequest([vscode.LanguageModelChatMessage.User('Tell me about lighthouses')], {}, new vscode.CancellationTokenSource().token);
  let answer = '';
  for await (const part of res.text) answer += part;
  return answer;
}

const hoverOf = (api: MaasTestApi, label: string): string => (api.treeSnapshot().find((n) => n.label === label)?.tooltip ?? '').replace(/\\/g, '');

/** An OpenAI-compatible server (no auth) that writes each answer's whole stream in one go, as behind a buffering proxy. */
async function bufferingServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const words = Array.from({ length: 24 }, (_, i) => `word${i} `);
  const server = http.createServer((req, res) => {
    if (req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'buffered-model', object: 'model' }] }));
      return;
    }
    req.resume();
    const events = words.map((w) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: w } }] })}\n\n`).join('');
    res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`${events}data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe('MaaS Connect: rate limits and usage in the hover; streams held by a buffering proxy', function () {
  this.timeout(60_000);
  let cfg: GatewayConfig;
  let api: MaasTestApi;
  let buffering: Awaited<ReturnType<typeof bufferingServer>>;

  before(async () => {
    cfg = await gatewayConfig();
    api = await maasApi();
    buffering = await bufferingServer();
    await removeAll(api);
    await setEndpoints(api, [
      entry(cfg, 'rafay-serverless'),
      { id: 'behind-proxy', label: 'Behind a buffering proxy', platform: 'openai', baseUrl: `${buffering.origin}/v1`, auth: { type: 'none' } },
    ]);
    await setCredentialsThroughUi('rafay-serverless', [keyOf(cfg, 'rafay-serverless')]);
    await api.whenIdle();
    await clearNotifications();
  });
  after(async () => {
    await removeAll(api);
    await buffering?.close();
  });

  it('the hover shows the last answer\'s rate limits and the tokens used this session', async () => {
    assert.ok((await ask(`rafay-serverless/${RAFAY_MODEL}`)).length > 0);
    assert.ok((await ask(`rafay-serverless/${RAFAY_MODEL}`)).length > 0);
    const tip = await until(() => {
      const t = hoverOf(api, 'Rafay serverless');
      return /tokens this session: .* \(2 answers\)/.test(t) ? t : undefined;
    }, 'usage of two answers in the hover').catch((e: Error) => {
      throw new Error(`${e.message}; the hover: ${hoverOf(api, 'Rafay serverless')}; log: ${api.recentLog().slice(-15).join('\n')}`);
    });
    assert.match(tip, /rate limits \(as of the last answer\): \d+ of 600 requests left, resets in 60 s; \d[\d,]* of 200,000 tokens left, resets in 6 min/);
    await viewDrawn((d) => d.includes('Rafay serverless') && !d.includes('Discovering'), 'the endpoints');
    await hover(`${SIDEBAR} .monaco-list-row[aria-label*="Rafay serverless"]`);
    await waitFor('.monaco-hover, .workbench-hover');
    const shown = await until(async () => {
      const t = await text('.monaco-hover, .workbench-hover').catch(() => '');
      return /tokens this session/.test(t) ? t : undefined;
    }, 'the hover to show the usage');
    assert.match(shown, /rate limits/);
    await screenshot('maas-traffic-01-hover-rate-limits-usage');
    await hover('[id="workbench.parts.editor"]'); // the mouse leaves the row: its hover closes
    await waitFor('.monaco-hover, .workbench-hover', 10_000, 'hidden');
  });

  it('an endpoint whose answers arrive all at once is warned about once, with the fix', async () => {
    await clearNotifications();
    assert.ok((await ask('behind-proxy/buffered-model')).includes('word23'));
    assert.ok((await ask('behind-proxy/buffered-model')).includes('word23'));
    await vscode.commands.executeCommand('notifications.showList');
    await waitFor('.notifications-center');
    const center = await until(async () => {
      const t = await text('.notifications-center').catch(() => '');
      return /arrived all at once/.test(t) ? t : undefined;
    }, 'the buffering warning');
    assert.equal(center.match(/arrived all at once/g)?.length, 1, 'said once');
    assert.match(center, /"Behind a buffering proxy"/);
    assert.match(center, /X-Accel-Buffering: no/);
    await screenshot('maas-traffic-02-buffered-stream-warning');
    await vscode.commands.executeCommand('notifications.hideList');
    await clearNotifications();
  });
});
