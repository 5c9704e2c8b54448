/** Turns an endpoint's `auth` and its stored credentials into request headers. */
import type { Endpoint } from '../endpoint/schema';
import { type CredentialSource, type SecretName, credentialProblem, modelTokenName, secretWords } from '../credentials';
import { MaasError } from '../errors';
import { OAuth2TokenCache } from './oauth2';
import type { Transport } from './types';
import type { BodyLimits } from '../limits';

export class EndpointAuth {
  private readonly oauth?: OAuth2TokenCache;
  private readonly seen = new Set<string>();

  constructor(private readonly endpoint: Endpoint, private readonly credentials: CredentialSource, tokenTransport: Transport, limits?: BodyLimits) {
    if (endpoint.auth.type === 'oauth2') this.oauth = new OAuth2TokenCache(tokenTransport, endpoint.timeoutSeconds * 1000, Date.now, limits, endpoint.tls?.caFile);
  }

  /** Human description of the scheme for diagnostics. Never contains a secret. */
  describe(): string {
    const a = this.endpoint.auth;
    switch (a.type) {
      case 'bearer': return 'Authorization: Bearer <API key>';
      case 'header': return `${a.name}: <API key>`;
      case 'none': return 'none';
      case 'oauth2': return `OAuth2 client credentials via ${a.tokenUrl}, then Authorization: Bearer <access token>`;
    }
  }

  /** Every secret value this endpoint has used, to scrub from any text shown to a user. */
  secrets(): string[] {
    const t = this.oauth?.currentToken();
    return t ? [...this.seen, t] : [...this.seen];
  }

  /** Headers carrying the credential; a model's own token wins over the endpoint key. */
  async headers(modelId: string | undefined, signal: AbortSignal): Promise<Record<string, string>> {
    const a = this.endpoint.auth;
    if (a.type === 'none') return {};
    if (a.type === 'oauth2') {
      const clientId = await this.need('clientId');
      const clientSecret = await this.need('clientSecret');
      const header = await this.oauth!.authorization({ tokenUrl: a.tokenUrl, clientId, clientSecret, ...(a.scope ? { scope: a.scope } : {}) }, signal);
      return { authorization: header };
    }
    let key: string | undefined;
    let keyName: SecretName = 'apiKey';
    if (modelId) { key = await this.credentials.get(this.endpoint.id, modelTokenName(modelId)); keyName = modelTokenName(modelId); }
    if (!key) { key = await this.credentials.get(this.endpoint.id, 'apiKey'); keyName = 'apiKey'; }
    if (!key) {
      const where = modelId && this.endpoint.platform === 'oicm'
        ? `${this.credentials.describe(this.endpoint.id, modelTokenName(modelId))}, or ${this.credentials.describe(this.endpoint.id, 'apiKey')}`
        : this.credentials.describe(this.endpoint.id, 'apiKey');
      throw new MaasError({ kind: 'config', message: `No API key is stored for endpoint "${this.endpoint.id}"${modelId && this.endpoint.platform === 'oicm' ? ` (model "${modelId}")` : ''}: ${where}` });
    }
    key = this.checked(key, keyName);
    return a.type === 'bearer' ? { authorization: `Bearer ${key}` } : { [a.name.toLowerCase()]: key };
  }

  /** After a 401 for a request sent with `rejectedHeader`: drop that OAuth2 token. True when a retry with a fresh token makes sense. */
  invalidate(rejectedHeader?: string): boolean {
    return this.oauth ? this.oauth.invalidate(rejectedHeader) : false;
  }

  private async need(name: SecretName): Promise<string> {
    const v = await this.credentials.get(this.endpoint.id, name);
    if (!v) {
      throw new MaasError({ kind: 'config', message: `No ${name === 'clientId' ? 'client id' : 'client secret'} is stored for endpoint "${this.endpoint.id}": ${this.credentials.describe(this.endpoint.id, name)}` });
    }
    return this.checked(v, name);
  }

  /**
   * A stored value that cannot be sent (a line break, a control or non-ASCII character in a key) is a
   * `config` error naming where it is set, before any request: never a network failure retried three times.
   */
  private checked(value: string, name: SecretName): string {
    const v = value.trim();
    this.seen.add(v);
    if (v !== value) this.seen.add(value);
    const problem = credentialProblem(v, name);
    if (problem) {
      throw new MaasError({ kind: 'config', message: `The ${secretWords(name)} stored for endpoint "${this.endpoint.id}" ${problem}; store it again: ${this.credentials.describe(this.endpoint.id, name)}` });
    }
    return v;
  }
}
