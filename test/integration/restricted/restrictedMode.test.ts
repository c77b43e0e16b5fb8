import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from '../support/extensionHost';

/** Command lines of this extension host's child processes (Linux: /proc/<pid>/task/<tid>/children). */
function childCommands(): string[] {
  const tasks = `/proc/${process.pid}/task`;
  const pids = readdirSync(tasks).flatMap((t) => readFileSync(join(tasks, t, 'children'), 'utf8').split(/\s+/).filter(Boolean));
  return pids.map((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      return '';
    }
  });
}

/**
 * An untrusted lab folder (run.mjs --restricted writes a dataset, a config and hostile workspace
 * settings into it): nothing runs on open, training and preparation explain Restricted Mode and start
 * no engine, and the restricted settings keep their safe defaults.
 */
describe('Restricted Mode (an untrusted workspace)', function () {
  this.timeout(60_000);
  const folder = () => vscode.workspace.workspaceFolders![0].uri;

  it('runs in an untrusted workspace', async () => {
    await activateExtension();
    assert.equal(vscode.workspace.isTrusted, false, 'the harness must open this folder untrusted');
  });

  for (const [command, what] of [
    ['catsDogs.train', 'Training'],
    ['catsDogs.prepareDataset', 'Dataset preparation'],
  ] as const) {
    it(`${command} explains Restricted Mode and starts no engine`, async () => {
      const api = await activateExtension();
      const before = api.shownMessages.length;
      const args = command === 'catsDogs.train' ? [vscode.Uri.joinPath(folder(), 'experiments', 'baseline.json')] : [{ source: '/nonexistent.zip' }];
      const result = await vscode.commands.executeCommand(command, ...args);
      assert.equal(result, undefined);
      const msg = await waitFor(() => api.shownMessages.slice(before).find((m) => /Restricted Mode/.test(m.message)), 'the Restricted Mode message');
      assert.equal(msg.severity, 'warning');
      assert.ok(msg.message.startsWith(`${what} is disabled in Restricted Mode`), msg.message);
      assert.deepEqual(msg.actions, ['Manage Workspace Trust']);
      assert.deepEqual(childCommands().filter((c) => c.includes('engine.js')), [], 'no engine process');
      assert.equal(api.trainingState().phase, 'idle');
    });
  }

  it('nothing was written on open: no run, no results table', () => {
    const experiments = join(folder().fsPath, 'experiments');
    assert.equal(existsSync(join(experiments, 'runs')), false);
    assert.equal(existsSync(join(experiments, 'results.csv')), false);
  });

  it("ignores the workspace's values of restricted settings (folders, backend)", () => {
    // The same settings.json sets editor.tabSize, which is read: only the restricted settings are dropped.
    assert.equal(vscode.workspace.getConfiguration('editor', folder()).inspect('tabSize')?.workspaceValue, 3, '.vscode/settings.json is read');
    const config = vscode.workspace.getConfiguration('catsDogs', folder());
    for (const [key, safe] of [
      ['datasetFolder', 'cats_vs_dogs'],
      ['experimentsFolder', 'experiments'],
      ['backend', 'auto'],
    ] as const) {
      assert.equal(config.get(key), safe, `${key} keeps its default in Restricted Mode`);
    }
  });
});
