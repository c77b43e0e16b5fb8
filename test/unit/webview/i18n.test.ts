import { strict as assert } from 'node:assert';
import { MESSAGE_TABLES, setLocale, t, tn } from '../../../webview/common/i18n';
import { clock, percent, rate } from '../../../webview/common/format';

describe('webview strings and formats', () => {
  afterEach(() => setLocale('en'));

  it('has every message in Russian, with the same placeholders', () => {
    const { en, ru } = MESSAGE_TABLES;
    assert.deepEqual(Object.keys(ru).sort(), Object.keys(en).sort());
    const holes = (s: string) => [...new Set(s.match(/\{\d\}/g) ?? [])].sort().join();
    for (const key of Object.keys(en) as Array<keyof typeof en>) assert.equal(holes(ru[key]), holes(en[key]), key);
  });

  it('picks the table from VS Code locales and falls back to English', () => {
    assert.equal(setLocale('ru'), 'ru');
    assert.equal(t('result.testAccuracy', percent(0.97312)).replace(/\s/g, ' '), 'Точность на тесте: 97,31 %');
    assert.equal(setLocale('ru-RU'), 'ru');
    assert.equal(setLocale('de'), 'en');
    assert.equal(t('result.testAccuracy', percent(0.97312)), 'Test accuracy: 97.31%');
    assert.equal(setLocale(undefined), 'en');
  });

  it('counts epochs with Russian plural forms', () => {
    setLocale('ru');
    assert.deepEqual([1, 2, 5, 21, 22, 11].map((n) => tn('n.epochs', n)), ['1 эпоху', '2 эпохи', '5 эпох', '21 эпоху', '22 эпохи', '11 эпох']);
    setLocale('en');
    assert.deepEqual([1, 2].map((n) => tn('n.epochs', n)), ['1 epoch', '2 epochs']);
  });

  it('formats times as clocks and learning rates the way Keras users write them', () => {
    assert.deepEqual([42, 725, 3723, undefined].map(clock), ['0:42', '12:05', '1:02:03', '—']);
    assert.deepEqual([1e-5, 1e-4, 0.001, 0.01].map(rate), ['1e-5', '1e-4', '0.001', '0.01']);
  });
});
