/**
 * The questions about stored secrets and their origins: "Use the key for <new origin>?" when the settings
 * moved an endpoint to another origin, and "Remove them?" for secrets no entry of `maas.endpoints` names.
 * Each is asked once per session (per endpoint and origins; per set of ids); nothing is deleted or sent
 * without an answer.
 */
import * as vscode from 'vscode';
import type { Endpoint } from '../../core/endpoint/schema';
import type { Services } from '../services';
import { AskedOnce, movedQuestion, orphanIds, orphanQuestion } from '../origin-binding';
import { endpointIdOfKey, type MovedSecret } from '../secrets';
import { describeSecret } from '../tree/tree-model';
import { inBackground, notify } from '../notify';
import { noticeText } from '../notice-text';
import { Commands } from './ids';

export const USE_HERE = 'Use here';
export const ENTER_NEW_KEY = 'Enter a new key';

const asked = new AskedOnce();

/** "API key", "client id and client secret", … of the moved secrets. */
export function movedWhat(moved: readonly MovedSecret[]): string {
  return moved.map((m) => describeSecret(m.name)).join(' and ');
}

/** Binds the endpoint's secrets to its current origins, and rediscovers it. */
export async function useCredentialsHere(s: Services, endpoint: Endpoint): Promise<void> {
  const moved = await s.secrets.moved(endpoint);
  await s.secrets.bind(endpoint, moved.map((m) => m.name));
  s.log.info(`endpoint "${endpoint.id}": ${moved.map((m) => m.name).join(', ')} now used for ${[...new Set(moved.map((m) => m.to))].join(', ')} (was ${[...new Set(moved.map((m) => m.from))].join(', ')})`);
  if (s.store.get(endpoint.id)) await s.store.renew(endpoint.id);
}

/**
 * Offers "Use here" / "Enter a new key" in a notification, once per session for each endpoint and pair of
 * origins, for every endpoint whose stored secret was entered for another origin (an OICM model token
 * too, which does not stop discovery).
 */
export async function offerMovedCredentials(s: Services): Promise<void> {
  for (const st of s.store.list()) {
    if (st.status.state === 'loading') continue;
    const e = st.endpoint;
    const moved = await s.secrets.moved(e);
    if (!moved.length) continue;
    if (!asked.first('moved', e.id, ...moved.map((m) => `${m.name}:${m.from}>${m.to}`))) continue;
    notify(s.log, 'warning', movedQuestion(e.label, movedWhat(moved), moved[0].from, moved[0].to),
      { title: USE_HERE, run: () => useCredentialsHere(s, e) },
      { title: ENTER_NEW_KEY, run: () => vscode.commands.executeCommand(Commands.setCredentials, e.id, { newKey: true }) });
  }
}

/**
 * Offers to remove the secrets of endpoint ids that no entry of `maas.endpoints` names (valid or not):
 * once per session for each set of ids. Never deletes without "Remove" (an entry may be mid-edit).
 */
export async function offerOrphanRemoval(s: Services, namedIds: readonly string[]): Promise<void> {
  const ids = orphanIds(await s.secrets.keys(), namedIds, endpointIdOfKey);
  if (!ids.length || !asked.first('orphans', ...ids)) return;
  s.log.info(`secrets are stored for ${ids.map((id) => `"${id}"`).join(', ')}, which no entry of maas.endpoints names`);
  inBackground(s.log, 'the question about orphaned secrets', vscode.window.showWarningMessage(noticeText(orphanQuestion(ids)), 'Remove', 'Keep').then(async (answer) => {
    if (answer !== 'Remove') return;
    // an entry may have been added back meanwhile: only ids still named by none are removed
    const still = new Set(orphanIds(await s.secrets.keys(), s.settings.takenIds(), endpointIdOfKey));
    for (const id of ids.filter((i) => still.has(i))) await s.secrets.deleteAll(id);
  }));
}
