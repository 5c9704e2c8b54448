/**
 * What core keeps of an endpoint's traffic against the reference gateway: the rate limits stated in
 * answer headers (Rafay's front door: x-ratelimit-*; OpenShift AI's policy: the IETF RateLimit-*
 * fields) and the token usage summed over answers; streamed requests ask for no caching; the gateway's
 * streams arrive in many reads, so no buffering warning.
 */
import * as assert from 'node:assert/strict';
import { CHAT_MODELS, collect, startHarness, type Harness } from './helpers/gateway-client';
import { RATE } from '../gateway/rate-limits';

describe('core against the reference gateway: rate limits, usage, stream headers', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  const ask = { messages: [{ role: 'user' as const, content: 'Tell me a story about a lighthouse keeper' }] };

  it('rafay: the x-ratelimit-* headers of the last answer, usage summed over two answers', async () => {
    let told = 0;
    const c = h.client('rafay-serverless', {}, { onTraffic: () => { told++; } });
    await c.listModels();
    const first = c.traffic().rateLimit;
    assert.ok(first?.requests && first.tokens, JSON.stringify(first));
    assert.equal(first.requests.limit, RATE.requests);
    assert.equal(first.requests.resetMs, 60_000);
    assert.equal(first.tokens.resetMs, 360_000);
    let expectIn = 0;
    let expectOut = 0;
    for (let i = 0; i < 2; i++) {
      const events = await collect(c.chat({ model: CHAT_MODELS['rafay-serverless'], ...ask }));
      const usage = events.find((e) => e.type === 'usage');
      assert.ok(usage && usage.type === 'usage', 'the answer carries usage');
      expectIn += usage.inputTokens ?? 0;
      expectOut += usage.outputTokens ?? 0;
    }
    const t = c.traffic();
    assert.equal(t.rateLimit?.requests?.remaining, first.requests.remaining! - 2, 'the last answer\'s count');
    assert.deepEqual(t.usage, { answers: 2, inputTokens: expectIn, outputTokens: expectOut });
    assert.ok(expectOut > 0);
    assert.ok(told >= 5, `told of every sighting (${told})`);
    const sent = h.gw.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')).at(-1);
    assert.equal(sent?.headers.accept, 'text/event-stream');
    assert.equal(sent?.headers['cache-control'], 'no-cache');
  });

  it('openshift-ai: the IETF RateLimit-* fields and the policy', async () => {
    const c = h.client('openshift-maas');
    await c.listModels();
    const r = c.traffic().rateLimit;
    assert.equal(r?.policy, `${RATE.quota};w=${RATE.windowS}`);
    assert.equal(r?.quota?.limit, RATE.quota);
    assert.equal(r?.quota?.resetMs, RATE.windowS * 1000);
    assert.ok((r?.quota?.remaining ?? -1) >= 0);
  });

  it('intel-tiber: the NDJSON stream is asked for without caching too', async () => {
    const c = h.client('intel-tiber');
    await collect(c.chat({ model: CHAT_MODELS['intel-tiber'], ...ask }));
    const sent = h.gw.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/generatestream')).at(-1);
    assert.equal(sent?.headers['cache-control'], 'no-cache');
  });
});
