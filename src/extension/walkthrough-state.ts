/**
 * What the getting-started walkthrough ticks, read from the current state rather than from commands run:
 * each step completes on an `onContext:` event for one of the keys computed here (package.json
 * `walkthroughs`), so a window whose endpoints are already configured, with keys, shows those steps done.
 *
 * VS Code (1.139) registers a walkthrough's steps when it first builds a walkthrough page, and an
 * `onContext:` expression that is already true at that moment is recorded as seen without ticking its
 * step — for the rest of the session. So these keys are true only while a walkthrough page may be
 * shown (the caller's gate: such a page is open) and false otherwise: the page is built, and the steps
 * registered, while they are still false, and they turn true right after.
 * Pure (no 'vscode'): the caller passes how to read the state and set a context key.
 */
import { authSecretNames, type SecretName } from '../core/credentials';
import type { Endpoint } from '../core/endpoint/schema';
import type { EndpointState } from './endpoints/endpoint-store';
import { ContextKeys } from './commands/ids';

export interface WalkthroughFacts {
  endpoint: Endpoint;
  /** Names of the secrets stored for it (never their values). */
  stored: readonly SecretName[];
  /** How many models its last discovery listed (0 while loading, failed or missing credentials). */
  models: number;
}

export type WalkthroughState = Record<string, boolean>;

/**
 * Whether an endpoint has what it needs to authenticate: OAuth2 both client id and secret, a key or
 * header auth its key, no auth nothing; OICM (keys optional, tokens may be per model) at least one of them.
 */
export function credentialsSet(endpoint: Endpoint, stored: readonly SecretName[]): boolean {
  if (endpoint.auth.type === 'none') return true;
  if (endpoint.platform === 'oicm') return stored.some((n) => n === 'apiKey' || n.startsWith('model:'));
  return authSecretNames(endpoint.auth).every((n) => stored.includes(n));
}

export function walkthroughState(facts: readonly WalkthroughFacts[]): WalkthroughState {
  return {
    [ContextKeys.walkthroughEndpoint]: facts.length > 0,
    [ContextKeys.walkthroughCredentials]: facts.some((f) => credentialsSet(f.endpoint, f.stored)),
    [ContextKeys.walkthroughModels]: facts.some((f) => f.models > 0),
  };
}

export interface Disposable { dispose(): void }

export interface WalkthroughDeps {
  list(): readonly EndpointState[];
  onDidChange(listener: () => void): Disposable;
  storedNames(endpointId: string): Promise<readonly SecretName[]>;
  setContext(key: string, value: boolean): PromiseLike<unknown>;
  /** Whether a walkthrough page may be shown (see above); `onDidChangeGate` fires when that changes. */
  gateOpen(): boolean;
  onDidChangeGate(listener: () => void): Disposable;
}

/** Sets the keys now, when the gate opens or closes, and whenever the endpoints change (a credential change renews its endpoint). */
export function trackWalkthroughState(deps: WalkthroughDeps): Disposable {
  const sent = new Map<string, boolean>();
  let generation = 0;
  const update = async (): Promise<void> => {
    const mine = ++generation;
    const open = deps.gateOpen();
    const facts = open ? await Promise.all(deps.list().map(async (s) => ({
      endpoint: s.endpoint,
      stored: await deps.storedNames(s.endpoint.id),
      models: s.status.state === 'ready' ? s.status.models.length : 0,
    }))) : [];
    if (mine !== generation) return; // a newer change is being read
    for (const [key, value] of Object.entries(walkthroughState(facts))) {
      // recorded once set, so a failed write is retried on the next change
      if (sent.get(key) !== value) deps.setContext(key, value).then(() => sent.set(key, value), () => undefined);
    }
  };
  const run = () => { update().catch(() => { /* a key left as it was; the next change retries */ }); };
  const subscriptions = [deps.onDidChange(run), deps.onDidChangeGate(run)];
  run();
  return { dispose: () => subscriptions.forEach((d) => d.dispose()) };
}
