import '../../support/installFakeVscode'; // first: the modules below import `vscode`
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainResult } from '../../../src/extension/commands/train';
import { offerResume } from '../../../src/extension/sweep/resumeSweep';
import { SWEEP_STATE_KEY, SweepRunner } from '../../../src/extension/sweep/sweepRunner';
import { createSweep, startItem, type SweepState } from '../../../src/shared/sweep/sweepQueue';
import { FakeMemento, Uri, messageAnswers, progress, shown, statusItems, workspaceState } from '../../support/fakeVscode';

/** A memento that keeps every stored sweep, to see what a reload at any moment would find. */
class RecordingMemento extends FakeMemento {
  readonly history: SweepState[] = [];
  override update(key: string, value: unknown): Promise<void> {
    if (key === SWEEP_STATE_KEY && value) this.history.push(structuredClone(value as SweepState));
    return super.update(key, value);
  }
}

const waitUntil = async (ok: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ok(), `timed out waiting for ${what}`);
};

describe('host: sweep runner', () => {
  let dir: string;
  const sweepOf = (...labels: string[]) =>
    createSweep({ id: 't', title: 'base: dropout', createdAt: '2026-01-01T00:00:00Z', items: labels.map((label) => ({ label, config: `experiments/${label}.json` })) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sweep-runner-'));
    mkdirSync(join(dir, 'experiments'));
    for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, 'experiments', `${name}.json`), '{}');
    workspaceState.folders = [{ uri: Uri.file(dir), name: 'lab', index: 0 }];
    shown.length = 0;
    progress.reports.length = 0;
  });
  afterEach(() => {
    workspaceState.folders = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every item through Train, goes on after failures, and stores the state after each step', async () => {
    const memento = new RecordingMemento();
    const trained: string[] = [];
    const outcomes: Record<string, () => Promise<TrainResult | undefined>> = {
      a: () => Promise.reject(new Error('engine exploded')),
      b: () => Promise.resolve({ status: 'failed' }),
      c: () => Promise.resolve({ status: 'completed', runId: 'run-c', testAcc: 0.97 }),
    };
    const runner = new SweepRunner(memento as any, (uri) => {
      const name = uri.fsPath.split('/').pop()!.replace('.json', '');
      trained.push(name);
      return outcomes[name]();
    });
    const final = await runner.run(sweepOf('a', 'b', 'c', 'gone'));
    assert.deepEqual(trained, ['a', 'b', 'c'], 'a missing config fails without a run');
    assert.equal(final.status, 'finished');
    assert.deepEqual(final.items.map((i) => i.status), ['failed', 'failed', 'completed', 'failed']);
    assert.equal(final.items[0].error, 'engine exploded');
    assert.match(final.items[3].error!, /does not exist/);
    assert.equal(final.items[2].runId, 'run-c');
    // Stored after every start and end: a reload at any point finds the truth.
    assert.deepEqual(memento.history.map((s) => s.items.map((i) => i.status[0]).join('')), ['pppp', 'rppp', 'fppp', 'frpp', 'ffpp', 'ffrp', 'ffcp', 'ffcr', 'ffcf']);
    assert.deepEqual(progress.reports, ['1/4: a', '2/4: b', '3/4: c', '4/4: gone']);
    assert.ok(statusItems.some((s) => s.text.includes('Sweep 4/4')), 'the status bar counted the runs');
    assert.ok(!statusItems.some((s) => s.visible && s.text.includes('Sweep')), 'and is hidden at the end');
    assert.match(shown.at(-1)!.message, /finished: 1 completed, 3 failed, 0 cancelled\. Best: c \(97\.00%\)/);
    runner.dispose();
  });

  it('a cancel stops the sweep: the run in progress ends, the rest never start', async () => {
    const memento = new RecordingMemento();
    const trained: string[] = [];
    const runner = new SweepRunner(memento as any, async (uri) => {
      trained.push(uri.fsPath);
      if (trained.length === 1) {
        progress.cancel.fire(); // the Cancel button of the progress notification
        await new Promise((r) => setTimeout(r, 10));
      }
      return { status: 'cancelled', runId: 'run-a' };
    });
    const final = await runner.run(sweepOf('a', 'b', 'c'));
    assert.equal(trained.length, 1);
    assert.equal(final.status, 'cancelled');
    assert.deepEqual(final.items.map((i) => i.status), ['cancelled', 'cancelled', 'cancelled']);
    assert.equal(final.items[0].runId, 'run-a');
    assert.equal(runner.isRunning, false);
    runner.dispose();
  });

  it('after a reload offers to resume, and "Resume" runs the interrupted item again and the rest', async () => {
    const memento = new RecordingMemento();
    const interrupted = startItem(startItem(sweepOf('a', 'b', 'c'), 0), 1);
    interrupted.items[0] = { ...interrupted.items[0], status: 'completed', runId: 'run-a' };
    await memento.update(SWEEP_STATE_KEY, interrupted);
    const trained: string[] = [];
    const runner = new SweepRunner(memento as any, async (uri) => {
      trained.push(uri.fsPath.split('/').pop()!);
      return { status: 'completed', runId: `run-${trained.length}` };
    });
    messageAnswers.push('Resume');
    await offerResume(runner);
    const offer = shown.find((m) => /interrupted/.test(m.message));
    assert.ok(offer, 'a notification offers to resume');
    assert.match(offer.message, /2 of 3 runs left/);
    assert.deepEqual(offer.actions, ['Resume', 'Discard']);
    await waitUntil(() => runner.stored()?.status === 'finished', 'the resumed sweep to finish');
    assert.deepEqual(trained, ['b.json', 'c.json']);
    assert.deepEqual(runner.stored()!.items.map((i) => [i.status, i.attempts]), [['completed', 1], ['completed', 2], ['completed', 1]]);
    runner.dispose();
  });

  it('"Discard" forgets the interrupted sweep; a finished one is not offered at all', async () => {
    const memento = new RecordingMemento();
    await memento.update(SWEEP_STATE_KEY, startItem(sweepOf('a', 'b'), 0));
    const runner = new SweepRunner(memento as any, () => Promise.reject(new Error('must not train')));
    messageAnswers.push('Discard');
    await offerResume(runner);
    await waitUntil(() => memento.get(SWEEP_STATE_KEY) === undefined, 'the stored sweep to go');
    shown.length = 0;
    await memento.update(SWEEP_STATE_KEY, { ...sweepOf('a'), status: 'finished' });
    await offerResume(new SweepRunner(memento as any, () => Promise.reject(new Error('must not train'))));
    assert.equal(shown.length, 0);
    runner.dispose();
  });
});
