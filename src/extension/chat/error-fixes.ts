/**
 * The action that fixes a failed request, by error kind: the buttons the chat answer, the refactor
 * notification and the explain preview offer. Each is one of our commands with the endpoint's id, so the
 * command's own error handling applies. "Retry" is the face's own (it knows what to send again). Pure.
 */
import type { ErrorKind } from '../../core/errors';
import { Commands, type CommandId } from '../commands/ids';

export interface ErrorFix { title: string; command: CommandId; args: unknown[] }

export function fixesFor(kind: ErrorKind, endpointId: string, hasSecret: boolean): ErrorFix[] {
  const setKey: ErrorFix = { title: 'Set API key', command: Commands.setCredentials, args: [endpointId] };
  const refresh: ErrorFix = { title: 'Refresh models', command: Commands.refresh, args: [endpointId] };
  const settings: ErrorFix = { title: 'Open settings', command: Commands.openEndpointSettings, args: [endpointId] };
  switch (kind) {
    case 'auth': return hasSecret ? [setKey, settings] : [settings];
    case 'forbidden': return hasSecret ? [setKey, settings] : [settings];
    case 'not_found': return [refresh, settings];
    case 'config': case 'tls': case 'network': return [settings];
    case 'bad_request': return [settings];
    default: return [];
  }
}
