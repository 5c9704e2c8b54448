/** The active editor's selection as the editor commands use it: the code, where it is, and the document's version. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SelectedCode } from './prompts';
import type { SelectionShape } from './fit-proposal';
import { EDITOR_SCHEME } from './virtual-docs';

export interface EditorSelection {
  document: vscode.TextDocument;
  range: vscode.Range;
  /** The document's version when the selection was read: a proposal applies only to this version. */
  version: number;
  code: SelectedCode;
  shape: SelectionShape;
  /** `line 4` or `lines 4–9`, for titles and messages. */
  where: string;
}

export function linesLabel(range: vscode.Range): string {
  const last = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return last === range.start.line ? `line ${range.start.line + 1}` : `lines ${range.start.line + 1}–${last + 1}`;
}

/** The active editor's non-empty selection, or the sentence saying why there is none. */
export function activeSelection(verb: string): EditorSelection | string {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return `Open a file and select the code to ${verb} first.`;
  if (editor.document.uri.scheme === EDITOR_SCHEME) return `Select the code to ${verb} in a file (this is a MaaS proposal or explanation).`;
  const range = editor.selection;
  const document = editor.document;
  const text = document.getText(range);
  if (range.isEmpty || !text.trim()) return `Select the code to ${verb} first.`;
  const fileName = path.basename(document.uri.path) || document.uri.path;
  return {
    document,
    range: new vscode.Range(range.start, range.end),
    version: document.version,
    code: { fileName, languageId: document.languageId, code: text },
    shape: { before: document.lineAt(range.start.line).text.slice(0, range.start.character), original: text, eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n' },
    where: linesLabel(range),
  };
}

/** Shows the document again with the same selection (before a Retry: the notification took the focus). */
export async function reselect(sel: EditorSelection): Promise<void> {
  if (sel.document.isClosed) return;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === sel.document);
  await vscode.window.showTextDocument(sel.document, { selection: sel.range, viewColumn: visible?.viewColumn, preview: false });
}
