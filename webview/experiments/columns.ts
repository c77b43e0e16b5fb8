/** The results table's visible columns: what each shows and how it sorts. */
import type { ResultRow } from '../../src/shared/results/row';
import { NUMERIC_FIELDS } from '../../src/shared/results/row';
import { clock, dateTime, integer, percent, rate } from '../common/format';
import type { MessageKey } from '../common/i18n';

export interface Column {
  key: keyof ResultRow;
  label: MessageKey;
  text: (row: ResultRow) => string;
  numeric: boolean;
}

const col = (key: keyof ResultRow, label: MessageKey, text: (row: ResultRow) => string): Column => ({ key, label, text, numeric: NUMERIC_FIELDS.has(key) });

export const COLUMNS: readonly Column[] = [
  col('name', 'col.name', (r) => r.name),
  col('testAcc', 'col.testAcc', (r) => percent(r.testAcc)),
  col('bestValAcc', 'col.bestValAcc', (r) => percent(r.bestValAcc)),
  col('trainSeconds', 'col.trainSeconds', (r) => clock(r.trainSeconds)),
  col('backbone', 'col.backbone', (r) => r.backbone),
  col('inputSize', 'col.inputSize', (r) => r.inputSize),
  col('head', 'col.head', (r) => `${r.pooling}${r.head ? ` ${r.head}` : ''}`),
  col('optimizer', 'col.optimizer', (r) => r.optimizer),
  col('learningRate', 'col.learningRate', (r) => rate(r.learningRate)),
  col('batchSize', 'col.batchSize', (r) => integer(r.batchSize)),
  col('epochsRun', 'col.epochsRun', (r) => (r.epochsPlanned ? `${r.epochsRun}/${r.epochsPlanned}` : String(r.epochsRun))),
  col('backend', 'col.backend', (r) => r.backend),
  col('date', 'col.date', (r) => dateTime(r.date)),
];
