/**
 * The transport where core owns the connection pool (the CLI; the extension's endpoints with `tls`
 * settings): undici's dispatcher, driven by a handler of core's own (dispatch-body.ts) that hands each
 * network read to the reader without undici's body stream (draining a body then costs about what node:http
 * costs: `npm run bench -- pipeline`). It keeps
 * what fetch gave for free: `accept` and `accept-encoding` sent as fetch sends them, gzip/br/deflate
 * undone, HTTPS_PROXY/HTTP_PROXY/NO_PROXY honoured (in the extension: VS Code's proxy settings, passed in as
 * ProxySettings, before them). Redirects are returned, never followed.
 */
import type * as tls from 'node:tls';
import { pipeline, Readable } from 'node:stream';
import type { Dispatcher, EnvHttpProxyAgent } from 'undici';
import { undici } from './undici';
import { configError } from '../errors';
import { acceptEncodingFor, codingsToUndo, decodersFor, DecodeError } from './decompress';
import { BodyHandler, rawHeadersOf } from './dispatch-body';
import { isStreamBody } from './stream-body';
import type { ProxySettings, Transport, TransportRequest, TransportResponse } from './types';

const ignore = (): void => undefined;

function hasProxyEnv(): boolean {
  const e = process.env;
  return Boolean(e.HTTPS_PROXY || e.https_proxy || e.HTTP_PROXY || e.http_proxy);
}

/**
 * The agent's options for a proxy: the settings' proxy and no-proxy list where given, else the
 * environment's (HTTPS_PROXY/HTTP_PROXY/NO_PROXY); undefined when there is no proxy at all.
 */
export function proxyOptions(proxy: ProxySettings | undefined, connect?: tls.ConnectionOptions): EnvHttpProxyAgent.Options | undefined {
  const url = proxy?.url?.trim();
  if (!url && !hasProxyEnv()) return undefined;
  const noProxy = proxy?.noProxy?.map((h) => h.trim()).filter(Boolean);
  return {
    ...(url ? { httpProxy: url, httpsProxy: url } : {}),
    ...(noProxy?.length ? { noProxy: noProxy.join(',') } : {}),
    ...(connect ? { connect, requestTls: connect } : {}),
    ...(proxy?.strictSSL === false ? { proxyTls: { rejectUnauthorized: false } } : {}),
    ...(proxy?.authorization ? { token: proxy.authorization } : {}),
  };
}

/** Multipart bodies are encoded by the platform's own Response (rare: uploads only). */
async function encodeFormData(form: FormData, headers: Record<string, string>): Promise<Uint8Array> {
  const encoded = new Response(form);
  const type = encoded.headers.get('content-type');
  if (type) headers['content-type'] = type;
  return new Uint8Array(await encoded.arrayBuffer());
}

async function* chunksOf(stream: Readable, firstFailure: () => { coding?: string; error: unknown } | undefined): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    const failed = firstFailure();
    if (failed?.coding) throw new DecodeError(failed.coding, failed.error);
    throw failed ? failed.error : e;
  }
}

/** A proxy URL undici can use (`http:` or `https:`, a host); else a `config` error that does not repeat it (it may hold a password). */
export function checkProxyUrl(url: string | undefined, setting = 'http.proxy'): void {
  if (!url?.trim()) return;
  let ok = false;
  try {
    const u = new URL(url.trim());
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch { /* not a URL */ }
  if (!ok) throw configError(`The proxy in ${setting} is not a proxy URL; write it as http://host:port (or http://user:password@host:port)`);
}

/** `proxy`: the proxy settings the extension passes (see ProxySettings); absent: the environment's. */
export function dispatcherTransport(connect?: tls.ConnectionOptions, proxy?: ProxySettings): Transport {
  checkProxyUrl(proxy?.url);
  let dispatcher: Dispatcher | undefined;
  const pool = (): Dispatcher => {
    if (!dispatcher) {
      const u = undici();
      const viaProxy = proxyOptions(proxy, connect);
      dispatcher = viaProxy ? u.envHttpProxyAgent(viaProxy) : new u.Agent(connect ? { connect } : {});
    }
    return dispatcher;
  };
  return {
    ...(proxy?.url?.trim() ? { proxyCredentialsIn: 'VS Code\'s http.proxy setting (http://user:password@host:port) or http.proxyAuthorization' } : {}),
    async send(req: TransportRequest): Promise<TransportResponse> {
      const url = new URL(req.url);
      const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': acceptEncodingFor(req.url), ...req.headers };
      // Strings and bytes are checked first: merely reading the global `FormData` loads node's own copy of
      // undici (fetch, Response…), ~10 ms on a process's first request.
      const b = req.body;
      // A stream body is handed to undici as a Readable over its chunks: undici pulls as the socket drains.
      const body = b === undefined || typeof b === 'string' || b instanceof Uint8Array ? b
        : isStreamBody(b) ? Readable.from(b.open(), { objectMode: false }) : await encodeFormData(b, headers);
      if (req.signal.aborted) throw req.signal.reason;
      const handler = new BodyHandler(req.signal);
      const d = pool();
      d.dispatch({
        origin: url.origin, path: url.pathname + url.search, method: req.method, headers, body: body ?? null,
        // Core times the wait for headers and the silences in the body itself (timeoutSeconds may exceed undici's 300 s).
        headersTimeout: 0, bodyTimeout: 0,
      }, handler);
      const head = await handler.headers;
      const resHeaders = rawHeadersOf(head.rawHeaders);
      const noBody = req.method === 'GET' && (head.status === 204 || head.status === 304);
      const codings = noBody ? [] : (() => {
        try { return codingsToUndo(resHeaders.get('content-encoding')); } catch (e) { handler.cancel(); throw e; }
      })();
      if (!codings.length) {
        return { status: head.status, headers: resHeaders, url: req.url, body: handler, cancel: () => handler.cancel() };
      }
      // A coded body (rare on streams) goes through node's decoders as a stream pipeline.
      const raw = Readable.from(handler, { objectMode: false });
      let failure: { coding?: string; error: unknown } | undefined;
      const decoders = decodersFor(codings);
      // The stream that fails first is where the failure is: the connection (network), or a decoder (a body
      // that is not what its content-encoding says). The pipeline then fails every other stream with it.
      raw.on('error', (error) => { failure ??= { error }; });
      decoders.forEach((d, i) => (d as unknown as Readable).on('error', (error) => { failure ??= { coding: codings[i], error }; }));
      const out = pipeline([raw, ...decoders] as unknown as [Readable, ...NodeJS.ReadWriteStream[]], () => undefined) as unknown as Readable;
      let cancelled = false;
      return {
        status: head.status,
        headers: resHeaders,
        url: req.url,
        body: chunksOf(out, () => failure),
        cancel() {
          if (cancelled) return;
          cancelled = true;
          handler.cancel();
          out.on('error', ignore).destroy();
          raw.on('error', ignore).destroy();
        },
      };
    },
    close() {
      const d = dispatcher;
      dispatcher = undefined;
      d?.close().catch(() => undefined);
    },
  };
}
