// Loaded by VS Code's extension host (extensionTestsPath = out/test/host/index.js) when
// test/host/run-host-tests.mjs starts code-server. Runs every out/test/host/**/*.host.test.js with
// mocha and writes `host: N passed, N failed[, N skipped]` to $LAB_TEST_RESULT for the runner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function hostTestFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.host.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

export async function run(): Promise<void> {
  process.setSourceMapsEnabled(true); // stack traces point at the .ts sources
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', grep: process.env.MAAS_HOST_GREP || undefined });
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
  if (ran === 0) console.error(`no host test ran (${files.length} files under ${__dirname})`);
  const summary = `host: ${stats.passes} passed, ${failed} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`;
  if (process.env.LAB_TEST_RESULT) fs.writeFileSync(process.env.LAB_TEST_RESULT, summary + '\n');
  else console.log(summary); // under the runner, it prints the summary itself
  if (failed > 0) throw new Error(`${failed} host test(s) failed`);
}
