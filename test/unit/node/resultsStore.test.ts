import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTable } from '../../../src/shared/results/csv';
import { LockTimeoutError, withFileLock } from '../../../src/shared/node/fileLock';
import {
  LOCK_FILE,
  PENDING_FILE,
  RESULTS_FILE,
  ResultsTableDamagedError,
  appendRow,
  deleteRow,
  markStaleRunning,
  mergePending,
  readTable,
  upsertRow,
} from '../../../src/shared/node/resultsStore';
import { removeRunOwner, runOwnerAlive, writeRunOwner } from '../../../src/shared/node/runOwner';
import { sampleRow } from '../../support/resultRow';

function runNode(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The id of a process that has exited (so nobody holds it now). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('results store (experiments/results.csv)', function () {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cats-dogs-results-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the table, appends rows and updates a running row in place', async () => {
    const running = sampleRow({ runId: 'a', status: 'running', testAcc: undefined, testLoss: undefined });
    assert.equal((await appendRow(dir, running)).written, true);
    await appendRow(dir, sampleRow({ runId: 'b' }));
    await upsertRow(dir, sampleRow({ runId: 'a', status: 'completed', testAcc: 0.9 }));
    const table = await readTable(dir);
    assert.deepEqual(table.problems, []);
    assert.deepEqual(table.rows.map((r) => [r.runId, r.status, r.testAcc]), [['a', 'completed', 0.9], ['b', 'completed', 0.9731]]);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'the lock is released');
  });

  it('loses no row when two processes append 50 rows each at the same time', async function () {
    this.timeout(60_000);
    const script = join(__dirname, 'fixtures', 'appendRows.ts');
    const [a, b] = await Promise.all([runNode([script, dir, 'left', '50']), runNode([script, dir, 'right', '50'])]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const table = await readTable(dir);
    assert.deepEqual(table.problems, []);
    assert.equal(table.rows.length, 100);
    const ids = new Set(table.rows.map((r) => r.runId));
    for (let i = 0; i < 50; i++) assert.ok(ids.has(`left-${i}`) && ids.has(`right-${i}`), `row ${i} of both writers`);
  });

  it('refuses to rewrite a damaged table, keeps the row in results.pending.csv, and merges it once the table is fixed', async () => {
    await appendRow(dir, sampleRow({ runId: 'a' }));
    const path = join(dir, RESULTS_FILE);
    const damaged = readFileSync(path, 'utf8') + 'half,a,row\n';
    writeFileSync(path, damaged);
    const outcome = await appendRow(dir, sampleRow({ runId: 'b' }));
    assert.equal(outcome.written, false);
    assert.ok(!outcome.written && /line 3: 3 fields/.test(outcome.message) && outcome.message.includes(PENDING_FILE), !outcome.written ? outcome.message : '');
    assert.equal(readFileSync(path, 'utf8'), damaged, 'the damaged file is untouched');
    assert.deepEqual((await readTable(dir)).pendingRows.map((r) => r.runId), ['b']);
    await assert.rejects(deleteRow(dir, 'a'), ResultsTableDamagedError);
    assert.deepEqual(await markStaleRunning(dir, () => false), []);

    writeFileSync(path, damaged.replace('half,a,row\n', '')); // the user fixes it
    assert.equal(await mergePending(dir), 1);
    const table = await readTable(dir);
    assert.deepEqual(table.rows.map((r) => r.runId), ['a', 'b']);
    assert.deepEqual(table.pendingRows, []);
    assert.equal(existsSync(join(dir, PENDING_FILE)), false);
  });

  it("keeps a user's extra columns, their values and the column order through a rewrite", async () => {
    const original = encodeTable([sampleRow({ runId: 'a' }), sampleRow({ runId: 'b' })]).split('\n');
    const withNotes = [
      `notes,${original[0]},"my, rating"`,
      `"looks good, ""really""",${original[1]},5`,
      `=SUM(1),${original[2]},`,
      '',
    ].join('\n');
    writeFileSync(join(dir, RESULTS_FILE), withNotes);
    await appendRow(dir, sampleRow({ runId: 'c' }));
    await deleteRow(dir, 'b');
    const text = readFileSync(join(dir, RESULTS_FILE), 'utf8');
    const table = await readTable(dir);
    assert.deepEqual(table.problems, []);
    assert.deepEqual(table.extraColumns, ['notes', 'my, rating']);
    assert.deepEqual(table.rows.map((r) => r.runId), ['a', 'c']);
    assert.deepEqual(table.layout.extraValues, { a: { notes: 'looks good, "really"', 'my, rating': '5' }, c: { notes: '', 'my, rating': '' } });
    assert.ok(text.startsWith('notes,run_id,'), 'column order kept');
    assert.ok(!text.includes("'=SUM"), "a user's cell is written back as it was");
  });

  it('turns runs whose process is gone from running into failed, leaving live ones alone', async () => {
    await appendRow(dir, sampleRow({ runId: 'dead', status: 'running' }));
    await appendRow(dir, sampleRow({ runId: 'alive', status: 'running' }));
    await appendRow(dir, sampleRow({ runId: 'done', status: 'completed' }));
    const asked: string[] = [];
    const changed = await markStaleRunning(dir, async (row) => (asked.push(row.runId), row.runId === 'alive'));
    assert.deepEqual(changed, ['dead']);
    assert.deepEqual(asked.sort(), ['alive', 'dead']);
    assert.deepEqual((await readTable(dir)).rows.map((r) => `${r.runId}:${r.status}`), ['dead:failed', 'alive:running', 'done:completed']);
  });

  it('deletes a row and says whether there was one', async () => {
    await appendRow(dir, sampleRow({ runId: 'a' }));
    assert.equal(await deleteRow(dir, 'a'), true);
    assert.equal(await deleteRow(dir, 'a'), false);
    assert.deepEqual((await readTable(dir)).rows, []);
  });

  it('takes over a lock left by a dead process or an old one, and waits for a live one', async () => {
    const lock = join(dir, LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), time: Date.now() }));
    await appendRow(dir, sampleRow({ runId: 'after-dead' }), { timeoutMs: 2000 });
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() - 60_000 }));
    await appendRow(dir, sampleRow({ runId: 'after-old' }), { timeoutMs: 2000 });
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() }));
    await assert.rejects(appendRow(dir, sampleRow({ runId: 'blocked' }), { timeoutMs: 200 }), (err: unknown) => err instanceof LockTimeoutError && /delete that file/.test(err.message));
    assert.deepEqual((await readTable(dir)).rows.map((r) => r.runId), ['after-dead', 'after-old']);
  });

  it('serialises writers inside one process too', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendRow(dir, sampleRow({ runId: `p${i}` }), { retryMs: 2 })));
    assert.equal((await readTable(dir)).rows.length, 20);
  });

  it('releases the lock when the work throws', async () => {
    const lock = join(dir, 'x.lock');
    await assert.rejects(withFileLock(lock, async () => { throw new Error('boom'); }), /boom/);
    assert.equal(existsSync(lock), false);
  });
});

