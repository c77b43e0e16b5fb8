// For contributors who are online: the usual VS Code way (`npm run test:online`) downloads VS Code with
// @vscode/test-electron and runs the same integration suites. Offline (CI) `npm test` runs them in
// code-server instead (test/integration/run.mjs).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/suite/**/*.test.js',
  version: 'stable',
  workspaceFolder: './.vscode-test/workspace',
  mocha: { ui: 'bdd', timeout: 120000 },
});
