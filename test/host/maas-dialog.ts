// Answering a modal dialog (e.g. Remove's confirmation, Test Connection's result) like a person: wait
// for it, read it, optionally photograph it, click a button, and wait until it is gone.
import { click, screenshot, text, waitFor } from './driver';

export const DIALOG = '.monaco-dialog-box';

/** Clicks `button` in the modal dialog once it shows; returns the dialog's text. */
export async function answerModal(button: string, shot?: string): Promise<string> {
  await waitFor(DIALOG);
  const shown = await text(DIALOG);
  if (shot) await screenshot(shot);
  await click(`${DIALOG} .monaco-button:has-text("${button}")`);
  await waitFor(DIALOG, 10_000, 'hidden');
  return shown;
}
