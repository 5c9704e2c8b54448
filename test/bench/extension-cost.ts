/**
 * Extension-cost part: the production build (`npm run package`: minified dist/extension.js and the VSIX),
 * what activation loads, require + activate() with host APIs stubbed (fresh processes, median), and the
 * real host's activation when a host run left a timing behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH_OUT, REPO, fmt, median, type Row, type StreamServer } from './harness';
import { specPath } from './stream-spec';

interface ActivationReport { requireMs: number; activateMs: number; discoveryMs: number; activationFiles: string[]; activationBytes: number; afterDiscoveryFiles: string[]; afterDiscoveryBytes: number }

const kb = (n: number) => `${fmt(n / 1024, 0)} KB`;

export async function runExtensionCost(server: StreamServer, quick: boolean): Promise<{ rows: Row[]; json: unknown }> {
  const rows: Row[] = [];
  let vsix = path.join(REPO, 'maas-connect.vsix');
  let packagedBy = 'npm run package';
  console.error('  extension: npm run package (production build + VSIX)…');
  try {
    const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO, encoding: 'utf8' });
    if (packaged.status !== 0) {
      // vsce refuses relative README links when package.json's repository is not a GitHub/GitLab URL:
      // build the same package with explicit base URLs instead (sizes are unaffected).
      const why = /ERROR\s+(.*)/.exec(`${packaged.stdout}\n${packaged.stderr}`)?.[1]?.slice(0, 120) ?? `exit ${packaged.status}`;
      vsix = path.join(os.tmpdir(), `maas-bench-${process.pid}.vsix`);
      packagedBy = `node esbuild.mjs --production + vsce package --baseContentUrl (npm run package failed: ${why})`;
      execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: REPO, stdio: 'inherit' });
      execFileSync(path.join(REPO, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', vsix, '--baseContentUrl', 'https://example.invalid/maas-connect', '--baseImagesUrl', 'https://example.invalid/maas-connect'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const ext = path.join(REPO, 'dist/extension.js');
    const baseUrl = `${server.origin}/${specPath({ models: 20 })}/v1`;
    const runs: ActivationReport[] = [];
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      const r = spawnSync(process.execPath, [path.join(BENCH_OUT, 'activation-child.js'), ext, baseUrl], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`activation child failed: ${r.stderr}`);
      runs.push(JSON.parse(r.stdout.trim()) as ActivationReport);
    }
    const first = runs[0];
    const vsixBytes = fs.statSync(vsix).size;
    const requireMs = median(runs.map((r) => r.requireMs));
    const activateMs = median(runs.map((r) => r.activateMs));
    const total = median(runs.map((r) => r.requireMs + r.activateMs));
    const toIdleMs = median(runs.map((r) => r.requireMs + r.activateMs + r.discoveryMs));
    const rel = (files: string[]) => files.map((f) => `${path.relative(REPO, f)} ${kb(fs.statSync(f).size)}`).join(', ');
    rows.push({ part: 'extension', what: 'what activation loads (minified, our files)', figure: kb(first.activationBytes), goal: '≤ 300 KB', ok: first.activationBytes <= 300 * 1024, note: `at activation: ${rel(first.activationFiles)}; after the first discovery: ${kb(first.afterDiscoveryBytes)} (${rel(first.afterDiscoveryFiles)})` });
    rows.push({ part: 'extension', what: 'VSIX size', figure: kb(vsixBytes), goal: '≤ 400 KB', ok: vsixBytes <= 400 * 1024, note: `${vsixContents(vsix)}; built by ${packagedBy}` });
    rows.push({ part: 'extension', what: 'require + activate(), host APIs stubbed', figure: `${fmt(total)} ms`, goal: '≤ 20 ms', ok: total <= 20, note: `median of ${runs.length} fresh processes (one endpoint configured): require ${fmt(requireMs)} ms, activate() ${fmt(activateMs)} ms; the figure is the median of their sums. The endpoints are read right after activate() returns: the endpoint had listed its models ${fmt(toIdleMs)} ms after the require began` });
    rows.push(realHostRow());
    console.error(`  extension: loads ${kb(first.activationBytes)}, VSIX ${kb(vsixBytes)}, activate ${fmt(total)} ms`);
    return { rows, json: { packagedBy, activationBytes: first.activationBytes, vsixBytes, requireMs, activateMs, totalMs: total, toIdleMs, runs } };
  } finally {
    if (vsix.startsWith(os.tmpdir())) fs.rmSync(vsix, { force: true });
    // Leave dist/ as `npm run build` made it (with source maps) for whatever runs next.
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'inherit' });
  }
}

/** The VSIX's largest entries (a zip listing through `unzip -l` when available). */
function vsixContents(vsix: string): string {
  const r = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' });
  if (r.status !== 0) return 'contents: unzip not available';
  const entries = r.stdout.split('\n').map((l) => /^\s*(\d+)\s+\S+\s+\S+\s+(\S.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ size: Number(m[1]), name: m[2] })).filter((e) => !e.name.endsWith('/')).sort((a, b) => b.size - a.size);
  return `largest entries (uncompressed): ${entries.slice(0, 5).map((e) => `${e.name} ${kb(e.size)}`).join(', ')}`;
}

