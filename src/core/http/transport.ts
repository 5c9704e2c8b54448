/**
 * Which fetch carries an endpoint's requests (docs/architecture.md, "TLS and proxies"): the host's fetch when the
 * extension passes one and the endpoint has no `tls` settings; otherwise undici's fetch with an agent of
 * this endpoint's own (CA file added to the system roots, optional skip-verify), honouring
 * HTTPS_PROXY/NO_PROXY. Never NODE_TLS_REJECT_UNAUTHORIZED.
 */
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { Agent, EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import type { Endpoint } from '../endpoint/schema';
import type { FetchLike } from '../endpoint-client';
import { configError } from '../errors';

export interface Transport {
  fetch: FetchLike;
  close(): void;
}

function hasProxyEnv(): boolean {
  const e = process.env;
  return Boolean(e.HTTPS_PROXY || e.https_proxy || e.HTTP_PROXY || e.http_proxy);
}

function undiciTransport(connect?: tls.ConnectionOptions): Transport {
  const dispatcher: Dispatcher = hasProxyEnv()
    ? new EnvHttpProxyAgent(connect ? { connect, requestTls: connect } : {})
    : new Agent(connect ? { connect } : {});
  const f = ((input: string, init: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher })) as FetchLike;
  return { fetch: f, close: () => { void dispatcher.close().catch(() => undefined); } };
}

let shared: Transport | undefined;
/** The process-wide default transport (CLI, and token URLs on another origin). */
export function defaultTransport(): Transport {
  if (!shared) shared = undiciTransport();
  return shared;
}

export function transportFor(endpoint: Endpoint, hostFetch?: FetchLike): Transport {
  if (!endpoint.tls || (!endpoint.tls.caFile && !endpoint.tls.insecureSkipVerify)) {
    // Shared: closing one endpoint must not close the process-wide pool.
    return { fetch: hostFetch ?? defaultTransport().fetch, close() {} };
  }
  const connect: tls.ConnectionOptions = {};
  if (endpoint.tls.caFile) {
    let pem: string;
    try { pem = fs.readFileSync(endpoint.tls.caFile, 'utf8'); } catch (e) {
      throw configError(`endpoint "${endpoint.id}": tls.caFile ${JSON.stringify(endpoint.tls.caFile)} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of a PEM file`);
    }
    connect.ca = [...tls.rootCertificates, pem];
  }
  if (endpoint.tls.insecureSkipVerify) connect.rejectUnauthorized = false;
  return undiciTransport(connect);
}
