import * as vscode from 'vscode';
import { output } from './output';

export type Severity = 'info' | 'warning' | 'error';

export interface ShownMessage {
  severity: Severity;
  message: string;
  actions: string[];
}

/** Every message shown, newest last (bounded): the extension's API exposes it to its integration tests. */
export const shownMessages: ShownMessage[] = [];

/**
 * Shows a notification and logs it. Resolves with the action the user picks, but callers inside
 * commands must not await it: a command returns at once, the buttons work whenever they are clicked.
 */
export function notify(severity: Severity, message: string, ...actions: string[]): Thenable<string | undefined> {
  shownMessages.push({ severity, message, actions });
  if (shownMessages.length > 50) shownMessages.shift();
  const log = output();
  if (severity === 'error') log.error(message);
  else if (severity === 'warning') log.warn(message);
  else log.info(message);
  const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  return show(message, ...actions);
}

/** Shows a message whose buttons run callbacks, without making the caller wait for a click. */
export function notifyWithActions(severity: Severity, message: string, actions: Record<string, () => unknown>): void {
  void notify(severity, message, ...Object.keys(actions)).then((choice) => {
    if (choice) void actions[choice]?.();
  });
}
