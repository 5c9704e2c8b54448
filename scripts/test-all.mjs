#!/usr/bin/env node
// `npm test`: a clean build, ESLint (layering rules included), then the three test tiers in order —
// unit (Node), integration (core + CLI against the reference gateway), host (real VS Code via
// code-server; the host step first installs it with scripts/setup-host.sh, which works from inside npm).
// Every tier runs even when an earlier one failed. Then scripts/scan-secrets.mjs looks through every log
// the tiers left in test-results/ for the test secrets (each step's output is kept there too, in
// test-results/logs/<step>.log). Prints each tier's `<tier>: N passed, N failed` line, the scan's
// `secrets: N files scanned, N found`, a summary and the total time; exits 1 if anything failed or any
// host test was skipped (the host tier must run every test).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`npm test: Node >= 20.19 is required (package.json engines), this is ${process.version}`);
  process.exit(1);
}
const LOGS = path.join(ROOT, 'test-results', 'logs');
const SECRETS_LINE = /^secrets: \d+ files scanned, .*$/;
const COUNTS = /^(?:(\w+): )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;
const t0 = Date.now();
let interrupted = false;
process.on('SIGINT', () => { interrupted = true; }); // the running step gets it too and cleans up
process.on('SIGTERM', () => { interrupted = true; });

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const duration = (ms) => (ms < 60_000 ? seconds(ms) : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

/**
 * Runs a command, echoing its output (and appending it to `log` when given); resolves { code, counts, secrets }
 * (counts: its last N passed line; secrets: its last `secrets: …` line).
 */
function run(command, args, log) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['inherit', 'pipe', 'pipe'] });
    let counts;
    let secrets;
    let partial = '';
    const look = (line) => {
      const m = COUNTS.exec(line.trim());
      if (m) counts = { passed: +m[2], failed: +m[3], skipped: +(m[4] ?? 0) };
      if (SECRETS_LINE.test(line.trim())) secrets = line.trim();
    };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      log?.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop();
      for (const line of lines) look(line);
    });
    child.stderr.on('data', (chunk) => { process.stderr.write(chunk); log?.write(chunk); });
    child.on('error', (e) => resolve({ code: 127, error: e.message }));
    child.on('close', (code, signal) => {
      look(partial);
      resolve({ code: code ?? (signal ? 128 : 1), counts, secrets });
    });
  });
}

const steps = [];
async function step(name, commands, { isTier = false, skippedFails = false, keepLog = true } = {}) {
  if (interrupted) return;
  console.log(`\n━━━ ${name} ━━━`);
  const start = Date.now();
  let log;
  if (keepLog) {
    fs.mkdirSync(LOGS, { recursive: true });
    log = fs.createWriteStream(path.join(LOGS, `${name.replace(/\s+/g, '-')}.log`));
  }
  let result = { code: 0 };
  for (const [cmd, ...args] of commands) {
    result = await run(cmd, args, log);
    if (result.code !== 0) break;
  }
  if (log) await new Promise((resolve) => { log.end(resolve); });
  const s = { name, isTier, ms: Date.now() - start, code: result.code, counts: result.counts, secrets: result.secrets };
  s.ok = result.code === 0 && (!isTier || (result.counts && result.counts.failed === 0 && result.counts.passed > 0))
    && !(skippedFails && result.counts?.skipped > 0);
  if (skippedFails && result.counts?.skipped > 0) console.error(`${name}: ${result.counts.skipped} skipped host test(s): the host tier must run every test`);
  steps.push(s);
}

const countsLine = (s) => s.counts
  ? `${s.name}: ${s.counts.passed} passed, ${s.counts.failed} failed${s.counts.skipped ? `, ${s.counts.skipped} skipped` : ''}`
  : `${s.name}: no result (exit code ${s.code})`;

// A clean build: stale files in out/ (a deleted test) must not run. Logs of an earlier run are not this run's.
fs.rmSync(path.join(ROOT, 'out'), { recursive: true, force: true });
fs.rmSync(LOGS, { recursive: true, force: true });
fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
await step('build', [['npm', 'run', '--silent', 'build']]);
await step('lint', [['npx', '--no-install', 'eslint', 'src', 'test', 'media']]);
await step('unit', [[process.execPath, 'scripts/run-mocha.mjs', 'unit']], { isTier: true });
await step('integration', [[process.execPath, 'scripts/run-mocha.mjs', 'integration']], { isTier: true });
// The VS Code host (apt packages, Node 24, code-server into .vscode-host/): about 3 minutes the first time,
// a quick check afterwards. Its own step, so the summary shows its time apart from the tests'.
await step('host set-up', [['bash', 'scripts/setup-host.sh']]);
await step('host', [[process.execPath, 'test/host/run-host-tests.mjs']], { isTier: true, skippedFails: true });
// Last, over every log above: no test secret in any form (its own output is not kept, so not scanned).
await step('secrets', [[process.execPath, 'scripts/scan-secrets.mjs']], { keepLog: false });

console.log('\n━━━ summary ━━━');
for (const s of steps) console.log(`  ${s.name.padEnd(12)} ${(s.ok ? 'ok' : 'FAILED').padEnd(7)} ${seconds(s.ms).padStart(8)}`);
const tiers = steps.filter((s) => s.isTier);
for (const s of tiers) console.log(countsLine(s));
const scan = steps.find((s) => s.name === 'secrets');
if (scan) console.log(scan.secrets ?? `secrets: no result (exit code ${scan.code})`);
const failedSteps = steps.filter((s) => !s.ok).map((s) => s.name);
if (interrupted) failedSteps.push('interrupted');
console.log(`total time ${duration(Date.now() - t0)}`);
console.log(failedSteps.length ? `FAILED: ${failedSteps.join(', ')}` : 'all passed');
const sum = (k) => tiers.reduce((n, s) => n + (s.counts?.[k] ?? 0), 0);
console.log(`total: ${sum('passed')} passed, ${sum('failed')} failed${sum('skipped') ? `, ${sum('skipped')} skipped` : ''}`);
process.exit(interrupted ? 130 : failedSteps.length ? 1 : 0);
