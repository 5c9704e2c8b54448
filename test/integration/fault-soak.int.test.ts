/**
 * Fault soak: many requests through core's endpoint clients against the reference gateway, each wave of
 * concurrent requests (one per platform) with its own randomly chosen faults (seeded, so a run can be
 * replayed with MAAS_SOAK_SEED). Checks the contract under faults: streams never throw and end with one
 * terminal event, nothing hangs past a per-request deadline, every error is classified and never an
 * `internal error` or a stack, text streamed before a fault is kept, cancellations end `done: cancelled`
 * (also while an OAuth2 token refresh is in flight). Prints the tally.
 * MAAS_SOAK_REQUESTS sets the number of requests (default below: what fits this tier's time budget).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startGateway, type Gateway, type FaultSpec } from '../gateway/server';
import { PREFIX } from '../gateway/config';
import { parseEndpoints } from '../../src/core/endpoint/config';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import type { EndpointClientApi } from '../../src/core/endpoint-client';
import type { Endpoint } from '../../src/core/endpoint/schema';
import type { StreamEvent } from '../../src/core/stream/events';
import type { Logger } from '../../src/core/log';
import { ERROR_KINDS, isMaasError } from '../../src/core/errors';
import { seededRandom } from '../unit/helpers/bytes';
import { mapCredentials, CHAT_MODELS, assertOrder } from './helpers/gateway-client';

const DEFAULT_REQUESTS = 10_000;
const REQUESTS = Number(process.env.MAAS_SOAK_REQUESTS ?? DEFAULT_REQUESTS);
const SEED = Number(process.env.MAAS_SOAK_SEED ?? 20261130);
/** Endpoint timeout for the soak (the smallest the settings allow). */
const TIMEOUT_SECONDS = 1;
/** No request may take longer than this (3 attempts each bounded by the timeout, plus slack). */
const DEADLINE_MS = 20_000;
/** Waves in which every request stalls past the timeout (costly: each waits for the timeout). */
const TIMEOUT_WAVE_SHARE = 0.004;
const LOG_FILE = path.join(process.cwd(), 'test-results', 'integration', 'fault-soak.log');

/** Each platform's prefix as a fault path that matches no other platform's requests. */
const FAULT_PATH: Record<string, string> = {
  'local-vllm': `${PREFIX.openai}/`, 'rafay-serverless': PREFIX.rafay, 'openshift-maas': PREFIX.rhoai,
  'lab-gpustack': PREFIX.gpustack, 'oicm-prod': PREFIX.oicm, 'intel-tiber': PREFIX.intel,
};
/** An embedding model per endpoint that offers the task. */
const EMBED_MODEL: Record<string, string> = { 'local-vllm': 'BAAI/bge-small-en-v1.5', 'lab-gpustack': 'bge-m3', 'oicm-prod': '8d3e-embed' };
const PROMPT = [{ role: 'user' as const, content: 'one two three four five six seven eight nine ten' }];
const STACK = /\n\s+at |\bat \S+ \(|\.(?:js|ts):\d+:\d+/;

type Kind = 'chat' | 'models' | 'task';
type Cancel = 'none' | 'mid-stream' | 'mid-refresh';
interface Plan { id: string; kind: Kind; fault?: FaultSpec; faultName: string; cancel: Cancel }
interface Outcome { events?: StreamEvent[]; error?: unknown; crashed?: unknown; hung?: boolean; refreshCancelled?: boolean }

const thrown = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : JSON.stringify(e) ?? typeof e);
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** A random fault for one request (or none), with a short name for the tally. */
function randomFault(r: () => number, id: string, kind: Kind): [FaultSpec | undefined, string] {
  const p = FAULT_PATH[id];
  const x = r();
  const chunks = Math.floor(r() * 5);
  if (x < 0.2) return [undefined, 'none'];
  if (x < 0.3) return [{ type: 'status', status: 429, headers: { 'retry-after': '1' }, times: 1 + Math.floor(r() * 3), path: p }, '429 retry-after'];
  if (x < 0.37) return [{ type: 'status', status: 429, times: 1 + Math.floor(r() * 3), path: p }, '429'];
  if (x < 0.47) return [{ type: 'status', status: pick(r, [500, 502, 503, 504]), times: 1 + Math.floor(r() * 3), path: p }, '5xx'];
  if (x < 0.59) return [{ type: 'midstream-error', afterChunks: chunks, path: p }, 'midstream-error'];
  if (x < 0.7) return [{ type: 'drop', afterChunks: chunks, path: p }, 'drop'];
  if (x < 0.77) return [{ type: 'stall', ms: 5 + Math.floor(r() * 60), ...(r() < 0.5 ? { afterChunks: chunks } : {}), path: p }, 'short stall'];
  if (x < 0.83) return [{ type: 'expired-token', path: p }, 'expired-token'];
  if (x < 0.88) return [{ type: 'redirect', to: r() < 0.5 ? 'same' : 'foreign', path: p }, 'redirect'];
  // garbage bodies: a 200 that is not what the client asked for, or an error status with a body in no known shape
  const garbage = pick(r, ['data: {"choices": [{"delta": {"content": ', '\u0000\u00ff\ufffd<<garbage>>', '<html><body>502 Bad Gateway</body></html>',
    'data: [DONE]\n\n', '{"object": "list", "data": 7}', '{"error": {"message": null}}', `event: error\ndata: ${'x'.repeat(200)}\n\n`]);
  const status = r() < 0.6 ? 200 : pick(r, [400, 500, 502, 503]);
  const type = kind === 'chat' && r() < 0.5 ? 'text/event-stream' : pick(r, ['application/json', 'text/html', 'application/octet-stream']);
  return [{ type: 'status', status, body: garbage, headers: { 'content-type': type }, path: p }, `garbage ${status}`];
}

