import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { CatsDogsApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'cats-vs-dogs-lab.cats-vs-dogs-lab';

export async function activateExtension(): Promise<CatsDogsApi> {
  const ext = vscode.extensions.getExtension<CatsDogsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
}

export async function waitFor<T>(fn: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

