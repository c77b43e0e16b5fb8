// End-to-end: prepare the dataset, train, watch the Training view, find the run in the Experiments
// sidebar and results.csv, keyboard use, closing and reopening the view, and every theme, through the
// real UI. Called by run.mjs, which owns the server, the browser and the counts.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labWebview, pickQuickInputRow, pickQuickInputRowVisible, quickInputLabels, runCommand, setColorTheme, tabUntil, waitForNotification, waitInFrame, workbenchThemeType } from './support.mjs';

const ZIP = 'datasets/dogs-vs-cats-2000/train.zip';
const MODEL = 'models/mobilenet_v1_0.25_224/model.json';

/** The small experiment the user trains: MobileNet 0.25 from ../shared at 96 px, GAP, 3 epochs. */
export function quickConfig(shared, overrides = {}) {
  return {
    $schema: './.schema/experiment.schema.json',
    name: 'quick',
    description: 'A small, fast run: MobileNet v1 0.25 at 96x96, global average pooling, 3 epochs.',
    backbone: { architecture: 'MobileNet', alpha: 0.25, weights: join(shared, MODEL), outputLayer: 'conv_pw_13_relu', inputSize: 96 },
    head: { pooling: 'gap', layers: [{ units: 32, activation: 'relu', dropout: 0.2 }] },
    training: { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 3, seed: 7 },
    ...overrides,
  };
}

/** A head that memorises: no dropout, a high learning rate, small batches; its val_loss climbs after epoch 3. */
function overfitConfig(shared) {
  return quickConfig(shared, {
    name: 'overfit',
    description: 'A high learning rate without dropout, to watch overfitting begin.',
    head: { pooling: 'gap', layers: [{ units: 128, activation: 'relu', dropout: 0 }] },
    training: { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 5, seed: 7 },
  });
}

/** The lab's overfitting rule (src/shared/analysis/overfitting.ts), restated here to check what the view says. */
export function overfittingBegan(epochs) {
  if (epochs.length === 0) return undefined;
  let best = 0;
  for (let i = 1; i < epochs.length; i++) if (epochs[i].valLoss < epochs[best].valLoss) best = i;
  const after = epochs.slice(best + 1);
  if (after.length < 2 || !after.every((e) => e.valLoss > epochs[best].valLoss)) return undefined;
  return after.every((e) => e.loss < epochs[best].loss) ? after[0].epoch : undefined;
}

