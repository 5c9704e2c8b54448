/**
 * Run as a fresh process by the first-request part: the first request's time to first token (cold: the
 * HTTP stack and everything loaded on first use) and then a second and third one's (warm), in one process.
 * For core it also splits the cold request into phases: start → the transport's first use (client, request
 * and credentials set up), loading dist/undici.js, undici's first connection
 * (its HTTP/1 parser is compiled then), the wait for the response headers, and headers → first token.
 * Usage: node first-request-child.js core|sdk BASE_URL. Prints one JSON line.
 */
import * as diagnostics from 'node:diagnostics_channel';
import * as nodeModule from 'node:module';
import { corePath, openaiSdk } from './clients';

/** Times of the first request's milestones (performance.now()), the first occurrence of each. */
const at: Record<string, number> = {};
let undiciLoadMs = 0;

function watchPhases(): void {
  const mark = (name: string) => () => { at[name] ??= performance.now(); };
  for (const c of ['client:beforeConnect', 'client:connected', 'client:sendHeaders', 'request:headers']) diagnostics.subscribe(`undici:${c}`, mark(c));
  // The shipped bundles require dist/undici.js on the first request; time that require.
  const proto = (nodeModule.Module as unknown as { prototype: { require: (this: unknown, id: string) => unknown } }).prototype;
  const original = proto.require;
  proto.require = function (this: unknown, id: string) {
    if (!/undici\.js$/.test(id)) return original.call(this, id);
    const t = performance.now();
    at['undici:require'] ??= t;
    try { return original.call(this, id); } finally { undiciLoadMs += performance.now() - t; }
  };
}

async function main(): Promise<void> {
  const [mode, baseUrl] = process.argv.slice(2);
  const read = mode === 'sdk' ? openaiSdk : corePath;
  if (mode !== 'sdk') watchPhases();
  const ttft: number[] = [];
  let phases: Record<string, number> | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = await read(baseUrl);
    if (!r.tokens) throw new Error('no tokens');
    ttft.push(r.firstTokenAt - t0);
    if (i === 0 && mode !== 'sdk' && at['request:headers']) {
      phases = {
        beforeUndici: at['undici:require'] - t0,
        undiciLoad: undiciLoadMs,
        connect: at['client:connected'] - at['client:beforeConnect'],
        headersWait: at['request:headers'] - at['client:sendHeaders'],
        headersToFirstToken: r.firstTokenAt - at['request:headers'],
      };
    }
  }
  process.stdout.write(`${JSON.stringify({ cold: ttft[0], warm: Math.min(ttft[1], ttft[2]), phases })}\n`);
  process.exit(0);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
