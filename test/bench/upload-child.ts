/**
 * The upload bench's in-process client: one transcription through core with the fetch transport (the
 * extension's path for endpoints without TLS settings). `node upload-child.js BASE_URL FILE`.
 */
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { parseEndpoints } from '../../src/core/endpoint/config';

async function main(): Promise<void> {
  const [baseUrl, file] = process.argv.slice(2);
  const { endpoints } = parseEndpoints([{ id: 'up', platform: 'openai', baseUrl, auth: { type: 'none' } }]);
  const client = createEndpointClient(endpoints[0], {
    credentials: { get: async () => undefined, describe: () => 'none' },
    fetch: (input, init) => fetch(input, init),
  });
  const r = await client.runTask('transcription', { model: 'whisper', file });
  process.stdout.write(`${r.text}\n`);
  client.dispose();
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
