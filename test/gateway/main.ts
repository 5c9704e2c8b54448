/**
 * `npm run gateway`: starts the reference gateway and prints what a person pastes into settings and
 * what a script parses (`MAAS_GATEWAY_URL=…`, `MAAS_GATEWAY_FOREIGN_URL=…`, one per line).
 *   node out/test/gateway/main.js [--port N] [--foreign-port N] [--chunk-delay-ms N] [--tls]
 * With --tls both origins serve HTTPS under a private CA made now (removed on exit); the printed entries
 * carry `tls.caFile`.
 */
import { startGateway } from './server';
import { makeTestCa, type TestCa } from '../helpers/test-ca';

function intArg(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0 || v > 65535) {
    process.stderr.write(`gateway: ${name} needs a whole number, got ${JSON.stringify(args[i + 1] ?? '')}\n`);
    process.exit(2);
  }
  return v;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const known = ['--port', '--foreign-port', '--chunk-delay-ms'];
  const flags = ['--tls'];
  const unknown = args.filter((a, i) => a.startsWith('--') && !known.includes(a) && !flags.includes(a) && !known.includes(args[i - 1] ?? ''));
  if (unknown.length > 0) {
    process.stderr.write(`gateway: unknown option ${unknown[0]}\nusage: node out/test/gateway/main.js [--port N] [--foreign-port N] [--chunk-delay-ms N] [--tls]\n`);
    process.exit(2);
  }
  const ca: TestCa | undefined = args.includes('--tls') ? makeTestCa() : undefined;
  const gw = await startGateway({
    port: intArg(args, '--port'), foreignPort: intArg(args, '--foreign-port'), chunkDelayMs: intArg(args, '--chunk-delay-ms'),
    ...(ca ? { tls: { cert: ca.cert, key: ca.key } } : {}),
  });
  const entries = ca ? gw.endpoints().map((e) => ({ ...e, tls: { caFile: ca.caFile } })) : gw.endpoints();
  const out: string[] = [
    'MaaS Connect reference gateway',
    `  main origin:     ${gw.url}   (control API: ${gw.url}/__control/config)`,
    `  foreign origin:  ${gw.foreignUrl}   (token endpoint, cross-origin model URL, redirect target)`,
    '',
    'Paste into your user settings.json:',
    `"maas.endpoints": ${JSON.stringify(entries, null, 2)}`,
    '',
    'Credentials (environment for the maas CLI; in VS Code store them with the "set credential" commands):',
    ...Object.entries(gw.env()).map(([k, v]) => `${k}=${v}`),
    '',
    `MAAS_GATEWAY_URL=${gw.url}`,
    `MAAS_GATEWAY_FOREIGN_URL=${gw.foreignUrl}`,
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${out.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`gateway: ${signal}, closing\n`);
    gw.close().then(() => { ca?.remove(); process.exitCode = 0; }, (e: unknown) => {
      process.stderr.write(`gateway: close failed: ${String(e)}\n`);
      process.exitCode = 1;
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`gateway: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
