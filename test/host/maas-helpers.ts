// Shared by the MaaS Connect host tests: the extension's test API, the reference gateway's endpoints,
// settings writes, and driving quick inputs like a person (through test/host/driver.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MaasTestApi } from '../../src/extension/test-api';
import { envSuffix } from '../../src/core/credentials';
import { Commands } from '../../src/extension/commands/ids';
import { click, count, press, screenshot, text, type, waitFor } from './driver';

export const EXTENSION_ID = 'maas-connect.maas-connect';
export const SIDEBAR = '[id="workbench.parts.sidebar"]';
export type RawEntry = Record<string, unknown> & { id: string };

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function maasApi(): Promise<MaasTestApi> {
  const ext = vscode.extensions.getExtension<MaasTestApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api, 'activate() returned no test API: the host test runner did not put the extension in test mode');
  return api;
}

export interface GatewayConfig { url: string; endpoints: RawEntry[]; env: Record<string, string> }

export async function gatewayConfig(): Promise<GatewayConfig> {
  const url = process.env.MAAS_TEST_GATEWAY_URL;
  assert.ok(url, 'MAAS_TEST_GATEWAY_URL is unset');
  const res = await fetch(`${url}/__control/config`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { endpoints: RawEntry[]; env: Record<string, string> };
  return { url, ...body };
}

export function entry(cfg: GatewayConfig, id: string): RawEntry {
  const e = cfg.endpoints.find((x) => x.id === id);
  assert.ok(e, `the gateway has no endpoint ${id}`);
  return e;
}

/** The gateway's API key for an endpoint (what the CLI reads from MAAS_API_KEY_<E>). */
export function keyOf(cfg: GatewayConfig, id: string): string {
  const k = cfg.env[`MAAS_API_KEY_${envSuffix(id)}`];
  assert.ok(k, `no MAAS_API_KEY_${envSuffix(id)} in the gateway's env`);
  return k;
}

export async function gatewayFault(cfg: GatewayConfig, fault: object | null): Promise<void> {
  const res = await fetch(`${cfg.url}/__control/faults`, fault ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) } : { method: 'DELETE' });
  assert.ok(res.status < 300, `fault control answered ${res.status}`);
}

/** The user's `maas.endpoints` as written in settings (invalid entries included). */
export const endpointsSetting = (): Record<string, unknown>[] => vscode.workspace.getConfiguration('maas').inspect<Record<string, unknown>[]>('endpoints')?.globalValue ?? [];

/** Writes `maas.endpoints` (user settings) and waits until every endpoint's discovery has finished. */
export async function setEndpoints(api: MaasTestApi, entries: unknown[], wait = true): Promise<void> {
  await vscode.workspace.getConfiguration('maas').update('endpoints', entries, vscode.ConfigurationTarget.Global);
  if (wait) await api.refresh();
}

/** Removes every endpoint and its secrets (through the Remove command, without its confirmation). */
export async function removeAll(api: MaasTestApi): Promise<void> {
  for (const e of api.endpoints()) await vscode.commands.executeCommand(Commands.removeEndpoint, e.id, { confirm: false });
  await setEndpoints(api, []);
}

export async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Waits until the quick input shows text matching `expect` (its title with the step, its prompt or
 * validation message, its rows — not a placeholder, which is no text); returns its text.
 */
export async function quickInput(expect: RegExp, timeoutMs = 10_000): Promise<string> {
  await waitFor('.quick-input-widget', timeoutMs);
  let seen = '';
  await until(async () => {
    seen = await text('.quick-input-widget').catch(() => '');
    return expect.test(seen);
  }, `the quick input to show ${expect} (it shows: ${JSON.stringify(seen.slice(0, 300))})`, timeoutMs);
  return seen;
}

/**
 * Makes sure keystrokes go to the quick input. VS Code's tree view takes focus back after a refresh that
 * was already under way when the box opened; a person would click into the box, and so does this.
 */
async function focusQuickInput(): Promise<void> {
  try {
    await waitFor('.quick-input-widget .quick-input-box input:focus', 3000);
  } catch {
    console.log('[maas-host] the quick input has no keyboard focus; clicking into it');
    await click('.quick-input-widget .quick-input-box input');
  }
}

/** Replaces the quick input's text with `value` and presses Enter. */
export async function answer(value: string): Promise<void> {
  await focusQuickInput();
  await press('Control+A');
  if (value) await type(value);
  else await press('Backspace');
  await press('Enter');
}

