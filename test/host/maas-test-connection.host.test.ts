// Test Connection: the resolved URL, the auth scheme, the latency and the model count, in full in a
// dialog — never the secret, on screen or in the log; failures say what happened once and offer the
// fix; Cancel works.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import type { TestConnectionOutcome } from '../../src/extension/commands/connection-report';
import { click, screenshot, waitFor } from './driver';
import { answerModal } from './maas-dialog';
import {
  clearNotifications, entry, gatewayConfig, gatewayFault, keyOf, maasApi, removeAll, setCredentialsThroughUi, setEndpoints, until, type GatewayConfig,
} from './maas-helpers';

// Notification toasts are not drawn while extension tests run; the notification center shows them.
const CENTER = '.notifications-center';
const ITEM = `${CENTER} .notification-list-item`;

async function showNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.showList');
  await waitFor(CENTER);
}

describe('MaaS Connect: Test Connection', () => {
  let cfg: GatewayConfig;
  let key: string;
  before(async () => {
    cfg = await gatewayConfig();
    key = keyOf(cfg, 'local-vllm');
    const api = await maasApi();
    await removeAll(api);
    await setEndpoints(api, [entry(cfg, 'local-vllm')]);
    await setCredentialsThroughUi('local-vllm', [key]);
    await api.whenIdle();
    await clearNotifications();
  });
  afterEach(async () => {
    await gatewayFault(cfg, null);
    await clearNotifications();
    await vscode.commands.executeCommand('notifications.hideList');
  });

  it('shows URL, auth scheme, latency and model count in full in a dialog, without the key', async () => {
    const api = await maasApi();
    const outcome = await vscode.commands.executeCommand<TestConnectionOutcome>(Commands.testConnection, 'local-vllm');
    assert.ok(outcome.ok, outcome.message);
    const base = String(entry(cfg, 'local-vllm').baseUrl);
    assert.equal(outcome.report.url, `${base}/models`);
    assert.equal(outcome.message, `Local vLLM: connected, ${outcome.report.modelCount} models in ${outcome.report.latencyMs} ms`);
    assert.equal(outcome.detail, [
      `URL: ${base}/models`, 'Auth: Authorization: Bearer <API key>', `Latency: ${outcome.report.latencyMs} ms`, `Models: ${outcome.report.modelCount}`,
    ].join('\n'));
    assert.equal(outcome.report.modelCount, 7);
    // The whole result is on screen (a one-line toast cut it off): a modal dialog, answered with OK.
    const shown = await answerModal('OK', 'maas-08-test-connection-ok');
    for (const line of [outcome.message, `URL: ${base}/models`, 'Auth: Authorization: Bearer <API key>', 'Models: 7']) assert.ok(shown.includes(line), `the dialog shows ${JSON.stringify(line)}: ${shown}`);
    assert.ok(!shown.includes(key), 'the key is not on screen');
    assert.ok(!outcome.message.includes(key) && !outcome.detail.includes(key), 'the key is not in the result');
    assert.ok(api.recentLog().some((l) => l.includes('test connection') && l.includes(`${base}/models`)), 'the result is logged');
    assert.ok(!api.recentLog().join('\n').includes(key), 'the key is not in the log');
  });

  it('names an auth failure, offers Set Credentials, and leaks nothing', async () => {
    const api = await maasApi();
    await gatewayFault(cfg, { type: 'status', status: 401, path: '/openai/v1/models', times: 0 });
    const outcome = await vscode.commands.executeCommand<TestConnectionOutcome>(Commands.testConnection, 'local-vllm');
    assert.ok(!outcome.ok && 'kind' in outcome, outcome.message);
    assert.equal(outcome.kind, 'auth');
    assert.equal(outcome.status, 401);
    assert.equal(outcome.message, 'Local vLLM: The gateway rejected the API key (401); check or replace it', 'one plain statement, no [kind status] prefix, no repetition');
    // The view agrees with the test: the row that said "7 models" now says what the test found.
    await until(() => api.treeSnapshot()[0].description === 'key rejected (401)', 'the row to show the rejected key');
    await showNotifications();
    await waitFor(`${ITEM}:has-text("testing")`, 10_000, 'hidden');
    await click(`${ITEM}:has-text("rejected the API key") .codicon-notifications-expand`, 1500).catch(() => undefined);
    await waitFor(`${ITEM}:has-text("rejected the API key") .monaco-button:has-text("Set Credentials")`);
    await screenshot('maas-09-test-connection-auth-error');
    assert.ok(!outcome.message.includes(key) && !api.recentLog().join('\n').includes(key));
  });

  it('can be cancelled from its progress notification', async () => {
    await gatewayFault(cfg, { type: 'stall', ms: 30_000, path: '/openai/v1/models' });
    const running = vscode.commands.executeCommand<TestConnectionOutcome>(Commands.testConnection, 'local-vllm');
    await showNotifications();
    await waitFor(`${ITEM}:has-text("testing")`);
    await screenshot('maas-10-test-connection-progress');
    await click(`${ITEM}:has-text("testing") .monaco-button:has-text("Cancel")`);
    const outcome = await running;
    assert.ok(!outcome.ok && 'cancelled' in outcome, outcome.message);
  });

  it('says why an endpoint whose client cannot be built (unreadable CA file) cannot be tested, and offers its settings', async () => {
    const api = await maasApi();
    await setEndpoints(api, [{ ...entry(cfg, 'local-vllm'), tls: { caFile: '/nonexistent/maas-ca.pem' } }]);
    const outcome = await vscode.commands.executeCommand<TestConnectionOutcome>(Commands.testConnection, 'local-vllm');
    assert.ok(!outcome.ok && 'kind' in outcome, outcome.message);
    assert.equal(outcome.kind, 'config');
    assert.equal(outcome.message, 'Local vLLM: tls.caFile "/nonexistent/maas-ca.pem" cannot be read (ENOENT); give the path of a PEM file');
    await showNotifications();
    await waitFor(`${ITEM}:has-text("cannot be read") .monaco-button:has-text("Open Settings")`);
    await screenshot('maas-22-test-connection-unreadable-ca');
  });
});