/** Rows of a CSV written by the lab (quoted fields may hold commas, never newlines). */
export function readCsv(file) {
  const split = (line) => {
    const out = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') out.push(cur), (cur = '');
      else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const [head, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const keys = split(head);
  return lines.map((l) => Object.fromEntries(split(l).map((v, i) => [keys[i], v])));
}

/** What the Training view shows, read from its DOM. */
function readTrainingView() {
  const text = (sel) => document.querySelector(sel)?.textContent?.trim() ?? '';
  const visible = (sel) => {
    const e = document.querySelector(sel);
    return !!e && !e.closest('[hidden]');
  };
  const rows = [...document.querySelectorAll('section.epochs table tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim()));
  const canvases = [...document.querySelectorAll('section.charts canvas')].map((c) => [c.width, c.height]);
  return {
    title: text('#title'),
    badge: text('#phase'),
    meta: [...document.querySelectorAll('ul.meta li')].map((li) => li.textContent.trim()),
    progressVisible: visible('section.progress'),
    progress: text('#progress-label'),
    big: text('.big-result'),
    resultVisible: visible('section.result'),
    insight: text('.insight-text'),
    rows,
    canvases,
    confusion: [...document.querySelectorAll('.confusion-matrix tbody tr')].map((tr) => [...tr.querySelectorAll('td.num')].slice(0, 2).map((td) => Number(td.textContent.replace(/\D/g, '')))),
    themeKind: document.body.getAttribute('data-vscode-theme-kind'),
  };
}

/** Waits until the Training view shows a finished run named `name`; returns what it shows. */
async function waitForFinishedRun(page, name, timeout = 240_000) {
  const frame = await labWebview(page, 'main.training', { text: name });
  await waitInFrame(frame, ([n]) => {
    const badge = document.getElementById('phase');
    return document.getElementById('title')?.textContent === n && badge && /badge-(completed|failed|cancelled)/.test(badge.className);
  }, [name], { timeout, what: `run "${name}" to finish` });
  return { frame, view: await frame.evaluate(readTrainingView) };
}

/** Opens a workspace file through Quick Open (Ctrl+P). A file written a moment ago may need a second search. */
async function quickOpen(page, fileName) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(fileName);
    try {
      await pickQuickInputRow(page, fileName, 5_000);
      break;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Puts keyboard focus inside a webview (a click on its heading, as a user would). */
async function focusWebview(frame, selector) {
  await frame.locator(selector).first().click();
}

function installedEngine(extensionsDir) {
  const ext = readdirSync(extensionsDir).find((d) => d.startsWith('cats-vs-dogs-lab.'));
  if (!ext) throw new Error(`the extension is not installed in ${extensionsDir}`);
  return join(extensionsDir, ext, 'dist', 'engine.js');
}

export async function trainingSteps({ page, step, shot, workspace, shared, home, nodePath }) {
  const experiments = join(workspace, 'experiments');
  const runs = {};

  await step('the toast\'s "Prepare Dataset" opens the source pick with its four choices', async () => {
    const toast = await waitForNotification(page, 'No dataset found', 5_000);
    await toast.locator('.monaco-button', { hasText: 'Prepare Dataset' }).first().click();
    const labels = await quickInputLabels(page);
    const expected = ["Kaggle's train.zip (or another zip)…", 'A folder of photos…', 'Download: Microsoft PetImages', 'Download: cats_and_dogs_filtered'];
    for (const e of expected) if (!labels.some((l) => l.includes(e))) throw new Error(`the pick lacks "${e}": ${JSON.stringify(labels)}`);
    await shot('prepare-source-pick');
  });

  await step('Prepare Dataset reads Kaggle\'s train.zip chosen in the file dialog: 700/150/150 per class', async () => {
    await pickQuickInputRow(page, "Kaggle's train.zip (or another zip)…");
    // code-server's file dialog is a quick input holding a path: type the archive's path. It fills in
    // the workspace folder by itself once it has listed it, so wait for that listing before typing.
    await pickQuickInputRowVisible(page, 'experiments');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const zip = join(shared, ZIP);
    for (let attempt = 1; (await input.inputValue()) !== zip || attempt === 1; attempt++) {
      if (attempt > 3) throw new Error(`the dialog keeps "${await input.inputValue()}"`);
      await input.fill(zip);
      await page.waitForTimeout(500);
    }
    await shot('prepare-file-dialog');
    await page.keyboard.press('Enter');
    const toast = await waitForNotification(page, 'Dataset ready', 180_000);
    const text = (await toast.innerText()).replace(/\s+/g, ' ');
    if (!/train: 700 cats, 700 dogs; validation: 150 cats, 150 dogs; test: 150 cats, 150 dogs/.test(text)) throw new Error(`unexpected summary: ${text}`);
    await shot('prepare-done');
  });

  if (!existsSync(join(workspace, 'cats_vs_dogs', 'dataset.json'))) {
    // The UI route failed (its step says why): prepare from the CLI so the training steps still run.
    execFileSync(nodePath, [installedEngine(home.extensions), 'prepare', '--source', join(shared, ZIP), '--out', join(workspace, 'cats_vs_dogs')], { stdio: 'ignore', env: { ...process.env, ...home.env } });
  }

  await step('the Experiments sidebar notices the new dataset', async () => {
    const frame = await labWebview(page, 'main.experiments');
    await waitInFrame(frame, () => !document.getElementById('root').innerText.includes('No dataset yet'), undefined, { timeout: 10_000, what: 'the "No dataset yet" banner to go' });
  });

  await step('Train from the palette on the config open in the editor; the Training view follows the run', async () => {
    await quickOpen(page, 'quick.json');
    await runCommand(page, 'Cats vs Dogs: Train');
    const frame = await labWebview(page, 'main.training', { text: 'quick' });
    await waitInFrame(frame, () => !document.querySelector('section.progress')?.hidden, undefined, { timeout: 30_000, what: 'the progress section' });
    await shot('training-running');
    // Best effort: a picture with some epochs drawn while the run still goes (epochs take about a second).
    const midEpochs = await waitInFrame(frame, () => {
      const n = document.querySelectorAll('section.epochs table tbody tr').length;
      const running = !document.querySelector('section.progress')?.hidden;
      return (n >= 1 && running) || !running ? { n, running } : false;
    }, undefined, { timeout: 240_000, what: 'the first epoch' });
    if (midEpochs.running) await shot('training-mid-epochs');
    const { view } = await waitForFinishedRun(page, 'quick');
    runs.quick = view;
    if (view.badge !== 'Completed') throw new Error(`the run ended "${view.badge}": ${JSON.stringify(view)}`);
    await shot('training-finished-dark');
  });

  await step('the finished view shows every epoch, both charts, the test accuracy and the backend', async () => {
    const v = runs.quick;
    if (!v) throw new Error('no finished run to look at');
    if (v.rows.length !== 3) throw new Error(`the per-epoch table has ${v.rows.length} rows: ${JSON.stringify(v.rows)}`);
    if (v.rows.map((r) => r[0].replace(/\D/g, '')).join(',') !== '1,2,3') throw new Error(`epochs ${JSON.stringify(v.rows.map((r) => r[0]))}`);
    if (!/^Test accuracy: \d{1,3}\.\d\d%$/.test(v.big)) throw new Error(`big result "${v.big}"`);
    if (!v.meta.some((m) => /^Backend: \S+ \(.+\)$/.test(m))) throw new Error(`no backend in ${JSON.stringify(v.meta)}`);
    if (v.canvases.length < 2 || v.canvases.some(([w, h]) => w < 100 || h < 100)) throw new Error(`charts ${JSON.stringify(v.canvases)}`);
    const total = v.confusion.flat().reduce((a, b) => a + b, 0);
    if (total !== 300) throw new Error(`the confusion matrix counts ${total} test photos: ${JSON.stringify(v.confusion)}`);
    if (v.progressVisible) throw new Error('the progress bar is still shown');
  });

  await step('results.csv has the run\'s row, matching the view', async () => {
    const row = readCsv(join(experiments, 'results.csv')).find((r) => r.name === 'quick');
    if (!row) throw new Error('no row named quick');
    if (row.status !== 'completed' || row.epochs_run !== '3' || row.epochs_planned !== '3') throw new Error(`row ${JSON.stringify(row)}`);
    const shown = runs.quick?.big.match(/([\d.]+)%/)?.[1];
    if ((Number(row.test_acc) * 100).toFixed(2) !== shown) throw new Error(`results.csv test_acc ${row.test_acc}, the view ${shown}%`);
    if (!existsSync(join(workspace, row.run_dir, 'metrics.csv'))) throw new Error(`no metrics.csv in ${row.run_dir}`);
    runs.quickRow = row;
  });

  await step('keyboard: Tab reaches the result actions in order', async () => {
    const frame = await labWebview(page, 'main.training', { text: 'Test accuracy' });
    await focusWebview(frame, '#title');
    const path = await tabUntil(page, frame, { selector: 'vscode-button', text: 'Open Run Folder' });
    const next = await tabUntil(page, frame, { selector: 'vscode-button', text: 'Compare with Best Run' }, 1);
    await shot('training-keyboard-focus');
    const last = await tabUntil(page, frame, { selector: 'vscode-button', text: 'Create Variant' }, 1);
    console.log(`    focus order: ${[...path, ...next, ...last].join(' → ')}`);
  });

  await step('the Experiments sidebar lists the run as completed; its table sorts by keyboard', async () => {
    await runCommand(page, 'Cats vs Dogs: Show Experiments');
    const frame = await labWebview(page, 'main.experiments', { text: 'quick' });
    const row = await waitInFrame(frame, () => {
      const tr = [...document.querySelectorAll('table.results tbody tr')].find((r) => r.querySelector('th.name')?.textContent?.includes('quick'));
      return tr ? { status: tr.querySelector('.status .visually-hidden')?.textContent, cells: [...tr.querySelectorAll('td.num')].map((td) => td.textContent.trim()) } : false;
    }, undefined, { timeout: 30_000, what: 'the quick row' });
    if (row.status !== 'Completed') throw new Error(`status "${row.status}"`);
    const shown = runs.quick?.big.match(/[\d.]+%/)?.[0];
    if (!row.cells.includes(shown)) throw new Error(`the row's numbers ${JSON.stringify(row.cells)} lack the test accuracy ${shown}`);
    await shot('experiments-one-run');
    // Scrolled sideways in the narrow sidebar, the run's name stays in view.
    const moved = await frame.evaluate(() => {
      const box = document.querySelector('.results-box');
      const name = document.querySelector('table.results tbody th.name');
      const before = name.getBoundingClientRect().left;
      box.scrollLeft = 400;
      const scrolled = box.scrollLeft;
      return { scrolled, shift: Math.round(name.getBoundingClientRect().left - before) };
    });
    if (moved.scrolled > 0 && moved.shift !== 0) throw new Error(`the name column moved ${moved.shift} px when the table scrolled ${moved.scrolled} px`);
    await shot.frame(frame, 'experiments-scrolled-sideways');
    await frame.evaluate(() => (document.querySelector('.results-box').scrollLeft = 0));
    const sortState = () => [...document.querySelectorAll('table.results thead th')].map((th) => th.getAttribute('aria-sort')).join(',');
    await focusWebview(frame, 'vscode-textfield');
    await tabUntil(page, frame, { selector: 'button.sort', text: 'Test acc' });
    const before = await frame.evaluate(sortState);
    await page.keyboard.press('Enter');
    const after = await waitInFrame(frame, ([b]) => {
      const s = [...document.querySelectorAll('table.results thead th')].map((th) => th.getAttribute('aria-sort')).join(',');
      return s !== b ? { s, focus: document.activeElement?.textContent?.trim() } : false;
    }, [before], { timeout: 5_000, what: 'the sort to change' });
    if (!/Test acc/.test(after.focus ?? '')) throw new Error(`focus left the sort button: "${after.focus}"`);
    await shot.frame(frame, 'experiments-sorted-by-keyboard');
  });

  await step('an overfitting run: the view says when overfitting began, exactly when the numbers say so', async () => {
    writeFileSync(join(experiments, 'overfit.json'), JSON.stringify(overfitConfig(shared), null, 2) + '\n');
    await quickOpen(page, 'overfit.json');
    await runCommand(page, 'Cats vs Dogs: Train');
    const { view } = await waitForFinishedRun(page, 'overfit');
    runs.overfit = view;
    if (view.badge !== 'Completed' || view.rows.length !== 5) throw new Error(`the run: ${view.badge}, ${view.rows.length} epochs`);
    const row = readCsv(join(experiments, 'results.csv')).find((r) => r.name === 'overfit');
    const metrics = readCsv(join(workspace, row.run_dir, 'metrics.csv')).map((m) => ({ epoch: Number(m.epoch), loss: Number(m.loss), valLoss: Number(m.val_loss) }));
    const began = overfittingBegan(metrics);
    const says = view.insight.match(/overfitting began at epoch (\d+)/)?.[1];
    console.log(`    val_loss ${metrics.map((m) => m.valLoss.toFixed(4)).join(' ')}; rule: ${began ?? 'none'}; view: "${view.insight}"`);
    if (String(began ?? '') !== (says ?? '')) throw new Error(`the rule gives ${began}, the view says "${view.insight}"`);
    await shot('training-overfit-dark');
  });

  await step('Tab reaches Cancel during a run; Enter on it cancels the run', async () => {
    writeFileSync(join(experiments, 'long.json'), JSON.stringify(quickConfig(shared, { name: 'long', training: { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 40, seed: 7 } }), null, 2) + '\n');
    await quickOpen(page, 'long.json');
    await runCommand(page, 'Cats vs Dogs: Train');
    const frame = await labWebview(page, 'main.training', { text: 'long' });
    await waitInFrame(frame, () => !document.querySelector('section.progress')?.hidden, undefined, { timeout: 30_000, what: 'the progress section' });
    // Cancel while epochs run: the engine is busy training then, and must still hear the cancel.
    await waitInFrame(frame, () => document.querySelectorAll('section.epochs table tbody tr').length >= 1, undefined, { timeout: 120_000, what: 'the first epoch' });
    await focusWebview(frame, '#title');
    await tabUntil(page, frame, { selector: 'vscode-button', text: 'Cancel' });
    await page.keyboard.press('Enter');
    const { view } = await waitForFinishedRun(page, 'long', 60_000);
    if (view.badge !== 'Cancelled') throw new Error(`the run ended "${view.badge}"`);
    if (view.rows.length >= 40) throw new Error('every epoch ran');
    await shot('training-cancelled-dark');
    const row = readCsv(join(experiments, 'results.csv')).find((r) => r.name === 'long');
    if (row?.status !== 'cancelled' || Number(row.epochs_run) !== view.rows.length) throw new Error(`results.csv: ${JSON.stringify(row)}; the view shows ${view.rows.length} epochs`);
    const side = await labWebview(page, 'main.experiments', { text: 'long' });
    await waitInFrame(side, () => {
      const tr = [...document.querySelectorAll('table.results tbody tr')].find((r) => r.querySelector('th.name')?.textContent?.startsWith('long'));
      return tr?.querySelector('.status .visually-hidden')?.textContent === 'Cancelled';
    }, undefined, { timeout: 10_000, what: 'the sidebar to show long as cancelled' });
  });

  await step('closing and reopening the Training view shows the last run again', async () => {
    const shown = await (await labWebview(page, 'main.training', { text: 'long' })).evaluate(readTrainingView);
    await runCommand(page, 'Cats vs Dogs: Show Training'); // makes it the active editor, to close it
    await page.locator('.tabs-container .tab.active', { hasText: 'Training' }).waitFor({ state: 'visible', timeout: 10_000 });
    await runCommand(page, 'View: Close Editor');
    await page.locator('.tabs-container .tab', { hasText: 'Training' }).first().waitFor({ state: 'detached', timeout: 10_000 });
    await runCommand(page, 'Cats vs Dogs: Show Training');
    const { view } = await waitForFinishedRun(page, 'long', 30_000);
    for (const key of ['title', 'badge', 'big', 'insight', 'rows', 'meta']) {
      if (JSON.stringify(view[key]) !== JSON.stringify(shown[key])) throw new Error(`reopened, ${key} is ${JSON.stringify(view[key])}; before closing ${JSON.stringify(shown[key])}`);
    }
    // A past run comes back from its name in the sidebar, overfitting sentence included.
    const side = await labWebview(page, 'main.experiments', { text: 'overfit' });
    await side.locator('table.results tbody th.name button.link', { hasText: /^overfit$/ }).click();
    const past = (await waitForFinishedRun(page, 'overfit', 30_000)).view;
    const was = runs.overfit;
    if (!was || past.rows.length !== was.rows.length || past.big !== was.big || past.insight !== was.insight) {
      throw new Error(`the past run shows ${past.rows.length} epochs, "${past.big}", "${past.insight}"; live it was ${JSON.stringify(was && [was.rows.length, was.big, was.insight])}`);
    }
  });

  const themes = [
    ['Light Modern', 'vs', 'vscode-light'],
    ['Dark High Contrast', 'hc-black', 'vscode-high-contrast'],
    ['Light High Contrast', 'hc-light', 'vscode-high-contrast-light'],
    ['Dark Modern', 'vs-dark', 'vscode-dark'],
  ];
  for (const [label, type, kind] of themes) {
    await step(`the views follow the ${label} theme`, async () => {
      await setColorTheme(page, label, type).catch(async (err) => {
        throw new Error(`the workbench wears ${await workbenchThemeType(page)}, not ${type}: ${err.message}`);
      });
      for (const selector of ['main.training', 'main.experiments']) {
        const frame = await labWebview(page, selector);
        await waitInFrame(frame, ([k]) => document.body.getAttribute('data-vscode-theme-kind') === k, [kind], { timeout: 10_000, what: `${selector} in ${kind}` });
      }
      await page.waitForTimeout(300); // the charts redraw on the theme switch
      const slug = label.toLowerCase().replace(/\s+/g, '-');
      await shot(`theme-${slug}`);
      await shot.frame(await labWebview(page, 'main.training'), `theme-${slug}-training`);
      await shot.frame(await labWebview(page, 'main.experiments'), `theme-${slug}-experiments`);
    });
  }
}
