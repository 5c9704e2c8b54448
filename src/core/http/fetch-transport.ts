/**
 * The transport over a fetch function: the extension's endpoints without `tls` settings use the host's
 * fetch, which VS Code patches for its proxy settings and system certificates. fetch itself sends its
 * default headers and undoes gzip/br/deflate.
 */
import { isStreamBody, readableOf } from './stream-body';
import type { FetchLike, Transport, TransportRequest, TransportResponse } from './types';

async function* readerChunks(reader: ReadableStreamDefaultReader<Uint8Array> | undefined): AsyncGenerator<Uint8Array> {
  if (!reader) return;
  for (;;) {
    const r = await reader.read();
    if (r.done) return;
    yield r.value;
  }
}

export function fetchTransport(fetchImpl: FetchLike): Transport {
  return {
    async send(req: TransportRequest): Promise<TransportResponse> {
      // A stream body goes out as a web stream pulled one chunk at a time (fetch needs `duplex: 'half'` for it).
      const b = req.body;
      const body = isStreamBody(b) ? { body: readableOf(b), duplex: 'half' } : { body: b as RequestInit['body'] };
      const res = await fetchImpl(req.url, {
        method: req.method, headers: req.headers, ...body, signal: req.signal, redirect: 'manual',
      } as RequestInit);
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
