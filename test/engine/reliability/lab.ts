/**
 * A small real lab for reliability tests: 40 Kaggle cats and 40 dogs prepared into cats_vs_dogs/,
 * an experiments/ folder with a tiny MobileNet 0.25 config, and the engine bundle run as a real
 * child process whose output the test can watch (and kill at a chosen moment).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';
import { runCli } from '../../../src/engine/cli/cli';
import { ensureEngineBundle } from '../../support/engineBundle';
import { testPhotos } from '../../support/photos';
import { MOBILENET_025_JSON } from '../../support/shared';

export interface Lab {
  workspace: string;
  dataDir: string;
  experimentsDir: string;
  configPath: string;
  cacheDir: string;
}

export function tinyConfig(name = 'tiny', over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    data: '../cats_vs_dogs',
    backbone: { architecture: 'MobileNet', alpha: 0.25, weights: MOBILENET_025_JSON, outputLayer: 'conv_pw_13_relu', inputSize: 96 },
    head: { pooling: 'gap', layers: [{ units: 16, activation: 'relu', dropout: 0.2 }] },
    training: { optimizer: 'adam', learningRate: 0.001, batchSize: 8, epochs: 3, seed: 7 },
    ...over,
  };
}

/** Prepares the dataset with the real `cats-dogs prepare` (in this process) from `perClass` photos per class. */
export async function prepareDataset(dataDir: string, perClass = 40): Promise<void> {
  const photos = await testPhotos(perClass);
  let err = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) }, signal: new AbortController().signal };
  const code = await runCli(['prepare', '--source', photos.dir, '--out', dataDir, '--seed', '5'], io as any);
  if (code !== 0) throw new Error(`prepare failed (${code}): ${err}`);
}

/** A workspace at `workspace` with a prepared dataset and experiments/<configName>. */
export async function makeLab(workspace: string, opts: { configName?: string; config?: Record<string, unknown>; cacheDir?: string; datasetFrom?: string } = {}): Promise<Lab> {
  const dataDir = join(workspace, 'cats_vs_dogs');
  const experimentsDir = join(workspace, 'experiments');
  await fs.mkdir(experimentsDir, { recursive: true });
  if (opts.datasetFrom) await fs.cp(opts.datasetFrom, dataDir, { recursive: true });
  else await prepareDataset(dataDir);
  const configPath = join(experimentsDir, opts.configName ?? 'tiny.json');
  await fs.writeFile(configPath, JSON.stringify(opts.config ?? tinyConfig(), null, 2));
  return { workspace, dataDir, experimentsDir, configPath, cacheDir: opts.cacheDir ?? join(workspace, '..', 'cache') };
}

/** sha256 over every file's relative path and content, so any change to a folder shows. */
export async function hashTree(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    const entries = (await fs.readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        hash.update(relative(dir, p)).update('\0');
        hash.update(await fs.readFile(p));
      }
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The engine as a child process, its stdout and stderr kept and searchable while it runs. */
export class EngineChild {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<Exit>;
  private waiters: Array<{ re: RegExp; resolve: (m: RegExpMatchArray | undefined) => void }> = [];
  private ended = false;

  constructor(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; ipc?: boolean } = {}) {
    const engine = ensureEngineBundle();
    this.child = spawn(process.execPath, [engine, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, CATS_DOGS_DEBUG: '', ...opts.env },
      stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    const onData = (d: Buffer) => {
      this.output += d.toString();
      this.check();
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        this.ended = true;
        for (const w of this.waiters.splice(0)) w.resolve(undefined);
        resolve({ code, signal });
      }),
    );
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      const m = w.re.exec(this.output);
      if (m) w.resolve(m);
      return !m;
    });
  }

  /** The first match of `re` in the output so far or to come; undefined if the process ends or time runs out first. */
  waitFor(re: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray | undefined> {
    const m = re.exec(this.output);
    if (m || this.ended) return Promise.resolve(m ?? undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        resolve(undefined);
      }, timeoutMs);
      const done = (v: RegExpMatchArray | undefined) => {
        clearTimeout(timer);
        resolve(v);
      };
      this.waiters.push({ re, resolve: done });
    });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.ended) this.child.kill(signal);
  }
}

/** `cats-dogs train` on the lab's config (wasm backend: the same on every machine). */
export function trainChild(lab: Lab, env: NodeJS.ProcessEnv = {}, extra: string[] = []): EngineChild {
  return new EngineChild(['train', '--config', lab.configPath, '--cache', lab.cacheDir, '--backend', 'wasm', ...extra], { env, cwd: lab.workspace });
}
