/** Discovery-at-scale part: runs discovery-child (bundled like the extension) in a fresh process and turns its report into rows. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { bundleChild, fmt, type Row, type StreamServer } from './harness';

interface Pass { ms: number; p99: number; max: number; models: number }

export async function runDiscovery(server: StreamServer): Promise<{ rows: Row[]; json: unknown }> {
  const child = await bundleChild('discovery-child');
  const r = spawnSync(process.execPath, [child, server.origin], { encoding: 'utf8' });
  fs.rmSync(child, { force: true });
  if (r.status !== 0) throw new Error(`discovery child failed: ${r.stderr}`);
  const rep = JSON.parse(r.stdout.trim()) as { latencies: number[]; cold: Pass; slowestAlone: Pass; warm: Pass };
  const ratio = rep.cold.ms / rep.slowestAlone.ms;
  const warmRatio = rep.warm.ms / rep.slowestAlone.ms;
  const p99 = Math.max(rep.cold.p99, rep.warm.p99);
  console.error(`  discovery: ${fmt(ratio, 2)}× the slowest endpoint, loop delay p99 ${fmt(p99)} ms`);
  return {
    rows: [
      {
        part: 'discovery', what: '20 endpoints × 200 models: total / slowest endpoint alone', figure: `${fmt(ratio, 2)}×`, goal: '≤ 1.3×', ok: ratio <= 1.3,
        note: `first (cold) pass ${fmt(rep.cold.ms, 0)} ms, warm pass ${fmt(rep.warm.ms, 0)} ms (${fmt(warmRatio, 2)}×), slowest endpoint alone ${fmt(rep.slowestAlone.ms, 0)} ms (server latency ${Math.max(...rep.latencies)} ms; latencies 20–200 ms)`,
      },
      { part: 'discovery', what: 'event-loop delay p99 during discovery', figure: `${fmt(p99)} ms`, goal: '≤ 50 ms', ok: p99 <= 50, note: `cold pass p99 ${fmt(rep.cold.p99)} ms / max ${fmt(rep.cold.max)} ms; warm pass p99 ${fmt(rep.warm.p99)} ms / max ${fmt(rep.warm.max)} ms` },
    ],
    json: rep,
  };
}