/** Random requests for one wave: one per platform, local-vllm or rafay (their paths overlap). */
function planWave(r: () => number, timeoutWave: boolean): Plan[] {
  const ids = [r() < 0.5 ? 'local-vllm' : 'rafay-serverless', 'openshift-maas', 'lab-gpustack', 'oicm-prod', 'intel-tiber'];
  return ids.map((id): Plan => {
    const y = r();
    const kind: Kind = y < 0.8 ? 'chat' : y < 0.9 || !EMBED_MODEL[id] ? 'models' : 'task';
    if (timeoutWave) {
      const fault: FaultSpec = { type: 'stall', ms: 10_000, times: 0, path: FAULT_PATH[id], ...(kind === 'chat' && r() < 0.5 ? { afterChunks: 1 + Math.floor(r() * 3) } : {}) };
      return { id, kind, fault, faultName: 'stall past timeout', cancel: 'none' };
    }
    if (kind === 'chat' && r() < 0.06) {
      if (id === 'intel-tiber' && r() < 0.5) return { id, kind, fault: { type: 'expired-token', path: FAULT_PATH[id] }, faultName: 'expired-token', cancel: 'mid-refresh' };
      // a stall after the first chunks keeps the stream open, so the cancellation lands mid-stream
      return { id, kind, fault: { type: 'stall', ms: 5000, afterChunks: 2 + Math.floor(r() * 2), path: FAULT_PATH[id] }, faultName: 'stall', cancel: 'mid-stream' };
    }
    const [fault, faultName] = randomFault(r, id, kind);
    return { id, kind, fault, faultName, cancel: 'none' };
  });
}

