/**
 * Checks an endpoint before Add/Edit saves it: discovery with the entered values (secrets held in memory
 * or the stored ones), in a cancellable progress notification. Nothing is written here.
 */
import * as vscode from 'vscode';
import { noticeText } from '../notice-text';
import { createEndpointClient } from '../endpoints/lazy-client-factory';
import type { CredentialSource, SecretName } from '../../core/credentials';
import type { Endpoint } from '../../core/endpoint/schema';
import { isMaasError } from '../../core/errors';
import type { Logger } from '../../core/log';
import type { CheckOutcome } from './check-outcome';
import { networkFor } from '../host-fetch';

/** Secrets typed into a flow, as core's credential source (they stay in memory until the entry is saved). */
export function typedCredentials(secrets: readonly { name: SecretName; value: string }[]): CredentialSource {
  return {
    get: async (_id, name) => secrets.find((s) => s.name === name)?.value || undefined,
    describe: () => 'enter it in the Add Endpoint flow',
  };
}

/** Resolves with what the gateway said; cancelling the notification aborts the request. */
export async function checkConnection(endpoint: Endpoint, credentials: CredentialSource, log: Logger): Promise<CheckOutcome> {
  let client: ReturnType<typeof createEndpointClient>;
  try {
    client = createEndpointClient(endpoint, { credentials, logger: log, ...networkFor(endpoint) });
  } catch (e) {
    // e.g. an unreadable tls.caFile: a failed check the user can answer, not a lost edit
    return { ok: false, kind: isMaasError(e) ? e.kind : 'config', message: e instanceof Error ? e.message : String(e) };
  }
  try {
    return await vscode.window.withProgress<CheckOutcome>(
      { location: vscode.ProgressLocation.Notification, title: `MaaS: checking the connection to ${endpoint.label}…`, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          const report = await client.testConnection(controller.signal);
          return { ok: true, modelCount: report.modelCount };
        } catch (e) {
          if (token.isCancellationRequested) return { ok: false, cancelled: true };
          const message = e instanceof Error ? e.message : String(e);
          return { ok: false, kind: isMaasError(e) ? e.kind : 'protocol', ...(isMaasError(e) && e.status !== undefined ? { status: e.status } : {}), message };
        } finally {
          sub.dispose();
        }
      },
    );
  } finally {
    client.dispose();
  }
}

/**
 * Asks what to do after a failed check, in a modal: the `choices` in order, plus "Discard" (also Escape).
 * Resolves with the chosen title, or undefined for Discard.
 */
export async function askAfterFailedCheck(sentence: string, detail: string, choices: string[]): Promise<string | undefined> {
  const discard: vscode.MessageItem = { title: 'Discard', isCloseAffordance: true };
  const items: vscode.MessageItem[] = choices.map((title) => ({ title }));
  const picked = await vscode.window.showWarningMessage(noticeText(sentence), { modal: true, detail: noticeText(detail) }, ...items, discard);
  return picked && picked !== discard ? picked.title : undefined;
}
