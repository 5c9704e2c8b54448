/**
 * Task requests against loopback servers, for the paths the reference gateway does not take: an image
 * answered with a `url` (fetched only from an origin the credential may go to), an OICM model served by
 * an OpenAI-compatible server (served name, the model's own token), speech answered with JSON, and the
 * media cap on results.
 */
import * as assert from 'node:assert/strict';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { MaasError } from '../../src/core/errors';
import { loopbackPool, sendJson } from './helpers/loopback';
import { MapCredentials, endpoint, deps } from './helpers/fakes';

const pool = loopbackPool();
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const KEY = 'sk-lab-SECRET-77';

describe('task requests (loopback)', () => {
  after(() => pool.closeAll());

  it('an image answered with a url on the endpoint\'s origin is fetched with the credential; another origin is refused unfetched', async () => {
    const foreign = await pool.serve((_req, res) => { res.writeHead(200, { 'content-type': 'image/png' }); res.end(PNG); });
    let imageUrl = '';
    const s = await pool.serve((req, res) => {
      if (req.url === '/v1/images/generations') { sendJson(res, 200, { created: 1, data: [{ url: imageUrl }] }); return; }
      if (req.url === '/files/img.png') { res.writeHead(200, { 'content-type': 'image/png' }); res.end(PNG); return; }
      res.writeHead(404).end();
    });
    const c = createEndpointClient(endpoint({ id: 'lab', platform: 'openai', baseUrl: `${s.origin}/v1` }), deps(new MapCredentials({ 'lab:apiKey': KEY })));
    imageUrl = '/files/img.png';
    const r = await c.runTask('image', { model: 'dall-e', prompt: 'a cat' });
    assert.equal(r.mimeType, 'image/png');
    assert.deepEqual(Buffer.from(r.bytes), PNG);
    assert.equal(s.requests[1].headers.authorization, `Bearer ${KEY}`);

    imageUrl = `${foreign.origin}/img.png`;
    await assert.rejects(c.runTask('image', { model: 'dall-e', prompt: 'a cat' }), (e: unknown) =>
      e instanceof MaasError && e.kind === 'config' && e.message.includes(`goes to ${foreign.origin}, which is not the endpoint's origin`) && e.message.includes('allowedOrigins'));
    assert.equal(foreign.requests.length, 0);
    c.dispose();
  });

  it('OICM with "api": "openai": the served model name, the model\'s own token, OpenAI shapes under the proxy', async () => {
    const s = await pool.serve((req, res) => {
      if (req.url?.endsWith('/proxy/v1/models')) { sendJson(res, 200, { data: [{ id: 'BAAI/bge-m3' }] }); return; }
      if (req.url?.endsWith('/proxy/v1/embeddings')) { sendJson(res, 200, { data: [{ index: 1, embedding: [0, 1] }, { index: 0, embedding: [1, 0] }] }); return; }
      res.writeHead(404).end();
    });
    const ep = endpoint({ id: 'oi', platform: 'oicm', baseUrl: s.origin, models: [{ id: 'emb', task: 'embedding', api: 'openai' }] });
    const c = createEndpointClient(ep, deps(new MapCredentials({ 'oi:model:emb:token': 'tok-emb-123' })));
    const r = await c.runTask('embedding', { model: 'emb', texts: ['a', 'b'] });
    assert.deepEqual(r, { embeddings: [[1, 0], [0, 1]], dimensions: 2 });
    assert.deepEqual(s.requests.map((q) => q.url), ['/models/emb/proxy/v1/models', '/models/emb/proxy/v1/embeddings']);
    assert.deepEqual(JSON.parse(s.requests[1].body), { model: 'BAAI/bge-m3', input: ['a', 'b'], encoding_format: 'float' });
    assert.equal(s.requests[1].headers.authorization, 'Bearer tok-emb-123');
    assert.match(String(s.requests[1].headers['oicm-request-timeout']), /^\d+$/);
    c.dispose();
  });

  it('speech answered with JSON instead of audio is a protocol error', async () => {
    const s = await pool.serve((_req, res) => sendJson(res, 200, { audio: 'not here' }));
    const c = createEndpointClient(endpoint({ id: 'lab', platform: 'openai', baseUrl: `${s.origin}/v1`, auth: { type: 'none' } }), deps(new MapCredentials({})));
    await assert.rejects(c.runTask('speech', { model: 'tts', text: 'hi' }), (e: unknown) => e instanceof MaasError && e.kind === 'protocol' && /answered speech with JSON, not audio/.test(e.message));
    c.dispose();
  });

  it('results are read under the media cap (embeddings) or the JSON cap (rerank)', async () => {
    const big = { data: [{ index: 0, embedding: Array.from({ length: 300 }, () => 0.123456) }] };
    const s = await pool.serve((req, res) => {
      if (req.url === '/v1/embeddings') { sendJson(res, 200, big); return; }
      sendJson(res, 200, { results: [{ index: 0, relevance_score: 1, document: { text: 'x'.repeat(3000) } }] });
    });
    const small = { jsonBytes: 2048, mediaBytes: 8192 };
    const c = createEndpointClient(endpoint({ id: 'lab', platform: 'openai', baseUrl: `${s.origin}/v1`, auth: { type: 'none' } }), deps(new MapCredentials({}), { limits: small }));
    assert.equal((await c.runTask('embedding', { model: 'e', texts: ['a'] })).dimensions, 300);
    await assert.rejects(c.runTask('rerank', { model: 'r', query: 'q', documents: ['x'] }), (e: unknown) => e instanceof MaasError && e.kind === 'protocol' && /The result from .* is larger than 2 KiB/.test(e.message));
    c.dispose();
  });
});
