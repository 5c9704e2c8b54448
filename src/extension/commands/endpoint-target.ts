/**
 * Which endpoint a command acts on: the tree node it was invoked on, an id passed by another command or
 * a test, or — from the Command Palette — the user's pick.
 */
import * as vscode from 'vscode';
import { noticeText } from '../notice-text';
import type { EndpointState } from '../endpoints/endpoint-store';
import type { Services } from '../services';
import { PLATFORM_SHORT } from '../tree/tree-model';
import { Commands } from './ids';
import { whileShown } from '../ui-activity';
import { pickReclaimingFocus } from './reclaim-focus';

/** What VS Code passes: a tree node (`{ endpointId, modelId? }`), an id string, or nothing. */
export type EndpointArg = string | { endpointId?: string; modelId?: string } | undefined;

export function endpointIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { endpointId?: unknown }).endpointId === 'string') return (arg as { endpointId: string }).endpointId;
  return undefined;
}

export function modelIdOf(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object' && typeof (arg as { modelId?: unknown }).modelId === 'string') return (arg as { modelId: string }).modelId;
  return undefined;
}

/** The endpoint named by `arg`, else the user's pick; undefined when there is none or the user cancelled. */
export async function resolveEndpoint(s: Services, arg: unknown, purpose: string): Promise<EndpointState | undefined> {
  const id = endpointIdOf(arg);
  if (id !== undefined) {
    const found = s.store.get(id);
    if (!found) vscode.window.showErrorMessage(noticeText(`MaaS: there is no valid endpoint "${id}" in the maas.endpoints setting.`));
    return found;
  }
  const all = s.store.list();
  if (!all.length) {
    const add = 'Add Endpoint';
    if ((await vscode.window.showInformationMessage('MaaS: no endpoints are configured yet.', add)) === add) await vscode.commands.executeCommand(Commands.addEndpoint);
    return undefined;
  }
  if (all.length === 1) return all[0];
  const picked = await whileShown(() => pickReclaimingFocus(
    all.map((st) => ({ label: st.endpoint.label, description: `${st.endpoint.id} · ${PLATFORM_SHORT[st.endpoint.platform]}`, detail: st.endpoint.baseUrl, st })),
    { title: purpose, placeHolder: 'Choose an endpoint', matchOnDescription: true, matchOnDetail: true },
  ));
  return picked?.st;
}
