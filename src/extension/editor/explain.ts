/**
 * Explain Selection: by default the Chat view's `@maas /explain` (the participant reads the selection);
 * with `maas.explain.target` = `preview`, the explanation streams into a read-only markdown document
 * shown as a preview beside the editor, with the model used, a cancellable progress notification, and
 * errors with the buttons that fix them.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { findChatModel, type ChatModelChoice } from '../chat/chat-models';
import { Commands } from '../commands/ids';
import { notify } from '../notify';
import { displayText, markdownText } from '../../core/display-text';
import { explainMessages } from './prompts';
import { safeMarkdown } from './safe-markdown';
import { activeSelection, reselect, type EditorSelection } from './selection';
import { chooseModel, modelName } from './pick-model';
import { requestErrorMessage, showRequestError } from './request-error';
import { streamAnswer, type StreamEnd } from './stream-answer';
import { EDITOR_SCHEME, type VirtualDocs } from './virtual-docs';

export type ExplainTarget = 'chat' | 'preview';
export const EXPLAIN_TARGET_SETTING = 'explain.target';

export interface ExplainArgs { target?: ExplainTarget; model?: string }

export interface ExplainOutcome {
  result: 'chat' | 'done' | 'cancelled' | 'error' | 'no-selection' | 'dismissed' | 'no-model';
  /** The preview's document. */
  uri?: string;
  /** The explanation as streamed. */
  text?: string;
}

export function isExplainArgs(v: unknown): v is ExplainArgs {
  return !!v && typeof v === 'object' && !(v instanceof vscode.Uri);
}

/** How many explanations stay readable (a preview re-reads its document when shown again). */
const KEPT = 20;

/** The preview's markdown: a heading naming the code, the model and the state, then the answer (without raw HTML or images). */
export function explanationMarkdown(sel: Pick<EditorSelection, 'where'> & { code: { fileName: string } }, model: string, text: string, state: string): string {
  const head = `# ${markdownText(sel.code.fileName, 200)}, ${sel.where}\n\n*Explained by ${markdownText(model, 300)}${state ? ` · ${state}` : ''}*\n\n---\n\n`;
  return head + (text ? safeMarkdown(text) : '*Waiting for the first words…*') + '\n';
}

function stateOf(end: StreamEnd, choice: ChatModelChoice): string {
  switch (end.kind) {
    case 'cancelled': return 'cancelled: the explanation is incomplete';
    case 'error': return `failed: ${markdownText(requestErrorMessage('the explanation', choice, end.error).replace(/^MaaS: /, ''), 800)}`;
    case 'done': return end.finishReason === 'length' ? 'cut off at the token limit' : '';
  }
}

export class Explainer {
  private count = 0;
  private readonly kept: vscode.Uri[] = [];

  constructor(private readonly s: Services, private readonly docs: VirtualDocs) {}

  async run(args: ExplainArgs = {}): Promise<ExplainOutcome> {
    const target = args.target ?? vscode.workspace.getConfiguration('maas').get<ExplainTarget>(EXPLAIN_TARGET_SETTING, 'chat');
    const sel = activeSelection('explain');
    if (typeof sel === 'string') { notify(this.s.log, 'info', `MaaS: ${sel}`); return { result: 'no-selection' }; }
    if (target !== 'preview') {
      await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@maas /explain', isPartialQuery: false });
      return { result: 'chat' };
    }
    const choice = args.model ? findChatModel(this.s.store, args.model) : await chooseModel(this.s, `Explain ${displayText(sel.code.fileName, 120)}, ${sel.where}: which model?`);
    if (!choice) return { result: args.model ? 'no-model' : 'dismissed' };
    return this.preview(sel, choice, args);
  }

  private async preview(sel: EditorSelection, choice: ChatModelChoice, args: ExplainArgs): Promise<ExplainOutcome> {
    const client = this.s.store.client(choice.endpoint.id);
    if (!client) { notify(this.s.log, 'warning', `MaaS: the endpoint ${displayText(choice.endpoint.label, 200)} cannot be used now; check it in the Endpoints view.`); return { result: 'no-model' }; }
    const uri = vscode.Uri.from({ scheme: EDITOR_SCHEME, path: `/explain/${++this.count}/${sel.code.fileName} (${sel.where.replace('–', '-')}).md` });
    this.keep(uri);
    const model = modelName(choice);
    this.docs.set(uri, explanationMarkdown(sel, model, '', 'streaming…'), true);
    await vscode.workspace.openTextDocument(uri);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    const streamed = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: `MaaS: explaining ${displayText(sel.code.fileName, 120)} (${sel.where}) with ${model}`,
      cancellable: true,
    }, (_progress, token) => streamAnswer(client, { model: choice.model.id, messages: explainMessages(sel.code) }, token, (text) => {
      this.docs.set(uri, explanationMarkdown(sel, model, text, 'streaming…'));
    }));
    this.docs.set(uri, explanationMarkdown(sel, model, streamed.text, stateOf(streamed.end, choice)), true);
    const outcome = { uri: uri.toString(), text: streamed.text };
    if (streamed.end.kind === 'cancelled') return { result: 'cancelled', ...outcome };
    if (streamed.end.kind === 'error') {
      const retry = async (): Promise<unknown> => reselect(sel).then(() => vscode.commands.executeCommand(Commands.explainSelection, { ...args, target: 'preview', model: choice.ref }));
      showRequestError(this.s, 'The explanation', choice, streamed.end.error, retry);
      return { result: 'error', ...outcome };
    }
    return { result: 'done', ...outcome };
  }

  private keep(uri: vscode.Uri): void {
    this.kept.push(uri);
    while (this.kept.length > KEPT) this.docs.forget(this.kept.shift()!);
  }
}
