import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseTable } from '../../../src/shared/results/csv';
import { parsePredictionsCsv } from '../../../src/shared/results/predictions';
import { activateExtension, waitFor } from '../support/extensionHost';

const SHARED = process.env.CATS_DOGS_SHARED!;
const encoder = new TextEncoder();

/** Variants, a real sweep, Classify Photo and Export Results, through the commands of the real extension host. */
describe('variants, sweeps, classification and export in the extension host', function () {
  this.timeout(15 * 60_000);
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const experiments = () => vscode.Uri.joinPath(folder(), 'experiments');
  const base = () => vscode.Uri.joinPath(experiments(), 'tiny-it.json');
  let sweepRunIds: string[] = [];

  before(async () => {
    const api = await activateExtension();
    // Suites share the workspace: the training suite may have prepared the dataset already.
    if (!existsSync(join(folder().fsPath, 'cats_vs_dogs/dataset.json'))) {
      const prepared = await vscode.commands.executeCommand('catsDogs.prepareDataset', { source: join(SHARED, 'datasets/dogs-vs-cats-2000/train.zip') });
      assert.ok(prepared, `the dataset was prepared; messages: ${JSON.stringify(api.shownMessages.slice(-3))}`);
    }
    const config = {
      name: 'tiny-it',
      backbone: { architecture: 'MobileNet', alpha: 0.25, weights: join(SHARED, 'models/mobilenet_v1_0.25_224/model.json'), outputLayer: 'conv_pw_13_relu', inputSize: 96 },
      head: { pooling: 'gap', layers: [{ units: 32, activation: 'relu', dropout: 0.2 }] },
      training: { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 2, seed: 7 },
    };
    await vscode.workspace.fs.writeFile(base(), encoder.encode(JSON.stringify(config, null, 2) + '\n'));
  });

  it('New Variant writes <base>-<change>.json, reuses an identical one and never overwrites another', async () => {
    await activateExtension();
    const first: any = await vscode.commands.executeCommand('catsDogs.newVariant', { config: base(), parameter: 'units', value: 64, train: false });
    assert.ok(first, 'the command returned the variant');
    assert.equal(first.uri.fsPath, join(experiments().fsPath, 'tiny-it-units-64.json'));
    assert.equal(first.created, true);
    const written = JSON.parse(readFileSync(first.uri.fsPath, 'utf8'));
    assert.equal(written.name, 'tiny-it-units-64');
    assert.deepEqual(written.head.layers, [{ units: 64, activation: 'relu', dropout: 0.2 }]);
    assert.equal(written.training.learningRate, 0.001, 'the rest is the base\'s');
    assert.match(written.description, /units/i);

    const again: any = await vscode.commands.executeCommand('catsDogs.newVariant', { config: base(), parameter: 'units', value: 64, train: false });
    assert.equal(again.uri.fsPath, first.uri.fsPath);
    assert.equal(again.created, false, 'the same experiment is not written twice');

    // Someone edits the variant by hand: a new variant must not overwrite it.
    const edited = { ...written, training: { ...written.training, seed: 99 } };
    const editedText = JSON.stringify(edited, null, 2) + '\n';
    await vscode.workspace.fs.writeFile(first.uri, encoder.encode(editedText));
    const third: any = await vscode.commands.executeCommand('catsDogs.newVariant', { config: base(), parameter: 'units', value: 64, train: false });
    assert.equal(third.uri.fsPath, join(experiments().fsPath, 'tiny-it-units-64-2.json'));
    assert.equal(readFileSync(first.uri.fsPath, 'utf8'), editedText, 'the edited file is untouched');
    for (const uri of [first.uri, third.uri]) await vscode.workspace.fs.delete(uri);
  });

  it('a sweep of dropout 0, 0.25, 0.5 runs to the end, each run recorded', async () => {
    const api = await activateExtension();
    const started = Date.now();
    const state: any = await vscode.commands.executeCommand('catsDogs.queueSweep', { config: base(), parameter: 'dropout', values: [0, 0.25, 0.5] });
    console.log(`      sweep of 3 runs: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(state, `the sweep ran; messages: ${JSON.stringify(api.shownMessages.slice(-3))}`);
    assert.equal(state.status, 'finished');
    assert.deepEqual(state.items.map((i: any) => i.label), ['tiny-it-dropout-0', 'tiny-it-dropout-0.25', 'tiny-it-dropout-0.5']);
    assert.deepEqual(state.items.map((i: any) => i.status), ['completed', 'completed', 'completed'], JSON.stringify(state.items));
    sweepRunIds = state.items.map((i: any) => i.runId);

    const table = parseTable(readFileSync(join(experiments().fsPath, 'results.csv'), 'utf8'));
    const rows = sweepRunIds.map((id) => table.rows.find((r) => r.runId === id));
    assert.ok(rows.every(Boolean), 'results.csv has the three runs');
    assert.deepEqual(rows.map((r) => r!.name), ['tiny-it-dropout-0', 'tiny-it-dropout-0.25', 'tiny-it-dropout-0.5']);
    assert.deepEqual(rows.map((r) => r!.head), ['32relu', '32relu-d0.25', '32relu-d0.5']);
    assert.ok(rows.every((r) => r!.status === 'completed' && r!.testAcc! > 0.7), JSON.stringify(rows.map((r) => r!.testAcc)));
    // The last run is what the Training view shows now.
    assert.equal(api.trainingState().runId, sweepRunIds[2]);
    const end = api.shownMessages.find((m) => /Sweep ".*" finished: 3 completed, 0 failed/.test(m.message));
    assert.ok(end, 'the end of the sweep was announced');
  });

  it('Classify Photo gives the right label for a clear dog and a clear cat, with the best run by default', async () => {
    const api = await activateExtension();
    assert.ok(sweepRunIds.length === 3, 'the sweep ran first');
    // "Clear" photos, chosen by the data: the ones the first sweep run was surest about.
    const runDir = join(experiments().fsPath, 'runs', sweepRunIds[0]);
    const { predictions } = parsePredictionsCsv(readFileSync(join(runDir, 'predictions.csv'), 'utf8'));
    const dog = predictions.filter((p) => p.label === 'dog').sort((a, b) => b.probability - a.probability)[0];
    const cat = predictions.filter((p) => p.label === 'cat').sort((a, b) => a.probability - b.probability)[0];

    const before = api.shownMessages.length;
    const asDog: any = await vscode.commands.executeCommand('catsDogs.classifyPhoto', vscode.Uri.file(dog.file), sweepRunIds[0]);
    assert.ok(asDog, `classified; messages: ${JSON.stringify(api.shownMessages.slice(before))}`);
    assert.equal(asDog.label, 'dog');
    assert.ok(Math.abs(asDog.probability - dog.probability) < 0.02, `predict ${asDog.probability} vs the run's own ${dog.probability}`);
    const shown = api.shownMessages.slice(before).find((m) => m.severity === 'info' && /^Dog, \d+[.,]\d %/.test(m.message));
    assert.ok(shown, `the notification says "Dog, NN.N %": ${JSON.stringify(api.shownMessages.slice(before))}`);

    const asCat: any = await vscode.commands.executeCommand('catsDogs.classifyPhoto', vscode.Uri.file(cat.file));
    assert.equal(asCat.label, 'cat');
    const table = parseTable(readFileSync(join(experiments().fsPath, 'results.csv'), 'utf8'));
    const best = Math.max(...table.rows.filter((r) => r.status === 'completed').map((r) => r.testAcc ?? 0));
    assert.equal(table.rows.find((r) => r.runId === asCat.runId)?.testAcc, best, 'without a run, the best completed run classifies');
  });

  it('Export Results writes results.md with the runs as a Markdown table, and copies it', async () => {
    await activateExtension();
    const result: any = await vscode.commands.executeCommand('catsDogs.exportResults', { preview: false });
    assert.ok(result);
    const md = readFileSync(join(experiments().fsPath, 'results.md'), 'utf8');
    assert.equal(result.text, md);
    const lines = md.split('\n');
    assert.match(lines[0], /^\| Name \| Backbone \| Input \|/);
    for (const name of ['tiny-it-dropout-0', 'tiny-it-dropout-0.25', 'tiny-it-dropout-0.5']) {
      assert.ok(lines.some((l) => l.startsWith(`| ${name} |`) || l.startsWith(`| **${name}** |`)), `results.md has a row for ${name}`);
    }
    assert.equal(lines.filter((l) => l.startsWith('| **')).length, 1, 'one best run, in bold');
    assert.ok(existsSync(join(experiments().fsPath, 'results-summary.csv')));
    assert.equal(await vscode.env.clipboard.readText(), md);
  });

  it('Cancel Sweep stops the run in progress, and the runs not started never start', async () => {
    const api = await activateExtension();
    // Many cheap epochs (the features are cached by now), so the cancel lands mid-run.
    const long = vscode.Uri.joinPath(experiments(), 'tiny-long-it.json');
    const config = JSON.parse(readFileSync(base().fsPath, 'utf8'));
    await vscode.workspace.fs.writeFile(long, encoder.encode(JSON.stringify({ ...config, name: 'tiny-long-it', training: { ...config.training, epochs: 300 } }, null, 2) + '\n'));
    const sweep = vscode.commands.executeCommand<any>('catsDogs.queueSweep', { config: long, parameter: 'learningRate', values: [0.01, 0.0001] });
    await waitFor(() => (api.trainingState().runName === 'tiny-long-it-lr-1e-2' && api.trainingState().epochs.length >= 1 ? true : undefined), 'the first run of the sweep to train an epoch', 180_000);
    await vscode.commands.executeCommand('catsDogs.cancelSweep');
    const state = await sweep;
    assert.equal(state.status, 'cancelled');
    assert.deepEqual(state.items.map((i: any) => [i.label, i.status]), [['tiny-long-it-lr-1e-2', 'cancelled'], ['tiny-long-it-lr-1e-4', 'cancelled']]);
    assert.ok(api.trainingState().epochs.length < 300, 'the run stopped early');
    const table = parseTable(readFileSync(join(experiments().fsPath, 'results.csv'), 'utf8'));
    const why = JSON.stringify({ items: state.items, view: { runId: api.trainingState().runId, status: api.trainingState().status, log: api.trainingState().log.slice(-8) }, messages: api.shownMessages.slice(-4) });
    assert.equal(table.rows.find((r) => r.runId === state.items[0].runId)?.status, 'cancelled', `the cancelled run is recorded: ${why}`);
    assert.ok(!table.rows.some((r) => r.name === 'tiny-long-it-lr-1e-4'), 'the second run never started');
  });
});
