/**
 * The transport where core owns the connection pool (the CLI; the extension's endpoints with `tls`
 * settings): undici's `dispatcher.request`, which reads a body at less than half fetch's cost. It keeps
 * what fetch gave for free: `accept` and `accept-encoding` sent as fetch sends them, gzip/br/deflate
 * undone, HTTPS_PROXY/HTTP_PROXY/NO_PROXY honoured. Redirects are returned, never followed.
 */
import type * as tls from 'node:tls';
import { pipeline, type Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { undici } from './undici';
import { acceptEncodingFor, codingsToUndo, decodersFor, DecodeError } from './decompress';
import type { HeadersLike, Transport, TransportRequest, TransportResponse } from './types';

const ignore = (): void => undefined;

function hasProxyEnv(): boolean {
  const e = process.env;
  return Boolean(e.HTTPS_PROXY || e.https_proxy || e.HTTP_PROXY || e.http_proxy);
}

/** undici's response headers (lower-case names; repeated ones as arrays) read like fetch's Headers. */
function headersOf(raw: Record<string, string | string[] | undefined>): HeadersLike {
  return {
    get(name: string): string | null {
      const v = raw[name.toLowerCase()];
      if (v === undefined) return null;
      return Array.isArray(v) ? v.join(', ') : v;
    },
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

export function dispatcherTransport(connect?: tls.ConnectionOptions): Transport {
  let dispatcher: Dispatcher | undefined;
  const pool = (): Dispatcher => {
    if (!dispatcher) {
      const u = undici();
      dispatcher = hasProxyEnv()
        ? u.envHttpProxyAgent(connect ? { connect, requestTls: connect } : {})
        : new u.Agent(connect ? { connect } : {});
    }
    return dispatcher;
  };
  return {
    async send(req: TransportRequest): Promise<TransportResponse> {
      const url = new URL(req.url);
      const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': acceptEncodingFor(req.url), ...req.headers };
      // Strings and bytes are checked first: merely reading the global `FormData` loads node's own copy of
      // undici (fetch, Response…), ~10 ms on a process's first request.
      const b = req.body;
      const body = b === undefined || typeof b === 'string' || b instanceof Uint8Array ? b : await encodeFormData(b, headers);
      const res = await undici().request(pool(), {
        origin: url.origin, path: url.pathname + url.search, method: req.method, headers, body: body ?? null, signal: req.signal,
        // Core times the wait for headers and the silences in the body itself (timeoutSeconds may exceed undici's 300 s).
        headersTimeout: 0, bodyTimeout: 0,
      });
      const resHeaders = headersOf(res.headers);
      const raw = res.body as unknown as Readable;
      let out: Readable = raw;
      let failure: { coding?: string; error: unknown } | undefined;
      const noBody = req.method === 'GET' && (res.statusCode === 204 || res.statusCode === 304);
      const codings = noBody ? [] : (() => {
        try { return codingsToUndo(resHeaders.get('content-encoding')); } catch (e) { raw.destroy(); throw e; }
      })();
      if (codings.length) {
        const decoders = decodersFor(codings);
        // The stream that fails first is where the failure is: the connection (network), or a decoder (a body
        // that is not what its content-encoding says). The pipeline then fails every other stream with it.
        raw.on('error', (error) => { failure ??= { error }; });
        decoders.forEach((d, i) => (d as unknown as Readable).on('error', (error) => { failure ??= { coding: codings[i], error }; }));
        out = pipeline([raw, ...decoders] as unknown as [Readable, ...NodeJS.ReadWriteStream[]], () => undefined) as unknown as Readable;
      }
      let cancelled = false;
      return {
        status: res.statusCode,
        headers: resHeaders,
        url: req.url,
        body: chunksOf(out, () => failure),
        cancel() {
          if (cancelled) return;
          cancelled = true;
          // undici's body reports a destroy without a reason as an 'error' (RequestAbortedError): expected here.
          if (out !== raw) out.on('error', ignore).destroy();
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
