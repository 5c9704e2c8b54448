/** Test helpers: a running reference gateway and core clients for its endpoints, with credentials from its env map. */
import { startGateway, type Gateway } from '../../gateway/server';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import { createEndpointClient } from '../../../src/core/endpoint-client-factory';
import type { CoreDeps, EndpointClientApi } from '../../../src/core/endpoint-client';
import { envSuffix, type CredentialSource, type SecretName } from '../../../src/core/credentials';
import type { Endpoint } from '../../../src/core/endpoint/schema';
import type { StreamEvent } from '../../../src/core/stream/events';

/** Reads credentials from a map shaped like the CLI's environment (MAAS_API_KEY_<E>, …). */
export function mapCredentials(env: Record<string, string>): CredentialSource {
  return {
    async get(endpointId: string, name: SecretName) {
      const e = envSuffix(endpointId);
      if (name === 'apiKey') return env[`MAAS_API_KEY_${e}`];
      if (name === 'clientId') return env[`MAAS_CLIENT_ID_${e}`];
      if (name === 'clientSecret') return env[`MAAS_CLIENT_SECRET_${e}`];
      const model = name.slice('model:'.length, -':token'.length);
      return env[`MAAS_TOKEN_${e}_${envSuffix(model)}`];
    },
    describe: (endpointId, name) => `set ${name} for ${endpointId}`,
  };
}

/** A chat model of each reference-gateway endpoint. */
export const CHAT_MODELS: Record<string, string> = {
  'local-vllm': 'meta-llama/Llama-3.1-8B-Instruct',
  'rafay-serverless': 'mistralai/Mistral-7B-Instruct-v0.2',
  'openshift-maas': 'publishers/llm/models/facebook/opt-125m',
  'lab-gpustack': 'qwen2.5-7b-instruct',
  'oicm-prod': '6b1f2c9e-chat',
  'intel-tiber': 'meta-llama/Llama-3.1-8B-Instruct',
};

export interface Harness {
  gw: Gateway;
  endpoints: Endpoint[];
  client(id: string, overrides?: Partial<Endpoint>, deps?: Partial<CoreDeps>): EndpointClientApi;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const gw = await startGateway({ chunkDelayMs: 1 });
  const parsed = parseEndpoints(gw.endpoints());
  if (parsed.problems.length) throw new Error(`gateway endpoints invalid: ${parsed.problems.map((p) => p.message).join('; ')}`);
  const clients: EndpointClientApi[] = [];
  return {
    gw,
    endpoints: parsed.endpoints,
    client(id, overrides = {}, deps = {}) {
      const ep = parsed.endpoints.find((e) => e.id === id);
      if (!ep) throw new Error(`no endpoint ${id}`);
      const c = createEndpointClient({ ...ep, ...overrides }, { credentials: mapCredentials(gw.env()), sleep: async () => undefined, ...deps });
      clients.push(c);
      return c;
    },
    async close() { for (const c of clients) c.dispose(); await gw.close(); },
  };
}

export async function collect(gen: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

export function textOf(events: StreamEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

/** content*, usage?, exactly one terminal, last. */
export function assertOrder(events: StreamEvent[]): void {
  const terminals = events.filter((e) => e.type === 'done' || e.type === 'error');
  if (terminals.length !== 1) throw new Error(`expected one terminal event, got ${terminals.length}: ${JSON.stringify(events)}`);
  const last = events[events.length - 1];
  if (last.type !== 'done' && last.type !== 'error') throw new Error('terminal event is not last');
  const usage = events.findIndex((e) => e.type === 'usage');
  if (usage >= 0) {
    if (events.filter((e) => e.type === 'usage').length > 1) throw new Error('more than one usage event');
    if (usage !== events.length - 2) throw new Error('usage is not right before the terminal event');
  }
}
