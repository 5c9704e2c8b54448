/**
 * Read-only documents the editor commands stream into (the refactor's two diff sides, the explanation):
 * text kept here by URI, and VS Code told when it changes. Updates are coalesced, so a fast stream
 * redraws a few times a second rather than on every network read.
 */
import * as vscode from 'vscode';

export const EDITOR_SCHEME = 'maas-editor';

const REDRAW_MS = 60;

export class VirtualDocs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(EDITOR_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Sets a document's text; `now` tells VS Code at once (the final text), otherwise soon. */
  set(uri: vscode.Uri, text: string, now = false): void {
    const key = uri.toString();
    if (this.texts.get(key) === text && !now) return;
    this.texts.set(key, text);
    this.pending.add(key);
    if (now) { this.flush(); return; }
    this.timer ??= setTimeout(() => this.flush(), REDRAW_MS);
  }

  get(uri: vscode.Uri): string | undefined {
    return this.texts.get(uri.toString());
  }

  forget(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
    this.pending.delete(uri.toString());
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const key of this.pending) this.changed.fire(vscode.Uri.parse(key));
    this.pending.clear();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.registration.dispose();
    this.changed.dispose();
  }
}
