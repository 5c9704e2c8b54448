/**
 * `maas` end to end: the built dist/cli.js as a child process against the reference gateway, for every
 * platform, faults and the foreign origin included. Every run is checked for leaked secrets.
 */
import * as assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { startGateway, type Gateway } from '../gateway/server';
import type { ChildProcess } from 'node:child_process';
import { CLI, CliRunner, assertEventOrder, closedPort, jsonLines, textOf, type CliResult } from './cli-harness';

type Entry = Record<string, unknown>;

const CHAT: { endpoint: string; model: string; answeredBy?: string }[] = [
  { endpoint: 'local-vllm', model: 'meta-llama/Llama-3.1-8B-Instruct' },
  { endpoint: 'rafay-serverless', model: 'mistralai/Mistral-7B-Instruct-v0.2' },
  { endpoint: 'openshift-maas', model: 'publishers/llm/models/facebook/opt-125m' },
  { endpoint: 'lab-gpustack', model: 'qwen2.5-7b-instruct' },
  { endpoint: 'oicm-prod', model: '6b1f2c9e-chat', answeredBy: 'meta-llama/Meta-Llama-3-8B-Instruct' },
  { endpoint: 'intel-tiber', model: 'meta-llama/Llama-3.1-8B-Instruct' },
];
const VLLM = 'meta-llama/Llama-3.1-8B-Instruct';
const VLLM_CHAT_PATH = '/openai/v1/chat/completions';

