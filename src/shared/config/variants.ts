/**
 * Variants of an experiment: one hyperparameter changed, everything else kept. A change becomes a
 * short list of edits to the config file as the user wrote it (jsonc-parser keeps its formatting and
 * key order), a name (<base>-<change>, e.g. "baseline-dropout-0.25") and, after validation, a config.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type JSONPath } from 'jsonc-parser';
import { ARCHITECTURE_INFO, ARCHITECTURES, type Architecture } from './architectures';
import { parseConfigText } from './parseConfigText';
import { POOLINGS, type Augmentation, type ExperimentConfig, type HeadLayer, type Pooling } from './types';

export const VARIANT_PARAMETERS = ['units', 'extraLayer', 'dropout', 'backbone', 'pooling', 'learningRate', 'inputSize', 'fineTune', 'augmentation'] as const;
export type VariantParameter = (typeof VARIANT_PARAMETERS)[number];

export type BackboneArchitecture = Exclude<Architecture, 'custom'>;
export const BACKBONE_CHOICES = ARCHITECTURES.filter((a): a is BackboneArchitecture => a !== 'custom');

export interface BackboneChoice {
  architecture: BackboneArchitecture;
  /** Width multiplier; absent means the family's default (or none). */
  alpha?: number;
}

export const AUGMENTATION_CHOICES = ['none', 'flip', 'standard'] as const;
export type AugmentationChoice = (typeof AUGMENTATION_CHOICES)[number];

/** What each choice writes: "standard" is the Keras cats-vs-dogs recipe (flip, rotation 0.1, zoom 0.2). */
export const AUGMENTATION_PRESETS: Record<Exclude<AugmentationChoice, 'none'>, Augmentation> = {
  flip: { flip: true, rotation: 0, zoom: 0 },
  standard: { flip: true, rotation: 0.1, zoom: 0.2 },
};

/** Fine-tuning written for a variant that turns it on (epochs and rate as the schema's defaults). */
export const FINE_TUNE_DEFAULTS = { epochs: 5, learningRate: 1e-6 } as const;

export interface VariantValues {
  /** Units of the first hidden Dense layer. */
  units: number;
  /** Units of a Dense ReLU layer added after the last hidden one. */
  extraLayer: number;
  /** Dropout rate after every hidden layer. */
  dropout: number;
  backbone: BackboneChoice;
  pooling: Pooling;
  learningRate: number;
  /** Square input side in pixels. */
  inputSize: number;
  /** Backbone layers with weights unfrozen from the top after the head is trained; 0 = no fine-tuning. */
  fineTune: number;
  augmentation: AugmentationChoice;
}

export type VariantChange = { [P in VariantParameter]: { parameter: P; value: VariantValues[P] } }[VariantParameter];
export type ChangeOf<P extends VariantParameter> = Extract<VariantChange, { parameter: P }>;

/** Why a change cannot make a variant; the host words each code for the user. */
export type VariantErrorCode = 'noHiddenLayer' | 'inputTooSmall' | 'sameValue' | 'invalidResult';

export class VariantError extends Error {
  constructor(
    readonly code: VariantErrorCode,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'VariantError';
  }
}

/** One change to the config file: `value: undefined` removes the field. */
export interface ConfigEdit {
  path: JSONPath;
  value: unknown;
}

