/**
 * `npm run bench`: decoder and end-to-end streaming cost. Prints figures; asserts nothing (timings are
 * shown here, never checked in tests).
 *  1. decode: N OpenAI-style chunks through decodeSse + the chunk mapper + the sequencer, in memory.
 *  2. loopback: a chat stream of N tokens from the reference gateway (its own process) through the whole
 *     core (HTTP client, auth, decoders) — the client's CPU ms per 1k tokens and heap growth.
 */
import { performance } from 'node:perf_hooks';
import { decodeSse } from '../../src/core/stream/sse';
import { openAIStreamEvents } from '../../src/core/stream/openai-chunks';
import { sequenceEvents } from '../../src/core/stream/sequence';
import { spawn } from 'node:child_process';
import { createParser } from 'eventsource-parser';
import * as path from 'node:path';
import { mapCredentials } from '../integration/helpers/gateway-client';
import { parseEndpoints } from '../../src/core/endpoint/config';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';

function chunkBody(tokens: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < tokens; i++) {
    lines.push(`data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" tok${i}"},"finish_reason":null}]}\n\n`);
  }
  lines.push('data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1000,"total_tokens":1005}}\n\ndata: [DONE]\n\n');
  return Buffer.from(lines.join(''));
}

async function* inChunks(buf: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function benchDecode(tokens: number, rounds: number): Promise<void> {
  const body = chunkBody(tokens);
  const signal = new AbortController().signal;
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const cpu0 = process.cpuUsage();
    let n = 0;
    for await (const e of sequenceEvents(openAIStreamEvents(decodeSse(inChunks(body, 1400))), signal)) if (e.type === 'text') n++;
    const cpu = process.cpuUsage(cpu0);
    if (n !== tokens) throw new Error(`expected ${tokens} text events, got ${n}`);
    best = Math.min(best, (cpu.user + cpu.system) / 1000);
  }
  console.log(`decode (in memory): ${tokens} chunks, best of ${rounds}: ${best.toFixed(1)} CPU ms = ${(best / (tokens / 1000)).toFixed(2)} CPU ms per 1k tokens`);
}

/** Starts the gateway in its own process, so the CPU measured here is the client's alone. */
async function spawnGateway(): Promise<{ url: string; env: Record<string, string>; endpoints: unknown[]; stop(): void }> {
  const child = spawn(process.execPath, [path.join(__dirname, '../gateway/main.js'), '--chunk-delay-ms', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); const m = /^MAAS_GATEWAY_URL=(\S+)$/m.exec(out); if (m) resolve(m[1]); });
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}`)));
  });
  const config = await (await fetch(`${url}/__control/config`)).json() as { env: Record<string, string>; endpoints: unknown[] };
  return { url, env: config.env, endpoints: config.endpoints, stop: () => child.kill('SIGTERM') };
}

/** The floor: what the same stream costs with nothing but fetch, the SSE parser and JSON.parse. */
async function baseline(url: string, key: string, prompt: string, rounds: number): Promise<number> {
  const cpuMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const cpu0 = process.cpuUsage();
    const res = await fetch(`${url}/openai/v1/chat/completions`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'meta-llama/Llama-3.1-8B-Instruct', stream: true, messages: [{ role: 'user', content: prompt }] }),
    });
    let n = 0;
    const parser = createParser({ onEvent: (e) => { if (e.data !== '[DONE]') { JSON.parse(e.data); n++; } } });
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    const cpu = process.cpuUsage(cpu0);
    if (n < 1000) throw new Error(`baseline saw ${n} events`);
    cpuMs.push((cpu.user + cpu.system) / 1000);
  }
  return Math.min(...cpuMs);
}

async function benchLoopback(tokens: number, rounds: number): Promise<void> {
  const gw = await spawnGateway();
  try {
    const ep = parseEndpoints(gw.endpoints).endpoints.find((e) => e.id === 'local-vllm');
    if (!ep) throw new Error('no local-vllm endpoint');
    const c = createEndpointClient(ep, { credentials: mapCredentials(gw.env) });
    const prompt = Array.from({ length: tokens }, (_, i) => `w${i}`).join(' ');
    const cpuMs: number[] = [];
    const wallMs: number[] = [];
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      n = 0;
      for await (const e of c.chat({ model: 'meta-llama/Llama-3.1-8B-Instruct', messages: [{ role: 'user', content: prompt }] })) if (e.type === 'text') n++;
      const cpu = process.cpuUsage(cpu0);
      cpuMs.push((cpu.user + cpu.system) / 1000);
      wallMs.push(performance.now() - t0);
    }
    global.gc?.();
    const heap1 = process.memoryUsage().heapUsed;
    const best = Math.min(...cpuMs);
    const base = await baseline(gw.url, gw.env.MAAS_API_KEY_LOCAL_VLLM, prompt, rounds);
    console.log(`baseline (bare fetch + eventsource-parser + JSON.parse, same stream): best of ${rounds}: ${base.toFixed(1)} CPU ms = ${(base / (n / 1000)).toFixed(2)} CPU ms per 1k tokens`);
    console.log(`loopback chat (client process only, gateway in its own): ${n} text events; best of ${rounds}: ${best.toFixed(1)} CPU ms = ${(best / (n / 1000)).toFixed(2)} CPU ms per 1k tokens; wall ${Math.min(...wallMs).toFixed(0)} ms; heap growth ${((heap1 - heap0) / 1024 / 1024).toFixed(2)} MiB`);
    c.dispose();
  } finally {
    gw.stop();
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  await benchDecode(1000, 5);
  await benchDecode(10000, 3);
  await benchLoopback(1000, 5);
}

main().catch((e) => { console.error(e); process.exit(1); });
