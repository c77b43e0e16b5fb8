import * as vscode from 'vscode';
import { offerResume } from '../sweep/resumeSweep';
import { SweepRunner } from '../sweep/sweepRunner';
import { classifyPhotoCommand } from './classifyPhoto';
import { exportResultsCommand } from './exportResults';
import { clearFeatureCacheCommand, showCacheCommand, type ClearCacheArgs } from './featureCache';
import { COMMANDS } from './ids';
import { newVariantCommand } from './newVariant';
import { queueSweepCommand, showSweepCommand } from './queueSweep';
import { registerCommand } from './register';
import { trainCommand } from './train';

/**
 * The commands that build on training: New Variant, Queue Sweep (and its list and cancel), Classify
 * Photo, Export Results, Show Cache and Clear Feature Cache. Also offers to resume a sweep a window reload interrupted.
 */
export function registerExperimentCommands(context: vscode.ExtensionContext): SweepRunner {
  const runner = new SweepRunner(context.workspaceState, (uri) => trainCommand(context, uri));
  context.subscriptions.push(runner);
  const register = (id: string, fn: (...args: any[]) => unknown) => registerCommand(context, id, fn);
  register(COMMANDS.newVariant, (...args: unknown[]) => newVariantCommand(context, ...args));
  register(COMMANDS.queueSweep, (arg?: unknown) => queueSweepCommand(context, runner, arg));
  register(COMMANDS.showSweep, () => showSweepCommand(runner));
  register(COMMANDS.cancelSweep, () => runner.cancel());
  register(COMMANDS.classifyPhoto, (image?: unknown, runId?: unknown) => classifyPhotoCommand(context, image, runId, false));
  register(COMMANDS.classifyPhotoWithRun, (image?: unknown, runId?: unknown) => classifyPhotoCommand(context, image, runId, true));
  register(COMMANDS.exportResults, (opts?: { preview?: boolean }) => exportResultsCommand(opts ?? {}));
  register(COMMANDS.showCache, () => showCacheCommand(context));
  register(COMMANDS.clearFeatureCache, (arg?: ClearCacheArgs) => clearFeatureCacheCommand(context, typeof arg === 'object' && arg !== null ? arg : undefined));
  void offerResume(runner);
  return runner;
}
