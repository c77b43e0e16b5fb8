/**
 * A few pieces of the `vscode` API, enough to unit-test host code that only needs events, l10n and
 * a status bar item. `withFakeVscode()` makes `require('vscode')` return it (the unit tier runs
 * without VS Code; the integration tier runs the real thing).
 */
import Module from 'node:module';
import { promises as fsp } from 'node:fs';
import * as nodePath from 'node:path';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];
  event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class FakeMemento {
  readonly values = new Map<string, unknown>();
  updates = 0;
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.updates++;
    this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

export interface FakeStatusBarItem {
  text: string;
  tooltip?: string;
  command?: string;
  name?: string;
  visible: boolean;
  show(): void;
  hide(): void;
  dispose(): void;
}

export const executed: Array<{ command: string; args: unknown[] }> = [];
export const statusItems: FakeStatusBarItem[] = [];

/** A file Uri: enough for host code that joins paths and reads fsPath. */
export class Uri {
  readonly scheme = 'file';
  private constructor(readonly fsPath: string) {}
  static file(path: string): Uri {
    return new Uri(nodePath.resolve(path));
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(nodePath.join(base.fsPath, ...parts));
  }
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

/** Messages shown (window.show*Message) and the answers the next ones get (first in, first out). */
export const shown: Array<{ severity: string; message: string; actions: string[] }> = [];
export const messageAnswers: Array<string | undefined> = [];
function showMessage(severity: string) {
  return (message: string, ...actions: string[]) => {
    shown.push({ severity, message, actions });
    return Promise.resolve(messageAnswers.shift());
  };
}

/** window.withProgress: what was reported, and a way to press the notification's Cancel. */
export const progress = { titles: [] as string[], reports: [] as string[], cancel: new EventEmitter<void>() };

export const workspaceState = { folders: [] as Array<{ uri: Uri; name: string; index: number }> };

export const fakeVscode = {
  EventEmitter,
  StatusBarAlignment: { Left: 1, Right: 2 },
  l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (m, i) => (args[Number(i)] === undefined ? m : String(args[Number(i)]))) },
  Uri,
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  env: { language: 'en' },
  workspace: {
    get workspaceFolders() {
      return workspaceState.folders.length ? workspaceState.folders : undefined;
    },
    isTrusted: true,
    getConfiguration: () => ({ get: () => undefined }),
    fs: {
      stat: (uri: Uri) => fsp.stat(uri.fsPath),
      readFile: async (uri: Uri) => new Uint8Array(await fsp.readFile(uri.fsPath)),
    },
    asRelativePath: (p: Uri | string) => (typeof p === 'string' ? p : p.fsPath),
  },
  window: {
    showInformationMessage: showMessage('info'),
    showWarningMessage: showMessage('warning'),
    showErrorMessage: showMessage('error'),
    createOutputChannel: () => ({ info: () => {}, warn: () => {}, error: () => {}, appendLine: () => {}, dispose: () => {} }),
    withProgress: async <T>(opts: { title?: string }, task: (p: { report(v: { message?: string }): void }, token: { onCancellationRequested: typeof progress.cancel.event }) => Promise<T>): Promise<T> => {
      progress.titles.push(opts.title ?? '');
      return task({ report: (v) => void (v.message !== undefined && progress.reports.push(v.message)) }, { onCancellationRequested: progress.cancel.event });
    },
    createStatusBarItem: (): FakeStatusBarItem => {
      const item: FakeStatusBarItem = { text: '', visible: false, show: () => (item.visible = true), hide: () => (item.visible = false), dispose: () => (item.visible = false) };
      statusItems.push(item);
      return item;
    },
  },
  commands: {
    executeCommand: (command: string, ...args: unknown[]) => {
      executed.push({ command, args });
      return Promise.resolve(undefined);
    },
  },
};

let installed = false;

/** From now on, `require('vscode')` in this process returns the fake. */
export function withFakeVscode(): void {
  if (installed) return;
  installed = true;
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = mod._load;
  mod._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? fakeVscode : load(request, ...rest));
}
