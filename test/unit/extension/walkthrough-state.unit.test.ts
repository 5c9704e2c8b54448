import * as assert from 'node:assert/strict';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import type { SecretName } from '../../../src/core/credentials';
import { ContextKeys } from '../../../src/extension/commands/ids';
import type { EndpointState } from '../../../src/extension/endpoints/endpoint-store';
import { credentialsSet, trackWalkthroughState, walkthroughState } from '../../../src/extension/walkthrough-state';

const parsed = parseEndpoints([
  { id: 'gp', platform: 'gpustack', baseUrl: 'https://g.example' },
  { id: 'hdr', platform: 'openai', baseUrl: 'https://h.example/v1', auth: { type: 'header', name: 'x-api-key' } },
  { id: 'open', platform: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', auth: 'none' },
  { id: 'intel', platform: 'intel-tiber', baseUrl: 'https://us-region-2-sdk-api.cloud.intel.com/v1/maas', cloudAccountId: '123456789012', auth: { type: 'oauth2', tokenUrl: 'https://auth.example/token' } },
  { id: 'oi', platform: 'oicm', baseUrl: 'https://inference.example', models: [{ id: 'm1', task: 'chat' }] },
]);
const ep = (id: string) => {
  const e = parsed.endpoints.find((x) => x.id === id);
  assert.ok(e, `${id} parsed (problems: ${JSON.stringify(parsed.problems)})`);
  return e;
};

describe('walkthrough state', () => {
  it('an endpoint has its credentials when what its auth needs is stored', () => {
    assert.equal(credentialsSet(ep('gp'), []), false);
    assert.equal(credentialsSet(ep('gp'), ['apiKey']), true);
    assert.equal(credentialsSet(ep('hdr'), ['apiKey']), true);
    assert.equal(credentialsSet(ep('open'), []), true, 'no authentication needs nothing');
    assert.equal(credentialsSet(ep('intel'), ['clientId']), false, 'an OAuth2 client id alone is not enough');
    assert.equal(credentialsSet(ep('intel'), ['clientId', 'clientSecret']), true);
    assert.equal(credentialsSet(ep('oi'), []), false);
    assert.equal(credentialsSet(ep('oi'), ['model:m1:token']), true, 'OICM: a model token is enough');
    assert.equal(credentialsSet(ep('oi'), ['apiKey']), true, 'OICM: so is the endpoint key');
  });

  it('ticks "Set its key" when any endpoint has its credentials and "See its models" when any listed a model', () => {
    const state = (endpoint: boolean, credentials: boolean, models: boolean) => ({
      [ContextKeys.walkthroughEndpoint]: endpoint, [ContextKeys.walkthroughCredentials]: credentials, [ContextKeys.walkthroughModels]: models,
    });
    assert.deepEqual(walkthroughState([]), state(false, false, false));
    assert.deepEqual(walkthroughState([{ endpoint: ep('gp'), stored: [], models: 0 }]), state(true, false, false));
    assert.deepEqual(walkthroughState([
      { endpoint: ep('gp'), stored: [], models: 0 },
      { endpoint: ep('intel'), stored: ['clientId', 'clientSecret'], models: 0 },
    ]), state(true, true, false));
    assert.deepEqual(walkthroughState([{ endpoint: ep('gp'), stored: ['apiKey'], models: 3 }]), state(true, true, true));
  });

  it('sets the keys false while no walkthrough page may show, from the state while one may, and only when a value changes', async () => {
    const ready: EndpointState = { endpoint: ep('gp'), warnings: [], status: { state: 'ready', models: [{ endpointId: 'gp', id: 'a', label: 'a', tasks: ['chat'], source: 'discovered' }] } };
    let states: EndpointState[] = [ready];
    const stored = new Map<string, SecretName[]>([['gp', ['apiKey']]]);
    let fire = () => {};
    let gateOpen = false;
    let gateChanged = () => {};
    const sets: [string, boolean][] = [];
    const flush = () => new Promise((r) => setImmediate(r)); // the reads are promise chains, done before this runs
    const tracker = trackWalkthroughState({
      list: () => states,
      onDidChange: (l) => { fire = l; return { dispose: () => { fire = () => {}; } }; },
      storedNames: async (id) => stored.get(id) ?? [],
      setContext: (key, value) => { sets.push([key, value]); return Promise.resolve(); },
      gateOpen: () => gateOpen,
      onDidChangeGate: (l) => { gateChanged = l; return { dispose: () => { gateChanged = () => {}; } }; },
    });
    const E = ContextKeys.walkthroughEndpoint, C = ContextKeys.walkthroughCredentials, M = ContextKeys.walkthroughModels;
    await flush();
    assert.deepEqual(sets.splice(0), [[E, false], [C, false], [M, false]], 'false at activation, whatever is configured');
    fire();
    await flush();
    assert.deepEqual(sets.splice(0), [], 'still false: no walkthrough page');

    gateOpen = true;
    gateChanged();
    await flush();
    assert.deepEqual(sets.splice(0), [[E, true], [C, true], [M, true]], 'a walkthrough page may show: from the state');

    stored.set('gp', []);
    fire();
    await flush();
    assert.deepEqual(sets.splice(0), [[C, false]], 'only what changed');

    states = [];
    gateOpen = false;
    gateChanged();
    await flush();
    assert.deepEqual(sets.splice(0), [[E, false], [M, false]]);
    tracker.dispose();
    fire();
    gateChanged();
    await flush();
    assert.deepEqual(sets, [], 'nothing after dispose');
  });
});
