// The @maas chat participant in the real chat view: answers stream from the gateway through core, with
// history, attached files, /explain on the selection, model choice (/model through its quick pick),
// reasoning linked apart from the answer, a footer, /models, errors that keep the partial answer and
// offer their fixes, and a cancel that stops the request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { click, screenshot, text, waitFor } from './driver';
import {
  clearNotifications, entry, gatewayConfig, gatewayFault, keyOf, maasApi, quickInput, setCredentialsThroughUi, setEndpoints, until, type GatewayConfig,
} from './maas-helpers';
import type { MaasTestApi } from '../../src/extension/test-api';
import { Commands } from '../../src/extension/commands/ids';

const LAST_RESPONSE = '.interactive-item-container.interactive-response >> nth=-1';
const QWEN = 'local-vllm/Qwen/Qwen3-8B';

interface Recorded { method: string; path: string; body: string }
interface ChatBody { model: string; messages: { role: string; content: string }[] }

async function clearRequests(cfg: GatewayConfig): Promise<void> {
  await fetch(`${cfg.url}/__control/requests`, { method: 'DELETE' });
}

/** The bodies of the chat requests the gateway received since the last clearRequests. */
async function chatBodies(cfg: GatewayConfig): Promise<ChatBody[]> {
  const all = (await (await fetch(`${cfg.url}/__control/requests`)).json()) as Recorded[];
  return all.filter((r) => r.method === 'POST' && /chat\/completions/.test(r.path)).map((r) => JSON.parse(r.body) as ChatBody);
}

async function newChat(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.chat.newChat');
}

/** Sends a request to the chat view as if typed (the query names @maas). */
async function ask(query: string, extra: Record<string, unknown> = {}): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.chat.open', { query, modelSelector: { vendor: 'maas', id: QWEN }, ...extra });
}

/** Waits until the last response shows text matching `expect`; returns it. */
async function lastResponse(expect: RegExp, what: string, timeoutMs = 20_000): Promise<string> {
  let seen = '';
  await until(async () => {
    seen = await text(LAST_RESPONSE, 2000).catch(() => '');
    return expect.test(seen);
  }, `${what} (the last response shows: ${JSON.stringify(seen.slice(0, 600))})`, timeoutMs);
  return seen;
}

async function setDefaultModel(ref: string): Promise<void> {
  await vscode.workspace.getConfiguration('maas').update('defaultChatModel', ref, vscode.ConfigurationTarget.Global);
}

