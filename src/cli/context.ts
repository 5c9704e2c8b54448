/** What a command runs with: output, logger, the config file, credentials, clients, and SIGINT handling. */
import type { CliIo } from './io';
import { Output, errorDoc, type ErrorDoc } from './output';
import { EnvCredentialSource, credentialValues } from './env-credentials';
import { stderrLogger, debugEnabled } from './logger';
import { loadConfig, problemsByEntry, type LoadedConfig } from './config-file';
import { hintFor } from './hints';
import { exitCodeForKind } from './exit-codes';
import type { Logger } from '../core/log';
import type { Endpoint } from '../core/endpoint/schema';
import type { CoreDeps, EndpointClientApi } from '../core/endpoint-client';
import { isMaasError, MaasError } from '../core/errors';
import { CommandExit } from './command-exit';
import { createInterruption, type Interruption } from './interruption';

export interface CliDeps {
  /** May load core on first use (`maas --help` never does). */
  createClient(endpoint: Endpoint, deps: CoreDeps): EndpointClientApi | Promise<EndpointClientApi>;
  version(): string;
}

export class CommandContext {
  readonly out: Output;
  readonly logger: Logger;
  readonly debug: boolean;

  constructor(readonly io: CliIo, readonly deps: CliDeps, readonly command: string, readonly json: boolean) {
    this.out = new Output(io, credentialValues(io.env));
    this.debug = debugEnabled(io.env);
    this.logger = stderrLogger(this.out, this.debug);
  }

  /**
   * Reports an error that ends the command: with `--json` one error document on stdout
   * (streaming commands: the terminal event), otherwise `maas: <endpoint>: <message>` and a hint on stderr.
   */
  fail(doc: Omit<ErrorDoc, 'type'>, hint?: string): CommandExit {
    if (this.json) this.out.jsonLine(errorDoc(doc));
    else this.out.error(doc.endpoint, doc.message, hint);
    return new CommandExit(exitCodeForKind(doc.kind));
  }

  /** Loads `--config`; an unreadable or malformed file ends the command with exit 2. */
  async config(file: string): Promise<LoadedConfig> {
    try {
      const config = await loadConfig(file, (p) => this.io.readFile(p));
      for (const w of config.fileWarnings) this.out.warn(w);
      return config;
    } catch (e) {
      if (isMaasError(e)) throw this.fail({ kind: e.kind, message: e.message });
      throw e;
    }
  }

  credentials(config: LoadedConfig, namedEndpoint?: string): EnvCredentialSource {
    return new EnvCredentialSource(this.io.env, { entryCount: config.entryCount, ...(namedEndpoint ? { namedEndpoint } : {}) });
  }

  /** Throws (after reporting) unless `id` names an entry of the file. */
  requireKnown(config: LoadedConfig, id: string): void {
    if (config.entryIds.includes(id)) return;
    const known = config.entryIds.length ? `the config file ${config.file} lists: ${config.entryIds.join(', ')}` : `the config file ${config.file} lists no endpoints`;
    throw this.fail({ kind: 'config', message: `unknown endpoint "${id}"; ${known}` });
  }

  /** The valid endpoint `id` (with its config warnings shown), or a reported config error. */
  endpoint(config: LoadedConfig, id: string): Endpoint {
    this.requireKnown(config, id);
    const endpoint = config.endpoints.find((e) => e.id === id);
    if (!endpoint) {
      const problems = problemsByEntry(config.problems).filter((p) => p.endpointId === id);
      throw this.fail({ kind: 'config', endpoint: id, message: problems.map((p) => p.message).join('; ') || `endpoint "${id}" is invalid` });
    }
    this.showWarnings(config, id);
    return endpoint;
  }

  showWarnings(config: LoadedConfig, endpointId: string): void {
    for (const w of config.warnings) if (w.endpointId === endpointId) this.out.warn(w.message);
  }

  client(endpoint: Endpoint, credentials: EnvCredentialSource): Promise<EndpointClientApi> {
    return Promise.resolve(this.deps.createClient(endpoint, { credentials, logger: this.logger }));
  }

  /** Error document and hint for something a client threw. */
  describeFailure(e: unknown, endpoint: Endpoint, creds: EnvCredentialSource, modelId?: string): { doc: Omit<ErrorDoc, 'type'>; hint?: string } {
    const err = isMaasError(e) ? e : new MaasError({ kind: 'protocol', message: `internal error: ${e instanceof Error ? e.message : String(e)}` });
    const hint = hintFor(err.kind, endpoint, creds, modelId);
    return {
      doc: {
        kind: err.kind, ...(err.status !== undefined ? { status: err.status } : {}), message: err.message,
        ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}), endpoint: endpoint.id,
      },
      ...(hint ? { hint } : {}),
    };
  }

  /** Aborts on the first SIGINT; forced on a second SIGINT or when the grace period ends (interruption.ts). */
  interruption(): Interruption {
    return createInterruption((handler) => this.io.onInterrupt(handler));
  }
}
