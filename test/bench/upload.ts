/**
 * `upload`: a 200 MB audio file sent by `maas transcribe` (undici's dispatcher, the CLI's transport) and by
 * core with the fetch transport (upload-child.ts, the extension's), to a loopback receiver in this
 * process that drains it. The client's VmRSS is sampled with the bytes received so far; the figure is
 * its peak minus its RSS once 10 % had arrived (connection, code and V8's heap warmed up, as the memory
 * part does). A body held whole would show as ~+200 MB; what remains is chunks already sent that V8 has
 * not yet collected. The file is made sparse in a temp dir and removed at the end.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { BENCH_OUT, REPO, fmt, tempFiles, vmRssMb, type Row } from './harness';

const MiB = 1024 * 1024;

interface Receiver { origin: string; received(): number; close(): Promise<void> }

async function receiver(): Promise<Receiver> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (c: Buffer) => { received += c.length; });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ text: `received ${received} bytes` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

interface UploadRun { baselineMb: number; peakMb: number; growthMb: number; seconds: number; stdout: string }

async function measure(args: string[], sink: Receiver, size: number, env: Record<string, string> = {}): Promise<UploadRun> {
  const samples: { rss: number; received: number }[] = [];
  const t0 = performance.now();
  const before = sink.received();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { if (stderr.length < 4000) stderr += d.toString(); });
  const timer = setInterval(() => {
    const rss = vmRssMb(child.pid);
    if (rss !== undefined) samples.push({ rss, received: sink.received() - before });
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${args.slice(1).join(' ')} exited ${code}: ${stderr}`);
  const warm = samples.find((s) => s.received >= size / 10);
  if (!warm) throw new Error(`no RSS sample after 10 % was received (${samples.length} samples)`);
  const peakMb = Math.max(...samples.filter((s) => s.received >= warm.received).map((s) => s.rss));
  return { baselineMb: warm.rss, peakMb, growthMb: peakMb - warm.rss, seconds: (performance.now() - t0) / 1000, stdout: stdout.trim() };
}

export async function runUpload(quick: boolean): Promise<{ rows: Row[]; json: unknown }> {
  const size = (quick ? 50 : 200) * MiB;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maas-bench-upload-'));
  const file = path.join(dir, 'long-meeting.wav');
  const config = path.join(dir, 'maas.json');
  tempFiles.push(file, config);
  // sparse: nothing of it is written to disk, and reading it costs no disk time
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, size);
  const sink = await receiver();
  try {
    fs.writeFileSync(config, JSON.stringify({ endpoints: [{ id: 'up', platform: 'openai', baseUrl: `${sink.origin}/v1`, auth: { type: 'none' } }] }));
    // When V8 collects the chunks already sent varies from run to run: alternate, and take the median.
    const cliRuns: UploadRun[] = [];
    const fetchRuns: UploadRun[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      cliRuns.push(await measure([path.join(REPO, 'dist/cli.js'), 'transcribe', '--config', config, '--endpoint', 'up', '--model', 'whisper', file], sink, size, { NO_COLOR: '1' }));
      fetchRuns.push(await measure([path.join(BENCH_OUT, 'upload-child.js'), `${sink.origin}/v1`, file], sink, size));
    }
    for (const r of [...cliRuns, ...fetchRuns]) {
      if (!r.stdout.includes('received')) throw new Error(`unexpected answer ${r.stdout}`);
    }
    const mid = (runs: UploadRun[]): UploadRun => [...runs].sort((a, b) => a.growthMb - b.growthMb)[Math.floor(runs.length / 2)];
    const cli = mid(cliRuns);
    const viaFetch = mid(fetchRuns);
    const mb = size / MiB;
    const row = (who: string, r: UploadRun): Row => ({
      part: 'upload', what: `${who}: ${mb} MB file, RSS peak − after warm-up (10 % sent)`, figure: `${fmt(r.growthMb, 1)} MB`, goal: '≤ +30 MB', ok: r.growthMb <= 30,
      note: `median of ${cliRuns.length}; RSS after warm-up ${fmt(r.baselineMb, 0)} MB, peak ${fmt(r.peakMb, 0)} MB; ${fmt(mb / r.seconds, 0)} MB/s over loopback`,
    });
    console.error(`  upload: maas +${fmt(cli.growthMb)} MB, fetch +${fmt(viaFetch.growthMb)} MB`);
    return { rows: [row('maas transcribe (undici dispatcher)', cli), row('core, fetch transport (extension)', viaFetch)], json: { bytes: size, cli: cliRuns, fetch: fetchRuns } };
  } finally {
    await sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
