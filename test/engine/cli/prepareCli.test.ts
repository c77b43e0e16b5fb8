/** `cats-dogs prepare` end to end: the printed table and report, exit codes, and Ctrl+C. */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/engine/cli/cli';
import { makeJpeg } from '../../support/syntheticPhotos';
import { SHARED_ZIP, sharedAvailable } from '../../support/shared';

function fakeIo() {
  const io = { out: '', err: '' };
  return {
    io,
    cli: {
      stdout: { write: (s: string) => (io.out += s) },
      stderr: { write: (s: string) => (io.err += s) },
      signal: new AbortController().signal,
    },
  };
}

describe('cli: cats-dogs prepare', function () {
  let root: string;
  before(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'prepare-cli-'));
    const src = join(root, 'photos');
    await fs.mkdir(src);
    for (let i = 0; i < 20; i++) {
      await fs.writeFile(join(src, `cat.${i}.jpg`), await makeJpeg(i));
      await fs.writeFile(join(src, `dog.${i}.jpg`), await makeJpeg(50 + i));
    }
    await fs.writeFile(join(src, 'dog.99.jpg'), 'not a photo');
  });
  after(() => fs.rm(root, { recursive: true, force: true }));

  it('prints the counts per split and class and the rejected files, then says unchanged', async () => {
    const { io, cli } = fakeIo();
    const args = ['prepare', '--source', join(root, 'photos'), '--out', join(root, 'ds'), '--split', '70,15,15', '--seed', '3'];
    assert.equal(await runCli(args, cli), 0, io.err);
    assert.match(io.out, /Dataset ready in .*ds: 40 photos/);
    assert.match(io.out, /train +14 +14 +28/);
    assert.match(io.out, /validation +3 +3 +6/);
    assert.match(io.out, /Left out 1 file\(s\) that cannot be used:\n {2}dog\.99\.jpg: not an image/);
    assert.match(io.err, /prepare +41\/41 photos \(100%\)/, io.err);
    const again = fakeIo();
    assert.equal(await runCli(args, again.cli), 0);
    assert.match(again.io.out, /^Nothing to do: .* already holds this dataset/);
  });

  it('exits non-zero with the message and what to do on stderr', async () => {
    const { io, cli } = fakeIo();
    assert.equal(await runCli(['prepare', '--source', join(root, 'missing.zip'), '--out', join(root, 'x')], cli), 1);
    assert.match(io.err, /^cats-dogs: The source .*missing\.zip does not exist\.\n {2}Give the path of Kaggle's train\.zip/);
    const bad = fakeIo();
    assert.equal(await runCli(['prepare', '--source', 'a', '--out', 'b', '--split', '70,30'], bad.cli), 2);
    assert.match(bad.io.err, /three numbers/);
    const unknown = fakeIo();
    assert.equal(await runCli(['prepare', '--out', 'b'], unknown.cli), 2);
    assert.match(unknown.io.err, /missing --source/);
    const seed = fakeIo();
    assert.equal(await runCli(['prepare', '--source', join(root, 'photos'), '--out', join(root, 'ds'), '--seed', '-1'], seed.cli), 1);
    assert.match(seed.io.err, /Invalid seed -1/);
  });

  it('Ctrl+C stops it cleanly: exit 130, no dataset and no work folder', async function () {
    if (!sharedAvailable()) this.skip();
    const box = join(root, 'sigint');
    await fs.mkdir(box);
    const repo = resolve(__dirname, '../../..');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'src/engine/main.ts'), 'prepare', '--source', SHARED_ZIP, '--out', join(box, 'ds')], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (!sent && /\(1\d%\)/.test(err)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.ok(sent, `never saw progress: ${err}`);
    assert.equal(code, 130, err);
    assert.match(err, /cancelled; nothing was left half-written/);
    assert.ok(!existsSync(join(box, 'ds')));
    assert.deepEqual(readdirSync(box), []);
  });
});
