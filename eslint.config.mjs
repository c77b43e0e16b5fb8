// Flat config. The room rules keep the four rooms honest: only src/extension may import `vscode`,
// the webview never reaches for Node, and src/shared stays free of every other room.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'http', 'https', 'crypto', 'stream', 'zlib', 'worker_threads', 'net', 'url', 'util', 'events', 'readline'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-runtime/**', 'test-results/**', 'bench-results/**', '.tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }] }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/node/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/shared is imported by every room.' }, ...nodeBuiltins.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'src/shared runs in the webview too: no Node APIs.' }))],
        patterns: [{ group: ['**/extension/**', '**/engine/**', '**/webview/**'], message: 'src/shared imports no other room.' }],
      }],
    },
  },
  {
    // Node-only helpers shared by the engine and the host (atomic writes, the results store).
    files: ['src/shared/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/shared is imported by every room.' }],
        patterns: [{ group: ['**/extension/**', '**/engine/**', '**/webview/**'], message: 'src/shared imports no other room.' }],
      }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Webviews talk to the host through messages.' }, ...nodeBuiltins.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'The webview is browser code.' }))],
        patterns: [
          { group: ['**/extension/**', '**/engine/**'], message: 'The webview imports only src/shared and browser libraries.' },
          { group: ['**/shared/node/**'], message: 'src/shared/node is Node-only.' },
        ],
      }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The engine runs under plain Node.' }],
        patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'The engine imports only src/shared.' }],
      }],
    },
  },
);
