/**
 * One engine child process running one job: forked with an argument list (never a shell), an IPC
 * channel carrying the typed protocol, a `ready` handshake, cancel with a deadline after which the
 * process is killed, and a crash turned into a `failed` end. No `vscode` import: unit-testable.
 */
import { fork, type ChildProcess } from 'node:child_process';
import {
  ENGINE_PROTOCOL_VERSION,
  OUT_OF_MEMORY_HINT,
  parseEngineMessage,
  type EngineJob,
  type EngineToHost,
  type HostToEngine,
  type RunStatus,
} from '../../shared/protocol/engine';

/** Lines a process that ran out of memory prints before it dies (V8's FATAL ERROR, a C++ allocator). */
export const OOM_STDERR = /heap out of memory|Reached heap limit|Allocation failed|ENOMEM|Cannot allocate memory|std::bad_alloc|OOM when allocating/i;

export interface EngineProcessOptions {
  /** Absolute path of dist/engine.js. */
  enginePath: string;
  job: EngineJob;
  onEvent: (event: EngineToHost) => void;
  onLog?: (line: string) => void;
  /** Seconds to wait for `finished` after `cancel` before killing the process. */
  cancelGraceSeconds?: number;
  /** Seconds to wait for `ready`. */
  startTimeoutSeconds?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  execArgv?: string[];
}

export interface EngineEnd {
  status: RunStatus;
  /** The `finished` event, when the engine sent one. */
  finished?: Extract<EngineToHost, { type: 'finished' }>;
  error?: Extract<EngineToHost, { type: 'error' }>;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export class EngineProcess {
  private readonly child: ChildProcess;
  private finished?: Extract<EngineToHost, { type: 'finished' }>;
  private error?: Extract<EngineToHost, { type: 'error' }>;
  private cancelTimer?: NodeJS.Timeout;
  private startTimer?: NodeJS.Timeout;
  private cancelled = false;
  private killedByHost = false;
  /** Set by any stderr line that says memory ran out (V8 prints ~20 lines of native stack after it). */
  private sawOutOfMemory = false;
  private stderrTail: string[] = [];
  readonly done: Promise<EngineEnd>;

  constructor(private readonly opts: EngineProcessOptions) {
    this.child = fork(opts.enginePath, [], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env, CATS_DOGS_ENGINE_IPC: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
      // Never inherit the host's flags (inspector ports, loaders); only what the engine needs.
      execArgv: opts.execArgv ?? [],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => d.split(/\r?\n/).filter(Boolean).forEach((l) => opts.onLog?.(l)));
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      for (const line of d.split(/\r?\n/).filter(Boolean)) {
        opts.onLog?.(line);
        if (OOM_STDERR.test(line)) this.sawOutOfMemory = true;
        if (/^\s*\d+: 0x[0-9a-f]+ /.test(line)) continue; // a native stack frame: in the log, not in the message
        this.stderrTail.push(line);
        if (this.stderrTail.length > 20) this.stderrTail.shift();
      }
    });
    this.startTimer = setTimeout(() => {
      opts.onLog?.(`The engine did not start within ${opts.startTimeoutSeconds ?? 60} s; stopping it.`);
      this.kill();
    }, (opts.startTimeoutSeconds ?? 60) * 1000);
    this.child.on('message', (raw) => this.onMessage(raw));
    this.done = new Promise((resolve) => {
      this.child.once('error', (err) => {
        opts.onLog?.(`Could not start the engine: ${err.message}`);
      });
      this.child.once('exit', (exitCode, signal) => {
        clearTimeout(this.cancelTimer);
        clearTimeout(this.startTimer);
        resolve(this.end(exitCode, signal));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private send(message: HostToEngine): void {
    if (this.child.connected) this.child.send(message);
  }

  private onMessage(raw: unknown): void {
    const event = parseEngineMessage(raw);
    if (!event) {
      this.opts.onLog?.(`Ignored a malformed message from the engine: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    if (event.type === 'ready') {
      clearTimeout(this.startTimer);
      if (event.protocolVersion !== ENGINE_PROTOCOL_VERSION) {
        this.error = { type: 'error', code: 'protocol', message: `The engine speaks protocol ${event.protocolVersion}, the extension ${ENGINE_PROTOCOL_VERSION}.`, hint: 'Reinstall the extension so both parts match.' };
        this.opts.onEvent(this.error);
        this.kill();
        return;
      }
      this.send({ type: 'start', protocolVersion: ENGINE_PROTOCOL_VERSION, job: this.opts.job });
    }
    if (event.type === 'finished') this.finished = event;
    if (event.type === 'error') this.error = event;
    this.opts.onEvent(event);
  }

  /** Asks the engine to stop at the next batch; kills it if it has not ended within the grace period. */
  cancel(): void {
    if (this.cancelled || this.child.exitCode !== null) return;
    this.cancelled = true;
    this.send({ type: 'cancel' });
    this.cancelTimer = setTimeout(() => {
      this.opts.onLog?.('The engine did not stop in time; killing it.');
      this.kill();
    }, (this.opts.cancelGraceSeconds ?? 10) * 1000);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.killedByHost = true;
      this.child.kill('SIGKILL');
    }
  }

  private end(exitCode: number | null, signal: NodeJS.Signals | null): EngineEnd {
    if (this.finished) return { status: this.finished.status, finished: this.finished, error: this.error, exitCode, signal };
    // Jobs other than training end without a `finished` event: their exit code says how they ended.
    if (exitCode === 0 && !this.error) return { status: 'completed', exitCode, signal };
    const status: RunStatus = this.cancelled || exitCode === 130 ? 'cancelled' : 'failed';
    let error = this.error;
    if (!error && status === 'failed') {
      const tail = this.stderrTail.slice(-5).join('\n');
      // SIGKILL that the host did not send: on Linux, most likely the kernel's out-of-memory killer.
      const killedBySystem = signal === 'SIGKILL' && !this.killedByHost;
      if (this.sawOutOfMemory || killedBySystem) {
        error = {
          type: 'error',
          code: 'out-of-memory',
          message: this.sawOutOfMemory ? 'The engine ran out of memory.' : 'The engine was killed by the system (SIGKILL), most likely because the computer ran out of memory.',
          hint: OUT_OF_MEMORY_HINT,
        };
      } else {
        error = {
          type: 'error',
          code: 'internal',
          message: `The engine stopped unexpectedly (${signal ?? `exit code ${exitCode}`}).${tail ? `\n${tail}` : ''}`,
          hint: 'See the Output channel "Cats vs Dogs Lab" for details.',
        };
      }
      this.opts.onEvent(error);
    }
    return { status, error, exitCode, signal };
  }
}
