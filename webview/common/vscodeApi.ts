/** A typed wrapper around acquireVsCodeApi: post only the view's own message type. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel<ToHost> {
  post(message: ToHost): void;
  /** The view's own UI state (sort, filters, selection), kept by VS Code while the view is hidden. */
  getState(): unknown;
  setState(state: unknown): void;
}

let api: VsCodeApi | undefined;

export function hostChannel<ToHost>(): HostChannel<ToHost> {
  api ??= acquireVsCodeApi();
  const vscode = api;
  return { post: (message) => vscode.postMessage(message), getState: () => vscode.getState(), setState: (s) => vscode.setState(s) };
}

/** Listens for messages from the host; returns a function that stops listening. */
export function onHostMessage(handler: (data: unknown) => void): () => void {
  const listener = (event: MessageEvent) => handler(event.data);
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}
