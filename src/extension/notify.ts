/**
 * Fire-and-forget work with its failures reported, never an unhandled rejection: a notification whose
 * buttons run actions after the command that showed it has returned, and background work such as a
 * rediscovery. (Lint refuses a bare `void promise`, which only hides a rejection.)
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { noticeText } from './notice-text';

export interface NotifyAction {
  title: string;
  run(): unknown;
}

export type NotifyLevel = 'info' | 'warning' | 'error';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Runs `work` without waiting for it; a failure is logged as "`what` failed: …". */
export function inBackground(log: Logger, what: string, work: PromiseLike<unknown>): void {
  work.then(undefined, (e: unknown) => log.error(`${what} failed: ${errorText(e)}`));
}

/** Every notification's message passes through `noticeText`: server text in it cannot become a link. */
function show(level: NotifyLevel, raw: string, titles: string[]): Thenable<string | undefined> {
  const message = noticeText(raw);
  switch (level) {
    case 'error': return vscode.window.showErrorMessage(message, ...titles);
    case 'warning': return vscode.window.showWarningMessage(message, ...titles);
    case 'info': return vscode.window.showInformationMessage(message, ...titles);
  }
}

/** A non-modal notification with buttons; the chosen button's action runs, and its failure is logged and shown. */
export function notify(log: Logger, level: NotifyLevel, message: string, ...actions: NotifyAction[]): void {
  inBackground(log, 'a notification', show(level, message, actions.map((a) => a.title)).then(async (chosen) => {
    const action = actions.find((a) => a.title === chosen);
    if (!action) return;
    try {
      await action.run();
    } catch (e) {
      log.error(`${action.title} failed: ${errorText(e)}`);
      vscode.window.showErrorMessage(noticeText(`MaaS: ${action.title} failed: ${errorText(e)}`));
    }
  }));
}

/** An action that runs one of our commands (so the commands' own error handler reports its failures). */
export function commandAction(title: string, command: string, ...args: unknown[]): NotifyAction {
  return { title, run: () => vscode.commands.executeCommand(command, ...args) };
}
