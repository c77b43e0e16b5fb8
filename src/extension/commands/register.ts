import * as vscode from 'vscode';
import { notify } from '../notify';
import { output } from '../output';

/**
 * Registers a command whose failures are logged and shown to the user (never thrown into VS Code's
 * generic "command failed" box). The command's result is returned to programmatic callers.
 */
export function registerCommand(context: vscode.ExtensionContext, id: string, fn: (...args: any[]) => unknown): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: any[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        output().error(`${id} failed: ${err instanceof Error ? err.stack : message}`);
        void notify('error', message);
        return undefined;
      }
    }),
  );
}
