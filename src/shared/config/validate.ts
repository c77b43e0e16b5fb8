/**
 * Validation against the experiment schema (the subset of JSON Schema it uses), then normalisation:
 * defaults filled in from the schema and the architecture, so the engine sees one complete shape.
 */
import { ARCHITECTURE_INFO, isArchitecture, type Architecture, type Preprocessing } from './architectures';
import { experimentSchema, type JsonSchema } from './schema';
import type { ConfigIssue, ExperimentConfig, HeadLayer } from './types';

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: NonNullable<JsonSchema['type']>): boolean {
  const actual = typeOf(value);
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function closest(word: string, options: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return options.find((o) => o.toLowerCase() === lower) ?? options.find((o) => o.toLowerCase().startsWith(lower.slice(0, 3)));
}

/** Checks a value against a schema and appends every problem, each with the path of the field. */
export function checkAgainstSchema(value: unknown, schema: JsonSchema, path: string, issues: ConfigIssue[]): void {
  const where = path || 'the config';
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((s) => {
      const sub: ConfigIssue[] = [];
      checkAgainstSchema(value, s, path, sub);
      return sub.length === 0;
    });
    if (matching.length === 0) {
      // Report the problems of the branch whose type fits, else a summary.
      const fitting = schema.oneOf.find((s) => s.type && matchesType(value, s.type));
      if (fitting) checkAgainstSchema(value, fitting, path, issues);
      else issues.push({ path, message: `${where} must be ${schema.oneOf.map((s) => describeType(s)).join(' or ')}, not ${describe(value)}.` });
    }
    return;
  }
  if (schema.type && !matchesType(value, schema.type)) {
    issues.push({ path, message: `${where} must be ${describeType(schema)}, not ${describe(value)}.` });
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    const options = schema.enum.map((e) => String(e));
    const hint = typeof value === 'string' ? closest(value, options) : undefined;
    issues.push({ path, message: `${where} is ${describe(value)}; use one of ${options.join(', ')}.${hint ? ` Did you mean "${hint}"?` : ''}` });
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.push({ path, message: `${where} must be a finite number.` });
    if (schema.minimum !== undefined && value < schema.minimum) issues.push({ path, message: `${where} is ${value}; it must be at least ${schema.minimum}.` });
    if (schema.maximum !== undefined && value > schema.maximum) issues.push({ path, message: `${where} is ${value}; it must be at most ${schema.maximum}.` });
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) issues.push({ path, message: `${where} is ${value}; it must be greater than ${schema.exclusiveMinimum}.` });
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) issues.push({ path, message: `${where} is ${value}; it must be less than ${schema.exclusiveMaximum}.` });
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) issues.push({ path, message: `${where} must not be empty.` });
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) issues.push({ path, message: `${where} (${describe(value)}) has an invalid format.` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) issues.push({ path, message: `${where} needs at least ${schema.minItems} items.` });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) issues.push({ path, message: `${where} allows at most ${schema.maxItems} items.` });
    if (schema.items) value.forEach((item, i) => checkAgainstSchema(item, schema.items!, join(path, i), issues));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (obj[key] === undefined) issues.push({ path: join(path, key), message: `${join(path, key)} is required.` });
    }
    for (const [key, child] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) checkAgainstSchema(child, sub, join(path, key), issues);
      else if (schema.additionalProperties === false) {
        const hint = closest(key, Object.keys(schema.properties ?? {}));
        issues.push({ path: join(path, key), message: `${join(path, key)} is not a known setting.${hint ? ` Did you mean "${hint}"?` : ''}` });
      }
    }
  }
}

function describeType(schema: JsonSchema): string {
  if (schema.type === 'array' && schema.items) return `a list of ${schema.minItems === schema.maxItems && schema.minItems ? `${schema.minItems} ` : ''}${describeType(schema.items)}s`;
  const t = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type ?? 'a value';
  const article = /^[aeiou]/.test(t) ? 'an' : 'a';
  return t === 'null' ? 'null' : `${article} ${t}`;
}

export interface ValidationResult {
  config?: ExperimentConfig;
  issues: ConfigIssue[];
}

/** Validates raw JSON and, when it is valid, returns the normalised config. */
export function validateConfig(raw: unknown): ValidationResult {
  const issues: ConfigIssue[] = [];
  checkAgainstSchema(raw, experimentSchema, '', issues);
  if (issues.length > 0) return { issues };
  const config = normalizeConfig(raw as Record<string, any>, issues);
  return issues.length > 0 ? { issues } : { config, issues };
}

