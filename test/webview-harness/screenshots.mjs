#!/usr/bin/env node
// Opens the built webview bundles (npm run build first) in headless Chromium under the same CSP as
// VS Code's webviews, with a mock acquireVsCodeApi, posts sample states, takes screenshots in dark
// and light themes, and checks: no CSP violation, no script error, the views post what they should.
//   node test/webview-harness/screenshots.mjs [outDir]   (default .tmp/webview-screenshots)
// Prints "N passed, N failed" at the end; exits 1 on any failure.
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { XSS, experiments, gallery, hostile, training } from './samples.mjs';
import { HOST_BACKGROUND, THEMES } from './themes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = process.argv[2] ?? join(root, '.tmp', 'webview-screenshots');
mkdirSync(outDir, { recursive: true });
const NONCE = 'harnessNonce123';
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html', '.jpg': 'image/jpeg' };
const PHOTOS = process.env.CATS_DOGS_GALLERY_PHOTOS;

function page(bundle, theme) {
  const csp = `default-src 'none'; img-src 'self' data:; font-src 'self'; style-src 'self' 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="/dist/webview/codicon.css" id="vscode-codicon-stylesheet">
<style nonce="${NONCE}">${THEMES} ${HOST_BACKGROUND(bundle.startsWith('experiments') ? 'sidebar' : 'editor')}</style>
<script nonce="${NONCE}">
window.__posted = []; window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber + ' ' + (e.sample || '')));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => window.__uiState, setState: (s) => { window.__uiState = s; } });
</script></head>
<body class="vscode-${theme}"><div id="root" data-nonce="${NONCE}"></div>
<script nonce="${NONCE}" src="/dist/webview/${bundle}"></script></body></html>`;
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
  if (url.pathname === '/page') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(page(url.searchParams.get('bundle'), url.searchParams.get('theme')));
  }
  if (PHOTOS && url.pathname.startsWith('/photos/')) {
    const photo = normalize(join(PHOTOS, decodeURIComponent(url.pathname.slice('/photos/'.length))));
    if (!photo.startsWith(normalize(PHOTOS)) || !existsSync(photo)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    return res.end(readFileSync(photo));
  }
  const file = normalize(join(root, url.pathname));
  if (!file.startsWith(join(root, 'dist')) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `: ${detail}`}`);
}

async function open(bundle, theme, viewport) {
  const p = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await p.goto(`${base}/page?bundle=${bundle}&theme=${theme}`);
  await p.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return { p, errors };
}

async function post(p, state, locale = 'en') {
  await p.evaluate(([state, locale]) => window.postMessage({ type: 'state', protocolVersion: 1, state, locale }, '*'), [state, locale]);
  await p.waitForTimeout(250);
}

async function finish(name, p, errors) {
  const overflow = await p.evaluate(() => {
    const w = window.innerWidth;
    if (document.documentElement.scrollWidth <= w) return [];
    // Overflow inside a scrolling box is fine; anything that widens the page itself is not.
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && (!e.closest('.table-scroll') || getComputedStyle(e).position === 'absolute'))
      .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''} (${Math.round(e.getBoundingClientRect().right)}px)`);
  });
  check(`${name}: nothing wider than the view`, overflow.length === 0, overflow.slice(0, 5).join(', '));
  const csp = await p.evaluate(() => window.__csp);
  check(`${name}: no CSP violation`, csp.length === 0, csp.join(' | '));
  check(`${name}: no script error`, errors.length === 0, errors.join(' | '));
  await p.close();
}

