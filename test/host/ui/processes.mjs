// Child processes for the host tests and the demo: start them in their own process group and stop
// exactly those groups (by PID) on exit, on SIGINT/SIGTERM and on errors.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const children = new Set();

/** spawn() in a new process group; stdout/stderr are appended to logFile, whose folder it creates (and given to onLine). */
export function startChild(name, command, args, { env, logFile, onLine } = {}) {
  const child = spawn(command, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.label = `${name} (pid ${child.pid})`;
  children.add(child);
  child.on('exit', () => children.delete(child));
  if (logFile) fs.mkdirSync(path.dirname(logFile), { recursive: true }); // e.g. test-results/ in a fresh clone
  const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', (chunk) => {
      log?.write(chunk);
      if (!onLine) return;
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) onLine(line);
    });
  }
  return child;
}

/** SIGTERM the child's process group, SIGKILL it after graceMs if it is still there. */
export async function stopChild(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
  signal('SIGTERM');
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), graceMs));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  }
  // the group may outlive its leader (e.g. code-server's extension host): make sure it is gone
  signal('SIGKILL');
}

export async function stopAllChildren() {
  await Promise.all([...children].reverse().map((c) => stopChild(c)));
}

/** Stops every child on SIGINT/SIGTERM (exit 130/143, or exitCode) and, as a last resort, on exit. */
export function stopChildrenOnSignals(beforeExit, exitCode) {
  let stopping = false;
  const onSignal = (sig, code) => process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${sig}: stopping ${[...children].map((c) => c.label).join(', ') || 'nothing'}`);
    try { await beforeExit?.(); } catch { /* best effort */ }
    await stopAllChildren();
    process.exit(exitCode ?? code);
  });
  onSignal('SIGINT', 130);
  onSignal('SIGTERM', 143);
  process.on('exit', () => {
    for (const c of children) { try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ } }
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** The first free port of preferred, preferred+1, … (tries of them), else any free port. */
export async function portFrom(preferred, tries = 1) {
  for (let p = preferred; p < preferred + tries; p++) if (await portIsFree(p)) return p;
  return freePort();
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
