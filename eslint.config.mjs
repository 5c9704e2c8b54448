// Layering (docs/architecture.md, "Who may import what"): core imports nothing of ours and never
// 'vscode'; cli and extension import core, not each other; media imports only core's type-only modules.
//
// TypeScript is linted with type information (tsconfig.json through the project service) so that
// async mistakes are errors: a promise nobody awaits or catches, a promise passed where a
// callback's result is ignored. Plain .mjs/.js (scripts, the host tier's launchers, the bootstrap
// extension) are linted without types.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'src/core and src/cli are host-free: only src/extension may import vscode.' };

// VS Code's message boxes never reject; firing one without waiting is fine. Anything chained on
// them (`.then(...)`) is a new promise and must be handled like any other.
const knownSafeCalls = [
  { from: 'package', package: 'vscode', name: ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'] },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-host/**', 'media/dist/**', 'test-results/**'] },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `void p` does not handle a rejection, it only hides it: a fire-and-forget promise needs a
      // `.catch` that reports (or a known-safe call). Thenables (VS Code's API) count as promises.
      '@typescript-eslint/no-floating-promises': ['error', { checkThenables: true, ignoreVoid: false, allowForKnownSafeCalls: knownSafeCalls }],
      '@typescript-eslint/no-misused-promises': 'error',
      // Passing on a value of unknown type (an abort signal's reason, a caught error) is fine, as
      // only-throw-error already allows for `throw`; rejecting with a string or literal is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Implementations of async interfaces (fakes, adapters) are `async` without awaiting so that a
      // throw becomes a rejection; that is intended, not a mistake.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [...tseslint.configs.recommended, tseslint.configs.disableTypeChecked],
    rules: {
      // The bootstrap extension is CommonJS, loaded by VS Code with require().
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ group: ['**/extension/**', '**/cli/**', '**/test/**', '**/media/**'], message: 'src/core must not import from the faces or tests.' }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ group: ['**/extension/**', '**/test/**', '**/media/**'], message: 'src/cli imports only src/core.' }],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/cli/**', '**/test/**'], message: 'src/extension imports only src/core (and vscode).' }],
      }],
    },
  },
  {
    files: ['media/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        // and the task panel's message protocol, a type-only file the host and the page share
        patterns: [{ regex: '(^|/)(extension/(?!panel/protocol$)|cli/)', message: 'media imports only core type-only modules (and the panel protocol).' }],
      }],
    },
  },
);