// Training view
for (const theme of ['dark', 'light']) {
  for (const [sample, state] of Object.entries(training)) {
    const name = `training-${sample}-${theme}`;
    const { p, errors } = await open('training.js', theme, { width: 1000, height: 800 });
    await post(p, state);
    if (sample === 'finished') {
      const big = await p.textContent('.big-result');
      check(`${name}: big test accuracy`, big === 'Test accuracy: 97.31%', big);
      const insight = await p.textContent('.insight-text');
      check(`${name}: says when overfitting began`, /overfitting began at epoch 5/.test(insight), insight);
      check(`${name}: per-epoch table with caption`, (await p.locator('table.data caption', { hasText: 'Per-epoch numbers' }).count()) === 1);
      check(`${name}: two charts drawn`, (await p.locator('.uplot canvas').count()) === 2);
    }
    if (sample === 'running') {
      await p.click('vscode-button:has-text("Cancel")');
      check(`${name}: Cancel posts cancel`, await p.evaluate(() => window.__posted.some((m) => m.type === 'cancel')));
      await p.focus('vscode-button:has-text("Cancel")');
      await post(p, { ...state, progress: { ...state.progress, done: 13 } });
      check(`${name}: Cancel keeps focus through progress updates`, await p.evaluate(() => document.activeElement?.textContent === 'Cancel'));
      await post(p, { ...state, epochs: [...state.epochs, { ...state.epochs[6], epoch: 8, valLoss: 0.21 }] });
      const live = await p.textContent('[aria-live]');
      check(`${name}: announces the finished epoch`, /Epoch 8 of 10 done/.test(live), live);
    }
    await p.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
    await finish(name, p, errors);
  }
}
{
  const { p, errors } = await open('training.js', 'dark', { width: 1000, height: 800 });
  await post(p, training.finished, 'ru');
  const big = await p.textContent('.big-result');
  check('training-ru: Russian strings', /^Точность на тесте: 97,31\s?%$/.test(big), big);
  await p.evaluate(() => { document.body.className = 'vscode-light'; });
  await p.waitForTimeout(250);
  await p.screenshot({ path: join(outDir, 'training-finished-ru-switched-to-light.png'), fullPage: true });
  await finish('training-ru', p, errors);
}

// The gallery of misclassified photos under a finished run
for (const [theme, locale, width] of [['dark', 'en', 1000], ['light', 'ru', 560]]) {
  const name = `training-gallery-${theme}-${locale}`;
  const { p, errors } = await open('training.js', theme, { width, height: 900 });
  const photoUrl = PHOTOS ? (_name, i) => `/photos/${['dog.1.jpg', 'cat.2.jpg', 'cat.3.jpg', 'dog.4.jpg', 'dog.5.jpg', 'cat.6.jpg'][i]}` : undefined;
  const sample = gallery(photoUrl);
  await p.evaluate((g) => window.postMessage({ type: 'gallery', gallery: g }, '*'), sample);
  await post(p, training.finished, locale);
  check(`${name}: one card per photo`, (await p.locator('ul.gallery button.photo').count()) === sample.photos.length);
  const first = await p.textContent('ul.gallery li:first-child .verdict');
  check(`${name}: worst first, with the wrong answer's probability`, locale === 'en' ? first === 'cat, 99.1%' : /^кошка, 99,1\s?%$/.test(first), first);
  await p.click('ul.gallery li:first-child button.photo');
  const opened = await p.evaluate(() => window.__posted.filter((m) => m.type === 'openPhoto').pop());
  check(`${name}: a click asks the host to open the photo`, opened?.file === sample.photos[0].file, JSON.stringify(opened));
  check(`${name}: a photo outside the dataset cannot be clicked`, await p.locator('ul.gallery li:last-child button.photo').isDisabled());
  await post(p, { ...training.finished, runDir: '/lab/experiments/runs/other', runId: 'other' }, locale);
  check(`${name}: another run hides this run's gallery`, !(await p.locator('section.misclassified').isVisible()));
  await post(p, training.finished, locale);
  await p.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
  if (theme === 'dark') {
    const many = { ...sample, runDir: '/lab/experiments/runs/many', photos: Array.from({ length: 20 }, (_, i) => ({ ...sample.photos[i % 6], file: `/lab/cats_vs_dogs/test/cats/cat.${i}.jpg`, name: `cat.${i}.jpg` })) };
    await p.evaluate((g) => window.postMessage({ type: 'gallery', gallery: g }, '*'), many);
    await post(p, { ...training.finished, runDir: many.runDir, runId: 'many' }, locale);
    check(`${name}: twelve cards first`, (await p.locator('ul.gallery button.photo').count()) === 12);
    await p.click('button.show-more');
    check(`${name}: "Show 8 more" shows the rest`, (await p.locator('ul.gallery button.photo').count()) === 20 && (await p.locator('button.show-more').count()) === 0);
  }
  await finish(name, p, errors);
}

