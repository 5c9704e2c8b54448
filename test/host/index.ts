// Runs every out/test/host/**/*.host.test.js with mocha inside VS Code's extension host. Started by the
// launcher extension test/host/ui/bootstrap (see test/host/run-host-tests.mjs), or as VS Code's
// extensionTestsPath module with the runner's --extension-tests-path. Writes `host: N passed, N failed[, N skipped]` to $LAB_TEST_RESULT and
// mocha's report to $MAAS_HOST_LOG (the runner prints it), since the extension host has no terminal.
// The tier cannot be narrowed: an `it.only` (forbidOnly) or a skipped/pending test (forbidPending) fails it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import { count, driverAvailable, press } from './driver';

/** Compiled host tests under dir (out/test/host) whose .ts source still exists (not stale build output). */
function hostTestFiles(dir: string): string[] {
  const sources = path.resolve(dir, '..', '..', '..', 'test', 'host');
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.host.test.js') && fs.existsSync(path.join(sources, f.replace(/\.js$/, '.ts'))))
    .map((f) => path.join(dir, f))
    .sort();
}

/** A modal dialog left open would block every later test's UI: close it and say so. */
async function closeLeftoverDialog(this: Mocha.Context): Promise<void> {
  if (!driverAvailable() || (await count('.monaco-dialog-box')) === 0) return;
  Mocha.reporters.Base.consoleLog(`      (a modal dialog was still open after "${this.currentTest?.title}": closed it with Escape)`);
  await press('Escape');
}

export async function run(): Promise<void> {
  process.setSourceMapsEnabled(true); // stack traces point at the .ts sources
  const logFile = process.env.MAAS_HOST_LOG;
  if (logFile) Mocha.reporters.Base.consoleLog = (...args: unknown[]) => fs.appendFileSync(logFile, util.format(...args) + '\n');
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', grep: process.env.MAAS_HOST_GREP || undefined, forbidOnly: true, forbidPending: true });
  mocha.suite.afterEach('close a modal dialog left open', closeLeftoverDialog);
  const files = hostTestFiles(__dirname);
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();

  const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
    const runner = mocha.run((failures) => resolve({
      passes: runner.stats?.passes ?? 0,
      failures: Math.max(failures, runner.stats?.failures ?? 0),
      pending: runner.stats?.pending ?? 0,
    }));
  });

  const ran = stats.passes + stats.failures;
  const failed = stats.failures || (ran === 0 ? 1 : 0);
  if (ran === 0) Mocha.reporters.Base.consoleLog(`no host test ran (${files.length} files under ${__dirname})`);
  const summary = `host: ${stats.passes} passed, ${failed} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`;
  if (process.env.LAB_TEST_RESULT) fs.writeFileSync(process.env.LAB_TEST_RESULT, summary + '\n');
  else console.log(summary); // under the runner, it prints the summary itself
  if (failed > 0) throw new Error(`${failed} host test(s) failed`);
}
