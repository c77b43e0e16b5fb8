#!/usr/bin/env node
// `npm run package [-- --target linux-x64]`: a production build, then a platform-specific .vsix with
// @vscode/vsce that carries only that platform's native binaries (sharp, onnxruntime-node, dawn.node).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const targetArg = argv.indexOf('--target');
const target = targetArg >= 0 ? argv[targetArg + 1] : `${process.platform}-${process.arch}`;

// Native binaries per VS Code target: what each .vsix keeps. Every other platform's copy is ignored.
const TARGETS = {
  'linux-x64': { ort: 'linux/x64', dawn: 'linux-x64', sharp: ['@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'] },
  'linux-arm64': { ort: 'linux/arm64', dawn: 'linux-arm64', sharp: ['@img/sharp-linux-arm64', '@img/sharp-libvips-linux-arm64'] },
  'darwin-arm64': { ort: 'darwin/arm64', dawn: 'darwin-universal', sharp: ['@img/sharp-darwin-arm64', '@img/sharp-libvips-darwin-arm64'] },
  'darwin-x64': { ort: 'darwin/x64', dawn: 'darwin-universal', sharp: ['@img/sharp-darwin-x64', '@img/sharp-libvips-darwin-x64'] },
  'win32-x64': { ort: 'win32/x64', dawn: 'win32-x64', sharp: ['@img/sharp-win32-x64'] },
  'win32-arm64': { ort: 'win32/arm64', dawn: 'win32-arm64', sharp: ['@img/sharp-win32-arm64'] },
};
const spec = TARGETS[target];
if (!spec) {
  console.error(`Unknown target "${target}"; use one of ${Object.keys(TARGETS).join(', ')}.`);
  process.exit(2);
}
const missing = spec.sharp.filter((p) => !existsSync(join(root, 'node_modules', p)));
if (missing.length > 0) {
  console.error(`The ${target} binaries of sharp are not installed (${missing.join(', ')}).\n` +
    `Fetch them first: npm install --no-save --os=${target.split('-')[0]} --cpu=${target.split('-')[1]} sharp`);
  process.exit(1);
}

const ignore = [readFileSync(join(root, '.vscodeignore'), 'utf8')];
for (const other of Object.values(TARGETS)) {
  if (other.ort !== spec.ort) ignore.push(`node_modules/onnxruntime-node/bin/napi-v6/${other.ort}/**`);
  if (other.dawn !== spec.dawn) ignore.push(`node_modules/webgpu/dist/${other.dawn}/**`);
  for (const p of other.sharp) if (!spec.sharp.includes(p)) ignore.push(`node_modules/${p}/**`);
}
mkdirSync(join(root, '.tmp'), { recursive: true });
const ignoreFile = join(root, '.tmp', `vscodeignore-${target}`);
writeFileSync(ignoreFile, [...new Set(ignore.join('\n').split('\n'))].join('\n') + '\n');

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : join(root, `${pkg.name}-${target}-${pkg.version}.vsix`);
const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
const r = spawnSync(process.execPath, [vsce, 'package', '--target', target, '--ignoreFile', ignoreFile, '--out', out, '--skip-license'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
console.log(`packaged ${out}`);
