import { strict as assert } from 'node:assert';
import { describeProgress, formatDuration, ProgressPrinter, renderBar } from '../../../src/engine/cli/progress';
import { formatCounts, parseSplit } from '../../../src/engine/cli/commands/prepare';

type P = Parameters<ProgressPrinter['progress']>[0];
const ev = (done: number, total: number, extra: Partial<P> = {}): P => ({ type: 'progress', phase: 'prepare', done, total, unit: 'photos', ...extra });

describe('cli/progress', () => {
  it('describes progress in words', () => {
    assert.equal(describeProgress(ev(1234, 2000, { rate: 210.4, etaSeconds: 3.7 })), '1,234/2,000 photos (61%) 210 photos/s ETA 0:04');
    assert.equal(describeProgress({ ...ev(5e6, 8e8, { rate: 2e6 }), unit: 'bytes', phase: 'download' }), '5.0 MB/800.0 MB (0%) 2.0 MB/s');
    assert.equal(formatDuration(3725), '1:02:05');
    assert.equal(renderBar(5, 10, 10), '[#####-----]');
    assert.equal(renderBar(0, 0, 4), '[----]');
  });

  it('redraws one line on a terminal and ends it when done', () => {
    let text = '';
    const p = new ProgressPrinter({ write: (s: string) => (text += s), isTTY: true, columns: 100 });
    p.progress(ev(1, 4));
    p.progress(ev(2, 4));
    p.line('a message');
    p.progress(ev(4, 4));
    assert.equal(text.split('\n').length, 3, JSON.stringify(text));
    assert.ok(text.startsWith('\r\u001b[2Kprepare  ['), JSON.stringify(text));
    assert.match(text, /prepare +\[#+-+\] 1\/4 photos/);
    assert.match(text, /a message\n/);
    assert.ok(text.endsWith('(100%)\n'), JSON.stringify(text));
  });

  it('prints plain lines now and then when not on a terminal', () => {
    const lines: string[] = [];
    let t = 0;
    const p = new ProgressPrinter({ write: (s: string) => lines.push(s) }, () => t);
    for (let i = 0; i <= 1000; i++) {
      t += 1;
      p.progress(ev(i, 1000));
    }
    assert.equal(lines.length, 11); // 0 %, 10 %, ... 100 %
    assert.ok(lines.every((l) => l.endsWith('\n') && !l.includes('\r')));
  });
});

describe('cli/prepare helpers', () => {
  it('parses --split in its usual spellings and refuses bad ones', () => {
    assert.deepEqual(parseSplit('70,15,15'), [70, 15, 15]);
    assert.deepEqual(parseSplit('0.8/0.1/0.1'), [0.8, 0.1, 0.1]);
    assert.match((parseSplit('70,30') as { error: string }).error, /three numbers/);
    assert.match((parseSplit('70,,30') as { error: string }).error, /above 0/);
    assert.match((parseSplit('a,b,c') as { error: string }).error, /above 0/);
  });

  it('formats the counts as a table with totals', () => {
    const t = formatCounts({ train: { cats: 700, dogs: 699 }, validation: { cats: 150, dogs: 150 }, test: { cats: 150, dogs: 151 } });
    assert.match(t, /train +700 +699 +1399/);
    assert.match(t, /all +1000 +1000 +2000/);
  });
});
