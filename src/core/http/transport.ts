/**
 * Which transport carries an endpoint's requests (docs/architecture.md, "TLS and proxies"): the host's
 * fetch when the extension passes one and the endpoint has no `tls` settings; otherwise undici's
 * dispatcher with an agent of this endpoint's own (CA file added to Node's roots and NODE_EXTRA_CA_CERTS,
 * optional skip-verify), through the proxy the extension read from VS Code's settings, else
 * HTTPS_PROXY/NO_PROXY. Never NODE_TLS_REJECT_UNAUTHORIZED.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import type { Endpoint } from '../endpoint/schema';
import { configError } from '../errors';
import { hasTlsSettings } from '../endpoint/tls-settings';
import { shownString } from '../endpoint/shown-value';
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

/** PEM certificate blocks in a text. */
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The certificates of a PEM text that really parse as X.509 (a garbled block is left out). */
export function pemCertificates(text: string): string[] {
  const out: string[] = [];
  for (const block of text.match(PEM_BLOCK) ?? []) {
    try { new crypto.X509Certificate(block); out.push(`${block}\n`); } catch { /* not a certificate */ }
  }
  return out;
}

/**
 * The certificates of NODE_EXTRA_CA_CERTS. Node adds them to its default roots at startup, but not to
 * `tls.rootCertificates`, and an agent's `ca` option replaces the defaults: read from the file, as Node
 * does. A file Node could not read is left out, as Node leaves it out (with its own warning).
 */
export function extraCaCertificates(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try { return pemCertificates(fs.readFileSync(file, 'utf8')); } catch { return []; }
}

/**
 * The roots an endpoint with `tls.caFile` trusts: Node's bundled roots, NODE_EXTRA_CA_CERTS's certificates
 * and the caFile's. A caFile that cannot be read or holds no certificate is a `config` error naming it.
 */
export function caRoots(endpointId: string, caFile: string, env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const file = shownString(caFile);
  let pem: string;
  try { pem = fs.readFileSync(caFile, 'utf8'); } catch (e) {
    throw configError(`endpoint "${endpointId}": tls.caFile ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of a PEM file`);
  }
  const mine = pemCertificates(pem);
  if (!mine.length) {
    throw configError(`endpoint "${endpointId}": tls.caFile ${file} holds no PEM certificate (no valid "-----BEGIN CERTIFICATE-----" block); give the path of a PEM file`);
  }
  return [...tls.rootCertificates, ...extraCaCertificates(env), ...mine];
}

/**
 * The endpoint's transport. With `tls` settings the CA file is read now, so a caFile that cannot be used
 * is a `config` error when the client is made: each face makes every endpoint's client inside that
 * endpoint's own guard (the extension's endpoint rows, `maas models`), so it never hides another endpoint.
 */
/** `proxy`: VS Code's proxy settings, for endpoints with `tls` settings (the extension); absent: the environment's. */
export function transportFor(endpoint: Endpoint, hostFetch?: FetchLike, proxy?: ProxySettings): Transport {
  if (!hasTlsSettings(endpoint)) {
    const t = plainTransport(hostFetch);
    // Shared: closing one endpoint must not close the process-wide pool.
    return { send: (req) => t.send(req), close() {} };
  }
  const connect: tls.ConnectionOptions = {};
  const settings = endpoint.tls!;
  if (settings.caFile) connect.ca = caRoots(endpoint.id, settings.caFile);
  if (settings.insecureSkipVerify) connect.rejectUnauthorized = false;
  return dispatcherTransport(connect, proxy);
}
