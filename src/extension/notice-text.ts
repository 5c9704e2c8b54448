/**
 * Text for a notification. VS Code renders `[label](https://…)`, `[label](command:…)` and
 * `[label](file:…)` in a notification's message as links (a command link runs the command when clicked),
 * and nothing else of markdown — so a message that carries server text (an error reason, a model id)
 * is made plain here: control characters removed, length capped, and every `](` opened up to `] (` so no
 * link can form. Backslash escapes would show as backslashes there. Pure.
 */
import { displayText } from '../core/display-text';

export function noticeText(message: string, max = 1000): string {
  return displayText(message, max).replace(/\](?=\()/g, '] ');
}
