import { strict as assert } from 'node:assert';
import { floatBytes, int64Bytes, ProtoWriter, varintLength } from '../../../src/engine/onnx/protobuf';
import { float32, int64, packedVarints, readFields, text } from '../../support/protoReader';
import { seededRandom } from '../../support/random';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('protobuf writer', () => {
  it('writes the protobuf documentation examples byte for byte', () => {
    assert.equal(hex(new ProtoWriter().varint(1, 150).finish()), '089601');
    assert.equal(hex(new ProtoWriter().string(2, 'testing').finish()), '120774657374696e67');
    assert.equal(hex(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).finish()), '1a03089601');
  });

  it('encodes varints at the 7-bit boundaries and beyond 32 bits', () => {
    const cases: [number, string][] = [[0, '00'], [1, '01'], [127, '7f'], [128, '8001'], [300, 'ac02'], [16384, '808001'], [2 ** 32, '8080808010'], [2 ** 53 - 1, 'ffffffffffffff0f']];
    for (const [v, bytes] of cases) {
      const w = new ProtoWriter().rawVarint(v);
      assert.equal(hex(w.finish()), bytes, String(v));
      assert.equal(w.length, bytes.length / 2);
      assert.equal(varintLength(v), bytes.length / 2);
    }
  });

  it('writes negative int64 as ten-byte two\'s complement', () => {
    assert.equal(hex(new ProtoWriter().rawVarint(-1).finish()), 'ffffffffffffffffff01');
    assert.equal(int64(readFields(new ProtoWriter().varint(5, -2).finish())[0].value), -2);
    assert.equal(int64(readFields(new ProtoWriter().varint(5, -(2 ** 40)).finish())[0].value), -(2 ** 40));
  });

  it('rejects field numbers protobuf does not allow', () => {
    assert.throws(() => new ProtoWriter().varint(0, 1), /field number/);
    assert.throws(() => new ProtoWriter().rawVarint(2 ** 60), /out of range/);
  });

  it('writes floats as little-endian fixed32 and packed floats as bytes', () => {
    assert.equal(hex(new ProtoWriter().float(1, 1.5).finish()), '0d0000c03f');
    const fields = readFields(new ProtoWriter().float(7, -0.25).packedFloats(4, [1, 2]).finish());
    assert.equal(fields[0].wire, 5);
    assert.equal(float32(fields[0].value), -0.25);
    assert.equal(hex(fields[1].value as Uint8Array), '0000803f00000040');
  });

  it('writes packed varints', () => {
    const fields = readFields(new ProtoWriter().packedVarints(4, [3, 270, 86942, -1]).finish());
    assert.equal(fields.length, 1);
    assert.equal(fields[0].wire, 2);
    assert.deepEqual(packedVarints(fields[0].value), [3, 270, 86942, -1]);
    assert.equal(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish()), '2206038e029ea705'); // protobuf docs
  });

  it('round-trips random messages with large byte fields kept by reference', () => {
    const rand = seededRandom(42);
    for (let trial = 0; trial < 20; trial++) {
      const w = new ProtoWriter();
      const expected: { field: number; kind: string; value: unknown }[] = [];
      const nFields = 1 + Math.floor(rand() * 12);
      for (let i = 0; i < nFields; i++) {
        const field = 1 + Math.floor(rand() * 30);
        const kind = ['varint', 'string', 'bytes', 'message'][Math.floor(rand() * 4)];
        if (kind === 'varint') {
          const v = Math.floor(rand() * 2 ** 40);
          w.varint(field, v);
          expected.push({ field, kind, value: v });
        } else if (kind === 'string') {
          const s = 'ключ-' + Math.floor(rand() * 1e6);
          w.string(field, s);
          expected.push({ field, kind, value: s });
        } else if (kind === 'bytes') {
          const b = Uint8Array.from({ length: Math.floor(rand() * 2000) }, () => Math.floor(rand() * 256));
          w.bytes(field, b);
          expected.push({ field, kind, value: hex(b) });
        } else {
          const big = Uint8Array.from({ length: 300 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 256));
          const sub = new ProtoWriter().varint(1, 7).bytes(2, big).string(3, 'x');
          w.message(field, sub);
          expected.push({ field, kind, value: hex(big) });
        }
      }
      const out = w.finish();
      assert.equal(out.length, w.length);
      const fields = readFields(out);
      assert.equal(fields.length, expected.length);
      fields.forEach((f, i) => {
        const e = expected[i];
        assert.equal(f.field, e.field);
        if (e.kind === 'varint') assert.equal(int64(f.value), e.value);
        else if (e.kind === 'string') assert.equal(text(f.value), e.value);
        else if (e.kind === 'bytes') assert.equal(hex(f.value as Uint8Array), e.value);
        else {
          const inner = readFields(f.value as Uint8Array);
          assert.deepEqual(inner.map((x) => x.field), [1, 2, 3]);
          assert.equal(hex(inner[1].value as Uint8Array), e.value);
        }
      });
    }
  });

  it('converts float32 and int64 arrays to little-endian bytes', () => {
    const f = new Float32Array([1, -2, 0.5]);
    assert.equal(hex(floatBytes(f.subarray(1))), '000000c00000003f');
    assert.equal(hex(floatBytes([1])), '0000803f');
    assert.equal(hex(int64Bytes([1, -1])), '0100000000000000ffffffffffffffff');
  });
});
