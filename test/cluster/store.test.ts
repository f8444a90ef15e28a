/**
 * The store's write contract: create and mutate/update stamp metadata as the API server does, a write that changes
 * nothing is no write, watchers see old and new versions, list(kind, namespace) and ownedBy keep their order as
 * objects come and go.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { Store, type KubeObject, type WatchEvent } from '../../src/cluster/store.ts';
import { SimClock } from '../../src/cluster/time.ts';
import { Trace } from '../../src/engine/trace.ts';

function fixture() {
  let now = 0;
  const trace = new Trace({ keepRecords: true });
  const store = new Store({ clock: new SimClock(), now: () => now, trace });
  const events: WatchEvent[] = [];
  store.watch('Pod', (e) => events.push(e));
  return { store, trace, events, at: (t: number) => (now = t) };
}

const pod = (name: string, namespace = 'default', owner?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner, controller: true }] } : {}) },
  spec: { containers: [{ name: 'app', image: 'app:v1' }] },
});

describe('Store writes', () => {
  it('create stamps metadata on a copy and leaves the caller object untouched', () => {
    const { store } = fixture();
    const input = pod('a');
    const stored = store.create('Pod', input);
    expect(input.metadata).toEqual({ name: 'a', namespace: 'default' });
    expect(stored.metadata).toMatchObject({ name: 'a', namespace: 'default', resourceVersion: '1', generation: 1, creationTimestamp: '2026-01-05T00:00:00Z' });
    expect(stored.spec).toBe(input.spec);
  });

  it('mutate bumps resourceVersion always and generation only when spec changed; a no-op recipe is no write', () => {
    const { store, events } = fixture();
    store.create('Pod', pod('a'));
    const s1 = store.mutate<Pod>('Pod', 'default', 'a', (d) => {
      d.status = { phase: 'Running' };
    });
    expect(s1.metadata).toMatchObject({ resourceVersion: '2', generation: 1 });
    const s2 = store.mutate<Pod>('Pod', 'default', 'a', (d) => {
      d.spec!.nodeName = 'node-1';
    });
    expect(s2.metadata).toMatchObject({ resourceVersion: '3', generation: 2 });
    const s3 = store.mutate<Pod>('Pod', 'default', 'a', (d) => {
      d.spec!.nodeName = 'node-1';
    });
    expect(s3).toBe(s2);
    expect(events.map((e) => [e.type, e.object.metadata.resourceVersion, e.old?.metadata.resourceVersion])).toEqual([
      ['ADDED', '1', undefined],
      ['MODIFIED', '2', '1'],
      ['MODIFIED', '3', '2'],
    ]);
  });

  it('update stamps like mutate, shares untouched parts, never changes the previous version', () => {
    const { store, events } = fixture();
    const s0 = store.create('Pod', pod('a'));
    const s1 = store.update<Pod>('Pod', 'default', 'a', (p) => ({ ...p, status: { phase: 'Pending' } }));
    expect(s1.metadata).toMatchObject({ resourceVersion: '2', generation: 1 });
    expect(s1.spec).toBe(s0.spec);
    expect(s0.metadata.resourceVersion).toBe('1');
    expect((s0 as Pod).status).toBeUndefined();
    expect(store.update<Pod>('Pod', 'default', 'a', (p) => p)).toBe(s1);
    expect(events).toHaveLength(2);
    expect(() => store.update('Pod', 'default', 'missing', (p) => p)).toThrow(/not found/);
  });

  it('traces each version as its JSON after a head when kept, and hashes the same pieces structurally', () => {
    const { store, trace } = fixture();
    const s = store.create('Pod', pod('a'));
    const [line] = trace.toJsonLines().trim().split('\n');
    expect(JSON.parse(line!)).toEqual({ t: 0, kind: 'ADDED', text: `Pod default/a ${JSON.stringify(s)}` });
    // The lines one by one (how `kubesim run --trace` writes them) are the same text.
    const each: string[] = [];
    trace.eachJsonLine((l) => each.push(`${l}\n`));
    expect(each.join('')).toBe(trace.toJsonLines());
    const again = new Trace();
    again.begin(0, 'ADDED');
    again.text('Pod default/a ');
    again.value(s);
    again.end();
    expect(trace.traceHash).toBe(again.traceHash);
  });

  it('a one-field change anywhere in a written object changes the trace hash', () => {
    const hashOf = (image: string, port: number | string) => {
      const { store, trace } = fixture();
      const p = pod('a');
      store.create('Pod', { ...p, spec: { containers: [{ name: 'c', image, ports: [{ containerPort: port as number }] }] } });
      store.update<Pod>('Pod', 'default', 'a', (q) => ({ ...q, status: { phase: 'Running', conditions: [{ type: 'Ready', status: image === 'x' ? 'True' : 'False' }] } }));
      return trace.traceHash;
    };
    expect(hashOf('img:1', 80)).toBe(hashOf('img:1', 80));
    expect(hashOf('img:1', 80)).not.toBe(hashOf('img:2', 80));
    expect(hashOf('img:1', 80)).not.toBe(hashOf('img:1', 81));
    expect(hashOf('img:1', 80)).not.toBe(hashOf('img:1', '80'));
    expect(hashOf('img:1', 80)).not.toBe(hashOf('x', 80));
  });

  it('traces a modified version as the fields that changed, two levels deep, removals as "-"', () => {
    const { store, trace, at } = fixture();
    store.create('Pod', pod('a'));
    at(5);
    store.update<Pod>('Pod', 'default', 'a', (p) => ({ ...p, spec: { ...p.spec!, nodeName: 'n1' }, status: { phase: 'Pending' } }));
    store.update<Pod>('Pod', 'default', 'a', (p) => ({ ...p, metadata: { ...p.metadata, labels: { x: 'y' } }, status: undefined }));
    const texts = trace.toJsonLines().trim().split('\n').map((l) => JSON.parse(l) as { t: number; kind: string; text: string });
    expect(texts.slice(1)).toEqual([
      { t: 5, kind: 'MODIFIED', text: 'Pod default/a metadata.resourceVersion="2" metadata.generation=2 spec.nodeName="n1" status={"phase":"Pending"}' },
      { t: 5, kind: 'MODIFIED', text: 'Pod default/a metadata.resourceVersion="3" metadata.labels={"x":"y"} status=-' },
    ]);
  });

  it('a write that keeps the metadata traces exactly as one that passes an equal copy of it', () => {
    const write = fc.record({ phase: fc.constantFrom('Pending', 'Running', undefined), node: fc.constantFrom(undefined, 'n1', 'n2') });
    fc.assert(
      fc.property(fc.array(write, { maxLength: 12 }), (writes) => {
        const traceOf = (copyMetadata: boolean) => {
          const { store, trace } = fixture();
          store.create('Pod', { ...pod('a'), metadata: { name: 'a', namespace: 'default', generation: 4, labels: { x: 'y' } } });
          for (const w of writes) {
            store.update<Pod>('Pod', 'default', 'a', (c) => ({
              ...c,
              ...(copyMetadata ? { metadata: { ...c.metadata } } : {}),
              spec: w.node === c.spec?.nodeName ? c.spec : { ...c.spec!, nodeName: w.node },
              status: { phase: w.phase },
            }));
          }
          return `${trace.traceHash}\n${trace.toJsonLines()}`;
        };
        expect(traceOf(false)).toBe(traceOf(true));
      }),
    );
  });

  it('different histories of one object give different trace hashes', () => {
    const hashOf = (phases: string[]) => {
      const { store, trace } = fixture();
      store.create('Pod', pod('a'));
      for (const phase of phases) store.update<Pod>('Pod', 'default', 'a', (p) => ({ ...p, status: { ...p.status, phase } }));
      return trace.traceHash;
    };
    expect(hashOf(['Pending', 'Running'])).toBe(hashOf(['Pending', 'Running']));
    expect(hashOf(['Pending', 'Running'])).not.toBe(hashOf(['Running', 'Pending']));
    expect(hashOf(['Pending'])).not.toBe(hashOf(['Running']));
  });
});

describe('Store reads', () => {
  it('list(kind, namespace) returns exactly that namespace, sorted, as objects come and go', () => {
    const { store, at } = fixture();
    for (const [ns, name] of [['b', 'x'], ['a', 'z'], ['ab', 'y'], ['a', 'y'], ['b', 'a'], ['a-b', 'q']] as const) store.create('Pod', pod(name, ns));
    const names = (ns?: string) => store.list('Pod', ns).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(names('a')).toEqual(['a/y', 'a/z']);
    expect(names('ab')).toEqual(['ab/y']);
    expect(names('b')).toEqual(['b/a', 'b/x']);
    expect(names('c')).toEqual([]);
    expect(names()).toEqual(['a-b/q', 'a/y', 'a/z', 'ab/y', 'b/a', 'b/x']);
    at(1000);
    store.delete('Pod', 'a', 'y');
    store.create('Pod', pod('a', 'a'));
    expect(names('a')).toEqual(['a/a', 'a/z']);
  });

  it('list of a cluster-scoped kind by namespace: everything for "", nothing otherwise', () => {
    const { store } = fixture();
    store.create('Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    expect(store.list('Node', '').map((n) => n.metadata.name)).toEqual(['n1']);
    expect(store.list('Node', 'default')).toEqual([]);
  });

  it('ownedBy stays sorted and current as owned objects are added, re-owned and deleted', () => {
    const { store } = fixture();
    for (const name of ['c', 'a', 'b']) store.create('Pod', pod(name, 'default', 'uid-1'));
    const owned = (uid: string) => store.ownedBy('Pod', uid).map((p) => p.metadata.name);
    expect(owned('uid-1')).toEqual(['a', 'b', 'c']);
    store.delete('Pod', 'default', 'b');
    expect(owned('uid-1')).toEqual(['a', 'c']);
    store.mutate<Pod>('Pod', 'default', 'a', (d) => {
      d.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs2', uid: 'uid-2', controller: true }];
    });
    expect(owned('uid-1')).toEqual(['c']);
    expect(owned('uid-2')).toEqual(['a']);
    store.create('Pod', pod('0', 'default', 'uid-1'));
    expect(owned('uid-1')).toEqual(['0', 'c']);
    // The returned array is the caller's: changing it does not change the store's order.
    store.ownedBy('Pod', 'uid-1').reverse();
    expect(owned('uid-1')).toEqual(['0', 'c']);
  });

  it('eachOwnedBy and ownedBy visit exactly the current owned objects after any creates, updates, re-owns and deletes', () => {
    const op = fc.record({ kind: fc.constantFrom('create', 'update', 'reown', 'delete'), name: fc.integer({ min: 0, max: 7 }), owner: fc.constantFrom('u1', 'u2') });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { store } = fixture();
        for (const o of ops) {
          const name = `p${o.name}`;
          const exists = store.get('Pod', 'default', name) !== undefined;
          if (o.kind === 'create' && !exists) store.create('Pod', pod(name, 'default', o.owner));
          else if (o.kind === 'update' && exists) store.update<Pod>('Pod', 'default', name, (c) => ({ ...c, status: { phase: 'Running' } }));
          else if (o.kind === 'reown' && exists) {
            store.mutate<Pod>('Pod', 'default', name, (d) => {
              d.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: o.owner, controller: true }];
            });
          } else if (o.kind === 'delete') store.delete('Pod', 'default', name);
          // After every write: ownedBy's kept sorted list must follow each change.
          for (const uid of ['u1', 'u2']) {
            const want = store.list('Pod').filter((p) => p.metadata.ownerReferences?.[0]?.uid === uid);
            const owned = store.ownedBy('Pod', uid);
            expect(owned.length).toBe(want.length);
            for (let i = 0; i < want.length; i++) expect(owned[i]).toBe(want[i]);
            const visited: unknown[] = [];
            store.eachOwnedBy('Pod', uid, (p) => visited.push(p));
            expect(visited.length).toBe(want.length);
            for (const p of want) expect(visited.includes(p)).toBe(true);
          }
        }
      }),
    );
  });

  it('get finds exactly the current version of every listed object, and nothing else, after any creates, updates and deletes', () => {
    const op = fc.record({
      kind: fc.constantFrom('create', 'update', 'delete'),
      type: fc.constantFrom('Pod', 'Node'),
      namespace: fc.constantFrom('a', 'b', 'a-b'),
      name: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { store } = fixture();
        for (const o of ops) {
          const name = `o${o.name}`;
          const ns = o.type === 'Node' ? '' : o.namespace;
          const exists = store.get(o.type, ns, name) !== undefined;
          const obj = { ...pod(name, o.namespace), kind: o.type };
          if (o.kind === 'create' && !exists) store.create(o.type, obj);
          else if (o.kind === 'update' && exists) store.update<Pod>(o.type, o.namespace, name, (c) => ({ ...c, status: { phase: 'Running' } }));
          else if (o.kind === 'delete') store.delete(o.type, o.namespace, name);
        }
        for (const type of ['Pod', 'Node']) {
          const listed = store.list(type);
          for (const x of listed) expect(store.get(type, x.metadata.namespace, x.metadata.name)).toBe(x);
          for (const namespace of ['', 'a', 'b', 'a-b']) {
            for (let i = 0; i <= 5; i++) {
              const found = store.get(type, namespace, `o${i}`);
              expect(found).toBe(listed.find((x) => x.metadata.namespace === namespace && x.metadata.name === `o${i}`));
            }
          }
        }
      }),
    );
  });
});
