import * as assert from 'node:assert/strict';
import { Harness, ep, model } from './cli-fakes';
import { MaasError } from '../../src/core/errors';
import type { StreamEvent } from '../../src/core/stream/events';

const CHAT = ['chat', '--config', '/cfg.json', '--endpoint', 'a', '--model', 'm'];
const TEXT: StreamEvent[] = [{ type: 'text', text: 'Hel' }, { type: 'text', text: 'lo' }, { type: 'usage', inputTokens: 3, outputTokens: 2 }, { type: 'done', finishReason: 'stop' }];
const tick = () => new Promise((r) => setImmediate(r));

describe('cli run: top level', () => {
  it('prints help on stderr and exits 2 with no arguments', async () => {
    const h = new Harness();
    assert.equal(await h.run(), 2);
    assert.equal(h.stdout, '');
    assert.match(h.stderr, /^maas 9\.9\.9-test/);
  });

  it('prints help and the version on stdout', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const h = new Harness();
      assert.equal(await h.run(...argv), 0);
      assert.match(h.stdout, /Commands:\n  models/);
    }
    const c = new Harness();
    assert.equal(await c.run('chat', '--help'), 0);
    assert.match(c.stdout, /^maas chat — /);
    const v = new Harness();
    assert.equal(await v.run('--version'), 0);
    assert.equal(v.stdout, '9.9.9-test\n');
  });

  it('rejects unknown commands and flags with exit 2', async () => {
    const h = new Harness();
    assert.equal(await h.run('frobnicate'), 2);
    assert.match(h.stderr, /maas: unknown command "frobnicate"; commands: models, chat, complete/);
    const f = new Harness().config([ep('a')]);
    assert.equal(await f.run(...CHAT, '--bogus', 'hi'), 2);
    assert.equal(f.stdout, '');
    assert.match(f.stderr, /^maas: unknown option --bogus for "maas chat"\nusage: maas chat --config FILE/);
    assert.equal(f.clients.length, 0);
  });
});

describe('cli run: config', () => {
  it('exits 2 naming a missing or malformed config file', async () => {
    const h = new Harness();
    assert.equal(await h.run(...CHAT, 'hi'), 2);
    assert.match(h.stderr, /^maas: cannot read config file \/cfg\.json: no such file\n$/);
    const b = new Harness();
    b.io.files.set('/cfg.json', '{"endpoints": [}');
    assert.equal(await b.run(...CHAT, '--json', 'hi'), 2);
    const [line] = b.jsonLines();
    assert.equal(line.type, 'error');
    assert.equal(line.kind, 'config');
    assert.match(String(line.message), /^config file \/cfg\.json is not valid JSON: /);
  });

  it('exits 2 listing the known ids for an unknown endpoint', async () => {
    const h = new Harness().config([ep('a'), ep('b'), { id: 'c', platform: 'x' }]);
    assert.equal(await h.run('chat', '--config', '/cfg.json', '--endpoint', 'zz', '--model', 'm', 'hi'), 2);
    assert.match(h.stderr, /maas: unknown endpoint "zz"; the config file \/cfg\.json lists: a, b, c\n/);
    const m = new Harness().config([ep('a')]);
    assert.equal(await m.run('models', '--config', '/cfg.json', '--endpoint', 'zz'), 2);
    assert.match(m.stderr, /unknown endpoint "zz"/);
  });

  it('exits 2 with the entry, field and value when the named endpoint is invalid', async () => {
    const h = new Harness().config([ep('a', { platform: 'foo' }), ep('b')]);
    assert.equal(await h.run(...CHAT, 'hi'), 2);
    assert.match(h.stderr, /^maas: a: platform "foo" is not one of openai, openshift-ai/);
    assert.equal(h.clients.length, 0);
  });

  it('shows config warnings of the endpoint used on stderr', async () => {
    const h = new Harness().config([ep('a', { baseUrl: 'http://a.test', chatApi: 'anthropic' })]).script('a', { events: TEXT });
    assert.equal(await h.run(...CHAT, 'hi'), 0);
    assert.match(h.stderr, /maas: warning: endpoint "a": the address http:\/\/a\.test has no version path such as \/v1/);
    assert.match(h.stderr, /maas: warning: endpoint "a": chatApi applies only/);
    assert.equal(h.stdout, 'Hello\n');
  });
});

