// The part of h5wasm's API the engine and its tests use. h5wasm is ESM-only and its own types sit
// behind package "exports", which this project's CommonJS module resolution cannot see.
declare module 'h5wasm/node' {
  export type OutputData = unknown;
  export interface Metadata {
    type: number;
    size: number;
    signed?: boolean;
    vlen?: boolean;
  }
  export class Attribute {
    readonly value: OutputData | null;
    readonly shape: number[] | null;
    readonly dtype: unknown;
  }
  interface HasAttrs {
    readonly attrs: Record<string, Attribute>;
    get_attribute(name: string, json_compatible: false): OutputData;
    create_attribute(name: string, data: unknown, shape?: number[] | null, dtype?: string | null): void;
  }
  export class Group implements HasAttrs {
    readonly path: string;
    readonly type: string;
    readonly attrs: Record<string, Attribute>;
    get_attribute(name: string, json_compatible: false): OutputData;
    create_attribute(name: string, data: unknown, shape?: number[] | null, dtype?: string | null): void;
    keys(): string[];
    get(name: string): Group | Dataset | null;
    create_group(name: string): Group;
    create_dataset(args: { name: string; data: unknown; shape?: number[] | null; dtype?: string | null }): Dataset;
  }
  export class Dataset implements HasAttrs {
    readonly path: string;
    readonly type: string;
    readonly attrs: Record<string, Attribute>;
    get_attribute(name: string, json_compatible: false): OutputData;
    create_attribute(name: string, data: unknown, shape?: number[] | null, dtype?: string | null): void;
    readonly shape: number[] | null;
    readonly dtype: unknown;
    readonly metadata: Metadata;
    readonly value: OutputData | null;
  }
  export class File extends Group {
    constructor(filename: string, mode?: 'r' | 'a' | 'w' | 'x');
    flush(): void;
    close(): number;
  }
  export const ready: Promise<unknown>;
}
