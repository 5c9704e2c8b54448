/** The "MaaS Connect" log: a LogOutputChannel (level set by the user, timestamps by VS Code) as core's Logger. */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';

export const LOG_CHANNEL_NAME = 'MaaS Connect';
const KEEP_LINES = 500;

export interface ExtensionLog extends Logger, vscode.Disposable {
  show(): void;
  /** The last lines written (any level), for the test API: lets host tests prove no secret was logged. */
  recent(): string[];
}

/** Core redacts what it logs; this face logs only ids, URLs, counts and error messages — never a secret. */
export function createLog(): ExtensionLog {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const lines: string[] = [];
  const keep = (level: string, m: string) => {
    lines.push(`[${level}] ${m}`);
    if (lines.length > KEEP_LINES) lines.splice(0, lines.length - KEEP_LINES);
  };
  return {
    trace: (m) => { keep('trace', m); channel.trace(m); },
    debug: (m) => { keep('debug', m); channel.debug(m); },
    info: (m) => { keep('info', m); channel.info(m); },
    warn: (m) => { keep('warning', m); channel.warn(m); },
    error: (m) => { keep('error', m); channel.error(m); },
    show: () => channel.show(true),
    recent: () => [...lines],
    dispose: () => channel.dispose(),
  };
}
