/** The endpoint contract (docs/endpoints.md): parseEndpoints messages, defaults, reserved headers, platform rules. */
import * as assert from 'node:assert/strict';
import { parseEndpoints } from '../../src/core/endpoint/config';
import { PLATFORMS } from '../../src/core/endpoint/schema';
import { TASKS } from '../../src/core/tasks';

const base = { id: 'lab', platform: 'openai', baseUrl: 'http://h:8000/v1' };
const one = (over: Record<string, unknown>) => parseEndpoints([{ ...base, ...over }]);

function onlyProblem(over: Record<string, unknown>): { field: string; message: string } {
  const r = one(over);
  assert.equal(r.endpoints.length, 0, `expected the entry to be refused: ${JSON.stringify(over)}`);
  assert.equal(r.problems.length, 1, `one problem for ${JSON.stringify(over)}: ${JSON.stringify(r.problems)}`);
  return r.problems[0];
}

describe('core config (parseEndpoints)', () => {
  it('the message names the entry, the field, the rejected value and what is allowed', () => {
    const p = onlyProblem({ platform: 'foo' });
    assert.equal(p.field, 'platform');
    assert.equal(p.message, `endpoint "lab": platform "foo" is not one of ${PLATFORMS.join(', ')}`);
    assert.ok(p.message.startsWith('endpoint "lab": platform "foo" is not one of openai, openshift-ai, '));
  });

  describe('each refused field says what is wrong and what is allowed', () => {
    const cases: { name: string; over: Record<string, unknown>; field: string; has: string[] }[] = [
      { name: 'id pattern', over: { id: 'Lab_X' }, field: 'id', has: ['"Lab_X"', '[a-z0-9][a-z0-9-]*'] },
      { name: 'missing baseUrl', over: { baseUrl: undefined }, field: 'baseUrl', has: ['baseUrl', 'required'] },
      { name: 'baseUrl scheme', over: { baseUrl: 'ftp://x' }, field: 'baseUrl', has: ['"ftp://x"', 'http'] },
      { name: 'baseUrl query', over: { baseUrl: 'https://h/v1?x=1' }, field: 'baseUrl', has: ['"https://h/v1?[redacted]"', 'query'] },
      { name: 'baseUrl fragment', over: { baseUrl: 'https://h/v1#frag' }, field: 'baseUrl', has: ['fragment'] },
      { name: 'timeoutSeconds low', over: { timeoutSeconds: 0 }, field: 'timeoutSeconds', has: ['timeoutSeconds', '0', '1'] },
      { name: 'timeoutSeconds high', over: { timeoutSeconds: 3601 }, field: 'timeoutSeconds', has: ['3601', '3600'] },
      { name: 'timeoutSeconds type', over: { timeoutSeconds: '10' }, field: 'timeoutSeconds', has: ['"10"', 'number'] },
      { name: 'auth object type', over: { auth: { type: 'basic' } }, field: 'auth.type', has: ['bearer', 'header', 'oauth2', 'none'] },
      { name: 'auth shorthand string', over: { auth: 'basic' }, field: 'auth', has: ['"bearer"', '"none"', 'oauth2'] },
      { name: 'oauth2 without tokenUrl', over: { auth: { type: 'oauth2' } }, field: 'auth.tokenUrl', has: ['tokenUrl', 'required'] },
      { name: 'chatApi', over: { chatApi: 'x' }, field: 'chatApi', has: ['"x"', 'openai, anthropic'] },
      { name: 'cloudAccountId', over: { cloudAccountId: 'abc' }, field: 'cloudAccountId', has: ['"abc"', 'digits'] },
      { name: 'allowedOrigins with a path', over: { allowedOrigins: ['https://x/path'] }, field: 'allowedOrigins.0', has: ['"https://x/path"', 'origin'] },
      { name: 'model api', over: { models: [{ id: 'm', api: 'grpc' }] }, field: 'models.0.api', has: ['"grpc"', 'openai, oiserve, tei, raybundle'] },
      { name: 'model task (single)', over: { models: [{ id: 'm', task: 'chatt' }] }, field: 'models.0.task', has: ['"chatt"', TASKS.join(', ')] },
      { name: 'model task (in a list)', over: { models: [{ id: 'm', task: ['chat', 'bogus'] }] }, field: 'models.0.task', has: ['"bogus"', TASKS.join(', ')] },
      { name: 'header value type', over: { headers: { 'x-team': 1 } }, field: 'headers.x-team', has: ['headers.x-team', 'string'] },
      { name: 'unknown field', over: { extra: 1 }, field: 'extra', has: ['"extra"'] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const p = onlyProblem(c.over);
        const id = typeof c.over.id === 'string' ? c.over.id : 'lab';
        assert.ok(p.message.startsWith(`endpoint "${id}": `), p.message);
        assert.equal(p.field, c.field, p.message);
        for (const h of c.has) assert.ok(p.message.includes(h), `${JSON.stringify(p.message)} should mention ${JSON.stringify(h)}`);
      });
    }
  });

  it('an entry without a usable id is named by its position', () => {
    const r = parseEndpoints([base, { platform: 'openai', baseUrl: 'http://h/v1' }]);
    assert.equal(r.endpoints.length, 1);
    assert.ok(r.problems[0].message.startsWith('endpoint #2: '), r.problems[0].message);
    assert.equal(r.problems[0].index, 1);
  });

  it('a bad entry does not stop the others', () => {
    const r = parseEndpoints([
      { id: 'a', platform: 'openai', baseUrl: 'http://a/v1' },
      { id: 'b', platform: 'nope', baseUrl: 'http://b/v1' },
      'not an object',
      { id: 'c', platform: 'gpustack', baseUrl: 'http://c' },
    ]);
    assert.deepEqual(r.endpoints.map((e) => e.id), ['a', 'c']);
    assert.equal(r.problems.length, 2);
    assert.deepEqual(r.problems.map((p) => p.index), [1, 2]);
  });

  it('duplicate ids: the first is kept, the second refused', () => {
    const r = parseEndpoints([base, { ...base, baseUrl: 'http://other/v1' }]);
    assert.equal(r.endpoints.length, 1);
    assert.equal(r.endpoints[0].baseUrl, 'http://h:8000/v1');
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].field, 'id');
    assert.match(r.problems[0].message, /^endpoint "lab": .*"lab".*unique/);
  });

  it('a non-list is one problem; undefined/null is an empty config', () => {
    assert.equal(parseEndpoints({ endpoints: [] }).problems.length, 1);
    assert.deepEqual(parseEndpoints(undefined), { endpoints: [], problems: [], warnings: [] });
    assert.deepEqual(parseEndpoints(null), { endpoints: [], problems: [], warnings: [] });
  });

  describe('reserved headers are refused, case-insensitively', () => {
    const names = ['Authorization', 'authorization', 'AUTHORIZATION', 'Proxy-Authorization', 'Cookie', 'Host', 'Content-Length',
      'Transfer-Encoding', 'Connection', 'OICM-Request-Timeout', 'oicm-request-timeout'];
    for (const name of names) {
      it(name, () => {
        const p = onlyProblem({ headers: { [name]: 'x' } });
        assert.equal(p.field, 'headers');
        assert.ok(p.message.includes(`"${name}"`), p.message);
      });
    }
    it('the auth.name header (any case)', () => {
      for (const name of ['x-api-key', 'X-API-Key']) {
        const p = onlyProblem({ auth: { type: 'header', name: 'X-Api-Key' }, headers: { [name]: 'k' } });
        assert.equal(p.field, 'headers');
        assert.ok(p.message.includes(name));
      }
    });
    it('ordinary headers are accepted', () => {
      const r = one({ headers: { 'X-Team': 'ml', 'anthropic-beta': 'x' } });
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.endpoints[0].headers, { 'X-Team': 'ml', 'anthropic-beta': 'x' });
    });
  });

  it('auth shorthand "bearer" and "none"', () => {
    assert.deepEqual(one({ auth: 'bearer' }).endpoints[0].auth, { type: 'bearer' });
    assert.deepEqual(one({ auth: 'none' }).endpoints[0].auth, { type: 'none' });
    assert.deepEqual(one({ auth: { type: 'header', name: 'x-api-key' } }).endpoints[0].auth, { type: 'header', name: 'x-api-key' });
  });

  it('defaults are applied', () => {
    const r = one({ models: [{ id: 'm1' }, { id: 'm2', task: ['embedding', 'embedding', 'rerank'], label: 'M2' }] });
    assert.deepEqual(r.problems, []);
    const e = r.endpoints[0];
    assert.equal(e.label, 'lab');
    assert.deepEqual(e.auth, { type: 'bearer' });
    assert.deepEqual(e.headers, {});
    assert.equal(e.chatApi, 'openai');
    assert.equal(e.timeoutSeconds, 120);
    assert.equal(e.requestTimeoutSeconds, 600);
    assert.deepEqual(e.allowedOrigins, []);
    assert.equal(e.tls, undefined);
    assert.deepEqual(e.models[0], { id: 'm1', tasks: ['chat', 'completion'], label: 'm1' }, 'an openai model without a task: inferred from its id');
    assert.deepEqual(e.models[1].tasks, ['embedding', 'rerank']);
    assert.equal(e.models[1].label, 'M2');
    assert.deepEqual(parseEndpoints([base]).endpoints[0].models, []);
  });

  it('allowedOrigins are normalised origins (a trailing slash is tolerated)', () => {
    const e = one({ allowedOrigins: ['https://other.example', 'http://127.0.0.1:9000/'] }).endpoints[0];
    assert.deepEqual(e.allowedOrigins, ['https://other.example', 'http://127.0.0.1:9000']);
  });

  it('an origin spelled with upper-case letters or its default port is still an origin (scheme://host[:port])', () => {
    const r = one({ allowedOrigins: ['HTTPS://Other.Example:443'] });
    assert.deepEqual(r.problems, [], JSON.stringify(r.problems));
    assert.deepEqual(r.endpoints[0].allowedOrigins, ['https://other.example']);
  });

  it('oicm requires models', () => {
    const p = parseEndpoints([{ id: 'oi', platform: 'oicm', baseUrl: 'https://inference.oicm' }]).problems[0];
    assert.equal(p.field, 'models');
    assert.match(p.message, /^endpoint "oi": models is required/);
    assert.equal(parseEndpoints([{ id: 'oi', platform: 'oicm', baseUrl: 'https://inference.oicm', models: [] }]).problems[0].field, 'models');
    const ok = parseEndpoints([{ id: 'oi', platform: 'oicm', baseUrl: 'https://inference.oicm', models: [{ id: 'uuid-1', task: 'chat' }], requestTimeoutSeconds: 300 }]);
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.endpoints[0].requestTimeoutSeconds, 300);
  });

  it('intel-tiber requires oauth2 and cloudAccountId', () => {
    const intel = { id: 'intel', platform: 'intel-tiber', baseUrl: 'https://sdk.intel.example/v1/maas' };
    const noOauth = parseEndpoints([{ ...intel, cloudAccountId: '012345678901' }]).problems[0];
    assert.equal(noOauth.field, 'auth');
    assert.match(noOauth.message, /^endpoint "intel": .*oauth2/);
    const noAccount = parseEndpoints([{ ...intel, auth: { type: 'oauth2', tokenUrl: 'https://token.example/oauth2/token' } }]).problems[0];
    assert.equal(noAccount.field, 'cloudAccountId');
    assert.match(noAccount.message, /^endpoint "intel": cloudAccountId is required/);
    const ok = parseEndpoints([{ ...intel, auth: { type: 'oauth2', tokenUrl: 'https://token.example/oauth2/token' }, cloudAccountId: '012345678901' }]);
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.endpoints[0].cloudAccountId, '012345678901');
  });

  it('base clean-up warnings are reported per endpoint; the entry still loads', () => {
    const r = parseEndpoints([
      { id: 'g', platform: 'gpustack', baseUrl: 'https://gpustack.lab/v1' },
      { id: 'o', platform: 'openai', baseUrl: 'http://localhost:8000' },
      { id: 'r', platform: 'openshift-ai', baseUrl: 'https://maas.apps.example/v1' },
    ]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.endpoints.map((e) => e.baseUrl), ['https://gpustack.lab', 'http://localhost:8000', 'https://maas.apps.example']);
    assert.deepEqual(r.warnings.map((w) => w.endpointId), ['g', 'o', 'r']);
    for (const w of r.warnings) assert.ok(w.message.startsWith(`endpoint "${w.endpointId}": `));
  });

  it('platform-specific fields on the wrong platform are warnings, not errors', () => {
    const r = one({ chatApi: 'anthropic', cloudAccountId: '1', requestTimeoutSeconds: 5 });
    assert.equal(r.endpoints.length, 1);
    assert.equal(r.warnings.length, 3);
  });
});