/** `2026-11-30 11:25:13.482 [info] …` → ms since the epoch (local time; only differences are used). */
function logTime(line: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
  return m ? Date.parse(`${m[1]}T${m[2]}`) : undefined;
}

/**
 * Activation in the real host, when one is installed: runs the host tier's smoke test that activates the
 * extension (with the production build in dist/, keeping its user-data dir), then reads two timestamps
 * from the host's logs: the extension host starting to activate us (`_doActivateExtension
 * maas-connect.maas-connect`) and our log's `activated` line. Millisecond log timestamps, and the host
 * activates other extensions in the same turn, so this is approximate.
 */
function realHostRow(): Row {
  const what = 'activation in the real host (production build)';
  if (!fs.existsSync(path.join(REPO, '.vscode-host/env.sh'))) return { part: 'extension', what, figure: 'skipped', note: 'no VS Code host installed (.vscode-host/env.sh missing)' };
  const tmpDirs = () => new Set(fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('maas-host-')));
  const before = tmpDirs();
  const run = spawnSync(process.execPath, ['test/host/run-host-tests.mjs', '--grep', 'finds and activates'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, MAAS_KEEP_TMP: '1' }, timeout: 300_000 });
  const made = [...tmpDirs()].filter((d) => !before.has(d)).map((d) => path.join(os.tmpdir(), d));
  try {
    if (run.status !== 0) return { part: 'extension', what, figure: 'skipped', note: `the host run failed (exit ${run.status}): ${(run.stdout + run.stderr).trim().split('\n').slice(-2).join(' ')}` };
    for (const dir of made) {
      const logs = path.join(dir, 'user-data/logs');
      if (!fs.existsSync(logs)) continue;
      for (const session of fs.readdirSync(logs)) {
        for (const host of fs.readdirSync(path.join(logs, session)).filter((d) => d.startsWith('exthost'))) {
          const hostDir = path.join(logs, session, host);
          const hostLog = ['remoteexthost.log', 'exthost.log'].map((f) => path.join(hostDir, f)).find((f) => fs.existsSync(f));
          const ourLog = path.join(hostDir, 'maas-connect.maas-connect', 'MaaS Connect.log');
          if (!hostLog || !fs.existsSync(ourLog)) continue;
          const start = fs.readFileSync(hostLog, 'utf8').split('\n').find((l) => l.includes('_doActivateExtension maas-connect.maas-connect'));
          const end = fs.readFileSync(ourLog, 'utf8').split('\n').find((l) => /MaaS Connect \S+ activated/.test(l));
          const t0 = start && logTime(start);
          const t1 = end && logTime(end);
          if (t0 && t1) return { part: 'extension', what, figure: `${t1 - t0} ms`, note: 'from the host logs of one host-tier run: "_doActivateExtension" → our "activated" line (ms timestamps; includes loading dist/extension.js; other extensions activate in the same turn)' };
        }
      }
    }
    return { part: 'extension', what, figure: 'skipped', note: 'the host run left no activation lines in its logs' };
  } finally {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  }
}
