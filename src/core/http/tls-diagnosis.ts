/**
 * After a certificate failure that the error alone does not explain (an expired certificate: Node's
 * error has no date), the server's certificate is read with one more TLS handshake that does not verify
 * it and sends nothing: no request, no credential. Skipped behind a proxy (a direct connection there is
 * not the path requests take) and bounded by a short deadline; undefined when it cannot be read.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { certificateNames, type PeerCertificate } from './failure';

const DEADLINE_MS = 3000;

function isoDate(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

function proxied(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy);
}

export function peerCertificate(url: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<PeerCertificate | undefined> {
  let u: URL;
  try { u = new URL(url); } catch { return Promise.resolve(undefined); }
  if (u.protocol !== 'https:' || proxied(env)) return Promise.resolve(undefined);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = tls.connect({
      host, port: Number(u.port || 443), rejectUnauthorized: false,
      ...(net.isIP(host) ? {} : { servername: host }),
    });
    const done = (v: PeerCertificate | undefined) => { clearTimeout(timer); socket.destroy(); resolve(v); };
    const timer = setTimeout(() => done(undefined), DEADLINE_MS);
    timer.unref();
    socket.once('secureConnect', () => {
      const c = socket.getPeerCertificate();
      if (!c || !Object.keys(c).length) { done(undefined); return; }
      const validFrom = isoDate(c.valid_from);
      const validTo = isoDate(c.valid_to);
      done({ names: certificateNames(c.subjectaltname, c.subject?.CN), ...(validFrom ? { validFrom } : {}), ...(validTo ? { validTo } : {}) });
    });
    socket.once('error', () => done(undefined));
  });
}
