/**
 * The four ways the pipeline part reads one stream, each counting text tokens and noting when the first
 * arrived: core's path (chatBatches over a real socket), the parse floor (node:http + line split +
 * JSON.parse), fetch + eventsource-parser + JSON.parse, and the official openai SDK.
 */
import * as http from 'node:http';
import { createParser } from 'eventsource-parser';
import { OpenAI } from 'openai';
import { parseEndpoints } from '../../src/core/endpoint/config';
import type { EndpointClientApi } from '../../src/core/endpoint-client';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import type { CredentialSource } from '../../src/core/credentials';

export interface ReadResult { tokens: number; firstTokenAt: number }
export type Reader = (baseUrl: string) => Promise<ReadResult>;

export const BENCH_KEY = 'bench-key-not-a-secret';
export const BENCH_MODEL = 'bench-model';
const PROMPT = 'Say something long.';

const requestBody = JSON.stringify({ model: BENCH_MODEL, stream: true, messages: [{ role: 'user', content: PROMPT }] });

/** The floor: nothing but node:http, splitting lines and JSON.parse of each data line. */
export const parseFloor: Reader = (baseUrl) => new Promise((resolve, reject) => {
  let tokens = 0;
  let firstTokenAt = 0;
  const req = http.request(`${baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' } }, (res) => {
    res.setEncoding('utf8');
    let rest = '';
    res.on('data', (chunk: string) => {
      const text = rest + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (text.startsWith('data: ', start) && !text.startsWith('data: [DONE]', start)) {
          const chunkObj = JSON.parse(text.slice(start + 6, end)) as { choices: { delta?: { content?: string } }[] };
          if (chunkObj.choices[0]?.delta?.content) { if (!tokens) firstTokenAt = performance.now(); tokens++; }
        }
        start = nl + 1;
      }
      rest = text.slice(start);
    });
    res.on('end', () => resolve({ tokens, firstTokenAt }));
    res.on('error', reject);
  });
  req.on('error', reject);
  req.end(requestBody);
});

/** fetch + eventsource-parser + JSON.parse. */
export const fetchEventsource: Reader = async (baseUrl) => {
  let tokens = 0;
  let firstTokenAt = 0;
  const res = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' }, body: requestBody });
  const parser = createParser({
    onEvent: (e) => {
      if (e.data === '[DONE]') return;
      const chunkObj = JSON.parse(e.data) as { choices: { delta?: { content?: string } }[] };
      if (chunkObj.choices[0]?.delta?.content) { if (!tokens) firstTokenAt = performance.now(); tokens++; }
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return { tokens, firstTokenAt };
};

/** The official openai SDK's stream (one client per base URL, as an application would keep it). */
const sdkClients = new Map<string, OpenAI>();
export const openaiSdk: Reader = async (baseUrl) => {
  let client = sdkClients.get(baseUrl);
  if (!client) sdkClients.set(baseUrl, client = new OpenAI({ baseURL: baseUrl, apiKey: BENCH_KEY, maxRetries: 0 }));
  let tokens = 0;
  let firstTokenAt = 0;
  const stream = await client.chat.completions.create({ model: BENCH_MODEL, stream: true, messages: [{ role: 'user', content: PROMPT }] });
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta?.content) { if (!tokens) firstTokenAt = performance.now(); tokens++; }
  }
  return { tokens, firstTokenAt };
};

export const envCredentials = (key: string): CredentialSource => ({
  get: async (_id, name) => (name === 'apiKey' ? key : undefined),
  describe: (id) => `MAAS_API_KEY_${id.toUpperCase()}`,
});

/** A core client for one OpenAI-compatible bench endpoint (bearer key), as the CLI builds it. */
export function coreClient(baseUrl: string, id = 'bench'): EndpointClientApi {
  const parsed = parseEndpoints([{ id, platform: 'openai', baseUrl }]);
  const ep = parsed.endpoints[0];
  if (!ep) throw new Error(`bench endpoint rejected: ${JSON.stringify(parsed.problems)}`);
  return createEndpointClient(ep, { credentials: envCredentials(BENCH_KEY) });
}

/** Core's path: socket → normalised event batches. */
const coreClients = new Map<string, EndpointClientApi>();
export const corePath: Reader = async (baseUrl) => {
  let client = coreClients.get(baseUrl);
  if (!client) coreClients.set(baseUrl, client = coreClient(baseUrl));
  let tokens = 0;
  let firstTokenAt = 0;
  for await (const batch of client.chatBatches({ model: BENCH_MODEL, messages: [{ role: 'user', content: PROMPT }] })) {
    for (const e of batch) {
      if (e.type === 'text') { if (!tokens) firstTokenAt = performance.now(); tokens++; }
      else if (e.type === 'error') throw new Error(`core stream failed: ${e.kind}: ${e.message}`);
    }
  }
  return { tokens, firstTokenAt };
};

export function disposeClients(): void {
  for (const c of coreClients.values()) c.dispose();
  coreClients.clear();
  sdkClients.clear();
}