describe('fault soak: core against the reference gateway under random faults', function () {
  this.timeout(300_000);
  let gw: Gateway;
  const clients = new Map<string, EndpointClientApi>();
  /** Called when the intel-tiber client starts a token request (to cancel a request mid-refresh). */
  let onTokenRequest: (() => void) | undefined;
  let log: fs.WriteStream;
  const fullAnswer = new Map<string, string>();

  before(async () => {
    gw = await startGateway({ chunkDelayMs: 0 });
    const parsed = parseEndpoints(gw.endpoints());
    assert.deepEqual(parsed.problems, []);
    fs.mkdirSync(path.dirname(LOG_FILE), { recursive: true });
    log = fs.createWriteStream(LOG_FILE);
    const line = (level: string) => (m: string) => { log.write(`${level} ${m}\n`); };
    const logger: Logger = { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
    for (const ep of parsed.endpoints) {
      const endpoint: Endpoint = { ...ep, timeoutSeconds: TIMEOUT_SECONDS, requestTimeoutSeconds: TIMEOUT_SECONDS };
      const fetchHook = ep.id === 'intel-tiber'
        ? { fetch: (url: string, init: RequestInit) => {
          const answer = fetch(url, init);
          if (url.endsWith('/oauth2/token') && onTokenRequest) setImmediate(onTokenRequest);
          return answer;
        } }
        : {};
      clients.set(ep.id, createEndpointClient(endpoint, { credentials: mapCredentials(gw.env()), sleep: async () => undefined, logger, ...fetchHook }));
    }
    // discovery once without faults (model URLs for openshift-ai and oicm)
    for (const c of clients.values()) await c.listModels();
    // each platform's whole answer, fault-free: what every partial answer must be a prefix of
    for (const [id, c] of clients) {
      let text = '';
      for await (const e of c.chat({ model: CHAT_MODELS[id], messages: PROMPT })) {
        if (e.type === 'text') text += e.text;
        else if (e.type === 'error') throw new Error(`${id}: ${e.message}`);
      }
      assert.match(text, /^Hello from /);
      fullAnswer.set(id, text);
    }
  });
  after(async () => {
    for (const c of clients.values()) c.dispose();
    await gw.close();
    await new Promise<void>((resolve) => { log.end(resolve); });
  });

  async function runOne(plan: Plan): Promise<Outcome> {
    const c = clients.get(plan.id)!;
    const ctl = new AbortController();
    const out: Outcome = {};
    if (plan.cancel === 'mid-refresh') onTokenRequest = () => { out.refreshCancelled = true; ctl.abort(); };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), DEADLINE_MS); });
    const work = (async () => {
      try {
        if (plan.kind === 'models') await c.listModels(ctl.signal);
        else if (plan.kind === 'task') await c.runTask('embedding', { model: EMBED_MODEL[plan.id], texts: ['one', 'two'] }, ctl.signal);
        else {
          const events: StreamEvent[] = [];
          out.events = events;
          for await (const batch of c.chatBatches({ model: CHAT_MODELS[plan.id], messages: PROMPT }, ctl.signal)) {
            events.push(...batch);
            const ended = batch.some((e) => e.type === 'done' || e.type === 'error');
            if (plan.cancel === 'mid-stream' && !ended && batch.some((e) => e.type === 'text')) ctl.abort();
          }
        }
      } catch (e) {
        if (plan.kind === 'chat') out.crashed = e; else out.error = e;
      }
    })();
    const raced = await Promise.race([work.then(() => 'ok' as const), deadline]);
    clearTimeout(timer);
    if (plan.cancel === 'mid-refresh') onTokenRequest = undefined;
    if (raced === 'hung') { out.hung = true; ctl.abort(); }
    return out;
  }

  it(`${REQUESTS} requests with random faults: no crash, no hang, every error classified, partial text kept`, async () => {
    assert.ok(Number.isInteger(REQUESTS) && REQUESTS > 0, `MAAS_SOAK_REQUESTS must be a positive whole number, not ${process.env.MAAS_SOAK_REQUESTS}`);
    const r = seededRandom(SEED);
    const tally = { requests: 0, outcomes: {} as Record<string, number>, faults: {} as Record<string, number>, kinds: {} as Record<string, number> };
    const bump = (m: Record<string, number>, k: string): void => { m[k] = (m[k] ?? 0) + 1; };
    const problems: string[] = [];
    let problemCount = 0;
    const problem = (plan: Plan, what: string): void => { problemCount += 1; if (problems.length < 50) problems.push(`${plan.id} ${plan.kind} [${plan.faultName} ${JSON.stringify(plan.fault ?? {})}] cancel=${plan.cancel}: ${what}`); };
    const secrets = Object.values(gw.env());
    const checkError = (plan: Plan, kind: unknown, message: unknown): void => {
      if (typeof kind !== 'string' || !(ERROR_KINDS as readonly string[]).includes(kind)) problem(plan, `unknown error kind ${String(kind)}`);
      if (typeof message !== 'string' || message === '') { problem(plan, 'error without a message'); return; }
      if (/^internal error/i.test(message)) problem(plan, `internal error: ${message}`);
      if (STACK.test(message)) problem(plan, `stack in the message: ${message}`);
      if (secrets.some((s) => message.includes(s))) problem(plan, 'a secret in the message');
    };
    const t0 = Date.now();
    let refreshCancels = 0;
    let emptyDone = 0;
    while (tally.requests < REQUESTS) {
      const timeoutWave = r() < TIMEOUT_WAVE_SHARE;
      const plans = planWave(r, timeoutWave).slice(0, REQUESTS - tally.requests);
      gw.clearFaults();
      for (const p of plans) if (p.fault) gw.setFault(p.fault);
      const outcomes = await Promise.all(plans.map((p) => runOne(p)));
      gw.clearFaults();
      if (tally.requests % 1000 < plans.length) gw.clearRequests();
      for (const [i, plan] of plans.entries()) {
        const o = outcomes[i];
        tally.requests += 1;
        bump(tally.faults, plan.cancel === 'none' ? plan.faultName : `cancel ${plan.cancel}`);
        bump(tally.kinds, plan.kind);
        let outcome: string;
        if (o.hung) { outcome = 'HUNG'; problem(plan, `no answer within ${DEADLINE_MS} ms`); }
        else if (o.crashed !== undefined) { outcome = 'THREW'; problem(plan, `the stream threw: ${thrown(o.crashed)}`); }
        else if (plan.kind !== 'chat') {
          if (o.error === undefined) outcome = 'ok';
          else if (isMaasError(o.error)) { outcome = `error ${o.error.kind}`; checkError(plan, o.error.kind, o.error.message); }
          else { outcome = 'THREW'; problem(plan, `threw a non-MaasError: ${thrown(o.error)}`); }
        } else {
          const events = o.events ?? [];
          try { assertOrder(events); } catch (e) { problem(plan, (e as Error).message.slice(0, 300)); }
          const last = events[events.length - 1];
          const text = events.map((e) => (e.type === 'text' ? e.text : '')).join('');
          const whole = fullAnswer.get(plan.id) ?? '';
          if (!whole.startsWith(text)) problem(plan, `the text is not the answer the gateway sent: ${JSON.stringify(text)}`);
          if (last?.type === 'done' && last.finishReason === 'stop' && text !== whole) problem(plan, `a complete answer differs: ${JSON.stringify(text)}`);
          if (last?.type === 'error') {
            outcome = `error ${last.kind}`;
            checkError(plan, last.kind, last.message);
            const f = plan.fault;
            // the first chunk may carry no text (a role, usage); from the second on, text has arrived
            if (f && (f.type === 'midstream-error' || f.type === 'drop' || (f.type === 'stall' && f.afterChunks !== undefined)) && (f.afterChunks ?? 2) >= 2 && text === '') {
              problem(plan, `the text before the fault was lost: ${JSON.stringify(events).slice(0, 300)}`);
            }
          } else if (last?.type === 'done') {
            outcome = `done ${last.finishReason}`;
            if (last.finishReason !== 'cancelled' && text === '') {
              emptyDone += 1;
              // a 200 whose body is no stream at all (HTML, a JSON list, a bare [DONE]) ends without text;
              // any other empty answer is a lost one
              if (plan.faultName !== 'garbage 200') problem(plan, `ended done with no text: ${JSON.stringify(events).slice(0, 300)}`);
            }
          }
          else outcome = 'NO TERMINAL';
          if (plan.cancel !== 'none') {
            if (plan.cancel === 'mid-refresh' && o.refreshCancelled) refreshCancels += 1;
            const cancelled = plan.cancel === 'mid-stream' || o.refreshCancelled;
            if (cancelled && !(last?.type === 'done' && last.finishReason === 'cancelled')) problem(plan, `a cancelled request ended ${JSON.stringify(last)}`);
          }
        }
        // (OICM's model list is its configured models: no request, so no stall)
        const offline = plan.id === 'oicm-prod' && plan.kind === 'models';
        if (plan.faultName === 'stall past timeout' && !offline && outcome !== 'error timeout') problem(plan, `a stall past timeoutSeconds ended ${outcome}`);
        bump(tally.outcomes, outcome);
      }
    }
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    const sorted = (m: Record<string, number>): string => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ');
    console.log(`      fault soak (seed ${SEED}): ${tally.requests} requests in ${seconds} s`);
    console.log(`        kinds: ${sorted(tally.kinds)}`);
    console.log(`        faults: ${sorted(tally.faults)}`);
    console.log(`        outcomes: ${sorted(tally.outcomes)}`);
    console.log(`        cancelled during a token refresh: ${refreshCancels}; ended done with no text (a garbage 200): ${emptyDone}; problems: ${problemCount}`);
    assert.deepEqual(problems, []);
    assert.equal(tally.requests, REQUESTS);
  });
});
