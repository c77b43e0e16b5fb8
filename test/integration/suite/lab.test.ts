import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { encodeTable } from '../../../src/shared/results/csv';
import type { ResultRow } from '../../../src/shared/results/row';
import { activateExtension, EXTENSION_ID, waitFor } from '../support/extensionHost';
import { sampleRow } from '../../support/resultRow';

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const experiments = () => vscode.Uri.joinPath(folder(), 'experiments');
const encoder = new TextEncoder();
const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, encoder.encode(text));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function poll<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

function row(runId: string, over: Partial<ResultRow> = {}): ResultRow {
  return sampleRow({ runId, name: runId, bestValAcc: 0.9, testAcc: 0.9, testLoss: 0.3, trainSeconds: 100, secondsPerEpoch: 10, backend: 'cpu', device: 'test', runDir: `experiments/runs/${runId}`, ...over });
}

/** Opens a document and returns the completion labels at the offset of `marker` (removed from the text). */
async function completionsAt(uri: vscode.Uri, textWithMarker: string): Promise<string[]> {
  const offset = textWithMarker.indexOf('|');
  await write(uri, textWithMarker.replace('|', ''));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const position = doc.positionAt(offset);
  // The JSON language server starts, and loads the schema, on first use.
  return poll(async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    return labels.some((l) => l.includes('VGG16')) ? labels : undefined;
  }, `schema completions in ${vscode.workspace.asRelativePath(uri)}`);
}

async function diagnosticsOf(uri: vscode.Uri, until: (d: readonly vscode.Diagnostic[]) => boolean, what: string): Promise<readonly vscode.Diagnostic[]> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return poll(async () => {
    const d = vscode.languages.getDiagnostics(uri);
    return until(d) ? d : undefined;
  }, what);
}

