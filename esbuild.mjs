// Three bundles: the extension (vscode external), the `maas` CLI (with a node shebang), and undici's
// few parts core uses (dist/undici.js). The first two do not contain undici: core requires
// src/core/http/undici-parts.ts on first use, and that require is pointed at ./undici.js beside the
// bundle, so neither activation nor `maas --help` loads it.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** `require('./undici-parts')` in src/core/http/undici.ts → `require('./undici.js')` at run time. */
const lazyUndici = {
  name: 'lazy-undici',
  setup(build) {
    build.onResolve({ filter: /^\.\/undici-parts$/ }, () => ({ path: './undici.js', external: true }));
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyUndici] }),
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyUndici] }),
  esbuild.build({ ...common, entryPoints: ['src/core/http/undici-parts.ts'], outfile: 'dist/undici.js' }),
]);
