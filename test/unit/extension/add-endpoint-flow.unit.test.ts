import * as assert from 'node:assert/strict';
import { addEndpointTotal, askNewEndpoint, buildEndpoint, keyStepOf, type AddEndpointAnswers } from '../../../src/extension/commands/add-endpoint-flow';
import { BACK } from '../../../src/extension/commands/prompter';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import { INTEL_BASE_URL as INTEL_BASE, INTEL_TOKEN_URL } from '../../../src/extension/config/platform-guide';
import { CANCEL, DISCARD, KEEP_EDITING, ScriptedPrompter, pick, type Answer } from './scripted-prompter';

/** The entry must be valid for core, and hold no secret. */
function assertValid(entry: Record<string, unknown>, ...secretValues: string[]): void {
  const parsed = parseEndpoints([entry]);
  assert.deepEqual(parsed.problems, [], JSON.stringify(parsed.problems));
  const text = JSON.stringify(entry);
  for (const s of secretValues) assert.ok(!text.includes(s), `entry holds secret ${s}`);
}

describe('extension: Add Endpoint flow', () => {
  it('GPUStack asks platform, id, label, base URL, chat API and key — no auth type', async () => {
    const p = new ScriptedPrompter([pick('gpustack'), 'lab-gpustack', 'GPUStack (lab)', 'https://gpustack.lab.example', pick('openai'), 'gpustack_key']);
    const r = await askNewEndpoint(p, []);
    assert.deepEqual(p.keys(), ['platform', 'id', 'label', 'baseUrl', 'chatApi', 'apiKey']);
    assert.deepEqual(r?.entry, { id: 'lab-gpustack', label: 'GPUStack (lab)', platform: 'gpustack', baseUrl: 'https://gpustack.lab.example' });
    assert.deepEqual(r?.secrets, [{ name: 'apiKey', value: 'gpustack_key' }]);
    assert.equal(p.asked.find((a) => a.key === 'apiKey')?.password, true);
    assert.deepEqual(p.asked.map((a) => a.totalSteps), [undefined, 6, 6, 6, 6, 6], 'the step count is fixed once the platform is known');
    assert.deepEqual(p.asked.map((a) => a.step), [undefined, 2, 3, 4, 5, 6]);
    // Step 1 counts too: the picker shows the total of the highlighted platform.
    const totals = p.asked[0].totals;
    assert.equal(totals?.[(p.asked[0].items ?? []).indexOf('gpustack')], 6);
    assertValid(r.entry, 'gpustack_key');
  });

  it('OpenAI-compatible asks the auth type, and a header name for x-api-key', async () => {
    const p = new ScriptedPrompter([pick('openai'), 'my-vllm', '', 'http://127.0.0.1:8000/v1', pick('header'), 'x-api-key', 'k1']);
    const r = await askNewEndpoint(p, []);
    assert.deepEqual(p.keys(), ['platform', 'id', 'label', 'baseUrl', 'authType', 'headerName', 'apiKey']);
    assert.deepEqual(r?.entry, { id: 'my-vllm', platform: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', auth: { type: 'header', name: 'x-api-key' } });
    assertValid(r.entry, 'k1');
  });

  it('OpenAI-compatible without auth asks for no credential', async () => {
    const p = new ScriptedPrompter([pick('openai'), 'ollama', 'Ollama', 'http://localhost:11434/v1', pick('none')]);
    const r = await askNewEndpoint(p, []);
    assert.deepEqual(p.keys(), ['platform', 'id', 'label', 'baseUrl', 'authType']);
    assert.equal(r?.entry.auth, 'none');
    assert.deepEqual(r?.secrets, []);
    assertValid(r.entry);
  });

  it('the OpenAI-compatible total counts the longest auth choice, so it never changes mid-flow', async () => {
    assert.equal(addEndpointTotal([], 'openai'), 8, 'OAuth2: token URL, client id and secret');
    assert.equal(addEndpointTotal([], 'intel-tiber'), 8);
    assert.equal(addEndpointTotal([], 'openshift-ai'), 5);
    const p = new ScriptedPrompter([pick('openai'), 'v', '', 'http://h/v1', pick('none')]);
    await askNewEndpoint(p, []);
    assert.deepEqual(p.asked.map((a) => a.totalSteps), [undefined, 8, 8, 8, 8]);
    assert.equal(p.asked[0].totals?.[(p.asked[0].items ?? []).indexOf('openai')], 8);
  });

  it('a pasted chat completions URL is offered stripped, and Enter stores the stripped URL', async () => {
    const p = new ScriptedPrompter([pick('openai'), 'v', '', 'http://h:8000/v1/chat/completions', pick('none')]);
    const r = await askNewEndpoint(p, []);
    assert.equal(r?.entry.baseUrl, 'http://h:8000/v1');
    const g = await askNewEndpoint(new ScriptedPrompter([pick('gpustack'), 'g', '', 'https://g.example/v1-openai', pick('openai'), '']), []);
    assert.equal(g?.entry.baseUrl, 'https://g.example');
  });

  it('the id hint names the platform', async () => {
    const p = new ScriptedPrompter([pick('rafay'), CANCEL]);
    await askNewEndpoint(p, []);
    assert.equal(p.asked[1].placeholder, 'e.g. rafay-llama');
  });

  it('Intel Tiber prefills its base and token URLs, asks the cloud account and client credentials', async () => {
    const p = new ScriptedPrompter([pick('intel-tiber'), 'intel', '', 'https://us-region-2-sdk-api.cloud.intel.com/v1/maas', INTEL_TOKEN_URL, '123456789012', 'cid', 'csecret']);
    const r = await askNewEndpoint(p, []);
    assert.deepEqual(p.keys(), ['platform', 'id', 'label', 'baseUrl', 'tokenUrl', 'cloudAccountId', 'clientId', 'clientSecret']);
    assert.equal(p.asked[3].shown, 'https://us-region-2-sdk-api.cloud.intel.com/v1/maas');
    assert.equal(p.asked[4].shown, INTEL_TOKEN_URL);
    assert.deepEqual(r?.entry.auth, { type: 'oauth2', tokenUrl: INTEL_TOKEN_URL });
    assert.equal(r?.entry.cloudAccountId, '123456789012');
    assert.deepEqual(r?.secrets.map((s) => s.name), ['clientId', 'clientSecret']);
    assert.equal(p.asked.find((a) => a.key === 'clientId')?.password, undefined, 'a client id is not a secret: not masked');
    assert.equal(p.asked.find((a) => a.key === 'clientSecret')?.password, true);
    assertValid(r.entry, 'cid', 'csecret');
  });

  it('OICM asks the first model and its task; endpoint key optional, per-model token stored under its own name', async () => {
    const p = new ScriptedPrompter([pick('oicm'), 'oicm-prod', '', 'https://inference.oicm.example', 'mv-123', pick('classification'), '', 'tok-123']);
    const r = await askNewEndpoint(p, []);
    assert.deepEqual(p.keys(), ['platform', 'id', 'label', 'baseUrl', 'modelId', 'modelTask', 'apiKey', 'modelToken']);
    assert.deepEqual(r?.entry.models, [{ id: 'mv-123', task: 'classification' }]);
    assert.deepEqual(r?.secrets, [{ name: 'model:mv-123:token', value: 'tok-123' }]);
    assertValid(r.entry, 'tok-123');
  });

  it('every platform yields an entry core accepts', async () => {
    const scripts: Record<string, Answer[]> = {
      'openshift-ai': [pick('openshift-ai'), 'rhoai', '', 'https://maas.apps.cluster.example', 'sk-oai-x'],
      rafay: [pick('rafay'), 'rafay', '', 'https://inf.example/v2/ep-1/openai/v1', 'rk'],
    };
    for (const script of Object.values(scripts)) {
      const r = await askNewEndpoint(new ScriptedPrompter(script), []);
      assertValid(r!.entry, 'sk-oai-x', 'rk');
    }
  });

  it('Back returns to the previous step with its answer kept; Escape writes nothing', async () => {
    const p = new ScriptedPrompter([
      pick('gpustack'), 'gp1', 'First', /* baseUrl */ BACK, /* label */ BACK, /* id */ 'gp2', /* label */ 'Second',
      'https://g.example', /* chatApi */ BACK, /* baseUrl */ 'https://g.example', pick('anthropic'), /* apiKey */ CANCEL, DISCARD,
    ]);
    const r = await askNewEndpoint(p, []);
    assert.equal(r, undefined);
    assert.deepEqual(p.asked.filter((a) => a.key === 'id').map((a) => a.shown), ['gpustack', 'gp1']);
    assert.deepEqual(p.asked.filter((a) => a.key === 'label').map((a) => a.shown), ['', 'First', 'First']);
    assert.deepEqual(p.asked.filter((a) => a.key === 'baseUrl').map((a) => a.shown), ['', '', 'https://g.example']);
    assert.equal(p.asked[0].canGoBack, false);
    assert.equal(p.asked[1].canGoBack, true);
  });

  it('Back keeps text typed but not confirmed, in the step it leaves', async () => {
    const p = new ScriptedPrompter([
      pick('gpustack'), 'gp', 'Lab', /* baseUrl: typed, then Back */ { back: 'https://half' }, /* label, typed, then Back */ { back: 'Lab 2' },
      /* id */ 'gp', /* label shows the draft */ 'Lab 2', /* baseUrl shows its draft */ 'https://g.example', pick('openai'), CANCEL, DISCARD,
    ]);
    await askNewEndpoint(p, []);
    assert.deepEqual(p.asked.filter((a) => a.key === 'label').map((a) => a.shown), ['', 'Lab', 'Lab 2']);
    assert.deepEqual(p.asked.filter((a) => a.key === 'baseUrl').map((a) => a.shown), ['', 'https://half']);
  });

  it('Escape after two answers asks; "Keep editing" shows the step again with its text, "Discard" writes nothing', async () => {
    const p = new ScriptedPrompter([pick('intel-tiber'), 'intel', '', INTEL_BASE, INTEL_TOKEN_URL, '123456789012', 'cid', { escape: 'half-typed' }, KEEP_EDITING, 'csecret']);
    const r = await askNewEndpoint(p, []);
    assert.equal(p.discardQuestions.length, 1);
    assert.match(p.discardQuestions[0].message, /Discard the new endpoint/);
    assert.deepEqual(p.asked.filter((a) => a.key === 'clientSecret').map((a) => a.shown), ['', 'half-typed']);
    assert.deepEqual(r?.secrets.map((s) => s.value), ['cid', 'csecret']);
    const gone = new ScriptedPrompter([pick('gpustack'), 'g', '', CANCEL, DISCARD]);
    assert.equal(await askNewEndpoint(gone, []), undefined);
    const early = new ScriptedPrompter([pick('gpustack'), CANCEL]);
    assert.equal(await askNewEndpoint(early, []), undefined, 'Escape on step 2 just closes');
    assert.equal(early.discardQuestions.length, 0);
  });

  it('starts again at the key step with the other answers kept (after a rejected key)', async () => {
    const answers: AddEndpointAnswers = {};
    await askNewEndpoint(new ScriptedPrompter([pick('gpustack'), 'g', 'G', 'https://g.example', pick('openai'), 'wrong']), [], answers);
    assert.equal(keyStepOf([], answers), 'apiKey');
    delete answers.apiKey;
    const p = new ScriptedPrompter(['right']);
    const r = await askNewEndpoint(p, [], answers, 'apiKey');
    assert.deepEqual(p.keys(), ['apiKey']);
    assert.equal(p.asked[0].shown, '');
    assert.deepEqual(r?.secrets, [{ name: 'apiKey', value: 'right' }]);
    assert.equal(r?.entry.label, 'G');
    assert.equal(keyStepOf([], { platform: 'openai', authType: 'none' }), undefined);
    assert.equal(keyStepOf([], { platform: 'intel-tiber' }), 'clientId');
  });

  it('the id must be new and well-formed; the suggestion avoids taken ids', async () => {
    const p = new ScriptedPrompter([pick('gpustack'), CANCEL]);
    await askNewEndpoint(p, ['gpustack', 'gpustack-2']);
    assert.equal(p.asked[1].shown, 'gpustack-3');
    const dup = new ScriptedPrompter([pick('gpustack'), 'gpustack']);
    await assert.rejects(askNewEndpoint(dup, ['gpustack']), /already exists/);
    const bad = new ScriptedPrompter([pick('gpustack'), 'Lab GPU']);
    await assert.rejects(askNewEndpoint(bad, []), /lower-case/);
  });

  it('changing the platform on the way back forgets the old platform\'s answers', async () => {
    const p = new ScriptedPrompter([pick('intel-tiber'), 'intel-tiber', 'Mine', BACK, BACK, BACK, pick('gpustack'), 'gpustack', 'Mine', 'https://g.example', pick('openai'), '']);
    const r = await askNewEndpoint(p, []);
    assert.equal(p.asked.filter((a) => a.key === 'id').at(-1)?.shown, 'gpustack', 'the old platform\'s id suggestion is replaced');
    assert.equal(p.asked.filter((a) => a.key === 'label').at(-1)?.shown, 'Mine', 'the label is kept');
    assert.deepEqual(r?.entry, { id: 'gpustack', label: 'Mine', platform: 'gpustack', baseUrl: 'https://g.example' });
    assert.deepEqual(r?.secrets, []);
  });

  it('buildEndpoint refuses incomplete answers', () => {
    assert.throws(() => buildEndpoint({ platform: 'gpustack' }), /incomplete/);
  });
});
