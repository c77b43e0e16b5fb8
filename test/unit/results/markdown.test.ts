import { strict as assert } from 'node:assert';
import { parseTable, splitCsv } from '../../../src/shared/results/csv';
import { escapeCell, formatDuration, formatLearningRate, resultsCsv, resultsMarkdown } from '../../../src/shared/results/markdown';
import { sampleRow } from '../../support/resultRow';

/** The cells of a Markdown table row, split on pipes that are not escaped. */
function cells(line: string): string[] {
  return line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

const rows = [
  sampleRow({ runId: 'r2', date: '2026-11-27T12:00:00.000Z', name: 'baseline-dropout-0.25', head: '256relu-d0.25', testAcc: 0.981, bestValAcc: 0.985, trainSeconds: 83, secondsPerEpoch: 8.3, epochsRun: 7, epochsPlanned: 10 }),
  sampleRow({ runId: 'r1', date: '2026-11-27T10:00:00.000Z', name: 'baseline', testAcc: 0.9731 }),
  sampleRow({ runId: 'r3', date: '2026-11-27T13:00:00.000Z', name: 'broken', status: 'failed', testAcc: undefined }),
  sampleRow({ runId: 'r4', date: '2026-11-27T14:00:00.000Z', name: 'now', status: 'running', testAcc: undefined }),
];

describe('results export', () => {
  it('writes a table of the completed runs, oldest first, the best in bold, and a date line', () => {
    const md = resultsMarkdown(rows, { date: '2026-11-28 09:15' });
    const lines = md.split('\n');
    assert.deepEqual(cells(lines[0]), ['Name', 'Backbone', 'Input', 'Pooling', 'Head', 'LR', 'Epochs', 'Best val acc', 'Test acc', 'Time', 's/epoch']);
    assert.equal(lines[1], '| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    assert.deepEqual(cells(lines[2]), ['baseline', 'VGG16', '150x150', 'flatten', '256relu-d0.5', '1e-5', '10', '97.53 %', '97.31 %', '1:16:40', '460.0']);
    assert.deepEqual(cells(lines[3]), ['**baseline-dropout-0.25**', '**VGG16**', '**150x150**', '**flatten**', '**256relu-d0.25**', '**1e-5**', '**7/10**', '**98.50 %**', '**98.10 %**', '**1:23**', '**8.3**']);
    assert.equal(lines[4], '', 'failed and running runs are left out');
    assert.equal(lines[5], '_Cats vs Dogs Lab, 2026-11-28 09:15: 2 completed runs, the best in bold._');
  });

  it('escapes pipes, line breaks and Markdown in names, so a name never breaks the table', () => {
    const md = resultsMarkdown([sampleRow({ name: 'a|b\nc *d* `e` <i>x</i> [l](u) \\ & _f_' })], { date: 'today' });
    const row = md.split('\n')[2];
    assert.equal(cells(row).length, 11, row);
    assert.ok(!row.includes('\n'));
    assert.equal(escapeCell('a|b\nc'), 'a\\|b c');
    assert.equal(escapeCell('x\r\ny'), 'x y');
    assert.equal(escapeCell('*d* `e` <i> [l] _f_ \\ & #1'), '\\*d\\* \\`e\\` \\<i\\> \\[l\\] \\_f\\_ \\\\ &amp; \\#1');
  });

  it('says so when no run has completed', () => {
    const md = resultsMarkdown([rows[2]], { date: 'd' });
    assert.match(md, /^No completed runs yet\.\n\n_Cats vs Dogs Lab, d: 0 completed runs/);
    assert.ok(!md.includes('| ---'));
  });

  it('takes translated words', () => {
    const md = resultsMarkdown([rows[1]], {
      date: '28.11.2026',
      labels: {
        columns: { name: 'Имя', backbone: 'Основа', input: 'Вход', pooling: 'Пулинг', head: 'Голова', lr: 'LR', epochs: 'Эпохи', bestValAcc: 'Вал.', testAcc: 'Тест', time: 'Время', secondsPerEpoch: 'с/эпоха' },
        dateLine: 'Экспорт {0}: запусков {1}',
        noRuns: 'Нет запусков.',
        noHiddenLayers: 'нет',
      },
    });
    assert.ok(md.startsWith('| Имя | Основа |'));
    assert.match(md, /_Экспорт 28\.11\.2026: запусков 1_/);
  });

  it('formats rates, durations and a head without hidden layers', () => {
    assert.equal(formatLearningRate(1e-5), '1e-5');
    assert.equal(formatLearningRate(2.5e-4), '2.5e-4');
    assert.equal(formatLearningRate(0.01), '0.01');
    assert.equal(formatDuration(59.6), '1:00');
    assert.equal(formatDuration(3725), '1:02:05');
    const md = resultsMarkdown([sampleRow({ head: '' })], { date: 'd' });
    assert.equal(cells(md.split('\n')[2])[4], '**none**');
  });

  it('writes the same runs as CSV with plain numbers and a best flag', () => {
    const csv = resultsCsv([...rows, sampleRow({ runId: 'r5', date: '2026-11-27T15:00:00.000Z', name: '=HYPERLINK("x")', testAcc: 0.5 })]);
    const { records, error } = splitCsv(csv);
    assert.equal(error, undefined);
    assert.deepEqual(records[0].fields.slice(0, 3), ['name', 'backbone', 'input_size']);
    assert.equal(records.length, 4, 'a header and the three completed runs');
    const byName = Object.fromEntries(records.slice(1).map((r) => [r.fields[0], r.fields]));
    assert.equal(byName['baseline-dropout-0.25'][9], '0.981');
    assert.equal(byName['baseline-dropout-0.25'][12], 'true');
    assert.equal(byName['baseline'][12], 'false');
    assert.ok(byName["'=HYPERLINK(\"x\")"], 'a formula in a name is defused');
    // It is not the results table: that one keeps every column and every run.
    assert.ok(parseTable(csv).problems.length > 0);
  });
});