export function isVariantParameter(value: unknown): value is VariantParameter {
  return typeof value === 'string' && (VARIANT_PARAMETERS as readonly string[]).includes(value);
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

function parseBackbone(value: unknown): BackboneChoice | undefined {
  if (typeof value === 'string') return (BACKBONE_CHOICES as readonly string[]).includes(value) ? { architecture: value as BackboneArchitecture } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const { architecture, alpha } = value as Record<string, unknown>;
  if (typeof architecture !== 'string' || !(BACKBONE_CHOICES as readonly string[]).includes(architecture)) return undefined;
  const info = ARCHITECTURE_INFO[architecture as BackboneArchitecture];
  if (alpha === undefined) return { architecture: architecture as BackboneArchitecture };
  return isFiniteNumber(alpha) && info.alphas?.includes(alpha) ? { architecture: architecture as BackboneArchitecture, alpha } : undefined;
}

/** Checks a value from a command argument or a stored sweep; undefined when it does not fit the parameter. */
export function parseVariantValue<P extends VariantParameter>(parameter: P, value: unknown): VariantValues[P] | undefined {
  const ok = (() => {
    switch (parameter) {
      case 'units':
      case 'extraLayer':
        return isPositiveInt(value) && (value as number) <= 65536 ? value : undefined;
      case 'dropout':
        return isFiniteNumber(value) && value >= 0 && value < 1 ? value : undefined;
      case 'backbone':
        return parseBackbone(value);
      case 'pooling':
        return (POOLINGS as readonly unknown[]).includes(value) ? value : undefined;
      case 'learningRate':
        return isFiniteNumber(value) && value > 0 && value <= 10 ? value : undefined;
      case 'inputSize':
        return Number.isInteger(value) && (value as number) >= 32 && (value as number) <= 1024 ? value : undefined;
      case 'fineTune':
        return Number.isInteger(value) && (value as number) >= 0 ? value : undefined;
      case 'augmentation':
        return (AUGMENTATION_CHOICES as readonly unknown[]).includes(value) ? value : undefined;
    }
    return undefined;
  })();
  return ok as VariantValues[P] | undefined;
}

/** `{ parameter, value }` from a command argument, checked. */
export function parseVariantChange(value: unknown): VariantChange | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { parameter, value: v } = value as Record<string, unknown>;
  if (!isVariantParameter(parameter)) return undefined;
  const parsed = parseVariantValue(parameter, v);
  return parsed === undefined ? undefined : ({ parameter, value: parsed } as VariantChange);
}

function augmentationChoice(a: Augmentation | undefined): AugmentationChoice | undefined {
  if (!a) return 'none';
  for (const [name, preset] of Object.entries(AUGMENTATION_PRESETS)) {
    if (a.flip === preset.flip && a.rotation === preset.rotation && a.zoom === preset.zoom) return name as AugmentationChoice;
  }
  return undefined; // a hand-made mix
}

function backboneChoice(config: ExperimentConfig): BackboneChoice | undefined {
  const { architecture, alpha } = config.backbone;
  if (architecture === 'custom') return undefined;
  const info = ARCHITECTURE_INFO[architecture];
  return info.alphas && alpha !== undefined && alpha !== info.defaultAlpha ? { architecture, alpha } : { architecture };
}

/** The config's value for a parameter; undefined when it has none that the choices can name. */
export function currentValue<P extends VariantParameter>(config: ExperimentConfig, parameter: P): VariantValues[P] | undefined {
  const layers = config.head.layers;
  const value = (() => {
    switch (parameter) {
      case 'units':
        return layers[0]?.units;
      case 'extraLayer':
        return undefined;
      case 'dropout':
        return layers.length > 0 && layers.every((l) => l.dropout === layers[0].dropout) ? layers[0].dropout : undefined;
      case 'backbone':
        return backboneChoice(config);
      case 'pooling':
        return config.head.pooling;
      case 'learningRate':
        return config.training.learningRate;
      case 'inputSize': {
        const [h, w] = config.backbone.inputSize;
        return h === w ? h : undefined;
      }
      case 'fineTune':
        return !config.fineTune ? 0 : config.fineTune.unfreezeTop;
      case 'augmentation':
        return augmentationChoice(config.augmentation);
    }
    return undefined;
  })();
  return value as VariantValues[P] | undefined;
}

function alphaOf(choice: BackboneChoice): number | undefined {
  return choice.alpha ?? ARCHITECTURE_INFO[choice.architecture].defaultAlpha;
}

export function sameValue<P extends VariantParameter>(parameter: P, a: VariantValues[P] | undefined, b: VariantValues[P] | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (parameter === 'backbone') {
    const x = a as BackboneChoice;
    const y = b as BackboneChoice;
    return x.architecture === y.architecture && alphaOf(x) === alphaOf(y);
  }
  return a === b;
}

