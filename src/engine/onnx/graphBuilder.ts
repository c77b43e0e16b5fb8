/** Accumulates ONNX nodes and initializers with unique names. */
import { floatTensor, int64Tensor, type AttributeProto, type NodeProto, type TensorProto } from './onnxProto';

/** Constants up to this many values are shared between nodes that use the same ones. */
const SHARED_CONSTANT_MAX = 16;

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used = new Set<string>();
  private readonly shared = new Map<string, string>();

  /** Reserves a name (graph inputs and outputs use this to keep theirs). */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`ONNX name ${name} is taken`);
    this.used.add(name);
    return name;
  }

  /** A fresh name based on `base`. */
  name(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./:-]/g, '_') || 'v';
    let candidate = clean;
    for (let i = 1; this.used.has(candidate); i++) candidate = `${clean}_${i}`;
    this.used.add(candidate);
    return candidate;
  }

  floatConst(base: string, dims: number[], values: ArrayLike<number>): string {
    return this.constant('f', base, dims, values, (name) => floatTensor(name, dims, values));
  }

  int64Const(base: string, values: number[], dims: number[] = [values.length]): string {
    return this.constant('i', base, dims, values, (name) => int64Tensor(name, dims, values));
  }

  /** Adds a node; returns its output names (one unless `outputs` says otherwise). */
  ops(opType: string, inputs: string[], base: string, attributes: AttributeProto[] = [], outputs = 1): string[] {
    const name = this.name(base);
    const outs = [name];
    for (let i = 1; i < outputs; i++) outs.push(this.name(`${base}:${i}`));
    this.nodes.push({ opType, inputs, outputs: outs, name, attributes });
    return outs;
  }

  /** Adds a one-output node; returns its output name. */
  op(opType: string, inputs: string[], base: string, attributes: AttributeProto[] = []): string {
    return this.ops(opType, inputs, base, attributes)[0];
  }

  private constant(kind: string, base: string, dims: number[], values: ArrayLike<number>, make: (name: string) => TensorProto): string {
    const key = values.length <= SHARED_CONSTANT_MAX ? `${kind}[${dims.join(',')}]${Array.from(values).join(',')}` : undefined;
    const known = key === undefined ? undefined : this.shared.get(key);
    if (known) return known;
    const name = this.name(base);
    this.initializers.push(make(name));
    if (key !== undefined) this.shared.set(key, name);
    return name;
  }
}
