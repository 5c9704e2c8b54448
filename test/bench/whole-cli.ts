/**
 * Whole-CLI and memory parts: `maas chat` (dist/cli.js) as a child process vs a script doing the same with
 * the openai SDK, each child's own CPU (rusage), stdout drained through a pipe.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH_KEY, BENCH_MODEL } from './clients';
import { BENCH_OUT, REPO, fmt, tempFiles, median, runChild, topSelfTime, type ChildRun, type Row, type StreamServer } from './harness';
import { specPath, tokenText, type StreamSpec } from './stream-spec';

const PROMPT = 'Say something long.';

export function expectedBytes(tokens: number): number {
  let n = 0;
  for (let i = 0; i < tokens; i++) n += tokenText(i).length;
  return n;
}

function cliArgs(server: StreamServer, spec: Partial<StreamSpec>): { args: string[]; env: Record<string, string> } {
  const baseUrl = `${server.origin}/${specPath(spec)}/v1`;
  const file = path.join(os.tmpdir(), `maas-bench-${process.pid}-${specPath(spec)}.json`);
  tempFiles.push(file);
  fs.writeFileSync(file, JSON.stringify({ endpoints: [{ id: 'bench', platform: 'openai', baseUrl }] }));
  return { args: [path.join(REPO, 'dist/cli.js'), 'chat', '--config', file, '--endpoint', 'bench', '--model', BENCH_MODEL, PROMPT], env: { MAAS_API_KEY_BENCH: BENCH_KEY } };
}

function sdkArgs(server: StreamServer, spec: Partial<StreamSpec>): { args: string[]; env: Record<string, string> } {
  return { args: [path.join(BENCH_OUT, 'sdk-chat.js'), `${server.origin}/${specPath(spec)}/v1`, BENCH_MODEL, PROMPT], env: { OPENAI_API_KEY: BENCH_KEY } };
}

function check(run: ChildRun, tokens: number, who: string): void {
  const want = expectedBytes(tokens);
  if (run.code !== 0 || run.stdoutBytes < want) throw new Error(`${who} exited ${run.code} after ${run.stdoutBytes} of ${want}+ bytes: ${run.stderr}`);
}

export async function runWholeCli(server: StreamServer, quick: boolean, profile = false): Promise<{ rows: Row[]; json: unknown }> {
  const tokens = quick ? 50_000 : 200_000;
  const pairs = quick ? 3 : 5;
  const rows: Row[] = [];
  const json: Record<string, unknown> = {};
  for (const [label, spec] of [['256 events/write', { tokens, eventsPerWrite: 256 }], ['1 event/write', { tokens, eventsPerWrite: 1 }]] as [string, Partial<StreamSpec>][]) {
    const cli = cliArgs(server, spec);
    const sdk = sdkArgs(server, spec);
    const cliRuns: ChildRun[] = [];
    const sdkRuns: ChildRun[] = [];
    for (let p = 0; p < pairs; p++) {
      // Alternate which goes first, so drift in machine load falls on both.
      const order = p % 2 ? ['sdk', 'cli'] : ['cli', 'sdk'];
      for (const who of order) {
        const run = who === 'cli' ? await runChild(cli.args, { env: cli.env }) : await runChild(sdk.args, { env: sdk.env });
        check(run, tokens, who === 'cli' ? 'maas chat' : 'sdk script');
        (who === 'cli' ? cliRuns : sdkRuns).push(run);
      }
    }
    const ratios = cliRuns.map((c, i) => c.cpuMs / sdkRuns[i].cpuMs);
    const ratio = median(ratios);
    const cliCpu = median(cliRuns.map((r) => r.cpuMs));
    const sdkCpu = median(sdkRuns.map((r) => r.cpuMs));
    json[label] = {
      tokens, pairs, ratioMedianOfPairs: ratio, ratios,
      cli: { cpuMs: cliRuns.map((r) => r.cpuMs), wallMs: cliRuns.map((r) => r.wallMs), maxRssMb: cliRuns.map((r) => r.maxRssMb) },
      sdk: { cpuMs: sdkRuns.map((r) => r.cpuMs), wallMs: sdkRuns.map((r) => r.wallMs), maxRssMb: sdkRuns.map((r) => r.maxRssMb) },
    };
    rows.push({
      part: 'cli', what: `maas chat ${tokens / 1000}k tokens, ${label}: CPU / SDK script`, figure: `${fmt(ratio, 2)}×`, goal: '≤ 0.50× (stretch 0.35×)', ok: ratio <= 0.5,
      note: `median CPU ms: maas ${fmt(cliCpu, 0)}, sdk ${fmt(sdkCpu, 0)}; median wall ms: maas ${fmt(median(cliRuns.map((r) => r.wallMs)), 0)}, sdk ${fmt(median(sdkRuns.map((r) => r.wallMs)), 0)}; peak RSS MB: maas ${fmt(Math.max(...cliRuns.map((r) => r.maxRssMb)), 0)}, sdk ${fmt(Math.max(...sdkRuns.map((r) => r.maxRssMb)), 0)}; pair ratios ${ratios.map((x) => fmt(x, 2)).join(' ')}`,
    });
    console.error(`  cli ${label}: ${fmt(ratio, 2)}×`);
    if (profile) rows.push(...await profileRuns(label, cli, sdk, tokens));
  }
  return { rows, json };
}

/** RSS over a long stream: VmRSS every 200 ms; "after warm-up" is the first sample once 10 % of the text is out. */
interface MemoryFigures {
  warmMb: number; halfMb: number; endMb: number; peakMb: number; growthMb: number;
  /** The child's own samples after warm-up: V8 heap used at its lowest (≈ live data after a GC) in the first and last fifth, and heap reserved. */
  heapFloorFirstMb: number; heapFloorLastMb: number; heapTotalWarmMb: number; heapTotalEndMb: number;
}

