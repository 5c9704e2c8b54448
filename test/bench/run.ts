/**
 * `npm run bench [-- PART… ] [--quick]`: the stream pipeline, the whole CLI, memory, first request,
 * extension cost, discovery at scale and the chat faces (participant and model provider), against a loopback stream server in its own process. Prints a
 * table with each goal beside its figure and writes the figures as JSON under bench/results/. Parts:
 * pipeline, cli, memory, first-request, discovery, chat, upload, extension (default: all, in that order). `--quick`
 * shrinks the streams and the repeats (a smoke run; its figures are not the ones to quote). `--profile`
 * adds a CPU-profiled run of `maas chat` and of the SDK script to the cli part and prints where the time goes.
 * Timings live here only: tests never time anything.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, machine, printTable, startStreamServer, tempFiles, type Row, type StreamServer } from './harness';
import { runPipeline } from './pipeline';
import { runWholeCli, runMemory } from './whole-cli';
import { runFirstRequest } from './first-request';
import { runDiscovery } from './discovery';
import { runExtensionCost } from './extension-cost';
import { runChatFaces } from './chat-faces';
import { runUpload } from './upload';

type Part = (server: StreamServer, quick: boolean, profile: boolean) => Promise<{ rows: Row[]; json: unknown }>;

const PARTS: Record<string, Part> = {
  pipeline: runPipeline,
  cli: (server, quick, profile) => runWholeCli(server, quick, profile),
  memory: runMemory,
  'first-request': runFirstRequest,
  discovery: (server) => runDiscovery(server),
  chat: runChatFaces,
  upload: (_server, quick) => runUpload(quick),
  // Last: it rebuilds dist/ for production, then back.
  extension: runExtensionCost,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const profile = args.includes('--profile');
  const asked = args.filter((a) => !a.startsWith('--'));
  const unknown = asked.filter((a) => !(a in PARTS));
  if (unknown.length) {
    console.error(`unknown part(s): ${unknown.join(', ')}; parts: ${Object.keys(PARTS).join(', ')}`);
    process.exit(2);
  }
  const parts = asked.length ? Object.keys(PARTS).filter((p) => asked.includes(p)) : Object.keys(PARTS);
  const started = new Date();
  console.error(`maas bench: ${parts.join(', ')}${quick ? ' (quick)' : ''} — node ${process.version}`);
  const server = await startStreamServer();
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  const failures: string[] = [];
  try {
    for (const p of parts) {
      const t0 = performance.now();
      try {
        const r = await PARTS[p](server, quick, profile);
        rows.push(...r.rows);
        results[p] = r.json;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        failures.push(`${p}: ${message}`);
        rows.push({ part: p, what: 'failed', figure: 'error', note: message.split('\n')[0] });
      }
      console.error(`  (${p} took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  } finally {
    server.stop();
    for (const f of tempFiles) fs.rmSync(f, { force: true });
  }
  console.log('');
  printTable(rows);
  console.log('');
  console.log('Only ratios count (this machine is shared and noisy); see bench/README.md.');
  const dir = path.join(REPO, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const doc = { started: started.toISOString(), quick, parts, machine: machine(), table: rows, results, failures };
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`figures written to ${path.relative(process.cwd(), file)}`);
  if (failures.length) process.exitCode = 1;
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
