/**
 * The dispatcher's body handler, driven the way undici drives it (onConnect, onHeaders, onData per parsed
 * chunk, onComplete/onError): each network read reaches a waiting reader as one chunk, a lagging reader
 * pauses the socket and resumes it by reading, cancellation and the signal abort the request. Then the
 * same through the dispatcher transport against a loopback server.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyHandler, HIGH_WATER, rawHeadersOf } from '../../src/core/http/dispatch-body';
import { dispatcherTransport } from '../../src/core/http/dispatcher-transport';

const text = (r: IteratorResult<Uint8Array>) => (r.done ? 'done' : Buffer.from(r.value).toString());

function driven(signal = new AbortController().signal) {
  const h = new BodyHandler(signal);
  const calls = { aborted: [] as Error[], resumed: 0 };
  h.onConnect((reason) => { calls.aborted.push(reason); h.onError(reason); });
  h.onHeaders(200, [Buffer.from('Content-Type'), Buffer.from('text/event-stream'), Buffer.from('X-Two'), Buffer.from('a'), Buffer.from('x-two'), Buffer.from('b')], () => { calls.resumed++; });
  return { h, calls };
}

describe('core HTTP dispatcher body', () => {
  it('resolves the headers (names case-insensitive, repeated ones joined) and ignores 1xx', async () => {
    const h = new BodyHandler(new AbortController().signal);
    h.onConnect(() => undefined);
    assert.equal(h.onHeaders(100, [], () => undefined), true);
    h.onHeaders(204, [Buffer.from('A'), Buffer.from('1')], () => undefined);
    const head = await h.headers;
    assert.equal(head.status, 204);
    const headers = rawHeadersOf(head.rawHeaders);
    assert.equal(headers.get('a'), '1');
    assert.equal(headers.get('missing'), null);
    assert.equal(rawHeadersOf([Buffer.from('X-Two'), Buffer.from('a'), Buffer.from('x-two'), Buffer.from('b')]).get('X-TWO'), 'a, b');
  });

  it('a waiting reader gets the chunks of one network read as one chunk, and each read separately', async () => {
    const { h } = driven();
    const first = h.next();
    // One network read: the parser calls onData once per body chunk it finds, synchronously.
    h.onData(Buffer.from('a'));
    h.onData(Buffer.from('b'));
    assert.equal(text(await first), 'ab');
    const second = h.next();
    h.onData(Buffer.from('c'));
    assert.equal(text(await second), 'c');
    const third = h.next();
    h.onComplete();
    assert.equal(text(await third), 'done');
  });

  it('what arrived while the reader was busy comes as one chunk, then the end', async () => {
    const { h } = driven();
    h.onData(Buffer.from('x'));
    h.onData(Buffer.from('y'));
    h.onComplete();
    assert.equal(text(await h.next()), 'xy');
    assert.equal(text(await h.next()), 'done');
    assert.equal(text(await h.next()), 'done');
  });

  it('a body ending while a read is handed on still gives that read before the end', async () => {
    const { h } = driven();
    const first = h.next();
    h.onData(Buffer.from('last'));
    h.onComplete();
    assert.equal(text(await first), 'last');
    assert.equal(text(await h.next()), 'done');
  });

  it('pauses the socket while HIGH_WATER bytes wait, and resumes it when the reader takes them', async () => {
    const { h, calls } = driven();
    const half = Buffer.alloc(HIGH_WATER / 2, 0x61);
    assert.equal(h.onData(half), true);
    assert.equal(h.onData(half), false, 'paused at HIGH_WATER');
    assert.equal(calls.resumed, 0);
    const got = await h.next();
    assert.equal(got.done, false);
    assert.equal(got.value.byteLength, HIGH_WATER);
    assert.equal(calls.resumed, 1);
    assert.equal(h.onData(half), true, 'reading again after the reader caught up');
  });

  it('a connection error rejects the waiting reader, and later reads, with that error', async () => {
    const { h } = driven();
    const pending = h.next();
    const err = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    h.onError(err);
    await assert.rejects(pending, (e) => e === err);
    await assert.rejects(h.next(), (e) => e === err);
  });

  it('what arrived before a connection error is still read, then the error (text before a drop is kept)', async () => {
    const { h } = driven();
    h.onData(Buffer.from('data: one\n\n'));
    const err = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    h.onError(err);
    assert.equal(text(await h.next()), 'data: one\n\n');
    await assert.rejects(h.next(), (e) => e === err);
  });

  it('a reader waiting while a read is handed on gets that read, not the error that follows it', async () => {
    const { h } = driven();
    const pending = h.next();
    h.onData(Buffer.from('last words'));
    const err = new Error('reset');
    h.onError(err); // before the microtask that hands the read on has run
    assert.equal(text(await pending), 'last words');
    await assert.rejects(h.next(), (e) => e === err);
  });

  it('cancel ends the reader and aborts the request, once', async () => {
    const { h, calls } = driven();
    const pending = h.next();
    h.cancel();
    assert.equal(text(await pending), 'done');
    assert.equal(calls.aborted.length, 1);
    h.cancel();
    await h.return();
    assert.equal(calls.aborted.length, 1);
    assert.equal(h.onData(Buffer.from('late')), true);
    assert.equal(text(await h.next()), 'done');
  });

  it('the signal rejects a waiting reader with its reason and aborts the request', async () => {
    const ctl = new AbortController();
    const { h, calls } = driven(ctl.signal);
    const pending = h.next();
    const reason = new Error('stopped by the user');
    ctl.abort(reason);
    await assert.rejects(pending, (e) => e === reason);
    assert.deepEqual(calls.aborted, [reason]);
  });

  it('a signal aborted before the connection rejects the headers and aborts on connect', async () => {
    const ctl = new AbortController();
    const h = new BodyHandler(ctl.signal);
    const reason = new Error('early');
    ctl.abort(reason);
    await assert.rejects(h.headers, (e) => e === reason);
    let aborted = 0;
    h.onConnect(() => { aborted++; });
    assert.equal(aborted, 1);
  });

  describe('through the dispatcher transport', () => {
    let server: http.Server;
    let origin = '';
    let writes: () => void = () => undefined;
    before(async () => {
      server = http.createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        if (req.url === '/steps') {
          res.write('one;');
          writes = () => { res.end('two;'); };
          return;
        }
        // Far more than HIGH_WATER, written as fast as the socket takes it.
        const block = Buffer.alloc(16 * 1024, 0x62);
        let left = 256;
        const pump = () => { while (left > 0) { left--; if (!res.write(block)) { res.once('drain', pump); return; } } res.end(); };
        pump();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => { server.closeAllConnections(); server.close(); });

    it('each write reaches the reader before the next is sent (nothing held back)', async () => {
      const t = dispatcherTransport();
      try {
        const res = await t.send({ url: `${origin}/steps`, method: 'GET', headers: {}, signal: new AbortController().signal });
        const it = res.body[Symbol.asyncIterator]();
        assert.equal(text(await it.next()), 'one;');
        writes();
        assert.equal(text(await it.next()), 'two;');
        assert.equal(text(await it.next()), 'done');
      } finally { t.close(); }
    });

    it('a body far larger than HIGH_WATER arrives whole', async () => {
      const t = dispatcherTransport();
      try {
        const res = await t.send({ url: `${origin}/big`, method: 'GET', headers: {}, signal: new AbortController().signal });
        let total = 0;
        for await (const c of res.body) {
          total += c.byteLength;
          assert.ok(c.every((b) => b === 0x62));
        }
        assert.equal(total, 256 * 16 * 1024);
      } finally { t.close(); }
    });

    it('aborting the signal mid-body stops the reader with the reason', async () => {
      const t = dispatcherTransport();
      try {
        const ctl = new AbortController();
        const res = await t.send({ url: `${origin}/steps`, method: 'GET', headers: {}, signal: ctl.signal });
        const it = res.body[Symbol.asyncIterator]();
        assert.equal(text(await it.next()), 'one;');
        const pending = it.next();
        const reason = new Error('cancelled');
        ctl.abort(reason);
        await assert.rejects(pending, (e) => e === reason);
      } finally { t.close(); }
    });
  });
});
