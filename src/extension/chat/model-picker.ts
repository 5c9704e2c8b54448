/**
 * `/model`: a quick pick over every endpoint's chat models, grouped by endpoint, the current default
 * marked; the choice is saved as `maas.defaultChatModel`.
 */
import * as vscode from 'vscode';
import { displayText } from '../../core/display-text';
import type { ChatModelChoice } from './chat-models';

interface ModelItem extends vscode.QuickPickItem { ref?: string }

export function modelPickItems(choices: readonly ChatModelChoice[], currentRef: string | undefined): ModelItem[] {
  const items: ModelItem[] = [];
  let endpointId: string | undefined;
  for (const c of choices) {
    if (c.endpoint.id !== endpointId) {
      endpointId = c.endpoint.id;
      items.push({ label: displayText(c.endpoint.label, 200), kind: vscode.QuickPickItemKind.Separator });
    }
    const current = c.ref === currentRef;
    const label = displayText(c.model.label, 200);
    const id = displayText(c.model.id, 200);
    items.push({
      label: current ? `$(check) ${label}` : label,
      description: [label !== id ? id : '', current ? 'current default' : ''].filter(Boolean).join(' · ') || undefined,
      ref: c.ref,
    });
  }
  return items;
}

/** Resolves with the chosen model's ref, or undefined when the pick was dismissed or cancelled. */
export function pickChatModel(choices: readonly ChatModelChoice[], currentRef: string | undefined, filter: string, token: vscode.CancellationToken): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<ModelItem>();
    const items = modelPickItems(choices, currentRef);
    qp.title = 'MaaS: Chat model for @maas';
    qp.placeholder = 'Pick the model @maas answers with (saved as maas.defaultChatModel)';
    qp.matchOnDescription = true;
    qp.items = items;
    qp.value = filter;
    const current = items.find((i) => i.ref && i.ref === currentRef);
    if (current && !filter) qp.activeItems = [current];
    let chosen: string | undefined;
    const subs = [
      qp.onDidAccept(() => { chosen = qp.selectedItems[0]?.ref ?? qp.activeItems[0]?.ref; qp.hide(); }),
      qp.onDidHide(() => { for (const s of subs) s.dispose(); qp.dispose(); resolve(chosen); }),
      token.onCancellationRequested(() => qp.hide()),
    ];
    qp.show();
  });
}
