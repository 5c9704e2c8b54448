/**
 * The transport over a fetch function: the extension's endpoints without `tls` settings use the host's
 * fetch, which VS Code patches for its proxy settings and system certificates. fetch itself sends its
 * default headers and undoes gzip/br/deflate.
 */
import { isStreamBody, readableOf } from './stream-body';
import { MaasError } from '../errors';
import { redactUrl } from './redact';
import type { FetchLike, Transport, TransportRequest, TransportResponse } from './types';

async function* readerChunks(reader: ReadableStreamDefaultReader<Uint8Array> | undefined): AsyncGenerator<Uint8Array> {
  if (!reader) return;
  for (;;) {
    const r = await reader.read();
    if (r.done) return;
    yield r.value;
  }
}

/** undici's fetch rejects a redirect under `redirect: 'error'` with a cause naming it. */
function isRedirectRefusal(e: unknown): boolean {
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error && /redirect/i.test(cause.message);
}

export function fetchTransport(fetchImpl: FetchLike): Transport {
  return {
    async send(req: TransportRequest): Promise<TransportResponse> {
      // A stream body goes out as a web stream pulled one chunk at a time (fetch needs `duplex: 'half'` for
      // it). With `redirect: 'manual'` fetch clones the request to be able to resend it, and the clone tees
      // the body: every chunk sent would stay in memory. Uploads therefore go with `redirect: 'error'`
      // (no clone), and a redirect answer to one is reported instead of followed.
      const b = req.body;
      const upload = isStreamBody(b);
      const body = upload ? { body: readableOf(b), duplex: 'half', redirect: 'error' } : { body: b as RequestInit['body'], redirect: 'manual' };
      let res: Response;
      try {
        res = await fetchImpl(req.url, { method: req.method, headers: req.headers, ...body, signal: req.signal } as RequestInit);
      } catch (e) {
        if (upload && !req.signal.aborted && isRedirectRefusal(e)) {
          throw new MaasError({ kind: 'protocol', message: `${redactUrl(req.url)} answered the upload with a redirect; uploads are not redirected: give the URL it redirects to as the endpoint's baseUrl` });
        }
        throw e;
      }
      const reader = res.body?.getReader();
      let cancelled = false;
      return {
        status: res.status,
        headers: res.headers,
        url: res.url || req.url,
        body: readerChunks(reader),
        cancel() {
          if (cancelled) return;
          cancelled = true;
          reader?.cancel().catch(() => undefined);
        },
      };
    },
    close() {},
  };
}