describe('run owner (which process runs a run)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cats-dogs-owner-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells a live run from a dead one, and lets markStaleRunning fail only the dead', async () => {
    const runs = join(dir, 'runs');
    await writeRunOwner(join(runs, 'live'));
    await writeRunOwner(join(runs, 'dead'), deadPid());
    await appendRow(dir, sampleRow({ runId: 'live', status: 'running' }));
    await appendRow(dir, sampleRow({ runId: 'dead', status: 'running' }));
    await appendRow(dir, sampleRow({ runId: 'no-owner', status: 'running' }));
    assert.equal(await runOwnerAlive(join(runs, 'live')), true);
    assert.equal(await runOwnerAlive(join(runs, 'dead')), false);
    assert.equal(await runOwnerAlive(join(runs, 'no-owner')), false);
    const changed = await markStaleRunning(dir, (row) => runOwnerAlive(join(runs, row.runId)));
    assert.deepEqual(changed.sort(), ['dead', 'no-owner']);
    await removeRunOwner(join(runs, 'live'));
    assert.equal(await runOwnerAlive(join(runs, 'live')), false);
  });

  it('takes a run owned by another machine to be alive', async () => {
    const runDir = join(dir, 'runs', 'remote');
    await writeRunOwner(runDir);
    writeFileSync(join(runDir, '.owner.json'), JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, time: Date.now() }));
    assert.equal(await runOwnerAlive(runDir), true);
  });
});
