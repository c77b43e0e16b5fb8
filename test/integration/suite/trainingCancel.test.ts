import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseTable } from '../../../src/shared/results/csv';
import { activateExtension, waitFor } from '../support/extensionHost';

const SHARED = process.env.CATS_DOGS_SHARED!;

/** Runs after training.test.ts (file order), which prepared the dataset and filled the feature cache for this backbone. */
describe('cancel from the UI', function () {
  this.timeout(5 * 60_000);
  const folder = () => vscode.workspace.workspaceFolders![0].uri;

  it('"Cancel Training" stops a run within a batch and records it as cancelled', async () => {
    const api = await activateExtension();
    const config = {
      name: 'cancel-me',
      backbone: { architecture: 'MobileNet', alpha: 0.25, weights: join(SHARED, 'models/mobilenet_v1_0.25_224/model.json'), outputLayer: 'conv_pw_13_relu', inputSize: 128 },
      head: { pooling: 'gap', layers: [{ units: 32, activation: 'relu', dropout: 0.2 }] },
      training: { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 500, seed: 7 },
    };
    const uri = vscode.Uri.joinPath(folder(), 'experiments', 'cancel-me.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(config, null, 2)));
    const t0 = Date.now();
    const training = vscode.commands.executeCommand<any>('catsDogs.train', uri);
    // The view still shows the previous run until this one starts: wait for this run's first epoch.
    await waitFor(() => {
      const s = api.trainingState();
      return s.runName === 'cancel-me' && s.phase === 'running' && s.epochs.length >= 1 ? true : undefined;
    }, 'the first epoch', 180_000);
    console.log(`      first epoch after ${((Date.now() - t0) / 1000).toFixed(1)} s; cancelling`);
    await vscode.commands.executeCommand('catsDogs.cancelTraining');
    const t1 = Date.now();
    const result = await training;
    console.log(`      the command returned ${((Date.now() - t1) / 1000).toFixed(1)} s after the cancel, ${api.trainingState().epochs.length} epochs`);
    assert.equal(result?.status, 'cancelled', JSON.stringify(result));
    const state = api.trainingState();
    assert.equal(state.phase, 'finished');
    assert.equal(state.status, 'cancelled');
    assert.ok(state.epochs.length < 500, `stopped after ${state.epochs.length} epochs`);
    const table = parseTable(readFileSync(join(folder().fsPath, 'experiments/results.csv'), 'utf8'));
    assert.deepEqual(table.problems, []);
    const row = table.rows.find((r) => r.runId === result.runId);
    assert.equal(row?.status, 'cancelled');
    assert.equal(row?.epochsRun, state.epochs.length, 'the table has every epoch the view showed');
    await vscode.workspace.fs.delete(uri);
  });
});
