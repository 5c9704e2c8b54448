// Gateway models in VS Code's language model API (vendor `maas`): found by selectChatModels, streamed by
// sendRequest (text, reasoning as thinking parts, usage as a `usage` data part), a tool-call round trip
// for an OpenAI-shaped and an Anthropic-shaped endpoint, cancellation, and the chat view's model picker.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { entry, gatewayConfig, gatewayFault, keyOf, maasApi, setCredentialsThroughUi, setEndpoints, until, type GatewayConfig } from './maas-helpers';
import { click, count, press, screenshot, text, waitFor } from './driver';
import { Commands } from '../../src/extension/commands/ids';
import { PNG_1X1_B64 } from '../gateway/answers';

const VLLM_MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const GPUSTACK_MODEL = 'qwen2.5-7b-instruct';
const WEATHER: vscode.LanguageModelChatTool = {
  name: 'get_weather',
  description: 'The weather in a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] },
};

interface Recorded { method: string; path: string; body: string }

async function gatewayRequests(cfg: GatewayConfig): Promise<Recorded[]> {
  return (await (await fetch(`${cfg.url}/__control/requests`)).json()) as Recorded[];
}

async function maasModel(id: string): Promise<vscode.LanguageModelChat> {
  return until(async () => (await vscode.lm.selectChatModels({ vendor: 'maas', id }))[0], `model ${id} in vscode.lm`);
}

interface Collected { text: string; thinking: string; calls: vscode.LanguageModelToolCallPart[]; data: vscode.LanguageModelDataPart[]; other: unknown[] }

async function collect(res: vscode.LanguageModelChatResponse): Promise<Collected> {
  const out: Collected = { text: '', thinking: '', calls: [], data: [], other: [] };
  const Thinking = (vscode as unknown as Record<string, unknown>).LanguageModelThinkingPart as (new (v: string) => { value: string | string[] }) | undefined;
  for await (const part of res.stream) {
    if (part instanceof vscode.LanguageModelTextPart) out.text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) out.calls.push(part);
    else if (part instanceof vscode.LanguageModelDataPart) out.data.push(part);
    else if (Thinking && part instanceof Thinking) out.thinking += ([] as string[]).concat(part.value).join('');
    else out.other.push(part);
  }
  return out;
}

const AUX_BAR = '[id="workbench.parts.auxiliarybar"]';
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const tokenSource = (): vscode.CancellationTokenSource => new vscode.CancellationTokenSource();