describe('MaaS Connect: @maas chat participant', () => {
  let cfg: GatewayConfig;
  let api: MaasTestApi;

  before(async function () {
    this.timeout(90_000);
    api = await maasApi();
    cfg = await gatewayConfig();
    // rafay-serverless gets no key: /models shows what that looks like
    await setEndpoints(api, [entry(cfg, 'local-vllm'), entry(cfg, 'lab-gpustack'), entry(cfg, 'rafay-serverless')]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await setCredentialsThroughUi('lab-gpustack', [keyOf(cfg, 'lab-gpustack')]);
    await api.whenIdle();
    await until(async () => (await vscode.lm.selectChatModels({ vendor: 'maas' })).some((m) => m.id.includes('/')), 'maas models in vscode.lm');
    await setDefaultModel(QWEN);
    await clearNotifications();
  });

  afterEach(async () => {
    await gatewayFault(cfg, null);
    await setDefaultModel(QWEN);
  });

  it('streams the answer, links the reasoning apart from it, ends with a footer, and sends the history next turn', async function () {
    this.timeout(60_000);
    await newChat();
    await clearRequests(cfg);
    await ask('@maas hello gateway');
    const shown = await lastResponse(/Hello from Qwen\/Qwen3-8B\. You said: hello gateway[\s\S]*tokens\/s/, 'the answer and its footer');
    assert.doesNotMatch(shown, /Thinking about/, 'reasoning is not part of the answer');
    assert.match(shown, /Reasoning of Qwen3-8B/, 'a link to the reasoning');
    assert.match(shown, /Qwen\/Qwen3-8B on Local vLLM · \d+ tokens in, \d+ out · first token \d/);
    await screenshot('chat-answer-reasoning-footer');
    const [first] = await chatBodies(cfg);
    assert.equal(first.model, 'Qwen/Qwen3-8B');
    assert.deepEqual(first.messages, [{ role: 'user', content: 'hello gateway' }]);

    // the reasoning opens as a read-only document beside the chat
    await click(`${LAST_RESPONSE} >> text=/Reasoning of Qwen3-8B/`);
    const doc = await until(() => vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.uri.scheme === 'maas-reasoning'), 'the reasoning document');
    assert.match(doc.getText(), /^Thinking about: hello gateway/);
    await screenshot('chat-reasoning-document');

    // a second turn sends the first one as history (the answer without its footer)
    await clearRequests(cfg);
    await ask('@maas and again');
    await lastResponse(/You said: and again[\s\S]*tokens\/s/, 'the second answer');
    const [second] = await chatBodies(cfg);
    assert.deepEqual(second.messages, [
      { role: 'user', content: 'hello gateway' },
      { role: 'assistant', content: 'Hello from Qwen/Qwen3-8B. You said: hello gateway' },
      { role: 'user', content: 'and again' },
    ]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('sends an attached file with its name, and shows it as a reference', async function () {
    this.timeout(60_000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host opens a workspace folder');
    const file = vscode.Uri.joinPath(folder.uri, 'notes-for-maas.txt');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('The launch code is PURPLE-42.\n'));
    await newChat();
    await clearRequests(cfg);
    await ask('@maas what does the file say?', { attachFiles: [file] });
    await lastResponse(/You said:[\s\S]*tokens\/s/, 'the answer');
    const [body] = await chatBodies(cfg);
    const user = body.messages.at(-1)!.content;
    assert.match(user, /notes-for-maas\.txt/);
    assert.match(user, /The launch code is PURPLE-42\./);
    assert.match(user, /what does the file say\?$/);
    await screenshot('chat-file-reference');
  });

  it('/explain sends the selection with its file name and language', async function () {
    this.timeout(60_000);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 1, 16);
    await newChat();
    await clearRequests(cfg);
    await ask('@maas /explain');
    await lastResponse(/You said:[\s\S]*tokens\/s/, 'the explanation');
    const [body] = await chatBodies(cfg);
    const user = body.messages.at(-1)!.content;
    assert.match(user, /^Explain /);
    assert.match(user, /\(python, lines 1-2\)/);
    assert.match(user, /```python\ndef add\(a, b\):\n {4}return a \+ b\n```/);

    // /refactor: the prompt is the instruction
    await vscode.window.showTextDocument(doc);
    await clearRequests(cfg);
    await ask('@maas /refactor use a lambda');
    await lastResponse(/You said:[\s\S]*tokens\/s/, 'the refactoring');
    const [refactor] = await chatBodies(cfg);
    assert.match(refactor.messages.at(-1)!.content, /^Refactor this code\. Instruction: use a lambda\n[\s\S]*```python\ndef add/);

    // the editor's Explain Selection command (its default target is the chat) asks @maas /explain
    await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(3, 0, 3, 16);
    await newChat();
    await clearRequests(cfg);
    await vscode.commands.executeCommand(Commands.explainSelection);
    await lastResponse(/You said:[\s\S]*tokens\/s/, 'the explanation asked by the Explain Selection command');
    const [fromCommand] = await chatBodies(cfg);
    assert.match(fromCommand.messages.at(-1)!.content, /```python\nprint\(add\(1, 2\)\)\n```/);

    // without a selection, it says how to make one
    await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await ask('@maas /explain');
    await lastResponse(/Select the code you mean in an editor first/, 'the hint');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('/model switches the model through a quick pick grouped by endpoint', async function () {
    this.timeout(60_000);
    await newChat();
    await ask('@maas /model');
    const shown = await quickInput(/deepseek-r1-distill/);
    assert.match(shown, /Local vLLM[\s\S]*GPUStack \(lab\)/, 'grouped by endpoint');
    assert.match(shown, /current default/);
    await screenshot('chat-model-pick');
    await click('.quick-input-widget .monaco-list-row >> text="deepseek-r1-distill"');
    await until(() => vscode.workspace.getConfiguration('maas').get('defaultChatModel') === 'local-vllm/deepseek-r1-distill', 'the setting to change');
    await lastResponse(/now answers with deepseek-r1-distill on Local vLLM/, 'the confirmation');
    await clearRequests(cfg);
    await ask('@maas think first');
    const answer = await lastResponse(/Hello from deepseek-r1-distill\. You said: think first[\s\S]*tokens\/s/, 'the answer of the new model');
    assert.doesNotMatch(answer, /Thinking about|<\/?think>/, '<think> reasoning stays out of the answer');
    assert.match(answer, /Reasoning of deepseek-r1-distill/);
    assert.equal((await chatBodies(cfg))[0].model, 'deepseek-r1-distill');
  });

  it('/models lists every endpoint with its models, and why one has none', async function () {
    this.timeout(60_000);
    await newChat();
    await ask('@maas /models');
    const shown = await lastResponse(/Rafay serverless[\s\S]*No credentials stored[\s\S]*Set API key \(Rafay serverless\)/, 'the model list and the fix for Rafay');
    await screenshot('chat-models');
    assert.match(shown, /Local vLLM[\s\S]*Qwen\/Qwen3-8B · chat, completion — default for chat/);
    assert.match(shown, /GPUStack \(lab\)[\s\S]*qwen2\.5-7b-instruct · chat/);
  });

  it('keeps the partial answer when the stream fails, and offers Retry', async function () {
    this.timeout(60_000);
    await newChat();
    await gatewayFault(cfg, { type: 'midstream-error', path: '/openai/v1/chat/completions', afterChunks: 12 });
    await ask('@maas tell me a long story');
    const shown = await lastResponse(/Retry/, 'the error and its buttons');
    await screenshot('chat-error-midstream');
    assert.match(shown, /Hello from Qwen\/Qwen3-8B\.[\s\S]*error mid-stream[\s\S]*Retry/, 'the partial answer stays, then the reason, then the button');
    assert.doesNotMatch(shown, /tokens\/s/, 'no footer on a failed answer');
  });

  it('an expired key offers "Set API key"; Retry asks again', async function () {
    this.timeout(60_000);
    await newChat();
    await gatewayFault(cfg, { type: 'expired-token', path: '/openai/v1/chat/completions' });
    await ask('@maas are you there?');
    const shown = await lastResponse(/Set API key[\s\S]*Retry|Retry[\s\S]*Set API key/, 'the error and its buttons');
    await screenshot('chat-error-buttons');
    assert.match(shown, /rejected the API key \(401\)[\s\S]*Set API key[\s\S]*Retry/, 'the reason, then its fixes');
    assert.equal(shown.split('rejected the API key').length, 2, 'the reason is shown once');
    await clearRequests(cfg);
    await click(`${LAST_RESPONSE} >> role=button[name="Retry"]`);
    await lastResponse(/You said: are you there\?[\s\S]*tokens\/s/, 'the retried answer');
  });

  it('a rate limit that core will not wait out says when to try again', async function () {
    this.timeout(60_000);
    await newChat();
    await gatewayFault(cfg, { type: 'status', status: 429, headers: { 'retry-after': '120' }, path: '/openai/v1/chat/completions' });
    await ask('@maas busy?');
    const shown = await lastResponse(/Retry/, 'the error and its button');
    assert.match(shown, /asks to wait 120 s before trying again/);
    assert.doesNotMatch(shown, /Try again in/, 'the wait is said once');
  });

  it('while core waits out a 429, says when it will try again (Stop would cancel), then answers', async function () {
    this.timeout(60_000);
    await newChat();
    await gatewayFault(cfg, { type: 'status', status: 429, headers: { 'retry-after': '4' }, path: '/openai/v1/chat/completions' });
    await ask('@maas busy now?');
    await lastResponse(/The gateway is busy \(429\): trying again in \d+ s, at \d\d:\d\d:\d\d \(attempt 2 of 3\)/, 'the retry wait');
    await screenshot('chat-retry-wait');
    await lastResponse(/You said: busy now\?[\s\S]*tokens\/s/, 'the answer after the retry');
  });

  it('shows that the model is thinking; cancelling stops the HTTP request at once and ends quietly', async function () {
    this.timeout(60_000);
    await newChat();
    await gatewayFault(cfg, { type: 'stall', path: '/openai/v1/chat/completions', afterChunks: 3, ms: 60_000 });
    const logged = api.recentLog().length;
    await ask('@maas slow answer please');
    // the stall comes while the model reasons: a progress line says so, the reasoning itself is not shown
    const thinking = await lastResponse(/Thinking…/, 'the progress line');
    await screenshot('chat-thinking');
    assert.doesNotMatch(thinking, /Thinking about/);
    await vscode.commands.executeCommand('workbench.action.chat.cancel');
    await until(() => api.recentLog().slice(logged).some((l) => /@maas: local-vllm\/Qwen\/Qwen3-8B: cancelled/.test(l)), 'the participant to end its stream (the stall lasts 60 s)', 10_000);
    const shown = await text(LAST_RESPONSE, 2000);
    assert.doesNotMatch(shown, /Retry|tokens\/s/);
    await waitFor(LAST_RESPONSE);
  });
  it('with no endpoint, @maas still answers (through the setup entry in the model picker) and offers Add Endpoint', async function () {
    this.timeout(60_000);
    await setEndpoints(api, []);
    await until(async () => (await vscode.lm.selectChatModels({ vendor: 'maas' })).map((m) => m.id).join() === 'maas-setup', 'only the setup entry in vscode.lm');
    await newChat();
    await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@maas hello', modelSelector: { vendor: 'maas', id: 'maas-setup' } });
    await lastResponse(/No MaaS endpoint is configured yet[\s\S]*Add Endpoint/, 'the set-up answer with its button');
    await screenshot('chat-no-endpoint');
    // another extension asking the setup entry is told what to do
    const [setup] = await vscode.lm.selectChatModels({ vendor: 'maas', id: 'maas-setup' });
    const res = await setup.sendRequest([vscode.LanguageModelChatMessage.User('hi')], {}, new vscode.CancellationTokenSource().token);
    let said = '';
    for await (const t of res.text) said += t;
    assert.match(said, /Add Endpoint/);
  });
});