export function memoryFigures(run: ChildRun, tokens: number): MemoryFigures {
  const warmBytes = expectedBytes(Math.floor(tokens / 10));
  const halfBytes = expectedBytes(Math.floor(tokens / 2));
  const afterWarm = run.samples.filter((s) => s.stdoutBytes >= warmBytes);
  const warmMb = afterWarm[0]?.rssMb ?? NaN;
  const halfMb = run.samples.find((s) => s.stdoutBytes >= halfBytes)?.rssMb ?? NaN;
  const endMb = afterWarm[afterWarm.length - 1]?.rssMb ?? NaN;
  const peakMb = Math.max(run.maxRssMb, ...run.samples.map((s) => s.rssMb));
  const heap = run.heap.filter((s) => s.stdoutBytes >= warmBytes);
  const fifth = Math.max(1, Math.floor(heap.length / 5));
  const floor = (xs: typeof heap): number => (xs.length ? Math.min(...xs.map((s) => s.heapUsedMb)) : NaN);
  return {
    warmMb, halfMb, endMb, peakMb, growthMb: endMb - warmMb,
    heapFloorFirstMb: floor(heap.slice(0, fifth)), heapFloorLastMb: floor(heap.slice(-fifth)),
    heapTotalWarmMb: heap[0]?.heapTotalMb ?? NaN, heapTotalEndMb: heap[heap.length - 1]?.heapTotalMb ?? NaN,
  };
}

/** RSS, then what V8 holds: live data (heap used after a GC) and the heap it reserved. */
export function memoryNote(who: string, f: MemoryFigures, cpuMs: number): string {
  return `${who}: RSS after warm-up ${fmt(f.warmMb, 0)} MB, half-way ${fmt(f.halfMb, 0)}, end ${fmt(f.endMb, 0)}, peak ${fmt(f.peakMb, 0)}; ` +
    `V8 heap used (lowest, first → last fifth after warm-up) ${fmt(f.heapFloorFirstMb, 0)} → ${fmt(f.heapFloorLastMb, 0)} MB, heap reserved ${fmt(f.heapTotalWarmMb, 0)} → ${fmt(f.heapTotalEndMb, 0)} MB; CPU ${fmt(cpuMs, 0)} ms`;
}

export async function runMemory(server: StreamServer, quick: boolean): Promise<{ rows: Row[]; json: unknown }> {
  const tokens = quick ? 500_000 : 2_000_000;
  const spec: Partial<StreamSpec> = { tokens, eventsPerWrite: 256 };
  const cli = cliArgs(server, spec);
  const sdk = sdkArgs(server, spec);
  const cliRun = await runChild(cli.args, { env: cli.env, sampleMs: 200, heapSampleMs: 100 });
  check(cliRun, tokens, 'maas chat');
  const sdkRun = await runChild(sdk.args, { env: sdk.env, sampleMs: 200, heapSampleMs: 100 });
  check(sdkRun, tokens, 'sdk script');
  const c = memoryFigures(cliRun, tokens);
  const s = memoryFigures(sdkRun, tokens);
  // A 2M-token run takes ~3 s; V8 grows its young generation and old space during the first ~1.5 s, so
  // the 10 % sample can land on that ramp. The second half shows whether anything grows per token.
  const steadyMb = c.endMb - c.halfMb;
  const rows: Row[] = [{
    part: 'memory', what: `maas chat ${tokens / 1e6}M tokens: RSS end − after warm-up (10 % out)`, figure: `${fmt(c.growthMb, 1)} MB`, goal: '≤ +20 MB', ok: c.growthMb <= 20,
    note: `${memoryNote('maas', c, cliRun.cpuMs)} · ${memoryNote('openai SDK script', s, sdkRun.cpuMs)}`,
  }, {
    part: 'memory', what: `maas chat ${tokens / 1e6}M tokens: RSS end − half-way (V8's heap sized)`, figure: `${fmt(steadyMb, 1)} MB`, goal: '≤ +20 MB', ok: steadyMb <= 20,
    note: 'a per-token leak of the old kind (~380 B/token) would show here as ~+380 MB; the low point of V8 heap used (live data) is in the row above',
  }];
  console.error(`  memory: +${fmt(c.growthMb)} MB (peak ${fmt(c.peakMb, 0)} MB)`);
  return { rows, json: { tokens, cli: { ...c, cpuMs: cliRun.cpuMs, samples: cliRun.samples, heap: cliRun.heap }, sdk: { ...s, cpuMs: sdkRun.cpuMs, samples: sdkRun.samples, heap: sdkRun.heap } } };
}

/**
 * `--profile`: one more run of each under `--cpu-prof` (not counted in the figures above: profiling
 * slows a run), profiles kept under bench/results/profiles/, the top self-time functions printed.
 */
async function profileRuns(label: string, cli: { args: string[]; env: Record<string, string> }, sdk: { args: string[]; env: Record<string, string> }, tokens: number): Promise<Row[]> {
  const dir = path.join(REPO, 'bench/results/profiles');
  fs.mkdirSync(dir, { recursive: true });
  const rows: Row[] = [];
  for (const [who, run] of [['maas', cli], ['sdk', sdk]] as const) {
    const name = `${who}-${label.replace(/\W+/g, '-')}-${Date.now()}.cpuprofile`;
    const r = await runChild(run.args, { env: run.env, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name] });
    check(r, tokens, who);
    rows.push({ part: 'cli', what: `profile: ${who}, ${label}`, figure: path.relative(process.cwd(), path.join(dir, name)), note: `top self time: ${topSelfTime(path.join(dir, name), 8).join('; ')}` });
  }
  return rows;
}