/** Clicks the quick pick's row whose label is exactly `label` (not a description containing it), as a person would. */
export async function choose(label: string): Promise<void> {
  await click(`.quick-input-widget .monaco-list-row .label-name >> text=${JSON.stringify(label)}`);
}

export async function quickInputClosed(): Promise<void> {
  await waitFor('.quick-input-widget', 10_000, 'hidden');
}

/** Shows the Endpoints view in the side bar. */
export async function showEndpointsView(): Promise<void> {
  await vscode.commands.executeCommand('maas.endpoints.focus');
  await until(async () => /Endpoints/.test(await text(`${SIDEBAR} .composite.title`).catch(() => '')), 'the Endpoints view to show');
}

/** Sets an endpoint's credentials with "MaaS: Set Credentials…", typing them into its password boxes. */
export async function setCredentialsThroughUi(endpointId: string, values: string[], pickFirst?: string): Promise<void> {
  const label = (await maasApi()).endpoints().find((e) => e.id === endpointId)?.label;
  assert.ok(label, `no endpoint ${endpointId}`);
  const title = `Set Credentials: ${label}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const done = vscode.commands.executeCommand<boolean>(Commands.setCredentials, endpointId);
  // A key stored for this id but entered for another origin (an earlier test's gateway on another port or
  // scheme) is asked about first: this helper always enters a new one.
  const asking = `Set Credentials: ${label}`;
  const first = await until(async () => {
    if (await count('.monaco-dialog-box')) return 'dialog';
    return (await text('.quick-input-widget', 500).catch(() => '')).includes(asking) ? 'input' : undefined;
  }, `Set Credentials for ${endpointId} to ask`);
  if (first === 'dialog') {
    await click('.monaco-dialog-box .monaco-button:has-text("Enter a new key")');
    await waitFor('.monaco-dialog-box', 10_000, 'hidden');
  }
  if (pickFirst) {
    await quickInput(new RegExp(`${title}[\\s\\S]*Endpoint key`));
    await choose(pickFirst);
  }
  for (const [i, v] of values.entries()) {
    // the title names this endpoint (and the step), so keys are never typed into the previous box
    await quickInput(new RegExp(values.length > 1 ? `${title} \\(${i + 1}/${values.length}\\)` : `${title}[\\s\\S]*secret storage`)).catch(async (e) => {
      await screenshot(`debug-setcred-${endpointId}-${i}`);
      throw e;
    });
    await answer(v);
  }
  assert.equal(await done, true, `Set Credentials for ${endpointId} did not store anything`);
}

/** Dismisses every notification toast (so screenshots show what the test is about). */
export async function clearNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
}

/**
 * Waits until the Endpoints view has drawn text for which `expect` holds (the tree renders after the
 * extension's state changes, so a screenshot waits for the drawing, not just the state); returns it.
 */
export async function viewDrawn(expect: (drawn: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  await showEndpointsView();
  let drawn = '';
  await until(async () => {
    drawn = await text(`${SIDEBAR} .monaco-list`).catch(() => '');
    return expect(drawn);
  }, `the Endpoints view to show ${what} (it shows: ${JSON.stringify(drawn.slice(0, 400))})`, timeoutMs);
  return drawn;
}

/** Drawn, with every label present and (unless `loading`) nothing still discovering. */
export function viewShowsAll(labels: string[], loading = false): Promise<string> {
  return viewDrawn((d) => labels.every((l) => d.includes(l)) && (loading || !d.includes('Discovering models')), labels.join(', '));
}

/**
 * The text inside a webview (the runner's driver enters the iframes named by `frames`, see
 * test/host/ui/driver-server.mjs); '' until it is there.
 */
export async function webviewText(selector: string, frames = ['iframe.webview', 'iframe']): Promise<string> {
  const url = process.env.MAAS_TEST_DRIVER_URL;
  assert.ok(url, 'MAAS_TEST_DRIVER_URL is unset');
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'text', selector, frames, timeoutMs: 2000 }) });
  const reply = (await res.json()) as { ok: boolean; text?: string };
  return reply.ok ? reply.text ?? '' : '';
}

/** Closes every editor without saving: dirty documents a test typed into are reverted first (closing them would ask). */
export async function closeEditorsUnsaved(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
