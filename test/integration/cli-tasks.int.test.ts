/**
 * The task commands end to end: dist/cli.js against the reference gateway, one command per task on each
 * platform that offers it, the contract's documents, files written with --out, and error exits.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGateway, type Gateway } from '../gateway/server';
import { CLI, CliRunner } from './cli-harness';
import { wavBytes } from '../gateway/answers';
import { KNOWN_PHRASE } from '../gateway/tasks/audio';

type Doc = Record<string, unknown>;

describe('maas task commands (dist/cli.js) against the reference gateway', function () {
  this.timeout(30_000);
  let gw: Gateway;
  let cli: CliRunner;
  let config: string;
  let wav: string;

  const task = (cmd: string, endpoint: string, model: string, ...rest: string[]) => cli.run([cmd, '--config', config, '--endpoint', endpoint, '--model', model, ...rest]);
  const doc = (stdout: string): Doc => {
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1, `one document: ${stdout}`);
    return JSON.parse(lines[0]) as Doc;
  };

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    gw = await startGateway({ chunkDelayMs: 1 });
    cli = new CliRunner(gw);
    config = cli.config(gw.endpoints());
    wav = join(cli.dir, 'fox.wav');
    writeFileSync(wav, wavBytes());
  });
  after(async () => { await gw.close(); });

  it('rerank on GPUStack (Jina), vLLM and OICM (TEI): results best first', async () => {
    const docs = ['hi', 'it is a bear', 'The giant panda is a bear species endemic to China.'];
    for (const [endpoint, model] of [['lab-gpustack', 'bge-reranker-v2-m3'], ['local-vllm', 'BAAI/bge-reranker-v2-m3'], ['oicm-prod', '9e4f-rerank']]) {
      const r = await task('rerank', endpoint, model, '--query', 'What is a giant panda bear?', '--top-n', '2', '--json', ...docs);
      assert.equal(r.code, 0, `${endpoint}: ${r.stderr}`);
      const results = doc(r.stdout).results as { index: number; score: number; text: string }[];
      assert.deepEqual(results.map((x) => x.index), [2, 1], endpoint);
      assert.equal(results[0].text, docs[2]);
    }
    const people = await task('rerank', 'lab-gpustack', 'bge-reranker-v2-m3', '--query', 'What is a giant panda bear?', ...docs);
    assert.equal(people.code, 0);
    assert.match(people.stdout, /^ +\d+\.\d{4}  \[2\]  The giant panda is a bear species endemic to China\.\n/);
    assert.equal(people.stdout.split('\n').length, 4);
  });

  it('classify on vLLM and OICM (both OI Serve shapes, TEI)', async () => {
    const v = await task('classify', 'local-vllm', 'jason9693/Qwen2.5-1.5B-apeach', '--json', 'I love it');
    assert.deepEqual((doc(v.stdout).labels as { label: string }[]).map((l) => l.label), ['POSITIVE', 'class 0']);
    for (const model of ['7c2d-classify', 'f6a7-sentiment']) {
      const o = await task('classify', 'oicm-prod', model, 'this works great');
      assert.equal(o.code, 0, o.stderr);
      assert.equal(o.stdout, 'POSITIVE  0.9998\nNEGATIVE  0.0002\n');
    }
    const t = await task('classify', 'oicm-prod', 'a7b8-emotion', '--json', 'Abu Dhabi is great!');
    assert.equal((doc(t.stdout).labels as { label: string }[])[0].label, 'admiration');
  });

  it('embed on vLLM, GPUStack and OICM (TEI)', async () => {
    for (const [endpoint, model] of [['local-vllm', 'BAAI/bge-small-en-v1.5'], ['lab-gpustack', 'bge-m3'], ['oicm-prod', '8d3e-embed']]) {
      const r = await task('embed', endpoint, model, '--json', 'one', 'two');
      assert.equal(r.code, 0, r.stderr);
      const e = doc(r.stdout).embeddings as number[][];
      assert.equal(e.length, 2);
      assert.equal(e[0].length, 8);
    }
    const people = await task('embed', 'lab-gpustack', 'bge-m3', 'one', 'two', 'three');
    assert.equal(people.stdout, '3 vectors of 8 dimensions\n');
  });

  it('transcribe the gateway\'s own WAV on GPUStack, vLLM and OICM: the known phrase', async () => {
    for (const [endpoint, model] of [['lab-gpustack', 'whisper-large-v3'], ['local-vllm', 'openai/whisper-large-v3'], ['oicm-prod', 'b2c3-asr']]) {
      const r = await task('transcribe', endpoint, model, wav);
      assert.equal(r.code, 0, `${endpoint}: ${r.stderr}`);
      assert.equal(r.stdout, `${KNOWN_PHRASE}\n`);
    }
    const j = await task('transcribe', 'lab-gpustack', 'whisper-large-v3', '--json', wav);
    assert.deepEqual(doc(j.stdout), { text: KNOWN_PHRASE });
  });

  it('speak to --out on GPUStack (binary WAV) and OICM (base64), then transcribe it back', async () => {
    const out = join(cli.dir, 'hello.wav');
    const g = await task('speak', 'lab-gpustack', 'cosyvoice-300m', '--out', out, '--voice', 'English Female', '--json', 'hello');
    assert.equal(g.code, 0, g.stderr);
    assert.deepEqual(doc(g.stdout), { file: out, bytes: wavBytes().length, mimeType: 'audio/wav' });
    assert.deepEqual(readFileSync(out), wavBytes());
    const outO = join(cli.dir, 'oicm.wav');
    const o = await task('speak', 'oicm-prod', 'a1b2-tts', '--out', outO, '--voice', 'A calm female voice', 'hello');
    assert.equal(o.stdout, `wrote ${outO} (${wavBytes().length} bytes, audio/wav)\n`);
    const back = await task('transcribe', 'oicm-prod', 'b2c3-asr', outO);
    assert.equal(back.stdout, `${KNOWN_PHRASE}\n`);
  });

  it('image to --out on GPUStack and OICM: a PNG', async () => {
    for (const [endpoint, model] of [['lab-gpustack', 'sd-turbo'], ['oicm-prod', 'e5f6-image']]) {
      const out = join(cli.dir, `${endpoint}.png`);
      const r = await task('image', endpoint, model, '--out', out, '--json', 'a red panda');
      assert.equal(r.code, 0, r.stderr);
      const d = doc(r.stdout);
      assert.equal(d.mimeType, 'image/png');
      assert.equal(readFileSync(out).subarray(1, 4).toString('ascii'), 'PNG');
    }
  });

  it('translate and predict on OICM', async () => {
    const t = await task('translate', 'oicm-prod', 'c3d4-translate', 'Good Morning');
    assert.equal(t.stdout, '[translated] Good Morning\n');
    const input = join(cli.dir, 'rows.json');
    writeFileSync(input, JSON.stringify([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]));
    const p = await task('predict', 'oicm-prod', 'd4e5-predict', '--json', `@${input}`);
    assert.equal(p.code, 0, p.stderr);
    const d = doc(p.stdout);
    assert.deepEqual(d.data, [86]);
    assert.ok(d.meta);
    const s = await cli.run(['predict', '--config', config, '--endpoint', 'oicm-prod', '--model', 'd4e5-predict', '-'], { stdin: '[0,0,0,0,0,0,0,0,0,0]' });
    assert.deepEqual(JSON.parse(s.stdout), { data: [10], meta: d.meta });
  });

  it('errors: the server\'s reason on stderr and exit 1; --json the error document; a task the platform lacks exits 2', async () => {
    const bad = await task('predict', 'oicm-prod', 'd4e5-predict', '[1,2,3]');
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^maas: oicm-prod: The gateway rejected the request \(400\); check the model id and parameters: Expected a tensor of shape \[-1, 10\]; row 0 is \[1,2,3\]\n/);
    const voice = await task('speak', 'lab-gpustack', 'cosyvoice-300m', '--out', join(cli.dir, 'x.wav'), '--voice', 'Robot', '--json', 'hi');
    assert.equal(voice.code, 1);
    assert.deepEqual(doc(voice.stdout), { type: 'error', kind: 'bad_request', status: 400, message: 'The gateway rejected the request (400); check the model id and parameters: Voice "Robot" is not one of Chinese Female, English Male, English Female', endpoint: 'lab-gpustack' });
    assert.ok(!existsSync(join(cli.dir, 'x.wav')), 'nothing written on failure');
    const lacks = await task('translate', 'lab-gpustack', 'qwen2.5-7b-instruct', 'hi');
    assert.equal(lacks.code, 2);
    assert.match(lacks.stderr, /does not offer translation/);
    const missing = await task('transcribe', 'lab-gpustack', 'whisper-large-v3', join(cli.dir, 'nope.wav'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.wav cannot be read \(ENOENT\); give the path of an audio file/);
  });
});