describe('cli run: models', () => {
  const three = [ep('b'), ep('a'), ep('c')];

  it('lists endpoints in config order and models by id, as a table and as JSON', async () => {
    const scripts = (h: Harness) => h.config(three)
      .script('b', { models: [model('b', 'z'), model('b', 'y', { contextLength: 4096, label: 'Y model' })] })
      .script('a', { models: [model('a', 'x', { url: 'http://a/x', tasks: ['chat', 'completion'], reasoning: true })] })
      .script('c', { models: [] });
    const t = scripts(new Harness());
    assert.equal(await t.run('models', '--config', '/cfg.json'), 0);
    assert.equal(t.stderr, '');
    const lines = t.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ENDPOINT +MODEL +TASKS +CONTEXT +LABEL +URL$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' ')), ['b y', 'b z', 'a x']);
    assert.ok(t.clients.every((c) => c.disposed));

    const j = scripts(new Harness());
    assert.equal(await j.run('models', '--config', '/cfg.json', '--json'), 0);
    assert.deepEqual(JSON.parse(j.stdout), [
      { endpoint: 'b', id: 'y', label: 'Y model', tasks: ['chat'], contextLength: 4096 },
      { endpoint: 'b', id: 'z', label: 'z', tasks: ['chat'] },
      { endpoint: 'a', id: 'x', label: 'x', tasks: ['chat', 'completion'], url: 'http://a/x' },
    ]);
    assert.equal(j.stdout.trim().split('\n').length, 1, 'one document');
  });

  it('lists only the --endpoint one', async () => {
    const h = new Harness().config(three).script('a', { models: [model('a', 'x')] });
    assert.equal(await h.run('models', '--config', '/cfg.json', '--endpoint', 'a', '--json'), 0);
    assert.deepEqual(JSON.parse(h.stdout), [{ endpoint: 'a', id: 'x', label: 'x', tasks: ['chat'] }]);
    assert.equal(h.clients.length, 1);
  });

  it('exits 2 for an invalid entry and still lists the others', async () => {
    const h = new Harness().config([ep('a'), { id: 'bad', platform: 'foo', baseUrl: 'http://x' }, ep('c')])
      .script('a', { models: [model('a', 'x')] }).script('c', { models: new MaasError({ kind: 'server', status: 500, message: 'boom' }) });
    assert.equal(await h.run('models', '--config', '/cfg.json', '--json'), 2);
    assert.deepEqual(JSON.parse(h.stdout), [{ endpoint: 'a', id: 'x', label: 'x', tasks: ['chat'] }]);
    const errs = h.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(errs[0], { type: 'error', kind: 'config', message: 'endpoint "bad": platform "foo" is not one of openai, openshift-ai, gpustack, rafay, oicm, intel-tiber', endpoint: 'bad' });
    assert.deepEqual(errs[1], { type: 'error', kind: 'server', status: 500, message: 'boom', endpoint: 'c' });
  });

  it('exits 1 when an endpoint failed, reporting it as maas: <endpoint>: <message>', async () => {
    const h = new Harness().config([ep('a'), ep('b')])
      .script('a', { models: new MaasError({ kind: 'network', message: 'Could not reach the gateway' }) })
      .script('b', { models: [model('b', 'x')] });
    assert.equal(await h.run('models', '--config', '/cfg.json'), 1);
    assert.equal(h.stderr, 'maas: a: Could not reach the gateway\n');
    assert.match(h.stdout, /^ENDPOINT +MODEL +TASKS\nb +x +chat\n$/);
  });

  it('exits 2 naming the variable when a credential is missing', async () => {
    const h = new Harness({ MAAS_API_KEY: 'unused-because-two-endpoints' }).config([ep('lab-a'), ep('b')]).script('lab-a', { needsKey: true, models: [] }).script('b', { models: [model('b', 'x')] });
    assert.equal(await h.run('models', '--config', '/cfg.json'), 2);
    assert.match(h.stderr, /^maas: lab-a: No API key for endpoint "lab-a": set the environment variable MAAS_API_KEY_LAB_A\nmaas: hint: set MAAS_API_KEY_LAB_A to a valid API key\n$/);
  });

  it('prints an empty document for a config without endpoints', async () => {
    const h = new Harness().config([]);
    assert.equal(await h.run('models', '--config', '/cfg.json', '--json'), 0);
    assert.equal(h.stdout, '[]\n');
    assert.match(h.stderr, /lists no endpoints/);
  });

  it('exits 130 on SIGINT', async () => {
    const h = new Harness().config([ep('a')]).script('a', { hang: true });
    const done = h.run('models', '--config', '/cfg.json', '--json');
    await tick(); await tick();
    h.io.interrupt();
    assert.equal(await done, 130);
    assert.equal(h.stdout, '');
  });
});

