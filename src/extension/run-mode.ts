/**
 * What the extension may do in the mode VS Code runs it in. Pure (no `vscode` import): the host's
 * `ExtensionMode` is mapped to a name at the boundary, so the decisions are unit-tested with the mode as
 * input.
 *
 * - production: installed from the Marketplace or a VSIX; no test seams, no environment imports.
 * - development: loaded with `--extensionDevelopmentPath` (the demo and the host test runner do this).
 * - test: VS Code's own extension-test mode.
 */
export type RunMode = 'production' | 'development' | 'test';

/** VS Code's `ExtensionMode` values (Production = 1, Development = 2, Test = 3). */
export function runModeOf(extensionMode: number | undefined): RunMode {
  if (extensionMode === 2) return 'development';
  if (extensionMode === 3) return 'test';
  return 'production'; // anything unknown gets the strictest treatment
}

/**
 * Set by the host test runner (test/host/run-host-tests.mjs) for its launcher; its presence is the
 * runner's signal, honoured only when the extension runs as a development extension.
 */
export const HOST_TESTS_VARIABLE = 'MAAS_HOST_TESTS_MODULE';

/**
 * Test seams (the test API returned by `activate()`, `{ confirm: false }` on Remove/Clear) exist only
 * under VS Code's test mode, or in a development extension host started by the host test runner.
 * A production extension never has them, whatever the environment says.
 */
export function testSeamsEnabled(mode: RunMode, env: Readonly<Record<string, string | undefined>>): boolean {
  if (mode === 'test') return true;
  return mode === 'development' && !!env[HOST_TESTS_VARIABLE];
}

/** The variable the demo (and tests) use to put secrets into SecretStorage at activation. */
export const DEMO_SECRETS_VARIABLE = 'MAAS_DEMO_SECRETS';

/** The demo-secret import runs only when the extension is not in production mode. */
export function demoSecretsAllowed(mode: RunMode): boolean {
  return mode !== 'production';
}

/**
 * Reads and removes the demo secrets from the environment (so no child process inherits them), in
 * every mode: a production window imports nothing, and leaves nothing behind either.
 */
export function takeDemoSecrets(env: Record<string, string | undefined>): string | undefined {
  const raw = env[DEMO_SECRETS_VARIABLE];
  delete env[DEMO_SECRETS_VARIABLE];
  return raw;
}

/**
 * `{ confirm: false }` as a command's second argument skips its confirmation dialog — only when test seams
 * are on (host tests); any other caller is asked. A tree's context menu passes an array of selected nodes
 * there, never this object.
 */
export function skipsConfirmation(options: unknown, testSeams: boolean): boolean {
  return testSeams && !!options && typeof options === 'object' && !Array.isArray(options) && (options as { confirm?: unknown }).confirm === false;
}
