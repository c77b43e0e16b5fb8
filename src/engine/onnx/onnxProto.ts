/**
 * The parts of the ONNX protobuf schema (onnx/onnx.proto, syntax proto2) an inference graph needs,
 * as plain objects, and their encoders. Field numbers are those of onnx.proto.
 */
import { floatBytes, int64Bytes, ProtoWriter } from './protobuf';

export const TENSOR_FLOAT = 1;
export const TENSOR_INT64 = 7;
export type TensorDataType = typeof TENSOR_FLOAT | typeof TENSOR_INT64;

export interface TensorProto {
  name: string;
  dims: number[];
  dataType: TensorDataType;
  /** Little-endian element bytes (TensorProto.raw_data). */
  raw: Uint8Array;
}

export type AttributeProto =
  | { name: string; f: number }
  | { name: string; i: number }
  | { name: string; s: string }
  | { name: string; t: TensorProto }
  | { name: string; floats: number[] }
  | { name: string; ints: number[] };

export interface NodeProto {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: AttributeProto[];
}

export interface ValueInfoProto {
  name: string;
  elemType: TensorDataType;
  /** A number is a fixed size, a string a symbolic one (dim_param). */
  shape: (number | string)[];
}

export interface GraphProto {
  name: string;
  nodes: NodeProto[];
  initializers: TensorProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
}

export interface ModelProto {
  irVersion: number;
  opsetImports: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: GraphProto;
}

// AttributeProto.AttributeType
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_TENSOR = 4;
const ATTR_FLOATS = 6;
const ATTR_INTS = 7;

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  checkSize(name, dims, values.length);
  return { name, dims, dataType: TENSOR_FLOAT, raw: floatBytes(values) };
}

export function int64Tensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  checkSize(name, dims, values.length);
  return { name, dims, dataType: TENSOR_INT64, raw: int64Bytes(values) };
}

function checkSize(name: string, dims: number[], count: number): void {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== count) throw new Error(`tensor ${name}: ${count} values for shape [${dims.join(', ')}]`);
}

export function encodeTensor(t: TensorProto): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.varint(1, d); // dims
  w.varint(2, t.dataType); // data_type
  w.string(8, t.name); // name
  w.bytes(9, t.raw); // raw_data
  return w;
}

export function encodeAttribute(a: AttributeProto): ProtoWriter {
  const w = new ProtoWriter();
  w.string(1, a.name);
  if ('f' in a) w.float(2, a.f).varint(20, ATTR_FLOAT);
  else if ('i' in a) w.varint(3, a.i).varint(20, ATTR_INT);
  else if ('s' in a) w.string(4, a.s).varint(20, ATTR_STRING);
  else if ('t' in a) w.message(5, encodeTensor(a.t)).varint(20, ATTR_TENSOR);
  else if ('floats' in a) {
    for (const f of a.floats) w.float(7, f);
    w.varint(20, ATTR_FLOATS);
  } else {
    for (const i of a.ints) w.varint(8, i);
    w.varint(20, ATTR_INTS);
  }
  return w;
}

export function encodeNode(n: NodeProto): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, encodeAttribute(a));
  if (n.domain) w.string(7, n.domain);
  return w;
}

export function encodeValueInfo(v: ValueInfoProto): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.varint(1, d); // dim_value
    else dim.string(2, d); // dim_param
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().varint(1, v.elemType).message(2, shape); // elem_type, shape
  const type = new ProtoWriter().message(1, tensorType); // TypeProto.tensor_type
  return new ProtoWriter().string(1, v.name).message(2, type);
}

export function encodeGraph(g: GraphProto): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, encodeTensor(t));
  for (const i of g.inputs) w.message(11, encodeValueInfo(i));
  for (const o of g.outputs) w.message(12, encodeValueInfo(o));
  return w;
}

export function encodeModel(m: ModelProto): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, encodeGraph(m.graph));
  for (const o of m.opsetImports) w.message(8, new ProtoWriter().string(1, o.domain).varint(2, o.version));
  return w.finish();
}
