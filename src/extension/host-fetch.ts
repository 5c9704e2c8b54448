/** How the extension's requests leave the machine: the host's fetch, and VS Code's proxy settings for endpoints with `tls` settings. */
import type { FetchLike, ProxySettings } from '../core/http/types';
import type { Endpoint } from '../core/endpoint/schema';
import { hasTlsSettings } from '../core/endpoint/tls-settings';
import { readProxySettings } from './config/proxy-settings';

/** The host's fetch, looked up per call: VS Code patches the global for its proxy settings and system certificates. */
export const hostFetch: FetchLike = (input, init) => fetch(input, init);

/**
 * Core's network dependencies for one endpoint, for every client the extension makes (the Endpoints
 * view's, and Add/Edit's connection check): the host's fetch for an endpoint without `tls` settings;
 * for one with them, core's own agent through the proxy VS Code's settings name (read now).
 */
export function networkFor(endpoint: Endpoint): { fetch: FetchLike; proxy?: ProxySettings } {
  return hasTlsSettings(endpoint) ? { fetch: hostFetch, proxy: readProxySettings() } : { fetch: hostFetch };
}
