import * as assert from 'node:assert/strict';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import type { Endpoint } from '../../../src/core/endpoint/schema';
import type { EndpointClientApi } from '../../../src/core/endpoint-client';
import { MaasError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/log';
import type { ModelInfo } from '../../../src/core/models';
import type { SecretName } from '../../../src/core/credentials';
import { EndpointStore } from '../../../src/extension/endpoints/endpoint-store';

type Behaviour = (signal: AbortSignal) => Promise<ModelInfo[]>;

const model = (endpointId: string, id: string): ModelInfo => ({ endpointId, id, label: id, tasks: ['chat'], source: 'discovered' });
/** Like a real request: rejects once the signal is aborted, at once if it already is. */
const waitAbort = (signal: AbortSignal) => new Promise<never>((_, reject) => {
  const fail = () => reject(new MaasError({ kind: 'network', message: 'aborted' }));
  if (signal.aborted) fail(); else signal.addEventListener('abort', fail, { once: true });
});

function fakeStore(behaviours: Record<string, Behaviour>, missing: Record<string, SecretName[]> = {}, unbuildable = new Set<string>()) {
  const created: string[] = [];
  const disposed: string[] = [];
  const calls: string[] = [];
  const store = new EndpointStore({
    logger: silentLogger,
    missingCredentials: async (e: Endpoint) => missing[e.id] ?? [],
    createClient: (e: Endpoint): EndpointClientApi => {
      created.push(e.id);
      if (unbuildable.has(e.id)) throw new MaasError({ kind: 'config', message: `endpoint "${e.id}": tls.caFile "${e.tls?.caFile}" cannot be read (ENOENT); give the path of a PEM file` });
      return {
        endpoint: e,
        listModels: (signal?: AbortSignal) => { calls.push(e.id); return behaviours[e.id](signal!); },
        chat: () => { throw new Error('unused'); },
        complete: () => { throw new Error('unused'); },
        chatBatches: () => { throw new Error('unused'); },
        completeBatches: () => { throw new Error('unused'); },
        testConnection: () => { throw new Error('unused'); },
        tasksOffered: () => [],
        runTask: () => { throw new Error('unused'); },
        taskSchema: () => { throw new Error('unused'); },
        traffic: () => ({ usage: { answers: 0, inputTokens: 0, outputTokens: 0 } }),
        dispose: () => { disposed.push(e.id); },
      };
    },
  });
  return { store, created, disposed, calls };
}

/** Resolves once `ready()` holds, checked now and after every change the store announces. */
function storeState(store: EndpointStore, ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ready()) { resolve(); return; }
    const sub = store.onDidChange(() => { if (ready()) { sub.dispose(); resolve(); } });
  });
}

const entry = (id: string, extra: object = {}) => ({ id, platform: 'openai', baseUrl: `http://127.0.0.1:1/${id}/v1`, ...extra });

