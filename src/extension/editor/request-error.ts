/** A failed editor request, told once: the model, core's (already actionable) message, the fix-it buttons and Retry. */
import type { ErrorEvent } from '../../core/stream/events';
import { displayText } from '../../core/display-text';
import type { Services } from '../services';
import type { ChatModelChoice } from '../chat/chat-models';
import { fixesFor } from '../chat/error-fixes';
import { commandAction, notify, type NotifyAction } from '../notify';
import { modelName } from './pick-model';
import { retryHint } from '../retry-hint';

/** The sentence shown: what failed, with which model, and why. */
export function requestErrorMessage(what: string, choice: ChatModelChoice, error: ErrorEvent): string {
  return `MaaS: ${what} with ${modelName(choice)} failed: ${displayText(error.message, 600)}${retryHint(error)}`;
}

export function showRequestError(s: Services, what: string, choice: ChatModelChoice, error: ErrorEvent, retry: () => unknown): void {
  s.log.warn(`${what} with ${choice.ref} failed: [${error.kind}${error.status ? ` ${error.status}` : ''}] ${error.message}`);
  const fixes: NotifyAction[] = fixesFor(error.kind, choice.endpoint)
    .map((f) => commandAction(f.title, f.command, ...f.args));
  notify(s.log, 'error', requestErrorMessage(what, choice, error), ...fixes, { title: 'Retry', run: retry });
}
