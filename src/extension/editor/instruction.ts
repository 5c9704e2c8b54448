/** The refactor instruction: a quick input offering the recent ones (most recent first), or a new one typed in. */
import * as vscode from 'vscode';

const KEY = 'maas.refactor.recentInstructions';
export const MAX_RECENT = 10;

export function recentInstructions(state: vscode.Memento): string[] {
  const v = state.get<unknown>(KEY);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Puts `instruction` first (once), keeping at most MAX_RECENT. */
export async function rememberInstruction(state: vscode.Memento, instruction: string): Promise<void> {
  const next = [instruction, ...recentInstructions(state).filter((x) => x !== instruction)].slice(0, MAX_RECENT);
  await state.update(KEY, next);
}

interface Item extends vscode.QuickPickItem { instruction: string }

/** Resolves to the chosen or typed instruction, or undefined when dismissed. */
export function askInstruction(state: vscode.Memento, title: string): Promise<string | undefined> {
  const recent = recentInstructions(state);
  const recentItems = (): Item[] => recent.map((r) => ({ label: r, instruction: r, description: 'recent' }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = title;
  pick.placeholder = recent.length
    ? 'Type what to change (e.g. "use async/await"), or pick a recent instruction'
    : 'Type what to change, e.g. "use async/await", "add error handling", "extract a function"';
  pick.items = recentItems();
  pick.matchOnDescription = false;
  pick.ignoreFocusOut = true;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items = typed && !recent.includes(typed)
      ? [{ label: typed, instruction: typed, description: 'new instruction', alwaysShow: true }, ...recentItems()]
      : recentItems();
  });
  return new Promise<string | undefined>((resolve) => {
    let done = false;
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.instruction ?? pick.activeItems[0]?.instruction ?? pick.value.trim();
      if (!chosen) return;
      done = true;
      resolve(chosen);
      pick.hide();
    });
    pick.onDidHide(() => { if (!done) resolve(undefined); pick.dispose(); });
    pick.show();
  });
}
