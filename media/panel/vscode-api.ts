/** The page's one handle on the host: typed messages and the webview's saved state. */
import type { HostMessage, PageMessage } from '../../src/extension/panel/protocol';
import type { PageState } from './page-state';

interface VsCodeApi {
  postMessage(m: PageMessage): void;
  getState(): PageState | undefined;
  setState(s: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export const send = (m: PageMessage): void => api.postMessage(m);
export const savedState = (): PageState | undefined => api.getState();
export const saveState = (s: PageState): void => api.setState(s);

export function onHostMessage(handler: (m: HostMessage) => void): void {
  window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
    const m = e.data;
    if (m && typeof m === 'object' && typeof m.type === 'string') handler(m);
  });
}
