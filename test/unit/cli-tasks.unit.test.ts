/** The task commands with a stub core: arguments → task requests, the contract's documents, human output, errors and exit codes. */
import * as assert from 'node:assert/strict';
import { Harness, ep } from './cli-fakes';
import { MaasError } from '../../src/core/errors';
import { formatScore, rerankLines } from '../../src/cli/commands/task-output';
import { parseParams } from '../../src/cli/commands/task-run';

const base = (cmd: string, ...rest: string[]) => [cmd, '--config', '/cfg.json', '--endpoint', 'lab', '--model', 'm', ...rest];
const env = { MAAS_API_KEY_LAB: 'sk-lab-1234' };
const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));

function harness(taskResult: unknown): Harness {
  return new Harness(env).config([ep('lab')]).script('lab', { taskResult, needsKey: true });
}

describe('maas task commands (stub core)', () => {
  it('rerank: documents and --top-n reach core; --json prints {"results"} best first; people get score, position, text', async () => {
    const result = { results: [{ index: 2, score: 1.9519, text: 'The giant panda' }, { index: 0, score: -6.1576, text: 'hi' }] };
    const h = harness(result);
    assert.equal(await h.run(...base('rerank', '--query', 'panda?', '--top-n', '2', '--json', 'hi', 'bear', 'The giant panda')), 0);
    assert.deepEqual(h.clients[0].tasks, [{ task: 'rerank', req: { model: 'm', query: 'panda?', documents: ['hi', 'bear', 'The giant panda'], topN: 2 } }]);
    assert.deepEqual(h.jsonLines(), [result]);
    const people = harness(result);
    assert.equal(await people.run(...base('rerank', '--query', 'panda?', 'hi', 'bear', 'The giant panda')), 0);
    assert.equal(people.stdout, ' 1.9519  [2]  The giant panda\n-6.1576  [0]  hi\n');
  });

  it('rerank lines are cut to the terminal width, small scores in exponent form', () => {
    const r = { results: [{ index: 10, score: 0.00001, text: 'a very long document text that goes on and on and on' }] };
    const line = rerankLines(r, 40);
    assert.equal(line, '1.00e-5  [10]  a very long document tex…\n');
    assert.equal([...line.trimEnd()].length, 40);
    assert.equal(rerankLines(r), '1.00e-5  [10]  a very long document text that goes on and on and on\n', 'piped: the whole text');
    assert.equal(formatScore(0), '0.0000');
  });

  it('classify: TEXT (or stdin), --param parsed as JSON when it parses; labels best first', async () => {
    const result = { labels: [{ label: 'POSITIVE', score: 0.9998 }, { label: 'NEGATIVE', score: 0.0002 }] };
    const h = harness(result);
    h.io.stdin = 'I love it\n';
    assert.equal(await h.run(...base('classify', '--param', 'top_k=2', '--param', 'truncate=true', '--param', 'note=hello world')), 0);
    assert.deepEqual(h.clients[0].tasks[0].req, { model: 'm', text: 'I love it', params: { top_k: 2, truncate: true, note: 'hello world' } });
    assert.equal(h.stdout, 'POSITIVE  0.9998\nNEGATIVE  0.0002\n');
  });

  it('embed: one vector per TEXT; people get the count and dimensions', async () => {
    const result = { embeddings: [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]], dimensions: 3 };
    const h = harness(result);
    assert.equal(await h.run(...base('embed', '--json', 'one', 'two')), 0);
    assert.deepEqual(h.jsonLines(), [{ embeddings: result.embeddings }]);
    const people = harness(result);
    assert.equal(await people.run(...base('embed', 'one', 'two')), 0);
    assert.equal(people.stdout, '2 vectors of 3 dimensions\n');
  });

  it('transcribe and translate print the text; --language reaches core', async () => {
    const h = harness({ text: 'The quick brown fox.' });
    assert.equal(await h.run(...base('transcribe', '--language', 'en', '/audio/fox.wav')), 0);
    assert.deepEqual(h.clients[0].tasks[0].req, { model: 'm', file: '/audio/fox.wav', language: 'en' });
    assert.equal(h.stdout, 'The quick brown fox.\n');
    const t = harness({ translation: 'Guten Morgen' });
    assert.equal(await t.run(...base('translate', '--json', 'Good morning')), 0);
    assert.deepEqual(t.jsonLines(), [{ translation: 'Guten Morgen' }]);
  });

  it('speak and image write --out; the type from the answer, else from the extension', async () => {
    const h = harness({ bytes: PNG, mimeType: 'image/png' });
    assert.equal(await h.run(...base('image', '--out', '/tmp/cat.png', '--size', '512x512', '--json', 'a cat')), 0);
    assert.deepEqual(h.clients[0].tasks[0].req, { model: 'm', prompt: 'a cat', size: '512x512' });
    assert.deepEqual(h.jsonLines(), [{ file: '/tmp/cat.png', bytes: PNG.length, mimeType: 'image/png' }]);
    assert.deepEqual(h.io.written.get('/tmp/cat.png'), PNG);
    const s = harness({ bytes: new Uint8Array([1, 2, 3]), mimeType: 'application/octet-stream' });
    assert.equal(await s.run(...base('speak', '--out', '/tmp/hi.mp3', '--voice', 'English Male', 'hello')), 0);
    assert.deepEqual(s.clients[0].tasks[0].req, { model: 'm', text: 'hello', voice: 'English Male' });
    assert.equal(s.stdout, 'wrote /tmp/hi.mp3 (3 bytes, audio/mpeg)\n');
  });

  it('predict: JSON text, @FILE or stdin, sent unchanged; the document is {data, meta?}', async () => {
    const result = { data: [86], meta: { input_schema: [] } };
    const h = harness(result);
    assert.equal(await h.run(...base('predict', '--json', '[[1,2,3]]')), 0);
    assert.deepEqual(h.clients[0].tasks[0].req, { model: 'm', input: [[1, 2, 3]] });
    assert.deepEqual(h.jsonLines(), [result]);
    const f = harness({ data: 1 });
    f.io.files.set('/in.json', '{"x": 1}');
    assert.equal(await f.run(...base('predict', '@/in.json')), 0);
    assert.deepEqual(f.clients[0].tasks[0].req, { model: 'm', input: { x: 1 } });
    assert.equal(f.stdout, '{\n  "data": 1\n}\n');
    const s = harness({ data: 2 });
    s.io.stdin = '[4]';
    assert.equal(await s.run(...base('predict', '-')), 0);
    assert.deepEqual(s.clients[0].tasks[0].req, { model: 'm', input: [4] });
  });

  it('usage errors exit 2 before any request: bad JSON, bad --param, bad --size, missing --out or DOC', async () => {
    for (const [argv, message] of [
      [base('predict', '{nope'), /maas: JSON_INPUT is not JSON/],
      [base('classify', '--param', 'novalue', 'x'), /--param "novalue" is not k=v/],
      [base('image', '--out', '/o.png', '--size', 'big', 'x'), /--size "big" is not WxH/],
      [base('speak', 'hi'), /--out FILE is required/],
      [base('rerank', '--query', 'q'), /at least one DOC is required/],
    ] as const) {
      const h = harness({});
      assert.equal(await h.run(...argv), 2, argv.join(' '));
      assert.match(h.stderr, message);
      assert.equal(h.clients.length ? h.clients[0].tasks.length : 0, 0);
    }
  });

  it('a gateway error: "maas: <endpoint>: <message>" on stderr, exit 1; with --json the error document', async () => {
    const err = new MaasError({ kind: 'bad_request', status: 400, message: 'The gateway rejected the request (400); check the model id and parameters: Model bge-m3 does not support this API' });
    const h = harness(err);
    assert.equal(await h.run(...base('rerank', '--query', 'q', 'a')), 1);
    assert.equal(h.stdout, '');
    assert.match(h.stderr, /^maas: lab: The gateway rejected the request \(400\); check the model id and parameters: Model bge-m3 does not support this API\n/);
    const j = harness(err);
    assert.equal(await j.run(...base('rerank', '--json', '--query', 'q', 'a')), 1);
    assert.deepEqual(j.jsonLines(), [{ type: 'error', kind: 'bad_request', status: 400, message: err.message, endpoint: 'lab' }]);
  });

  it('a config error (no credential, unwritable --out) exits 2', async () => {
    const h = new Harness({}).config([ep('lab')]).script('lab', { taskResult: { translation: 'x' }, needsKey: true });
    assert.equal(await h.run(...base('translate', 'x')), 2);
    assert.match(h.stderr, /maas: lab: No API key for endpoint "lab"/);
    const w = harness({ bytes: PNG, mimeType: 'image/png' });
    assert.equal(await w.run(...base('image', '--out', '/readonly/x.png', 'a cat')), 2);
    assert.match(w.stderr, /cannot write \/readonly\/x\.png \(EACCES\)/);
  });

  it('parseParams keeps strings that are not JSON and refuses a missing key', () => {
    assert.deepEqual(parseParams(['a=1', 'b=x=y', 'c=', 'd=[1,2]'], 'x'), { a: 1, b: 'x=y', c: '', d: [1, 2] });
    assert.throws(() => parseParams(['=1'], 'x'), /is not k=v/);
    assert.equal(parseParams([], 'x'), undefined);
  });
});
