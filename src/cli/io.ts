/** What the CLI touches of its process, behind one interface so commands can be unit-tested with stubs. */
import { readFile } from 'node:fs/promises';

export interface OutStream {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTTY: boolean;
  /** All of stdin, as UTF-8. */
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  /** Calls `handler` on SIGINT until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
}

function outStream(stream: NodeJS.WriteStream): OutStream {
  return {
    write: (text) => { stream.write(text); },
    get isTTY() { return stream.isTTY === true; },
  };
}

const interruptHandlers = new Set<() => void>();
let sigintInstalled = false;

/**
 * One process-wide SIGINT listener: it calls the handlers commands registered (they abort their
 * requests and finish with exit 130), or exits 130 at once when none is registered.
 */
function installSigint(): void {
  if (sigintInstalled) return;
  sigintInstalled = true;
  process.on('SIGINT', () => {
    if (interruptHandlers.size === 0) process.exit(130);
    for (const h of [...interruptHandlers]) h();
  });
}

/** The real process. */
export function processIo(): CliIo {
  installSigint();
  return {
    stdout: outStream(process.stdout),
    stderr: outStream(process.stderr),
    env: process.env,
    stdinIsTTY: process.stdin.isTTY === true,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    onInterrupt: (handler) => {
      interruptHandlers.add(handler);
      return () => { interruptHandlers.delete(handler); };
    },
  };
}
