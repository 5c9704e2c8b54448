// Proves the host tier itself: the extension loads in the real VS Code, the reference gateway is
// reachable from the extension host, and the UI driver can act on the workbench and photograph it.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { WEBVIEW, click, modalDialogs, press, screenshot, text, type, waitFor } from './driver';

const EXTENSION_ID = 'maas-connect.maas-connect';

describe('host smoke', () => {
  it(`finds and activates ${EXTENSION_ID}`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded (is package.json's engines.vscode above 1.139.1?)`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('reaches the reference gateway from the extension host', async () => {
    const url = process.env.MAAS_TEST_GATEWAY_URL;
    assert.ok(url, 'MAAS_TEST_GATEWAY_URL is unset');
    assert.ok(process.env.MAAS_TEST_GATEWAY_FOREIGN_URL, 'MAAS_TEST_GATEWAY_FOREIGN_URL is unset');
    const res = await fetch(`${url}/__control/config`);
    assert.strictEqual(res.status, 200);
    const config = (await res.json()) as { endpoints?: unknown[] };
    assert.ok(Array.isArray(config.endpoints) && config.endpoints.length > 0, 'the gateway lists no endpoints');
  });

  it('drives the command palette and takes a screenshot', async () => {
    await press('F1');
    await waitFor('.quick-input-widget input');
    await type('View: Toggle Panel');
    await waitFor('.quick-input-widget .monaco-list-row');
    assert.match(await text('.quick-input-widget .monaco-list-rows'), /Toggle Panel/);
    const file = await screenshot('smoke-command-palette');
    await press('Escape');
    await waitFor('.quick-input-widget', 5000, 'hidden');
    assert.ok(fs.statSync(file).size > 10_000, `${file} looks empty`);
  });

  it('reaches into a webview (for the task panel)', async () => {
    const panel = vscode.window.createWebviewPanel('maasSmoke', 'Driver smoke', vscode.ViewColumn.One, { enableScripts: true });
    try {
      const clicked = new Promise((resolve) => panel.webview.onDidReceiveMessage(resolve));
      panel.webview.html = '<!DOCTYPE html><html><body><h1 id="title">Driver smoke</h1>'
        + '<button id="go" onclick="acquireVsCodeApi().postMessage(\'clicked\')">Go</button></body></html>';
      await waitFor('#title', 15_000, 'visible', WEBVIEW);
      assert.strictEqual(await text('#title', 5000, WEBVIEW), 'Driver smoke');
      await click('#go', 5000, WEBVIEW);
      assert.strictEqual(await clicked, 'clicked');
    } finally {
      panel.dispose();
    }
  });

  it('shows modal dialogs that a test answers as a person would (or VS Code refuses them)', async () => {
    const answer = vscode.window.showWarningMessage('Driver smoke: proceed?', { modal: true }, 'Proceed');
    if (modalDialogs() === 'refused') {
      await assert.rejects(Promise.resolve(answer), /refused to show dialog/);
      return;
    }
    await waitFor('.monaco-dialog-box');
    await click('.monaco-dialog-box .monaco-button:has-text("Proceed")');
    assert.strictEqual(await answer, 'Proceed');
  });
});
