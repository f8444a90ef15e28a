/** ServiceSelectorIndex against matching every Service of the namespace, over random Service writes. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Service } from 'kubernetes-types/core/v1';
import { Store } from '../../src/cluster/store.ts';
import { SimClock } from '../../src/cluster/time.ts';
import { ServiceSelectorIndex } from '../../src/cluster/service-selectors.ts';

const arbLabels = fc.dictionary(fc.constantFrom('app', 'tier', 'track'), fc.constantFrom('a', 'b'), { maxKeys: 3 });
const arbOp = fc.record({
  op: fc.constantFrom('apply', 'apply', 'delete'),
  ns: fc.constantFrom('default', 'other'),
  name: fc.constantFrom('s1', 's2', 's3', 's4'),
  selector: fc.option(arbLabels, { nil: undefined }),
});

function bruteForce(store: Store, ns: string, labels: Record<string, string>) {
  return store
    .list<Service>('Service', ns)
    .map((s) => s.spec?.selector)
    .filter((sel): sel is Record<string, string> => !!sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels[k] === v));
}

describe('ServiceSelectorIndex', () => {
  it('finds exactly the Services whose selectors match, in name order', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 30 }), fc.array(arbLabels, { minLength: 1, maxLength: 5 }), fc.boolean(), (ops, pods, startLate) => {
        const store = new Store({ clock: new SimClock(), now: () => 0 });
        let index = startLate ? undefined : new ServiceSelectorIndex(store);
        ops.forEach((o, i) => {
          if (startLate && i === ops.length >> 1) index = new ServiceSelectorIndex(store);
          const exists = store.get('Service', o.ns, o.name);
          if (o.op === 'delete') {
            if (exists) store.delete('Service', o.ns, o.name);
          } else if (exists) {
            store.mutate<Service>('Service', o.ns, o.name, (d) => {
              d.spec = o.selector ? { selector: o.selector } : {};
            });
          } else {
            store.create<Service>('Service', { metadata: { name: o.name, namespace: o.ns }, spec: o.selector ? { selector: o.selector } : {} });
          }
        });
        index ??= new ServiceSelectorIndex(store);
        for (const labels of pods) {
          for (const ns of ['default', 'other']) expect(index.selectorsMatching(ns, labels)).toEqual(bruteForce(store, ns, labels));
        }
      }),
      { numRuns: 300 },
    );
  });
});
