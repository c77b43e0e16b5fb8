/**
 * A minimal protocol buffers writer: enough of the wire format to serialise ONNX models
 * (varints, fixed32 floats, length-delimited strings, bytes and sub-messages, packed repeated fields).
 * Large byte arrays (tensor data) are kept by reference and copied once, by `finish()`.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const TWO_POW_32 = 2 ** 32;
/** Byte arrays at least this long are kept by reference instead of being copied into the scratch buffer. */
const BY_REFERENCE = 256;

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];
  private size = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.size;
  }

  /** A field key: (field number << 3) | wire type. */
  tag(field: number, wireType: number): this {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) throw new RangeError(`bad protobuf field number ${field}`);
    return this.rawVarint(field * 8 + wireType);
  }

  /** An unsigned varint (0 .. 2^53-1); negative numbers are written as 64-bit two's complement. */
  rawVarint(value: number | bigint): this {
    if (typeof value === 'bigint' || value < 0) return this.rawBigVarint(BigInt.asUintN(64, BigInt(value)));
    if (!Number.isSafeInteger(value)) throw new RangeError(`varint out of range: ${value}`);
    let v = value;
    while (v >= 0x80) {
      this.pending.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.pending.push(v);
    this.size += varintLength(value);
    return this;
  }

  /** int32/int64/uint64/enum/bool fields. */
  varint(field: number, value: number | bigint | boolean): this {
    return this.tag(field, WIRE_VARINT).rawVarint(typeof value === 'boolean' ? (value ? 1 : 0) : value);
  }

  /** A float field (fixed32, little-endian IEEE 754). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    return this.rawBytes(floatBytes([value]));
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED).rawVarint(value.length);
    return this.rawBytes(value);
  }

  /** An embedded message: its bytes are adopted, not copied. */
  message(field: number, sub: ProtoWriter): this {
    this.tag(field, WIRE_LENGTH_DELIMITED).rawVarint(sub.length);
    sub.flush();
    for (const chunk of sub.chunks) this.pushChunk(chunk);
    return this;
  }

  /** A packed repeated varint field (int64 values may be negative). */
  packedVarints(field: number, values: ArrayLike<number>): this {
    const body = new ProtoWriter();
    for (let i = 0; i < values.length; i++) body.rawVarint(values[i]);
    return this.message(field, body);
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, floatBytes(values));
  }

  /** The message as one array. */
  finish(): Uint8Array {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  private rawBigVarint(value: bigint): this {
    let v = value;
    let n = 0;
    while (v >= 0x80n) {
      this.pending.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
      n++;
    }
    this.pending.push(Number(v));
    this.size += n + 1;
    return this;
  }

  private rawBytes(value: Uint8Array): this {
    if (value.length >= BY_REFERENCE) {
      this.flush();
      this.chunks.push(value);
    } else {
      for (let i = 0; i < value.length; i++) this.pending.push(value[i]);
    }
    this.size += value.length;
    return this;
  }

  private pushChunk(chunk: Uint8Array): void {
    if (chunk.length >= BY_REFERENCE) {
      this.flush();
      this.chunks.push(chunk);
    } else {
      for (let i = 0; i < chunk.length; i++) this.pending.push(chunk[i]);
    }
    this.size += chunk.length;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Uint8Array.from(this.pending));
    this.pending = [];
  }
}

/** How many bytes the varint encoding of a non-negative safe integer takes. */
export function varintLength(value: number): number {
  let n = 1;
  let v = value;
  while (v >= 0x80) {
    v = v < TWO_POW_32 ? v >>> 7 : Math.floor(v / 0x80);
    n++;
  }
  return n;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Little-endian float32 bytes, whatever the platform's byte order. On little-endian machines a
 * Float32Array is viewed, not copied (the writer copies it once, in finish()): do not change it meanwhile.
 */
export function floatBytes(values: ArrayLike<number>): Uint8Array {
  if (LITTLE_ENDIAN && values instanceof Float32Array) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

/** Little-endian int64 bytes. */
export function int64Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i]), true);
  return out;
}
