/** The active editor's selection, for /explain and /refactor. */
import * as vscode from 'vscode';
import type { SelectionContext } from './participant-prompts';

/** The selection with its file name and language, or undefined when no editor has a non-empty selection. */
export function activeSelection(): { context: SelectionContext; location: vscode.Location } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const doc = editor.document;
  const sel = editor.selection;
  // a selection ending at column 0 of a line does not include that line
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
  const code = doc.getText(sel);
  if (!code.trim()) return undefined;
  return {
    context: {
      fileName: doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri),
      languageId: doc.languageId,
      startLine: sel.start.line + 1,
      endLine: endLine + 1,
      code,
    },
    location: new vscode.Location(doc.uri, new vscode.Range(sel.start, sel.end)),
  };
}
