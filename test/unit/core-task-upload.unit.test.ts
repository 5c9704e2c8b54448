/**
 * Uploads and the task table: the multipart body is built as a stream of parts (the file read from disk
 * only as it is sent, in bounded chunks, with an exact content-length), both transports send it with
 * upload progress, and the endpoint client dispatches tasks through each platform's table.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { multipartBody } from '../../src/core/http/multipart';
import { HttpClient } from '../../src/core/http/client';
import { withProgress } from '../../src/core/http/stream-body';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { MaasError } from '../../src/core/errors';
import { parseMultipart, field } from '../gateway/multipart';
import { loopbackPool, sendJson } from './helpers/loopback';
import { MapCredentials, endpoint, deps } from './helpers/fakes';
import { collect } from './helpers/bytes';

const pool = loopbackPool();

describe('task uploads and dispatch', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maas-upload-')); });
  after(async () => { await pool.closeAll(); fs.rmSync(dir, { recursive: true, force: true }); });

  const write = (name: string, bytes: Buffer): string => { const p = path.join(dir, name); fs.writeFileSync(p, bytes); return p; };
  const pattern = (n: number, seed = 7): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * seed) & 0xff));

  describe('multipartBody', () => {
    it('declares exactly the bytes it sends, fields first, the file part with its name and type', async () => {
      const file = write('clip.wav', pattern(1000));
      const body = await multipartBody([{ name: 'model', value: 'whisper' }, { name: 'language', value: 'en' }], [{ name: 'file', path: file }], 'BOUNDARY42');
      const bytes = Buffer.concat(await collect(body.open()));
      assert.equal(bytes.length, body.length);
      assert.equal(body.contentType, 'multipart/form-data; boundary=BOUNDARY42');
      const parts = parseMultipart(body.contentType, bytes);
      assert.ok(parts);
      assert.equal(field(parts, 'model'), 'whisper');
      assert.equal(field(parts, 'language'), 'en');
      const f = parts.find((p) => p.name === 'file');
      assert.equal(f?.filename, 'clip.wav');
      assert.equal(f?.contentType, 'audio/wav');
      assert.deepEqual(f?.data, pattern(1000));
    });

    it('reads the file only when the body is sent, in chunks of at most 64 KiB, afresh on every pass', async () => {
      const file = write('lazy.bin', pattern(300_000));
      const body = await multipartBody([], [{ name: 'file', path: file }]);
      // Replaced after the body was built (same size): a body that read the file up front would send the old bytes.
      fs.writeFileSync(file, pattern(300_000, 13));
      const chunks = await collect(body.open());
      assert.ok(chunks.length >= 5, `${chunks.length} chunks`);
      assert.ok(chunks.every((c) => c.byteLength <= 64 * 1024));
      const parts = parseMultipart(body.contentType, Buffer.concat(chunks));
      assert.deepEqual(parts?.[0]?.data, pattern(300_000, 13));
      // a second pass (a retry) reads the file again
      assert.equal(Buffer.concat(await collect(body.open())).length, body.length);
    });

    it('pulls the file as the reader asks: after the first chunk only the head and one file chunk were read', async () => {
      const file = write('pull.bin', pattern(1_000_000));
      const body = await multipartBody([{ name: 'model', value: 'm' }], [{ name: 'file', path: file }]);
      const it = body.open()[Symbol.asyncIterator]();
      const first = await it.next();
      const second = await it.next();
      const third = await it.next();
      assert.ok(!first.done && !second.done && !third.done);
      assert.ok(third.value.byteLength <= 64 * 1024);
      await it.return?.(undefined);
    });

    it('refuses a file whose size changed while it was being sent', async () => {
      const file = write('shrink.bin', pattern(200_000));
      const body = await multipartBody([], [{ name: 'file', path: file }]);
      fs.writeFileSync(file, pattern(1000));
      await assert.rejects(collect(body.open()), /changed size while it was being sent/);
    });

    it('refuses a missing file before anything is sent', async () => {
      await assert.rejects(multipartBody([], [{ name: 'file', path: path.join(dir, 'nope.wav') }]), /ENOENT/);
    });
  });

  for (const transport of ['fetch', 'dispatcher'] as const) {
    it(`sends a stream body with its content-length and reports upload progress (${transport})`, async () => {
      const s = await pool.serve((req, res) => sendJson(res, 200, { got: req.body.length, length: req.headers['content-length'], type: req.headers['content-type'] }));
      const ep = endpoint({ id: 'lab', platform: 'openai', baseUrl: `${s.origin}/v1`, auth: { type: 'none' } });
      const d = deps(new MapCredentials({}));
      const c = new HttpClient(ep, transport === 'fetch' ? d : { credentials: d.credentials });
      const file = write(`up-${transport}.bin`, pattern(500_000));
      const form = await multipartBody([{ name: 'model', value: 'whisper' }], [{ name: 'file', path: file }]);
      const seen: number[] = [];
      const res = await c.request({ method: 'POST', url: `${s.origin}/v1/audio/transcriptions`, body: withProgress(form, (sent, total) => { assert.equal(total, form.length); seen.push(sent); }) }, new AbortController().signal);
      const answer = await res.json() as { got: number; length: string; type: string };
      c.close();
      assert.equal(answer.length, String(form.length));
      assert.equal(answer.type, form.contentType);
      assert.ok(answer.got > 0);
      assert.equal(seen[0], 0);
      assert.equal(seen[seen.length - 1], form.length);
      assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]), 'progress only grows');
      const parts = parseMultipart(form.contentType, Buffer.from(s.requests[0].body, 'latin1'));
      assert.equal(field(parts ?? [], 'model'), 'whisper');
    });
  }

  describe('the task table', () => {
    const make = (platform: string, extra: Record<string, unknown> = {}) => createEndpointClient(endpoint({ id: 'e', platform, baseUrl: 'http://127.0.0.1:9/v1', auth: { type: 'none' }, ...extra }), deps(new MapCredentials({})));

    it('each platform offers the tasks its servers do', () => {
      assert.deepEqual(make('openai').tasksOffered(), ['rerank', 'classification', 'embedding', 'transcription', 'speech', 'image']);
      assert.deepEqual(make('rafay').tasksOffered(), ['rerank', 'classification', 'embedding', 'transcription', 'speech', 'image']);
      assert.deepEqual(make('gpustack', { baseUrl: 'http://127.0.0.1:9' }).tasksOffered(), ['rerank', 'embedding', 'transcription', 'speech', 'image']);
      assert.deepEqual(make('oicm', { baseUrl: 'http://127.0.0.1:9', models: [{ id: 'm', task: 'chat' }] }).tasksOffered(), ['rerank', 'classification', 'embedding', 'transcription', 'speech', 'translation', 'image', 'prediction']);
      assert.deepEqual(make('openshift-ai', { baseUrl: 'http://127.0.0.1:9' }).tasksOffered(), []);
    });

    it('a task the platform does not offer is a config error naming what it offers, with no request', async () => {
      await assert.rejects(make('gpustack', { baseUrl: 'http://127.0.0.1:9' }).runTask('translation', { model: 'x', text: 'hi' }), (e: unknown) =>
        e instanceof MaasError && e.kind === 'config' && e.message === 'endpoint "e" (gpustack) does not offer translation; it offers rerank, embedding, transcription, speech, image');
      await assert.rejects(make('openshift-ai', { baseUrl: 'http://127.0.0.1:9' }).runTask('rerank', { model: 'x', query: 'q', documents: ['a'] }), /does not offer rerank; it offers chat and completion only/);
    });

    it('an OICM model configured for another task, or served by a server that does not do it, is a config error before any request', async () => {
      const c = make('oicm', { baseUrl: 'http://127.0.0.1:9', models: [{ id: 'tr', task: 'translation' }, { id: 'rr', task: 'rerank', api: 'oiserve' }] });
      await assert.rejects(c.runTask('rerank', { model: 'tr', query: 'q', documents: ['a'] }), (e: unknown) =>
        e instanceof MaasError && e.kind === 'config' && e.message === 'Model "tr" of endpoint "e" is configured for translation, not rerank; set its "task" in the endpoint\'s models if it does rerank');
      await assert.rejects(c.runTask('rerank', { model: 'rr', query: 'q', documents: ['a'] }), (e: unknown) =>
        e instanceof MaasError && e.kind === 'config' && e.message === 'Model "rr" of endpoint "e" is served by oiserve, which does not do rerank here; set its "api" to one of tei, openai');
      await assert.rejects(c.runTask('rerank', { model: 'zz', query: 'q', documents: ['a'] }), (e: unknown) => e instanceof MaasError && e.kind === 'not_found');
    });

    it('a transcription of a file that cannot be read is a config error naming the path', async () => {
      const c = make('openai');
      const missing = path.join(dir, 'missing.wav');
      await assert.rejects(c.runTask('transcription', { model: 'w', file: missing }), (e: unknown) =>
        e instanceof MaasError && e.kind === 'config' && e.message === `${missing} cannot be read (ENOENT); give the path of an audio file`);
    });
  });
});
