/** The `maas` executable (bundled to dist/cli.js): run the command, flush the output, exit with its code. */
import type { CoreDeps, EndpointClientApi } from '../core/endpoint-client';
import type { Endpoint } from '../core/endpoint/schema';
import { processIo } from './io';
import { run } from './run';
import { EXIT_FAILURE } from './exit-codes';
import { packageVersion } from './version';

const io = processIo();

// `maas … | head` closes stdout early: stop quietly (after what stderr still holds) instead of crashing with EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') { io.exit(typeof process.exitCode === 'number' ? process.exitCode : 0).catch(() => process.exit(EXIT_FAILURE)); return; }
  throw e;
});

/** Core (and the HTTP stack under it) is loaded by the first command that needs a client, never for `--help`. */
async function createClient(endpoint: Endpoint, deps: CoreDeps): Promise<EndpointClientApi> {
  const { createEndpointClient } = await import('../core/endpoint-client-factory.js');
  return createEndpointClient(endpoint, deps);
}

run(process.argv.slice(2), io, { createClient, version: () => packageVersion() })
  .then((code) => {
    process.exitCode = code;
    // Everything written reaches the OS before the exit (a pipe may still hold it); keep-alive sockets
    // must not hold the process open once the answer is out.
    return io.exit(code);
  })
  .catch((e: unknown) => {
    // `run` reports its own failures; this is a bug outside it (or a failed flush): one line, exit 1.
    process.stderr.write(`maas: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(EXIT_FAILURE);
  });
