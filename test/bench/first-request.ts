/** First-request part: cold vs warm time to first token, each in a fresh process (bundled like the CLI), median of several. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { bundleChild, fmt, median, type Row, type StreamServer } from './harness';
import { specPath } from './stream-spec';

export async function runFirstRequest(server: StreamServer, quick: boolean): Promise<{ rows: Row[]; json: unknown }> {
  const baseUrl = `${server.origin}/${specPath({ tokens: 20, eventsPerWrite: 1 })}/v1`;
  const runs = quick ? 3 : 7;
  const child = await bundleChild('first-request-child');
  const out: Record<string, { cold: number[]; warm: number[] }> = { core: { cold: [], warm: [] }, sdk: { cold: [], warm: [] } };
  const phases: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    for (const mode of ['core', 'sdk']) {
      const r = spawnSync(process.execPath, [child, mode, baseUrl], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`first-request child (${mode}) failed: ${r.stderr}`);
      const { cold, warm, phases: p } = JSON.parse(r.stdout.trim()) as { cold: number; warm: number; phases?: Record<string, number> };
      for (const [k, v] of Object.entries(p ?? {})) (phases[k] ??= []).push(v);
      out[mode].cold.push(cold);
      out[mode].warm.push(warm);
    }
  }
  fs.rmSync(child, { force: true });
  const cold = median(out.core.cold);
  const warm = median(out.core.warm);
  const extra = cold - warm;
  const phase = (k: string): string => fmt(median(phases[k] ?? [NaN]));
  console.error(`  first request: cold ${fmt(cold)} ms, warm ${fmt(warm)} ms`);
  return {
    rows: [{
      part: 'first request', what: 'core: cold TTFT − warm TTFT (fresh process)', figure: `+${fmt(extra)} ms`, goal: '≤ +10 ms', ok: extra <= 10,
      note: `core cold ${fmt(cold)} ms, warm ${fmt(warm)} ms · openai SDK cold ${fmt(median(out.sdk.cold))} ms, warm ${fmt(median(out.sdk.warm))} ms (median of ${runs} processes) · core's cold request: set-up before the transport ${phase('beforeUndici')} ms, loading dist/undici.js ${phase('undiciLoad')} ms, first connection (with undici's HTTP/1 parser compiled) ${phase('connect')} ms, headers wait ${phase('headersWait')} ms, headers → first token ${phase('headersToFirstToken')} ms`,
    }],
    json: { runs, ...out, phases, medians: { coreCold: cold, coreWarm: warm, sdkCold: median(out.sdk.cold), sdkWarm: median(out.sdk.warm) } },
  };
}
