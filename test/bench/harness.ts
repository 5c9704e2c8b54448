/** Shared pieces of the bench: the stream server child, child processes with their CPU and RSS, statistics, the goal table. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const BENCH_OUT = __dirname;

/** Temporary files the parts made (config files, bundles); run.ts removes them at the end. */
export const tempFiles: string[] = [];

export interface StreamServer { origin: string; stop(): void }

/** Starts test/bench/stream-server in its own process. */
export async function startStreamServer(): Promise<StreamServer> {
  const child = spawn(process.execPath, [path.join(BENCH_OUT, 'stream-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); const m = /PORT=(\d+)/.exec(out); if (m) resolve(Number(m[1])); });
    child.once('exit', (code) => reject(new Error(`stream server exited (${code})`)));
  });
  return { origin: `http://127.0.0.1:${port}`, stop: () => { child.kill('SIGTERM'); } };
}

export interface ChildRun {
  /** User + system CPU of the child, ms (its own rusage, reported by usage-hook.js at exit). */
  cpuMs: number;
  wallMs: number;
  /** Peak RSS reported by the child's rusage, MB. */
  maxRssMb: number;
  stdoutBytes: number;
  stderr: string;
  code: number | null;
  /** VmRSS samples (MB) with the stdout byte count when taken, when sampling was asked for. */
  samples: { tMs: number; rssMb: number; stdoutBytes: number }[];
  /** The child's own memory samples (opts.heapSampleMs): RSS, V8 heap used and reserved, MB. */
  heap: { rssMb: number; heapUsedMb: number; heapTotalMb: number; stdoutBytes: number }[];
}

let hookSeq = 0;

/**
 * Runs `node -r usage-hook.js <args>` with stdout drained through a pipe; the hook writes the child's own
 * process.resourceUsage() to a file at exit, so the figure is the child's CPU alone.
 */
export async function runChild(args: string[], opts: { env?: Record<string, string>; sampleMs?: number; heapSampleMs?: number; nodeArgs?: string[] } = {}): Promise<ChildRun> {
  const usageFile = path.join(os.tmpdir(), `maas-bench-usage-${process.pid}-${hookSeq++}.json`);
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), '-r', path.join(BENCH_OUT, 'usage-hook.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env, MAAS_BENCH_USAGE_FILE: usageFile, ...(opts.heapSampleMs ? { MAAS_BENCH_HEAP_SAMPLE_MS: String(opts.heapSampleMs) } : {}) },
  });
  let stdoutBytes = 0;
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdoutBytes += d.length; });
  child.stderr!.on('data', (d: Buffer) => { if (stderr.length < 4000) stderr += d.toString(); });
  const samples: ChildRun['samples'] = [];
  let timer: NodeJS.Timeout | undefined;
  if (opts.sampleMs) {
    timer = setInterval(() => {
      const rss = vmRssMb(child.pid);
      if (rss !== undefined) samples.push({ tMs: performance.now() - t0, rssMb: rss, stdoutBytes });
    }, opts.sampleMs);
  }
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  const wallMs = performance.now() - t0;
  if (timer) clearInterval(timer);
  let usage: { userCPUTime: number; systemCPUTime: number; maxRSS: number; heap?: ChildRun['heap'] } | undefined;
  try { usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as typeof usage; fs.rmSync(usageFile); } catch { /* reported below */ }
  if (!usage) throw new Error(`child ${args.join(' ')} left no usage report (exit ${code}): ${stderr}`);
  return { cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, wallMs, maxRssMb: usage.maxRSS / 1024, stdoutBytes, stderr, code, samples, heap: usage.heap ?? [] };
}

/** VmRSS of a live process in MB (Linux), or undefined. */
export function vmRssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch { return undefined; }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** One line of the printed table. `ok` is undefined for figures without a goal. */
export interface Row {
  part: string;
  what: string;
  figure: string;
  goal?: string;
  ok?: boolean;
  note?: string;
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

export function printTable(rows: Row[]): void {
  const cols: [string, (r: Row) => string][] = [
    ['part', (r) => r.part],
    ['what', (r) => r.what],
    ['figure', (r) => r.figure],
    ['goal', (r) => r.goal ?? ''],
    ['', (r) => (r.ok === undefined ? '' : r.ok ? 'met' : 'NOT MET')],
  ];
  const widths = cols.map(([h, f]) => Math.max(h.length, ...rows.map((r) => f(r).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(cols.map(([h]) => h)));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) {
    console.log(line(cols.map(([, f]) => f(r))));
    if (r.note) console.log(`    ${r.note}`);
  }
}

export function machine(): Record<string, unknown> {
  return { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavg: os.loadavg(), totalMemMb: Math.round(os.totalmem() / 1048576) };
}

/**
 * Bundles one of the bench's child scripts with esbuild the way the CLI and the extension ship (one
 * file, node20, CommonJS), so cold-start figures include what loading the shipped code costs rather than
 * resolving hundreds of files under out/ and node_modules. Returns the bundle's path (in the temp dir).
 */
export async function bundleChild(name: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(os.tmpdir(), `maas-bench-${process.pid}-${name}.js`);
  // As in the shipped bundles, core's `require('./undici-parts')` loads dist/undici.js (built by
  // esbuild.mjs, with its lazily loaded parts) on first use, rather than undici from node_modules.
  const shippedUndici = { name: 'shipped-undici', setup(build: import('esbuild').PluginBuild) {
    build.onResolve({ filter: /^\.\/undici-parts$/ }, () => ({ path: path.join(REPO, 'dist/undici.js'), external: true }));
  } };
  await esbuild.build({ entryPoints: [path.join(REPO, 'test/bench', `${name}.ts`)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', plugins: [shippedUndici] });
  return outfile;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a V8 .cpuprofile, as "share% name (file:line)". */
export function topSelfTime(file: string, count = 10): string[] {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    const dt = prof.timeDeltas[i] ?? 0;
    if (!f || f.functionName === '(idle)') return;
    const key = `${f.functionName || '(anonymous)'} (${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : 'native'})`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, v]) => `${fmt((100 * v) / total, 1)}% ${k}`);
}
