/** Fakes for core's dependencies: credentials from a map, a sleep that records waits, endpoints through the real config parser. */
import * as assert from 'node:assert/strict';
import type { CredentialSource, SecretName } from '../../../src/core/credentials';
import type { CoreDeps } from '../../../src/core/endpoint-client';
import type { Endpoint } from '../../../src/core/endpoint/schema';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import type { Logger } from '../../../src/core/log';

export class MapCredentials implements CredentialSource {
  readonly asked: string[] = [];
  constructor(private readonly values: Record<string, string> = {}) {}
  async get(endpointId: string, name: SecretName): Promise<string | undefined> {
    this.asked.push(`${endpointId}:${name}`);
    return this.values[`${endpointId}:${name}`];
  }
  describe(endpointId: string, name: SecretName): string { return `secret ${endpointId}:${name}`; }
}

/** A sleep that records the wait and returns at once (still honouring cancellation). */
export function recordingSleep(): { waits: number[]; sleep: (ms: number, signal: AbortSignal) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      waits.push(ms);
      if (signal.aborted) throw signal.reason;
    },
  };
}

export class MemLogger implements Logger {
  readonly lines: string[] = [];
  trace(m: string): void { this.lines.push(`trace ${m}`); }
  debug(m: string): void { this.lines.push(`debug ${m}`); }
  info(m: string): void { this.lines.push(`info ${m}`); }
  warn(m: string): void { this.lines.push(`warn ${m}`); }
  error(m: string): void { this.lines.push(`error ${m}`); }
}

/** An endpoint through the real parser (defaults applied); fails the test if the entry is refused. */
export function endpoint(raw: Record<string, unknown>): Endpoint {
  const parsed = parseEndpoints([raw]);
  assert.deepEqual(parsed.problems, [], `test endpoint refused: ${JSON.stringify(parsed.problems)}`);
  return parsed.endpoints[0];
}

export function deps(credentials: CredentialSource, extra: Partial<CoreDeps> = {}): CoreDeps {
  return { credentials, fetch: (input, init) => fetch(input, init), ...extra };
}
