/** The words of a Test Connection result. Pure. Shows the resolved URL and the auth scheme, never a secret. */
import type { ConnectionReport } from '../../core/endpoint-client';
import type { ErrorKind } from '../../core/errors';

export type TestConnectionOutcome =
  | { ok: true; endpointId: string; message: string; report: ConnectionReport }
  | { ok: false; endpointId: string; message: string; kind: ErrorKind; status?: number }
  | { ok: false; endpointId: string; message: string; cancelled: true };

export function reportMessage(label: string, r: ConnectionReport): string {
  const models = `${r.modelCount} model${r.modelCount === 1 ? '' : 's'}`;
  const warnings = r.warnings.length ? ` Warnings: ${r.warnings.join('; ')}` : '';
  return `${label}: connected — ${r.url} · auth: ${r.authScheme} · ${r.latencyMs} ms · ${models}.${warnings}`;
}

export function errorMessage(label: string, kind: ErrorKind, message: string, status?: number): string {
  return `${label}: connection failed [${kind}${status ? ` ${status}` : ''}] ${message}`;
}
