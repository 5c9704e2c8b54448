/**
 * Every task-shaped fixture through the task decoders: the normalised result each one gives, or the
 * taxonomy's kind and message for error bodies and bodies of another shape.
 */
import * as assert from 'node:assert/strict';
import { listFixtures, readFixtureText, statusOf } from './helpers/fixtures';
import { errorFromHttp, MaasError, type ErrorKind } from '../../src/core/errors';
import { decodeJinaRerank } from '../../src/core/wire/jina';
import { decodeLabels, decodeTeiEmbed, decodeTeiRerank } from '../../src/core/wire/tei';
import { decodeEmbeddings } from '../../src/core/wire/openai-embeddings';
import { decodeVllmClassify } from '../../src/core/wire/vllm-classify';
import { decodeTranscription } from '../../src/core/wire/openai-audio';
import { decodeImages } from '../../src/core/wire/openai-images';
import { decodeClassify, decodeSchema, decodeSpeech, decodeTranscript, decodeTranslation } from '../../src/core/wire/oiserve';
import { decodePrediction } from '../../src/core/wire/raybundle';
import { mediaFromBase64 } from '../../src/core/tasks/requests';

const URL_ = 'https://gw.example/v1/task';
const json = (rel: string): unknown => JSON.parse(readFixtureText(rel));

const PANDA_DOCS = ['hi', 'it is a bear', 'The giant panda is a bear species endemic to China.'];

/** A success fixture → what its decoder returns (compared deeply), or the error it throws. */
const SUCCESS: Record<string, () => unknown> = {
  'vllm/rerank.200.json': () => decodeJinaRerank(json('vllm/rerank.200.json'), URL_, PANDA_DOCS),
  'gpustack/rerank-llamabox.200.json': () => decodeJinaRerank(json('gpustack/rerank-llamabox.200.json'), URL_, [], 2),
  'jina/rerank.200.json': () => decodeJinaRerank(json('jina/rerank.200.json'), URL_, []),
  'tei/rerank.200.json': () => decodeTeiRerank(json('tei/rerank.200.json'), URL_, ['a', 'b', 'c', 'd']),
  'vllm/score.200.json': () => decodeJinaRerank(json('vllm/score.200.json'), URL_, []),
  'tei/info-reranker.200.json': () => decodeTeiRerank(json('tei/info-reranker.200.json'), URL_, []),
  'vllm/classify.200.json': () => decodeVllmClassify(json('vllm/classify.200.json'), URL_),
  'tei/predict.200.json': () => decodeLabels(json('tei/predict.200.json'), URL_),
  'oicm/oiserve-classify.200.json': () => decodeClassify(json('oicm/oiserve-classify.200.json'), URL_),
  'vllm/embeddings.200.json': () => decodeEmbeddings(json('vllm/embeddings.200.json'), URL_),
  'tei/embed.200.json': () => decodeTeiEmbed(json('tei/embed.200.json'), URL_),
  'vllm/audio-transcription.200.json': () => decodeTranscription(readFixtureText('vllm/audio-transcription.200.json'), 'application/json', URL_),
  'openai/audio-transcription.200.json': () => decodeTranscription(readFixtureText('openai/audio-transcription.200.json'), 'application/json', URL_),
  'openai/audio-transcription-verbose.200.json': () => decodeTranscription(readFixtureText('openai/audio-transcription-verbose.200.json'), 'application/json', URL_),
  'openai/audio-transcription.200.txt': () => decodeTranscription(readFixtureText('openai/audio-transcription.200.txt'), 'text/plain; charset=utf-8', URL_),
  'oicm/oiserve-transcript.200.json': () => decodeTranscript(json('oicm/oiserve-transcript.200.json'), URL_),
  'openai/images-generations.200.json': () => {
    const img = decodeImages(json('openai/images-generations.200.json'), URL_);
    assert.ok('b64' in img);
    const m = mediaFromBase64(img.b64, 'image', 'application/octet-stream');
    return { mimeType: m.mimeType, bytes: m.bytes.length };
  },
  'oicm/oiserve-generate-speech.200.json': () => {
    const m = mediaFromBase64(decodeSpeech(json('oicm/oiserve-generate-speech.200.json'), URL_), 'audio', 'application/octet-stream');
    return { mimeType: m.mimeType, bytes: m.bytes.length };
  },
  'oicm/oiserve-generate-speech-schema.200.json': () => decodeSchema(json('oicm/oiserve-generate-speech-schema.200.json'), URL_),
  'oicm/oiserve-translate.200.json': () => decodeTranslation(json('oicm/oiserve-translate.200.json'), URL_),
  'oicm/raybundle-predict.200.json': () => decodePrediction(json('oicm/raybundle-predict.200.json')),
};

type Expect = { value: unknown } | { kind: ErrorKind; message: RegExp };

