import * as assert from 'node:assert/strict';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import { askEdit, askNewKey, editItems, editTotal, valueStepOf, type EditState } from '../../../src/extension/commands/edit-endpoint-flow';
import { BACK } from '../../../src/extension/commands/prompter';
import { CANCEL, ScriptedPrompter, pick } from './scripted-prompter';

const raw = { id: 'v', platform: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', headers: { 'x-team': 'a' }, tls: { caFile: '/ca.pem' } };
const endpoint = parseEndpoints([raw]).endpoints[0];

describe('extension: Edit Endpoint flow', () => {
  it('offers the fields the platform has, with their current values', () => {
    const gp = parseEndpoints([{ id: 'g', platform: 'gpustack', baseUrl: 'https://g' }]).endpoints[0];
    assert.ok(editItems(gp).some((i) => i.value === 'chatApi'));
    assert.ok(!editItems(gp).some((i) => i.value === 'auth'));
    const items = editItems(endpoint);
    assert.equal(items.find((i) => i.value === 'baseUrl')?.description, 'http://127.0.0.1:8000/v1');
    assert.ok(items.some((i) => i.value === 'auth') && items.some((i) => i.value === 'json'));
  });

  it('changes one field and keeps the fields it does not know', async () => {
    const p = new ScriptedPrompter([pick('baseUrl'), 'http://127.0.0.1:9000/v1']);
    const out = await askEdit(p, endpoint, raw);
    assert.deepEqual(out, { kind: 'entry', changed: 'base URL', field: 'baseUrl', entry: { ...raw, baseUrl: 'http://127.0.0.1:9000/v1' } });
    assert.equal(p.asked[1].shown, 'http://127.0.0.1:8000/v1');
  });

  it('switches auth to a custom header, with Back to the field list', async () => {
    const p = new ScriptedPrompter([pick('timeout'), BACK, pick('auth'), pick('header'), 'api-key']);
    const out = await askEdit(p, endpoint, raw);
    assert.ok(out?.kind === 'entry');
    assert.deepEqual(out.entry.auth, { type: 'header', name: 'api-key' });
    assert.deepEqual(parseEndpoints([out.entry]).problems, []);
  });

  it('counts steps per field, the longest case for auth; a one-step choice shows no counter', async () => {
    assert.equal(editTotal(endpoint, 'label'), 2);
    assert.equal(editTotal(endpoint, 'auth'), 3);
    assert.equal(editTotal(endpoint, 'json'), 1);
    const p = new ScriptedPrompter([pick('auth'), pick('bearer')]);
    await askEdit(p, endpoint, raw);
    assert.deepEqual(p.asked.map((a) => a.totalSteps), [undefined, 3]);
  });

  it('a pasted /models URL is stored stripped; "Edit URL" starts again at the typed URL', async () => {
    const state: EditState = {};
    const out = await askEdit(new ScriptedPrompter([pick('baseUrl'), 'http://127.0.0.1:9000/v1/models']), endpoint, raw, state);
    assert.ok(out?.kind === 'entry');
    assert.equal(out.entry.baseUrl, 'http://127.0.0.1:9000/v1');
    assert.equal(valueStepOf(out.field), 'baseUrl');
    const again = new ScriptedPrompter(['http://127.0.0.1:9001/v1']);
    const out2 = await askEdit(again, endpoint, raw, state, 'baseUrl');
    assert.equal(again.asked[0].shown, 'http://127.0.0.1:9000/v1');
    assert.ok(out2?.kind === 'entry' && out2.entry.baseUrl === 'http://127.0.0.1:9001/v1');
  });

  it('adds a model, routes to credentials or settings.json, and cancels cleanly', async () => {
    const add = await askEdit(new ScriptedPrompter([pick('addModel'), 'extra', pick('rerank')]), endpoint, raw);
    assert.ok(add?.kind === 'entry');
    assert.deepEqual(add.entry.models, [{ id: 'extra', task: 'rerank' }]);
    assert.deepEqual(await askEdit(new ScriptedPrompter([pick('credentials')]), endpoint, raw), { kind: 'credentials' });
    assert.deepEqual(await askEdit(new ScriptedPrompter([pick('json')]), endpoint, raw), { kind: 'json' });
    assert.equal(await askEdit(new ScriptedPrompter([pick('label'), CANCEL]), endpoint, raw), undefined);
  });
});

describe('extension: Edit Endpoint "Fix key"', () => {
  it('asks the API key masked, or an OAuth2 client id in clear and its secret masked; nothing for no auth', async () => {
    const p = new ScriptedPrompter(['k2']);
    assert.deepEqual(await askNewKey(p, endpoint), [{ name: 'apiKey', value: 'k2' }]);
    assert.equal(p.asked[0].password, true);
    assert.equal(p.asked[0].totalSteps, undefined, 'one box: no step counter');
    const oauth = parseEndpoints([{ id: 'i', platform: 'intel-tiber', baseUrl: 'https://h/v1/maas', cloudAccountId: '123456789012', auth: { type: 'oauth2', tokenUrl: 'https://t/token' } }]).endpoints[0];
    const q = new ScriptedPrompter(['cid', 'sec']);
    assert.deepEqual((await askNewKey(q, oauth))?.map((s) => s.name), ['clientId', 'clientSecret']);
    assert.deepEqual(q.asked.map((a) => [a.password, a.step, a.totalSteps]), [[false, 1, 2], [true, 2, 2]]);
    const none = parseEndpoints([{ ...raw, auth: 'none' }]).endpoints[0];
    assert.equal(await askNewKey(new ScriptedPrompter([]), none), undefined);
  });
});
