/** What the CLI touches of its process, behind one interface so commands can be unit-tested with stubs. */
import { readFile, writeFile } from 'node:fs/promises';

export interface OutStream {
  write(text: string): void;
  readonly isTTY: boolean;
  /**
   * A promise while the stream holds more unwritten output than it wants (a slow pipe): wait for it
   * before producing more, so output never piles up in memory. `undefined` when there is room.
   */
  backlog(): Promise<void> | undefined;
  /** Resolves once everything written so far was handed to the OS (or the stream is gone). */
  flush(): Promise<void>;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTTY: boolean;
  /** All of stdin, as UTF-8. */
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  /** Writes bytes to a file (binary task results: `--out`). */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /** The terminal's width when stdout is one; undefined when it is piped. */
  readonly columns?: number;
  /** Calls `handler` on SIGINT until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
}

function gone(stream: NodeJS.WriteStream): boolean {
  return stream.destroyed || !stream.writable;
}

function outStream(stream: NodeJS.WriteStream): OutStream {
  return {
    write: (text) => { if (!gone(stream)) stream.write(text); },
    get isTTY() { return stream.isTTY === true; },
    backlog: () => {
      if (gone(stream) || !stream.writableNeedDrain) return undefined;
      return new Promise<void>((resolve) => {
        const done = () => { stream.off('drain', done); stream.off('close', done); stream.off('error', done); resolve(); };
        stream.on('drain', done).on('close', done).on('error', done);
      });
    },
    flush: () => new Promise<void>((resolve) => {
      if (gone(stream)) { resolve(); return; }
      // The callback of an empty write runs once every earlier write has been handed to the OS.
      stream.write('', () => resolve());
    }),
  };
}

/**
 * Ends the process only after stdout and stderr were flushed (a pipe may still hold output that an
 * immediate exit would drop); once an exit is under way, another call exits at once.
 */
export function flushThenExit(streams: Pick<CliIo, 'stdout' | 'stderr'>, exit: (code: number) => void): (code: number, opts?: { interrupt?: boolean }) => Promise<void> {
  let flushing: Promise<unknown> | undefined;
  return async (code, opts = {}) => {
    // Another Ctrl+C while the output drains ends at once; any other second request (an EPIPE, then the
    // command's own end) waits for the same flush, so stderr is never cut off.
    if (flushing && opts.interrupt) { exit(code); return; }
    flushing ??= Promise.all([streams.stdout.flush(), streams.stderr.flush()]);
    await flushing;
    exit(code);
  };
}

/** The real process's io, and its exit (after the output is flushed). */
export interface ProcessIo extends CliIo {
  exit(code: number, opts?: { interrupt?: boolean }): Promise<void>;
}

const interruptHandlers = new Set<() => void>();
let sigintInstalled = false;
let processExit: ((code: number, opts?: { interrupt?: boolean }) => Promise<void>) | undefined;

/**
 * One process-wide SIGINT listener: it calls the handlers commands registered (they abort their
 * requests and finish with exit 130), or exits 130 once the output is flushed when none is registered
 * (at once on another SIGINT while flushing).
 */
function installSigint(exit: (code: number, opts?: { interrupt?: boolean }) => Promise<void>): void {
  processExit = exit;
  if (sigintInstalled) return;
  sigintInstalled = true;
  process.on('SIGINT', () => {
    if (interruptHandlers.size === 0) { (processExit ?? exit)(130, { interrupt: true }).catch(() => process.exit(130)); return; }
    for (const h of [...interruptHandlers]) h();
  });
}

/** The real process. */
export function processIo(): ProcessIo {
  const stdout = outStream(process.stdout);
  const stderr = outStream(process.stderr);
  const exit = flushThenExit({ stdout, stderr }, (code) => process.exit(code));
  installSigint(exit);
  return {
    stdout,
    stderr,
    exit,
    env: process.env,
    stdinIsTTY: process.stdin.isTTY === true,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: (path, bytes) => writeFile(path, bytes),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    onInterrupt: (handler) => {
      interruptHandlers.add(handler);
      return () => { interruptHandlers.delete(handler); };
    },
  };
}