const SUGGESTED: { [P in Exclude<VariantParameter, 'backbone' | 'inputSize'>]: ReadonlyArray<VariantValues[P]> } = {
  units: [64, 128, 256, 512, 1024],
  extraLayer: [64, 128, 256],
  dropout: [0, 0.25, 0.5, 0.75],
  pooling: POOLINGS,
  learningRate: [1e-3, 1e-4, 1e-5, 1e-6],
  fineTune: [0, 3, 6, 9],
  augmentation: AUGMENTATION_CHOICES,
};
const INPUT_SIZES = [96, 128, 150, 160, 192, 224, 299];

/**
 * The values offered for a parameter (the current one included, so a sweep can take it too): every
 * backbone at its default width plus the other widths of the current family, input sizes the
 * backbone accepts.
 */
export function suggestedValues<P extends VariantParameter>(config: ExperimentConfig, parameter: P): Array<VariantValues[P]> {
  if (parameter === 'backbone') {
    const choices: BackboneChoice[] = BACKBONE_CHOICES.map((architecture) => ({ architecture }));
    const arch = config.backbone.architecture;
    const info = ARCHITECTURE_INFO[arch];
    if (arch !== 'custom' && info.alphas) {
      for (const alpha of info.alphas) if (alpha !== info.defaultAlpha) choices.push({ architecture: arch, alpha });
    }
    return choices as Array<VariantValues[P]>;
  }
  if (parameter === 'inputSize') {
    const min = ARCHITECTURE_INFO[config.backbone.architecture].minInputSize;
    const current = currentValue(config, 'inputSize');
    const sizes = INPUT_SIZES.filter((s) => s >= min);
    if (current !== undefined && !sizes.includes(current)) sizes.push(current);
    return sizes.sort((a, b) => a - b) as Array<VariantValues[P]>;
  }
  return [...SUGGESTED[parameter as keyof typeof SUGGESTED]] as Array<VariantValues[P]>;
}

function formatRate(n: number): string {
  return n.toExponential().replace('e+', 'e');
}

/** The value as plain text: numbers, architecture names, choice ids (the host translates the words). */
export function valueText(change: VariantChange): string {
  switch (change.parameter) {
    case 'backbone':
      return change.value.alpha === undefined ? change.value.architecture : `${change.value.architecture} α${change.value.alpha}`;
    case 'learningRate':
      return formatRate(change.value);
    case 'inputSize':
      return `${change.value}x${change.value}`;
    default:
      return String(change.value);
  }
}

/** The part of the variant's name that says what changed: "dropout-0.25", "lr-1e-4", "backbone-resnet50". */
export function changeSlug(change: VariantChange): string {
  switch (change.parameter) {
    case 'units':
      return `units-${change.value}`;
    case 'extraLayer':
      return `extra-layer-${change.value}`;
    case 'dropout':
      return `dropout-${change.value}`;
    case 'backbone':
      return `backbone-${change.value.architecture.toLowerCase()}${change.value.alpha === undefined ? '' : `-${change.value.alpha}`}`;
    case 'pooling':
      return `pooling-${change.value}`;
    case 'learningRate':
      return `lr-${formatRate(change.value)}`;
    case 'inputSize':
      return `input-${change.value}`;
    case 'fineTune':
      return change.value === 0 ? 'no-finetune' : `finetune-${change.value}`;
    case 'augmentation':
      return change.value === 'none' ? 'no-augment' : `augment-${change.value}`;
  }
}

/** The slug an earlier change of the same parameter left at the end of a name (replaced, not stacked). */
const SLUG_AT_END: Record<VariantParameter, RegExp | undefined> = {
  units: /-units-\d+$/,
  extraLayer: undefined, // layers add up
  dropout: /-dropout-\d+(\.\d+)?$/,
  backbone: /-backbone-[a-z0-9]+(-\d+(\.\d+)?)?$/,
  pooling: /-pooling-(flatten|gap|gmp)$/,
  learningRate: /-lr-\d+(\.\d+)?e-?\d+$/,
  inputSize: /-input-\d+$/,
  fineTune: /-(finetune-\d+|no-finetune)$/,
  augmentation: /-(augment-[a-z]+|no-augment)$/,
};

