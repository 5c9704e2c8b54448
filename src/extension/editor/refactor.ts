/**
 * Refactor Selection: an instruction, a model, then the proposal streamed into a diff editor (the
 * selection as it was ↔ the proposal) with a cancellable progress notification; Accept applies it as
 * one undoable edit if the document has not changed since, Discard (or cancel, or closing the diff)
 * leaves the file untouched. One proposal at a time: a new one discards the pending one.
 */
import * as vscode from 'vscode';
import { noticeText } from '../notice-text';
import type { Services } from '../services';
import { findChatModel, type ChatModelChoice } from '../chat/chat-models';
import { Commands, ContextKeys } from '../commands/ids';
import { inBackground, notify } from '../notify';
import { displayText } from '../../core/display-text';
import { extractCode } from './extract-code';
import { fitProposal } from './fit-proposal';
import { refactorMessages } from './prompts';
import { activeSelection, reselect, type EditorSelection } from './selection';
import { askInstruction, rememberInstruction } from './instruction';
import { chooseModel, modelName } from './pick-model';
import { showRequestError } from './request-error';
import { streamAnswer } from './stream-answer';
import { EDITOR_SCHEME, type VirtualDocs } from './virtual-docs';

export type RefactorResult = 'accepted' | 'discarded' | 'cancelled' | 'refused' | 'error' | 'no-code' | 'dismissed' | 'no-selection' | 'no-model';

export interface RefactorOutcome {
  result: RefactorResult;
  /** The text Accept applies (or applied). */
  proposal?: string;
  error?: { kind: string; message: string };
}

/** Arguments a caller (a test, a code action) may give to skip the questions. */
export interface RefactorArgs { instruction?: string; model?: string }

type Decision = 'accept' | 'discard';

export function isRefactorArgs(v: unknown): v is RefactorArgs {
  return !!v && typeof v === 'object' && !(v instanceof vscode.Uri);
}

class Session {
  private decided: ((d: Decision) => void) | undefined;
  readonly decision = new Promise<Decision>((resolve) => { this.decided = resolve; });
  readonly cancel = new vscode.CancellationTokenSource();
  ready = false;
  constructor(readonly left: vscode.Uri, readonly right: vscode.Uri) {}
  decide(d: Decision): void {
    if (d === 'discard') this.cancel.cancel();
    this.decided?.(d);
    this.decided = undefined;
  }
}

export class Refactorer implements vscode.Disposable {
  private session: Session | undefined;
  private count = 0;
  private readonly tabWatch: vscode.Disposable;

