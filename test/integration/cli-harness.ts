/** Runs the built `maas` (dist/cli.js) as a child process against the reference gateway. */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as assert from 'node:assert/strict';
import type { Gateway } from '../gateway/server';
import { repoRoot } from '../helpers/repo-root';


export const CLI = resolve(repoRoot(), 'dist', 'cli.js');
/** What every run printed, kept for reading and for the secrets scan after `npm test` (started afresh per test process). */
const OUTPUT_LOG = resolve(repoRoot(), 'test-results', 'integration', 'cli-output.log');
mkdirSync(resolve(OUTPUT_LOG, '..'), { recursive: true });
writeFileSync(OUTPUT_LOG, '');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Environment on top of the gateway's credential variables; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Called with the child once it is running (e.g. to send SIGINT when output appears). */
  onSpawn?: (child: ChildProcess, output: { stdout(): string }) => void;
  timeoutMs?: number;
}

/** A temporary config file and the secrets the runs must never print. */
export class CliRunner {
  readonly dir = mkdtempSync(join(tmpdir(), 'maas-cli-int-'));
  /** Every credential value any run was given. */
  readonly secrets = new Set<string>();
  /** Every run, for the "no secret printed" check. */
  readonly results: CliResult[] = [];

  constructor(readonly gw: Gateway) {
    for (const v of Object.values(gw.env())) this.secrets.add(v);
  }

  /** Writes `{ "endpoints": … }` (the gateway's entries, adjusted) and returns the file name. */
  config(endpoints: object[], name = 'maas.json'): string {
    const file = join(this.dir, name);
    writeFileSync(file, JSON.stringify({ endpoints }, null, 2));
    return file;
  }

  run(args: string[], opts: RunOptions = {}): Promise<CliResult> {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...this.gw.env() };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else { env[k] = v; if (/^MAAS_(API_KEY|CLIENT_ID|CLIENT_SECRET|TOKEN)/.test(k) && v.length >= 4) this.secrets.add(v); }
    }
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`maas ${args.join(' ')} did not exit within ${opts.timeoutMs ?? 20_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`)); }, opts.timeoutMs ?? 20_000);
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const r = { code, signal, stdout, stderr };
        this.results.push(r);
        appendFileSync(OUTPUT_LOG, `$ maas ${args.join(' ')}\n[exit ${code ?? signal}]\n--- stdout\n${stdout}\n--- stderr\n${stderr}\n\n`);
        this.assertNoSecret(r, args);
        resolvePromise(r);
      });
      child.stdin.end(opts.stdin ?? '');
      opts.onSpawn?.(child, { stdout: () => stdout });
    });
  }

  assertNoSecret(r: CliResult, args: string[]): void {
    for (const s of this.secrets) {
      assert.ok(!r.stdout.includes(s), `maas ${args.join(' ')} printed a secret on stdout`);
      assert.ok(!r.stderr.includes(s), `maas ${args.join(' ')} printed a secret on stderr`);
    }
  }

  cleanup(): void { rmSync(this.dir, { recursive: true, force: true }); }
}

export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The event order (docs/architecture.md): content events, at most one usage, then exactly one done or error, last. */
export function assertEventOrder(events: Record<string, unknown>[]): void {
  assert.ok(events.length > 0, 'no events');
  const terminal = events.filter((e) => e.type === 'done' || e.type === 'error');
  assert.equal(terminal.length, 1, `exactly one terminal event: ${JSON.stringify(events)}`);
  assert.ok(events.at(-1) === terminal[0], 'the terminal event is last');
  const usage = events.findIndex((e) => e.type === 'usage');
  assert.ok(events.filter((e) => e.type === 'usage').length <= 1, 'at most one usage');
  if (usage >= 0) assert.equal(usage, events.length - 2, 'usage comes right before the terminal event');
  for (const e of events.slice(0, usage >= 0 ? usage : -1)) assert.ok(['text', 'reasoning', 'tool_call'].includes(String(e.type)), `content event expected, got ${JSON.stringify(e)}`);
}

export function textOf(events: Record<string, unknown>[], type = 'text'): string {
  return events.filter((e) => e.type === type).map((e) => String(e.text)).join('');
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
