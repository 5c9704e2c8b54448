#!/usr/bin/env node
// Runs one Node test tier with mocha: `node scripts/run-mocha.mjs <unit|integration> [--grep TEXT]`.
// Loads out/test/<tier>/**/*.test.js (run `npm run build` first), spec reporter, and ends with exactly
// `<tier>: N passed, N failed` (`, N skipped` when any). Exit 1 on any failure or when no test ran.
// The tier cannot be narrowed silently: an `it.only`/`describe.only` left in a test file fails the run
// (mocha's forbidOnly), so the count never quietly drops to the one test being worked on.
// Mocha exits even if a test leaks a handle (like --exit); leaked handles are reported on stderr.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIERS = { unit: { timeout: 10_000 }, integration: { timeout: 30_000 } };
const [tier, ...rest] = process.argv.slice(2);
const grepAt = rest.indexOf('--grep');
const grep = grepAt >= 0 ? rest[grepAt + 1] : undefined;

function fail(message) {
  console.error(`run-mocha: ${message}`);
  console.log(`${tier ?? 'tests'}: 0 passed, 1 failed`);
  process.exit(1);
}

if (!TIERS[tier]) {
  console.error(`usage: node scripts/run-mocha.mjs <${Object.keys(TIERS).join('|')}> [--grep TEXT]`);
  process.exit(2);
}

/** Every file under dir (recursively) whose name ends with suffix, sorted for a stable order. */
function findFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .map((f) => path.join(dir, f))
    .sort();
}

if (tier === 'unit') {
  // The unit tier fails when the fixtures (committed in test/fixtures/) are missing or empty.
  const fixtures = findFiles(path.join(ROOT, 'test', 'fixtures'), '').filter((f) => fs.statSync(f).isFile() && !f.endsWith('.md'));
  if (fixtures.length === 0) fail('test/fixtures/ holds no fixture files: they are part of the repository (restore them with `git checkout -- test/fixtures`)');
}

const outDir = path.join(ROOT, 'out', 'test', tier);
// Only compiled tests whose source still exists: a test deleted or renamed since an earlier build leaves
// its .js in out/ (ignored by git), which must not run.
const files = findFiles(outDir, '.test.js').filter((f) => {
  const source = path.join(ROOT, 'test', tier, path.relative(outDir, f)).replace(/\.js$/, '.ts');
  if (fs.existsSync(source)) return true;
  console.error(`run-mocha: ignoring ${path.relative(ROOT, f)}: its source ${path.relative(ROOT, source)} is gone`);
  return false;
});
if (files.length === 0) fail(`no tests found: ${path.relative(ROOT, outDir)}/**/*.test.js (run \`npm run build\` first)`);

process.setSourceMapsEnabled(true); // stack traces point at the .ts sources
const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: TIERS[tier].timeout, color: !!process.stdout.isTTY, grep, forbidOnly: true });
for (const f of files) mocha.addFile(f);

const before = resourceCounts();
try {
  await mocha.loadFilesAsync();
} catch (e) {
  if (e.code === 'ERR_MOCHA_FORBIDDEN_EXCLUSIVITY') {
    const where = /\(([^()]*\btest[\\/][^()]*\.ts:\d+):\d+\)/.exec(e.stack ?? '')?.[1];
    fail(`an \`.only\` would run part of the ${tier} tier and hide the rest${where ? ` (${path.relative(ROOT, where)})` : ''}: remove it`);
  }
  console.error(e);
  fail(`could not load the test files: ${e.message}`);
}

const runner = mocha.run((failures) => {
  const { passes = 0, pending = 0 } = runner.stats ?? {};
  const failed = Math.max(failures, runner.stats?.failures ?? 0);
  // Let timers/sockets that tests closed a moment ago go away before looking for leaks.
  setTimeout(() => setImmediate(() => {
    reportLeaks(before, resourceCounts());
    const ran = passes + failed;
    if (ran === 0) console.error(`run-mocha: no test ran in the ${tier} tier${grep ? ` (grep: ${grep})` : ''}`);
    console.log(`${tier}: ${passes} passed, ${failed || (ran === 0 ? 1 : 0)} failed${pending ? `, ${pending} skipped` : ''}`);
    process.exit(failed > 0 || ran === 0 ? 1 : 0);
  }), 100);
});

function resourceCounts() {
  const counts = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

function reportLeaks(start, end) {
  const leaked = Object.entries(end)
    .map(([kind, n]) => [kind, n - (start[kind] ?? 0)])
    .filter(([kind, n]) => n > 0 && kind !== 'TTYWrap' && kind !== 'PipeWrap' && kind !== 'Immediate');
  if (leaked.length) {
    console.error(`run-mocha: warning: tests left handles open (${leaked.map(([k, n]) => `${n} ${k}`).join(', ')}); exiting anyway`);
  }
}
