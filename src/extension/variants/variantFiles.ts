import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseConfigText } from '../../shared/config/parseConfigText';
import type { ExperimentConfig } from '../../shared/config/types';
import { applyConfigEdits, currentValue, fileBaseName, makeVariant, sameExperiment, uniqueName, variantName, type VariantChange } from '../../shared/config/variants';
import { RUN_FILES } from '../../shared/results/runFolder';
import { runFolderUri } from '../runs/runFolders';
import { exists, type LabPaths } from '../workspace';
import { variantDescription } from './variantLabels';

/** The config a variant starts from. */
export interface VariantBase {
  /** The config file in the workspace; undefined when the base is a run's own config.json and its file is gone. */
  uri?: vscode.Uri;
  text: string;
  config: ExperimentConfig;
}

/** A file's text as the editor shows it (saved or not). */
async function documentText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Reads a base; undefined (with the reason) when the file is missing or not a valid config. */
export async function readBase(uri: vscode.Uri, asFile = true): Promise<{ base?: VariantBase; problem?: string }> {
  if (!(await exists(uri))) return { problem: vscode.l10n.t('{0} does not exist.', vscode.workspace.asRelativePath(uri, false)) };
  const text = await documentText(uri);
  const parsed = parseConfigText(text);
  if (!parsed.config) {
    const first = parsed.issues[0];
    return { problem: vscode.l10n.t('{0} is not a valid experiment config: {1}', vscode.workspace.asRelativePath(uri, false), first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : '?') };
  }
  return { base: { ...(asFile ? { uri } : {}), text, config: parsed.config } };
}

/** The base of a run: its config file when it is still there, else the config.json the run used. */
export async function runBase(paths: LabPaths, runId: string, configUri?: vscode.Uri): Promise<{ base?: VariantBase; problem?: string }> {
  if (configUri && (await exists(configUri))) return readBase(configUri);
  const dir = runFolderUri(paths, runId);
  if (!dir) return { problem: vscode.l10n.t('"{0}" is not a run id.', runId) };
  return readBase(vscode.Uri.joinPath(dir, RUN_FILES.config), false);
}

export interface WrittenVariant {
  uri: vscode.Uri;
  name: string;
  config: ExperimentConfig;
  /** False when an identical experiment already had the file: it is reused, not duplicated. */
  created: boolean;
}

/**
 * The base's text for a file in `experimentsDir`: paths inside a config resolve against its folder,
 * so a base from another folder gets its dataset and weights paths rewritten to point at the same places.
 */
function rebasedText(base: VariantBase, experimentsDir: string): string {
  if (!base.uri || resolve(dirname(base.uri.fsPath)) === resolve(experimentsDir)) return base.text;
  const from = dirname(base.uri.fsPath);
  const moved = (p: string) => relative(experimentsDir, resolve(from, p)).split('\\').join('/');
  const edits = [{ path: ['data'], value: moved(base.config.data) }];
  const weights = base.config.backbone.weights;
  if (weights && weights !== 'imagenet' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(weights) && !isAbsolute(weights)) edits.push({ path: ['backbone', 'weights'], value: moved(weights) });
  return applyConfigEdits(base.text, edits);
}

async function readConfigAt(file: string): Promise<ExperimentConfig | undefined> {
  try {
    return parseConfigText(await fs.readFile(file, 'utf8')).config;
  } catch {
    return undefined;
  }
}

/**
 * Writes experiments/<base>-<change>.json. An existing file is never overwritten: one holding the same
 * experiment is reused, any other pushes the name on to <name>-2, <name>-3, ... The file is created
 * exclusively ('wx'), so a file appearing meanwhile is not overwritten either.
 */
export async function writeVariant(paths: LabPaths, base: VariantBase, change: VariantChange): Promise<WrittenVariant> {
  const dir = paths.experiments.fsPath;
  await fs.mkdir(dir, { recursive: true });
  const baseText = rebasedText(base, dir);
  const wanted = variantName(base.config.name, change);
  const tried = new Set<string>();
  for (;;) {
    const name = uniqueName(wanted, (n) => tried.has(n.toLocaleLowerCase()));
    tried.add(name.toLocaleLowerCase());
    const description = variantDescription(base.config.name, change, currentValue(base.config, change.parameter));
    const { text, config } = makeVariant(baseText, change, { name, description });
    const file = join(dir, `${fileBaseName(name)}.json`);
    const existing = await readConfigAt(file);
    if (existing && sameExperiment(existing, config)) return { uri: vscode.Uri.file(file), name: existing.name, config: existing, created: false };
    if (existing || (await exists(vscode.Uri.file(file)))) continue;
    try {
      await fs.writeFile(file, text, { encoding: 'utf8', flag: 'wx' });
      return { uri: vscode.Uri.file(file), name, config, created: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
