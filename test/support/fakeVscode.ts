/**
 * A few pieces of the `vscode` API, enough to unit-test host code that only needs events, l10n and
 * a status bar item. `withFakeVscode()` makes `require('vscode')` return it (the unit tier runs
 * without VS Code; the integration tier runs the real thing).
 */
import Module from 'node:module';

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

export const fakeVscode = {
  EventEmitter,
  StatusBarAlignment: { Left: 1, Right: 2 },
  env: { language: 'en' },
  Uri: { joinPath: (base: { path: string }, ...segments: string[]) => ({ path: [base.path, ...segments].join('/') }) },
  l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (m, i) => (args[Number(i)] === undefined ? m : String(args[Number(i)]))) },
  window: {
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