describe('extension: endpoint store', () => {
  it('discovers each endpoint on its own: a hanging one does not hold up the others', async () => {
    let release!: () => void;
    const hanging = new Promise<void>((r) => { release = r; });
    const { store } = fakeStore({
      fast: async () => [model('fast', 'm1'), model('fast', 'm2')],
      slow: async () => { await hanging; return [model('slow', 'x')]; },
      down: async () => { throw new MaasError({ kind: 'network', message: 'Could not reach the gateway: ECONNREFUSED' }); },
    });
    const changes: string[] = [];
    store.onDidChange(() => changes.push(store.list().map((s) => `${s.endpoint.id}:${s.status.state}`).join(',')));
    const loaded = store.load(parseEndpoints([entry('fast'), entry('slow'), entry('down')]));
    await storeState(store, () => ['fast', 'down'].every((id) => store.get(id)?.status.state !== 'loading'));
    assert.deepEqual(store.list().map((s) => s.status.state), ['ready', 'loading', 'error']);
    const down = store.get('down')!.status;
    assert.ok(down.state === 'error' && down.kind === 'network');
    release();
    await loaded;
    await store.whenIdle();
    assert.deepEqual(store.list().map((s) => s.status.state), ['ready', 'ready', 'error']);
    assert.deepEqual(store.models().map((m) => m.id), ['m1', 'm2', 'x']);
    assert.deepEqual(changes, [
      'fast:loading,slow:loading,down:loading',
      'fast:ready,slow:loading,down:loading',
      'fast:ready,slow:loading,down:error',
      'fast:ready,slow:ready,down:error',
    ]);
  });

  it('a refresh cancels the discovery still running and keeps only the newest answer', async () => {
    let n = 0;
    const signals: AbortSignal[] = [];
    const { store } = fakeStore({
      a: async (signal) => { signals.push(signal); n++; if (n === 1) return waitAbort(signal); return [model('a', 'second')]; },
    });
    const loaded = store.load(parseEndpoints([entry('a')]));
    await store.refresh('a');
    await loaded;
    assert.equal(signals[0].aborted, true);
    const st = store.get('a')!.status;
    assert.ok(st.state === 'ready' && st.models[0].id === 'second');
  });

  it('skips discovery when a needed credential is missing', async () => {
    const { store, calls } = fakeStore({ a: async () => [] }, { a: ['apiKey'] });
    await store.load(parseEndpoints([entry('a')]));
    assert.deepEqual(store.get('a')!.status, { state: 'missingCredentials', missing: ['apiKey'] });
    assert.deepEqual(calls, []);
  });

  it('reloading keeps unchanged endpoints, rediscovers changed ones and disposes removed ones', async () => {
    const { store, created, disposed, calls } = fakeStore({ a: async () => [model('a', 'm')], b: async () => [model('b', 'm')], c: async () => [] });
    await store.load(parseEndpoints([entry('a'), entry('b'), entry('c')]));
    await store.load(parseEndpoints([entry('a'), entry('b', { label: 'Bee' }), { id: 'bad', platform: 'nope', baseUrl: 'x' }]));
    assert.deepEqual(created, ['a', 'b', 'c', 'b']);
    assert.deepEqual(disposed.sort(), ['b', 'c']);
    assert.deepEqual(calls, ['a', 'b', 'c', 'b']);
    assert.deepEqual(store.list().map((s) => s.endpoint.label), ['a', 'Bee']);
    assert.deepEqual(store.problems().map((p) => [p.endpointId, p.field]), [['bad', 'platform'], ['bad', 'baseUrl']]);
    store.dispose();
    assert.deepEqual(disposed.sort(), ['a', 'b', 'b', 'c']);
  });

  it('renew replaces the client (credentials changed) and rediscovers', async () => {
    const { store, created, disposed } = fakeStore({ a: async () => [model('a', 'm')] });
    await store.load(parseEndpoints([entry('a')]));
    await store.renew('a');
    assert.deepEqual(created, ['a', 'a']);
    assert.deepEqual(disposed, ['a']);
    assert.equal(store.get('a')!.status.state, 'ready');
    await store.renew('unknown');
  });

  it('turns a non-MaasError into a protocol error rather than throwing', async () => {
    const { store } = fakeStore({ a: async () => { throw new TypeError('boom'); } });
    await store.load(parseEndpoints([entry('a')]));
    assert.deepEqual(store.get('a')!.status, { state: 'error', kind: 'protocol', message: 'boom' });
  });

  it('an endpoint whose client cannot be built gets its own error; the endpoints after it still load', async () => {
    const broken = new Set(['ca']);
    const { store, created } = fakeStore({ a: async () => [model('a', 'm')], b: async () => [model('b', 'n')], ca: async () => [model('ca', 'x')] }, {}, broken);
    await store.load(parseEndpoints([entry('a'), entry('ca', { tls: { caFile: '/nope.pem' } }), entry('b')]));
    assert.deepEqual(store.list().map((s) => `${s.endpoint.id}:${s.status.state}`), ['a:ready', 'ca:error', 'b:ready']);
    const st = store.get('ca')!.status;
    assert.ok(st.state === 'error');
    assert.equal(st.kind, 'config');
    assert.equal(st.field, 'tls.caFile');
    assert.match(st.message, /cannot be read \(ENOENT\)/);
    assert.equal(store.client('ca'), undefined);
    // Refresh tries again: once the file is there, the endpoint loads.
    await store.refresh('ca');
    assert.equal(store.get('ca')!.status.state, 'error');
    broken.delete('ca');
    await store.refresh();
    assert.equal(store.get('ca')!.status.state, 'ready');
    assert.deepEqual(created, ['a', 'ca', 'b', 'ca', 'ca']);
  });
});
