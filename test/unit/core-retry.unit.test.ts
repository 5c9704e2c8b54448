/** Timeouts and retries (docs/architecture.md): Retry-After parsing, backoff bounds, cancellable sleep. */
import * as assert from 'node:assert/strict';
import { parseRetryAfter, backoffMs, sleep, MAX_ATTEMPTS, MAX_WAIT_MS, RETRY_STATUSES } from '../../src/core/http/retry';
import { seededRandom } from './helpers/bytes';
import { manualTimers, settle } from './helpers/clock';

const h = (o: Record<string, string>) => new Headers(o);

describe('core retry policy', () => {
  it('constants: 3 attempts, 30 s cap, retry on 429/502/503/504 only', () => {
    assert.equal(MAX_ATTEMPTS, 3);
    assert.equal(MAX_WAIT_MS, 30_000);
    assert.deepEqual([...RETRY_STATUSES].sort(), [429, 502, 503, 504]);
    for (const s of [400, 401, 403, 404, 408, 500, 501]) assert.ok(!RETRY_STATUSES.has(s), `${s} is not retried`);
  });

  describe('parseRetryAfter', () => {
    it('seconds', () => {
      assert.equal(parseRetryAfter(h({ 'retry-after': '2' })), 2000);
      assert.equal(parseRetryAfter(h({ 'Retry-After': ' 120 ' })), 120_000);
      assert.equal(parseRetryAfter(h({ 'retry-after': '0' })), 0);
      assert.equal(parseRetryAfter(h({ 'retry-after': '1.5' })), 1500);
    });

    it('an HTTP date, relative to now', () => {
      const now = Date.parse('2026-01-01T00:00:00Z');
      assert.equal(parseRetryAfter(h({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now), 7000);
      assert.equal(parseRetryAfter(h({ 'retry-after': new Date(now + 45_000).toUTCString() }), now), 45_000);
    });

    it('a date in the past means no wait', () => {
      const now = Date.parse('2026-01-01T00:00:00Z');
      assert.equal(parseRetryAfter(h({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), now), 0);
    });

    it('retry-after-ms wins over Retry-After', () => {
      assert.equal(parseRetryAfter(h({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
      assert.equal(parseRetryAfter(h({ 'retry-after-ms': '1500.4' })), 1500);
    });

    it('absent or unparseable → undefined', () => {
      assert.equal(parseRetryAfter(h({})), undefined);
      assert.equal(parseRetryAfter(h({ 'retry-after': 'soon' })), undefined);
      assert.equal(parseRetryAfter(h({ 'retry-after': '' })), undefined);
      assert.equal(parseRetryAfter(h({ 'retry-after-ms': 'abc' })), undefined);
    });

    it('a value that is neither seconds nor an HTTP date (e.g. "-5") → undefined, so backoff applies', () => {
      assert.equal(parseRetryAfter(h({ 'retry-after': '-5' })), undefined);
    });
  });

  describe('backoffMs: 1 s · 2ⁿ ± 20 %', () => {
    it('extremes of the jitter', () => {
      assert.equal(backoffMs(0, () => 0), 800);
      assert.equal(backoffMs(0, () => 0.5), 1000);
      assert.ok(backoffMs(0, () => 0.999999) <= 1200);
      assert.equal(backoffMs(1, () => 0), 1600);
      assert.equal(backoffMs(2, () => 0.5), 4000);
    });

    it('always within bounds, and actually jittered', () => {
      const random = seededRandom(42);
      const distinct: number[] = [];
      for (let n = 0; n < 3; n++) {
        const seen = new Set<number>();
        for (let i = 0; i < 500; i++) {
          const v = backoffMs(n, random);
          const mid = 1000 * 2 ** n;
          assert.ok(v >= mid * 0.8 && v <= mid * 1.2, `retry ${n}: ${v}`);
          seen.add(v);
        }
        distinct.push(seen.size);
      }
      assert.deepEqual(distinct, [298, 382, 424], 'jitter varies: distinct waits among 500 (seeded random)');
      for (let i = 0; i < 200; i++) {
        const v = backoffMs(0);
        assert.ok(v >= 800 && v <= 1200, `Math.random jitter: ${v}`);
      }
    });
  });

  describe('sleep (on a manual clock: nothing is timed)', () => {
    it('resolves when its time has come, not a millisecond before', async () => {
      const clock = manualTimers();
      try {
        let resolved = false;
        const p = sleep(30, new AbortController().signal).then(() => { resolved = true; });
        clock.advance(29);
        await settle();
        assert.equal(resolved, false);
        clock.advance(1);
        await p;
        assert.equal(clock.pending(), 0);
      } finally {
        clock.restore();
      }
    });

    it('ends at once on cancellation, with the signal reason, and clears its timer', async () => {
      const clock = manualTimers();
      try {
        const ctl = new AbortController();
        const p = sleep(10_000, ctl.signal);
        assert.equal(clock.pending(), 1);
        ctl.abort(new Error('user cancelled'));
        await assert.rejects(p, /user cancelled/); // without the clock moving
        assert.equal(clock.pending(), 0);
      } finally {
        clock.restore();
      }
    });

    it('an already-cancelled signal rejects immediately', async () => {
      const ctl = new AbortController();
      ctl.abort(new Error('before'));
      await assert.rejects(sleep(10_000, ctl.signal), /before/);
    });
  });
});
