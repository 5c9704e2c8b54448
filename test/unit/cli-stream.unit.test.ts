import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Harness, MemStream, ep } from './cli-fakes';
import { flushThenExit } from '../../src/cli/io';
import { createInterruption, FORCED } from '../../src/cli/interruption';
import type { EventBatch, StreamEvent } from '../../src/core/stream/events';

const CHAT = ['chat', '--config', '/cfg.json', '--endpoint', 'a', '--model', 'm'];
const tick = () => new Promise((r) => setImmediate(r));
const text = (t: string): StreamEvent => ({ type: 'text', text: t });

/** A full collection, when this process can ask for one (else the heap figure carries some garbage). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  if (typeof gc === 'function') { gc(); gc(); }
}

/**
 * `count` text events with distinct strings, `perBatch` to a batch, then a done; made as they are asked
 * for. `probe` runs every 10,000 batches, while the stream is under way.
 */
function* manyBatches(count: number, perBatch: number, probe: () => void = () => undefined): Iterable<EventBatch> {
  for (let i = 0; i < count; i += perBatch) {
    if ((i / perBatch) % 10_000 === 0) probe();
    const batch: StreamEvent[] = [];
    for (let k = i; k < Math.min(count, i + perBatch); k++) batch.push(text(`token number ${k} with some words after it`));
    yield batch;
  }
  yield [{ type: 'done', finishReason: 'stop' }];
}

describe('cli stream: batches and memory', () => {
  it('holds nothing per batch: the heap stays flat over 200,000 events (text and --json)', async function () {
    this.timeout(60_000);
    for (const json of [false, true]) {
      let before = 0;
      let peak = 0;
      const probe = () => { collect(); peak = Math.max(peak, process.memoryUsage().heapUsed - before); };
      const h = new Harness().config([ep('a')]).script('a', { batches: () => manyBatches(200_000, 2, probe) });
      h.io.stdout.keep = false;
      collect();
      before = process.memoryUsage().heapUsed;
      assert.equal(await h.run(...CHAT, ...(json ? ['--json'] : []), 'hi'), 0);
      assert.ok(h.io.stdout.chars > 200_000 * 20, 'every event was printed');
      // The figure is taken during the stream: a loop that kept each step alive would hold ~100,000 batches
      // (tens of MB) by its end. Without a forced collection the bound still holds, with garbage in it.
      assert.ok(peak < 20 * 1024 * 1024, `heap grew by ${(peak / 1048576).toFixed(1)} MB during the stream (${json ? 'json' : 'text'})`);
    }
  });

  it('writes stdout once per batch, the last newline or done line with the last batch', async () => {
    const batches: EventBatch[] = [[text('a'), text('b'), text('c')], [text('d'), { type: 'usage', outputTokens: 4 }], [text('e'), { type: 'done', finishReason: 'stop' }]];
    const t = new Harness().config([ep('a')]).script('a', { batches: () => batches });
    assert.equal(await t.run(...CHAT, 'hi'), 0);
    assert.equal(t.stdout, 'abcde\n');
    assert.equal(t.io.stdout.writes, 3);
    assert.equal(t.io.stderr.writes, 0);
    const j = new Harness().config([ep('a')]).script('a', { batches: () => batches });
    assert.equal(await j.run(...CHAT, '--json', 'hi'), 0);
    assert.deepEqual(j.jsonLines(), batches.flat());
    assert.equal(j.io.stdout.writes, 3);
  });

  it('writes reasoning once per batch on stderr, before the text that follows it', async () => {
    const batches: EventBatch[] = [
      [{ type: 'reasoning', text: 'let ' }, { type: 'reasoning', text: 'me think' }],
      [{ type: 'reasoning', text: ', ok' }, text('4'), text('2')],
      [{ type: 'done', finishReason: 'length' }],
    ];
    const h = new Harness({ NO_COLOR: '1' }).config([ep('a')]).script('a', { batches: () => batches });
    assert.equal(await h.run(...CHAT, 'hi'), 0);
    assert.equal(h.stdout, '42\n');
    assert.match(h.stderr, /^let me think, ok\nmaas: warning: a: the answer stopped at the token limit/);
    assert.equal(h.io.stdout.writes, 2);
    assert.equal(h.io.stderr.writes, 3, 'one per batch: reasoning, reasoning and its newline, the warning');
  });

  it('keeps partial text and ends with exactly one terminal line when an error arrives inside a batch', async () => {
    const batches: EventBatch[] = [[text('par'), text('tial'), { type: 'error', kind: 'server', message: 'boom' }]];
    const t = new Harness().config([ep('a')]).script('a', { batches: () => batches });
    assert.equal(await t.run(...CHAT, 'hi'), 1);
    assert.equal(t.stdout, 'partial\n');
    assert.equal(t.stderr, 'maas: a: boom\n');
    assert.equal(t.io.stdout.writes, 1);
    const j = new Harness().config([ep('a')]).script('a', { batches: () => batches });
    assert.equal(await j.run(...CHAT, '--json', 'hi'), 1);
    assert.deepEqual(j.jsonLines(), batches[0]);
  });

  it('takes no more batches while stdout has a backlog', async () => {
    let asked = 0;
    let drain: () => void = () => undefined;
    const h = new Harness().config([ep('a')]).script('a', {
      batches: function* () { for (const b of [[text('a')], [text('b')], [{ type: 'done', finishReason: 'stop' } as const]]) { asked++; yield b; } },
    });
    let slow = true;
    h.io.stdout.backlog = () => (slow ? new Promise<void>((r) => { drain = () => { slow = false; r(); }; }) : undefined);
    const done = h.run(...CHAT, 'hi');
    while (h.stdout === '') await tick();
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(asked, 1, 'the next batch waits for the reader');
    drain();
    assert.equal(await done, 0);
    assert.equal(h.stdout, 'ab\n');
  });
});

