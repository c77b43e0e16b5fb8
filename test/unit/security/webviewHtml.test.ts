import '../../support/installFakeVscode'; // first: webviewHtml imports `vscode`
import { strict as assert } from 'node:assert';
import { webviewHtml, webviewOptions } from '../../../src/extension/webviewHtml';
import { Uri } from '../../support/fakeVscode';

const webview = { cspSource: 'https://webview.test', asWebviewUri: (u: { path: string }) => ({ toString: () => `https://webview.test${u.path}` }) };
const extensionUri = Uri.file('/ext');

function csp(html: string): Record<string, string> {
  const content = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
  return Object.fromEntries(content.split(';').map((d) => d.trim().split(/\s+(.*)/s).slice(0, 2)));
}

describe('webview HTML: a strict CSP with a fresh nonce', () => {
  it("allows scripts only with this load's nonce, no eval, no inline", () => {
    const html = webviewHtml(webview as any, extensionUri as any, 'training.js', 'Training');
    const policy = csp(html);
    assert.equal(policy['default-src'], "'none'");
    const nonce = /'nonce-([^']+)'/.exec(policy['script-src'])![1];
    assert.equal(policy['script-src'], `'nonce-${nonce}'`);
    assert.ok(nonce.length >= 16);
    assert.ok(!/unsafe-eval|unsafe-inline|\*/.test(Object.values(policy).join(' ')), JSON.stringify(policy));
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], new RegExp(`nonce="${nonce.replace(/[+/]/g, '\\$&')}" src="https://webview\\.test/ext/dist/webview/training\\.js"`));
    const again = csp(webviewHtml(webview as any, extensionUri as any, 'training.js', 'Training'));
    assert.notEqual(again['script-src'], policy['script-src'], 'a new nonce every time');
  });

  it('escapes the title and loads resources only from the bundle', () => {
    const html = webviewHtml(webview as any, extensionUri as any, 'experiments.js', '<img src=x onerror=alert(1)>');
    assert.ok(html.includes('<title>&lt;img src=x onerror=alert(1)&gt;</title>'));
    assert.ok(!html.includes('<img'));
    const options = webviewOptions(extensionUri as any);
    assert.deepEqual(options.localResourceRoots?.map((u: any) => u.path), ['/ext/dist/webview']);
  });
});
