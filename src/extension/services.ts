/** What commands and views are given: the long-lived objects the activation context creates and owns. */
import type { EndpointStore } from './endpoints/endpoint-store';
import type { ExtensionLog } from './log';
import type { SecretCredentials } from './secrets';
import type { Settings } from './config/settings';

export interface Services {
  readonly settings: Settings;
  readonly secrets: SecretCredentials;
  readonly store: EndpointStore;
  readonly log: ExtensionLog;
  /** Test seams (`{ confirm: false }` on Remove/Clear) are honoured: test mode only (run-mode.ts). */
  readonly testSeams: boolean;
  /** Re-reads `maas.endpoints` into the store now (the configuration event may come later). */
  reload(): Promise<void>;
  /** Shows the Endpoints view and selects an endpoint in it. */
  reveal(endpointId: string): Promise<void>;
}
