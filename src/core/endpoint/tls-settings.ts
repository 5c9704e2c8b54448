/** Whether an endpoint has `tls` settings of its own (then core owns its agent, in the CLI and the extension alike). */
import type { Endpoint } from './schema';

export function hasTlsSettings(endpoint: Pick<Endpoint, 'tls'>): boolean {
  return Boolean(endpoint.tls && (endpoint.tls.caFile || endpoint.tls.insecureSkipVerify));
}
