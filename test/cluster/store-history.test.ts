/**
 * The store's history modes. `changes` (each version as the fields it changed, whole every few versions) reads back
 * exactly what `objects` (every version whole) does, keys in the same order, at every instant of any sequence of
 * writes; `none` reads the present and refuses the past.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Store, StoreError, type HistoryMode, type KubeObject } from '../../src/cluster/store.ts';
import { SimClock } from '../../src/cluster/time.ts';

type Op =
  | { op: 'create' | 'delete'; name: number }
  | { op: 'status'; name: number; field: 'phase' | 'podIP' | 'ready'; value: number | undefined }
  | { op: 'label' | 'spec'; name: number; value: number }
  | { op: 'reorder'; name: number }
  | { op: 'advance'; ms: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('create' as const, 'delete' as const), name: fc.nat(2) }),
  fc.record({ op: fc.constant('status' as const), name: fc.nat(2), field: fc.constantFrom('phase' as const, 'podIP' as const, 'ready' as const), value: fc.option(fc.nat(5), { nil: undefined }) }),
  fc.record({ op: fc.constantFrom('label' as const, 'spec' as const), name: fc.nat(2), value: fc.nat(5) }),
  fc.record({ op: fc.constant('reorder' as const), name: fc.nat(2) }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.nat(2) }),
);

/** Runs `ops` against a store with history `mode`; returns it and the last instant. */
function replay(ops: readonly Op[], mode: HistoryMode): { store: Store; endMs: number } {
  let now = 0;
  const store = new Store({ clock: new SimClock(), now: () => now, history: mode });
  for (const o of ops) {
    if (o.op === 'advance') {
      now += o.ms;
      continue;
    }
    const name = `p${o.name}`;
    const exists = store.get('Pod', 'default', name) !== undefined;
    if (o.op === 'create') {
      if (!exists) store.create('Pod', { kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'a' } }, spec: { n: 0 }, status: { phase: 'Pending' } } as KubeObject);
    } else if (!exists) continue;
    else if (o.op === 'delete') store.delete('Pod', 'default', name);
    else
      store.update<KubeObject & { status: Record<string, unknown>; spec: Record<string, unknown> }>('Pod', 'default', name, (p) => {
        if (o.op === 'status') {
          const status = { ...p.status };
          if (o.value === undefined) delete status[o.field];
          else status[o.field] = o.value;
          return { ...p, status };
        }
        if (o.op === 'label') return { ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, v: String(o.value) } } };
        if (o.op === 'spec') return { ...p, spec: { ...p.spec, n: o.value } };
        // The same fields in another order: a rebuilt version must keep the order of the original.
        const { status, ...rest } = p;
        return { status: Object.fromEntries(Object.entries(status).reverse()), ...rest };
      });
  }
  return { store, endMs: now };
}

describe('Store history', () => {
  it('changes reads back what objects does, at every instant, keys in order', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 200 }), (ops) => {
        const whole = replay(ops, 'objects').store;
        const { store: changes, endMs } = replay(ops, 'changes');
        // Forwards, then backwards: a read that wrote into a shared version would show in the later reads.
        for (const t of [...Array.from({ length: endMs + 1 }, (_, i) => i), ...Array.from({ length: endMs + 1 }, (_, i) => endMs - i)]) {
          expect(JSON.stringify(changes.listAt('Pod', t))).toBe(JSON.stringify(whole.listAt('Pod', t)));
          for (let n = 0; n < 3; n++) expect(JSON.stringify(changes.getAt('Pod', 'default', `p${n}`, t))).toBe(JSON.stringify(whole.getAt('Pod', 'default', `p${n}`, t)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('changes rebuilds a field replaced whole and then changed without touching the stored version', () => {
    const ops: Op[] = [
      { op: 'create', name: 0 },
      { op: 'advance', ms: 1 },
      { op: 'status', name: 0, field: 'phase', value: 1 },
      { op: 'advance', ms: 1 },
      { op: 'status', name: 0, field: 'podIP', value: 2 },
      { op: 'advance', ms: 1 },
      { op: 'status', name: 0, field: 'phase', value: 3 },
    ];
    const whole = replay(ops, 'objects').store;
    const changes = replay(ops, 'changes').store;
    for (const t of [0, 1, 2, 3, 2, 1, 0]) expect(JSON.stringify(changes.getAt('Pod', 'default', 'p0', t))).toBe(JSON.stringify(whole.getAt('Pod', 'default', 'p0', t)));
  });

  it('changes keeps a long-lived object whole every 16 versions and still reads each one back', () => {
    const ops: Op[] = [{ op: 'create', name: 0 }];
    for (let i = 0; i < 100; i++) ops.push({ op: 'advance', ms: 1 }, { op: 'status', name: 0, field: 'ready', value: i % 5 });
    const whole = replay(ops, 'objects').store;
    const changes = replay(ops, 'changes').store;
    for (let t = 0; t <= 100; t++) expect(changes.getAt('Pod', 'default', 'p0', t)).toEqual(whole.getAt('Pod', 'default', 'p0', t));
  });

  it('none reads the present and refuses the past with the reason', () => {
    const { store, endMs } = replay([{ op: 'create', name: 0 }, { op: 'advance', ms: 5 }, { op: 'spec', name: 0, value: 2 }], 'none');
    expect(store.history).toBe('none');
    expect(store.listAt('Pod', endMs)).toEqual(store.list('Pod'));
    expect(store.getAt('Pod', 'default', 'p0', endMs)).toBe(store.get('Pod', 'default', 'p0'));
    expect(() => store.listAt('Pod', endMs - 1)).toThrow(StoreError);
    expect(() => store.getAt('Pod', 'default', 'p0', 0)).toThrow(/spec\.record\.history: none/);
  });

  it('history: true and false still mean objects and none', () => {
    const at = (history: boolean) => new Store({ clock: new SimClock(), now: () => 0, history }).history;
    expect([at(true), at(false)]).toEqual(['objects', 'none']);
  });
});
