import { strict as assert } from 'node:assert';
import { encodeTable, parseTable, splitCsv } from '../../../src/shared/results/csv';
import { RESULT_COLUMNS } from '../../../src/shared/results/row';
import { sampleRow } from '../../support/resultRow';

const row = sampleRow;

describe('results table CSV', () => {
  it('round-trips rows, including commas, quotes, newlines and Cyrillic', () => {
    const failed = row({ runId: 'r2', name: 'головы, "большие"\nвторая строка', status: 'failed' });
    delete failed.testAcc;
    const rows = [row(), failed];
    const parsed = parseTable(encodeTable(rows));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.rows, rows);
  });

  it('writes the header with every column', () => {
    assert.equal(encodeTable([]).split('\n')[0], RESULT_COLUMNS.join(','));
  });

  it('defuses spreadsheet formulas in text fields and restores them on read', () => {
    const text = encodeTable([row({ name: '=HYPERLINK("x")' })]);
    assert.match(text, /"'=HYPERLINK\(""x""\)"/);
    assert.equal(parseTable(text).rows[0].name, '=HYPERLINK("x")');
  });

  it('reports damaged lines instead of guessing', () => {
    const good = encodeTable([row()]);
    const damaged = good + 'only,three,fields\n' + good.split('\n')[1].replace('0.9731', 'abc') + '\n';
    const parsed = parseTable(damaged);
    assert.equal(parsed.rows.length, 1);
    assert.deepEqual(parsed.problems.map((p) => p.line), [3, 4]);
    assert.match(parsed.problems[1].message, /test_acc is "abc"/);
  });

  it('reports a missing header column, an unclosed quote and duplicate run ids', () => {
    assert.match(parseTable('run_id,name\nx,y\n').problems[0].message, /lacks columns/);
    assert.match(splitCsv('a,"b\n').error!.message, /not closed/);
    const dup = encodeTable([row(), row()]);
    assert.match(parseTable(dup).problems[0].message, /appears twice/);
  });

  it('reads CRLF files and a byte-order mark', () => {
    const text = '\uFEFF' + encodeTable([row()]).replace(/\n/g, '\r\n');
    assert.equal(parseTable(text).rows.length, 1);
  });
});
