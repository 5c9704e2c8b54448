import * as assert from 'node:assert/strict';
import { EnvCredentialSource, credentialValues } from '../../src/cli/env-credentials';
import { credentialVariables, hintFor } from '../../src/cli/hints';
import { parseEndpoints } from '../../src/core/endpoint/config';
import type { Endpoint } from '../../src/core/endpoint/schema';

function endpoint(raw: Record<string, unknown>): Endpoint {
  const r = parseEndpoints([raw]);
  assert.deepEqual(r.problems, []);
  return r.endpoints[0];
}

describe('cli env credentials', () => {
  const env = {
    MAAS_API_KEY_LAB_GPUSTACK: 'key-lab',
    MAAS_API_KEY: 'key-plain',
    MAAS_TOKEN_OICM_PROD_LLAMA_3_1_8B: 'tok-model',
    MAAS_CLIENT_ID_INTEL_TIBER: 'cid-intel',
    MAAS_CLIENT_SECRET_INTEL_TIBER: 'sec-intel',
    MAAS_CLIENT_ID: 'cid-plain',
    MAAS_CLIENT_SECRET: 'sec-plain',
    MAAS_API_KEY_EMPTY: '  ',
  };

  it('reads the endpoint-suffixed variable first', async () => {
    const c = new EnvCredentialSource(env, { entryCount: 3 });
    assert.equal(await c.get('lab-gpustack', 'apiKey'), 'key-lab');
    assert.deepEqual(c.usedVariables('lab-gpustack'), ['MAAS_API_KEY_LAB_GPUSTACK']);
  });

  it('uses unsuffixed variables only for a single-endpoint config or the --endpoint one', async () => {
    assert.equal(await new EnvCredentialSource(env, { entryCount: 3 }).get('other', 'apiKey'), undefined);
    assert.equal(await new EnvCredentialSource(env, { entryCount: 1 }).get('other', 'apiKey'), 'key-plain');
    assert.equal(await new EnvCredentialSource(env, { entryCount: 3, namedEndpoint: 'other' }).get('other', 'apiKey'), 'key-plain');
    assert.equal(await new EnvCredentialSource(env, { entryCount: 3, namedEndpoint: 'other' }).get('third', 'apiKey'), undefined);
  });

  it('reads per-model tokens only from MAAS_TOKEN_<E>_<M>', async () => {
    const c = new EnvCredentialSource(env, { entryCount: 1 });
    assert.equal(await c.get('oicm-prod', 'model:llama-3.1-8b:token'), 'tok-model');
    assert.equal(await c.get('oicm-prod', 'model:other:token'), undefined);
    assert.equal(c.describe('oicm-prod', 'model:llama-3.1-8b:token'), 'set the environment variable MAAS_TOKEN_OICM_PROD_LLAMA_3_1_8B');
    // a missing per-model token alone is not a missing credential: core falls back to the key
    assert.equal(c.hadMiss('oicm-prod'), false);
  });

  it('takes a client id and secret as a pair from one level', async () => {
    const c = new EnvCredentialSource(env, { entryCount: 1 });
    assert.equal(await c.get('intel-tiber', 'clientId'), 'cid-intel');
    assert.equal(await c.get('intel-tiber', 'clientSecret'), 'sec-intel');
    assert.equal(await c.get('elsewhere', 'clientId'), 'cid-plain');
    const half = new EnvCredentialSource({ MAAS_CLIENT_ID_X: 'id-only', MAAS_CLIENT_SECRET: 'plain-secret' }, { entryCount: 1 });
    assert.equal(await half.get('x', 'clientId'), 'id-only');
    assert.equal(await half.get('x', 'clientSecret'), undefined, 'never mixes a suffixed id with an unsuffixed secret');
    assert.equal(half.hadMiss('x'), true);
  });

  it('treats blank values as unset', async () => {
    const c = new EnvCredentialSource(env, { entryCount: 2 });
    assert.equal(await c.get('empty', 'apiKey'), undefined);
    assert.equal(c.hadMiss('empty'), true);
  });

  it('describes the variables to set', () => {
    assert.equal(new EnvCredentialSource({}, { entryCount: 2 }).describe('lab.x', 'apiKey'), 'set the environment variable MAAS_API_KEY_LAB_X');
    assert.equal(new EnvCredentialSource({}, { entryCount: 1 }).describe('lab', 'clientSecret'), 'set the environment variable MAAS_CLIENT_SECRET_LAB or MAAS_CLIENT_SECRET');
  });

  it('collects credential values for scrubbing, longest first, ignoring other variables', () => {
    const v = credentialValues({ ...env, PATH: '/usr/bin', MAAS_DEBUG: '1', MAAS_TOKEN_A_B: 'abc' });
    assert.ok(v.includes('key-lab') && v.includes('sec-intel') && v.includes('tok-model'));
    assert.ok(!v.includes('/usr/bin') && !v.includes('1') && !v.includes('abc'));
  });

  it('builds face hints naming the variables', async () => {
    const lab = endpoint({ id: 'lab', platform: 'gpustack', baseUrl: 'http://gs' });
    const intel = endpoint({ id: 'intel', platform: 'intel-tiber', baseUrl: 'http://i/v1', cloudAccountId: '1', auth: { type: 'oauth2', tokenUrl: 'http://t/token' } });
    const oicm = endpoint({ id: 'oi', platform: 'oicm', baseUrl: 'http://o', models: [{ id: 'm1' }] });
    const open = endpoint({ id: 'open', platform: 'openai', baseUrl: 'http://o/v1', auth: 'none' });
    const c = new EnvCredentialSource({ MAAS_API_KEY_LAB: 'secret-lab' }, { entryCount: 4, namedEndpoint: 'intel' });
    assert.equal(credentialVariables(lab, c), 'MAAS_API_KEY_LAB');
    assert.equal(credentialVariables(intel, c), 'MAAS_CLIENT_ID_INTEL and MAAS_CLIENT_SECRET_INTEL (or MAAS_CLIENT_ID and MAAS_CLIENT_SECRET)');
    assert.equal(credentialVariables(oicm, c, 'm1'), "MAAS_API_KEY_OI, or MAAS_TOKEN_OI_M1 for this model's own token");
    assert.equal(hintFor('config', lab, c), undefined, 'a config error without a missing credential gets no credential hint');
    await c.get('intel', 'clientId');
    assert.match(hintFor('config', intel, c) ?? '', /^set MAAS_CLIENT_ID_INTEL and MAAS_CLIENT_SECRET_INTEL .* to your OAuth2 client id and secret$/);
    await c.get('lab', 'apiKey');
    assert.equal(hintFor('auth', lab, c), 'the credential came from MAAS_API_KEY_LAB; set it to a valid API key');
    assert.match(hintFor('auth', open, c) ?? '', /has auth "none" but the gateway wants a credential/);
    assert.equal(hintFor('server', lab, c), undefined);
  });
});
