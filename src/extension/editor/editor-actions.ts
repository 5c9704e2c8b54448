/** The editor commands' owner: the virtual documents, Explain, Refactor and the lightbulb, disposed together. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { Explainer, isExplainArgs, type ExplainOutcome } from './explain';
import { Refactorer, isRefactorArgs, type RefactorOutcome } from './refactor';
import { MaasCodeActions } from './code-actions';
import { VirtualDocs } from './virtual-docs';

export class EditorActions implements vscode.Disposable {
  private readonly docs = new VirtualDocs();
  private readonly explainer: Explainer;
  private readonly refactorer: Refactorer;
  private readonly lightbulb: vscode.Disposable;

  constructor(s: Services, state: vscode.Memento) {
    this.explainer = new Explainer(s, this.docs);
    this.refactorer = new Refactorer(s, this.docs, state);
    this.lightbulb = vscode.languages.registerCodeActionsProvider('*', new MaasCodeActions(s.store), MaasCodeActions.metadata);
  }

  explain(arg?: unknown): Promise<ExplainOutcome> {
    return this.explainer.run(isExplainArgs(arg) ? arg : {});
  }

  refactor(arg?: unknown): Promise<RefactorOutcome> {
    return this.refactorer.run(isRefactorArgs(arg) ? arg : {});
  }

  /** Accept / Discard (editor title of the diff, or the command palette): `uri` is the diff's, when given. */
  decide(decision: 'accept' | 'discard', uri?: unknown): boolean {
    return this.refactorer.decide(decision, uri);
  }

  dispose(): void {
    this.lightbulb.dispose();
    this.refactorer.dispose();
    this.docs.dispose();
  }
}
