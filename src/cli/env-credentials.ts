/**
 * The CLI's CredentialSource: the environment, most specific first (docs/endpoints.md, "Credentials"):
 * `MAAS_TOKEN_<E>_<M>` (a model's own token), then `MAAS_API_KEY_<E>` or `MAAS_CLIENT_ID_<E>` +
 * `MAAS_CLIENT_SECRET_<E>`, then the unsuffixed `MAAS_API_KEY`, `MAAS_CLIENT_ID`, `MAAS_CLIENT_SECRET`
 * — those only when the config holds one endpoint or the command named this one with `--endpoint`.
 */
import { credentialProblem, envSuffix, type CredentialSource, type SecretName } from '../core/credentials';
import { MaasError } from '../core/errors';

type Env = Readonly<Record<string, string | undefined>>;

export interface EnvCredentialOptions {
  /** How many entries the config file holds (valid or not). */
  entryCount: number;
  /** The endpoint named with `--endpoint`, if any. */
  namedEndpoint?: string;
}

/** Prefixes of every variable that may hold a credential (for scrubbing output). */
export const CREDENTIAL_VAR = /^MAAS_(?:API_KEY|CLIENT_ID|CLIENT_SECRET|TOKEN)(?:_|$)/;

const BASE: Record<'apiKey' | 'clientId' | 'clientSecret', string> = {
  apiKey: 'MAAS_API_KEY', clientId: 'MAAS_CLIENT_ID', clientSecret: 'MAAS_CLIENT_SECRET',
};

function modelIdOf(name: SecretName): string | undefined {
  const m = /^model:(.*):token$/.exec(name);
  return m ? m[1] : undefined;
}

export class EnvCredentialSource implements CredentialSource {
  private readonly used = new Map<string, string>();
  private readonly missed = new Map<string, string>();

  constructor(private readonly env: Env, private readonly options: EnvCredentialOptions) {}

  /** True when the unsuffixed variables may stand in for this endpoint's. */
  unsuffixedAllowed(endpointId: string): boolean {
    return this.options.entryCount === 1 || this.options.namedEndpoint === endpointId;
  }

  /** The variables consulted for a secret, most specific first. */
  candidates(endpointId: string, name: SecretName): string[] {
    const e = envSuffix(endpointId);
    const modelId = modelIdOf(name);
    if (modelId !== undefined) return [`MAAS_TOKEN_${e}_${envSuffix(modelId)}`];
    const base = BASE[name as keyof typeof BASE];
    return this.unsuffixedAllowed(endpointId) ? [`${base}_${e}`, base] : [`${base}_${e}`];
  }

  async get(endpointId: string, name: SecretName): Promise<string | undefined> {
    return this.lookup(endpointId, name);
  }

  /** Synchronous form of `get`, which also records where the value came from. */
  lookup(endpointId: string, name: SecretName): string | undefined {
    const key = `${endpointId}\u0000${name}`;
    const value = this.resolve(endpointId, name);
    if (value) { this.used.set(key, value.variable); return value.value; }
    this.missed.set(key, this.describe(endpointId, name));
    return undefined;
  }

  private resolve(endpointId: string, name: SecretName): { variable: string; value: string } | undefined {
    if (name === 'clientId' || name === 'clientSecret') {
      // A client id and secret are a pair: take both from the most specific level that sets either.
      const e = envSuffix(endpointId);
      const levels = this.unsuffixedAllowed(endpointId) ? [`_${e}`, ''] : [`_${e}`];
      for (const suffix of levels) {
        const id = this.read(`MAAS_CLIENT_ID${suffix}`);
        const secret = this.read(`MAAS_CLIENT_SECRET${suffix}`);
        if (id === undefined && secret === undefined) continue;
        const variable = `${BASE[name]}${suffix}`;
        const value = name === 'clientId' ? id : secret;
        return value === undefined ? undefined : { variable, value: checked(variable, value, name) };
      }
      return undefined;
    }
    for (const variable of this.candidates(endpointId, name)) {
      const value = this.read(variable);
      if (value !== undefined) return { variable, value: checked(variable, value, name) };
    }
    return undefined;
  }

  private read(variable: string): string | undefined {
    const v = this.env[variable];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  /** Core appends this to "No API key is stored for endpoint …: ", so it reads as what to do. */
  describe(endpointId: string, name: SecretName): string {
    return `set the environment variable ${this.candidates(endpointId, name).join(' or ')}`;
  }

  /** Variables that supplied a credential for this endpoint (for "the gateway rejected …" hints). */
  usedVariables(endpointId: string): string[] {
    return [...this.used.entries()].filter(([k]) => k.startsWith(`${endpointId}\u0000`)).map(([, v]) => v);
  }

  /**
   * True when core asked for an endpoint-level credential that no variable held. A missing per-model
   * token alone does not count: core falls back to the endpoint's key.
   */
  hadMiss(endpointId: string): boolean {
    return [...this.missed.keys()].some((k) => k.startsWith(`${endpointId}\u0000`) && !k.endsWith(':token'));
  }
}

/**
 * A credential from the environment that cannot be sent is a `config` error naming the variable (exit 2),
 * found when it is read: never a request that fails as a network error.
 */
function checked(variable: string, value: string, name: SecretName): string {
  const problem = credentialProblem(value, name);
  if (problem) throw new MaasError({ kind: 'config', message: `the environment variable ${variable} ${problem}; set it to the credential alone` });
  return value;
}

/** Every non-trivial credential value in the environment, for scrubbing output. */
export function credentialValues(env: Env): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(env)) {
    if (!CREDENTIAL_VAR.test(k) || !v) continue;
    const t = v.trim();
    if (t.length >= 4) out.add(t);
  }
  return [...out].sort((a, b) => b.length - a.length);
}