/** "<base>-<change>"; a base that already ends with a change of this parameter has it replaced. */
export function variantName(baseName: string, change: VariantChange): string {
  const pattern = SLUG_AT_END[change.parameter];
  const base = (pattern ? baseName.replace(pattern, '') : baseName) || baseName;
  return `${base}-${changeSlug(change)}`;
}

/** A config name as a file name: characters a file name or the schema's name pattern dislikes become "-". */
export function fileBaseName(name: string): string {
  const safe = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[.-]+|-+$/g, '')
    .replace(/-{2,}/g, '-');
  return safe || 'variant';
}

/** The first of name, name-2, name-3, ... that `taken` does not hold (compared case-insensitively, for case-insensitive disks). */
export function uniqueName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  for (let i = 2; ; i++) {
    const candidate = `${name}-${i}`;
    if (!taken(candidate)) return candidate;
  }
}

function rawObject(raw: unknown, ...path: string[]): Record<string, unknown> | undefined {
  let v: unknown = raw;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function rawLayers(raw: unknown): unknown[] | undefined {
  const layers = rawObject(raw, 'head')?.layers;
  return Array.isArray(layers) ? layers : undefined;
}

/** Edits that give every hidden layer a new value of one field (in place when the file lists the layers). */
function layerEdits(raw: unknown, layers: HeadLayer[], update: (l: HeadLayer) => HeadLayer, onlyFirst = false): ConfigEdit[] {
  const listed = rawLayers(raw);
  const next = layers.map((l, i) => (onlyFirst && i > 0 ? l : update(l)));
  if (!listed || listed.length !== layers.length) return [{ path: ['head', 'layers'], value: next }];
  const edits: ConfigEdit[] = [];
  next.forEach((layer, i) => {
    if (onlyFirst && i > 0) return;
    for (const key of ['units', 'activation', 'dropout'] as const) {
      if (layer[key] !== layers[i][key]) edits.push({ path: ['head', 'layers', i, key], value: layer[key] });
    }
  });
  return edits;
}

function backboneEdits(raw: unknown, config: ExperimentConfig, choice: BackboneChoice): ConfigEdit[] {
  const b = rawObject(raw, 'backbone') ?? {};
  const info = ARCHITECTURE_INFO[choice.architecture];
  const edits: ConfigEdit[] = [{ path: ['backbone', 'architecture'], value: choice.architecture }];
  edits.push({ path: ['backbone', 'alpha'], value: info.alphas ? choice.alpha : undefined });
  // Weights, layer names and preprocessing belong to the old network: the new one takes its own.
  if (typeof config.backbone.weights === 'string' && config.backbone.weights !== 'imagenet') edits.push({ path: ['backbone', 'weights'], value: 'imagenet' });
  for (const key of ['weightsMd5', 'outputLayer', 'preprocessing']) if (key in b) edits.push({ path: ['backbone', key], value: undefined });
  const side = Math.min(...config.backbone.inputSize);
  if (side < info.minInputSize) edits.push({ path: ['backbone', 'inputSize'], value: info.minInputSize });
  // A layer name of the old network means nothing to the new one: count layers from the top instead.
  if (config.fineTune?.fromLayer !== undefined) {
    edits.push({ path: ['fineTune', 'fromLayer'], value: undefined }, { path: ['fineTune', 'unfreezeTop'], value: SUGGESTED.fineTune[1] });
  }
  return edits;
}

/** The edits that make the change in a config file whose parsed form is `raw` and normalised form `config`. */
export function variantEdits(raw: unknown, config: ExperimentConfig, change: VariantChange): ConfigEdit[] {
  const layers = config.head.layers;
  switch (change.parameter) {
    case 'units':
      if (layers.length === 0) return [{ path: ['head', 'layers'], value: [{ units: change.value, activation: 'relu', dropout: 0 }] }];
      return layerEdits(raw, layers, (l) => ({ ...l, units: change.value }), true);
    case 'extraLayer':
      return [{ path: ['head', 'layers'], value: [...layers, { units: change.value, activation: 'relu', dropout: 0 }] }];
    case 'dropout':
      if (layers.length === 0) throw new VariantError('noHiddenLayer', 'The head has no hidden layer, so there is no Dropout to change: add a layer first.');
      return layerEdits(raw, layers, (l) => ({ ...l, dropout: change.value }));
    case 'backbone':
      return backboneEdits(raw, config, change.value);
    case 'pooling':
      return [{ path: ['head', 'pooling'], value: change.value }];
    case 'learningRate':
      return [{ path: ['training', 'learningRate'], value: change.value }];
    case 'inputSize': {
      const min = ARCHITECTURE_INFO[config.backbone.architecture].minInputSize;
      if (change.value < min) throw new VariantError('inputTooSmall', `${config.backbone.architecture} needs inputs of at least ${min} px.`, [String(min)]);
      return [{ path: ['backbone', 'inputSize'], value: change.value }];
    }
    case 'fineTune':
      if (change.value === 0) return [{ path: ['fineTune'], value: undefined }];
      if (rawObject(raw, 'fineTune')) return [{ path: ['fineTune', 'fromLayer'], value: undefined }, { path: ['fineTune', 'unfreezeTop'], value: change.value }];
      return [{ path: ['fineTune'], value: { unfreezeTop: change.value, ...FINE_TUNE_DEFAULTS } }];
    case 'augmentation':
      return [{ path: ['augmentation'], value: change.value === 'none' ? undefined : { ...AUGMENTATION_PRESETS[change.value] } }];
  }
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** Applies edits to JSON text, keeping everything else as written; removing a missing field is a no-op. */
export function applyConfigEdits(text: string, edits: readonly ConfigEdit[]): string {
  let out = text;
  for (const edit of edits) {
    if (edit.value === undefined) {
      const tree = parseTree(out);
      if (!tree || !findNodeAtLocation(tree, edit.path)) continue;
    }
    out = applyEdits(out, modify(out, edit.path, edit.value, FORMAT));
  }
  return out;
}

export interface Variant {
  name: string;
  text: string;
  config: ExperimentConfig;
  /** The value before the change, when the base had one the choices can name. */
  before?: VariantChange['value'];
}

/**
 * The variant of a config file's text: the change applied, `name` (and `description`, when given)
 * set, validated. Throws VariantError when the base already has this value or the result is invalid.
 */
export function makeVariant(baseText: string, change: VariantChange, opts: { name: string; description?: string }): Variant {
  const base = parseConfigText(baseText);
  if (!base.config) throw new VariantError('invalidResult', 'The base config is not valid.', base.issues.map((i) => `${i.path}: ${i.message}`));
  const before = currentValue(base.config, change.parameter);
  if (sameValue(change.parameter, before, change.value)) throw new VariantError('sameValue', `The config already has ${change.parameter} ${valueText(change)}.`);
  const edits = [...variantEdits(base.raw, base.config, change), { path: ['name'], value: opts.name }];
  if (opts.description !== undefined) edits.push({ path: ['description'], value: opts.description });
  let text = applyConfigEdits(baseText, edits);
  if (!text.endsWith('\n')) text += '\n';
  const result = parseConfigText(text);
  if (!result.config) throw new VariantError('invalidResult', `The variant would not be a valid config: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, result.issues.map((i) => `${i.path}: ${i.message}`));
  return { name: opts.name, text, config: result.config, ...(before !== undefined ? { before } : {}) };
}

/** Whether two configs train the same experiment (name, description and $schema aside). */
export function sameExperiment(a: ExperimentConfig, b: ExperimentConfig): boolean {
  const strip = ({ name: _n, description: _d, $schema: _s, ...rest }: ExperimentConfig) => rest;
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
