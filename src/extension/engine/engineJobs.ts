import * as vscode from 'vscode';
import type { EngineJob, EngineToHost } from '../../shared/protocol/engine';
import { kerasLines } from '../../shared/format/kerasLog';
import { output } from '../output';
import { EngineProcess, type EngineEnd } from './engineProcess';

/** The one engine job running in this window (training and dataset preparation share the CPU). */
let current: { process: EngineProcess; job: EngineJob; label: string } | undefined;

export function activeJob(): { job: EngineJob; label: string; cancel(): void } | undefined {
  return current && { job: current.job, label: current.label, cancel: () => current?.process.cancel() };
}

export interface RunEngineOptions {
  label: string;
  onEvent?: (event: EngineToHost) => void;
}

/** Cache folder from the setting, or undefined for the engine's per-user default. */
export function cacheFolderSetting(): string | undefined {
  const value = vscode.workspace.getConfiguration('catsDogs').get<string>('cacheFolder');
  return value && value.trim() ? value.trim() : undefined;
}

/** Starts the engine on a job, mirrors its events to the Output channel, resolves when it ends. */
export function runEngineJob(context: vscode.ExtensionContext, job: EngineJob, opts: RunEngineOptions): { process: EngineProcess; done: Promise<EngineEnd> } {
  if (current) throw new Error(vscode.l10n.t('{0} is still running: wait for it or cancel it first.', current.label));
  const log = output();
  let steps: number | undefined;
  const proc = new EngineProcess({
    enginePath: context.asAbsolutePath('dist/engine.js'),
    job,
    cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    onLog: (line) => log.info(`[engine] ${line}`),
    onEvent: (event) => {
      if (event.type === 'progress' && event.unit === 'batches' && (event.phase === 'train' || event.phase === 'finetune')) steps = event.total;
      for (const line of kerasLines(event, { steps })) log.info(line);
      opts.onEvent?.(event);
    },
  });
  current = { process: proc, job, label: opts.label };
  log.info(`${opts.label}: engine started (pid ${proc.pid}).`);
  const done = proc.done.finally(() => {
    if (current?.process === proc) current = undefined;
  });
  return { process: proc, done };
}

/**
 * Stops whatever runs when the extension deactivates (window closed or reloaded): asks the engine to
 * cancel so it records the run, and kills it if it has not ended within a few seconds. No orphans.
 */
export async function stopAllEngines(): Promise<void> {
  const running = current;
  if (!running) return;
  running.process.cancel();
  const ended = await Promise.race([running.process.done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
  if (!ended) running.process.kill();
}