  constructor(private readonly s: Services, private readonly docs: VirtualDocs, private readonly state: vscode.Memento) {
    // Closing the diff is Discard (and cancels a proposal still streaming).
    this.tabWatch = vscode.window.tabGroups.onDidChangeTabs((e) => {
      const session = this.session;
      if (!session) return;
      const right = session.right.toString();
      if (e.closed.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right)) session.decide('discard');
    });
  }

  /** The Accept and Discard buttons (editor title, notification): for the diff they were pressed on, or the pending one. */
  decide(decision: Decision, uri?: unknown): boolean {
    const session = this.session;
    if (!session) return false;
    if (uri instanceof vscode.Uri && uri.scheme === EDITOR_SCHEME && uri.toString() !== session.right.toString() && uri.toString() !== session.left.toString()) return false;
    if (decision === 'accept' && !session.ready) {
      notify(this.s.log, 'info', 'MaaS: the proposal is still streaming; Accept once it is complete.');
      return false;
    }
    session.decide(decision);
    return true;
  }

  async run(args: RefactorArgs = {}): Promise<RefactorOutcome> {
    const sel = activeSelection('refactor');
    if (typeof sel === 'string') { notify(this.s.log, 'info', `MaaS: ${sel}`); return { result: 'no-selection' }; }
    const title = `Refactor ${displayText(sel.code.fileName, 120)}, ${sel.where}`;
    const instruction = args.instruction?.trim() || await askInstruction(this.state, `${title}: what should change?`);
    if (!instruction) return { result: 'dismissed' };
    await rememberInstruction(this.state, instruction);
    const choice = args.model ? findChatModel(this.s.store, args.model) : await chooseModel(this.s, `${title}: which model?`);
    if (!choice) {
      if (args.model) notify(this.s.log, 'warning', `MaaS: the chat model ${displayText(args.model, 200)} is not available.`);
      return { result: args.model ? 'no-model' : 'dismissed' };
    }
    return this.propose(sel, instruction, choice);
  }

  private async propose(sel: EditorSelection, instruction: string, choice: ChatModelChoice): Promise<RefactorOutcome> {
    const client = this.s.store.client(choice.endpoint.id);
    if (!client) { notify(this.s.log, 'warning', `MaaS: the endpoint ${displayText(choice.endpoint.label, 200)} cannot be used now; check it in the Endpoints view.`); return { result: 'no-model' }; }
    this.session?.decide('discard');
    const n = ++this.count;
    const name = sel.code.fileName;
    const left = vscode.Uri.from({ scheme: EDITOR_SCHEME, path: `/refactor/${n}/selection/${name}` });
    const right = vscode.Uri.from({ scheme: EDITOR_SCHEME, path: `/refactor/${n}/proposal/${name}` });
    const session = new Session(left, right);
    this.session = session;
    this.docs.set(left, sel.shape.original, true);
    this.docs.set(right, '', true);
    const retry = async (): Promise<unknown> => reselect(sel).then(() => vscode.commands.executeCommand(Commands.refactorSelection, { instruction, model: choice.ref }));
    try {
      for (const uri of [left, right]) {
        const doc = await vscode.workspace.openTextDocument(uri);
        if (doc.languageId !== sel.document.languageId) await vscode.languages.setTextDocumentLanguage(doc, sel.document.languageId);
      }
      await vscode.commands.executeCommand('vscode.diff', left, right, `${name} (${sel.where}) ↔ MaaS proposal`, { preview: false });
      const streamed = await vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification,
        title: `MaaS: refactoring ${displayText(name, 120)} (${sel.where}) with ${modelName(choice)}`,
        cancellable: true,
      }, async (progress, token) => {
        const sub = token.onCancellationRequested(() => session.cancel.cancel());
        try {
          let lines = 0;
          return await streamAnswer(client, { model: choice.model.id, messages: refactorMessages(sel.code, instruction) }, session.cancel.token, (text) => {
            const code = extractCode(text, sel.code.languageId, true);
            if (!code) return;
            this.docs.set(right, fitProposal(code.code, sel.shape));
            const now = code.code.split('\n').length;
            if (now !== lines) progress.report({ message: `${lines = now} line${now === 1 ? '' : 's'} so far` });
          });
        } finally {
          sub.dispose();
        }
      });
      if (streamed.end.kind === 'cancelled') return { result: 'cancelled' };
      if (streamed.end.kind === 'error') {
        const e = streamed.end.error;
        showRequestError(this.s, `Refactoring ${name}`, choice, e, retry);
        return { result: 'error', error: { kind: e.kind, message: e.message } };
      }
      const code = extractCode(streamed.text, sel.code.languageId);
      if (!code) {
        notify(this.s.log, 'warning', `MaaS: ${modelName(choice)} answered without any code; nothing to apply.`, { title: 'Retry', run: retry });
        return { result: 'no-code' };
      }
      const proposal = fitProposal(code.code, sel.shape);
      this.docs.set(right, proposal, true);
      session.ready = true;
      await vscode.commands.executeCommand('setContext', ContextKeys.refactorReady, true);
      const cut = streamed.end.finishReason === 'length' ? ' The answer was cut off at the token limit: check the end.' : '';
      inBackground(this.s.log, 'the refactor question', vscode.window.showInformationMessage(
        noticeText(`MaaS: the proposal for ${displayText(name, 120)} (${sel.where}) from ${modelName(choice)} is ready.${cut} Apply it?`), 'Accept', 'Discard',
      ).then((chosen) => { if (chosen === 'Accept') this.decide('accept', right); else if (chosen === 'Discard') this.decide('discard', right); }));
      const decision = await session.decision;
      if (decision === 'discard') return { result: 'discarded', proposal };
      return await this.apply(sel, proposal) ? { result: 'accepted', proposal } : { result: 'refused', proposal };
    } finally {
      if (this.session === session) {
        this.session = undefined;
        inBackground(this.s.log, 'clearing a context key', vscode.commands.executeCommand('setContext', ContextKeys.refactorReady, false));
      }
      session.cancel.dispose();
      await this.closeDiff(session);
      this.docs.forget(left);
      this.docs.forget(right);
    }
  }

  /** One edit, and only on the version the proposal was made for; true when applied. */
  private async apply(sel: EditorSelection, proposal: string): Promise<boolean> {
    const doc = sel.document;
    if (doc.isClosed || doc.version !== sel.version) {
      notify(this.s.log, 'warning', `MaaS: ${displayText(sel.code.fileName, 120)} changed while the proposal was being made, so nothing was applied. Select the code again and run Refactor Selection on the current text.`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, sel.range, proposal);
    if (!await vscode.workspace.applyEdit(edit)) {
      notify(this.s.log, 'warning', `MaaS: VS Code did not apply the proposal to ${displayText(sel.code.fileName, 120)} (is it read-only?).`);
      return false;
    }
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false });
    const start = doc.offsetAt(sel.range.start);
    const range = new vscode.Range(sel.range.start, doc.positionAt(start + proposal.length));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }

  private async closeDiff(session: Session): Promise<void> {
    const right = session.right.toString();
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right);
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  dispose(): void {
    this.session?.decide('discard');
    this.tabWatch.dispose();
  }
}
