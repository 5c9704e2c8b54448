/** The lightbulb on a non-empty selection: "Explain with MaaS" and "Refactor with MaaS…" (when an endpoint is configured). */
import * as vscode from 'vscode';
import type { EndpointStore } from '../endpoints/endpoint-store';
import { Commands } from '../commands/ids';
import { EDITOR_SCHEME } from './virtual-docs';

export const CODE_ACTIONS_SETTING = 'editor.codeActions';

/** Explain changes nothing, so it is not a refactoring: the plain (empty) kind. */
const EXPLAIN_KIND = vscode.CodeActionKind.Empty;
const REFACTOR_KIND = vscode.CodeActionKind.RefactorRewrite;

const SKIPPED_SCHEMES = new Set([EDITOR_SCHEME, 'output', 'debug', 'vscode-scm', 'git']);

export class MaasCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [EXPLAIN_KIND, REFACTOR_KIND] };

  constructor(private readonly store: Pick<EndpointStore, 'list'>) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (range.isEmpty || SKIPPED_SCHEMES.has(document.uri.scheme)) return [];
    if (!vscode.workspace.getConfiguration('maas').get<boolean>(CODE_ACTIONS_SETTING, true)) return [];
    if (this.store.list().length === 0) return [];
    const wanted = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind);
    const actions: vscode.CodeAction[] = [];
    if (wanted(EXPLAIN_KIND)) {
      const explain = new vscode.CodeAction('Explain with MaaS', EXPLAIN_KIND);
      explain.command = { command: Commands.explainSelection, title: 'Explain with MaaS' };
      actions.push(explain);
    }
    if (wanted(REFACTOR_KIND)) {
      const refactor = new vscode.CodeAction('Refactor with MaaS…', REFACTOR_KIND);
      refactor.command = { command: Commands.refactorSelection, title: 'Refactor with MaaS…' };
      actions.push(refactor);
    }
    return actions;
  }
}
