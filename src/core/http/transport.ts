/**
 * Which transport carries an endpoint's requests (docs/architecture.md, "TLS and proxies"): the host's
 * fetch when the extension passes one and the endpoint has no `tls` settings; otherwise undici's
 * dispatcher with an agent of this endpoint's own (CA file added to the system roots, optional
 * skip-verify), through the proxy the extension read from VS Code's settings, else HTTPS_PROXY/NO_PROXY. Never NODE_TLS_REJECT_UNAUTHORIZED.
 */
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import type { Endpoint } from '../endpoint/schema';
import { configError } from '../errors';
import { hasTlsSettings } from '../endpoint/tls-settings';
import { dispatcherTransport } from './dispatcher-transport';
import { fetchTransport } from './fetch-transport';
import type { FetchLike, ProxySettings, Transport } from './types';

let shared: Transport | undefined;
/** The process-wide default transport (the CLI, and token URLs on another origin). Its pool is opened on first use. */
export function defaultTransport(): Transport {
  shared ??= dispatcherTransport();
  return shared;
}

/** The transport for requests that do not need the endpoint's TLS settings (a token URL on another origin). */
export function plainTransport(hostFetch?: FetchLike): Transport {
  return hostFetch ? fetchTransport(hostFetch) : defaultTransport();
}

/** `proxy`: VS Code's proxy settings, for endpoints with `tls` settings (the extension); absent: the environment's. */
export function transportFor(endpoint: Endpoint, hostFetch?: FetchLike, proxy?: ProxySettings): Transport {
  if (!hasTlsSettings(endpoint)) {
    const t = plainTransport(hostFetch);
    // Shared: closing one endpoint must not close the process-wide pool.
    return { send: (req) => t.send(req), close() {} };
  }
  const connect: tls.ConnectionOptions = {};
  const settings = endpoint.tls!;
  if (settings.caFile) {
    let pem: string;
    try { pem = fs.readFileSync(settings.caFile, 'utf8'); } catch (e) {
      throw configError(`endpoint "${endpoint.id}": tls.caFile ${JSON.stringify(settings.caFile)} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of a PEM file`);
    }
    connect.ca = [...tls.rootCertificates, pem];
  }
  if (settings.insecureSkipVerify) connect.rejectUnauthorized = false;
  return dispatcherTransport(connect, proxy);
}
