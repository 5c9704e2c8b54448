/**
 * docs/testing.md, "Fixtures": replay every file in test/fixtures through the decoders at random chunk boundaries.
 * The directory is enumerated at run time, so new fixtures are covered automatically; an empty folder fails.
 */
import * as assert from 'node:assert/strict';
import { listFixtures, readFixture, readFixtureText, statusOf } from './helpers/fixtures';
import { chunkings, collect, fromChunks, hashSeed, utf8 } from './helpers/bytes';
import { assertOrder, rawEvents, sequenced, summarise, expectDone, expectError, viaResponse, type Mapper, type Summary } from './helpers/streams';
import { IntelStreamDecoder } from '../../src/core/stream/intel';
import { decodeBody, type StreamDecoder } from '../../src/core/stream/decoder';
import { AnswerDecoder } from '../../src/core/stream/answer-decoder';
import { batchesOf, eventsViaBatches } from './helpers/batches';
import type { EventBatch } from '../../src/core/stream/events';
import { sequenceEvents } from '../../src/core/stream/sequence';
import { errorFromHttp, MaasError, reasonBeyondStatus, type ErrorKind } from '../../src/core/errors';
import { parseRetryAfter } from '../../src/core/http/retry';
import { parseModelList, cardToModel } from '../../src/core/platforms/openai-compat';
import type { StreamEvent, FinishReason } from '../../src/core/stream/events';

const ALL = listFixtures();

interface StreamExpectation {
  text: string;
  /** Compare text after trimming (the reasoning fixture's answer starts with blank lines). */
  trimText?: boolean;
  reasoning?: string;
  finish?: FinishReason;
  usage?: { inputTokens?: number; outputTokens?: number };
  error?: { kind: ErrorKind; status?: number; contains: string };
}

/** Per-file expectations for the shipped streams (INDEX.md). Files not listed still get the generic checks. */
const STREAMS: Record<string, StreamExpectation> = {
  'anthropic/messages-stream.200.sse': { text: 'Hello!', finish: 'stop', usage: { inputTokens: 25, outputTokens: 15 } },
  'anthropic/messages-stream-error.200.sse': { text: 'Once', usage: { inputTokens: 25, outputTokens: 1 }, error: { kind: 'rate_limited', contains: 'Overloaded' } },
  'gpustack/chat-stream-injected-usage.200.sse': { text: 'Hi!', finish: 'stop', usage: { inputTokens: 9, outputTokens: 2 } },
  'gpustack/chat-stream-midstream-error.200.sse': { text: 'Hi', error: { kind: 'server', status: 503, contains: 'Service unavailable' } },
  'rhoai-maas/chat-stream-usage.200.sse': { text: 'Once upon a time', finish: 'length', usage: { inputTokens: 12, outputTokens: 4 } },
  'sse-edge/crlf-framing.sse': { text: 'Hi!', finish: 'stop' },
  'sse-edge/data-no-space.sse': { text: 'Hi!', finish: 'stop' },
  'sse-edge/keepalive-comments.sse': { text: 'Hi!', finish: 'stop' },
  'sse-edge/no-done-sentinel.sse': { text: 'Hi!', finish: 'stop' },
  'sse-edge/error-event-openai-style.sse': { text: 'Hi', error: { kind: 'timeout', status: 504, contains: 'Upstream timed out' } },
  'sse-edge/error-named-event.sse': { text: '', error: { kind: 'rate_limited', contains: 'Overloaded' } },
  'tgi/chat-stream-error.200.sse': { text: 'Deep', error: { kind: 'bad_request', status: 422, contains: 'CUDA out of memory' } },
  'tgi/chat-stream-usage.200.sse': { text: 'Deep Learning is fun', finish: 'length', usage: { inputTokens: 40, outputTokens: 4 } },
  'tgi/generate-stream.200.sse': { text: ' Deep learning is a subset', finish: 'length', usage: { inputTokens: 7, outputTokens: 5 } },
  'tgi/generate-stream-eos.200.sse': { text: 'Yes.', finish: 'stop', usage: { inputTokens: 19, outputTokens: 3 } },
  'vllm/chat-stream-midstream-error.200.sse': { text: 'Once upon', error: { kind: 'server', status: 500, contains: 'EngineCore encountered an issue' } },
  'vllm/chat-stream-no-usage.200.sse': { text: 'Paris.', finish: 'stop' },
  'vllm/chat-stream-reasoning.200.sse': { text: '2 + 2 = 4.', trimText: true, reasoning: 'The user asks for 2+2. That is 4.', finish: 'stop', usage: { inputTokens: 18, outputTokens: 22 } },
  'vllm/chat-stream-usage.200.sse': { text: 'Hello! How can I help?', finish: 'stop', usage: { inputTokens: 14, outputTokens: 7 } },
  'vllm/completions-stream.200.sse': { text: ' Paris.', finish: 'stop', usage: { inputTokens: 6, outputTokens: 2 } },
  'intel-maas/generatestream-length.200.ndjson': { text: 'Data and information are', finish: 'length', usage: { outputTokens: 4 } },
  'intel-maas/generatestream-eos.200.ndjson': { text: 'Yes.', finish: 'stop', usage: { outputTokens: 3 } },
};

