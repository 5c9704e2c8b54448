// The editor commands: Refactor Selection streams a proposal into a diff (selection ↔ proposal) and
// Accept applies it as one undoable edit; Discard, cancelling mid-stream and a changed document leave the
// file untouched; Explain Selection streams into a markdown preview beside the editor; an expired key
// shows the error with "Set API key" and "Retry"; the lightbulb and the context menu offer both.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import type { RefactorOutcome } from '../../src/extension/editor/refactor';
import type { ExplainOutcome } from '../../src/extension/editor/explain';
import { click, count, press, screenshot, text, type, waitFor, type Frames } from './driver';
import {
  answer, choose, clearNotifications, entry, gatewayConfig, gatewayFault, keyOf, maasApi, quickInput, removeAll, setCredentialsThroughUi, setEndpoints, until,
  type GatewayConfig,
} from './maas-helpers';

const CENTER = '.notifications-center';
const ITEM = `${CENTER} .notification-list-item`;
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const EDITOR_SCHEME = 'maas-editor';
/** The markdown preview shown now (a closed preview's frame may linger in the page, hidden). */
const PREVIEW: Frames = ['iframe.webview.ready:visible', 'iframe#active-frame'];

/** The preview's text, once `expect` holds for it. */
async function previewShows(expect: (shown: string) => boolean, what: string): Promise<string> {
  let shown = '';
  await until(async () => {
    shown = await text('body', 2000, PREVIEW).catch(() => '');
    return expect(shown);
  }, `the preview to show ${what} (it shows: ${JSON.stringify(shown.slice(0, 300))})`).catch(async (e) => { await screenshot('debug-editor-preview'); throw e; });
  return shown;
}

const SOURCE = [
  'export function total(items: { price: number }[]): number {',
  '  let sum = 0;',
  '  for (const item of items) {',
  '    sum += item.price;',
  '  }',
  '  return sum;',
  '}',
  '',
].join('\n');

/** Lines 2–5 of SOURCE as the proposal the gateway makes for `instruction` (dedented, then fitted back). */
const proposalFor = (instruction: string): string => [
  `  // refactored: ${instruction}`,
  '  let sum = 0;',
  '  for (const item of items) {',
  '    sum += item.price;',
  '  }',
  '',
].join('\n');

async function showNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.showList');
  await waitFor(CENTER);
}

/** Writes calc.ts in a fresh folder, opens it and selects lines 2–5 (whole lines). */
async function openSelected(content = SOURCE): Promise<vscode.TextEditor> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maas-editor-'));
  const file = path.join(dir, 'calc.ts');
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.selection = new vscode.Selection(1, 0, 5, 0);
  return editor;
}

const diffTab = (): vscode.Tab | undefined => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === EDITOR_SCHEME);

/** The text of the proposal the open diff shows. */
function proposalText(): string | undefined {
  const input = diffTab()?.input;
  const right = input instanceof vscode.TabInputTextDiff ? input.modified.toString() : undefined;
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === right)?.getText();
}

/**
 * Waits until the "proposal is ready" notification shows (with Accept and Discard). The notification
 * center is opened again while waiting: the diff editor opening takes the focus, which closes it.
 */
async function proposalReady(): Promise<string> {
  const ready = `${ITEM}:has-text("is ready")`;
  await until(async () => {
    await vscode.commands.executeCommand('notifications.showList');
    return await count(`${ready} .monaco-button:has-text("Accept")`) > 0;
  }, 'the proposal to be ready', 20_000).catch(async (e) => { await screenshot('debug-editor-not-ready'); throw e; });
  return text(ready);
}