describe('cli stream: interruption and exit', () => {
  it('race gives the step, or FORCED once the stop is forced (second SIGINT or grace period)', async () => {
    const handlers = new Set<() => void>();
    const sigint = () => { for (const h of [...handlers]) h(); };
    const stop = createInterruption((h) => { handlers.add(h); return () => handlers.delete(h); }, 60_000);
    assert.equal(await stop.race(Promise.resolve(7)), 7);
    await assert.rejects(stop.race(Promise.reject(new Error('x'))), /x/);
    const never = stop.race(new Promise<number>(() => undefined));
    sigint();
    assert.ok(stop.signal.aborted && stop.interrupted() && !stop.forced());
    sigint();
    assert.equal(await never, FORCED);
    assert.equal(await stop.race(new Promise<number>(() => undefined)), FORCED, 'at once when already forced');
    stop.dispose();
    assert.equal(handlers.size, 0);
    const timed = createInterruption((h) => { handlers.add(h); return () => handlers.delete(h); }, 1);
    const waiting = timed.race(new Promise<number>(() => undefined));
    sigint();
    assert.equal(await waiting, FORCED);
    timed.dispose();
  });

  it('on SIGINT prints what arrived and the cancelled done, and the process exits only after both streams are flushed', async () => {
    const h = new Harness().config([ep('a')]).script('a', { batches: () => [[text('par'), text('tial')]], hang: true });
    const done = h.run(...CHAT, '--json', 'hi');
    while (!h.stdout) await tick();
    h.io.interrupt();
    const code = await done;
    assert.equal(code, 130);
    assert.deepEqual(h.jsonLines(), [text('par'), text('tial'), { type: 'done', finishReason: 'cancelled' }]);

    // The exit waits for the flush of a pipe that has not taken everything yet.
    const out = new MemStream();
    const err = new MemStream();
    out.holdFlush = true;
    const exits: number[] = [];
    const exit = flushThenExit({ stdout: out, stderr: err }, (c) => { exits.push(c); });
    const exiting = exit(code);
    for (let i = 0; i < 5; i++) await tick();
    assert.deepEqual(exits, [], 'no exit while stdout still holds output');
    out.release();
    await exiting;
    assert.deepEqual(exits, [130]);
    assert.equal(out.flushed + err.flushed, 2);
    // Another Ctrl+C while one waits ends at once.
    const stuck = new MemStream();
    stuck.holdFlush = true;
    const again: number[] = [];
    const exit2 = flushThenExit({ stdout: stuck, stderr: err }, (c) => { again.push(c); });
    exit2(0).catch(() => undefined);
    await exit2(130, { interrupt: true });
    assert.deepEqual(again, [130]);
    // Any other second request waits for the same flush (stderr is not cut off after an EPIPE).
    const held = new MemStream();
    held.holdFlush = true;
    const order: number[] = [];
    const exit3 = flushThenExit({ stdout: held, stderr: err }, (c) => { order.push(c); });
    const first = exit3(0);
    const second = exit3(1);
    for (let i = 0; i < 5; i++) await tick();
    assert.deepEqual(order, [], 'neither exits before the flush');
    held.release();
    await Promise.all([first, second]);
    assert.deepEqual(order, [0, 1]);
  });

  it('gives up on a stream that ignores the abort: text stays, one cancelled done, exit 130', async () => {
    const h = new Harness().config([ep('a')]).script('a', { batches: () => [[text('x')]], deaf: true });
    const done = h.run(...CHAT, 'hi');
    while (!h.stdout) await tick();
    h.io.interrupt();
    h.io.interrupt();
    assert.equal(await done, 130);
    assert.equal(h.stdout, 'x\n');
    assert.ok(!h.io.listening);
  });
});
