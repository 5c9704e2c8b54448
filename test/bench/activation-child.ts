/**
 * Run as a fresh process by the extension-cost part: `require` the built extension with a fake `vscode`
 * module, then `activate()` it (one endpoint configured, pointing at the bench server), and report the
 * times and every file of ours the process loaded. Usage: node activation-child.js EXTENSION_JS BASE_URL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFakeHost, installFakeVscode } from './fake-vscode';

interface Activated { whenIdle(): Promise<void> }

async function main(): Promise<void> {
  const [extFile, baseUrl] = process.argv.slice(2);
  const host = createFakeHost({ 'maas.endpoints': [{ id: 'bench', platform: 'openai', baseUrl, auth: 'none' }], 'maas.defaultChatModel': '' });
  installFakeVscode(host.vscode);
  const before = new Set(Object.keys(require.cache));
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require(path.resolve(extFile)) as { activate(ctx: unknown): Promise<Activated>; deactivate(): void };
  const t1 = performance.now();
  const api = await ext.activate(host.context);
  const t2 = performance.now();
  const afterActivate = Object.keys(require.cache).filter((f) => !before.has(f) && path.isAbsolute(f));
  await api.whenIdle();
  const t3 = performance.now();
  const afterIdle = Object.keys(require.cache).filter((f) => !before.has(f) && path.isAbsolute(f));
  const size = (files: string[]) => files.reduce((n, f) => n + fs.statSync(f).size, 0);
  ext.deactivate();
  process.stdout.write(`${JSON.stringify({
    requireMs: t1 - t0, activateMs: t2 - t1, discoveryMs: t3 - t2,
    activationFiles: afterActivate, activationBytes: size(afterActivate),
    afterDiscoveryFiles: afterIdle, afterDiscoveryBytes: size(afterIdle),
  })}\n`);
  process.exit(0);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