describe('core config: messages say what is allowed and never repeat a secret', () => {
  it('a whole-number field names its range', () => {
    assert.match(onlyProblem({ timeoutSeconds: 1.5 }).message, /timeoutSeconds 1\.5 must be a whole number from 1 to 3600/);
    assert.match(onlyProblem({ timeoutSeconds: 0 }).message, /from 1 to 3600/);
  });
  it('wrong types are named in words', () => {
    assert.match(onlyProblem({ models: 'x' }).message, /models "x" must be a list/);
    assert.match(onlyProblem({ tls: { caFile: '' } }).message, /tls\.caFile "" must be the path of a PEM file/);
  });
  it('an unknown field lists the allowed ones', () => {
    const p = onlyProblem({ apiKey: 'sk-secret-value' });
    assert.match(p.message, /unknown field "apiKey"; allowed: id, label, platform, baseUrl/);
    assert.ok(!p.message.includes('sk-secret-value'));
  });
  it('a key pasted into auth is not repeated', () => {
    const p = onlyProblem({ auth: 'sk-live-0123456789abcdef' });
    assert.ok(!p.message.includes('sk-live-0123456789abcdef'), p.message);
    assert.match(p.message, /must be "bearer", "none"/);
  });
  it('a baseUrl with a user name and password is refused without echoing the password', () => {
    const p = onlyProblem({ baseUrl: 'http://user:hunter2pw@h:8000/v1' });
    assert.equal(p.field, 'baseUrl');
    assert.match(p.message, /must not contain a user name or password/);
    assert.ok(!p.message.includes('hunter2pw'), p.message);
  });
  it('an invalid entry reusing an id never hides the valid endpoint that owns it, before or after it', () => {
    for (const invalid of [0, 1]) {
      const entries = [{ ...base }, { ...base }];
      entries[invalid] = { ...base, platform: 'nope' };
      const r = parseEndpoints(entries);
      assert.deepEqual(r.endpoints.map((e) => e.id), ['lab']);
      const valid = 1 - invalid;
      assert.deepEqual(r.problems.map((p) => [p.index, p.field]), [[invalid, 'id'], [invalid, 'platform']]);
      assert.match(r.problems[0].message, new RegExp(`id "lab" is already used by endpoint #${valid + 1}, which is the one loaded`));
    }
  });
  it('two invalid entries with one id: the later one is told; two valid ones: the first is loaded', () => {
    const r = parseEndpoints([{ ...base, platform: 'nope' }, { ...base, platform: 'nope' }]);
    assert.deepEqual(r.problems.map((p) => [p.index, p.field]), [[0, 'platform'], [1, 'id'], [1, 'platform']]);
    assert.match(r.problems[1].message, /id "lab" is also used by endpoint #1/);
  });
  it('lists every problem of an entry, not only the first', () => {
    const r = parseEndpoints([{ id: 'it', platform: 'intel-tiber', baseUrl: 'https://x/v1/maas', headers: { Authorization: 'x' } }]);
    assert.deepEqual(r.problems.map((p) => p.field), ['headers', 'auth', 'cloudAccountId']);
    const z = parseEndpoints([{ id: 'z', platform: 'nope', baseUrl: 'ftp://x', timeoutSeconds: 0 }]);
    assert.deepEqual(z.problems.map((p) => p.field).sort(), ['baseUrl', 'platform', 'timeoutSeconds']);
  });
  it('a configured task wins over the id; without one, openai and rafay infer it from the id', () => {
    const [e] = parseEndpoints([{ ...base, models: [{ id: 'BAAI/bge-small-en-v1.5' }, { id: 'bge-x', task: 'chat' }] }]).endpoints;
    assert.deepEqual(e.models.map((m) => m.tasks), [['embedding'], ['chat']]);
    const [g] = parseEndpoints([{ id: 'g', platform: 'gpustack', baseUrl: 'http://g', models: [{ id: 'bge-m3' }] }]).endpoints;
    assert.deepEqual(g.models[0].tasks, ['chat'], 'other platforms keep the documented default');
  });
});