describe('maas CLI (dist/cli.js) against the reference gateway', function () {
  this.timeout(30_000);
  let gw: Gateway;
  let cli: CliRunner;
  let config: string;
  let entries: Entry[];

  const chatArgs = (endpoint: string, model: string, ...rest: string[]) => ['chat', '--config', config, '--endpoint', endpoint, '--model', model, ...rest];
  const requestsSince = (n: number) => gw.requests.slice(n);
  const withEntry = (id: string, patch: Entry): Entry[] => entries.map((e) => (e.id === id ? { ...e, ...patch } : e));

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    gw = await startGateway({ chunkDelayMs: 1 });
    cli = new CliRunner(gw);
    entries = gw.endpoints() as Entry[];
    config = cli.config(entries);
  });

  afterEach(() => gw.clearFaults());

  after(async () => {
    if (gw) {
      // The security rules (docs/endpoints.md), over every run of this file: the foreign origin never saw an API key or
      // access token; the OAuth2 token endpoint (there by configuration) got only the client's Basic credentials.
      for (const r of gw.requests.filter((q) => q.origin === 'foreign')) {
        assert.equal(r.headers['x-api-key'], undefined, `x-api-key reached the foreign origin: ${r.method} ${r.path}`);
        if (r.path.startsWith('/oauth2/token')) assert.match(r.headers.authorization ?? '', /^Basic /, 'the token endpoint gets client credentials only');
        else assert.equal(r.headers.authorization, undefined, `Authorization reached the foreign origin: ${r.method} ${r.path}`);
      }
      await gw.close();
    }
    cli?.cleanup();
  });

  describe('models', () => {
    it('lists every platform, as a table and as one JSON document', async () => {
      const table = await cli.run(['models', '--config', config]);
      assert.equal(table.code, 0, table.stderr);
      assert.equal(table.stderr, '');
      const lines = table.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^ENDPOINT +MODEL +TASKS/);
      for (const { endpoint, model } of CHAT) assert.ok(lines.some((l) => l.startsWith(`${endpoint} `) && l.includes(` ${model} `)), `${endpoint} ${model} listed`);

      const r = await cli.run(['models', '--config', config, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim().split('\n').length, 1, 'one document');
      const rows = JSON.parse(r.stdout) as Entry[];
      const allowed = ['endpoint', 'id', 'label', 'tasks', 'url', 'contextLength'];
      for (const row of rows) {
        assert.deepEqual(Object.keys(row).filter((k) => !allowed.includes(k)), [], JSON.stringify(row));
        assert.ok(typeof row.id === 'string' && typeof row.label === 'string' && Array.isArray(row.tasks));
      }
      // endpoints in config order, models by id within each
      const order = entries.map((e) => e.id);
      const seen = [...new Set(rows.map((x) => x.endpoint))];
      assert.deepEqual(seen, order);
      for (const id of order) {
        const ids = rows.filter((x) => x.endpoint === id).map((x) => String(x.id));
        assert.deepEqual(ids, [...ids].sort(), `${String(id)} models sorted by id (code-point order, locale-independent)`);
      }
      const find = (endpoint: string, id: string) => rows.find((x) => x.endpoint === endpoint && x.id === id);
      assert.ok(find('openshift-maas', 'publishers/llm/models/granite-3.1-8b-instruct'), 'ready absent counts as ready');
      assert.equal(find('openshift-maas', 'publishers/llm/models/not-ready'), undefined, 'ready:false is not offered');
      assert.deepEqual(find('lab-gpustack', 'bge-m3')?.tasks, ['embedding']);
      assert.equal(find('oicm-prod', '8d3e-embed')?.url, `${gw.url}/oicm/models/8d3e-embed/proxy`);
      assert.equal(find('local-vllm', 'Qwen/Qwen3-8B')?.contextLength, 40960);
      assert.equal(rows.filter((x) => x.endpoint === 'intel-tiber').length, 3);
    });

    it('reports an invalid entry (exit 2) and still lists the others', async () => {
      const file = cli.config([...entries.slice(0, 2), { id: 'broken', platform: 'foo', baseUrl: gw.url }], 'invalid.json');
      const r = await cli.run(['models', '--config', file, '--json']);
      assert.equal(r.code, 2);
      const rows = JSON.parse(r.stdout) as Entry[];
      assert.deepEqual([...new Set(rows.map((x) => x.endpoint))], ['local-vllm', 'rafay-serverless']);
      const errs = jsonLines(r.stderr);
      assert.equal(errs.length, 1);
      assert.equal(errs[0].kind, 'config');
      assert.equal(errs[0].endpoint, 'broken');
      assert.match(String(errs[0].message), /endpoint "broken": platform "foo" is not one of openai, openshift-ai, gpustack, rafay, oicm, intel-tiber/);
      const text = await cli.run(['models', '--config', file]);
      assert.equal(text.code, 2);
      assert.match(text.stderr, /^maas: broken: platform "foo" is not one of openai, openshift-ai/m);
    });

    it('reports an unreachable endpoint (exit 1) and still lists the others', async () => {
      const port = await closedPort();
      const file = cli.config([entries[0], { id: 'gone', platform: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, auth: 'none' }], 'unreachable.json');
      const r = await cli.run(['models', '--config', file, '--json']);
      assert.equal(r.code, 1, r.stderr);
      assert.ok((JSON.parse(r.stdout) as Entry[]).every((x) => x.endpoint === 'local-vllm'));
      const [err] = jsonLines(r.stderr);
      assert.deepEqual([err.type, err.kind, err.endpoint], ['error', 'network', 'gone']);
      const text = await cli.run(['models', '--config', file]);
      assert.equal(text.code, 1);
      assert.match(text.stderr, /^maas: gone: /m);
      assert.match(text.stdout, /^local-vllm /m);
    });

    it('uses the unsuffixed variables only for a single endpoint or the --endpoint one', async () => {
      const key = gw.env().MAAS_API_KEY_LOCAL_VLLM;
      const env = { MAAS_API_KEY_LOCAL_VLLM: undefined, MAAS_API_KEY: key };
      const single = cli.config([entries[0]], 'single.json');
      assert.equal((await cli.run(['models', '--config', single], { env })).code, 0);
      assert.equal((await cli.run(['models', '--config', config, '--endpoint', 'local-vllm'], { env })).code, 0);
      const all = await cli.run(['models', '--config', config], { env });
      assert.equal(all.code, 2, 'a missing credential is a configuration error');
      assert.match(all.stderr, /^maas: local-vllm: .*MAAS_API_KEY_LOCAL_VLLM/m);
      assert.match(all.stdout, /^rafay-serverless /m, 'the others are still listed');
    });
  });

  describe('chat and complete on every platform', () => {
    for (const { endpoint, model, answeredBy } of CHAT) {
      it(`${endpoint}: streams text, and --json events in order`, async () => {
        const expected = `Hello from ${answeredBy ?? model}. You said: hi there`;
        const text = await cli.run(chatArgs(endpoint, model, 'hi there'));
        assert.equal(text.code, 0, text.stderr);
        assert.equal(text.stdout, `${expected}\n`);
        const json = await cli.run(chatArgs(endpoint, model, '--json', 'hi there'));
        assert.equal(json.code, 0, json.stderr);
        const events = jsonLines(json.stdout);
        assertEventOrder(events);
        assert.equal(textOf(events), expected);
        assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'stop' });
      });
    }

    it('oicm-prod: sends the model\'s own token from MAAS_TOKEN_<E>_<M>', async () => {
      const n = gw.requests.length;
      assert.equal((await cli.run(chatArgs('oicm-prod', '6b1f2c9e-chat', 'x'))).code, 0);
      const chat = requestsSince(n).find((q) => q.path.includes('/chat/completions'));
      assert.equal(chat?.headers.authorization, `Bearer ${gw.env().MAAS_TOKEN_OICM_PROD_6B1F2C9E_CHAT}`);
    });

    it('shows reasoning on stderr and keeps stdout for the answer', async () => {
      const r = await cli.run(chatArgs('local-vllm', 'Qwen/Qwen3-8B', 'why'));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Hello from Qwen/Qwen3-8B. You said: why\n');
      assert.match(r.stderr, /Thinking about: why/);
      const j = jsonLines((await cli.run(chatArgs('local-vllm', 'Qwen/Qwen3-8B', '--json', 'why'))).stdout);
      assertEventOrder(j);
      assert.equal(textOf(j, 'reasoning'), 'Thinking about: why');
    });

    it('passes options, reads the prompt from stdin, and warns at the token limit', async () => {
      const n = gw.requests.length;
      const r = await cli.run(chatArgs('local-vllm', VLLM, '--system', 'be brief', '--max-tokens', '3', '--temperature', '0.5', '--top-p', '0.9', '--stop', 'END', '--json', '-'), { stdin: 'from stdin\n' });
      assert.equal(r.code, 0, r.stderr);
      const events = jsonLines(r.stdout);
      assertEventOrder(events);
      assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'length' });
      const body = JSON.parse(requestsSince(n).find((q) => q.path === VLLM_CHAT_PATH)?.body ?? '{}') as Entry;
      assert.deepEqual(body.messages, [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'from stdin' }]);
      assert.equal(body.max_tokens ?? body.max_completion_tokens, 3);
      assert.deepEqual([body.temperature, body.top_p, body.stop, body.stream], [0.5, 0.9, ['END'], true]);
      const t = await cli.run(chatArgs('local-vllm', VLLM, '--max-tokens', '2', 'x'));
      assert.equal(t.code, 0);
      assert.match(t.stderr, /maas: warning: local-vllm: the answer stopped at the token limit/);
    });

    it('sends the config file\'s extraBody (the model\'s over the endpoint\'s) and defaults; flags win over defaults', async () => {
      const file = cli.config(withEntry('local-vllm', {
        extraBody: { top_k: 20, chat_template_kwargs: { enable_thinking: false } },
        defaults: { temperature: 0.3, maxTokens: 64 },
        models: [{ id: VLLM, extraBody: { top_k: 5, repetition_penalty: 1.05 }, defaults: { maxTokens: 32 } }],
      }), 'extra-body.json');
      const n = gw.requests.length;
      const r = await cli.run(['chat', '--config', file, '--endpoint', 'local-vllm', '--model', VLLM, 'hi']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `Hello from ${VLLM}. You said: hi\n`);
      const body = JSON.parse(requestsSince(n).find((q) => q.path === VLLM_CHAT_PATH)?.body ?? '{}') as Entry;
      assert.deepEqual([body.top_k, body.repetition_penalty, body.chat_template_kwargs], [5, 1.05, { enable_thinking: false }]);
      assert.deepEqual([body.temperature, body.max_tokens, body.model, body.stream], [0.3, 32, VLLM, true]);
      const m = gw.requests.length;
      assert.equal((await cli.run(['chat', '--config', file, '--endpoint', 'local-vllm', '--model', VLLM, '--temperature', '0.9', '--max-tokens', '40', 'hi'])).code, 0);
      const flagged = JSON.parse(requestsSince(m).find((q) => q.path === VLLM_CHAT_PATH)?.body ?? '{}') as Entry;
      assert.deepEqual([flagged.temperature, flagged.max_tokens, flagged.top_k], [0.9, 40, 5]);
    });

    it('refuses a config whose extraBody sets a fixed key, naming the key (exit 2)', async () => {
      const file = cli.config(withEntry('local-vllm', { extraBody: { stream: false } }), 'extra-body-bad.json');
      const r = await cli.run(['chat', '--config', file, '--endpoint', 'local-vllm', '--model', VLLM, 'hi']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /extraBody\.stream cannot be set/);
    });

    for (const { endpoint, model } of CHAT.filter((c) => c.endpoint !== 'intel-tiber')) {
      it(`${endpoint}: complete streams the completion`, async () => {
        const r = await cli.run(['complete', '--config', config, '--endpoint', endpoint, '--model', model, 'def add(']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, ' completion of: def add(\n');
        const j = await cli.run(['complete', '--config', config, '--endpoint', endpoint, '--model', model, '--max-tokens', '50', '--json', 'def add(']);
        assertEventOrder(jsonLines(j.stdout));
      });
    }

    it('intel-tiber: complete streams an answer', async () => {
      const r = await cli.run(['complete', '--config', config, '--endpoint', 'intel-tiber', '--model', VLLM, '--json', 'def add(']);
      assert.equal(r.code, 0, r.stderr);
      const events = jsonLines(r.stdout);
      assertEventOrder(events);
      assert.equal(textOf(events), `Hello from ${VLLM}. You said: def add(`);
    });
  });

  describe('usage and configuration errors', () => {
    it('exits 2 for an unknown flag, a bad config file and an unknown endpoint', async () => {
      const flag = await cli.run([...chatArgs('local-vllm', VLLM), '--temprature', '1', 'x']);
      assert.equal(flag.code, 2);
      assert.match(flag.stderr, /unknown option --temprature .*did you mean --temperature/);
      assert.equal(flag.stdout, '');
      const bad = cli.config([], 'bad.json');
      writeFileSync(bad, '{ "endpoints": [ ');
      const b = await cli.run(['models', '--config', bad]);
      assert.equal(b.code, 2);
      assert.ok(b.stderr.includes(`config file ${bad} is not valid JSON`), b.stderr);
      const u = await cli.run(chatArgs('nope', VLLM, 'x'));
      assert.equal(u.code, 2);
      assert.match(u.stderr, /unknown endpoint "nope"; the config file .* lists: local-vllm, rafay-serverless, openshift-maas, lab-gpustack, oicm-prod, intel-tiber/);
    });

    it('exits 2 naming the variable when a credential is missing', async () => {
      const r = await cli.run(chatArgs('lab-gpustack', 'qwen2.5-7b-instruct', 'x'), { env: { MAAS_API_KEY_LAB_GPUSTACK: undefined } });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^maas: lab-gpustack: .*MAAS_API_KEY_LAB_GPUSTACK/m);
      assert.match(r.stderr, /^maas: hint: set MAAS_API_KEY_LAB_GPUSTACK \(or MAAS_API_KEY\)/m);
      const j = await cli.run(chatArgs('intel-tiber', VLLM, '--json', 'x'), { env: { MAAS_CLIENT_SECRET_INTEL_TIBER: undefined } });
      assert.equal(j.code, 2, j.stderr);
      const [e] = jsonLines(j.stdout);
      assert.equal(e.kind, 'config');
      assert.match(String(e.message), /MAAS_CLIENT_SECRET_INTEL_TIBER/);
    });
  });

  describe('faults', () => {
    it('429 with retry-after is retried and then succeeds', async () => {
      gw.setFault({ type: 'status', status: 429, headers: { 'retry-after': '1' }, path: VLLM_CHAT_PATH });
      const n = gw.requests.length;
      const r = await cli.run(chatArgs('local-vllm', VLLM, '--json', 'again'));
      assert.equal(r.code, 0, r.stderr);
      assertEventOrder(jsonLines(r.stdout));
      assert.equal(requestsSince(n).filter((q) => q.path === VLLM_CHAT_PATH).length, 2, 'one retry');
    });

    it('500 → server error, exit 1', async () => {
      gw.setFault({ type: 'status', status: 500, path: VLLM_CHAT_PATH });
      const r = await cli.run(chatArgs('local-vllm', VLLM, '--json', 'x'));
      assert.equal(r.code, 1);
      const events = jsonLines(r.stdout);
      assertEventOrder(events);
      assert.deepEqual([events[0].type, events[0].kind, events[0].status], ['error', 'server', 500]);
      gw.setFault({ type: 'status', status: 500, path: VLLM_CHAT_PATH });
      const t = await cli.run(chatArgs('local-vllm', VLLM, 'x'));
      assert.equal(t.code, 1);
      assert.equal(t.stdout, '');
      assert.match(t.stderr, /^maas: local-vllm: .*\(500\)/m);
    });

    it('a mid-stream error keeps the partial text, then the error; exit 1', async () => {
      gw.setFault({ type: 'midstream-error', afterChunks: 3, path: VLLM_CHAT_PATH });
      const r = await cli.run(chatArgs('local-vllm', VLLM, '--json', 'x'));
      assert.equal(r.code, 1, r.stderr);
      const events = jsonLines(r.stdout);
      assertEventOrder(events);
      assert.equal(events.at(-1)?.type, 'error');
      assert.equal(textOf(events), 'Hello from', 'the text before the error is kept');
      assert.deepEqual(events.at(-1), { type: 'error', kind: 'server', status: 500, message: 'The model server reported an error mid-stream: EngineCore encountered an issue. See stack trace (above) for the root cause.' });
      gw.setFault({ type: 'midstream-error', afterChunks: 3, path: VLLM_CHAT_PATH });
      const t = await cli.run(chatArgs('local-vllm', VLLM, 'x'));
      assert.equal(t.code, 1);
      assert.ok(t.stdout.startsWith('Hello') && t.stdout.endsWith('\n'), `partial text kept: ${JSON.stringify(t.stdout)}`);
      assert.match(t.stderr, /^maas: local-vllm: /m);
    });

    it('a stall longer than timeoutSeconds → timeout, exit 1', async () => {
      const file = cli.config(withEntry('local-vllm', { timeoutSeconds: 1 }), 'timeout.json');
      gw.setFault({ type: 'stall', ms: 8000, path: VLLM_CHAT_PATH });
      // the stall (8 s) outlasts timeoutSeconds (1 s): an answer other than a timeout means the CLI waited it out
      const r = await cli.run(['chat', '--config', file, '--endpoint', 'local-vllm', '--model', VLLM, '--json', 'x']);
      assert.equal(r.code, 1, r.stderr);
      const events = jsonLines(r.stdout);
      assertEventOrder(events);
      assert.deepEqual([events.at(-1)?.type, events.at(-1)?.kind], ['error', 'timeout']);
      gw.setFault({ type: 'stall', afterChunks: 2, ms: 8000, path: VLLM_CHAT_PATH });
      const mid = await cli.run(['chat', '--config', file, '--endpoint', 'local-vllm', '--model', VLLM, '--json', 'x']);
      assert.equal(mid.code, 1);
      const midEvents = jsonLines(mid.stdout);
      assertEventOrder(midEvents);
      assert.deepEqual([midEvents.at(-1)?.kind], ['timeout']);
      assert.equal(textOf(midEvents), 'Hello');
      assert.deepEqual(midEvents.at(-1), { type: 'error', kind: 'timeout', message: 'The gateway sent nothing for 1 s; the stream was stopped (raise timeoutSeconds if the model is slow)' });
    });

    it('a dropped connection → network error, exit 1', async () => {
      gw.setFault({ type: 'drop', afterChunks: 2, path: VLLM_CHAT_PATH });
      const r = await cli.run(chatArgs('local-vllm', VLLM, '--json', 'x'));
      assert.equal(r.code, 1, r.stderr);
      const events = jsonLines(r.stdout);
      assertEventOrder(events);
      assert.deepEqual([events.at(-1)?.type, events.at(-1)?.kind], ['error', 'network']);
    });

    it('401 → auth, exit 1, with a hint naming the variable', async () => {
      const r = await cli.run(chatArgs('local-vllm', VLLM, 'x'), { env: { MAAS_API_KEY_LOCAL_VLLM: 'wrong-key-0000' } });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^maas: local-vllm: .*401/m);
      assert.match(r.stderr, /^maas: hint: .*MAAS_API_KEY_LOCAL_VLLM/m);
      gw.setFault({ type: 'status', status: 401, path: '/rhoai/v1/chat/completions' });
      const j = await cli.run(chatArgs('openshift-maas', 'publishers/llm/models/facebook/opt-125m', '--json', 'x'));
      assert.equal(j.code, 1);
      const [e] = jsonLines(j.stdout);
      assert.deepEqual([e.type, e.kind, e.status], ['error', 'auth', 401]);
    });

    it('openshift: a model URL on another origin is refused before any request goes there', async () => {
      const n = gw.requests.length;
      const r = await cli.run(chatArgs('openshift-maas', 'gpt-4o-external', '--json', 'x'));
      assert.equal(r.code, 2, r.stderr);
      const [e] = jsonLines(r.stdout);
      assert.equal(e.kind, 'config');
      for (const part of [gw.url, gw.foreignUrl, 'allowedOrigins']) assert.ok(String(e.message).includes(part), `message names ${part}: ${String(e.message)}`);
      assert.equal(requestsSince(n).filter((q) => q.origin === 'foreign').length, 0);
    });

    it('a redirect to a foreign origin is a config error, and carries no credential there', async () => {
      const xkey = { ...entries[0], id: 'vllm-xkey', auth: { type: 'header', name: 'x-api-key' } };
      const file = cli.config([...entries, xkey], 'redirect.json');
      const env = { MAAS_API_KEY_VLLM_XKEY: gw.env().MAAS_API_KEY_LOCAL_VLLM };
      for (const endpoint of ['local-vllm', 'vllm-xkey']) {
        gw.setFault({ type: 'redirect', to: 'foreign', path: VLLM_CHAT_PATH });
        const n = gw.requests.length;
        const r = await cli.run(['chat', '--config', file, '--endpoint', endpoint, '--model', VLLM, '--json', 'x'], { env });
        assert.equal(r.code, 2, `${endpoint}: ${r.stdout}${r.stderr}`);
        const events = jsonLines(r.stdout);
        assertEventOrder(events);
        assert.equal(events.at(-1)?.kind, 'config');
        assert.ok(String(events.at(-1)?.message).includes(gw.foreignUrl), String(events.at(-1)?.message));
        for (const q of requestsSince(n).filter((x) => x.origin === 'foreign')) {
          assert.equal(q.headers.authorization, undefined);
          assert.equal(q.headers['x-api-key'], undefined);
        }
      }
    });

    it('intel-tiber: an expired token is refreshed once and the request succeeds', async () => {
      gw.setFault({ type: 'expired-token', path: '/generatestream' });
      const n = gw.requests.length;
      const r = await cli.run(chatArgs('intel-tiber', VLLM, '--json', 'x'));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assertEventOrder(jsonLines(r.stdout));
      const since = requestsSince(n);
      assert.equal(since.filter((q) => q.path.startsWith('/oauth2/token')).length, 2, 'one token, then one refresh');
      assert.equal(since.filter((q) => q.path.includes('/generatestream')).length, 2);
    });

    it('SIGINT mid-stream aborts the request: cancelled done, exit 130', async () => {
      const interruptAtFirstText = { onSpawn: (child: ChildProcess, out: { stdout(): string }) => {
        const poll = setInterval(() => { if (/"type":"text"|Hello/.test(out.stdout())) { clearInterval(poll); child.kill('SIGINT'); } }, 10);
        child.on('close', () => clearInterval(poll));
      } };
      gw.setFault({ type: 'stall', afterChunks: 2, ms: 15_000, path: VLLM_CHAT_PATH });
      const r: CliResult = await cli.run(chatArgs('local-vllm', VLLM, '--json', 'x'), interruptAtFirstText);
      assert.equal(r.code, 130, r.stderr);
      const events = jsonLines(r.stdout);
      assertEventOrder(events);
      assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'cancelled' });
      assert.equal(textOf(events), 'Hello', 'the text before the interrupt is kept');
      gw.setFault({ type: 'stall', afterChunks: 2, ms: 15_000, path: VLLM_CHAT_PATH });
      const t = await cli.run(chatArgs('local-vllm', VLLM, 'x'), interruptAtFirstText);
      assert.equal(t.code, 130, t.stderr);
      assert.ok(t.stdout.startsWith('Hello') && t.stdout.endsWith('\n'));
    });
  });
});
