/**
 * Run as a fresh process by the first-request part: the first request's time to first token (cold: the
 * HTTP stack and everything loaded on first use) and then a second and third one's (warm), in one process.
 * Usage: node first-request-child.js core|sdk BASE_URL. Prints one JSON line.
 */
import { corePath, openaiSdk } from './clients';

async function main(): Promise<void> {
  const [mode, baseUrl] = process.argv.slice(2);
  const read = mode === 'sdk' ? openaiSdk : corePath;
  const ttft: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = await read(baseUrl);
    if (!r.tokens) throw new Error('no tokens');
    ttft.push(r.firstTokenAt - t0);
  }
  process.stdout.write(`${JSON.stringify({ cold: ttft[0], warm: Math.min(ttft[1], ttft[2]) })}\n`);
  process.exit(0);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