// Experiments view (a sidebar: narrow)
for (const theme of ['dark', 'light']) {
  for (const [sample, state] of Object.entries(experiments)) {
    const name = `experiments-${sample}-${theme}`;
    const { p, errors } = await open('experiments.js', theme, { width: 380, height: 900 });
    await post(p, state);
    if (sample === 'table') {
      const names = await p.locator('table.results th.name button').allTextContents();
      check(`${name}: run names are text, never HTML`, (await p.locator('main b').count()) === 0 && names.includes('ResNet50 <b>bold?</b>'), names.join(', '));
      check(`${name}: best run marked`, (await p.locator('tr.best-row', { hasText: 'ResNet50' }).count()) === 1);
      await p.click('button.sort:has-text("Test acc")');
      const sortState = await p.getAttribute('th:has(button.sort:has-text("Test acc"))', 'aria-sort');
      check(`${name}: header click sorts (aria-sort)`, sortState === 'descending', sortState);
      const first = await p.textContent('table.results tbody tr:first-child th.name button');
      check(`${name}: sorted by test accuracy`, first === 'ResNet50 <b>bold?</b>', first);
      await p.keyboard.press('Enter'); // focus stays on the header button: sort again by keyboard
      check(`${name}: keyboard re-sorts`, (await p.getAttribute('th:has(button.sort:has-text("Test acc"))', 'aria-sort')) === 'ascending');
      await p.check('input[aria-label="Select baseline for comparison"]');
      await p.check('input[aria-label="Select MobileNet 0.75 for comparison"]');
      const posted = await p.evaluate(() => window.__posted.filter((m) => m.type === 'compare').pop());
      check(`${name}: selecting two runs asks for a comparison`, JSON.stringify(posted?.runIds) === JSON.stringify(['r01-baseline', 'r03-mobilenet']), JSON.stringify(posted));
      await p.click('button[aria-label="Delete AdamW"]');
      const action = await p.evaluate(() => window.__posted.filter((m) => m.type === 'runAction').pop());
      check(`${name}: delete posts a run action`, action?.action === 'delete' && action?.runId === 'r07-adamw', JSON.stringify(action));
      await p.fill('vscode-textfield >> input', 'mobilenet');
      await p.waitForTimeout(100);
      check(`${name}: text filter`, (await p.locator('table.results tbody tr').count()) === 1);
      await p.fill('vscode-textfield >> input', '');
      await p.waitForTimeout(100);
      await p.uncheck('input[aria-label="Select baseline for comparison"]');
      await p.uncheck('input[aria-label="Select MobileNet 0.75 for comparison"]');
    }
    if (sample === 'compare') {
      check(`${name}: overlay charts drawn`, (await p.locator('section.compare .uplot').count()) === 2);
      check(`${name}: config diff listed`, (await p.locator('table.diff tbody tr').count()) === 3);
      check(`${name}: Pareto front drawn`, (await p.locator('svg.scatter polyline.front-line').count()) === 1);
    }
    await p.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
    await finish(name, p, errors);
  }
}
{
  const { p, errors } = await open('experiments.js', 'dark', { width: 380, height: 900 });
  await post(p, experiments.compare, 'ru');
  await p.screenshot({ path: join(outDir, 'experiments-compare-ru-dark.png'), fullPage: true });
  check('experiments-ru: Russian strings', (await p.locator('text=Различающиеся поля конфигурации').count()) === 1);
  await finish('experiments-ru', p, errors);
}

// Hostile strings: rendered as text, no element made from them, no handler ran (CSP would also block it: checked by finish).
for (const [bundle, state, viewport] of [
  ['training.js', hostile.training, { width: 1000, height: 800 }],
  ['experiments.js', hostile.experiments, { width: 380, height: 900 }],
]) {
  const name = `${bundle.replace('.js', '')}-hostile`;
  const { p, errors } = await open(bundle, 'dark', viewport);
  await post(p, state);
  const found = await p.evaluate(() => ({
    elements: document.querySelectorAll('img[src="x"], [onerror], [onload], svg[onload]').length,
    xss: window.__xss,
    text: document.body.innerText,
  }));
  check(`${name}: no element made from a hostile string`, found.elements === 0, `${found.elements}`);
  check(`${name}: no handler ran`, found.xss === undefined, String(found.xss));
  check(`${name}: the hostile run name is shown as text`, found.text.includes(XSS), found.text.slice(0, 300));
  await p.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
  await finish(name, p, errors);
}

await browser.close();
server.close();
if (process.env.CATS_DOGS_COUNTS_FILE) writeFileSync(process.env.CATS_DOGS_COUNTS_FILE, JSON.stringify({ passed, failed, skipped: 0 }));
console.log(`screenshots in ${outDir}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