const EXPECTED: Record<string, Expect> = {
  'vllm/rerank.200.json': { value: { results: [
    { index: 2, score: 0.99853515625, text: PANDA_DOCS[2] }, { index: 1, score: 0.0234222412109375, text: 'it is a bear' }, { index: 0, score: 1.72853469848e-05, text: 'hi' },
  ] } },
  // logits: negative scores kept as they are; top 2; the texts the server echoed
  'gpustack/rerank-llamabox.200.json': { value: { results: [
    { index: 2, score: 1.951932668685913, text: 'The giant panda (Ailuropoda melanoleuca), sometimes called a panda bear or simply panda, is a bear species endemic to China.' },
    { index: 1, score: -3.7347371578216553, text: 'it is a bear' },
  ] } },
  'jina/rerank.200.json': { value: { results: [
    { index: 0, score: 0.8783142566680908, text: 'Organic skincare for sensitive skin with aloe vera and chamomile.' },
    { index: 2, score: 0.762467586994171, text: 'Bio-Hautpflege fuer empfindliche Haut mit Aloe Vera und Kamille.' },
  ] } },
  'tei/rerank.200.json': { value: { results: [
    { index: 2, score: 0.9986646, text: 'c' }, { index: 0, score: 0.0012893283, text: 'a' }, { index: 1, score: 7.662102e-05, text: 'b' }, { index: 3, score: 7.602479e-05, text: 'd' },
  ] } },
  // vLLM's /score is not rerank's shape: the rerank decoder refuses it rather than guess
  'vllm/score.200.json': { kind: 'protocol', message: /^https:\/\/gw\.example\/v1\/task did not answer with a rerank result/ },
  'tei/info-reranker.200.json': { kind: 'protocol', message: /did not answer with a TEI rerank result/ },
  // only the top class is named by vLLM
  'vllm/classify.200.json': { value: { labels: [{ label: 'Default', score: 0.565970778465271 }, { label: 'class 1', score: 0.4340292513370514 }] } },
  'tei/predict.200.json': { value: { labels: [{ label: 'admiration', score: 0.99332774 }, { label: 'approval', score: 0.0022727316 }, { label: 'neutral', score: 0.0012649657 }] } },
  'oicm/oiserve-classify.200.json': { value: { labels: [{ label: 'POSITIVE', score: 0.9998 }, { label: 'NEGATIVE', score: 0.0002 }] } },
  'vllm/embeddings.200.json': { value: { embeddings: [[0.0123291015625, -0.0467529296875, 0.0301513671875, 0.00872802734375]], dimensions: 4 } },
  'tei/embed.200.json': { value: { embeddings: [[-0.015143932, -0.0026477021, 0.026366921, -0.010427436, -0.0058458988, -0.034748647]], dimensions: 6 } },
  'vllm/audio-transcription.200.json': { value: { text: 'Mr. Quilter is the apostle of the middle classes, and we are glad to welcome his gospel.' } },
  'openai/audio-transcription.200.json': { value: { text: "Imagine the wildest idea that you've ever had." } },
  'openai/audio-transcription-verbose.200.json': { value: { text: "Imagine the wildest idea that you've ever had." } },
  'openai/audio-transcription.200.txt': { value: { text: "Imagine the wildest idea that you've ever had." } },
  'oicm/oiserve-transcript.200.json': { value: { text: 'Mr. Quilter is the apostle of the middle classes, and we are glad to welcome his gospel.' } },
  'openai/images-generations.200.json': { value: { mimeType: 'image/png', bytes: 70 } },
  'oicm/oiserve-generate-speech.200.json': { value: { mimeType: 'audio/wav', bytes: 44 } },
  'oicm/oiserve-generate-speech-schema.200.json': { value: [
    { name: 'prompt', label: 'Prompt', type: 'string', required: true, description: 'Hey, how are you doing today?' },
    { name: 'description', label: 'Speaker Description', type: 'string', required: true, description: 'A female speaker with a slightly low-pitched voice' },
  ] },
  'oicm/oiserve-translate.200.json': { value: { translation: 'Guten Morgen' } },
  // a Ray bundle that answers without `data`: the whole body is the data
  'oicm/raybundle-predict.200.json': { value: { data: { role: 'assistant', content: 'Abu Dhabi is the capital and largest city of the Emirate of Abu Dhabi, which is one of' } } },
};

/** Error bodies of the task servers: what a task run reports for them. */
const ERRORS: Record<string, { kind: ErrorKind; message: string }> = {
  'tei/error-422-validation.json': { kind: 'bad_request', message: 'The gateway rejected the request (422); check the model id and parameters: Input validation error: `inputs` must have less than 8192 tokens. Given: 9001' },
  'tei/openai-embeddings-error-422.json': { kind: 'bad_request', message: 'The gateway rejected the request (422); check the model id and parameters: Input validation error: `inputs` cannot be empty' },
};

/** The fixtures that are task results or task errors (by folder and name). */
const TASK_SHAPED = /^(tei\/|jina\/|oicm\/|openai\/(audio|images)|vllm\/(rerank|score|classify|embeddings|audio)|gpustack\/rerank)/;

describe('task fixtures through the task decoders', () => {
  const all = listFixtures().filter((f) => TASK_SHAPED.test(f));

  it('every task-shaped fixture has an expectation', () => {
    const missing = all.filter((f) => !(f in EXPECTED) && !(f in ERRORS));
    assert.deepEqual(missing, []);
    assert.ok(all.length >= 23, `found ${all.length}`);
  });

  for (const [rel, x] of Object.entries(EXPECTED)) {
    it(rel, () => {
      const run = SUCCESS[rel];
      assert.ok(run, `${rel}: no decoder`);
      if ('value' in x) { assert.deepEqual(run(), x.value); return; }
      assert.throws(run, (e: unknown) => e instanceof MaasError && e.kind === x.kind && x.message.test(e.message));
    });
  }

  for (const [rel, x] of Object.entries(ERRORS)) {
    it(`${rel} (${statusOf(rel)})`, () => {
      const err = errorFromHttp({ status: statusOf(rel), body: readFixtureText(rel) });
      assert.equal(err.kind, x.kind);
      assert.equal(err.message, x.message);
    });
  }
});
