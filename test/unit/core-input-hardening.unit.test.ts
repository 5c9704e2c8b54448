/**
 * Secrets in every form they travel in, values as a configuration message may show them, credentials
 * and headers checked where they are entered, and CLI output that no server text can act on.
 */
import * as assert from 'node:assert/strict';
import { scrubSecrets, secretForms, MIN_SCRUBBED } from '../../src/core/secret-forms';
import { basicAuthHeader } from '../../src/core/http/oauth2';
import { shownString, shownValue } from '../../src/core/endpoint/shown-value';
import { credentialProblem } from '../../src/core/credentials';
import { parseEndpoints } from '../../src/core/endpoint/config';
import { HttpClient } from '../../src/core/http/client';
import { MaasError } from '../../src/core/errors';
import { Output, formatModelsTable, printableJson } from '../../src/cli/output';
import { EnvCredentialSource } from '../../src/cli/env-credentials';
import { MapCredentials, endpoint, deps } from './helpers/fakes';
import { MemIo } from './cli-fakes';

 
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('secrets in derived forms', () => {
  const id = 'client-7f3a';
  const secret = 's3cr3t/+= x&y';

  it('the OAuth2 Basic value of id:secret is scrubbed, also inside longer text', () => {
    const basic = basicAuthHeader(id, secret).slice('Basic '.length);
    const echoed = `invalid_client: got Authorization: Basic ${basic} from you`;
    const out = scrubSecrets(echoed, [id, secret]);
    assert.ok(!out.includes(basic), out);
    // at most a boundary character between two scrubbed pieces survives; nothing that decodes to either
    const left = out.replace(/\[redacted\]/g, '');
    assert.ok(!Buffer.from(left.split('Basic ')[1] ?? '', 'base64').toString('latin1').includes(secret.slice(0, 4)), out);
  });

  it('URL-encoded, form-encoded, base64 and URL-safe base64 forms, and a secret in a ?key= query', () => {
    const forms = [
      secret, encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2),
      Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'),
    ];
    for (const f of forms) assert.equal(scrubSecrets(`a ${f} b`, [secret]), 'a [redacted] b', f);
    assert.equal(scrubSecrets(`GET /v1/models?api_key=${encodeURIComponent(secret)}`, [secret]), 'GET /v1/models?api_key=[redacted]');
    // base64 of a text the secret is part of, at each of the three alignments
    for (const prefix of ['', 'a', 'ab']) {
      const blob = Buffer.from(`${prefix}{"key":"${secret}"}`).toString('base64');
      const out = scrubSecrets(blob, [secret]);
      assert.ok(out.includes('[redacted]'), `${prefix.length}: ${out}`);
      assert.ok(!Buffer.from(out.replace(/\[redacted\]/g, ''), 'base64').toString('latin1').includes(secret.slice(2, 8)), out);
    }
  });

  it(`short secrets are scrubbed from ${MIN_SCRUBBED} characters on; shorter ones (and pieces) are left alone`, () => {
    assert.equal(scrubSecrets('key abcd here', ['abcd']), 'key [redacted] here');
    assert.equal(scrubSecrets('key abc here', ['abc']), 'key abc here');
    for (const f of secretForms('abcd')) assert.ok(f.length >= MIN_SCRUBBED, f);
  });

  it('an HTTP client scrubs every form of the credentials it used', async () => {
    const key = 'sk-derived-7788';
    const c = new HttpClient(endpoint({ id: 'lab', platform: 'openai', baseUrl: 'http://h/v1' }), deps(new MapCredentials({ 'lab:apiKey': key })));
    await c.auth.headers(undefined, new AbortController().signal);
    assert.equal(c.scrub(`echo ${Buffer.from(key).toString('base64')} ${encodeURIComponent(key)}`), 'echo [redacted] [redacted]');
  });
});

