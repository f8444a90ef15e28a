import { describe, expect, it } from 'vitest';
import { resized } from '../../src/engine/arrays.ts';

describe('resized', () => {
  it('keeps the type and the values, and fills the new room', () => {
    const a = resized(new Int32Array([1, -2, 3]), 5, -1);
    expect(a).toBeInstanceOf(Int32Array);
    expect([...a]).toEqual([1, -2, 3, -1, -1]);
    const f = resized(new Float64Array([0.5]), 3);
    expect(f).toBeInstanceOf(Float64Array);
    expect([...f]).toEqual([0.5, 0, 0]);
    expect([...resized(new Uint8Array([7]), 2)]).toEqual([7, 0]);
  });
});