function normalizeConfig(raw: Record<string, any>, issues: ConfigIssue[]): ExperimentConfig {
  const b = raw.backbone ?? {};
  const architecture: Architecture = isArchitecture(b.architecture) ? b.architecture : 'custom';
  const info = ARCHITECTURE_INFO[architecture];
  const side = b.inputSize ?? info.defaultInputSize;
  const inputSize: [number, number] = Array.isArray(side) ? [side[0], side[1]] : [side, side];
  if (inputSize.some((s) => s < info.minInputSize)) {
    issues.push({ path: 'backbone.inputSize', message: `${architecture} needs inputs of at least ${info.minInputSize} px; got ${inputSize.join('x')}.` });
  }
  let alpha: number | undefined = b.alpha;
  if (info.alphas) {
    alpha ??= info.defaultAlpha;
    if (!info.alphas.includes(alpha!)) issues.push({ path: 'backbone.alpha', message: `${architecture} has no alpha ${alpha}; use one of ${info.alphas.join(', ')}.` });
  } else if (alpha !== undefined && architecture !== 'custom') {
    issues.push({ path: 'backbone.alpha', message: `${architecture} has no width multiplier; remove backbone.alpha.` });
  }
  const weights: string | null = b.weights === undefined ? 'imagenet' : b.weights;
  if (architecture === 'custom' && (weights === null || weights === 'imagenet')) {
    issues.push({ path: 'backbone.weights', message: 'A custom backbone needs weights: a path or URL to a TensorFlow.js model.json or a Keras .h5 file.' });
  }
  if (weights === '') issues.push({ path: 'backbone.weights', message: 'backbone.weights is empty; use "imagenet", a path or URL, or null.' });
  const preprocessing: Preprocessing = b.preprocessing ?? info.preprocessing;

  const h = raw.head ?? {};
  const layers: HeadLayer[] = (h.layers ?? [{ units: 256, activation: 'relu', dropout: 0.5 }]).map((l: any) => ({
    units: l.units,
    activation: l.activation ?? 'relu',
    dropout: l.dropout ?? 0,
  }));

  const t = raw.training ?? {};
  const config: ExperimentConfig = {
    ...(raw.$schema !== undefined ? { $schema: raw.$schema } : {}),
    name: raw.name,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    data: raw.data ?? '../cats_vs_dogs',
    backbone: {
      architecture,
      ...(alpha !== undefined ? { alpha } : {}),
      weights,
      ...(b.weightsMd5 !== undefined ? { weightsMd5: String(b.weightsMd5).toLowerCase() } : {}),
      ...(b.outputLayer !== undefined ? { outputLayer: b.outputLayer } : {}),
      inputSize,
      preprocessing,
      trainable: b.trainable ?? false,
    },
    head: { pooling: h.pooling ?? 'flatten', layers },
    training: {
      optimizer: t.optimizer ?? 'adam',
      learningRate: t.learningRate ?? 1e-5,
      batchSize: t.batchSize ?? 64,
      epochs: t.epochs ?? 10,
      seed: t.seed ?? 42,
      ...(t.earlyStopping
        ? { earlyStopping: { patience: t.earlyStopping.patience, restoreBest: t.earlyStopping.restoreBest ?? true, monitor: t.earlyStopping.monitor ?? 'val_loss' } }
        : {}),
    },
  };
  if (raw.fineTune) {
    const f = raw.fineTune;
    if ((f.fromLayer === undefined) === (f.unfreezeTop === undefined)) {
      issues.push({ path: 'fineTune', message: 'fineTune needs exactly one of fromLayer or unfreezeTop.' });
    }
    if (weights === null) issues.push({ path: 'fineTune', message: 'Fine-tuning needs pretrained weights; set backbone.weights.' });
    config.fineTune = {
      ...(f.fromLayer !== undefined ? { fromLayer: f.fromLayer } : {}),
      ...(f.unfreezeTop !== undefined ? { unfreezeTop: f.unfreezeTop } : {}),
      epochs: f.epochs ?? 5,
      learningRate: f.learningRate ?? 1e-6,
    };
  }
  if (raw.augmentation) {
    const a = raw.augmentation;
    config.augmentation = { flip: a.flip ?? true, rotation: a.rotation ?? 0, zoom: a.zoom ?? 0 };
  }
  return config;
}

/** Formats issues for a message box or a terminal: one line each, with the field path first. */
export function formatIssues(issues: ConfigIssue[], file?: string): string {
  const prefix = file ? `${file}: ` : '';
  return issues.map((i) => `${prefix}${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n');
}
