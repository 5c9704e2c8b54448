/**
 * Wires walkthrough-state.ts to VS Code: context keys through `setContext`, and the gate open while an
 * editor tab of a kind VS Code does not describe to extensions is open — the walkthrough (welcome) page
 * is one (so are the Settings and Keyboard Shortcuts editors; no harm).
 */
import * as vscode from 'vscode';
import type { EndpointStore } from './endpoints/endpoint-store';
import type { SecretCredentials } from './secrets';
import { trackWalkthroughState } from './walkthrough-state';

function pageTabShown(): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input === undefined));
}

export function watchWalkthroughState(store: EndpointStore, secrets: SecretCredentials): vscode.Disposable {
  let open = pageTabShown();
  const gate = new vscode.EventEmitter<void>();
  const tabs = vscode.window.tabGroups.onDidChangeTabs(() => { if (pageTabShown() !== open) { open = !open; gate.fire(); } });
  const tracker = trackWalkthroughState({
    list: () => store.list(),
    onDidChange: (l) => store.onDidChange(l),
    storedNames: (id) => secrets.names(id),
    setContext: (key, value) => vscode.commands.executeCommand('setContext', key, value),
    gateOpen: () => open,
    onDidChangeGate: (l) => gate.event(l),
  });
  return vscode.Disposable.from(tracker, tabs, gate);
}
