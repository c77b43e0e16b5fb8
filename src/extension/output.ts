import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's Output channel ("Cats vs Dogs Lab"): the Keras-style log of every run. */
export function output(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Cats vs Dogs Lab', { log: true });
  return channel;
}
