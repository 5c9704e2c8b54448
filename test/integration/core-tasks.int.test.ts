/**
 * Every task on every platform that offers it, through core against the reference gateway: the
 * normalised results, the wire each platform speaks (recorded requests), and each task's error shapes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startHarness, type Harness } from './helpers/gateway-client';
import { MaasError, type ErrorKind } from '../../src/core/errors';
import { wavBytes } from '../gateway/answers';
import { KNOWN_PHRASE } from '../gateway/tasks/audio';
import { parseMultipart, field } from '../gateway/multipart';

const DOCS = ['hi', 'it is a bear', 'The giant panda is a bear species endemic to China.'];
const QUERY = 'What is a giant panda bear?';

async function rejectsWith(p: Promise<unknown>, kind: ErrorKind, message: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof MaasError, String(e));
    assert.equal(e.kind, kind, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('core tasks against the reference gateway', function () {
  this.timeout(20000);
  let h: Harness;
  let dir: string;
  let wav: string;
  before(async () => {
    h = await startHarness();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maas-tasks-'));
    wav = path.join(dir, 'fox.wav');
    fs.writeFileSync(wav, wavBytes());
  });
  after(async () => { await h.close(); fs.rmSync(dir, { recursive: true, force: true }); });
  beforeEach(() => { h.gw.clearFaults(); h.gw.clearRequests(); });

  const sent = (suffix: string) => {
    const r = h.gw.requests.find((x) => x.path.endsWith(suffix));
    assert.ok(r, `no request to …${suffix}: ${h.gw.requests.map((x) => x.path).join(', ')}`);
    return r;
  };

  describe('rerank', () => {
    it('GPUStack /v1/rerank (Jina): logits best first, top N, the texts', async () => {
      const r = await h.client('lab-gpustack').runTask('rerank', { model: 'bge-reranker-v2-m3', query: QUERY, documents: DOCS, topN: 2 });
      assert.deepEqual(r.results.map((x) => [x.index, x.text]), [[2, DOCS[2]], [1, DOCS[1]]]);
      assert.ok(r.results[0].score > r.results[1].score);
      assert.ok(r.results[1].score < 0, 'a logit, not a probability');
      assert.deepEqual(JSON.parse(sent('/gpustack/v1/rerank').body), { model: 'bge-reranker-v2-m3', query: QUERY, documents: DOCS, top_n: 2 });
    });

    it('vLLM /v1/rerank: probabilities best first', async () => {
      const r = await h.client('local-vllm').runTask('rerank', { model: 'BAAI/bge-reranker-v2-m3', query: QUERY, documents: DOCS });
      assert.deepEqual(r.results.map((x) => x.index), [2, 1, 0]);
      assert.ok(r.results.every((x) => x.score > 0 && x.score < 1));
    });

    it('OICM TEI: /v1/rerank is 404, /rerank answers, and the route is remembered', async () => {
      const c = h.client('oicm-prod');
      const r = await c.runTask('rerank', { model: '9e4f-rerank', query: QUERY, documents: DOCS, topN: 1 });
      assert.deepEqual(r.results.map((x) => [x.index, x.text]), [[2, DOCS[2]]]);
      assert.deepEqual(h.gw.requests.map((x) => x.path), ['/oicm/models/9e4f-rerank/proxy/v1/rerank', '/oicm/models/9e4f-rerank/proxy/rerank']);
      assert.deepEqual(JSON.parse(sent('/proxy/rerank').body), { query: QUERY, texts: DOCS });
      h.gw.clearRequests();
      await c.runTask('rerank', { model: '9e4f-rerank', query: QUERY, documents: DOCS });
      assert.deepEqual(h.gw.requests.map((x) => x.path), ['/oicm/models/9e4f-rerank/proxy/rerank']);
    });

    it('errors: unknown model, a model that is not a reranker, empty documents', async () => {
      await rejectsWith(h.client('lab-gpustack').runTask('rerank', { model: 'nope', query: 'q', documents: ['a'] }), 'not_found', /: Model not found$/);
      await rejectsWith(h.client('lab-gpustack').runTask('rerank', { model: 'bge-m3', query: 'q', documents: ['a'] }), 'bad_request', /: Model bge-m3 does not support this API$/);
      await rejectsWith(h.client('local-vllm').runTask('rerank', { model: 'BAAI/bge-small-en-v1.5', query: 'q', documents: ['a'] }), 'bad_request', /: The model does not support Rerank API$/);
      await rejectsWith(h.client('oicm-prod').runTask('rerank', { model: '9e4f-rerank', query: 'q', documents: [] }), 'bad_request', /: Input validation error: `inputs` cannot be empty$/);
    });
  });

  describe('classification', () => {
    it('vLLM /classify at the server root: the top class named, the other "class 1"', async () => {
      const r = await h.client('local-vllm').runTask('classification', { model: 'jason9693/Qwen2.5-1.5B-apeach', text: 'I love this, it works great' });
      assert.deepEqual(r.labels.map((l) => l.label), ['POSITIVE', 'class 0']);
      assert.ok(r.labels[0].score > r.labels[1].score);
      assert.equal(sent('/classify').path, '/openai/classify');
    });

    it('OICM OI Serve: the bare list and the wrapped {"classification"} answer', async () => {
      const c = h.client('oicm-prod');
      const bare = await c.runTask('classification', { model: '7c2d-classify', text: 'This product works as expected' });
      assert.deepEqual(bare.labels, [{ label: 'POSITIVE', score: 0.9998 }, { label: 'NEGATIVE', score: 0.0002 }]);
      const wrapped = await c.runTask('classification', { model: 'f6a7-sentiment', text: 'this is awful' });
      assert.deepEqual(wrapped.labels, [{ label: 'NEGATIVE', score: 0.9731 }, { label: 'POSITIVE', score: 0.0269 }]);
      assert.deepEqual(JSON.parse(sent('/f6a7-sentiment/proxy/v1/classify').body), { inputs: 'this is awful' });
    });

    it('OICM TEI classifier: /v1/predict is 404, /predict answers', async () => {
      const r = await h.client('oicm-prod').runTask('classification', { model: 'a7b8-emotion', text: 'Abu Dhabi is great!' });
      assert.equal(r.labels[0].label, 'admiration');
      assert.deepEqual(h.gw.requests.map((x) => x.path), ['/oicm/models/a7b8-emotion/proxy/v1/predict', '/oicm/models/a7b8-emotion/proxy/predict']);
    });

    it('errors: a missing field (FastAPI 422), a platform without classification', async () => {
      await rejectsWith(h.client('local-vllm').runTask('classification', { model: 'jason9693/Qwen2.5-1.5B-apeach', text: '' }), 'bad_request', /: Input cannot be empty$/);
      await rejectsWith(h.client('lab-gpustack').runTask('classification', { model: 'x', text: 'y' }), 'config', 'endpoint "lab-gpustack" (gpustack) does not offer classification; it offers rerank, embedding, transcription, speech, image');
    });
  });

  describe('embedding', () => {
    it('OpenAI /v1/embeddings (vLLM, GPUStack) and OICM TEI /embed: vectors in input order with dimensions', async () => {
      const a = await h.client('local-vllm').runTask('embedding', { model: 'BAAI/bge-small-en-v1.5', texts: ['one', 'two', 'three'] });
      assert.equal(a.embeddings.length, 3);
      assert.equal(a.dimensions, 8);
      const g = await h.client('lab-gpustack').runTask('embedding', { model: 'bge-m3', texts: ['one', 'two', 'three'] });
      assert.deepEqual(g.embeddings, a.embeddings, 'the same deterministic vectors');
      const o = await h.client('oicm-prod').runTask('embedding', { model: '8d3e-embed', texts: ['one', 'two'] });
      assert.deepEqual(o.embeddings, a.embeddings.slice(0, 2));
      assert.deepEqual(JSON.parse(sent('/8d3e-embed/proxy/embed').body), { inputs: ['one', 'two'] });
    });

    it('errors: a chat model asked for embeddings, an empty input to TEI', async () => {
      await rejectsWith(h.client('local-vllm').runTask('embedding', { model: 'meta-llama/Llama-3.1-8B-Instruct', texts: ['x'] }), 'bad_request', /: The model does not support Embeddings API$/);
      await rejectsWith(h.client('oicm-prod').runTask('embedding', { model: '8d3e-embed', texts: [''] }), 'bad_request', /`inputs` cannot be empty$/);
    });
  });

  describe('transcription', () => {
    it('multipart uploads streamed from disk: the gateway hears the known phrase in its own WAV (GPUStack, vLLM, OICM)', async () => {
      const progress: number[] = [];
      const g = await h.client('lab-gpustack').runTask('transcription', { model: 'whisper-large-v3', file: wav }, undefined, { onUploadProgress: (sent) => progress.push(sent) });
      assert.equal(g.text, KNOWN_PHRASE);
      const req = sent('/gpustack/v1/audio/transcriptions');
      assert.equal(req.headers['content-length'], String(progress[progress.length - 1]));
      const parts = parseMultipart(req.headers['content-type'], Buffer.from(req.body, 'latin1')) ?? [];
      assert.equal(field(parts, 'model'), 'whisper-large-v3');
      assert.equal(parts.find((p) => p.name === 'file')?.filename, 'fox.wav');

      assert.equal((await h.client('local-vllm').runTask('transcription', { model: 'openai/whisper-large-v3', file: wav })).text, KNOWN_PHRASE);
      const o = await h.client('oicm-prod').runTask('transcription', { model: 'b2c3-asr', file: wav });
      assert.equal(o.text, KNOWN_PHRASE);
    });

    it('another file is answered with its size; params become form fields', async () => {
      const other = path.join(dir, 'other.mp3');
      fs.writeFileSync(other, Buffer.alloc(1234, 1));
      const r = await h.client('oicm-prod').runTask('transcription', { model: 'b2c3-asr', file: other, language: 'de' });
      assert.equal(r.text, 'Hello from b2c3-asr. You sent 1234 bytes of audio in de.');
    });

    it('errors: a model that does not transcribe, an unreadable file', async () => {
      await rejectsWith(h.client('local-vllm').runTask('transcription', { model: 'BAAI/bge-small-en-v1.5', file: wav }), 'bad_request', /: The model does not support Transcriptions API$/);
      await rejectsWith(h.client('lab-gpustack').runTask('transcription', { model: 'whisper-large-v3', file: path.join(dir, 'missing.wav') }), 'config', /missing\.wav cannot be read \(ENOENT\)/);
    });
  });

  describe('speech', () => {
    it('GPUStack /v1/audio/speech: binary WAV with its content type; the voice from the model meta', async () => {
      const models = await h.client('lab-gpustack').listModels();
      const voice = models.find((m) => m.id === 'cosyvoice-300m')?.voices?.[1];
      assert.equal(voice, 'English Male');
      const r = await h.client('lab-gpustack').runTask('speech', { model: 'cosyvoice-300m', text: 'hello there', voice });
      assert.equal(r.mimeType, 'audio/wav');
      assert.deepEqual(Buffer.from(r.bytes), wavBytes());
      assert.deepEqual(JSON.parse(sent('/v1/audio/speech').body), { model: 'cosyvoice-300m', input: 'hello there', voice: 'English Male' });
    });

    it('OICM OI Serve: the form from its schema (/v1/generate-speech/schema is 404, /v1/schema answers), base64 audio', async () => {
      const c = h.client('oicm-prod');
      const schema = await c.taskSchema('speech', 'a1b2-tts');
      assert.deepEqual(schema?.map((f) => [f.name, f.required]), [['prompt', true], ['description', true]]);
      const r = await c.runTask('speech', { model: 'a1b2-tts', text: 'Hi, can you help me?', voice: 'A man with a clear voice' });
      assert.equal(r.mimeType, 'audio/wav');
      assert.deepEqual(Buffer.from(r.bytes), wavBytes());
      assert.deepEqual(JSON.parse(sent('/v1/generate-speech').body), { prompt: 'Hi, can you help me?', description: 'A man with a clear voice' });
      assert.equal(await h.client('lab-gpustack').taskSchema('speech', 'cosyvoice-300m'), undefined);
    });

    it('a spoken WAV transcribes back to the known phrase', async () => {
      const audio = await h.client('lab-gpustack').runTask('speech', { model: 'cosyvoice-300m', text: KNOWN_PHRASE });
      const file = path.join(dir, 'round-trip.wav');
      fs.writeFileSync(file, audio.bytes);
      assert.equal((await h.client('oicm-prod').runTask('transcription', { model: 'b2c3-asr', file })).text, KNOWN_PHRASE);
    });

    it('errors: an unknown voice, a missing schema field', async () => {
      await rejectsWith(h.client('lab-gpustack').runTask('speech', { model: 'cosyvoice-300m', text: 'x', voice: 'Robot' }), 'bad_request', /: Voice "Robot" is not one of Chinese Female, English Male, English Female$/);
      await rejectsWith(h.client('oicm-prod').runTask('speech', { model: 'a1b2-tts', text: 'x' }), 'bad_request', /: Field required$/);
    });
  });

  describe('image', () => {
    it('GPUStack asks for b64_json and gets a PNG; OICM /v1/generate-image too', async () => {
      const g = await h.client('lab-gpustack').runTask('image', { model: 'sd-turbo', prompt: 'a red panda', size: '512x512' });
      assert.equal(g.mimeType, 'image/png');
      assert.deepEqual(JSON.parse(sent('/v1/images/generations').body), { model: 'sd-turbo', prompt: 'a red panda', n: 1, response_format: 'b64_json', size: '512x512' });
      const o = await h.client('oicm-prod').runTask('image', { model: 'e5f6-image', prompt: 'a man walking on the moon', params: { num_inference_steps: 20 } });
      assert.equal(o.mimeType, 'image/png');
      assert.deepEqual(Buffer.from(o.bytes), Buffer.from(g.bytes));
      assert.deepEqual(JSON.parse(sent('/v1/generate-image').body), { prompt: 'a man walking on the moon', num_inference_steps: 20 });
    });

    it('errors: a bad parameter, a model that is not an image model', async () => {
      await rejectsWith(h.client('oicm-prod').runTask('image', { model: 'e5f6-image', prompt: 'x', params: { num_inference_steps: 0 } }), 'bad_request', /: num_inference_steps must be a number between 1 and 100$/);
      await rejectsWith(h.client('lab-gpustack').runTask('image', { model: 'bge-m3', prompt: 'x' }), 'bad_request', /does not support this API$/);
    });
  });

  describe('translation and prediction (OICM)', () => {
    it('translates through OI Serve', async () => {
      assert.deepEqual(await h.client('oicm-prod').runTask('translation', { model: 'c3d4-translate', text: 'Good Morning' }), { translation: '[translated] Good Morning' });
    });

    it('predicts with tensor JSON: /v1/predict is 404, /predict answers {data, meta} with the input/output schema', async () => {
      const row = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
      const r = await h.client('oicm-prod').runTask('prediction', { model: 'd4e5-predict', input: [row, row.map((x) => x * 0)] });
      assert.deepEqual(r.data, [86, 10]);
      assert.deepEqual((r.meta as { input_schema: { 'tensor-spec': { shape: number[] } }[] }).input_schema[0]['tensor-spec'].shape, [-1, 10]);
      assert.deepEqual(h.gw.requests.map((x) => x.path), ['/oicm/models/d4e5-predict/proxy/v1/predict', '/oicm/models/d4e5-predict/proxy/predict']);
    });

    it('errors: a tensor of the wrong shape, translation without text', async () => {
      await rejectsWith(h.client('oicm-prod').runTask('prediction', { model: 'd4e5-predict', input: [1, 2, 3] }), 'bad_request', /: Expected a tensor of shape \[-1, 10\]; row 0 is \[1,2,3\]$/);
      await rejectsWith(h.client('oicm-prod').runTask('translation', { model: 'c3d4-translate', text: 'x', params: { text: null } }), 'bad_request', /: Field required$/);
    });
  });

  it('a gateway failure in a task is reported through the taxonomy (500 → server)', async () => {
    h.gw.setFault({ type: 'status', status: 500, path: '/gpustack/v1/rerank' });
    await rejectsWith(h.client('lab-gpustack').runTask('rerank', { model: 'bge-reranker-v2-m3', query: 'q', documents: ['a'] }), 'server', /^The gateway or model server failed \(500\)/);
  });
});
