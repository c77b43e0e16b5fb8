import * as vscode from 'vscode';
import { valueText, type VariantChange, type VariantError, type VariantParameter, type VariantValues } from '../../shared/config/variants';

/** The words for each hyperparameter a variant can change (QuickPick labels, descriptions, titles). */
export function parameterLabel(parameter: VariantParameter): string {
  switch (parameter) {
    case 'units':
      return vscode.l10n.t('Units in the hidden layer');
    case 'extraLayer':
      return vscode.l10n.t('Extra hidden layer');
    case 'dropout':
      return vscode.l10n.t('Dropout');
    case 'backbone':
      return vscode.l10n.t('Backbone');
    case 'pooling':
      return vscode.l10n.t('Pooling');
    case 'learningRate':
      return vscode.l10n.t('Learning rate');
    case 'inputSize':
      return vscode.l10n.t('Input size');
    case 'fineTune':
      return vscode.l10n.t('Fine-tuning');
    case 'augmentation':
      return vscode.l10n.t('Augmentation');
  }
}

/** One line on what the parameter does, for the QuickPick. */
export function parameterDetail(parameter: VariantParameter): string {
  switch (parameter) {
    case 'units':
      return vscode.l10n.t('Neurons in the first Dense layer of the head: more fit more patterns, and overfit sooner.');
    case 'extraLayer':
      return vscode.l10n.t('Add a Dense ReLU layer after the last hidden layer.');
    case 'dropout':
      return vscode.l10n.t('Fraction of the hidden outputs zeroed at random while training: fights overfitting.');
    case 'backbone':
      return vscode.l10n.t('The pretrained network that turns photos into features (downloads its ImageNet weights once).');
    case 'pooling':
      return vscode.l10n.t('How the feature map becomes a vector: Flatten keeps positions, global pooling averages them away.');
    case 'learningRate':
      return vscode.l10n.t('Step size of the optimizer.');
    case 'inputSize':
      return vscode.l10n.t('Photos are resized to this side: larger is slower and often more accurate.');
    case 'fineTune':
      return vscode.l10n.t('After the head, unfreeze the top layers of the backbone and train on with a small learning rate.');
    case 'augmentation':
      return vscode.l10n.t('Random flips, rotations and zooms of the training photos (no feature cache then: slower).');
  }
}

/** A value as the user reads it: "0.25", "Global average pooling", "Unfreeze the top 3 layers". */
export function valueLabel<P extends VariantParameter>(parameter: P, value: VariantValues[P] | undefined): string {
  if (value === undefined) return vscode.l10n.t('custom');
  const change = { parameter, value } as VariantChange;
  switch (change.parameter) {
    case 'units':
      return vscode.l10n.t('{0} units', change.value);
    case 'extraLayer':
      return vscode.l10n.t('Dense {0} ReLU', change.value);
    case 'dropout':
      return change.value === 0 ? vscode.l10n.t('0 (no Dropout)') : String(change.value);
    case 'pooling':
      return change.value === 'flatten'
        ? vscode.l10n.t('Flatten')
        : change.value === 'gap'
          ? vscode.l10n.t('Global average pooling (GAP)')
          : vscode.l10n.t('Global max pooling (GMP)');
    case 'fineTune':
      return change.value === 0 ? vscode.l10n.t('off') : vscode.l10n.t('unfreeze the top {0} layers', change.value);
    case 'augmentation':
      return change.value === 'none'
        ? vscode.l10n.t('none')
        : change.value === 'flip'
          ? vscode.l10n.t('horizontal flips')
          : vscode.l10n.t('flips, rotation 0.1, zoom 0.2');
    default:
      return valueText(change);
  }
}

/** The description a variant file gets: what it changes, from what to what. */
export function variantDescription(baseName: string, change: VariantChange, before: VariantChange['value'] | undefined): string {
  const after = valueLabel(change.parameter, change.value);
  if (change.parameter === 'extraLayer') return vscode.l10n.t('Variant of "{0}": an extra hidden layer, {1}.', baseName, after);
  return before === undefined
    ? vscode.l10n.t('Variant of "{0}": {1} {2}.', baseName, parameterLabel(change.parameter).toLocaleLowerCase(), after)
    : vscode.l10n.t('Variant of "{0}": {1} {2} → {3}.', baseName, parameterLabel(change.parameter).toLocaleLowerCase(), valueLabel(change.parameter, before as never), after);
}

/** A VariantError for the user. */
export function variantErrorMessage(error: VariantError): string {
  switch (error.code) {
    case 'noHiddenLayer':
      return vscode.l10n.t('The head has no hidden layer, so there is no Dropout to change: add a layer first.');
    case 'inputTooSmall':
      return vscode.l10n.t('This backbone needs inputs of at least {0} px.', error.details[0] ?? '?');
    case 'sameValue':
      return vscode.l10n.t('The config already has this value: pick another one.');
    case 'invalidResult':
      return vscode.l10n.t('The variant would not be a valid config: {0}', error.details.join('; ') || error.message);
  }
}
