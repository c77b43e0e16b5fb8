import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseTable } from '../../../src/shared/results/csv';
import { activateExtension, waitFor } from '../support/extensionHost';

const SHARED = process.env.CATS_DOGS_SHARED!;

/** The real path through the real VS Code: Prepare Dataset on the shared zip, then Train a small real backbone. */
describe('prepare and train in the extension host', function () {
  this.timeout(15 * 60_000);
  const folder = () => vscode.workspace.workspaceFolders![0].uri;

  it('prepares the dataset from Kaggle\'s zip layout: 700/150/150 per class', async () => {
    const api = await activateExtension();
    const prepared: any = await vscode.commands.executeCommand('catsDogs.prepareDataset', { source: join(SHARED, 'datasets/dogs-vs-cats-2000/train.zip') });
    assert.ok(prepared, `the command returned the prepared event; messages: ${JSON.stringify(api.shownMessages.slice(-3))}`);
    assert.deepEqual(prepared.counts, { train: { cats: 700, dogs: 700 }, validation: { cats: 150, dogs: 150 }, test: { cats: 150, dogs: 150 } });
    assert.ok(existsSync(join(folder().fsPath, 'cats_vs_dogs/dataset.json')));
    assert.ok(existsSync(join(folder().fsPath, 'experiments/baseline.json')), 'the baseline config was written');
    await waitFor(() => api.labProgress()?.datasetReady || undefined, 'the walkthrough\'s catsDogs.datasetReady key', 30_000);
  });

  it('trains MobileNet 0.25 from ../shared and records the run everywhere', async () => {
    const api = await activateExtension();
    const config = {
      $schema: './.schema/experiment.schema.json',
      name: 'mobilenet-025-it',
      backbone: { architecture: 'MobileNet', alpha: 0.25, weights: join(SHARED, 'models/mobilenet_v1_0.25_224/model.json'), outputLayer: 'conv_pw_13_relu', inputSize: 128 },
      head: { pooling: 'gap', layers: [{ units: 32, activation: 'relu', dropout: 0.2 }] },
      training: { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 3, seed: 7 },
    };
    const uri = vscode.Uri.joinPath(folder(), 'experiments', 'mobilenet-025-it.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(config, null, 2)));
    const result: any = await vscode.commands.executeCommand('catsDogs.train', uri);
    assert.equal(result?.status, 'completed', JSON.stringify(result));
    assert.ok(result.testAcc > 0.8, `test accuracy ${result.testAcc}`);

    const state = api.trainingState();
    assert.equal(state.phase, 'finished');
    assert.equal(state.epochs.length, 3, 'the view saw every epoch');
    assert.equal(state.test?.acc, result.testAcc);
    assert.ok(state.backend?.name, 'the backend is shown');

    const table = parseTable(readFileSync(join(folder().fsPath, 'experiments/results.csv'), 'utf8'));
    assert.deepEqual(table.problems, []);
    const row = table.rows.find((r) => r.runId === result.runId);
    assert.ok(row, 'results.csv has the run');
    assert.equal(row.status, 'completed');
    assert.equal(row.epochsRun, 3);
    assert.equal(row.testAcc?.toFixed(4), result.testAcc.toFixed(4));
    for (const f of ['config.json', 'metrics.csv', 'summary.json', 'log.txt', 'predictions.csv', 'model/head/model.json']) {
      assert.ok(existsSync(join(result.runDir, f)), `the run folder has ${f}`);
    }
    assert.equal(JSON.parse(readFileSync(join(result.runDir, 'config.json'), 'utf8')).$schema, '../../.schema/experiment.schema.json', 'the run\'s config still finds the schema');
    const progress = await waitFor(() => (api.labProgress()?.runCount === 1 ? api.labProgress() : undefined), 'the finished run in the walkthrough\'s keys', 30_000);
    assert.equal(progress.backbonesTried, 1);
    assert.equal(progress.baselineDone, false, 'a MobileNet run is not the baseline');
  });

  it('refuses an invalid config with the field and position, and starts nothing', async () => {
    const api = await activateExtension();
    const uri = vscode.Uri.joinPath(folder(), 'experiments', 'broken.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{\n  "name": "broken",\n  "backbone": { "architecture": "VGG16" },\n  "training": { "learningRate": -1 }\n}\n'));
    const before = api.shownMessages.length;
    const result = await vscode.commands.executeCommand('catsDogs.train', uri);
    assert.equal(result, undefined);
    const msg = api.shownMessages.slice(before).find((m) => m.severity === 'error');
    assert.ok(msg, 'an error was shown');
    assert.match(msg.message, /broken\.json:4:\d+/);
    assert.match(msg.message, /training\.learningRate/);
    await vscode.workspace.fs.delete(uri);
  });
});
