/** The `maas` executable (bundled to dist/cli.js): run the command, flush the output, exit with its code. */
import { createEndpointClient } from '../core/endpoint-client-factory';
import { processIo } from './io';
import { run } from './run';
import { EXIT_FAILURE } from './exit-codes';
import { packageVersion } from './version';

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) { resolve(); return; }
    stream.write('', () => resolve());
  });
}

// `maas … | head` closes stdout early: stop quietly instead of crashing with EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });

run(process.argv.slice(2), processIo(), { createClient: createEndpointClient, version: () => packageVersion() })
  .then(async (code) => {
    process.exitCode = code;
    await Promise.all([flush(process.stdout), flush(process.stderr)]);
    // Keep-alive sockets must not hold the process open once the answer is out.
    process.exit(code);
  })
  .catch((e: unknown) => {
    // `run` reports its own failures; this is a bug outside it (or a failed flush): one line, exit 1.
    process.stderr.write(`maas: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(EXIT_FAILURE);
  });