describe('MaaS Connect: editor commands (explain, refactor)', () => {
  let cfg: GatewayConfig;
  before(async () => {
    cfg = await gatewayConfig();
    const api = await maasApi();
    await removeAll(api);
    await setEndpoints(api, [entry(cfg, 'local-vllm')]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await api.whenIdle();
    await vscode.workspace.getConfiguration('maas').update('defaultChatModel', `local-vllm/${MODEL}`, vscode.ConfigurationTarget.Global);
    await clearNotifications();
    // room for a side-by-side diff and a preview beside the editor
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  });
  afterEach(async () => {
    await gatewayFault(cfg, null);
    await clearNotifications();
    await vscode.commands.executeCommand('notifications.hideList');
    for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.uri.scheme === 'file') await d.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('maas').update('explain.target', undefined, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('maas').update('defaultChatModel', undefined, vscode.ConfigurationTarget.Global);
  });

  it('refactor: the instruction is asked, the proposal streams into a diff, Accept applies it as one edit and one undo restores the file', async () => {
    const editor = await openSelected();
    const doc = editor.document;
    let edits = 0;
    const watch = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === doc && e.contentChanges.length) edits++; });
    try {
      const running = vscode.commands.executeCommand<RefactorOutcome>(Commands.refactorSelection);
      await quickInput(/Refactor calc\.ts, lines 2–5: what should change\?/);
      await screenshot('maas-editor-00-refactor-instruction');
      await answer('use reduce');
      const notice = await proposalReady();
      assert.match(notice, /proposal for calc\.ts \(lines 2–5\) from meta-llama\/Llama-3\.1-8B-Instruct \(Local vLLM\) is ready/);
      const tab = diffTab();
      assert.ok(tab, 'a diff editor shows the proposal');
      assert.equal(tab.label, 'calc.ts (lines 2–5) ↔ MaaS proposal');
      assert.equal(proposalText(), proposalFor('use reduce'), 'the right side is the proposal, re-indented to the selection');
      await waitFor('.monaco-diff-editor');
      await waitFor('.editor-actions .action-label[aria-label*="Accept Refactor Proposal"]');
      // the diff is drawn once it has been computed for the final text: one inserted line, nothing deleted
      await until(async () => await count('.monaco-diff-editor .line-delete') === 0 && await count('.monaco-diff-editor .line-insert') > 0, 'the diff to show only the inserted line');
      await waitFor(`${ITEM}:has-text("refactoring calc.ts")`, 10_000, 'hidden');
      await screenshot('maas-editor-01-refactor-diff');
      assert.equal(edits, 0, 'nothing is applied before Accept');
      await click(`${ITEM}:has-text("is ready") .monaco-button:has-text("Accept")`);
      const outcome = await running;
      assert.equal(outcome.result, 'accepted');
      assert.equal(doc.getText(), SOURCE.replace(/^ {2}let sum[\s\S]*?\n {2}\}\n/m, proposalFor('use reduce')));
      assert.equal(edits, 1, 'one edit');
      assert.equal(diffTab(), undefined, 'the diff is closed');
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      await until(() => doc.getText() === SOURCE, 'one undo to restore the file');
    } finally {
      watch.dispose();
    }
  });

  it('refactor: the recent instruction is offered; Discard leaves the file untouched and closes the diff', async () => {
    const editor = await openSelected();
    const running = vscode.commands.executeCommand<RefactorOutcome>(Commands.refactorSelection);
    await quickInput(/use reduce[\s\S]*recent/);
    await choose('use reduce');
    await proposalReady();
    await vscode.commands.executeCommand('notifications.hideList');
    // the diff's own title bar button
    await click('.editor-actions .action-label[aria-label*="Discard Refactor Proposal"]');
    const outcome = await running;
    assert.equal(outcome.result, 'discarded');
    assert.equal(editor.document.getText(), SOURCE);
    assert.equal(editor.document.isDirty, false);
    assert.equal(diffTab(), undefined);
  });

  it('refactor: without a default model, a model is picked from those grouped by endpoint, and the star makes it the default', async () => {
    const config = vscode.workspace.getConfiguration('maas');
    await config.update('defaultChatModel', undefined, vscode.ConfigurationTarget.Global);
    try {
      await openSelected();
      const running = vscode.commands.executeCommand<RefactorOutcome>(Commands.refactorSelection, { instruction: 'use reduce' });
      const shown = await quickInput(/which model\?[\s\S]*Local vLLM[\s\S]*Llama-3\.1-8B-Instruct/);
      assert.ok(!shown.includes('bge-small'), 'only chat models are offered');
      await screenshot('maas-editor-07-refactor-model-pick');
      await type('Llama-3.1');
      await click(`.quick-input-widget .monaco-list-row:has-text("${MODEL}") .action-label.codicon-star-empty`);
      await proposalReady();
      assert.equal(vscode.workspace.getConfiguration('maas').get('defaultChatModel'), `local-vllm/${MODEL}`);
      await vscode.commands.executeCommand(Commands.discardRefactor);
      assert.equal((await running).result, 'discarded');
    } finally {
      await config.update('defaultChatModel', `local-vllm/${MODEL}`, vscode.ConfigurationTarget.Global);
    }
  });

  it('refactor: cancelling mid-stream stops it and leaves the file untouched', async () => {
    const editor = await openSelected();
    await gatewayFault(cfg, { type: 'stall', afterChunks: 14, ms: 30_000, path: '/chat/completions' });
    const running = vscode.commands.executeCommand<RefactorOutcome>(Commands.refactorSelection, { instruction: 'stall here' });
    await until(() => (proposalText() ?? '').includes('refactored: stall here'), 'part of the proposal in the diff');
    await showNotifications();
    const progress = `${ITEM}:has-text("refactoring calc.ts")`;
    await waitFor(progress);
    await screenshot('maas-editor-02-refactor-streaming');
    await click(`${progress} .monaco-button:has-text("Cancel")`);
    const outcome = await running;
    assert.equal(outcome.result, 'cancelled');
    assert.equal(editor.document.getText(), SOURCE);
    assert.equal(editor.document.isDirty, false);
    await until(() => diffTab() === undefined, 'the diff to close');
  });

  it('refactor: a document changed meanwhile is refused, and nothing is applied', async () => {
    const editor = await openSelected();
    const running = vscode.commands.executeCommand<RefactorOutcome>(Commands.refactorSelection, { instruction: 'rename sum' });
    await proposalReady();
    const meanwhile = new vscode.WorkspaceEdit();
    meanwhile.insert(editor.document.uri, new vscode.Position(0, 0), '// edited meanwhile\n');
    assert.ok(await vscode.workspace.applyEdit(meanwhile));
    const changed = editor.document.getText();
    assert.equal(await vscode.commands.executeCommand<boolean>(Commands.acceptRefactor), true);
    const outcome = await running;
    assert.equal(outcome.result, 'refused');
    assert.equal(editor.document.getText(), changed, 'the proposal was not applied');
    await showNotifications();
    await waitFor(`${ITEM}:has-text("changed while the proposal was being made, so nothing was applied")`);
  });

  it('refactor: an expired key shows the error with Set API key and Retry', async () => {
    const editor = await openSelected();
    await gatewayFault(cfg, { type: 'expired-token', path: '/chat/completions' });
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>(Commands.refactorSelection, { instruction: 'use reduce' });
    assert.equal(outcome.result, 'error');
    assert.equal(outcome.error?.kind, 'auth');
    assert.equal(editor.document.getText(), SOURCE);
    assert.equal(diffTab(), undefined, 'no diff is left open');
    await showNotifications();
    const item = `${ITEM}:has-text("Refactoring calc.ts with")`;
    await click(`${item} .codicon-notifications-expand`, 1500).catch(() => undefined);
    await waitFor(`${item} .monaco-button:has-text("Set API key")`);
    await waitFor(`${item} .monaco-button:has-text("Retry")`);
    const shown = await text(item);
    assert.match(shown, /Refactoring calc\.ts with meta-llama\/Llama-3\.1-8B-Instruct \(Local vLLM\) failed: /);
    assert.ok(!shown.includes(keyOf(cfg, 'local-vllm')), 'the key is not on screen');
    await screenshot('maas-editor-03-refactor-expired-key');
  });

  it('explain: with maas.explain.target "preview", the explanation streams into a markdown preview beside the editor', async () => {
    await vscode.workspace.getConfiguration('maas').update('explain.target', 'preview', vscode.ConfigurationTarget.Global);
    await openSelected();
    const outcome = await vscode.commands.executeCommand<ExplainOutcome>(Commands.explainSelection);
    assert.equal(outcome.result, 'done');
    assert.match(outcome.text ?? '', new RegExp(`^Hello from ${MODEL.replace(/[.]/g, '\\.')}\\. You said: Explain what this code from calc\\.ts \\(language: typescript\\)`));
    const shown = await previewShows((t) => t.includes('You said: Explain what this code') && t.includes('sum += item.price;'), 'the explanation');
    assert.match(shown, /calc\.ts, lines 2–5/);
    assert.match(shown, /Explained by meta-llama\/Llama-3\.1-8B-Instruct \(Local vLLM\)/);
    assert.ok(!shown.includes('streaming…'), 'the finished preview no longer says it is streaming');
    await screenshot('maas-editor-05-explain-preview');
  });

  it('explain: the preview updates while the answer streams, and says so when it is cancelled', async () => {
    await vscode.workspace.getConfiguration('maas').update('explain.target', 'preview', vscode.ConfigurationTarget.Global);
    await openSelected();
    await gatewayFault(cfg, { type: 'stall', afterChunks: 8, ms: 30_000, path: '/chat/completions' });
    const running = vscode.commands.executeCommand<ExplainOutcome>(Commands.explainSelection);
    const shown = await previewShows((t) => t.includes('Hello from') && t.includes('streaming…'), 'the first words while streaming');
    assert.ok(!shown.includes('sum += item.price;'), 'only what has arrived is shown');
    await showNotifications();
    const progress = `${ITEM}:has-text("explaining calc.ts")`;
    await waitFor(progress);
    await screenshot('maas-editor-04-explain-streaming');
    await click(`${progress} .monaco-button:has-text("Cancel")`);
    const outcome = await running;
    assert.equal(outcome.result, 'cancelled');
    await previewShows((t) => t.includes('cancelled: the explanation is incomplete'), 'that it was cancelled');
  });

  it('refactor: a rate limit says how long the gateway asks to wait', async () => {
    await openSelected();
    await gatewayFault(cfg, { type: 'status', status: 429, headers: { 'retry-after': '90' }, path: '/chat/completions' });
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>(Commands.refactorSelection, { instruction: 'use reduce' });
    assert.equal(outcome.result, 'error');
    assert.equal(outcome.error?.kind, 'rate_limited');
    await showNotifications();
    await waitFor(`${ITEM}:has-text("wait 90 s") .monaco-button:has-text("Retry")`);
  });

  it('offers both commands in the lightbulb on a selection, and in the editor context menu under MaaS', async () => {
    const editor = await openSelected();
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, editor.selection);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Explain with MaaS') && titles.includes('Refactor with MaaS…'), titles.join(', '));
    const none = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(1, 2, 1, 2));
    assert.ok(!none.some((a) => a.title.includes('MaaS')), 'nothing on an empty selection');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await vscode.commands.executeCommand('editor.action.quickFix');
    await waitFor('.action-widget :text("Refactor with MaaS…")');
    await screenshot('maas-editor-06-lightbulb');
    await press('Escape');
    await press('Shift+F10');
    await waitFor('.context-view .action-label:text-is("MaaS")').catch(async (e) => { await screenshot('debug-editor-context-menu'); throw e; });
    await click('.context-view .action-label:text-is("MaaS")');
    await waitFor('.context-view .action-label:text-is("Refactor Selection…")');
    await screenshot('maas-editor-08-context-menu');
    assert.ok(await count('.context-view .action-label:text-is("MaaS")') > 0);
    await press('Escape');
  });
});
