/**
 * A model's reasoning as a read-only markdown document (a virtual document of our own scheme: nothing
 * to save, nothing written to disk), linked above the answer it led to. The last few are kept in
 * memory; an older link (or one from before a reload) opens a note saying so.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { displayText } from '../../core/display-text';

export const REASONING_SCHEME = 'maas-reasoning';
const KEEP = 20;

export class ReasoningDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private next = 1;
  /** Makes this window's links its own: after a reload, an old link finds nothing rather than another answer's reasoning. */
  private readonly session = randomBytes(4).toString('hex');
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(REASONING_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '(This reasoning is no longer kept; ask again to see it.)';
  }

  /** Keeps the reasoning as a document named `title`; returns its URI. */
  keep(reasoning: string, title: string): vscode.Uri {
    const name = displayText(title || 'Reasoning', 120).replace(/[/\\]/g, '-');
    const path = `/${this.session}-${this.next++}/${name}.md`;
    this.texts.set(path, reasoning);
    while (this.texts.size > KEEP) this.texts.delete(this.texts.keys().next().value as string);
    return vscode.Uri.from({ scheme: REASONING_SCHEME, path });
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
