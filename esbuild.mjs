// Three bundles (and the task panel's page, below): the extension (vscode external), the `maas` CLI (with a node shebang), and undici's
// few parts core uses (dist/undici.js). The first two do not contain undici: core requires
// src/core/http/undici-parts.ts on first use, and that require is pointed at ./undici.js beside the
// bundle, so neither activation nor `maas --help` loads it.
import * as path from 'node:path';
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
    // only the one lazy require in src/core/http/undici.ts; any other import of undici-parts is a mistake to bundle
    build.onResolve({ filter: /^\.\/undici-parts$/ }, (args) => (/src[\\/]core[\\/]http[\\/]undici\.ts$/.test(args.importer) ? { path: './undici.js', external: true } : undefined));
  },
};

/**
 * undici's client.js requires client-h2.js (and with it node:http2, ~3 ms) at load, but calls it only for a
 * connection that negotiated HTTP/2, which core never asks for (no allowH2). In dist/undici.js that require
 * becomes a function loading the real module on its first call. Fails the build if undici stops matching.
 */
const lazyH2 = {
  name: 'lazy-undici-h2',
  setup(build) {
    let applied = false;
    build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) => {
      if (!/undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/.test(args.importer)) return undefined;
      applied = true;
      return { path: 'undici-client-h2-on-first-use', namespace: 'lazy-h2', pluginData: path.join(args.resolveDir, 'client-h2.js') };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-h2' }, (args) => ({
      contents: `let real;\nmodule.exports = function connectH2(client, socket) {\n  real ??= require(${JSON.stringify(args.pluginData)});\n  return real(client, socket);\n};\n`,
      resolveDir: path.dirname(args.pluginData),
      loader: 'js',
    }));
    build.onEnd((result) => {
      if (!result.errors.length && !applied) throw new Error('lazy-undici-h2: undici/lib/dispatcher/client.js no longer requires ./client-h2.js; update esbuild.mjs');
    });
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyUndici] }),
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyUndici] }),
  esbuild.build({ ...common, entryPoints: ['src/core/http/undici-parts.ts'], outfile: 'dist/undici.js', plugins: [lazyH2] }),
  // The task panel's page: a browser bundle and its stylesheet (the codicon font beside it), shipped in media/.
  esbuild.build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['media/panel/main.ts'], outfile: 'media/dist/panel.js' }),
  esbuild.build({ ...common, platform: 'browser', entryPoints: ['media/panel/panel.css'], outfile: 'media/dist/panel.css', loader: { '.ttf': 'file' }, assetNames: '[name]', minify: true, sourcemap: false }),
]);
