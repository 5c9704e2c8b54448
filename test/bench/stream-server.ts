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

export interface StreamSpec {
  tokens: number;
  eventsPerWrite: number;
  /** 0: write `eventsPerWrite` whole events at a time; otherwise random write sizes from this seed. */
  randomSeed: number;
  crlf: boolean;
  latencyMs: number;
  models: number;
}

export function specPath(s: Partial<StreamSpec>): string {
  const parts = [`t${s.tokens ?? 0}`, `w${s.eventsPerWrite ?? 1}`];
  if (s.randomSeed) parts.push(`r${s.randomSeed}`);
  if (s.crlf) parts.push('crlf');
  if (s.latencyMs) parts.push(`lat${s.latencyMs}`);
  if (s.models) parts.push(`m${s.models}`);
  return parts.join('-');
}

export function parseSpec(segment: string): StreamSpec {
  const spec: StreamSpec = { tokens: 0, eventsPerWrite: 1, randomSeed: 0, crlf: false, latencyMs: 0, models: 0 };
  for (const part of segment.split('-')) {
    const m = /^(t|w|r|lat|m)(\d+)$/.exec(part);
    if (part === 'crlf') spec.crlf = true;
    else if (m) {
      const n = Number(m[2]);
      if (m[1] === 't') spec.tokens = n;
      else if (m[1] === 'w') spec.eventsPerWrite = Math.max(1, n);
      else if (m[1] === 'r') spec.randomSeed = n;
      else if (m[1] === 'lat') spec.latencyMs = n;
      else spec.models = n;
    }
  }
  return spec;
}

/** The text of token i (what every client must print, in order). */
export function tokenText(i: number): string {
  return ` tok${i}`;
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