describe('values a configuration message shows', () => {
  it('at most 80 characters, URLs without query or user info, control characters escaped, objects named', () => {
    assert.equal([...JSON.parse(shownString('x'.repeat(200_000))) as string].length, 80);
    assert.equal(shownString('https://u:p@h/v1?api_key=sk-1#f'), '"https://[redacted]@h/v1?[redacted]#f"');
    assert.equal(shownString('a\u001b[2J\r\u202e"\\'), '"a\\u001b[2J\\u000d\\u202e\\"\\\\"');
    assert.equal(shownValue([[[]]]), 'a list');
    assert.equal(shownValue({ a: 1 }), 'an object');
    assert.equal(shownValue(3), '3');
  });

  it('never shows a value from auth or headers; an id that is not printable does not name the entry', () => {
    const key = 'sk-pasted-0123';
    const messages = parseEndpoints([
      { id: 'a', platform: 'openai', baseUrl: 'http://h/v1', auth: key },
      { id: 'b', platform: 'openai', baseUrl: 'http://h/v1', auth: { type: key } },
      { id: 'c', platform: 'openai', baseUrl: 'http://h/v1', headers: { 'x-k': 42 } },
      { id: `e\u001b[2J${'y'.repeat(100)}`, platform: 'openai', baseUrl: 'http://h/v1' },
    ]).problems.map((p) => p.message);
    assert.equal(messages.length, 4, messages.join('\n'));
    for (const m of messages) {
      assert.ok(!m.includes(key) && !m.includes('42'), m);
      assert.ok(!TERMINAL_CONTROL.test(m), m);
    }
    assert.match(messages[3], /^endpoint #4: id "e\\u001b\[2Jy+…" must match/);
  });

  it('deep JSON anywhere in an entry is a problem of that entry, never a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    const r = parseEndpoints([
      { id: 'a', platform: deep, baseUrl: 'http://h/v1' },
      { id: 'b', platform: 'openai', baseUrl: 'http://h/v1', extraBody: { x: deep } },
      { id: 'c', platform: 'openai', baseUrl: 'http://h/v1', models: [{ id: 'm', task: deep, extraBody: { x: deep } }] },
      { id: 'ok', platform: 'openai', baseUrl: 'http://h/v1' },
    ]);
    assert.deepEqual(r.endpoints.map((e) => e.id), ['ok']);
    assert.deepEqual([...new Set(r.problems.map((p) => p.endpointId))], ['a', 'b', 'c']);
    assert.ok(r.problems.some((p) => p.field === 'extraBody' && /nested more than 64 levels/.test(p.message)), JSON.stringify(r.problems));
  });
});

describe('a request body too deep to encode', () => {
  it('is the caller\'s bad_request before anything is sent, not a stack overflow', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    const c = new HttpClient(endpoint({ id: 'lab', platform: 'openai', baseUrl: 'http://127.0.0.1:9/v1' }), deps(new MapCredentials({ 'lab:apiKey': 'sk-deep-1234' })));
    await assert.rejects(c.request({ url: 'http://127.0.0.1:9/v1/chat/completions', json: { tools: deep } }, new AbortController().signal),
      (e: unknown) => e instanceof MaasError && e.kind === 'bad_request' && /nested too deeply\); nothing was sent/.test(e.message));
  });
});

