/**
 * Gives the keyboard back to a quick input that the getting-started walkthrough took it from.
 *
 * The case: the walkthrough has focus and the user runs one of our commands from the command palette.
 * The palette accepts on Enter's keydown and hands focus back to the walkthrough's step button; the
 * keyup then lands on that button, which re-selects the step and focuses it a quarter second later
 * (its animation delay) — after our first question is already on screen. The box stays open (it
 * ignores focus loss), but typing goes nowhere and the next Enter runs the walkthrough step.
 *
 * An extension cannot see where focus is, and `workbench.action.focusQuickOpen` focuses the list, not
 * the text box. What does focus the box is showing it: so, while such an editor (one VS Code reports as
 * no known tab kind: the walkthrough, the Settings editor, …) is active, the first question of a command
 * is hidden and shown again (same object: its text, items and answer so far stay) after that delay.
 * The hide this causes is not the user's: `isOwnHide` tells the input's onDidHide listener so.
 */
import * as vscode from 'vscode';

/** After the walkthrough's step re-selection (250 ms after the key goes up), and once more for a key held longer. */
const RECLAIM_AFTER_MS = [400, 1000];

const ownHides = new WeakSet<vscode.QuickInput>();

/** True (once) when this hide is the re-show below, not Escape or another input replacing this one. */
export function isOwnHide(input: vscode.QuickInput): boolean {
  return ownHides.delete(input);
}

/** Whether the active editor is one VS Code does not describe (a walkthrough or another built-in page). */
function pageEditorActive(): boolean {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return !!tab && tab.input === undefined;
}

/** A re-shown quick pick draws its rows only when its items are set again (the rest of its state is kept). */
function redrawItems(input: vscode.QuickInput): void {
  if (!('items' in input)) return;
  const qp = input as vscode.QuickPick<vscode.QuickPickItem>;
  const active = qp.activeItems;
  qp.items = qp.items;
  qp.activeItems = active;
}

/**
 * True while the user has not typed into `input` since this was called. (Not the active row: VS Code moves
 * it to the first item by itself after the picker shows.)
 */
function typingProbe(input: vscode.QuickInput): () => boolean {
  const box = input as Partial<Pick<vscode.InputBox, 'value'>>;
  const value = box.value;
  return () => box.value === value;
}

/** Call right after `input.show()` for the first question of a command; `stillShown` says it is unanswered and current. */
export function reclaimFocusWhileShown(input: vscode.QuickInput, stillShown: () => boolean): void {
  if (!pageEditorActive()) return;
  // Typing shows the box already has the keyboard: then it is left alone (a re-show while someone types
  // could swallow a key).
  const untouched = typingProbe(input);
  for (const ms of RECLAIM_AFTER_MS) {
    setTimeout(() => {
      if (!stillShown() || !untouched()) return;
      ownHides.add(input);
      // shown again once hidden (a show before the host has hidden it would be merged away)
      const again = input.onDidHide(() => { again.dispose(); input.show(); redrawItems(input); });
      input.hide();
    }, ms);
  }
}

/**
 * `window.showQuickPick` for a one-shot choice, built on createQuickPick so that it can reclaim focus.
 * Resolves with the chosen item, or undefined on Escape. Stays open when focus moves elsewhere.
 */
export function pickReclaimingFocus<T extends vscode.QuickPickItem>(
  items: readonly T[], options: { title?: string; placeHolder?: string; matchOnDescription?: boolean; matchOnDetail?: boolean },
): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = options.title;
  qp.placeholder = options.placeHolder;
  qp.matchOnDescription = !!options.matchOnDescription;
  qp.matchOnDetail = !!options.matchOnDetail;
  qp.ignoreFocusOut = true;
  qp.items = items;
  return new Promise<T | undefined>((resolve) => {
    let done = false;
    const finish = (v: T | undefined) => {
      if (done) return;
      done = true;
      for (const d of listeners) d.dispose();
      qp.dispose();
      resolve(v);
    };
    const listeners = [
      // Enter accepts the active row (none when the filter matches nothing: the picker stays); a click selects
      qp.onDidAccept(() => { const item = qp.selectedItems[0] ?? qp.activeItems[0]; if (item) finish(item); }),
      qp.onDidChangeSelection((sel) => { if (sel[0]) finish(sel[0]); }),
      qp.onDidHide(() => { if (!isOwnHide(qp)) finish(undefined); }),
    ];
    qp.show();
    reclaimFocusWhileShown(qp, () => !done);
  });
}
