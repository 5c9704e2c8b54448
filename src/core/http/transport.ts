/**
 * Which transport carries an endpoint's requests (docs/architecture.md, "TLS and proxies"): the host's
 * fetch when the extension passes one and the endpoint has no `tls` settings; otherwise undici's
 * dispatcher with an agent of this endpoint's own (CA file added to the system roots, optional
 * skip-verify), honouring HTTPS_PROXY/NO_PROXY. Never NODE_TLS_REJECT_UNAUTHORIZED.
 */
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import type { Endpoint } from '../endpoint/schema';
import { configError } from '../errors';
import { dispatcherTransport } from './dispatcher-transport';
import { fetchTransport } from './fetch-transport';
import type { FetchLike, Transport } from './types';

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

function hasTlsSettings(endpoint: Endpoint): boolean {
  return Boolean(endpoint.tls && (endpoint.tls.caFile || endpoint.tls.insecureSkipVerify));
}

export function transportFor(endpoint: Endpoint, hostFetch?: FetchLike): Transport {
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
  return dispatcherTransport(connect);
}
