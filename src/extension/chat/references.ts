/**
 * The context the user attached to a request (`#file`, a selection, a string a tool gave) as items with
 * names for the prompt, and the files and ranges to show as the answer's references. Files are read
 * through the workspace (open editors' unsaved text first), at most REFERENCE_CHAR_LIMIT characters each.
 */
import * as vscode from 'vscode';
import { REFERENCE_CHAR_LIMIT, type ContextItem } from './participant-prompts';

export interface ResolvedReferences {
  items: ContextItem[];
  /** What to show with `stream.reference`. */
  shown: (vscode.Uri | vscode.Location)[];
  /** References that could not be read, with why (plain text). */
  failed: string[];
}

function nameOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' || uri.scheme === 'vscode-remote' ? vscode.workspace.asRelativePath(uri) : uri.toString(true);
}

async function readUri(uri: vscode.Uri): Promise<ContextItem> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { name: nameOf(uri), languageId: open.languageId, text: open.getText() };
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) throw new Error('it is a folder');
  const bytes = await vscode.workspace.fs.readFile(uri);
  // read only what is sent (a UTF-8 character is at most 4 bytes), and say how long the file is
  const head = new TextDecoder().decode(bytes.subarray(0, REFERENCE_CHAR_LIMIT * 4));
  if (head.includes('\u0000')) throw new Error('it looks like a binary file');
  const doc = bytes.length <= 2_000_000 ? await vscode.workspace.openTextDocument(uri) : undefined;
  return { name: nameOf(uri), languageId: doc?.languageId, text: doc ? doc.getText() : head };
}

async function readLocation(loc: vscode.Location): Promise<ContextItem> {
  const doc = await vscode.workspace.openTextDocument(loc.uri);
  const start = loc.range.start.line + 1;
  const end = loc.range.end.line + 1;
  return { name: `${nameOf(loc.uri)}:${start === end ? start : `${start}-${end}`}`, languageId: doc.languageId, text: doc.getText(loc.range) };
}

export async function resolveReferences(refs: readonly vscode.ChatPromptReference[]): Promise<ResolvedReferences> {
  const out: ResolvedReferences = { items: [], shown: [], failed: [] };
  for (const ref of refs) {
    const v = ref.value;
    const label = (ref as { name?: unknown }).name;
    try {
      if (v instanceof vscode.Uri) {
        out.items.push(await readUri(v));
        out.shown.push(v);
      } else if (v instanceof vscode.Location) {
        out.items.push(await readLocation(v));
        out.shown.push(v);
      } else if (typeof v === 'string') {
        out.items.push({ name: typeof label === 'string' && label ? label : ref.modelDescription ?? ref.id, text: v });
      }
    } catch (e) {
      const name = v instanceof vscode.Uri ? nameOf(v) : v instanceof vscode.Location ? nameOf(v.uri) : ref.id;
      out.failed.push(`${name} (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return out;
}
