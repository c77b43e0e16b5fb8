import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanStale, createWorkFolder, inspectTarget, looksLikeDataset, MARKER_FILE, swapIntoPlace } from '../../../src/engine/dataset/target';

/** A process id that surely belongs to no running process: one that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('dataset/target', () => {
  let root: string;
  let out: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'target-'));
    out = join(root, 'cats_vs_dogs');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('inspects absent, empty, file, unmanaged and damaged targets', async () => {
    assert.deepEqual(await inspectTarget(out), { kind: 'absent' });
    mkdirSync(out);
    assert.deepEqual(await inspectTarget(out), { kind: 'empty' });
    writeFileSync(join(out, 'notes.txt'), 'x');
    assert.deepEqual(await inspectTarget(out), { kind: 'unmanaged', entries: ['notes.txt'] });
    writeFileSync(join(out, 'dataset.json'), '{oops');
    assert.equal((await inspectTarget(out)).kind, 'damaged');
    writeFileSync(join(root, 'file'), 'x');
    await assert.rejects(inspectTarget(join(root, 'file')), /is a file, not a folder/);
    await assert.rejects(inspectTarget(join(root, 'file', 'sub')), /part of its path is a file/);
  });

  it('looksLikeDataset accepts only dataset parts', () => {
    assert.ok(looksLikeDataset(['train', 'validation', 'test', 'dataset.json', '.DS_Store']));
    assert.ok(looksLikeDataset([]));
    assert.ok(!looksLikeDataset(['train', 'src']));
  });

  it('cleans a dead run\'s work folder, keeps foreign look-alikes, refuses while a run is alive', async () => {
    const stale = `${out}.tmp-0123456789ab`;
    mkdirSync(join(stale, 'train'), { recursive: true });
    writeFileSync(join(stale, MARKER_FILE), JSON.stringify({ pid: deadPid() }));
    const foreign = `${out}.tmp-ffffffffffff`; // no marker: not ours
    mkdirSync(foreign);
    const msgs = await cleanStale(out);
    assert.equal(msgs.length, 1);
    assert.ok(!existsSync(stale));
    assert.ok(existsSync(foreign));

    const busy = `${out}.tmp-aaaaaaaaaaaa`;
    mkdirSync(busy);
    writeFileSync(join(busy, MARKER_FILE), JSON.stringify({ pid: process.ppid })); // a live process

    await assert.rejects(cleanStale(out), /Another preparation .* is running/);
  });

  it('puts back a dataset moved aside by a run killed mid-swap, or deletes it when the new one is in place', async () => {
    const aside = `${out}.old-0123456789ab`;
    mkdirSync(join(aside, 'train'), { recursive: true });
    writeFileSync(join(aside, 'dataset.json'), '{}');
    await cleanStale(out);
    assert.ok(existsSync(join(out, 'dataset.json')));
    assert.ok(!existsSync(aside));
    mkdirSync(aside);
    await cleanStale(out);
    assert.ok(!existsSync(aside));
    assert.ok(existsSync(out));
  });

  it('swaps a work folder into place and removes the old dataset and the marker', async () => {
    mkdirSync(join(out, 'train'), { recursive: true });
    writeFileSync(join(out, 'train', 'old.jpg'), 'x');
    const work = await createWorkFolder(out);
    assert.ok(work.startsWith(`${out}.tmp-`));
    writeFileSync(join(work, 'dataset.json'), '{}');
    const warnings: string[] = [];
    await swapIntoPlace(work, out, (m) => warnings.push(m));
    assert.deepEqual(readdirSync(out), ['dataset.json']);
    assert.deepEqual(readdirSync(root), ['cats_vs_dogs']);
    assert.deepEqual(warnings, []);
  });
});
