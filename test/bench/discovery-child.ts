/**
 * Run as a fresh process by the discovery part: 20 endpoints × 200 models, each with its own latency,
 * discovered through the extension's EndpointStore with real core clients (the store is host-free, so no
 * host is needed), while the event loop's delay is sampled. Usage: node discovery-child.js ORIGIN.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseEndpoints } from '../../src/core/endpoint/config';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { silentLogger } from '../../src/core/log';
import { EndpointStore } from '../../src/extension/endpoints/endpoint-store';
import { BENCH_KEY, envCredentials } from './clients';
import { prng, specPath } from './stream-spec';

const ENDPOINTS = 20;
const MODELS = 200;

function newStore(): EndpointStore {
  return new EndpointStore({
    createClient: (e) => createEndpointClient(e, { credentials: envCredentials(BENCH_KEY) }),
    missingCredentials: async () => [],
    logger: silentLogger,
  });
}

async function discover(entries: unknown[]): Promise<{ ms: number; p99: number; max: number; models: number }> {
  const store = newStore();
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  await store.load(parseEndpoints(entries));
  const ms = performance.now() - t0;
  h.disable();
  let models = 0;
  for (const s of store.list()) {
    if (s.status.state !== 'ready') throw new Error(`${s.endpoint.id}: ${JSON.stringify(s.status)}`);
    models += s.status.models.length;
  }
  store.dispose();
  return { ms, p99: h.percentile(99) / 1e6, max: h.max / 1e6, models };
}

async function main(): Promise<void> {
  const origin = process.argv[2];
  const rnd = prng(20);
  const latencies = Array.from({ length: ENDPOINTS }, () => 20 + Math.floor(rnd() * 181));
  const entries = latencies.map((lat, i) => ({ id: `bench-${i}`, platform: 'openai', baseUrl: `${origin}/${specPath({ latencyMs: lat, models: MODELS })}-e${i}/v1` }));
  const cold = await discover(entries);
  const slowest = entries[latencies.indexOf(Math.max(...latencies))];
  const alone = await discover([slowest]);
  const warm = await discover(entries);
  if (cold.models !== ENDPOINTS * MODELS) throw new Error(`expected ${ENDPOINTS * MODELS} models, got ${cold.models}`);
  process.stdout.write(`${JSON.stringify({ latencies, cold, slowestAlone: alone, warm })}\n`);
  process.exit(0);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
