/**
 * The model an editor command uses: `maas.defaultChatModel` when it names an available chat model, else
 * one the user picks from every endpoint's chat models, grouped by endpoint (the star button also makes
 * it the default).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { chatModels, findChatModel, type ChatModelChoice } from '../chat/chat-models';
import { modelPickItems } from '../chat/model-picker';
import { Commands } from '../commands/ids';
import { commandAction, notify } from '../notify';
import { displayText } from '../../core/display-text';

export const modelName = (c: ChatModelChoice): string => displayText(`${c.model.label} (${c.endpoint.label})`, 200);

interface Item extends vscode.QuickPickItem { ref?: string; choice?: ChatModelChoice }

const STAR: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('star-empty'), tooltip: 'Use this model and make it the default chat model' };

export async function chooseModel(s: Services, title: string): Promise<ChatModelChoice | undefined> {
  const configured = s.settings.defaultChatModel();
  let found = findChatModel(s.store, configured);
  if (!found && s.store.list().some((e) => e.status.state === 'loading')) {
    await s.store.whenIdle();
    found = findChatModel(s.store, configured);
  }
  if (found) return found;
  const all = chatModels(s.store);
  if (all.length === 0) {
    if (s.store.list().length === 0) notify(s.log, 'warning', 'MaaS: no endpoint is configured yet. Add one to use its models.', commandAction('Add Endpoint', Commands.addEndpoint));
    else notify(s.log, 'warning', 'MaaS: no chat model is available: no endpoint has listed one. Check the Endpoints view.', commandAction('Refresh All', Commands.refreshAll));
    return undefined;
  }
  // the same grouped items as @maas's /model (no current default: it is not available), each with the star
  const items: Item[] = modelPickItems(all, undefined).map((i) => (i.ref ? { ...i, choice: all.find((c) => c.ref === i.ref), buttons: [STAR] } : i));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = title;
  pick.placeholder = configured
    ? `The default chat model ${displayText(configured, 200)} is not available: choose a model (☆ also makes it the default)`
    : 'Choose a model (☆ also makes it the default chat model)';
  pick.items = items;
  pick.matchOnDescription = true;
  return new Promise<ChatModelChoice | undefined>((resolve) => {
    let chosen: ChatModelChoice | undefined;
    pick.onDidAccept(() => { chosen = pick.selectedItems[0]?.choice; if (chosen) pick.hide(); });
    pick.onDidTriggerItemButton((e) => {
      chosen = e.item.choice;
      if (!chosen) return;
      const ref = chosen.ref;
      s.settings.setDefaultChatModel(ref).then(undefined, (err: unknown) => s.log.error(`setting maas.defaultChatModel failed: ${err instanceof Error ? err.message : String(err)}`));
      pick.hide();
    });
    pick.onDidHide(() => { resolve(chosen); pick.dispose(); });
    pick.show();
  });
}
