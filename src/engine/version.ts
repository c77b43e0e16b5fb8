declare const __ENGINE_VERSION__: string | undefined;

/** The engine's version, stamped at build time (falls back for tests run from source). */
export const ENGINE_VERSION: string = typeof __ENGINE_VERSION__ === 'string' ? __ENGINE_VERSION__ : '0.0.0-dev';
