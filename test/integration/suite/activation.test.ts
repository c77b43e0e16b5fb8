import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, waitFor } from '../support/extensionHost';

describe('activation', () => {
  it('activates and runs in the workspace extension host', async () => {
    const api = await activateExtension();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.isActive, true);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    assert.ok(Array.isArray(api.shownMessages));
  });

  it('registers every command its package.json contributes', async () => {
    const commands = await vscode.commands.getCommands(true);
    const contributed: string[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    for (const id of ['catsDogs.prepareDataset', 'catsDogs.train', 'catsDogs.openConfig', 'catsDogs.showExperiments', 'catsDogs.showCache', 'catsDogs.clearFeatureCache']) {
      assert.ok(contributed.includes(id), `${id} is not contributed`);
    }
    for (const id of contributed) assert.ok(commands.includes(id), `${id} is not registered`);
  });

  it('"Train" without a dataset says so and offers "Prepare Dataset"', async () => {
    const api = await activateExtension();
    const before = api.shownMessages.length;
    await vscode.commands.executeCommand('catsDogs.train');
    const msg = await waitFor(() => api.shownMessages.slice(before).find((m) => /No dataset found/.test(m.message)), 'the no-dataset message');
    assert.equal(msg.severity, 'warning');
    assert.match(msg.message, /cats_vs_dogs/);
    assert.deepEqual(msg.actions, ['Prepare Dataset']);
  });

  it('"Open Experiment Config" writes the lab baseline and opens it', async () => {
    await activateExtension();
    const uri = await vscode.commands.executeCommand<vscode.Uri>('catsDogs.openConfig');
    assert.ok(uri);
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.toString(), uri.toString());
    const config = JSON.parse(doc!.getText());
    assert.equal(config.backbone.architecture, 'VGG16');
    assert.equal(config.backbone.inputSize, 150);
    assert.deepEqual(config.head.layers, [{ units: 256, activation: 'relu', dropout: 0.5 }]);
    assert.equal(config.training.learningRate, 1e-5);
  });

  it('"Show Experiments" reveals the Experiments view', async () => {
    await vscode.commands.executeCommand('catsDogs.showExperiments');
    // The view container is in the activity bar; focusing it must not throw and must make it visible.
    await vscode.commands.executeCommand('catsDogs.experiments.focus');
  });
});