describe('credentials and headers checked where they are entered', () => {
  it('credentialProblem: line breaks, controls, invisible characters, spaces and non-ASCII in a key; never quoting it', () => {
    assert.equal(credentialProblem('  sk-fine-123\n'), undefined, 'surrounding whitespace is trimmed by every face');
    const bad = ['sk-a\nb', 'sk-a\rb', 'sk-a\u0007b', 'sk-a\u200bb', 'sk-a b', 'sk-\u2013dash', 'sk-caf\u00e9', ''];
    for (const v of bad) {
      const p = credentialProblem(v);
      assert.ok(p, JSON.stringify(v));
      assert.ok(!p.includes('sk-'), p);
    }
    assert.equal(credentialProblem('id with space', 'clientSecret'), undefined, 'a client secret is form-encoded');
    assert.ok(credentialProblem('sec\nret', 'clientSecret'));
  });

  it('a stored key that cannot be sent is a config error before any request (core, any face)', async () => {
    const c = new HttpClient(endpoint({ id: 'lab', platform: 'openai', baseUrl: 'http://127.0.0.1:9/v1' }), deps(new MapCredentials({ 'lab:apiKey': 'sk-a\nb' })));
    await assert.rejects(c.auth.headers(undefined, new AbortController().signal), (e: unknown) => e instanceof MaasError && e.kind === 'config' && /API key stored for endpoint "lab" contains a line break/.test(e.message) && !e.message.includes('sk-a'));
  });

  it('the CLI names the variable that holds a bad credential', async () => {
    const src = new EnvCredentialSource({ MAAS_API_KEY_LAB: 'sk-\u00e9' }, { entryCount: 2 });
    await assert.rejects(src.get('lab', 'apiKey'), (e: unknown) => e instanceof MaasError && e.kind === 'config' && e.message.startsWith('the environment variable MAAS_API_KEY_LAB contains a non-ASCII'));
    const pair = new EnvCredentialSource({ MAAS_CLIENT_ID: 'id', MAAS_CLIENT_SECRET: 'a\nb' }, { entryCount: 1 });
    await assert.rejects(pair.get('lab', 'clientSecret'), /MAAS_CLIENT_SECRET contains a line break/);
  });

  it('headers: an invalid name or a value with a line break, control or non-ASCII character is a problem of that header', () => {
    const r = parseEndpoints([{ id: 'h', platform: 'openai', baseUrl: 'http://h/v1', headers: { 'x a': '1', 'x-b': 'v\r\nx-c: 2', 'x-d': 'caf\u00e9', 'x-ok': 'fine value\twith tab' } }]);
    assert.deepEqual(r.problems.map((p) => p.field), ['headers.x a', 'headers.x-b', 'headers.x-d']);
    for (const p of r.problems) assert.ok(!p.message.includes('x-c: 2') && !p.message.includes('caf'), p.message);
  });
});

describe('CLI output of server and config text', () => {
  const NASTY = 'a\u001b]0;title\u0007\u001b[2J\rb\u009b1m\u202ec';

  it('errors, warnings and hints lose control characters; a secret split by them is still scrubbed; long messages are capped', () => {
    const io = new MemIo({ NO_COLOR: '1' });
    const out = new Output(io, ['sk-secret-1234']);
    out.error('lab', `denied ${NASTY} sk-secret-\u001b1234`, `hint ${NASTY}`);
    out.warn(`warn ${NASTY}`);
    out.error('lab', 'x'.repeat(100_000));
    assert.ok(!TERMINAL_CONTROL.test(io.stderr.text), JSON.stringify(io.stderr.text));
    assert.ok(!io.stderr.text.includes('sk-secret'), io.stderr.text);
    assert.ok(io.stderr.text.length < 10_000);
  });

  it('the models table shows ids and labels without control characters; JSON escapes C1 and bidi characters losslessly', () => {
    const table = formatModelsTable([{ endpoint: 'e', id: NASTY, label: NASTY, tasks: ['chat'] }]);
    assert.ok(!TERMINAL_CONTROL.test(table), JSON.stringify(table));
    const json = printableJson(JSON.stringify({ id: NASTY }));
    assert.ok(!TERMINAL_CONTROL.test(json), json);
    assert.deepEqual(JSON.parse(json), { id: NASTY });
  });

  it('model text keeps its bytes when piped and loses control characters on a terminal', () => {
    const piped = new MemIo({});
    new Output(piped, []).result(NASTY);
    assert.equal(piped.stdout.text, NASTY);
    const tty = new MemIo({});
    tty.stdout.isTTY = true;
    new Output(tty, []).result(`${NASTY}\n\tindented`);
    assert.equal(tty.stdout.text, 'a]0;title[2Jb1mc\n\tindented');
  });
});
