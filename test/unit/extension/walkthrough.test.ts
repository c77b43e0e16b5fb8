import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_CONTEXT_KEYS } from '../../../src/shared/analysis/labProgress';
import { COMMANDS, WALKTHROUGH_ID } from '../../../src/extension/commands/ids';

const root = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const nlsRu: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.ru.json'), 'utf8'));
const resolve = (s: string, table = nls) => s.replace(/^%([\w.-]+)%$/, (_, k) => table[k] ?? s);

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}

const walkthrough = pkg.contributes.walkthroughs?.[0];
const steps: Step[] = walkthrough?.steps ?? [];
const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
const known = new Set<string>([...contributed, ...Object.values(COMMANDS)]);
const contextKeys = new Set(Object.values(LAB_CONTEXT_KEYS));

/** The command links of a description: [label, command id, parsed args]. */
function commandLinks(description: string): Array<[string, string, unknown]> {
  return [...description.matchAll(/\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => [m[1], m[2], m[3] === undefined ? undefined : JSON.parse(decodeURIComponent(m[3]))]);
}

describe('the lab walkthrough (package.json)', () => {
  it('is contributed under the id the Open Lab Walkthrough command opens, with the lab\'s steps in order', () => {
    assert.equal(`${pkg.publisher}.${pkg.name}#${walkthrough.id}`, WALKTHROUGH_ID);
    assert.ok(contributed.has(COMMANDS.openWalkthrough));
    assert.deepEqual(
      steps.map((s) => s.id),
      ['prepareData', 'runBaseline', 'recordAccuracy', 'readCurves', 'changeHead', 'tryBackbones', 'comparePooling', 'accuracyVsTime', 'chooseBest', 'goFurther', 'shareResults'],
    );
  });

  it('gives every step a title, a description with a button, and English and Russian markdown', () => {
    for (const step of steps) {
      for (const table of [nls, nlsRu]) {
        assert.notEqual(resolve(step.title, table), step.title, `${step.id}: the title is localised`);
        assert.ok(commandLinks(resolve(step.description, table)).length >= 1, `${step.id}: a button`);
      }
      const md = step.media.markdown!;
      assert.ok(existsSync(join(root, md)), md);
      const ruMd = md.replace(/\.md$/, '.nls.ru.md');
      assert.ok(existsSync(join(root, ruMd)), `${ruMd}: VS Code picks <name>.nls.<language>.md for the display language`);
      assert.match(readFileSync(join(root, ruMd), 'utf8'), /^## .*[а-яё]{3}/im, `${ruMd} is in Russian`);
      assert.doesNotMatch(readFileSync(join(root, md), 'utf8'), /[а-яё]/i, `${md} is in English`);
    }
  });

  it('links only commands the extension contributes or registers, with valid arguments', () => {
    for (const step of steps) {
      for (const [label, id, args] of commandLinks(resolve(step.description))) {
        assert.ok(known.has(id), `${step.id}: "${label}" runs ${id}, which nothing registers`);
        if (id === COMMANDS.newVariant) assert.equal(typeof (args as { parameter?: unknown }).parameter, 'string', `${step.id}: "${label}"`);
      }
    }
  });

  it('completes each step on an event the extension causes: its context keys or its commands', () => {
    for (const step of steps) {
      assert.ok(step.completionEvents?.length, `${step.id} completes by itself`);
      for (const event of step.completionEvents!) {
        const [kind, rest] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        if (kind === 'onContext') {
          const names = rest.match(/[a-zA-Z][\w.]*\.[\w.]+/g) ?? [];
          assert.ok(names.length > 0, event);
          for (const name of names) assert.ok(contextKeys.has(name), `${step.id}: ${name} is not one of LAB_CONTEXT_KEYS`);
        } else if (kind === 'onCommand') {
          assert.ok(known.has(rest), `${step.id}: ${rest} is not a command of the extension`);
        } else {
          assert.fail(`${step.id}: unexpected completion event ${event}`);
        }
      }
    }
  });
});
