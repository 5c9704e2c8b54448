/**
 * Pipeline part: in this one process, the same loopback stream read four ways (core's batches, the parse
 * floor, fetch + eventsource-parser, the openai SDK), runs alternating between them, medians reported.
 */
import { corePath, disposeClients, fetchEventsource, openaiSdk, parseFloor, type Reader } from './clients';
import { fmt, median, type Row, type StreamServer } from './harness';
import { specPath, type StreamSpec } from './stream-spec';

interface Scenario { name: string; spec: Partial<StreamSpec>; rounds: number }

const READERS: [string, Reader][] = [['core', corePath], ['floor', parseFloor], ['fetch+esp', fetchEventsource], ['openai-sdk', openaiSdk]];

interface Figures { cpuMsPer1k: number; tokensPerSec: number; ttftMs: number; peakRssMb: number; cpuMs: number[] }

export async function runPipeline(server: StreamServer, quick: boolean): Promise<{ rows: Row[]; json: unknown }> {
  const big = quick ? 50_000 : 200_000;
  const bigRounds = quick ? 2 : 5;
  const scenarios: Scenario[] = [
    { name: '1k, 256 events/write', spec: { tokens: 1000, eventsPerWrite: 256 }, rounds: 9 },
    { name: '1k, 1 event/write', spec: { tokens: 1000, eventsPerWrite: 1 }, rounds: 9 },
    { name: '1k, random splits, CRLF', spec: { tokens: 1000, randomSeed: 7, crlf: true }, rounds: 9 },
    { name: `${big / 1000}k, 256 events/write`, spec: { tokens: big, eventsPerWrite: 256 }, rounds: bigRounds },
    { name: `${big / 1000}k, 1 event/write`, spec: { tokens: big, eventsPerWrite: 1 }, rounds: bigRounds },
    { name: `${big / 1000}k, random splits, CRLF`, spec: { tokens: big, randomSeed: 11, crlf: true }, rounds: bigRounds },
  ];
  const rows: Row[] = [];
  const json: Record<string, unknown> = {};
  for (const sc of scenarios) {
    const baseUrl = `${server.origin}/${specPath(sc.spec)}/v1`;
    const tokens = sc.spec.tokens!;
    const samples = new Map<string, { cpu: number[]; wall: number[]; ttft: number[]; rss: number[] }>();
    for (const [name] of READERS) samples.set(name, { cpu: [], wall: [], ttft: [], rss: [] });
    // One unmeasured warm-up of each reader, then alternating rounds (the order rotates each round).
    for (const [, read] of READERS) await read(baseUrl);
    for (let r = 0; r < sc.rounds; r++) {
      for (let k = 0; k < READERS.length; k++) {
        const [name, read] = READERS[(k + r) % READERS.length];
        global.gc?.();
        let peak = process.memoryUsage.rss();
        const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const got = await read(baseUrl);
        const c = process.cpuUsage(c0);
        const t1 = performance.now();
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage.rss());
        if (got.tokens !== tokens) throw new Error(`${name} read ${got.tokens} tokens of ${tokens} (${sc.name})`);
        const s = samples.get(name)!;
        s.cpu.push((c.user + c.system) / 1000);
        s.wall.push(t1 - t0);
        s.ttft.push(got.firstTokenAt - t0);
        s.rss.push(peak / 1048576);
      }
    }
    const figs: Record<string, Figures> = {};
    for (const [name, s] of samples) {
      const cpu = median(s.cpu);
      figs[name] = { cpuMsPer1k: cpu / (tokens / 1000), tokensPerSec: tokens / (median(s.wall) / 1000), ttftMs: median(s.ttft), peakRssMb: Math.max(...s.rss), cpuMs: s.cpu };
    }
    const vsFloor = figs.core.cpuMsPer1k / figs.floor.cpuMsPer1k;
    const vsSdk = figs.core.cpuMsPer1k / figs['openai-sdk'].cpuMsPer1k;
    const vsFetch = figs.core.cpuMsPer1k / figs['fetch+esp'].cpuMsPer1k;
    json[sc.name] = { spec: sc.spec, rounds: sc.rounds, readers: figs, ratios: { coreVsFloor: vsFloor, coreVsSdk: vsSdk, coreVsFetchEventsource: vsFetch } };
    const per = (n: string) => `${n} ${fmt(figs[n].cpuMsPer1k, 2)}`;
    rows.push({
      part: 'pipeline', what: `${sc.name}: core / parse floor (CPU)`, figure: `${fmt(vsFloor, 2)}×`, goal: '≤ 1.0× (bar 1.2×)', ok: vsFloor <= 1.2,
      note: `CPU ms/1k tokens: ${READERS.map(([n]) => per(n)).join(', ')} · tokens/s core ${fmt(figs.core.tokensPerSec, 0)}, floor ${fmt(figs.floor.tokensPerSec, 0)}, sdk ${fmt(figs['openai-sdk'].tokensPerSec, 0)} · TTFT ms core ${fmt(figs.core.ttftMs)}, floor ${fmt(figs.floor.ttftMs)}, sdk ${fmt(figs['openai-sdk'].ttftMs)} · peak RSS MB core ${fmt(figs.core.peakRssMb, 0)}, sdk ${fmt(figs['openai-sdk'].peakRssMb, 0)} · core / fetch+esp ${fmt(vsFetch, 2)}×`,
    });
    rows.push({ part: 'pipeline', what: `${sc.name}: core / openai SDK (CPU)`, figure: `${fmt(vsSdk, 2)}×`, goal: '≤ 0.35×', ok: vsSdk <= 0.35 });
    console.error(`  pipeline ${sc.name}: core/floor ${fmt(vsFloor, 2)}×, core/sdk ${fmt(vsSdk, 2)}×`);
  }
  disposeClients();
  return { rows, json };
}
