/** A VS Code CancellationToken as the AbortSignal core takes: cancelling aborts the HTTP request at once. */
import type * as vscode from 'vscode';

export interface Abortable extends vscode.Disposable { readonly signal: AbortSignal }

export function abortOnCancel(token: vscode.CancellationToken): Abortable {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => { controller.abort(); });
  return { signal: controller.signal, dispose: () => { sub.dispose(); } };
}
