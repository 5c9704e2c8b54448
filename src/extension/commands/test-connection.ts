/**
 * MaaS: Test Connection — discovery with timing, in a cancellable progress notification. Success is
 * shown in a modal dialog whose detail lists URL, auth scheme, latency and model count in full (a
 * one-line toast cut them off); a failure in an error notification with its fix as a button.
 */
import * as vscode from 'vscode';
import { noticeText } from '../notice-text';
import { isMaasError } from '../../core/errors';
import type { Services } from '../services';
import { actionsForError, describeSecret } from '../tree/tree-model';
import { errorMessage, reportDetail, reportMessage, type TestConnectionOutcome } from './connection-report';
import { resolveEndpoint } from './endpoint-target';
import { Commands } from './ids';
import { commandAction, inBackground, notify } from '../notify';

/** Resolves with the outcome (also returned to `executeCommand` callers such as host tests). */
export async function testConnection(s: Services, arg: unknown): Promise<TestConnectionOutcome | undefined> {
  const target = await resolveEndpoint(s, arg, 'Test Connection');
  if (!target) return undefined;
  const { endpoint } = target;
  const client = s.store.client(endpoint.id);
  if (!client) {
    // The client could not be built (e.g. an unreadable tls.caFile): say so, do not fail silently.
    const st = target.status;
    const kind = st.state === 'error' ? st.kind : 'config';
    const message = errorMessage(endpoint.label, st.state === 'error' ? st.message : 'the endpoint cannot be used');
    s.log.warn(`test connection: ${message}`);
    notify(s.log, 'error', `MaaS: ${message}`, commandAction('Open Settings', Commands.openEndpointSettings, st.state === 'error' && st.field ? { endpointId: endpoint.id, field: st.field } : endpoint.id));
    return { ok: false, endpointId: endpoint.id, kind, message };
  }
  const missing = await s.secrets.missing(endpoint);
  const outcome = await vscode.window.withProgress<TestConnectionOutcome>(
    { location: vscode.ProgressLocation.Notification, title: `MaaS: testing ${endpoint.label}…`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        if (missing.length) {
          return { ok: false, endpointId: endpoint.id, kind: 'config', message: errorMessage(endpoint.label, `no ${missing.map(describeSecret).join(' or ')} is stored; ${s.secrets.describe(endpoint.id, missing[0])}`) };
        }
        const report = await client.testConnection(controller.signal);
        return { ok: true, endpointId: endpoint.id, report, message: reportMessage(endpoint.label, report), detail: reportDetail(report) };
      } catch (e) {
        if (token.isCancellationRequested) return { ok: false, endpointId: endpoint.id, cancelled: true, message: `${endpoint.label}: test cancelled` };
        const kind = isMaasError(e) ? e.kind : 'protocol';
        const status = isMaasError(e) ? e.status : undefined;
        const text = e instanceof Error ? e.message : String(e);
        return { ok: false, endpointId: endpoint.id, kind, ...(status !== undefined ? { status } : {}), message: errorMessage(endpoint.label, text) };
      } finally {
        sub.dispose();
      }
    },
  );
  if (outcome.ok) {
    s.log.info(`test connection: ${outcome.message} (${outcome.detail.split('\n').join('; ')})`);
    vscode.window.showInformationMessage(noticeText(`MaaS: ${outcome.message}`), { modal: true, detail: noticeText(outcome.detail) });
    // A successful test after a failed discovery: show the models now.
    if (s.store.get(endpoint.id)?.status.state === 'error') inBackground(s.log, `rediscovery of "${endpoint.id}"`, s.store.refresh(endpoint.id));
  } else if ('cancelled' in outcome) {
    s.log.info(`test connection: ${outcome.message}`);
  } else {
    s.log.warn(`test connection: ${outcome.message}`);
    // A failed test of an endpoint the view shows as fine: rediscover, so the row says what the test found.
    if (s.store.get(endpoint.id)?.status.state === 'ready') inBackground(s.log, `rediscovery of "${endpoint.id}"`, s.store.refresh(endpoint.id));
    const actions = missing.length ? actionsForError('auth') : actionsForError(outcome.kind);
    notify(s.log, 'error', `MaaS: ${outcome.message}`, ...actions.map((a) => commandAction(a.title, a.command, endpoint.id)));
  }
  return outcome;
}
