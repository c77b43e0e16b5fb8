import * as vscode from 'vscode';
import type { ExperimentConfig } from '../../shared/config/types';
import {
  VARIANT_PARAMETERS,
  currentValue,
  parseVariantValue,
  sameValue,
  suggestedValues,
  type VariantParameter,
  type VariantValues,
} from '../../shared/config/variants';
import { parameterDetail, parameterLabel, valueLabel } from './variantLabels';

/** Parameters whose value can be typed as a number. */
const NUMERIC = new Set<VariantParameter>(['units', 'extraLayer', 'dropout', 'learningRate', 'inputSize', 'fineTune']);

/** QuickPick: which hyperparameter to change (each with its value now). */
export async function pickParameter(config: ExperimentConfig, title: string): Promise<VariantParameter | undefined> {
  const items = VARIANT_PARAMETERS.map((parameter) => ({
    label: parameterLabel(parameter),
    description: parameter === 'extraLayer' ? vscode.l10n.t('now: {0} hidden layers', config.head.layers.length) : vscode.l10n.t('now: {0}', valueLabel(parameter, currentValue(config, parameter))),
    detail: parameterDetail(parameter),
    parameter,
  }));
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Which hyperparameter should the variant change?'), matchOnDetail: true, ignoreFocusOut: true });
  return pick?.parameter;
}

type ValueItem<P extends VariantParameter> = vscode.QuickPickItem & { value?: VariantValues[P]; custom?: boolean };

/** InputBox for a value the list does not hold, checked as the user types. */
async function typeValue<P extends VariantParameter>(parameter: P, title: string): Promise<VariantValues[P] | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('{0}: type a value', parameterLabel(parameter)),
    ignoreFocusOut: true,
    validateInput: (t) => (parseVariantValue(parameter, Number(t.trim())) === undefined || t.trim() === '' ? vscode.l10n.t('Not a valid value for {0}.', parameterLabel(parameter).toLocaleLowerCase()) : undefined),
  });
  return text === undefined ? undefined : parseVariantValue(parameter, Number(text.trim()));
}

/** QuickPick: the new value (the current one is not offered), or a typed one for numbers. */
export async function pickValue<P extends VariantParameter>(config: ExperimentConfig, parameter: P, title: string): Promise<VariantValues[P] | undefined> {
  const now = currentValue(config, parameter);
  const items: Array<ValueItem<P>> = suggestedValues(config, parameter)
    .filter((v) => !sameValue(parameter, v, now))
    .map((value) => ({ label: valueLabel(parameter, value), value }));
  if (NUMERIC.has(parameter)) items.push({ label: `$(edit) ${vscode.l10n.t('Other value…')}`, custom: true });
  const pick = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: parameter === 'extraLayer' ? vscode.l10n.t('Units of the new layer') : vscode.l10n.t('New {0} (now: {1})', parameterLabel(parameter).toLocaleLowerCase(), valueLabel(parameter, now)),
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  return pick.custom ? typeValue(parameter, title) : pick.value;
}

/** QuickPick with many picks: the values a sweep runs (all the suggested ones preselected). */
export async function pickSweepValues<P extends VariantParameter>(config: ExperimentConfig, parameter: P, title: string): Promise<Array<VariantValues[P]> | undefined> {
  const now = currentValue(config, parameter);
  const items = suggestedValues(config, parameter).map((value) => ({
    label: valueLabel(parameter, value),
    description: sameValue(parameter, value, now) ? vscode.l10n.t('current: trains the base config itself') : undefined,
    value,
    picked: true,
  }));
  const picks = await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: vscode.l10n.t('Which values should the sweep train, one run each?'), ignoreFocusOut: true });
  return picks && picks.length > 0 ? picks.map((p) => p.value) : undefined;
}
