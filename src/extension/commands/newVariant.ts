import * as vscode from 'vscode';
import { isVariantParameter, parseVariantValue, VariantError, type VariantChange, type VariantParameter } from '../../shared/config/variants';
import { notify, notifyWithActions } from '../notify';
import { pickParameter, pickValue } from '../variants/pickVariant';
import { readBase, runBase, writeVariant, type VariantBase, type WrittenVariant } from '../variants/variantFiles';
import { parameterLabel, valueLabel, variantErrorMessage } from '../variants/variantLabels';
import type { LabPaths } from '../workspace';
import { requireWorkspace } from './guards';
import { COMMANDS } from './ids';
import { pickConfig, trainCommand, type TrainResult } from './train';

/** What catsDogs.newVariant takes as an object (the walkthrough, tests): every field optional. */
export interface NewVariantOptions {
  /** The base config (a Uri, or a workspace-relative path). */
  config?: vscode.Uri | string;
  /** A run whose config is the base (its config file, else the run's config.json). */
  runId?: string;
  parameter?: VariantParameter;
  /** The new value; asked for when absent. */
  value?: unknown;
  /** true: train it at once (and return the run's result); false: only write it; absent: offer "Train Now". */
  train?: boolean;
}

export interface NewVariantResult extends WrittenVariant {
  train?: TrainResult;
}

/** (configUri?, runId?) from the Training view's "Create Variant", or one options object. */
export function parseNewVariantArgs(args: readonly unknown[]): NewVariantOptions {
  const [first, second] = args;
  if (first instanceof vscode.Uri || first === undefined || first === null) {
    return { ...(first ? { config: first } : {}), ...(typeof second === 'string' ? { runId: second } : {}) };
  }
  if (typeof first !== 'object') return {};
  const o = first as Record<string, unknown>;
  return {
    ...(o.config instanceof vscode.Uri || typeof o.config === 'string' ? { config: o.config } : {}),
    ...(typeof o.runId === 'string' ? { runId: o.runId } : {}),
    ...(isVariantParameter(o.parameter) ? { parameter: o.parameter } : {}),
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(typeof o.train === 'boolean' ? { train: o.train } : {}),
  };
}

function configUriOf(paths: LabPaths, config: vscode.Uri | string): vscode.Uri {
  return config instanceof vscode.Uri ? config : vscode.Uri.joinPath(paths.folder.uri, config);
}

/** The base config from the options, the editor or a pick; undefined after saying why. */
export async function resolveBase(context: vscode.ExtensionContext, paths: LabPaths, opts: { config?: vscode.Uri | string; runId?: string }, title: string): Promise<VariantBase | undefined> {
  let found: { base?: VariantBase; problem?: string };
  if (opts.runId) found = await runBase(paths, opts.runId, opts.config ? configUriOf(paths, opts.config) : undefined);
  else {
    const uri = opts.config ? configUriOf(paths, opts.config) : await pickConfig(context, paths, undefined, title);
    if (!uri) return undefined;
    found = await readBase(uri);
  }
  if (!found.base) void notify('warning', found.problem ?? vscode.l10n.t('No experiment config to start from.'));
  return found.base;
}

/** catsDogs.newVariant: one hyperparameter changed, saved as experiments/<base>-<change>.json, then trained on request. */
export async function newVariantCommand(context: vscode.ExtensionContext, ...args: unknown[]): Promise<NewVariantResult | undefined> {
  const paths = requireWorkspace();
  if (!paths) return undefined;
  const opts = parseNewVariantArgs(args);
  const title = vscode.l10n.t('New Variant');
  const base = await resolveBase(context, paths, opts, title);
  if (!base) return undefined;

  const parameter = opts.parameter ?? (await pickParameter(base.config, vscode.l10n.t('New Variant of "{0}"', base.config.name)));
  if (!parameter) return undefined;
  let value = opts.value === undefined ? undefined : parseVariantValue(parameter, opts.value);
  if (opts.value !== undefined && value === undefined) {
    void notify('error', vscode.l10n.t('{0} is not a valid value for {1}.', JSON.stringify(opts.value), parameterLabel(parameter).toLocaleLowerCase()));
    return undefined;
  }
  value ??= await pickValue(base.config, parameter, vscode.l10n.t('New Variant of "{0}": {1}', base.config.name, parameterLabel(parameter)));
  if (value === undefined) return undefined;
  const change = { parameter, value } as VariantChange;

  let written: WrittenVariant;
  try {
    written = await writeVariant(paths, base, change);
  } catch (err) {
    if (err instanceof VariantError) {
      void notify('error', variantErrorMessage(err));
      return undefined;
    }
    throw err;
  }
  const rel = vscode.workspace.asRelativePath(written.uri, false);
  await vscode.window.showTextDocument(written.uri, { preview: false, preserveFocus: opts.train === true });
  if (opts.train === true) return { ...written, train: await trainCommand(context, written.uri) };
  if (opts.train === undefined) {
    const what = `${parameterLabel(parameter)}: ${valueLabel(parameter, value)}`;
    const message = written.created ? vscode.l10n.t('Created {0} ({1}).', rel, what) : vscode.l10n.t('{0} already holds this experiment ({1}); it was not changed.', rel, what);
    notifyWithActions('info', message, { [vscode.l10n.t('Train Now')]: () => vscode.commands.executeCommand(COMMANDS.train, written.uri) });
  }
  return written;
}
