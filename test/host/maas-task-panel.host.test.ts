// The task panel in the real workbench: opened from the palette, from a model ("Run Task…") and from the
// editor and explorer commands; a rerank, a classification, a transcription (the gateway's own WAV), a
// speech, an embedding and an image run against the reference gateway and are read back as drawn; a
// server error shows core's message and keeps the inputs; the history survives closing the panel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/extension/commands/ids';
import { wavBytes } from '../gateway/answers';
import { KNOWN_PHRASE } from '../gateway/tasks/audio';
import { WEBVIEW, click, count, press, runCommandFromPalette, screenshot, text, type, waitFor } from './driver';
import { SIDEBAR, clearNotifications, closeEditorsUnsaved, entry, showEndpointsView, viewShowsAll, gatewayConfig, gatewayFault, keyOf, maasApi, setCredentialsThroughUi, setEndpoints, until, type GatewayConfig } from './maas-helpers';

/** The panel's page (the visible webview; a closed one's frame may linger hidden). */
const PAGE: typeof WEBVIEW = ['iframe.webview.ready:visible', 'iframe#active-frame'];

async function pageText(selector: string): Promise<string> {
  return text(selector, 2000, PAGE).catch(() => '');
}

/** Waits until the page's element shows text for which `expect` holds; photographs the page when it never does. */
async function shows(selector: string, expect: (t: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  let t = '';
  await until(async () => { t = await pageText(selector); return expect(t); }, `the task panel to show ${what} (${selector} shows ${JSON.stringify(t.slice(0, 300))})`, timeoutMs)
    .catch(async (e) => { await screenshot('debug-task-panel'); throw e; });
  return t;
}

async function closePanels(): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputWebview) await vscode.window.tabGroups.close(tab);
  }
}

