// Lets a host test drive the real workbench like a person: test/host/run-host-tests.mjs keeps the
// Playwright page that shows the workbench and serves a loopback endpoint at $MAAS_TEST_DRIVER_URL.
// Selectors are Playwright selectors (CSS, `text=…`, `role=…`); the first match is used.
// Screenshots go to $MAAS_TEST_SCREENSHOT_DIR (test-results/screenshots) as <name>.png; never put a
// secret on screen before taking one.

/** iframe selectors entered, in order, before a selector applies: [] for the workbench itself. */
export type Frames = string[];

/** The frames of the active webview (a webview panel or webview view): pass as `frames`. */
export const WEBVIEW: Frames = ['iframe.webview.ready', 'iframe#active-frame'];

export type ElementState = 'visible' | 'hidden' | 'attached' | 'detached';

export type DriverAction =
  | { action: 'screenshot'; name: string; selector?: string; frames?: Frames }
  | { action: 'click'; selector: string; timeoutMs?: number; frames?: Frames }
  | { action: 'hover'; selector: string; timeoutMs?: number; frames?: Frames }
  | { action: 'press'; keys: string }
  | { action: 'type'; text: string; delayMs?: number }
  | { action: 'waitFor'; selector: string; timeoutMs?: number; state?: ElementState; frames?: Frames }
  | { action: 'text'; selector: string; timeoutMs?: number; frames?: Frames }
  | { action: 'count'; selector: string; frames?: Frames };

interface DriverReply { ok: boolean; error?: string; path?: string; text?: string; count?: number }

/** True when the tests run under test/host/run-host-tests.mjs with its UI driver. */
export function driverAvailable(): boolean {
  return !!process.env.MAAS_TEST_DRIVER_URL;
}

async function send(body: DriverAction): Promise<DriverReply> {
  const url = process.env.MAAS_TEST_DRIVER_URL;
  if (!url) throw new Error('UI driver not available: MAAS_TEST_DRIVER_URL is unset (run host tests with `npm run test:host`)');
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const reply = (await res.json()) as DriverReply;
  if (!reply.ok) throw new Error(`UI driver ${body.action} failed: ${reply.error ?? res.status}`);
  return reply;
}

/** Saves a PNG of the whole window (or of the first element matching selector); returns its path. */
export async function screenshot(name: string, selector?: string, frames?: Frames): Promise<string> {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`screenshot name "${name}" must match [A-Za-z0-9._-]+`);
  return (await send({ action: 'screenshot', name, selector, frames })).path ?? '';
}

/** Clicks the first element matching selector (waits up to timeoutMs, default 10 s, for it). */
export async function click(selector: string, timeoutMs?: number, frames?: Frames): Promise<void> {
  await send({ action: 'click', selector, timeoutMs, frames });
}

/** Moves the mouse over the first element matching selector (waits up to timeoutMs, default 10 s, for it): its hover shows. */
export async function hover(selector: string, timeoutMs?: number, frames?: Frames): Promise<void> {
  await send({ action: 'hover', selector, timeoutMs, frames });
}

/** Presses a key or chord in Playwright's notation: 'Enter', 'Escape', 'F1', 'Control+Shift+P'. */
export async function press(keys: string): Promise<void> {
  await send({ action: 'press', keys });
}

/** Types text into whatever has focus, key by key. */
export async function type(text: string, delayMs?: number): Promise<void> {
  await send({ action: 'type', text, delayMs });
}

/** Waits until the first element matching selector is visible (or reaches state); default 10 s. */
export async function waitFor(selector: string, timeoutMs?: number, state?: ElementState, frames?: Frames): Promise<void> {
  await send({ action: 'waitFor', selector, timeoutMs, state, frames });
}

/** The innerText of the first element matching selector. */
export async function text(selector: string, timeoutMs?: number, frames?: Frames): Promise<string> {
  return (await send({ action: 'text', selector, timeoutMs, frames })).text ?? '';
}

/** How many elements match selector right now (no waiting). */
export async function count(selector: string, frames?: Frames): Promise<number> {
  return (await send({ action: 'count', selector, frames })).count ?? 0;
}

/**
 * 'real' under test/host/run-host-tests.mjs (a modal dialog shows; answer it with click()), 'refused'
 * with its --extension-tests-path (VS Code's test mode: confirm() is auto-confirmed, other modal
 * messages fail).
 */
export function modalDialogs(): 'real' | 'refused' {
  return process.env.MAAS_TEST_MODAL_DIALOGS === 'refused' ? 'refused' : 'real';
}

/** Runs a command through the command palette (F1), as a person would, by its visible title. */
export async function runCommandFromPalette(title: string): Promise<void> {
  await press('F1');
  await waitFor('.quick-input-widget input');
  await type(title);
  await waitFor(`.quick-input-widget .monaco-list-row >> text=${JSON.stringify(title)}`);
  await press('Enter');
}
