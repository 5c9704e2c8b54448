// Stored secrets are bound to the origin they were entered for: a settings change that moves the endpoint
// elsewhere does not take the secret along; secrets of ids no entry names are found (and only offered).
import * as assert from 'node:assert/strict';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import type { Endpoint } from '../../../src/core/endpoint/schema';
import { AskedOnce, binding, expectedOrigin, orphanIds, originOf } from '../../../src/extension/origin-binding';
import { SecretCredentials, endpointIdOfKey } from '../../../src/extension/secrets';

const logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function endpoint(raw: Record<string, unknown>): Endpoint {
  const parsed = parseEndpoints([raw]);
  assert.deepEqual(parsed.problems, []);
  return parsed.endpoints[0];
}

function fakeStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  const storage = {
    get: async (k: string) => map.get(k),
    store: async (k: string, v: string) => { map.set(k, v); },
    delete: async (k: string) => { map.delete(k); },
    keys: async () => [...map.keys()],
    onDidChange: () => ({ dispose: () => undefined }),
  };
  return { map, storage };
}

describe('extension: origin binding (pure)', () => {
  it('an API key or model token is bound to the base URL\'s origin; OAuth2 client credentials to the token URL\'s', () => {
    const key = endpoint({ id: 'a', platform: 'openai', baseUrl: 'https://gw.example:8443/v1' });
    assert.equal(expectedOrigin(key, 'apiKey'), 'https://gw.example:8443');
    assert.equal(expectedOrigin(key, 'model:m:token'), 'https://gw.example:8443');
    const oauth = endpoint({ id: 'i', platform: 'intel-tiber', baseUrl: 'https://api.example/v1/maas', cloudAccountId: '1', auth: { type: 'oauth2', tokenUrl: 'https://login.example/oauth2/token' } });
    assert.equal(expectedOrigin(oauth, 'clientId'), 'https://login.example');
    assert.equal(expectedOrigin(oauth, 'clientSecret'), 'https://login.example');
    assert.equal(originOf('not a url'), undefined);
  });

  it('unbound → bind now; same origin → send; another origin → moved (from, to)', () => {
    assert.deepEqual(binding(undefined, 'https://a'), { state: 'unbound' });
    assert.deepEqual(binding('https://a', 'https://a'), { state: 'bound' });
    assert.deepEqual(binding('https://a', 'https://b'), { state: 'moved', from: 'https://a', to: 'https://b' });
    assert.deepEqual(binding('http://127.0.0.1:80', 'http://localhost:80'), { state: 'moved', from: 'http://127.0.0.1:80', to: 'http://localhost:80' });
  });

  it('orphans: ids of stored secrets that no entry names, valid or invalid', () => {
    const keys = ['maas:a:apiKey', 'maas:a:apiKey:origin', 'maas:gone:apiKey', 'maas:gone:apiKey:origin', 'maas:also-gone:model:x:token', 'other:key'];
    assert.deepEqual(orphanIds(keys, ['a'], endpointIdOfKey), ['also-gone', 'gone']);
    assert.deepEqual(orphanIds(keys, ['a', 'gone', 'also-gone'], endpointIdOfKey), []);
  });

  it('asks once per question per session (a set of ids in any order is one question)', () => {
    const asked = new AskedOnce();
    assert.equal(asked.first('orphans', 'a', 'b'), true);
    assert.equal(asked.first('orphans', 'a', 'b'), false);
    assert.equal(asked.first('orphans', 'a', 'b', 'c'), true, 'a new set is a new question');
  });
});

describe('extension: secrets bound to their origin (SecretCredentials)', () => {
  const before = endpoint({ id: 'lab', platform: 'openai', baseUrl: 'http://127.0.0.1:8000/v1' });
  const moved = endpoint({ id: 'lab', platform: 'openai', baseUrl: 'https://elsewhere.example/v1' });

  it('a secret stored before origins were kept is bound to the current origin on first load', async () => {
    const { map, storage } = fakeStorage({ 'maas:lab:apiKey': 'k' });
    const secrets = new SecretCredentials(storage, logger);
    await secrets.bindUnbound([before]);
    assert.equal(map.get('maas:lab:apiKey:origin'), 'http://127.0.0.1:8000');
    assert.deepEqual(await secrets.names('lab'), ['apiKey'], 'the origin is not a secret name');
  });

  it('after the base URL moves to another origin, the key is not handed out and counts as missing, until bound there', async () => {
    const { storage } = fakeStorage();
    const secrets = new SecretCredentials(storage, logger);
    secrets.setEndpoints([before]);
    await secrets.store('lab', 'apiKey', 'k');
    assert.equal(await secrets.get('lab', 'apiKey'), 'k');
    secrets.setEndpoints([moved]); // settings.json edited by hand
    assert.equal(await secrets.get('lab', 'apiKey'), undefined, 'not sent to the new origin');
    assert.deepEqual(await secrets.missing(moved), ['apiKey']);
    assert.deepEqual(await secrets.moved(moved), [{ name: 'apiKey', from: 'http://127.0.0.1:8000', to: 'https://elsewhere.example' }]);
    assert.equal(await secrets.peek('lab', 'apiKey'), 'k', 'still stored');
    await secrets.bind(moved, ['apiKey']); // "Use here"
    assert.equal(await secrets.get('lab', 'apiKey'), 'k');
    assert.deepEqual(await secrets.moved(moved), []);
  });

  it('a secret stored for an edit is bound to the edited origin; removing an endpoint removes the origins too', async () => {
    const { map, storage } = fakeStorage();
    const secrets = new SecretCredentials(storage, logger);
    secrets.setEndpoints([before]);
    await secrets.store('lab', 'apiKey', 'new', moved);
    assert.equal(map.get('maas:lab:apiKey:origin'), 'https://elsewhere.example');
    assert.equal(await secrets.deleteAll('lab'), 1);
    assert.deepEqual([...map.keys()], []);
  });
});
