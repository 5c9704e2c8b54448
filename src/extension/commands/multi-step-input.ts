/**
 * The Prompter over VS Code's QuickPick and InputBox: a title with "step n of m", a Back button from the
 * second step on, Escape cancels (throws Cancelled), and the box stays open when focus moves elsewhere
 * (users copy keys from a browser). Validation runs as the user types; errors block Enter, warnings do not,
 * and a warning that offers a replacement (a pasted …/chat/completions URL) makes Enter take it.
 * Text typed but not confirmed is handed back as the step's draft on Back and on Escape.
 */
import * as vscode from 'vscode';
import type { Validation } from '../config/platform-guide';
import { uiActivity } from '../ui-activity';
import { isOwnHide, reclaimFocusWhileShown } from './reclaim-focus';
import { BACK, Cancelled, type Back, type DiscardQuestion, type InputOptions, type PickOptions, type Prompter } from './prompter';

const SEVERITY: Record<Validation['severity'], vscode.InputBoxValidationSeverity> = {
  error: vscode.InputBoxValidationSeverity.Error,
  warning: vscode.InputBoxValidationSeverity.Warning,
  info: vscode.InputBoxValidationSeverity.Info,
};

function toMessage(v: Validation | undefined): vscode.InputBoxValidationMessage | undefined {
  return v ? { message: v.message, severity: SEVERITY[v.severity] } : undefined;
}

interface ValueItem<T> extends vscode.QuickPickItem { value: T }

export class QuickInputPrompter implements Prompter {
  /** The input on screen. It stays up after its answer until the next one is shown (no flicker, no race). */
  private current?: vscode.QuickInput;
  private endActivity?: () => void;

  close(): void {
    this.current?.dispose();
    this.current = undefined;
    this.endActivity?.();
    this.endActivity = undefined;
  }

  pick<T>(o: PickOptions<T>): Promise<T | Back> {
    const qp = vscode.window.createQuickPick<ValueItem<T>>();
    qp.title = o.title;
    qp.step = o.step;
    qp.totalSteps = o.totalSteps;
    qp.placeholder = o.placeholder;
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.buttons = o.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    const items: ValueItem<T>[] = o.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value }));
    qp.items = items;
    const active = items.find((i) => i.value === o.active);
    if (active) qp.activeItems = [active];
    // Before the flow's total is known, the counter shows the total of the highlighted choice.
    const countFor = (item: ValueItem<T> | undefined) => {
      const total = item && o.totalFor?.(item.value);
      qp.step = total !== undefined && total > 1 ? 1 : o.step;
      qp.totalSteps = total !== undefined && total > 1 ? total : o.totalSteps;
    };
    if (o.totalFor) countFor(active ?? items[0]);
    return this.settle<T | Back>(qp, (resolve) => [
      qp.onDidChangeActive((a) => { if (o.totalFor) countFor(a[0]); }),
      qp.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) resolve(BACK); }),
      // A click selects (single-select pickers report it as a selection); Enter accepts the active row.
      qp.onDidChangeSelection((sel) => { if (sel[0]) resolve(sel[0].value); }),
      qp.onDidAccept(() => { const [sel] = qp.selectedItems.length ? qp.selectedItems : qp.activeItems; if (sel) resolve(sel.value); }),
    ]);
  }

  input(o: InputOptions): Promise<string | Back> {
    const box = vscode.window.createInputBox();
    box.title = o.title;
    box.step = o.step;
    box.totalSteps = o.totalSteps;
    box.prompt = o.prompt;
    box.placeholder = o.placeholder;
    box.value = o.draft ?? o.value ?? '';
    box.password = !!o.password;
    box.ignoreFocusOut = true;
    box.buttons = o.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    // Validate the prefilled value only when there is one: an empty box should not open with an error.
    if (box.value) box.validationMessage = toMessage(o.validate(box.value));
    return this.settle<string | Back>(box, (resolve) => [
      box.onDidTriggerButton((b) => {
        if (b !== vscode.QuickInputButtons.Back) return;
        o.saveDraft?.(box.value);
        resolve(BACK);
      }),
      box.onDidChangeValue((v) => { box.validationMessage = toMessage(o.validate(v)); }),
      box.onDidAccept(() => {
        const verdict = o.validate(box.value);
        box.validationMessage = toMessage(verdict);
        if (verdict?.severity !== 'error') resolve(verdict?.replacement ?? box.value);
      }),
    ], () => o.saveDraft?.(box.value));
  }

  async confirmDiscard(q: DiscardQuestion): Promise<boolean> {
    const discard: vscode.MessageItem = { title: 'Discard' };
    const keep: vscode.MessageItem = { title: 'Keep editing', isCloseAffordance: true };
    const end = uiActivity.begin();
    try {
      return (await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, discard, keep)) === discard;
    } finally {
      end();
    }
  }

  /**
   * Shows `input` in place of the previous one (shown first, then the old one disposed, as VS Code's
   * multi-step sample does), resolves with the first answer, rejects with Cancelled when it is hidden
   * unanswered (Escape).
   */
  private settle<R>(input: vscode.QuickInput, wire: (resolve: (r: R) => void) => vscode.Disposable[], onEscape?: () => void): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => { if (settled) return; settled = true; for (const d of disposables) d.dispose(); fn(); };
      const disposables = [
        ...wire((r) => finish(() => resolve(r))),
        input.onDidHide(() => { if (!isOwnHide(input)) finish(() => { onEscape?.(); reject(new Cancelled()); }); }),
      ];
      const previous = this.current;
      this.current = input;
      this.endActivity ??= uiActivity.begin();
      input.show();
      if (!previous) reclaimFocusWhileShown(input, () => !settled && this.current === input); // a command's first question
      previous?.dispose();
    });
  }
}
