/** Loads h5wasm (ESM-only, kept out of bundles) once, from CommonJS, via dynamic import. */
type H5wasm = typeof import('h5wasm/node');

let loading: Promise<H5wasm> | undefined;

export function loadH5wasm(): Promise<H5wasm> {
  loading ??= (async () => {
    const h5 = await import('h5wasm/node');
    await h5.ready;
    return h5;
  })();
  return loading;
}
