/**
 * Runs the engine's own CLI in a child process (a training run, a memory probe), so that what is
 * measured there (wall time, maxRSS) belongs to that work alone. The child is this same engine: the
 * bundle (dist/engine.js) when running from it, else src/engine/main.ts under the same Node flags
 * (tsx in tests).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CancelledError } from '../errors';

export function engineEntry(): string {
  return __filename.endsWith('.js') ? __filename : join(__dirname, '..', 'main.ts');
}

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** `env`: variables added to this process's environment for the child. */
export function runEngineChild(args: readonly string[], signal: AbortSignal, extraEnv: NodeJS.ProcessEnv = {}): Promise<ChildResult> {
  const env = { ...process.env, ...extraEnv };
  delete env.CATS_DOGS_ENGINE_IPC;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, engineEntry(), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-20_000)));
    const onAbort = (): void => {
      child.kill('SIGTERM');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code, sig) => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) return reject(new CancelledError());
      resolve({ code: code ?? (sig ? 128 : 1), stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** The last line of a child's stdout that parses as JSON (how probes report). */
export function lastJsonLine<T>(stdout: string): T | undefined {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as T;
    } catch {
      // not the report line
    }
  }
  return undefined;
}
