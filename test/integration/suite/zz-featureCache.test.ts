import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from '../support/extensionHost';

/**
 * Show Cache and Clear Feature Cache in the real extension host, on the features the earlier suites'
 * runs computed. Named to run last: it empties the feature cache they share.
 */
describe('the per-user cache from the commands', function () {
  this.timeout(5 * 60_000);

  it('Show Cache reports the features the runs computed; Clear Feature Cache frees one entry, then all', async () => {
    const api = await activateExtension();
    const cacheDir = process.env.CATS_DOGS_CACHE!;
    await waitFor(() => (['starting', 'running', 'cancelling'].includes(api.trainingState().phase) ? undefined : true), 'no run in progress', 60_000);

    const report = await vscode.commands.executeCommand<any>('catsDogs.showCache');
    assert.ok(report, `Show Cache answered; messages: ${JSON.stringify(api.shownMessages.slice(-3))}`);
    assert.equal(report.dir, cacheDir);
    const entry = report.features.find((f: any) => /^MobileNet 0\.25 96x96, tf -> 3x3x256 \(conv_pw_13_relu\)$/.test(f.label));
    assert.ok(entry && entry.photos >= 1400 && entry.bytes > 0, `the tiny runs' features are listed: ${JSON.stringify(report.features)}`);
    assert.equal(report.parts.find((p: any) => p.name === 'features').bytes, report.features.reduce((a: number, f: any) => a + f.bytes, 0));
    assert.match(api.shownMessages.at(-1)!.message, new RegExp(`^Cache folder ${cacheDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));

    const one = await vscode.commands.executeCommand<any>('catsDogs.clearFeatureCache', { key: entry.key, confirm: false });
    assert.equal(one.freedBytes, entry.bytes);
    assert.ok(!one.report.features.some((f: any) => f.key === entry.key));
    assert.ok(!existsSync(join(cacheDir, 'features', entry.key)), 'its folder is gone');
    assert.match(api.shownMessages.at(-1)!.message, /^Feature cache cleared: .* freed\.$/);

    const all = await vscode.commands.executeCommand<any>('catsDogs.clearFeatureCache', { confirm: false });
    assert.deepEqual(all.report.features, []);
    const empty = await vscode.commands.executeCommand<any>('catsDogs.clearFeatureCache');
    assert.equal(empty.freedBytes, 0);
    assert.match(api.shownMessages.at(-1)!.message, /^The feature cache in .* is empty\.$/);
  });
});
