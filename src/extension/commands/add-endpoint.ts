/** MaaS: Add Endpoint… — the guided flow, then secrets → settings → discovery. Escape writes nothing. */
import * as vscode from 'vscode';
import { parseEndpoints } from '../../core/endpoint/config';
import type { Services } from '../services';
import { askNewEndpoint } from './add-endpoint-flow';
import { QuickInputPrompter } from './multi-step-input';
import { Commands } from './ids';

/** Resolves with the new endpoint's id, or undefined when cancelled. */
export async function addEndpoint(s: Services): Promise<string | undefined> {
  const result = await askNewEndpoint(new QuickInputPrompter(), s.settings.takenIds());
  if (!result) {
    s.log.debug('Add Endpoint cancelled; nothing was written');
    return undefined;
  }
  const id = String(result.entry.id);
  // The flow validates each answer; core has the last word on the entry as a whole.
  const check = parseEndpoints([result.entry]);
  if (check.problems.length) {
    void vscode.window.showErrorMessage(`MaaS: the new endpoint is not valid: ${check.problems.map((p) => p.message).join('; ')}`);
    return undefined;
  }
  // Secrets first, so the first discovery finds them; an earlier endpoint with this id may have left some.
  await s.secrets.deleteAll(id);
  for (const secret of result.secrets) await s.secrets.store(id, secret.name, secret.value);
  await s.settings.addEndpoint(result.entry);
  s.log.info(`endpoint "${id}" added (${String(result.entry.platform)} at ${String(result.entry.baseUrl)})`);
  await s.reload();
  await s.reveal(id);
  const label = check.endpoints[0]?.label ?? id;
  void vscode.window.showInformationMessage(`MaaS: endpoint "${label}" added. Its models appear in the Endpoints view.`, 'Test Connection')
    .then((a) => (a ? vscode.commands.executeCommand(Commands.testConnection, id) : undefined));
  return id;
}