describe('MaaS task panel', function () {
  this.timeout(120_000);
  let cfg: GatewayConfig;
  let wav: string;

  before(async () => {
    const api = await maasApi();
    cfg = await gatewayConfig();
    await setEndpoints(api, [entry(cfg, 'local-vllm'), entry(cfg, 'lab-gpustack'), entry(cfg, 'oicm-prod')]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await setCredentialsThroughUi('lab-gpustack', [keyOf(cfg, 'lab-gpustack')]);
    await setCredentialsThroughUi('oicm-prod', [keyOf(cfg, 'oicm-prod')], 'Endpoint key');
    await api.whenIdle();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'maas-panel-'));
    wav = path.join(folder, 'hello.wav');
    fs.writeFileSync(wav, wavBytes());
    await clearNotifications();
  });

  after(async () => {
    await gatewayFault(cfg, null);
    await closePanels();
    await closeEditorsUnsaved();
  });

  it('opens from the Command Palette with every task to pick', async () => {
    await runCommandFromPalette('MaaS: Open Task Panel');
    await waitFor('#task', 20_000, 'visible', PAGE);
    const tasks = await pageText('#task');
    for (const t of ['Rerank', 'Classification', 'Embeddings', 'Speech to text', 'Text to speech', 'Image generation']) assert.match(tasks, new RegExp(t));
    assert.equal(await count('#run', PAGE), 1);
  });

  it('reranks the selection\'s lines: a ranked list with score bars, raw scores and the original positions', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'The giant panda is a bear native to China.\nParis is the capital of France.\nPandas eat bamboo.\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 3, 0);
    await vscode.commands.executeCommand(Commands.rerankSelection);
    await shows('#task-form', (t) => t.includes('Query'), 'the rerank form');
    await click('#in-query', 5000, PAGE);
    await type('What is a giant panda?');
    await press('Control+Enter');
    await shows('#result', (t) => /input #\d/.test(t), 'the ranked documents');
    assert.equal(await count('.ranked-item', PAGE), 3);
    assert.equal(await count('.ranked-item .bar-fill', PAGE), 3);
    const first = await pageText('.ranked-item');
    assert.match(first, /panda/i);
    assert.match(await pageText('#result .caption'), /What is a giant panda\?/);
    await screenshot('task-panel-rerank');
  });

  it('classifies text typed into the form: labelled bars, best first', async () => {
    // "Run Task…" on a model in the Endpoints view: the command gets the view's node, the task is the model's
    const api = await maasApi();
    const tree = JSON.stringify(api.treeSnapshot());
    assert.match(tree, /"label":"Qwen2\.5 sentiment"[^}]*"contextValue":"maas\.model\.task"/);
    await vscode.commands.executeCommand(Commands.runTask, { kind: 'model', endpointId: 'local-vllm', modelId: 'jason9693/Qwen2.5-1.5B-apeach' });
    await shows('#task-form', (t) => t.includes('Text'), 'the classification form');
    await click('#in-text', 5000, PAGE);
    await type('I love this, it works great');
    await click('#run', 5000, PAGE);
    await shows('#result', (t) => t.includes('Result') && /\d\.\d/.test(t), 'the labels');
    assert.ok(await count('.label-row', PAGE) >= 2);
    await screenshot('task-panel-classification');
  });

  it('while core waits out a 429, counts down to the retry (Cancel would stop it), then shows the result', async () => {
    await vscode.commands.executeCommand(Commands.runTask, { kind: 'model', endpointId: 'local-vllm', modelId: 'jason9693/Qwen2.5-1.5B-apeach' });
    await shows('#task-form', (t) => t.includes('Text'), 'the classification form');
    await click('#in-text', 5000, PAGE);
    await press('Control+A');
    await type('a busy gateway still works');
    await gatewayFault(cfg, { type: 'status', status: 429, headers: { 'retry-after': '4' }, path: '/classify' });
    await click('#run', 5000, PAGE);
    await shows('#status', (t) => /The gateway is busy \(429\): trying again in \d s \(attempt 2 of 3\)/.test(t), 'the countdown');
    await screenshot('task-panel-retry-wait');
    await shows('#result', (t) => t.includes('Result') && /\d\.\d/.test(t), 'the labels after the retry');
  });

  it('transcribes an audio file from the explorer command: the text, with Copy and Insert at Cursor', async () => {
    const notes = await vscode.workspace.openTextDocument({ content: 'Notes: ' });
    const editor = await vscode.window.showTextDocument(notes);
    editor.selection = new vscode.Selection(0, 7, 0, 7);
    await vscode.commands.executeCommand(Commands.transcribeFile, vscode.Uri.file(wav));
    await shows('#task-form', (t) => t.includes('Audio file'), 'the transcription form');
    await click('#run', 5000, PAGE);
    const shown = await shows('#result .output', (t) => t.length > 0, 'the transcript');
    assert.equal(shown.trim(), KNOWN_PHRASE);
    // upload progress arrived: the multipart body (the file and its fields) was reported as sent
    assert.match(await pageText('#status'), /^Uploaded \d+(\.\d)? (B|KB)\.$/);
    await screenshot('task-panel-transcription');
    await click('#copy', 5000, PAGE);
    await shows('#status', (t) => t === 'Copied to the clipboard.', 'the copy confirmed', 10_000);
    // the editor hidden behind the panel comes back beside it, the text typed at its cursor
    await click('#insert', 5000, PAGE);
    await until(() => notes.getText() === `Notes: ${KNOWN_PHRASE}`, `the transcript inserted at the cursor (the note reads ${JSON.stringify(notes.getText())})`);
    await shows('#status', (t) => t.startsWith('Inserted into'), 'where the text went');
    await screenshot('task-panel-inserted');
    // the note (active beside the panel) goes away unsaved, so the next screenshots show the panel at full width
    await vscode.window.showTextDocument(notes);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('speaks with a voice from the model: an audio player and Save…', async () => {
    await vscode.commands.executeCommand(Commands.openTaskPanel, { task: 'speech', endpointId: 'lab-gpustack', modelId: 'cosyvoice-300m', inputs: { text: 'Hello from the task panel', voice: 'English Female' } });
    await shows('#task-form', (t) => t.includes('Voice'), 'the speech form');
    await click('#run', 5000, PAGE);
    // the player read the WAV (its length is shown once the browser decoded it: CSP let the data URL through)
    await shows('#result', (t) => /audio\/wav · \d+ B · \d+\.\d s/.test(t), 'the audio with its length');
    assert.equal(await count('audio#audio', PAGE), 1);
    assert.equal(await count('#save', PAGE), 1);
    await screenshot('task-panel-speech');
  });

  it('embeds the selection: a cosine-similarity matrix with the dimensions', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'cats purr\ndogs bark\ncats meow' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 2, 9);
    await vscode.commands.executeCommand(Commands.embedSelection);
    await shows('#task-form', (t) => t.includes('Texts'), 'the embedding form');
    await click('#run', 5000, PAGE);
    const caption = await shows('#result', (t) => /dimensions/.test(t), 'the matrix');
    assert.match(caption, /3 vectors of \d+ dimensions/);
    assert.equal(await count('.matrix tbody tr', PAGE), 3);
    await screenshot('task-panel-embedding');
  });

  it('generates an image: shown inline with Save…', async () => {
    await vscode.commands.executeCommand(Commands.openTaskPanel, { task: 'image', endpointId: 'lab-gpustack', modelId: 'sd-turbo', inputs: { prompt: 'a red panda' } });
    await shows('#task-form', (t) => t.includes('Prompt'), 'the image form');
    await click('#run', 5000, PAGE);
    await shows('#result', (t) => /image\/png · \d+ B · \d+×\d+ px/.test(t), 'the decoded image');
    assert.equal(await count('img#image', PAGE), 1);
    await screenshot('task-panel-image');
  });

  it('OICM speech builds its form from the model\'s schema (the speaker description)', async () => {
    await vscode.commands.executeCommand(Commands.openTaskPanel, { task: 'speech', endpointId: 'oicm-prod', modelId: 'a1b2-tts', inputs: { text: 'Good morning', voice: 'A calm female voice' } });
    await shows('#task-form', (t) => t.includes('Speaker Description'), 'the schema\'s speaker field');
    await click('#run', 5000, PAGE);
    await shows('#result', (t) => t.includes('audio/wav'), 'the audio');
    await screenshot('task-panel-speech-oicm');
  });

  it('translates and predicts on OICM: the translation as text, the prediction as a table with the model\'s schema', async () => {
    await vscode.commands.executeCommand(Commands.openTaskPanel, { task: 'translation', endpointId: 'oicm-prod', modelId: 'c3d4-translate', inputs: { text: 'Good Morning' } });
    await shows('#task-form', (t) => t.includes('Text'), 'the translation form');
    await click('#run', 5000, PAGE);
    assert.equal((await shows('#result .output', (t) => t.length > 0, 'the translation')).trim(), '[translated] Good Morning');
    await screenshot('task-panel-translation');
    await vscode.commands.executeCommand(Commands.openTaskPanel, { task: 'prediction', endpointId: 'oicm-prod', modelId: 'd4e5-predict', inputs: { input: '[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]' } });
    await shows('#task-form', (t) => t.includes('Input (JSON)'), 'the prediction form');
    await press('Control+Enter');
    const table = await shows('#result table', (t) => t.includes('86'), 'the prediction table');
    assert.match(table, /prediction \(float64\)/);
    await shows('#task-form', (t) => t.includes('float64 [-1, 10]'), 'the input schema under the form');
    await screenshot('task-panel-prediction');
  });

  it('Cancel (or Escape) aborts a running request and keeps the form', async () => {
    await vscode.commands.executeCommand(Commands.openTaskPanel, { task: 'rerank', endpointId: 'lab-gpustack', modelId: 'bge-reranker-v2-m3', inputs: { query: 'slow one', documents: 'a\nb' } });
    await shows('#task-form', (t) => t.includes('Query'), 'the rerank form');
    await gatewayFault(cfg, { type: 'stall', path: '/gpustack/v1/rerank', ms: 60_000, times: 1 });
    await click('#run', 5000, PAGE);
    await shows('#status', (t) => t === 'Running…', 'the run in progress');
    await screenshot('task-panel-running');
    await click('#cancel', 5000, PAGE);
    await shows('#status', (t) => t === 'Cancelled.', 'the cancellation');
    assert.equal(await count('#run:disabled', PAGE), 0);
    await gatewayFault(cfg, null);
  });

  it('opens from the Endpoints view: its title button, and Run Task… on a model with that model and task chosen', async () => {
    await closePanels();
    await showEndpointsView();
    await viewShowsAll(['Whisper large v3']);
    await click(`${SIDEBAR} .action-label[aria-label="Open Task Panel"]`);
    await waitFor('#task', 20_000, 'visible', PAGE);
    await closePanels();
    await click(`${SIDEBAR} .monaco-list-row:has(.label-name:has-text("Whisper large v3"))`);
    await press('Shift+F10');
    await waitFor('.monaco-menu .action-label:has-text("Run Task…")');
    await screenshot('task-panel-run-task-menu');
    await click('.monaco-menu .action-label:has-text("Run Task…")');
    await shows('#task-form', (t) => t.includes('Audio file'), 'the transcription form');
    assert.equal(await count('#model[title="Whisper large v3 (openai/whisper-large-v3)"]', PAGE), 1);
  });

  it('a server error shows core\'s message and keeps the inputs; the history survives closing the panel', async () => {
    await vscode.commands.executeCommand(Commands.openTaskPanel, { task: 'rerank', endpointId: 'lab-gpustack', modelId: 'bge-reranker-v2-m3', inputs: { query: 'Which one is about pandas?', documents: 'Pandas eat bamboo.\nRust is a language.' } });
    await shows('#task-form', (t) => t.includes('Query'), 'the rerank form');
    await gatewayFault(cfg, { type: 'status', status: 500, path: '/gpustack/v1/rerank', times: 1 });
    await click('#run', 5000, PAGE);
    const message = await shows('#error', (t) => t.length > 0, 'the error');
    assert.match(message, /\(500\)/);
    await screenshot('task-panel-error');
    // a rejected key: core's message with the fix (Set API key) beside it
    await gatewayFault(cfg, { type: 'status', status: 401, path: '/gpustack/v1/rerank', times: 1 });
    await click('#run', 5000, PAGE);
    await shows('#error', (t) => /\(401\)/.test(t) && t.includes('Set API key'), 'the auth error with its fix');
    await screenshot('task-panel-error-auth');
    // the same inputs, run again once the server is well: the query is still in the form
    await click('#run', 5000, PAGE);
    await shows('#result .caption', (t) => t.includes('Which one is about pandas?'), 'the result of the kept inputs');
    assert.equal(await count('#error:visible', PAGE), 0);
    assert.equal(await count('.ranked-item', PAGE), 2);
    await closePanels();
    await vscode.commands.executeCommand(Commands.openTaskPanel, { task: 'rerank' });
    await shows('#history', (t) => t.includes('History') && /ranked; best #1: Pandas eat bamboo/.test(t), 'the history');
    await click('#history-0', 5000, PAGE);
    await shows('#result .caption', (t) => t.includes('Which one is about pandas?'), 'the restored run');
    await screenshot('task-panel-history');
  });
});
