#!/usr/bin/env node
// `npm run bench [-- OPTIONS]`: builds the engine bundle, then runs `cats-dogs bench` from it on the
// shared folder's real photos and models (../shared, or $CATS_DOGS_SHARED). OPTIONS go to the bench:
// --quick, --photos N, --backend NAME, --json FILE... (`node dist/engine.js bench --help` lists them).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.CATS_DOGS_SHARED ?? join(root, '..', 'shared');
if (!existsSync(shared)) {
  console.error(`bench: the shared folder ${shared} does not exist; set CATS_DOGS_SHARED to it.`);
  process.exit(2);
}
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const built = run([join(root, 'scripts/build.mjs')]);
if (built !== 0) process.exit(built);
process.exit(run([join(root, 'dist/engine.js'), 'bench', '--shared', shared, ...process.argv.slice(2)]));