describe('MaaS Connect: language model provider', function () {
  this.timeout(60_000);
  let cfg: GatewayConfig;

  before(async () => {
    const api = await maasApi();
    cfg = await gatewayConfig();
    await setEndpoints(api, [entry(cfg, 'local-vllm'), { ...entry(cfg, 'lab-gpustack'), chatApi: 'anthropic' }]);
    await setCredentialsThroughUi('local-vllm', [keyOf(cfg, 'local-vllm')]);
    await setCredentialsThroughUi('lab-gpustack', [keyOf(cfg, 'lab-gpustack')]);
    await api.whenIdle();
  });

  afterEach(async () => { await gatewayFault(cfg, null); });

  it('offers every chat model of every endpoint to vscode.lm, with its limits, and streams an answer', async () => {
    const models = await until(async () => {
      const found = await vscode.lm.selectChatModels({ vendor: 'maas' });
      return found.some((m) => m.id.startsWith('lab-gpustack/')) ? found : undefined;
    }, 'maas models of both endpoints in vscode.lm');
    assert.deepEqual(models.map((m) => m.id).sort(), [
      'lab-gpustack/mystery-model', 'lab-gpustack/qwen2.5-7b-instruct', 'lab-gpustack/qwq-32b',
      'local-vllm/Qwen/Qwen3-8B', 'local-vllm/deepseek-r1-distill', 'local-vllm/meta-llama/Llama-3.1-8B-Instruct',
    ], 'chat models only (no embedding, speech or image models)');
    const model = models.find((m) => m.id === `local-vllm/${VLLM_MODEL}`)!;
    assert.equal(model.vendor, 'maas');
    assert.equal(model.name, VLLM_MODEL);
    assert.equal(model.version, 'local-vllm');
    assert.equal(model.maxInputTokens, 8192 - 4096, 'context from max_model_len, less the room kept for the answer');
    const caps = (model as unknown as { capabilities?: { supportsToolCalling?: boolean; supportsImageToText?: boolean } }).capabilities;
    assert.deepEqual([caps?.supportsToolCalling, caps?.supportsImageToText], [true, false], 'the host reads our capabilities');
    const res = await model.sendRequest([vscode.LanguageModelChatMessage.User('ping from the host')], {}, tokenSource().token);
    let answer = '';
    for await (const t of res.text) answer += t;
    assert.equal(answer, `Hello from ${VLLM_MODEL}. You said: ping from the host`);
    assert.ok(await model.countTokens('four words of text') > 0);
  });

  it('reports usage as a `usage` data part and reasoning as thinking parts, apart from the text', async () => {
    const model = await maasModel('local-vllm/Qwen/Qwen3-8B');
    const got = await collect(await model.sendRequest([vscode.LanguageModelChatMessage.User('why is the sky blue')], {}, tokenSource().token));
    assert.equal(got.text, 'Hello from Qwen/Qwen3-8B. You said: why is the sky blue');
    assert.ok('LanguageModelThinkingPart' in vscode, 'the 1.139 host has the thinking part');
    assert.equal(got.thinking, 'Thinking about: why is the sky blue');
    const usage = got.data.filter((d) => d.mimeType === 'usage');
    assert.equal(usage.length, 1, `one usage part among ${got.data.map((d) => d.mimeType).join(', ')}`);
    const report = JSON.parse(new TextDecoder().decode(usage[0].data)) as Record<string, number>;
    assert.deepEqual(Object.keys(report).sort(), ['completion_tokens', 'prompt_tokens', 'total_tokens']);
    assert.equal(report.prompt_tokens, 5);
    assert.ok(report.completion_tokens > 0);
    assert.equal(report.total_tokens, report.prompt_tokens + report.completion_tokens);
    assert.deepEqual(got.other, []);
    // the same through the Anthropic API: a `thinking` block before the text block
    const qwq = await maasModel('lab-gpustack/qwq-32b');
    const anthropic = await collect(await qwq.sendRequest([vscode.LanguageModelChatMessage.User('why')], {}, tokenSource().token));
    assert.deepEqual([anthropic.thinking, anthropic.text], ['Thinking about: why', 'Hello from qwq-32b. You said: why']);
  });

  // core puts the text first for OpenAI and the image first for Anthropic (as Anthropic advises)
  for (const [name, ref, said] of [
    ['OpenAI', `local-vllm/${VLLM_MODEL}`, 'what is this\n[image: image/png]'],
    ['Anthropic', `lab-gpustack/${GPUSTACK_MODEL}`, '[image: image/png]\nwhat is this'],
  ] as const) {
    it(`sends a user message's images (${name} shape)`, async () => {
      const model = await maasModel(ref);
      // a real image: the workbench decodes (and may resize) images before they reach a provider
      const png = new Uint8Array(Buffer.from(PNG_1X1_B64, 'base64'));
      const message = vscode.LanguageModelChatMessage.User([new vscode.LanguageModelTextPart('what is this'), vscode.LanguageModelDataPart.image(png, 'image/png')]);
      const got = await collect(await model.sendRequest([message], {}, tokenSource().token));
      // the gateway names each image it received after the text
      assert.equal(got.text, `Hello from ${ref.slice(ref.indexOf('/') + 1)}. You said: ${said}`);
    });
  }

  for (const [name, ref, path] of [
    ['an OpenAI-shaped endpoint (vLLM)', `local-vllm/${VLLM_MODEL}`, '/openai/v1/chat/completions'],
    ['an Anthropic-shaped endpoint (GPUStack, chatApi anthropic)', `lab-gpustack/${GPUSTACK_MODEL}`, '/gpustack/v1/messages'],
  ] as const) {
    it(`makes a tool-call round trip with ${name}`, async () => {
      const model = await maasModel(ref);
      await fetch(`${cfg.url}/__control/requests`, { method: 'DELETE' });
      const question = vscode.LanguageModelChatMessage.User('Paris please');
      const options: vscode.LanguageModelChatRequestOptions = { tools: [WEATHER], toolMode: vscode.LanguageModelChatToolMode.Required };
      const first = await collect(await model.sendRequest([question], options, tokenSource().token));
      assert.equal(first.text, '');
      assert.equal(first.calls.length, 1);
      const call = first.calls[0];
      assert.equal(call.name, 'get_weather');
      assert.ok(call.callId);
      assert.deepEqual(call.input, { city: 'Paris please', days: 1 }, 'the arguments streamed in pieces are parsed into the input');

      // a tool's result as text, or (vLLM case) as a prompt-tsx tree and a text data part, read as the same text
      const content = path.endsWith('/messages') ? [new vscode.LanguageModelTextPart('Sunny, 21 °C')] : [
        new vscode.LanguageModelPromptTsxPart({ node: { type: 1, ctor: 2, ctorName: 'Result', priority: 1, children: [{ type: 2, text: 'Sunny,', priority: 1, lineBreakBefore: false }] } }),
        vscode.LanguageModelDataPart.text(' 21 °C', 'text/plain'),
        vscode.LanguageModelDataPart.image(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'image/png'),
      ];
      const result = new vscode.LanguageModelToolResultPart(call.callId, content);
      const second = await collect(await model.sendRequest([
        question,
        vscode.LanguageModelChatMessage.Assistant([call]),
        vscode.LanguageModelChatMessage.User([result]),
      ], options, tokenSource().token));
      assert.equal(second.text, 'Tool get_weather said: Sunny, 21 °C');
      assert.equal(second.calls.length, 0);

      const sent = (await gatewayRequests(cfg)).filter((r) => r.path === path).map((r) => JSON.parse(r.body) as Record<string, unknown>);
      assert.equal(sent.length, 2);
      if (path.endsWith('/messages')) {
        assert.deepEqual(sent[0].tool_choice, { type: 'any' });
        assert.deepEqual(sent[0].tools, [{ name: 'get_weather', description: 'The weather in a city', input_schema: WEATHER.inputSchema }]);
        assert.deepEqual(sent[1].messages, [
          { role: 'user', content: 'Paris please' },
          { role: 'assistant', content: [{ type: 'tool_use', id: call.callId, name: 'get_weather', input: { city: 'Paris please', days: 1 } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.callId, content: 'Sunny, 21 °C' }] },
        ]);
      } else {
        assert.equal(sent[0].tool_choice, 'required');
        assert.deepEqual(sent[0].tools, [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: WEATHER.inputSchema } }]);
        assert.deepEqual(sent[1].messages, [
          { role: 'user', content: 'Paris please' },
          { role: 'assistant', content: null, tool_calls: [{ id: call.callId, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris please","days":1}' } }] },
          { role: 'tool', content: 'Sunny, 21 °C', tool_call_id: call.callId },
        ]);
      }
    });
  }

  it('sends a System message (a role the host has at run time, not in the typings) as the system prompt', async () => {
    const system = (vscode.LanguageModelChatMessageRole as unknown as { System?: vscode.LanguageModelChatMessageRole }).System;
    assert.equal(system, 3, 'the 1.139 host has LanguageModelChatMessageRole.System');
    const model = await maasModel(`lab-gpustack/${GPUSTACK_MODEL}`);
    await fetch(`${cfg.url}/__control/requests`, { method: 'DELETE' });
    const got = await collect(await model.sendRequest([new vscode.LanguageModelChatMessage(system, 'Be brief.'), vscode.LanguageModelChatMessage.User('hi')], {}, tokenSource().token));
    assert.equal(got.text, `Hello from ${GPUSTACK_MODEL}. You said: hi`);
    const body = JSON.parse((await gatewayRequests(cfg)).find((r) => r.path.endsWith('/v1/messages'))!.body) as Record<string, unknown>;
    assert.equal(body.system, 'Be brief.');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'hi' }]);
  });

  it('passes model options (temperature, top_p, max_tokens) to the request', async () => {
    const model = await maasModel(`local-vllm/${VLLM_MODEL}`);
    await fetch(`${cfg.url}/__control/requests`, { method: 'DELETE' });
    const got = await collect(await model.sendRequest([vscode.LanguageModelChatMessage.User('one two three')], { modelOptions: { temperature: 0.1, top_p: 0.5, max_tokens: 3 } }, tokenSource().token));
    assert.equal(got.text, 'Hello from meta-llama/Llama-3.1-8B-Instruct.', 'cut at max_tokens (three pieces)');
    const body = JSON.parse((await gatewayRequests(cfg)).find((r) => r.path.endsWith('/chat/completions'))!.body) as Record<string, unknown>;
    assert.deepEqual([body.temperature, body.top_p, body.max_tokens], [0.1, 0.5, 3]);
  });

  it('sends the endpoint\'s and the model\'s extraBody and defaults from maas.endpoints (the model\'s win; the caller\'s values win over defaults)', async () => {
    const api = await maasApi();
    const vllm = entry(cfg, 'local-vllm');
    await setEndpoints(api, [{
      ...vllm,
      extraBody: { top_k: 7, chat_template_kwargs: { enable_thinking: false } },
      defaults: { temperature: 0.3, maxTokens: 64 },
      models: [{ id: VLLM_MODEL, extraBody: { top_k: 9 }, defaults: { temperature: 0.4 } }],
    }, { ...entry(cfg, 'lab-gpustack'), chatApi: 'anthropic' }]);
    try {
      const model = await maasModel(`local-vllm/${VLLM_MODEL}`);
      await fetch(`${cfg.url}/__control/requests`, { method: 'DELETE' });
      await collect(await model.sendRequest([vscode.LanguageModelChatMessage.User('options please')], { modelOptions: { max_tokens: 32 } }, tokenSource().token));
      const body = JSON.parse((await gatewayRequests(cfg)).find((r) => r.path.endsWith('/chat/completions'))!.body) as Record<string, unknown>;
      assert.equal(body.top_k, 9, 'the model\'s extraBody over the endpoint\'s');
      assert.deepEqual(body.chat_template_kwargs, { enable_thinking: false }, 'the endpoint\'s extraBody');
      assert.equal(body.temperature, 0.4, 'the model\'s default over the endpoint\'s');
      assert.equal(body.max_tokens, 32, 'the caller\'s value over the defaults');
      assert.equal(body.model, VLLM_MODEL);
    } finally {
      await setEndpoints(api, [vllm, { ...entry(cfg, 'lab-gpustack'), chatApi: 'anthropic' }]);
    }
  });

  // What the caller had read before the error stays with it. The host drops parts it has not handed out
  // yet once a response fails (its async iterable throws before yielding buffered parts), so a caller
  // that reads more slowly than the error arrives sees less: only a prefix of the answer is asserted.
  it('a server error mid-stream fails the answer with core\'s message, after the text read so far', async () => {
    const model = await maasModel(`local-vllm/${VLLM_MODEL}`);
    await gatewayFault(cfg, { type: 'midstream-error', afterChunks: 3, path: '/openai/v1/chat/completions' });
    const res = await model.sendRequest([vscode.LanguageModelChatMessage.User('doomed answer')], {}, tokenSource().token);
    let received = '';
    const failure = await (async () => {
      try {
        for await (const t of res.text) received += t;
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(`Hello from ${VLLM_MODEL}`.startsWith(received), received);
    assert.ok(failure instanceof Error, `the stream fails (got ${String(failure)})`);
    assert.match(failure.message, /EngineCore encountered an issue/);
  });

  it('cancelling mid-stream aborts the HTTP request at once', async () => {
    const api = await maasApi();
    const model = await maasModel(`local-vllm/${VLLM_MODEL}`);
    // two chunks (the role, then "Hello"), then a 60 s stall that ends only when the client goes away
    await gatewayFault(cfg, { type: 'stall', afterChunks: 2, ms: 60_000, path: '/openai/v1/chat/completions' });
    const cts = tokenSource();
    const res = await model.sendRequest([vscode.LanguageModelChatMessage.User('never finished')], {}, cts.token);
    let received = '';
    try {
      for await (const t of res.text) {
        received += t;
        cts.cancel();
      }
    } catch (e) {
      assert.ok(e instanceof Error, String(e));
    }
    assert.equal(received, 'Hello');
    // the provider's request ends (as cancelled) long before the stall would have ended on its own
    await until(() => api.recentLog().some((l) => l.includes(`lm local-vllm/${VLLM_MODEL}: ended (cancelled)`)), 'the provider to end the cancelled request');
  });

  it('declares no tool calling for Intel Tiber models (generatestream takes a prompt only) and leaves tools out of their requests', async () => {
    const api = await maasApi();
    await setEndpoints(api, [entry(cfg, 'local-vllm'), { ...entry(cfg, 'lab-gpustack'), chatApi: 'anthropic' }, entry(cfg, 'intel-tiber')]);
    try {
      await setCredentialsThroughUi('intel-tiber', [cfg.env.MAAS_CLIENT_ID_INTEL_TIBER, cfg.env.MAAS_CLIENT_SECRET_INTEL_TIBER]);
      const model = await maasModel('intel-tiber/meta-llama/Llama-3.1-8B-Instruct');
      const caps = (model as unknown as { capabilities?: { supportsToolCalling?: boolean } }).capabilities;
      assert.equal(caps?.supportsToolCalling, false);
      const vllm = (await maasModel(`local-vllm/${VLLM_MODEL}`)) as unknown as { capabilities?: { supportsToolCalling?: boolean } };
      assert.equal(vllm.capabilities?.supportsToolCalling, true);
      const got = await collect(await model.sendRequest([vscode.LanguageModelChatMessage.User('hi there')], { tools: [WEATHER] }, tokenSource().token));
      assert.match(got.text, /You said: hi there$/);
      assert.equal(got.calls.length, 0);
      assert.ok(!api.recentLog().some((l) => /ignor/i.test(l) && l.includes('tools')), 'core was not sent tools to ignore');
    } finally {
      await setEndpoints(api, [entry(cfg, 'local-vllm'), { ...entry(cfg, 'lab-gpustack'), chatApi: 'anthropic' }]);
    }
  });

  it('tells VS Code when models come and go: credentials cleared and set again, endpoints edited', async () => {
    const api = await maasApi();
    const ids = async (): Promise<string[]> => (await vscode.lm.selectChatModels({ vendor: 'maas' })).map((m) => m.id);
    const hasGpustack = async (): Promise<boolean> => (await ids()).some((id) => id.startsWith('lab-gpustack/'));
    let changes = 0;
    const sub = vscode.lm.onDidChangeChatModels(() => { changes++; });
    try {
      await vscode.commands.executeCommand(Commands.clearCredentials, 'lab-gpustack', { confirm: false });
      await until(async () => !(await hasGpustack()), 'the GPUStack models to leave vscode.lm once its key is cleared');
      assert.ok(changes > 0, 'onDidChangeChatModels fired');
      await setCredentialsThroughUi('lab-gpustack', [keyOf(cfg, 'lab-gpustack')]);
      await until(hasGpustack, 'the GPUStack models to come back once its key is set');
      await setEndpoints(api, [entry(cfg, 'local-vllm')]);
      await until(async () => !(await hasGpustack()), 'the GPUStack models to leave vscode.lm with its endpoint');
      assert.ok((await ids()).includes(`local-vllm/${VLLM_MODEL}`));
    } finally {
      sub.dispose();
      await setEndpoints(api, [entry(cfg, 'local-vllm'), { ...entry(cfg, 'lab-gpustack'), chatApi: 'anthropic' }]);
    }
    await until(hasGpustack, 'the GPUStack models back for the next test');
  });

  it('lists the models in the chat view\'s model picker', async () => {
    await maasModel(`local-vllm/${VLLM_MODEL}`);
    const chatWasShown = await count(`${AUX_BAR}:visible`) > 0;
    // a fresh chat with one of our models chosen (an earlier test's conversation would show behind the menu)
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    await vscode.commands.executeCommand('workbench.action.chat.open', { modelSelector: { vendor: 'maas', id: `local-vllm/${VLLM_MODEL}` } });
    const picker = '.interactive-input-part .model-picker-item';
    await waitFor(picker);
    await click(picker);
    await waitFor('.action-widget .monaco-list-row');
    // the picker shows the chosen model and folds the others under "Other Models"
    await click('.action-widget .monaco-list-row:has-text("Other Models")');
    await waitFor('.action-widget .monaco-list-row:has-text("qwen2.5-7b-instruct")');
    await screenshot('maas-lm-01-model-picker');
    await screenshot('maas-lm-02-model-picker-menu', '.action-widget');
    const menu = await text('.action-widget');
    await press('Escape');
    if (!chatWasShown) await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    // each model by name, with its endpoint's label beside it
    for (const [name, endpoint] of [['meta-llama/Llama-3.1-8B-Instruct', 'Local vLLM'], ['qwen2.5-7b-instruct', 'GPUStack (lab)'], ['Qwen/Qwen3-8B', 'Local vLLM']]) {
      assert.match(menu, new RegExp(`${escapeRe(name)}\\s+${escapeRe(endpoint)}`), menu);
    }
  });
});
