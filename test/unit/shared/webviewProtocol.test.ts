import { strict as assert } from 'node:assert';
import { MAX_COMPARED, isSafeRunId, parseExperimentsViewMessage, parseTrainingViewMessage } from '../../../src/shared/protocol/webview';

describe('webview messages are validated strictly', () => {
  it('accepts run ids that are plain folder names only', () => {
    for (const ok of ['2026-11-27T10-00-00-baseline', 'a', 'run_1.2']) assert.ok(isSafeRunId(ok), ok);
    for (const bad of ['', '..', 'a/../b', '../x', 'a/b', 'a\\b', '.hidden', '-x', 'a..b', 'C:', 'x'.repeat(201), 5, null]) assert.ok(!isSafeRunId(bad), String(bad));
  });

  it('rebuilds training view messages from known fields only', () => {
    assert.deepEqual(parseTrainingViewMessage({ type: 'cancel', extra: '<script>' }), { type: 'cancel' });
    assert.deepEqual(parseTrainingViewMessage({ type: 'ready', protocolVersion: 1 }), { type: 'ready', protocolVersion: 1 });
    assert.equal(parseTrainingViewMessage({ type: 'ready' }), undefined);
    assert.equal(parseTrainingViewMessage({ type: 'rm -rf' }), undefined);
    assert.equal(parseTrainingViewMessage('cancel'), undefined);
  });

  it('takes a photo to open only as a plain path string (the host checks where it lies)', () => {
    assert.deepEqual(parseTrainingViewMessage({ type: 'openPhoto', file: '/w/cats_vs_dogs/test/cats/cat.1.jpg', x: 1 }), { type: 'openPhoto', file: '/w/cats_vs_dogs/test/cats/cat.1.jpg' });
    for (const file of ['', 'a\0b', 'x'.repeat(5000), 42, undefined, { path: '/a' }]) assert.equal(parseTrainingViewMessage({ type: 'openPhoto', file }), undefined, String(file));
  });

  it('accepts run actions and comparisons only for safe, distinct, bounded run ids', () => {
    assert.deepEqual(parseExperimentsViewMessage({ type: 'runAction', action: 'delete', runId: 'r1' }), { type: 'runAction', action: 'delete', runId: 'r1' });
    assert.equal(parseExperimentsViewMessage({ type: 'runAction', action: 'delete', runId: '../../etc' }), undefined);
    assert.equal(parseExperimentsViewMessage({ type: 'runAction', action: 'format', runId: 'r1' }), undefined);
    assert.deepEqual(parseExperimentsViewMessage({ type: 'compare', runIds: ['a', 'b'] }), { type: 'compare', runIds: ['a', 'b'] });
    assert.deepEqual(parseExperimentsViewMessage({ type: 'compare', runIds: [] }), { type: 'compare', runIds: [] });
    assert.equal(parseExperimentsViewMessage({ type: 'compare', runIds: ['a', 'a'] }), undefined);
    assert.equal(parseExperimentsViewMessage({ type: 'compare', runIds: ['a', '../b'] }), undefined);
    assert.equal(parseExperimentsViewMessage({ type: 'compare', runIds: Array.from({ length: MAX_COMPARED + 1 }, (_, i) => `r${i}`) }), undefined);
    assert.equal(parseExperimentsViewMessage({ type: 'command', command: 'workbench.action.terminal.new' }), undefined);
    assert.deepEqual(parseExperimentsViewMessage({ type: 'openResultsTable', path: '/etc/passwd' }), { type: 'openResultsTable' });
  });

  it('drops hostile messages: unknown or wrong types, path tricks, huge or polluted payloads', () => {
    const hostileIds = ['..', '../..', '..\\..', 'a/../../b', '/etc/passwd', 'C:\\Windows', '\\\\server\\share', 'a\u0000b', 'a\u2215b', 'a\uff0fb', 'CON', 'nul.txt', 'com1', 'run.', ' run', 'run\n', '%2e%2e', '', {}, [], ['a'], 1, true, null, undefined];
    for (const runId of hostileIds) {
      assert.equal(parseExperimentsViewMessage({ type: 'runAction', action: 'openFolder', runId }), undefined, JSON.stringify(runId));
      assert.equal(parseExperimentsViewMessage({ type: 'compare', runIds: ['ok', runId] }), undefined, JSON.stringify(runId));
    }
    assert.ok(isSafeRunId('2026-11-28_10-00-00_базовый-опыт'), 'Cyrillic run names are fine');
    for (const junk of [undefined, null, 0, 'ready', [], [{ type: 'ready', protocolVersion: 1 }], { type: 42 }, { type: 'constructor' }, { type: '__proto__' }, { type: 'toString' }, { type: 'ready', protocolVersion: '1' }, { type: 'command', command: { toString: () => 'train' } }, { type: 'runAction', action: ['delete'], runId: 'r1' }]) {
      assert.equal(parseTrainingViewMessage(junk), undefined, JSON.stringify(junk));
      assert.equal(parseExperimentsViewMessage(junk), undefined, JSON.stringify(junk));
    }
    // A polluted prototype does not make a message: only own, checked fields count.
    const polluted = JSON.parse('{"type":"runAction","__proto__":{"action":"delete","runId":"r1"}}');
    assert.equal(parseExperimentsViewMessage(polluted), undefined);
    let looked = 0;
    const huge = new Proxy(Array.from({ length: 1_000_000 }, (_, i) => `r${i}`), {
      get: (target, key) => (typeof key === 'string' && /^\d+$/.test(key) && looked++, Reflect.get(target, key)),
    });
    assert.equal(parseExperimentsViewMessage({ type: 'compare', runIds: huge }), undefined);
    assert.equal(looked, 0, 'refused by its length before any id is looked at');
    // What is accepted is rebuilt: extra fields and prototype tricks do not reach the host.
    const parsed = parseExperimentsViewMessage({ type: 'runAction', action: 'delete', runId: 'r1', path: '/etc', then: () => 1 });
    assert.deepEqual(Object.keys(parsed!), ['type', 'action', 'runId']);
  });
});
