/**
 * The bench's loopback gateway, run in its own process (`node stream-server.js`) so its CPU never counts
 * against the client being measured. It prints `PORT=<n>` once listening. Everything it does is chosen by
 * the first path segment, so every client (core, the CLI, the openai SDK, plain node:http) reaches it
 * through an ordinary base URL:
 *
 *   /<spec>/v1/chat/completions   an OpenAI-style SSE stream
 *   /<spec>/v1/models             a model list
 *
 * `<spec>` is dash-separated: `t<tokens>` text chunks, `w<events>` events per socket write, `r<seed>`
 * random write sizes instead (seeded, so every client sees the same split points), `crlf` CRLF line
 * endings, `lat<ms>` a delay before the response headers, `m<models>` models listed.
 */
import * as http from 'node:http';
import { parseSpec, prng, tokenText, type StreamSpec } from './stream-spec';

const HEAD = '{"id":"chatcmpl-bench0123456789","object":"chat.completion.chunk","created":1764460800,"model":"bench-model","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":{';
const TAIL = '},"logprobs":null,"finish_reason":null}]}';

function events(spec: StreamSpec, nl: string): { next(): string | undefined } {
  const sep = nl + nl;
  let i = -1;
  const last = spec.tokens;
  return {
    next() {
      i++;
      if (i === 0) return `data: ${HEAD}"role":"assistant","content":""${TAIL}${sep}`;
      if (i <= last) return `data: ${HEAD}"content":${JSON.stringify(tokenText(i - 1))}${TAIL}${sep}`;
      if (i === last + 1) {
        return `data: {"id":"chatcmpl-bench0123456789","object":"chat.completion.chunk","created":1764460800,"model":"bench-model","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}${sep}`
          + `data: {"id":"chatcmpl-bench0123456789","object":"chat.completion.chunk","created":1764460800,"model":"bench-model","choices":[],"usage":{"prompt_tokens":8,"completion_tokens":${spec.tokens},"total_tokens":${spec.tokens + 8}}}${sep}`
          + `data: [DONE]${sep}`;
      }
      return undefined;
    },
  };
}

async function writeStream(res: http.ServerResponse, spec: StreamSpec): Promise<void> {
  const nl = spec.crlf ? '\r\n' : '\n';
  const src = events(spec, nl);
  const write = async (s: string) => {
    if (res.write(s)) return;
    await new Promise<void>((resolve) => {
      const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  if (!spec.randomSeed) {
    for (;;) {
      let out = '';
      let e: string | undefined;
      for (let k = 0; k < spec.eventsPerWrite && (e = src.next()) !== undefined; k++) out += e;
      if (out) await write(out);
      if (e === undefined || res.destroyed) break;
    }
  } else {
    // Random cuts: mostly a few KB, sometimes a handful of bytes, so lines and events split anywhere.
    const rnd = prng(spec.randomSeed);
    const cut = () => (rnd() < 0.2 ? 1 + Math.floor(rnd() * 64) : 1 + Math.floor(rnd() * 16384));
    let pending = '';
    let want = cut();
    for (let e = src.next(); e !== undefined && !res.destroyed; e = src.next()) {
      pending += e;
      while (pending.length >= want) {
        await write(pending.slice(0, want));
        pending = pending.slice(want);
        want = cut();
      }
    }
    if (pending) await write(pending);
  }
  res.end();
}

function models(n: number): string {
  const data = Array.from({ length: n }, (_, i) => ({ id: `org-${i % 7}/bench-model-${i}`, object: 'model', created: 1764460800, owned_by: 'bench' }));
  return JSON.stringify({ object: 'list', data });
}

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const m = /^\/([^/]+)\/v1\/(chat\/completions|models)(?:\?.*)?$/.exec(req.url ?? '');
    if (!m) { res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}'); return; }
    const spec = parseSpec(m[1]);
    setTimeout(() => {
      if (m[2] === 'models') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(models(spec.models));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      writeStream(res, spec).catch((e: unknown) => { console.error(e); res.destroy(); });
    }, spec.latencyMs);
  });
}

if (require.main === module) {
  const server = http.createServer(handle);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`PORT=${typeof addr === 'object' && addr ? addr.port : 0}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}
