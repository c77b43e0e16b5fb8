/** A tiny protobuf reader for tests: raw fields, and the parts of an ONNX model the tests look at. */

export interface Field {
  field: number;
  wire: number;
  /** Varints as bigint (two's complement for negatives), fixed32 as their 4 bytes, length-delimited as bytes. */
  value: bigint | Uint8Array;
}

export function readVarint(buf: Uint8Array, at: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let i = at; i < buf.length; i++) {
    value |= BigInt(buf[i] & 0x7f) << shift;
    if ((buf[i] & 0x80) === 0) return { value, next: i + 1 };
    shift += 7n;
  }
  throw new Error('truncated varint');
}

export function readFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  let at = 0;
  while (at < buf.length) {
    const key = readVarint(buf, at);
    at = key.next;
    const field = Number(key.value >> 3n);
    const wire = Number(key.value & 7n);
    if (wire === 0) {
      const v = readVarint(buf, at);
      fields.push({ field, wire, value: v.value });
      at = v.next;
    } else if (wire === 2) {
      const len = readVarint(buf, at);
      const end = len.next + Number(len.value);
      if (end > buf.length) throw new Error('truncated length-delimited field');
      fields.push({ field, wire, value: buf.subarray(len.next, end) });
      at = end;
    } else if (wire === 5) {
      fields.push({ field, wire, value: buf.subarray(at, at + 4) });
      at += 4;
    } else if (wire === 1) {
      fields.push({ field, wire, value: buf.subarray(at, at + 8) });
      at += 8;
    } else {
      throw new Error(`unknown wire type ${wire}`);
    }
  }
  return fields;
}

/** Signed 64-bit value of a varint. */
export function int64(v: bigint | Uint8Array): number {
  if (typeof v !== 'bigint') throw new Error('not a varint');
  return Number(BigInt.asIntN(64, v));
}

export function text(v: bigint | Uint8Array): string {
  if (typeof v === 'bigint') throw new Error('not bytes');
  return new TextDecoder().decode(v);
}

export function float32(v: bigint | Uint8Array): number {
  if (typeof v === 'bigint' || v.length !== 4) throw new Error('not a fixed32');
  return new DataView(v.buffer, v.byteOffset, 4).getFloat32(0, true);
}

/** Packed varints. */
export function packedVarints(v: bigint | Uint8Array): number[] {
  if (typeof v === 'bigint') throw new Error('not packed');
  const out: number[] = [];
  for (let at = 0; at < v.length;) {
    const r = readVarint(v, at);
    out.push(Number(BigInt.asIntN(64, r.value)));
    at = r.next;
  }
  return out;
}

const all = (fields: Field[], n: number) => fields.filter((f) => f.field === n);
const one = (fields: Field[], n: number) => all(fields, n)[0];

export interface DecodedAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: string;
  ints: number[];
  floats: number[];
}

export interface DecodedNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, DecodedAttribute>;
}

export interface DecodedTensor {
  name: string;
  dims: number[];
  dataType: number;
  raw: Uint8Array;
}

export interface DecodedModel {
  irVersion: number;
  producerName: string;
  opsets: { domain: string; version: number }[];
  graph: {
    name: string;
    nodes: DecodedNode[];
    initializers: DecodedTensor[];
    inputs: { name: string; elemType: number; dims: (number | string)[] }[];
    outputs: { name: string; elemType: number; dims: (number | string)[] }[];
  };
}

function bytes(f: Field): Uint8Array {
  if (typeof f.value === 'bigint') throw new Error(`field ${f.field} is not length-delimited`);
  return f.value;
}

function decodeAttribute(buf: Uint8Array): DecodedAttribute {
  const f = readFields(buf);
  return {
    name: text(one(f, 1).value),
    type: int64(one(f, 20).value),
    f: one(f, 2) ? float32(one(f, 2).value) : undefined,
    i: one(f, 3) ? int64(one(f, 3).value) : undefined,
    s: one(f, 4) ? text(one(f, 4).value) : undefined,
    floats: all(f, 7).map((x) => float32(x.value)),
    ints: all(f, 8).flatMap((x) => (x.wire === 2 ? packedVarints(x.value) : [int64(x.value)])),
  };
}

function decodeNode(buf: Uint8Array): DecodedNode {
  const f = readFields(buf);
  const attributes: Record<string, DecodedAttribute> = {};
  for (const a of all(f, 5)) {
    const attr = decodeAttribute(bytes(a));
    attributes[attr.name] = attr;
  }
  return {
    inputs: all(f, 1).map((x) => text(x.value)),
    outputs: all(f, 2).map((x) => text(x.value)),
    name: one(f, 3) ? text(one(f, 3).value) : '',
    opType: text(one(f, 4).value),
    attributes,
  };
}

export function decodeTensor(buf: Uint8Array): DecodedTensor {
  const f = readFields(buf);
  return {
    dims: all(f, 1).flatMap((x) => (x.wire === 2 ? packedVarints(x.value) : [int64(x.value)])),
    dataType: int64(one(f, 2).value),
    name: text(one(f, 8).value),
    raw: bytes(one(f, 9)),
  };
}

function decodeValueInfo(buf: Uint8Array): { name: string; elemType: number; dims: (number | string)[] } {
  const f = readFields(buf);
  const tensorType = readFields(bytes(one(readFields(bytes(one(f, 2))), 1)));
  const shape = readFields(bytes(one(tensorType, 2)));
  const dims = all(shape, 1).map((d) => {
    const df = readFields(bytes(d));
    return one(df, 1) ? int64(one(df, 1).value) : text(one(df, 2).value);
  });
  return { name: text(one(f, 1).value), elemType: int64(one(tensorType, 1).value), dims };
}

export function decodeModel(buf: Uint8Array): DecodedModel {
  const f = readFields(buf);
  const g = readFields(bytes(one(f, 7)));
  return {
    irVersion: int64(one(f, 1).value),
    producerName: text(one(f, 2).value),
    opsets: all(f, 8).map((o) => {
      const of = readFields(bytes(o));
      return { domain: one(of, 1) ? text(one(of, 1).value) : '', version: int64(one(of, 2).value) };
    }),
    graph: {
      nodes: all(g, 1).map((n) => decodeNode(bytes(n))),
      name: text(one(g, 2).value),
      initializers: all(g, 5).map((t) => decodeTensor(bytes(t))),
      inputs: all(g, 11).map((v) => decodeValueInfo(bytes(v))),
      outputs: all(g, 12).map((v) => decodeValueInfo(bytes(v))),
    },
  };
}
