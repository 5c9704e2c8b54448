/**
 * `tls.insecureSkipVerify` is said out loud once per endpoint per session: a warning notification the
 * first time an endpoint with it is loaded (the Endpoints view marks it for as long as it is on).
 */
import type { Logger } from '../../core/log';
import type { Endpoint } from '../../core/endpoint/schema';
import { Commands } from '../commands/ids';
import { commandAction, notify } from '../notify';
import type { SettingsTarget } from '../tree/tree-model';

export function insecureWarningText(e: Pick<Endpoint, 'id' | 'label'>): string {
  return `MaaS: "${e.label}" does not check TLS certificates (tls.insecureSkipVerify is on): anyone on the network path can read its credential and answers. Set tls.caFile to your CA bundle instead.`;
}

export class InsecureEndpointWarning {
  private readonly warned = new Set<string>();

  constructor(private readonly log: Logger) {}

  /** Warns about each endpoint with skip-verify not warned about yet this session. */
  check(endpoints: readonly Endpoint[]): void {
    for (const e of endpoints) {
      if (!e.tls?.insecureSkipVerify || this.warned.has(e.id)) continue;
      this.warned.add(e.id);
      const text = insecureWarningText(e);
      this.log.warn(text);
      const target: SettingsTarget = { endpointId: e.id, field: 'tls.insecureSkipVerify' };
      notify(this.log, 'warning', text, commandAction('Open Settings', Commands.openEndpointSettings, target));
    }
  }
}
