import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The compiled CLI (out/src/cli/main.js) has the same module graph as the bundle, one file per module.
const MAIN = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

/** The modules a `maas` run loaded before it exited. */
function loadedModules(args: string[]): string[] {
  const script = `
    const exit = process.exit;
    process.exit = (code) => { process.stderr.write('\\n@@' + JSON.stringify(Object.keys(require.cache)) + '\\n'); exit(code); };
    process.argv = [process.argv[0], 'maas', ...${JSON.stringify(args)}];
    require(${JSON.stringify(MAIN)});`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const line = r.stderr.split('\n').find((l) => l.startsWith('@@'));
  assert.ok(line, `no module list: ${r.stderr}`);
  return (JSON.parse(line.slice(2)) as string[]).map((p) => p.replace(/\\/g, '/'));
}

describe('cli startup', () => {
  it('--help and --version load neither core, the config parsing, zod nor undici', function () {
    this.timeout(20_000);
    for (const args of [['--help'], ['--version'], ['chat', '--help']]) {
      const loaded = loadedModules(args);
      assert.ok(loaded.some((p) => p.endsWith('/cli/help.js')), 'the module list is real');
      const heavy = loaded.filter((p) => /\/node_modules\/(zod|undici)\/|\/core\/(endpoint|http|stream|platforms)|\/cli\/(context|config-file|commands\/stream|commands\/models-run)\.js$/.test(p));
      assert.deepEqual(heavy, [], `maas ${args.join(' ')} loaded ${heavy.join(', ')}`);
    }
  });
});
