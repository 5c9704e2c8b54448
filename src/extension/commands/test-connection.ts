/** MaaS: Test Connection — discovery with timing, in a cancellable progress notification. */
import * as vscode from 'vscode';
import { isMaasError } from '../../core/errors';
import type { Services } from '../services';
import { actionsForError, describeSecret } from '../tree/tree-model';
import { errorMessage, reportMessage, type TestConnectionOutcome } from './connection-report';
import { resolveEndpoint } from './endpoint-target';

/** Resolves with the outcome (also returned to `executeCommand` callers such as host tests). */
export async function testConnection(s: Services, arg: unknown): Promise<TestConnectionOutcome | undefined> {
  const target = await resolveEndpoint(s, arg, 'Test Connection');
  if (!target) return undefined;
  const { endpoint } = target;
  const client = s.store.client(endpoint.id);
  if (!client) return undefined;
  const missing = await s.secrets.missing(endpoint);
  const outcome = await vscode.window.withProgress<TestConnectionOutcome>(
    { location: vscode.ProgressLocation.Notification, title: `MaaS: testing ${endpoint.label}…`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        if (missing.length) {
          return { ok: false, endpointId: endpoint.id, kind: 'config', message: errorMessage(endpoint.label, 'config', `no ${missing.map(describeSecret).join(' or ')} is stored; ${s.secrets.describe(endpoint.id, missing[0])}`) };
        }
        const report = await client.testConnection(controller.signal);
        return { ok: true, endpointId: endpoint.id, report, message: reportMessage(endpoint.label, report) };
      } catch (e) {
        if (token.isCancellationRequested) return { ok: false, endpointId: endpoint.id, cancelled: true, message: `${endpoint.label}: test cancelled` };
        const kind = isMaasError(e) ? e.kind : 'protocol';
        const status = isMaasError(e) ? e.status : undefined;
        const text = e instanceof Error ? e.message : String(e);
        return { ok: false, endpointId: endpoint.id, kind, ...(status !== undefined ? { status } : {}), message: errorMessage(endpoint.label, kind, text, status) };
      } finally {
        sub.dispose();
      }
    },
  );
  if (outcome.ok) {
    s.log.info(`test connection: ${outcome.message}`);
    void vscode.window.showInformationMessage(`MaaS: ${outcome.message}`);
    // A successful test after a failed discovery: show the models now.
    if (s.store.get(endpoint.id)?.status.state === 'error') void s.store.refresh(endpoint.id);
  } else if ('cancelled' in outcome) {
    s.log.info(`test connection: ${outcome.message}`);
  } else {
    s.log.warn(`test connection: ${outcome.message}`);
    const actions = missing.length ? actionsForError('auth') : actionsForError(outcome.kind);
    void vscode.window.showErrorMessage(`MaaS: ${outcome.message}`, ...actions.map((a) => a.title)).then((chosen) => {
      const action = actions.find((a) => a.title === chosen);
      if (action) void vscode.commands.executeCommand(action.command, endpoint.id);
    });
  }
  return outcome;
}
