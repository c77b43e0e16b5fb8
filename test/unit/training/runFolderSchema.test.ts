import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RunFolder, rebaseSchemaRef } from '../../../src/engine/training/runFolder';
import { validateConfig } from '../../../src/shared/config/validate';
import { baselineConfig } from '../../../src/shared/config/templates';

describe('the run folder\'s copy of the config', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'run-schema-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps "$schema" pointing at the same schema file from the run folder', async () => {
    const experiments = join(dir, 'experiments');
    const run = await RunFolder.create(experiments, 'baseline', new Date('2026-01-02T03:04:05Z'));
    const { config } = validateConfig(baselineConfig());
    assert.ok(config);
    await run.writeConfig(config, join(experiments, 'baseline.json'));
    const written = JSON.parse(readFileSync(run.path('config'), 'utf8'));
    assert.equal(written.$schema, '../../.schema/experiment.schema.json');
    assert.equal(resolve(run.dir, written.$schema), join(experiments, '.schema', 'experiment.schema.json'));
    assert.deepEqual({ ...written, $schema: config.$schema }, JSON.parse(JSON.stringify(config)), 'nothing else changes');
  });

  it('leaves URLs, absolute paths and configs without a source path alone', async () => {
    assert.equal(rebaseSchemaRef('https://example.org/s.json', '/a', '/a/runs/x'), 'https://example.org/s.json');
    assert.equal(rebaseSchemaRef('/abs/s.json', '/a', '/a/runs/x'), '/abs/s.json');
    assert.equal(rebaseSchemaRef('s.json', '/a/runs', '/a'), './runs/s.json');
    const run = await RunFolder.create(dir, 'x');
    const { config } = validateConfig(baselineConfig());
    await run.writeConfig(config!);
    assert.equal(JSON.parse(readFileSync(run.path('config'), 'utf8')).$schema, './.schema/experiment.schema.json');
  });
});