describe('cli run: chat and complete', () => {
  it('streams text then one newline and exits 0', async () => {
    const h = new Harness().config([ep('a')]).script('a', { events: TEXT });
    assert.equal(await h.run(...CHAT, '--system', 'sys', '--max-tokens', '9', 'hi'), 0);
    assert.equal(h.stdout, 'Hello\n');
    assert.equal(h.stderr, '');
    assert.deepEqual(h.clients[0].chats[0], { model: 'm', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hi' }], maxTokens: 9 });
    assert.ok(h.clients[0].disposed);
  });

  it('prints one event per line with --json, terminal last', async () => {
    const h = new Harness().config([ep('a')]).script('a', { events: [{ type: 'reasoning', text: 'hmm' }, ...TEXT] });
    assert.equal(await h.run(...CHAT, '--json', 'hi'), 0);
    assert.deepEqual(h.jsonLines(), [{ type: 'reasoning', text: 'hmm' }, ...TEXT]);
  });

  it('shows reasoning on stderr, never on stdout', async () => {
    const h = new Harness({ NO_COLOR: '1' }).config([ep('a')]).script('a', { events: [{ type: 'reasoning', text: 'let me think' }, { type: 'text', text: '42' }, { type: 'done', finishReason: 'stop' }] });
    assert.equal(await h.run(...CHAT, 'hi'), 0);
    assert.equal(h.stdout, '42\n');
    assert.equal(h.stderr, 'let me think\n');
  });

  it('keeps partial text and exits 1 on a mid-stream error', async () => {
    const events: StreamEvent[] = [{ type: 'text', text: 'partial' }, { type: 'error', kind: 'server', message: 'The model server reported an error mid-stream: oops' }];
    const t = new Harness().config([ep('a')]).script('a', { events });
    assert.equal(await t.run(...CHAT, 'hi'), 1);
    assert.equal(t.stdout, 'partial\n');
    assert.equal(t.stderr, 'maas: a: The model server reported an error mid-stream: oops\n');
    const j = new Harness().config([ep('a')]).script('a', { events });
    assert.equal(await j.run(...CHAT, '--json', 'hi'), 1);
    assert.deepEqual(j.jsonLines(), events);
  });

  it('exits 1 with an env var hint when the gateway rejects the credential', async () => {
    const h = new Harness({ MAAS_API_KEY_A: 'sk-live-123456' }).config([ep('a'), ep('b')])
      .script('a', { needsKey: true, events: [{ type: 'error', kind: 'auth', status: 401, message: 'The gateway rejected the credential (401): bad key sk-live-123456' }] });
    assert.equal(await h.run(...CHAT, 'hi'), 1);
    assert.equal(h.stderr, 'maas: a: The gateway rejected the credential (401): bad key ***\nmaas: hint: the credential came from MAAS_API_KEY_A; set it to a valid API key\n');
    assert.ok(!h.stderr.includes('sk-live-123456'));
  });

  it('exits 2 naming the variable when the credential is missing', async () => {
    const h = new Harness().config([ep('a'), ep('b')]).script('a', { needsKey: true, events: TEXT });
    assert.equal(await h.run(...CHAT, '--json', 'hi'), 2);
    const [e] = h.jsonLines();
    assert.equal(e.kind, 'config');
    assert.match(String(e.message), /MAAS_API_KEY_A or MAAS_API_KEY/);
    const t = new Harness().config([ep('a'), ep('b')]).script('a', { needsKey: true, events: TEXT });
    assert.equal(await t.run(...CHAT, 'hi'), 2);
    assert.match(t.stderr, /\nmaas: hint: set MAAS_API_KEY_A \(or MAAS_API_KEY\) to a valid API key\n$/);
  });

  it('uses the unsuffixed key for the --endpoint endpoint', async () => {
    const h = new Harness({ MAAS_API_KEY: 'plain-key-1' }).config([ep('a'), ep('b')]).script('a', { needsKey: true, events: TEXT });
    assert.equal(await h.run(...CHAT, 'hi'), 0);
  });

  it('warns when the answer hit the token limit', async () => {
    const h = new Harness().config([ep('a')]).script('a', { events: [{ type: 'text', text: 'cut' }, { type: 'done', finishReason: 'length' }] });
    assert.equal(await h.run('complete', '--config', '/cfg.json', '--endpoint', 'a', '--model', 'm', '--max-tokens', '1', 'x'), 0);
    assert.equal(h.stdout, 'cut\n');
    assert.match(h.stderr, /maas: warning: a: the answer stopped at the token limit/);
    assert.deepEqual(h.clients[0].completions[0], { model: 'm', prompt: 'x', maxTokens: 1 });
  });

  it('reads the prompt from stdin when it is - or absent', async () => {
    for (const extra of [['-'], []]) {
      const h = new Harness().config([ep('a')]).script('a', { events: TEXT });
      h.io.stdin = 'from stdin\n';
      assert.equal(await h.run(...CHAT, ...extra), 0);
      assert.equal((h.clients[0].chats[0].messages[0]).content, 'from stdin');
    }
    const e = new Harness().config([ep('a')]);
    e.io.stdin = '  \n';
    assert.equal(await e.run(...CHAT), 2);
    assert.match(e.stderr, /PROMPT is empty/);
  });

  it('cancels on SIGINT: aborts the request, prints a cancelled done, exits 130', async () => {
    const h = new Harness().config([ep('a')]).script('a', { events: [{ type: 'text', text: 'par' }], hang: true });
    const done = h.run(...CHAT, '--json', 'hi');
    while (!h.stdout) await tick();
    h.io.interrupt();
    assert.equal(await done, 130);
    assert.deepEqual(h.jsonLines(), [{ type: 'text', text: 'par' }, { type: 'done', finishReason: 'cancelled' }]);
    assert.ok(!h.io.listening, 'the SIGINT handler is removed');
  });

  it('reports cancelled even when the aborted stream ends in an error', async () => {
    const h = new Harness().config([ep('a')]).script('a', { events: [{ type: 'text', text: 'par' }], hang: true, onAbort: [{ type: 'error', kind: 'network', message: 'aborted' }] });
    const done = h.run(...CHAT, 'hi');
    while (!h.stdout) await tick();
    h.io.interrupt();
    assert.equal(await done, 130);
    assert.equal(h.stdout, 'par\n');
    assert.equal(h.stderr, '');
  });

  it('gives up on a stream that ignores the abort at a second SIGINT', async () => {
    const h = new Harness().config([ep('a')]).script('a', { events: [{ type: 'text', text: 'x' }], deaf: true });
    const done = h.run(...CHAT, '--json', 'hi');
    while (!h.stdout) await tick();
    h.io.interrupt();
    h.io.interrupt();
    assert.equal(await done, 130);
    assert.deepEqual(h.jsonLines().at(-1), { type: 'done', finishReason: 'cancelled' });
  });

  it('turns a stream that throws or ends without a terminal event into an error', async () => {
    const t = new Harness().config([ep('a')]).script('a', { throwInStream: new MaasError({ kind: 'network', message: 'socket hang up' }) });
    assert.equal(await t.run(...CHAT, '--json', 'hi'), 1);
    assert.deepEqual(t.jsonLines(), [{ type: 'error', kind: 'network', message: 'socket hang up' }]);
    const n = new Harness().config([ep('a')]).script('a', { events: [{ type: 'text', text: 'x' }] });
    assert.equal(await n.run(...CHAT, '--json', 'hi'), 1);
    assert.deepEqual(n.jsonLines().at(-1), { type: 'error', kind: 'protocol', message: 'The stream ended without a done or error event' });
  });
});
