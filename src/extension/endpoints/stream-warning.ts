/**
 * Core's warning that an endpoint's answers arrive all at once (a proxy that buffers streamed
 * responses), shown once per endpoint per session as a notification; core has already logged it.
 */
import type { Logger } from '../../core/log';
import { Commands } from '../commands/ids';
import { commandAction, notify } from '../notify';
import { stripEndpointPrefix } from '../tree/tree-model';

export class StreamWarnings {
  private readonly said = new Set<string>();

  constructor(private readonly log: Logger) {}

  /** Shows core's message about this endpoint, unless one was shown this session. */
  show(endpoint: { id: string; label: string }, message: string): void {
    if (this.said.has(endpoint.id)) return;
    this.said.add(endpoint.id);
    const text = stripEndpointPrefix(message);
    notify(this.log, 'warning', `MaaS: "${endpoint.label}": ${text.charAt(0).toLowerCase()}${text.slice(1)}.`, commandAction('Show Log', Commands.showLog));
  }
}
