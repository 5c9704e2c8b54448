/**
 * The action that fixes a failed request, by error kind: the buttons the chat answer, the refactor
 * notification and the explain preview offer. Each is one of our commands with the endpoint's id, so the
 * command's own error handling applies. "Retry" is the face's own (it knows what to send again). Pure.
 */
import type { ErrorKind } from '../../core/errors';
import type { Endpoint } from '../../core/endpoint/schema';
import { authSecretNames } from '../../core/credentials';
import { Commands, type CommandId } from '../commands/ids';

export interface ErrorFix { title: string; command: CommandId; args: unknown[] }

/** The endpoint is sent with a secret the user can set (OICM always has its endpoint key or model tokens). */
function hasSecret(endpoint: Endpoint): boolean {
  return endpoint.platform === 'oicm' || authSecretNames(endpoint.auth).length > 0;
}

export function fixesFor(kind: ErrorKind, endpoint: Endpoint): ErrorFix[] {
  const endpointId = endpoint.id;
  const setKey: ErrorFix = { title: 'Set API key', command: Commands.setCredentials, args: [endpointId] };
  const refresh: ErrorFix = { title: 'Refresh models', command: Commands.refresh, args: [endpointId] };
  const settings: ErrorFix = { title: 'Open settings', command: Commands.openEndpointSettings, args: [endpointId] };
  switch (kind) {
    case 'auth': return hasSecret(endpoint) ? [setKey, settings] : [settings];
    case 'forbidden': return hasSecret(endpoint) ? [setKey, settings] : [settings];
    case 'not_found': return [refresh, settings];
    case 'config': case 'tls': case 'network': return [settings];
    case 'bad_request': return [settings];
    default: return [];
  }
}
