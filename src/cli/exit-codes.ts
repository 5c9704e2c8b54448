/** `maas` exit codes (docs/architecture.md, "The CLI face"). */
import type { ErrorKind } from '../core/errors';

export const EXIT_OK = 0;
/** The gateway or the network failed (a credential the server rejects included). */
export const EXIT_FAILURE = 1;
/** Usage or configuration error, a missing local credential included. */
export const EXIT_USAGE = 2;
/** Interrupted by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;

/** `config` is the user's to fix locally (2); everything else came from the gateway or the network (1). */
export function exitCodeForKind(kind: ErrorKind): number {
  return kind === 'config' ? EXIT_USAGE : EXIT_FAILURE;
}
