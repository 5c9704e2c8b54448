/**
 * What core tells a face about an endpoint's traffic: the rate limits the gateway states in its headers
 * (OpenAI's x-ratelimit-*, the IETF RateLimit-* fields), the token usage summed over answers, and a
 * streamed answer that arrived whole (a buffering proxy) — said once per client. Streaming requests ask
 * caches and proxies not to hold them (Accept: text/event-stream, Cache-Control: no-cache).
 */
import * as assert from 'node:assert/strict';
import { parseDurationMs, parseRateLimit } from '../../src/core/http/rate-limit';
import { looksBuffered, BUFFERED_MIN_EVENTS } from '../../src/core/stream/buffering';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import type { CoreDeps } from '../../src/core/endpoint-client';
import { loopbackPool } from './helpers/loopback';
import { MapCredentials, MemLogger, endpoint, deps } from './helpers/fakes';
import { collect } from './helpers/bytes';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });
const sse = (events: object[]) => events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n';
const delta = (text: string) => ({ choices: [{ index: 0, delta: { content: text } }] });
const WORDS = Array.from({ length: BUFFERED_MIN_EVENTS + 2 }, (_, i) => `w${i} `);
const USAGE = { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } };
const KEY = 'sk-traffic-test-1234';

describe('core: traffic (rate limits, usage, buffered streams)', () => {
  describe('parseRateLimit', () => {
    it('reads OpenAI\'s x-ratelimit-* headers, resets as durations', () => {
      assert.deepEqual(parseRateLimit(headers({
        'x-ratelimit-limit-requests': '60', 'x-ratelimit-remaining-requests': '59', 'x-ratelimit-reset-requests': '1s',
        'x-ratelimit-limit-tokens': '150000', 'x-ratelimit-remaining-tokens': '149984', 'x-ratelimit-reset-tokens': '6m0s',
      })), { requests: { limit: 60, remaining: 59, resetMs: 1000 }, tokens: { limit: 150000, remaining: 149984, resetMs: 360_000 } });
    });

    it('reads the IETF fields, separate or combined, and the policy', () => {
      assert.deepEqual(parseRateLimit(headers({ 'ratelimit-limit': '100', 'ratelimit-remaining': '42', 'ratelimit-reset': '30', 'ratelimit-policy': '100;w=60' })),
        { quota: { limit: 100, remaining: 42, resetMs: 30_000 }, policy: '100;w=60' });
      assert.deepEqual(parseRateLimit(headers({ ratelimit: 'limit=100, remaining=5, reset=12' })), { quota: { limit: 100, remaining: 5, resetMs: 12_000 } });
      assert.deepEqual(parseRateLimit(headers({ ratelimit: '"default";r=50;t=30' })), { quota: { remaining: 50, resetMs: 30_000 } });
    });

    it('leaves out what is absent or unreadable, and is undefined without any', () => {
      assert.equal(parseRateLimit(headers({ 'content-type': 'text/event-stream' })), undefined);
      assert.deepEqual(parseRateLimit(headers({ 'x-ratelimit-remaining-tokens': 'lots', 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': 'soon' })),
        { requests: { remaining: 3 } });
    });

    it('parseDurationMs: Go-style durations and bare seconds', () => {
      assert.deepEqual(['20ms', '1.5s', '6m0s', '1h2m', '30', '', 'x1s', '-1s'].map(parseDurationMs), [20, 1500, 360_000, 3_720_000, 30_000, undefined, undefined, undefined]);
    });
  });

  describe('looksBuffered', () => {
    it('is an answer of many events that ended well in one read; never a short, a cancelled or a failed one', () => {
      const many = BUFFERED_MIN_EVENTS;
      assert.equal(looksBuffered({ reads: 1, contentEvents: many, outcome: 'done' }), true);
      assert.equal(looksBuffered({ reads: 2, contentEvents: many, outcome: 'done' }), false);
      assert.equal(looksBuffered({ reads: 1, contentEvents: many - 1, outcome: 'done' }), false);
      assert.equal(looksBuffered({ reads: 1, contentEvents: many, outcome: 'error' }), false);
      assert.equal(looksBuffered({ reads: 1, contentEvents: many, outcome: 'cancelled' }), false);
    });
  });

  describe('the endpoint client', () => {
    const pool = loopbackPool();
    afterEach(() => pool.closeAll());
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'q' }] };

    function client(origin: string, extra: Partial<CoreDeps> = {}) {
      return createEndpointClient(endpoint({ id: 'lab', platform: 'openai', baseUrl: `${origin}/v1` }), deps(new MapCredentials({ 'lab:apiKey': KEY }), extra));
    }

    it('a whole answer in one write is reported once, with the fix; usage is summed; rate limits are kept; the request asks for no caching', async () => {
      const s = await pool.serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'x-ratelimit-remaining-requests': '9', 'x-ratelimit-remaining-tokens': '900', 'x-ratelimit-reset-tokens': '2s' });
        res.end(sse([...WORDS.map(delta), USAGE]));
      });
      const warnings: string[] = [];
      let traffic = 0;
      const logger = new MemLogger();
      const c = client(s.origin, { onStreamWarning: (m) => warnings.push(m), onTraffic: () => { traffic++; }, logger });
      assert.deepEqual(c.traffic(), { usage: { answers: 0, inputTokens: 0, outputTokens: 0 } });
      for (let i = 0; i < 2; i++) {
        const events = await collect(c.chat(request));
        assert.equal(events.at(-1)?.type, 'done');
      }
      assert.equal(warnings.length, 1, 'said once per client');
      assert.match(warnings[0], /all at once/);
      assert.match(warnings[0], /X-Accel-Buffering: no/);
      assert.ok(logger.lines.some((l) => l.startsWith('warn ') && l.includes('buffers streamed responses')));
      assert.deepEqual(c.traffic(), {
        rateLimit: { requests: { remaining: 9 }, tokens: { remaining: 900, resetMs: 2000 } },
        usage: { answers: 2, inputTokens: 22, outputTokens: 14 },
      });
      assert.ok(traffic >= 4, 'told of each rate-limit sighting and each usage');
      const sent = s.requests[0].headers;
      assert.equal(sent.accept, 'text/event-stream');
      assert.equal(sent['cache-control'], 'no-cache');
    });

    it('an answer that arrives over several reads is not reported', async () => {
      let rest: (() => void) | undefined;
      const s = await pool.serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: ${JSON.stringify(delta('first '))}\n\n`);
        // the rest only once the client has read the first event
        rest = () => res.end(sse([...WORDS.map(delta), USAGE]));
      });
      const warnings: string[] = [];
      const c = client(s.origin, { onStreamWarning: (m) => warnings.push(m) });
      const events = [];
      for await (const e of c.chat(request)) {
        events.push(e);
        if (events.length === 1) rest!();
      }
      assert.equal(events.at(-1)?.type, 'done');
      assert.deepEqual(warnings, []);
      assert.deepEqual(c.traffic().usage, { answers: 1, inputTokens: 11, outputTokens: 7 });
    });
  });
});
