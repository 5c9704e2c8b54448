// Layering (docs/architecture.md, "Who may import what"): core imports nothing of ours and never
// 'vscode'; cli and extension import core, not each other; media imports only core's type-only modules.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'src/core and src/cli are host-free: only src/extension may import vscode.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-host/**', 'media/dist/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
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
        patterns: [{ group: ['**/extension/**', '**/cli/**'], message: 'media imports only core type-only modules.' }],
      }],
    },
  },
);