/** Headers INDEX.md lists for error fixtures (the body alone does not carry them). */
const ERROR_HEADERS: Record<string, Record<string, string>> = {
  'rhoai-maas/inference-unauthenticated.401.txt': { 'x-ext-auth-reason': 'Authentication required', 'www-authenticate': 'Bearer realm="openshift-identities"', 'content-length': '0' },
  'rhoai-maas/inference-forbidden.403.txt': { 'x-ext-auth-reason': 'model_not_in_subscription', 'content-type': 'text/plain' },
  'rhoai-maas/inference-rate-limited.429.txt': { 'content-type': 'text/plain' },
  'openai/error-429-rate-limit.json': { 'retry-after': '2', 'x-ratelimit-reset-tokens': '1.54s' },
  'gpustack/chat-stream-no-upstream-chunk.503.txt': { 'content-type': 'text/event-stream' },
};

/** The reason each error body must surface (the extraction order in docs/architecture.md), and the kind. */
const ERRORS: Record<string, { kind: ErrorKind; reason: string; retryAfterMs?: number; endsWith?: string }> = {
  'anthropic/error-400.json': { kind: 'bad_request', reason: 'max_tokens: Field required' },
  'anthropic/error-429.json': { kind: 'rate_limited', reason: 'Number of request tokens has exceeded your per-minute rate limit' },
  'gpustack/chat-stream-no-upstream-chunk.503.txt': { kind: 'server', reason: 'Service unavailable. Please retry your requests after a brief wait.' },
  'gpustack/error-400-missing-model.json': { kind: 'bad_request', reason: "Missing 'model' field" },
  'gpustack/error-401.json': { kind: 'auth', reason: 'Invalid authentication credentials' },
  'gpustack/error-403-model.json': { kind: 'forbidden', reason: 'Not allowed to access model qwen3-8b' },
  'gpustack/error-404-model.json': { kind: 'not_found', reason: 'Model not found' },
  'gpustack/error-422-validation.json': { kind: 'bad_request', reason: '1 validation errors' },
  'gpustack/error-504-timeout.json': { kind: 'timeout', reason: 'Request to worker 3 timed out' },
  'intel-maas/generatestream-error-request-parse.400.json': { kind: 'bad_request', reason: 'proto: syntax error (line 1:2): invalid value x' },
  'intel-maas/oauth-token.401.json': { kind: 'auth', reason: 'Client authentication failed' },
  'openai/error-401.json': { kind: 'auth', reason: 'Incorrect API key provided: sk-abc***xyz.' },
  'openai/error-429-rate-limit.json': { kind: 'rate_limited', reason: 'Rate limit reached for gpt-4o', retryAfterMs: 2000 },
  'rhoai-maas/inference-unauthenticated.401.txt': { kind: 'auth', reason: 'Authentication required', endsWith: ': Authentication required' },
  'rhoai-maas/inference-forbidden.403.txt': { kind: 'forbidden', reason: 'subscription free-subscription does not include model publishers/llm/models/qwen/qwen3-8b', endsWith: ' (model_not_in_subscription)' },
  'rhoai-maas/inference-rate-limited.429.txt': { kind: 'rate_limited', reason: 'Too Many Requests' },
  'rhoai-maas/models-list.401.json': { kind: 'auth', reason: 'Authorization required' },
  'rhoai-maas/models-list.403.json': { kind: 'forbidden', reason: 'API key has no subscription bound' },
  'rhoai-maas/models-list.500.json': { kind: 'server', reason: 'Failed to select subscription' },
  'tei/error-422-validation.json': { kind: 'bad_request', reason: 'Input validation error: `inputs` must have less than 8192 tokens' },
  'tei/openai-embeddings-error-422.json': { kind: 'bad_request', reason: 'Input validation error: `inputs` cannot be empty' },
  'tgi/error-422-validation.json': { kind: 'bad_request', reason: 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096' },
  'tgi/error-429-overloaded.json': { kind: 'rate_limited', reason: 'Model is overloaded' },
  'vllm/error-400-context-length.json': { kind: 'bad_request', reason: "This model's maximum context length is 32768 tokens" },
  'vllm/error-404-model-not-found.json': { kind: 'not_found', reason: 'The model `gpt-4o` does not exist.' },
};

function mapperFor(rel: string): Mapper {
  return rel.startsWith('anthropic/') ? 'anthropic' : 'openai';
}

function checkExpectation(rel: string, s: Summary, x: StreamExpectation): void {
  assert.equal(x.trimText ? s.text.trim() : s.text, x.text, `${rel}: text`);
  if (x.reasoning !== undefined) assert.equal(s.reasoning, x.reasoning, `${rel}: reasoning`);
  else assert.equal(s.reasoning, '', `${rel}: no reasoning expected`);
  if (x.usage) assert.deepEqual({ inputTokens: s.usage?.inputTokens, outputTokens: s.usage?.outputTokens }, { inputTokens: x.usage.inputTokens, outputTokens: x.usage.outputTokens }, `${rel}: usage`);
  else assert.equal(s.usage, undefined, `${rel}: no usage expected`);
  if (x.error) {
    const e = expectError(s);
    assert.equal(e.kind, x.error.kind, `${rel}: error kind (${e.message})`);
    assert.equal(e.status, x.error.status, `${rel}: error status`);
    assert.ok(e.message.includes(x.error.contains), `${rel}: error message ${JSON.stringify(e.message)} should contain ${JSON.stringify(x.error.contains)}`);
  } else {
    assert.equal(expectDone(s).finishReason, x.finish, `${rel}: finishReason`);
  }
}

/** Intel NDJSON through the same mapping the intel-tiber adapter uses: `result.response` → mapTgiToken. */
async function intelEvents(chunks: readonly Uint8Array[]): Promise<StreamEvent[]> {
  return collect(sequenceEvents(decodeBody(new IntelStreamDecoder(false), fromChunks(chunks)), new AbortController().signal));
}

/**
 * The client's read loop over `chunks` (one read each): every batch non-empty, at most one per read (plus
 * one at the end of a body that has no end marker), the terminal last in the last batch and nowhere else;
 * the flattened batches equal the per-event view.
 */
async function checkBatches(where: string, chunks: readonly Uint8Array[], make: () => StreamDecoder): Promise<StreamEvent[]> {
  const batches: EventBatch[] = await batchesOf(chunks, make());
  assert.ok(batches.length > 0, `${where}: no batch`);
  assert.ok(batches.length <= chunks.length + 1, `${where}: ${batches.length} batches for ${chunks.length} reads`);
  for (const [i, b] of batches.entries()) {
    assert.ok(b.length > 0, `${where}: batch ${i} is empty`);
    const terminalAt = b.findIndex((e) => e.type === 'done' || e.type === 'error');
    if (i < batches.length - 1) assert.equal(terminalAt, -1, `${where}: a terminal event in batch ${i} of ${batches.length}`);
    else assert.equal(terminalAt, b.length - 1, `${where}: the last batch must end with the terminal event`);
  }
  const flat = batches.flat();
  assertOrder(flat, where);
  assert.deepEqual(await eventsViaBatches(chunks, make()), flat, `${where}: per-event view differs from the batches`);
  return flat;
}

describe('core fixtures replay', () => {
  it('test/fixtures is not empty', () => {
    assert.ok(ALL.length > 0, 'test/fixtures holds no fixture bodies; the replay needs at least one (docs/testing.md)');
  });

  it('every shipped stream fixture has per-file expectations', () => {
    const streams = ALL.filter((f) => f.endsWith('.sse') || f.endsWith('.ndjson'));
    assert.ok(streams.length > 0);
    for (const f of Object.keys(STREAMS)) assert.ok(ALL.includes(f), `expected fixture ${f} is missing`);
  });

  describe('.sse streams at random chunk boundaries', () => {
    for (const rel of ALL.filter((f) => f.endsWith('.sse'))) {
      it(rel, async () => {
        const bytes = readFixture(rel);
        const mapper = mapperFor(rel);
        const reference = await sequenced(mapper, [bytes]);
        const referenceRaw = await rawEvents(mapper, [bytes]);
        assertOrder(reference, `${rel} (one chunk)`);
        for (const { label, chunks } of chunkings(bytes, hashSeed(rel))) {
          assert.deepEqual(Buffer.concat(chunks), Buffer.from(bytes));
          const got = await sequenced(mapper, chunks);
          assert.deepEqual(got, reference, `${rel}: ${label} differs from the one-chunk decode`);
          const raw = await rawEvents(mapper, chunks);
          assert.deepEqual(raw.events, referenceRaw.events, `${rel}: ${label}: raw events differ`);
        }
        const x = STREAMS[rel];
        if (x) checkExpectation(rel, summarise(reference), x);
      });
    }
  });

  describe('.sse streams through responseEvents (the adapters\' path, with JSON sniffing)', () => {
    for (const rel of ALL.filter((f) => f.endsWith('.sse'))) {
      it(rel, async () => {
        const bytes = readFixture(rel);
        const mapper = mapperFor(rel);
        const reference = await sequenced(mapper, [bytes]);
        for (const { label, chunks } of chunkings(bytes, hashSeed(rel) ^ 0x5bd1e995, 6)) {
          assert.deepEqual(await viaResponse(chunks, mapper), reference, `${rel}: ${label}`);
        }
      });
    }
  });

  describe('.sse streams as batches (one per read) and as the per-event view, at random chunk boundaries', () => {
    for (const rel of ALL.filter((f) => f.endsWith('.sse'))) {
      it(rel, async () => {
        const bytes = readFixture(rel);
        const mapper = mapperFor(rel);
        const reference = await sequenced(mapper, [bytes]);
        for (const { label, chunks } of chunkings(bytes, hashSeed(rel) ^ 0x2545f491)) {
          const flat = await checkBatches(`${rel}: ${label}`, chunks, () => new AnswerDecoder(mapper));
          assert.deepEqual(flat, reference, `${rel}: ${label}: batches differ from the per-message decode`);
        }
      });
    }
  });

  describe('.ndjson streams (Intel) as batches and as the per-event view', () => {
    for (const rel of ALL.filter((f) => f.endsWith('.ndjson'))) {
      it(rel, async () => {
        const bytes = readFixture(rel);
        const reference = await intelEvents([bytes]);
        for (const { label, chunks } of chunkings(bytes, hashSeed(rel) ^ 0x2545f491)) {
          assert.deepEqual(await checkBatches(`${rel}: ${label}`, chunks, () => new IntelStreamDecoder(false)), reference, `${rel}: ${label}`);
        }
      });
    }
  });

  describe('non-streamed chat answers read by a streaming request (server ignored "stream")', () => {
    const cases: { rel: string; format: Mapper; text: string; finish: FinishReason; usage: { inputTokens: number; outputTokens: number } }[] = [
      { rel: 'vllm/chat-completion.200.json', format: 'openai', text: 'Hello! How can I help?', finish: 'stop', usage: { inputTokens: 14, outputTokens: 7 } },
      { rel: 'rhoai-maas/chat-completion.200.json', format: 'openai', text: "Hello! I'm doing well, thank you for asking. How can I help you today?", finish: 'stop', usage: { inputTokens: 10, outputTokens: 20 } },
      { rel: 'anthropic/messages.200.json', format: 'anthropic', text: 'Hello! How can I help?', finish: 'stop', usage: { inputTokens: 25, outputTokens: 9 } },
    ];
    for (const c of cases) {
      it(c.rel, async () => {
        const bytes = readFixture(c.rel);
        for (const { label, chunks } of chunkings(bytes, hashSeed(c.rel), 6)) {
          const events = await viaResponse(chunks, c.format, false, 'application/json');
          assertOrder(events, `${c.rel} ${label}`);
          const batches = await batchesOf(chunks, new AnswerDecoder(c.format));
          assert.equal(batches.length, 1, `${c.rel} ${label}: a JSON document is one batch`);
          assert.deepEqual(batches[0], events, `${c.rel} ${label}: batches`);
          const s = summarise(events);
          assert.equal(s.text, c.text, label);
          assert.equal(expectDone(s).finishReason, c.finish, label);
          assert.deepEqual(s.usage, { type: 'usage', ...c.usage }, label);
        }
      });
    }
  });

  describe('.ndjson streams (Intel) at random chunk boundaries', () => {
    for (const rel of ALL.filter((f) => f.endsWith('.ndjson'))) {
      it(rel, async () => {
        const bytes = readFixture(rel);
        const reference = await intelEvents([bytes]);
        assertOrder(reference, rel);
        for (const { label, chunks } of chunkings(bytes, hashSeed(rel))) {
          assert.deepEqual(await intelEvents(chunks), reference, `${rel}: ${label}`);
        }
        const s = summarise(reference);
        for (const special of ['</s>', '<|eot_id|>', '<|end_of_text|>']) assert.ok(!s.text.includes(special), `${rel}: special token ${special} leaked into text`);
        const x = STREAMS[rel];
        if (x) checkExpectation(rel, s, x);
      });
    }
  });

  describe('error bodies through errorFromHttp', () => {
    for (const rel of ALL.filter((f) => !f.endsWith('.sse') && !f.endsWith('.ndjson') && statusOf(f) >= 400)) {
      it(`${rel} (${statusOf(rel)})`, () => {
        const status = statusOf(rel);
        const body = readFixtureText(rel);
        const headers = new Headers(ERROR_HEADERS[rel] ?? {});
        const retryAfterMs = parseRetryAfter(headers);
        const err = errorFromHttp({ status, body, authReason: headers.get('x-ext-auth-reason'), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
        assert.ok(err instanceof MaasError);
        assert.equal(err.status, status, `${rel}: status`);
        assert.notEqual(err.status, 200);
        const x = ERRORS[rel];
        assert.ok(x, `${rel}: add an expectation for this error fixture`);
        assert.equal(err.kind, x.kind, `${rel}: kind (${err.message})`);
        // A reason that only repeats the status phrase ("Too Many Requests" after a 429) is left out.
        if (reasonBeyondStatus(x.reason, status)) assert.ok(err.message.includes(`: ${x.reason}`), `${rel}: message ${JSON.stringify(err.message)} should carry the server's reason ${JSON.stringify(x.reason)} after ": "`);
        else assert.ok(!err.message.includes(x.reason), `${rel}: ${JSON.stringify(err.message)} repeats the status phrase`);
        assert.ok(!err.message.startsWith(x.reason), `${rel}: the message starts with an actionable sentence, not the raw reason`);
        if (x.endsWith) assert.ok(err.message.endsWith(x.endsWith), `${rel}: ${JSON.stringify(err.message)} should end with ${JSON.stringify(x.endsWith)}`);
        assert.equal(err.retryAfterMs, x.retryAfterMs, `${rel}: retryAfterMs`);
        assert.equal(err.toJSON().type, 'error');
      });
    }
  });

  describe('success bodies parse', () => {
    for (const rel of ALL.filter((f) => !f.endsWith('.sse') && !f.endsWith('.ndjson') && statusOf(f) < 400)) {
      it(rel, () => {
        const text = readFixtureText(rel);
        if (rel.endsWith('.txt')) { assert.ok(text.trim().length > 0, `${rel}: empty`); return; }
        const parsed: unknown = JSON.parse(text);
        assert.ok(parsed !== null && typeof parsed === 'object', `${rel}: not a JSON document`);
        if ('data' in parsed && Array.isArray(parsed.data) && /models/.test(rel)) {
          const cards = parseModelList(parsed, rel);
          for (const c of cards) assert.ok(c.id.length > 0);
        }
      });
    }

    it('model lists become models with context length and voices (vllm, rafay, gpustack meta)', () => {
      const vllm = parseModelList(JSON.parse(readFixtureText('vllm/models.200.json')), 'vllm');
      assert.deepEqual(cardToModel('e', vllm[0]).contextLength, 32768);
      const rafay = parseModelList(JSON.parse(readFixtureText('rafay/models.200.json')), 'rafay');
      assert.equal(rafay[0].id, 'mistralai/Mistral-7B-Instruct-v0.2');
      const meta = parseModelList(JSON.parse(readFixtureText('gpustack/models-list-with-meta.200.json')), 'gpustack').map((c) => cardToModel('e', c));
      assert.equal(meta.find((m) => m.id === 'qwen3-8b')?.contextLength, 40960);
      assert.deepEqual(meta.find((m) => m.id === 'cosyvoice-300m')?.voices, ['Chinese Female', 'English Male']);
      const plain = parseModelList(JSON.parse(readFixtureText('gpustack/models-list.200.json')), 'gpustack');
      assert.deepEqual(plain.map((c) => c.id), ['qwen3-8b', 'bge-m3', 'bge-reranker-v2-m3', 'team-a/whisper-large-v3']);
      const rhoai = parseModelList(JSON.parse(readFixtureText('rhoai-maas/models-list.200.json')), 'rhoai');
      assert.equal(rhoai.length, 2);
      assert.deepEqual(parseModelList(JSON.parse(readFixtureText('rhoai-maas/models-list.empty.200.json')), 'rhoai'), []);
    });

    it('a body that is not a model list is a protocol error naming the URL', () => {
      assert.throws(() => parseModelList(JSON.parse(readFixtureText('intel-maas/models.200.json')), 'https://h/v1/models'),
        (e: unknown) => e instanceof MaasError && e.kind === 'protocol' && e.message.includes('https://h/v1/models'));
    });
  });

  it('a stream split byte by byte inside a multi-byte character decodes the same (synthetic, non-ASCII)', async () => {
    const body = 'data: {"choices":[{"index":0,"delta":{"content":"Grüße 👋 日本"},"finish_reason":null}]}\r\n\r\ndata: {"choices":[{"index":0,"delta":{"content":"—ok"},"finish_reason":"stop"}]}\r\n\r\ndata: [DONE]\r\n\r\n';
    const bytes = utf8(body);
    const ref = await sequenced('openai', [bytes]);
    for (const { label, chunks } of chunkings(bytes, 7)) assert.deepEqual(await sequenced('openai', chunks), ref, label);
    assert.equal(summarise(ref).text, 'Grüße 👋 日本—ok');
  });
});