describe('the guided lab', function () {
  this.timeout(120_000);

  it('contributes the walkthrough and opens it with "Open Lab Walkthrough"', async () => {
    await activateExtension();
    const walkthroughs = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.walkthroughs;
    assert.equal(walkthroughs[0].id, 'lab');
    assert.equal(walkthroughs[0].steps.length, 11);
    await vscode.commands.executeCommand('catsDogs.openWalkthrough');
    const tab = await poll(async () => vscode.window.tabGroups.activeTabGroup.activeTab, 'an active tab', 15_000);
    console.log(`    walkthrough tab: "${tab.label}"`);
    assert.ok(!(tab.input instanceof vscode.TabInputText), 'the walkthrough, not a text editor, is active');
    assert.match(tab.label, /Cats vs Dogs|Walkthrough|Welcome/i);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  describe('progress context keys follow the results table', () => {
    const runsDir = () => vscode.Uri.joinPath(experiments(), 'runs');
    const table = () => vscode.Uri.joinPath(experiments(), 'results.csv');

    after(async () => {
      for (const uri of [table(), runsDir()]) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    });

    it('sets baselineDone, runCount, headsTried, backbonesTried, poolingCompared and fineTuned as runs finish', async () => {
      const api = await activateExtension();
      await write(table(), encodeTable([row('lab-it-baseline')]));
      let p = await waitFor(() => (api.labProgress()?.baselineDone ? api.labProgress() : undefined), 'baselineDone after a baseline row appears', 30_000);
      assert.deepEqual([p.runCount, p.headsTried, p.backbonesTried, p.poolingCompared, p.fineTuned], [1, 1, 1, false, false]);

      await write(vscode.Uri.joinPath(runsDir(), 'lab-it-finetune', 'config.json'), JSON.stringify({ name: 'ft', backbone: { architecture: 'VGG16' }, fineTune: { fromLayer: 'block5_conv1' } }));
      await write(
        table(),
        encodeTable([
          row('lab-it-baseline'),
          row('lab-it-gap', { pooling: 'gap' }),
          row('lab-it-512', { head: '512relu-d0.5' }),
          row('lab-it-mobilenet', { backbone: 'MobileNet(0.25)', pooling: 'gap', head: '32relu-d0.2' }),
          row('lab-it-finetune'),
          row('lab-it-failed', { backbone: 'ResNet50', status: 'failed', testAcc: undefined }),
        ]),
      );
      p = await waitFor(() => (api.labProgress()?.runCount === 5 ? api.labProgress() : undefined), 'five finished runs', 30_000);
      assert.equal(p.baselineDone, true);
      assert.equal(p.headsTried, 3);
      assert.equal(p.backbonesTried, 2, 'the failed ResNet50 does not count');
      assert.equal(p.poolingCompared, true);
      assert.equal(p.fineTuned, true, 'read from the run folder\'s config.json');
      assert.equal(p.augmented, false);
    });
  });

  it('"Show Best Run" names the run with the highest test accuracy', async () => {
    const api = await activateExtension();
    const table = vscode.Uri.joinPath(experiments(), 'results.csv');
    await write(table, encodeTable([row('lab-it-a', { testAcc: 0.91 }), row('lab-it-b', { name: 'the winner', testAcc: 0.97 }), row('lab-it-c', { testAcc: 0.99, status: 'failed' })]));
    try {
      const before = api.shownMessages.length;
      const best = await vscode.commands.executeCommand<ResultRow>('catsDogs.showBestRun');
      assert.equal(best?.runId, 'lab-it-b');
      const msg = api.shownMessages.slice(before).find((m) => m.severity === 'info');
      assert.match(msg?.message ?? '', /"the winner".*97\.00%/);
    } finally {
      await vscode.workspace.fs.delete(table);
    }
  });

  describe('editing experiment configs with the schema', () => {
    const created: vscode.Uri[] = [];
    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const uri of created) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    });

    before(async () => {
      await activateExtension();
      // Writes experiments/baseline.json and the schema copy that "$schema" points at.
      await vscode.commands.executeCommand('catsDogs.openConfig');
    });

    it('completes backbone names through the "$schema" reference', async () => {
      const uri = vscode.Uri.joinPath(experiments(), 'lab-it-completion.json');
      created.push(uri);
      const labels = await completionsAt(uri, '{\n  "$schema": "./.schema/experiment.schema.json",\n  "name": "x",\n  "backbone": { "architecture": "|" }\n}\n');
      for (const name of ['VGG16', 'ResNet50', 'InceptionV3', 'InceptionResNetV2', 'MobileNet']) assert.ok(labels.some((l) => l.replace(/"/g, '') === name), `${name} in ${JSON.stringify(labels)}`);
    });

    it('completes through jsonValidation alone (no "$schema"), and offers the lab\'s ready-made configs in an empty file', async () => {
      const uri = vscode.Uri.joinPath(experiments(), 'lab-it-no-ref.json');
      created.push(uri);
      const labels = await completionsAt(uri, '{ "name": "x", "backbone": { "architecture": "|" } }');
      assert.ok(labels.some((l) => l.includes('ResNet50')));

      const empty = vscode.Uri.joinPath(experiments(), 'lab-it-empty.json');
      created.push(empty);
      await write(empty, '');
      const doc = await vscode.workspace.openTextDocument(empty);
      await vscode.window.showTextDocument(doc);
      const snippets = await poll(async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', empty, new vscode.Position(0, 0));
        const found = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).filter((l) => /baseline|MobileNet/i.test(l));
        return found.length >= 5 ? found : undefined;
      }, 'config snippets in an empty experiment file');
      assert.ok(snippets.some((l) => /GlobalAveragePooling2D/.test(l)), JSON.stringify(snippets));
    });

    it('puts a wrong value in the Problems panel at its field', async () => {
      const uri = vscode.Uri.joinPath(experiments(), 'lab-it-invalid.json');
      created.push(uri);
      const text = '{\n  "$schema": "./.schema/experiment.schema.json",\n  "name": "bad",\n  "backbone": { "architecture": "VGG16" },\n  "head": { "pooling": "average" }\n}\n';
      await write(uri, text);
      const diagnostics = await diagnosticsOf(uri, (d) => d.length > 0, 'a diagnostic for "pooling": "average"');
      const d = diagnostics.find((x) => /flatten/.test(x.message));
      assert.ok(d, JSON.stringify(diagnostics.map((x) => x.message)));
      assert.equal(d.range.start.line, 4, 'on the pooling line');
      assert.equal(text.split('\n')[4].slice(d.range.start.character, d.range.end.character), '"average"');
    });

    it('leaves run folders out of jsonValidation, and a run\'s config.json still finds the schema through its rebased "$schema"', async () => {
      const runConfig = vscode.Uri.joinPath(experiments(), 'runs', 'lab-it-run', 'config.json');
      created.push(vscode.Uri.joinPath(experiments(), 'runs', 'lab-it-run'));
      // No "$schema" and a value the schema refuses, plus a trailing comma: the syntax error proves the file was validated.
      await write(runConfig, '{ "name": "r", "backbone": { "architecture": "NotANet" }, }');
      const diagnostics = await diagnosticsOf(runConfig, (d) => d.some((x) => /trailing comma/i.test(x.message)), 'the syntax diagnostic of a run config');
      assert.ok(!diagnostics.some((x) => /NotANet|Value is not accepted/i.test(x.message)), JSON.stringify(diagnostics.map((x) => x.message)));

      await write(runConfig, '{\n  "$schema": "../../.schema/experiment.schema.json",\n  "name": "r",\n  "backbone": { "architecture": "VGG16" },\n  "head": { "pooling": "gmp" }\n}\n');
      const doc = await vscode.workspace.openTextDocument(runConfig);
      const hover = await poll(async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', runConfig, new vscode.Position(4, 14));
        const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
        return /feature map/.test(text) ? text : undefined;
      }, 'the schema hover on "pooling" in a run folder');
      assert.match(hover, /GlobalAveragePooling2D|gap/);
      assert.ok(!vscode.languages.getDiagnostics(doc.uri).some((x) => /schema/i.test(x.message)), 'the rebased "$schema" loads');
    });
  });
});
