/**
 * Chat part: what the two chat faces add on top of core. In fresh processes (test/bench/chat-child.ts)
 * the built extension is activated with a fake `vscode`, and its @maas participant and language model
 * provider are called the way VS Code calls them, against the bench server.
 * - first token: the face's time to its first answer text minus core's `chatBatches` on the same
 *   endpoint, alternating, median of the per-round differences. Goal: a few ms (≤ 5 ms).
 * - memory: 2,000,000 tokens through each face, after a first answer of the same length as warm-up (the
 *   extension host is a long-lived process whose heap V8 has long sized); RSS at the end of the second
 *   answer minus RSS once 10 % of it is out, and minus RSS half-way; and V8's live heap (after a full
 *   collection) after both answers minus before the warm-up. Goal ≤ +20 MB each.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BENCH_OUT, REPO, fmt, median, runChild, type Row, type StreamServer } from './harness';
import { specPath } from './stream-spec';
import { expectedBytes, memoryFigures, memoryNote } from './whole-cli';

interface FirstTokens { core: number[]; participant: number[]; provider: number[] }

export async function runChatFaces(server: StreamServer, quick: boolean): Promise<{ rows: Row[]; json: unknown }> {
  const ext = path.join(REPO, 'dist/extension.js');
  const child = path.join(BENCH_OUT, 'chat-child.js');
  const rows: Row[] = [];
  const rounds = quick ? 10 : 40;
  const shortUrl = `${server.origin}/${specPath({ tokens: 50, eventsPerWrite: 1, models: 1 })}/v1`;
  const r = spawnSync(process.execPath, [child, 'first-token', ext, shortUrl, String(rounds)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chat child failed: ${r.stderr}`);
  const ft = JSON.parse(r.stdout.trim()) as FirstTokens;
  const overhead = (face: number[]): number => median(face.map((ms, i) => ms - ft.core[i]));
  for (const face of ['participant', 'provider'] as const) {
    const extra = overhead(ft[face]);
    rows.push({
      part: 'chat', what: `${face === 'participant' ? '@maas participant' : 'language model provider'}: time to first token − core's`, figure: `${fmt(extra, 2)} ms`, goal: '≤ 5 ms', ok: extra <= 5,
      note: `median over ${rounds} alternating rounds of (face − core) on a 50-token loopback stream; medians: core ${fmt(median(ft.core), 2)} ms, ${face} ${fmt(median(ft[face]), 2)} ms`,
    });
  }
  const tokens = quick ? 500_000 : 2_000_000;
  const longUrl = `${server.origin}/${specPath({ tokens, eventsPerWrite: 256, models: 1 })}/v1`;
  const memory: Record<string, unknown> = {};
  for (const face of ['participant', 'provider'] as const) {
    const run = await runChild([child, face, ext, longUrl, String(tokens)], { sampleMs: 200, heapSampleMs: 100, nodeArgs: ['--expose-gc'] });
    const want = expectedBytes(tokens);
    if (run.code !== 0 || run.stdoutBytes < want) throw new Error(`${face} run exited ${run.code} after ${run.stdoutBytes} of ${want}+ bytes: ${run.stderr}`);
    const m = memoryFigures(run, tokens);
    memory[face] = { ...m, cpuMs: run.cpuMs, samples: run.samples, heap: run.heap };
    const who = `${face === 'participant' ? '@maas participant' : 'language model provider'}, ${tokens / 1e6}M tokens`;
    const steadyMb = m.endMb - m.halfMb;
    const live = /LIVE_HEAP (\{.*\})/.exec(run.stderr);
    const heap = live ? JSON.parse(live[1]) as { before: number; after: number } : undefined;
    const liveMb = heap ? (heap.after - heap.before) / 1024 / 1024 : NaN;
    rows.push({
      part: 'chat', what: `${who}: live heap after a full GC, after − before two answers`, figure: `${fmt(liveMb, 2)} MB`, goal: '≤ +20 MB', ok: liveMb <= 20,
      note: heap ? `V8 heap used after gc(): ${fmt(heap.before / 1024 / 1024, 1)} → ${fmt(heap.after / 1024 / 1024, 1)} MB — what the warm-up and the measured answer left alive` : 'the child did not report its heap',
    }, {
      part: 'chat', what: `${who}: RSS end − 10 % out, after a warm-up answer`, figure: `${fmt(m.growthMb, 1)} MB`, goal: '≤ +20 MB', ok: m.growthMb <= 20,
      note: memoryNote(face, m, run.cpuMs),
    }, {
      part: 'chat', what: `${who}: RSS end − half-way (V8's heap sized)`, figure: `${fmt(steadyMb, 1)} MB`, goal: '≤ +20 MB', ok: steadyMb <= 20,
      note: 'what keeps growing per token once V8 has sized its heap; live data is the "heap used, lowest" pair in the row above',
    });
    console.error(`  chat: ${face} +${fmt(m.growthMb)} MB`);
  }
  return { rows, json: { firstToken: ft, memory } };
}
