/** The words of a Test Connection result. Pure. Shows the resolved URL and the auth scheme, never a secret. */
import type { ConnectionReport } from '../../core/endpoint-client';
import type { ErrorKind } from '../../core/errors';
import { stripEndpointPrefix } from '../tree/tree-model';

export type TestConnectionOutcome =
  | { ok: true; endpointId: string; message: string; detail: string; report: ConnectionReport }
  | { ok: false; endpointId: string; message: string; kind: ErrorKind; status?: number }
  | { ok: false; endpointId: string; message: string; cancelled: true };

/** The headline of a success: short enough for any dialog. */
export function reportMessage(label: string, r: ConnectionReport): string {
  return `${label}: connected, ${r.modelCount} model${r.modelCount === 1 ? '' : 's'} in ${r.latencyMs} ms`;
}

/** The rest of a success, one fact a line (a dialog's detail shows it in full, never cut off). */
export function reportDetail(r: ConnectionReport): string {
  return [
    `URL: ${r.url}`,
    `Auth: ${r.authScheme}`,
    `Latency: ${r.latencyMs} ms`,
    `Models: ${r.modelCount}`,
    ...r.warnings.map((w) => `Warning: ${w}`),
  ].join('\n');
}

/** A failure: the endpoint and core's one sentence (which already says what happened and what to check). */
export function errorMessage(label: string, message: string): string {
  return `${label}: ${stripEndpointPrefix(message)}`;
}
