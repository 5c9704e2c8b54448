/**
 * Loads undici-parts.ts on first use. In the bundles this `require` points at dist/undici.js, a
 * separate file (see esbuild.mjs), so undici costs nothing until a request needs it.
 */
import type * as UndiciParts from './undici-parts';

let loaded: typeof UndiciParts | undefined;

export function undici(): typeof UndiciParts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./undici-parts') as typeof UndiciParts;
  return loaded;
}
