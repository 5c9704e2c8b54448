/** Entry point: a thin composition root. Everything created here is owned and disposed by MaasContext. */
import * as vscode from 'vscode';
import { MaasContext } from './context';
import { createLog } from './log';
import type { MaasTestApi } from './test-api';
import { notify } from './notify';

let context: MaasContext | undefined;

/** Returns the test API only when the extension runs under test (see run-mode.ts); otherwise nothing. */
export async function activate(ext: vscode.ExtensionContext): Promise<MaasTestApi | undefined> {
  const log = createLog();
  try {
    context = MaasContext.create(ext, log);
    ext.subscriptions.push(context);
    log.info(`MaaS Connect ${String((ext.extension.packageJSON as { version?: unknown }).version)} activated`);
    return context.testApi();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`activation failed: ${e instanceof Error && e.stack ? e.stack : message}`);
    notify(log, 'error', `MaaS Connect failed to start: ${message}`, { title: 'Show Log', run: () => log.show() });
    if (!context) ext.subscriptions.push(log);
    throw e;
  }
}

export function deactivate(): void {
  context?.dispose();
  context = undefined;
}
