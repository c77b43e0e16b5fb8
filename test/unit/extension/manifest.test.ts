import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../../src/extension/commands/ids';

const root = join(__dirname, '../../..');
const read = (f: string) => JSON.parse(readFileSync(join(root, f), 'utf8'));

describe('package.json contributions', () => {
  const pkg = read('package.json');
  const contributed: Array<{ command: string; title: string }> = pkg.contributes.commands;

  it('contributes every command the extension registers, with an English and a Russian title', () => {
    const en = read('package.nls.json');
    const ru = read('package.nls.ru.json');
    for (const id of Object.values(COMMANDS)) {
      const c = contributed.find((x) => x.command === id);
      assert.ok(c, `${id} is not in contributes.commands`);
      const key = /^%(.+)%$/.exec(c.title)?.[1];
      assert.ok(key && en[key] && ru[key], `${id}: its title ${c.title} needs keys in package.nls.json and package.nls.ru.json`);
      assert.notEqual(en[key], ru[key], `${id}: the Russian title is still English`);
    }
  });

  it('offers Classify Photo on image files in the Explorer, with Alt for picking the run', () => {
    const item = pkg.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === COMMANDS.classifyPhoto);
    assert.ok(item);
    assert.equal(item.alt, COMMANDS.classifyPhotoWithRun);
    const m = /resourceExtname =~ \/(.+)\/(\w*)/.exec(item.when);
    assert.ok(m, item.when);
    const re = new RegExp(m[1], m[2]);
    for (const ext of ['.jpg', '.JPEG', '.png', '.webp', '.bmp', '.gif']) assert.ok(re.test(ext), ext);
    for (const ext of ['.json', '.jpgx', '.txt', '']) assert.ok(!re.test(ext), ext);
  });

  it('offers New Variant and Queue Sweep on experiment configs only', () => {
    for (const id of [COMMANDS.newVariant, COMMANDS.queueSweep]) {
      const item = pkg.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === id);
      const m = /resourcePath =~ \/(.+)\/(\w*)$/.exec(item.when);
      assert.ok(m, item.when);
      const re = new RegExp(m[1], m[2]);
      assert.ok(re.test('/home/u/lab/experiments/baseline.json'));
      assert.ok(re.test('C:\\lab\\experiments\\baseline.json'));
      assert.ok(!re.test('/home/u/lab/experiments/runs/r1/config.json'));
      assert.ok(!re.test('/home/u/lab/cats_vs_dogs/dataset.json'));
    }
  });

  it('hides Cancel Sweep from the palette unless a sweep runs', () => {
    const entry = pkg.contributes.menus.commandPalette.find((m: { command: string }) => m.command === COMMANDS.cancelSweep);
    assert.equal(entry?.when, 'catsDogs.sweeping');
  });
});
