/** cloneJson: a deep copy of JSON data with the same keys in the same order, sharing nothing with the original. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../src/api/clone.ts';

describe('cloneJson', () => {
  it('equals structuredClone on JSON values, key order included, and shares no object', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = cloneJson(v);
        expect(JSON.stringify(c)).toBe(JSON.stringify(structuredClone(v)));
        expect(c).toEqual(v);
        if (typeof v === 'object' && v !== null) expect(c).not.toBe(v);
      }),
    );
  });

  it('keeps an own __proto__ key as a key (the case fast-check found)', () => {
    const v = JSON.parse('[{"__proto__":{"a":1}}]') as unknown;
    expect(JSON.stringify(cloneJson(v))).toBe('[{"__proto__":{"a":1}}]');
  });

  it('copies nested objects, so writing the copy leaves the original alone', () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', ports: [{ containerPort: 80 }] }] } };
    const c = cloneJson(template);
    c.metadata.labels.app = 'other';
    c.spec.containers[0]!.ports[0]!.containerPort = 81;
    expect(template).toEqual({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', ports: [{ containerPort: 80 }] }] } });
  });
});
