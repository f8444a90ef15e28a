/**
 * The EndpointSlice controller's indexes (Services by selector label, member pods, slices by Service): after every
 * kind of change the slices it writes must equal a from-scratch `desiredEndpointSlices` over all pods of the
 * namespace, which is what the controller computed before it kept indexes.
 */
import fc from 'fast-check';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { createControllerContext, type ControllerContext } from '../../../src/controllers/context.ts';
import { EndpointSliceController } from '../../../src/controllers/endpoints/controller.ts';
import { desiredEndpointSlices, LABEL_SERVICE_NAME } from '../../../src/controllers/endpoints/slices.ts';

const ns = 'default';

function makeContext(): ControllerContext {
  return createControllerContext(1);
}

/** A context with the controller started and one node. */
function setup(): ControllerContext {
  const ctx = makeContext();
  new EndpointSliceController().start(ctx);
  ctx.store.create<Node>('Node', { metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } } });
  return ctx;
}

let ipCounter = 0;

function pod(name: string, labels: Record<string, string> | undefined, ready = true): Pod {
  ipCounter++;
  return {
    metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] },
    status: {
      phase: 'Running',
      podIP: `10.0.${ipCounter >> 8}.${ipCounter & 255}`,
      podIPs: [{ ip: `10.0.${ipCounter >> 8}.${ipCounter & 255}` }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

function service(name: string, selector: Record<string, string> | undefined): Service {
  return {
    metadata: { name, namespace: ns },
    spec: { ...(selector ? { selector } : {}), clusterIP: '10.96.0.1', ipFamilies: ['IPv4'], ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
  };
}

function settle(ctx: ControllerContext): void {
  ctx.engine.run({ until: ctx.engine.nowMs });
}

function relabel(ctx: ControllerContext, name: string, labels: Record<string, string> | undefined): void {
  ctx.store.mutate<Pod>('Pod', ns, name, (d) => {
    if (labels) d.metadata.labels = labels;
    else delete d.metadata.labels;
  });
}

function reselect(ctx: ControllerContext, name: string, selector: Record<string, string> | undefined): void {
  ctx.store.mutate<Service>('Service', ns, name, (d) => {
    if (selector) d.spec!.selector = selector;
    else delete d.spec!.selector;
  });
}

/** The controller's slices of a Service, sorted by name: (addressType, ports, endpoints). */
function written(ctx: ControllerContext, svc: string): unknown[] {
  return ctx.store
    .list<EndpointSlice>('EndpointSlice', ns)
    .filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === svc)
    .map((s) => [s.addressType, s.ports, s.endpoints]);
}

/** What a from-scratch computation over every pod of the namespace wants. */
function wanted(ctx: ControllerContext, svc: string): unknown[] {
  const s = ctx.store.get<Service>('Service', ns, svc);
  const d = s ? desiredEndpointSlices(s, ctx.store.list<Pod>('Pod', ns), (n) => ctx.store.get<Node>('Node', '', n)) : undefined;
  return (d?.slices ?? []).map((x) => [x.addressType, x.ports, x.endpoints]);
}

/** Names of the pods in a Service's slices. */
function podsIn(ctx: ControllerContext, svc: string): string[] {
  return ctx.store
    .list<EndpointSlice>('EndpointSlice', ns)
    .filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === svc)
    .flatMap((s) => (s.endpoints ?? []).map((e) => e.targetRef?.name ?? ''));
}

describe('EndpointSliceController indexes', () => {
  it('follows a pod relabelled into and out of a Service', () => {
    const ctx = setup();
    ctx.store.create('Service', service('web', { app: 'web' }));
    ctx.store.create('Pod', pod('p1', { app: 'other' }));
    ctx.store.create('Pod', pod('p2', { app: 'web' }));
    settle(ctx);
    expect(podsIn(ctx, 'web')).toEqual(['p2']);
    relabel(ctx, 'p1', { app: 'web', tier: 'x' });
    settle(ctx);
    expect(podsIn(ctx, 'web')).toEqual(['p1', 'p2']);
    relabel(ctx, 'p2', undefined);
    settle(ctx);
    expect(podsIn(ctx, 'web')).toEqual(['p1']);
    ctx.store.delete('Pod', ns, 'p1');
    settle(ctx);
    expect(podsIn(ctx, 'web')).toEqual([]);
    expect(written(ctx, 'web')).toEqual(wanted(ctx, 'web'));
  });

  it('indexes the pods that came and changed before the first Service when that Service appears', () => {
    const ctx = setup();
    ctx.store.create('Pod', pod('p1', { app: 'web' }));
    ctx.store.create('Pod', pod('p2', { app: 'other' }));
    ctx.store.create('Pod', pod('p3', { app: 'web' }));
    relabel(ctx, 'p2', { app: 'web' });
    relabel(ctx, 'p3', { app: 'gone' });
    ctx.store.delete('Pod', ns, 'p1');
    settle(ctx);
    expect(ctx.store.list('EndpointSlice')).toEqual([]);
    ctx.store.create('Service', service('web', { app: 'web' }));
    settle(ctx);
    expect(podsIn(ctx, 'web')).toEqual(['p2']);
    relabel(ctx, 'p3', { app: 'web' });
    settle(ctx);
    expect(podsIn(ctx, 'web')).toEqual(['p2', 'p3']);
    expect(written(ctx, 'web')).toEqual(wanted(ctx, 'web'));
  });

  it('recomputes members when a Service selector changes, is removed or comes back', () => {
    const ctx = setup();
    ctx.store.create('Pod', pod('a1', { app: 'a', tier: 'x' }));
    ctx.store.create('Pod', pod('a2', { app: 'a', tier: 'y' }));
    ctx.store.create('Pod', pod('b1', { app: 'b', tier: 'x' }));
    ctx.store.create('Service', service('s', { app: 'a' }));
    settle(ctx);
    expect(podsIn(ctx, 's')).toEqual(['a1', 'a2']);
    reselect(ctx, 's', { tier: 'x' });
    settle(ctx);
    expect(podsIn(ctx, 's')).toEqual(['a1', 'b1']);
    reselect(ctx, 's', { app: 'a', tier: 'y' });
    settle(ctx);
    expect(podsIn(ctx, 's')).toEqual(['a2']);
    // Without a selector the controller does not manage the Service: its slices go.
    reselect(ctx, 's', undefined);
    settle(ctx);
    expect(written(ctx, 's')).toEqual([]);
    // An empty selector matches every pod, labelled or not.
    ctx.store.create('Pod', pod('bare', undefined));
    reselect(ctx, 's', {});
    settle(ctx);
    expect(podsIn(ctx, 's')).toEqual(['a1', 'a2', 'b1', 'bare']);
    expect(written(ctx, 's')).toEqual(wanted(ctx, 's'));
  });

  it('deletes the slices of a deleted Service and starts afresh when it is created again', () => {
    const ctx = setup();
    ctx.store.create('Pod', pod('p1', { app: 'web' }));
    ctx.store.create('Service', service('web', { app: 'web' }));
    settle(ctx);
    expect(podsIn(ctx, 'web')).toEqual(['p1']);
    ctx.store.delete('Service', ns, 'web');
    settle(ctx);
    expect(ctx.store.list('EndpointSlice')).toEqual([]);
    // A pod event for the deleted Service's pods queues nothing and breaks nothing.
    relabel(ctx, 'p1', { app: 'web', v: '2' });
    settle(ctx);
    expect(ctx.store.list('EndpointSlice')).toEqual([]);
    ctx.store.create('Service', service('web', { v: '2' }));
    settle(ctx);
    expect(podsIn(ctx, 'web')).toEqual(['p1']);
  });

  it('keeps the slices of two Services sharing pods apart', () => {
    const ctx = setup();
    ctx.store.create('Service', service('all', { app: 'web' }));
    ctx.store.create('Service', service('canary', { app: 'web', track: 'canary' }));
    for (let i = 0; i < 5; i++) ctx.store.create('Pod', pod(`p${i}`, { app: 'web', ...(i % 2 ? { track: 'canary' } : {}) }));
    settle(ctx);
    expect(podsIn(ctx, 'all')).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(podsIn(ctx, 'canary')).toEqual(['p1', 'p3']);
    ctx.store.mutate<Pod>('Pod', ns, 'p3', (d) => {
      d.status!.conditions = [{ type: 'Ready', status: 'False' }];
    });
    ctx.store.delete('Pod', ns, 'p1');
    settle(ctx);
    expect(podsIn(ctx, 'canary')).toEqual(['p3']);
    for (const s of ['all', 'canary']) expect(written(ctx, s)).toEqual(wanted(ctx, s));
    // Each Service owns exactly one slice (IPv4), named after it.
    const slices = ctx.store.list<EndpointSlice>('EndpointSlice', ns);
    expect(slices.map((s) => s.metadata.labels?.[LABEL_SERVICE_NAME]).sort()).toEqual(['all', 'canary']);
    for (const s of slices) expect(s.metadata.name.startsWith(`${s.metadata.labels?.[LABEL_SERVICE_NAME]}-`)).toBe(true);
  });

  it('splits a Service over several slices and shrinks them back as pods leave', () => {
    const ctx = setup();
    ctx.store.create('Service', service('big', { app: 'big' }));
    for (let i = 0; i < 250; i++) ctx.store.create('Pod', pod(`p${String(i).padStart(3, '0')}`, { app: 'big' }));
    settle(ctx);
    expect(written(ctx, 'big')).toHaveLength(3);
    for (let i = 0; i < 150; i++) relabel(ctx, `p${String(i).padStart(3, '0')}`, { app: 'small' });
    settle(ctx);
    expect(written(ctx, 'big')).toHaveLength(1);
    expect(written(ctx, 'big')).toEqual(wanted(ctx, 'big'));
  });
});

type Op =
  | { op: 'createPod'; pod: number; labels: Record<string, string> | undefined; ready: boolean }
  | { op: 'relabel'; pod: number; labels: Record<string, string> | undefined }
  | { op: 'ready'; pod: number; ready: boolean }
  | { op: 'terminate'; pod: number }
  | { op: 'deletePod'; pod: number }
  | { op: 'putService'; svc: number; selector: Record<string, string> | undefined }
  | { op: 'deleteService'; svc: number }
  | { op: 'settle' };

const labelsArb = fc.option(
  fc.record({ app: fc.constantFrom('a', 'b'), tier: fc.constantFrom('x', 'y') }, { requiredKeys: [] }),
  { nil: undefined },
);
const selectorArb = fc.option(
  fc.record({ app: fc.constantFrom('a', 'b'), tier: fc.constantFrom('x', 'y') }, { requiredKeys: [] }),
  { nil: undefined, freq: 6 },
);
const podArb = fc.integer({ min: 0, max: 7 });
const svcArb = fc.integer({ min: 0, max: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('createPod' as const), pod: podArb, labels: labelsArb, ready: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('putService' as const), svc: svcArb, selector: selectorArb }), weight: 2 },
  fc.record({ op: fc.constant('relabel' as const), pod: podArb, labels: labelsArb }),
  fc.record({ op: fc.constant('ready' as const), pod: podArb, ready: fc.boolean() }),
  fc.record({ op: fc.constant('terminate' as const), pod: podArb }),
  fc.record({ op: fc.constant('deletePod' as const), pod: podArb }),
  fc.record({ op: fc.constant('putService' as const), svc: svcArb, selector: selectorArb }),
  fc.record({ op: fc.constant('deleteService' as const), svc: svcArb }),
  fc.constant({ op: 'settle' as const }),
);

function apply(ctx: ControllerContext, o: Op): void {
  const { store } = ctx;
  switch (o.op) {
    case 'createPod':
      if (!store.get('Pod', ns, `p${o.pod}`)) store.create('Pod', pod(`p${o.pod}`, o.labels, o.ready));
      return;
    case 'relabel':
      if (store.get('Pod', ns, `p${o.pod}`)) relabel(ctx, `p${o.pod}`, o.labels);
      return;
    case 'ready':
      if (store.get('Pod', ns, `p${o.pod}`)) {
        store.mutate<Pod>('Pod', ns, `p${o.pod}`, (d) => {
          d.status!.conditions = [{ type: 'Ready', status: o.ready ? 'True' : 'False' }];
        });
      }
      return;
    case 'terminate':
      if (store.get('Pod', ns, `p${o.pod}`)) {
        store.mutate<Pod>('Pod', ns, `p${o.pod}`, (d) => {
          d.metadata.deletionTimestamp ??= '2024-01-01T00:00:00Z';
        });
      }
      return;
    case 'deletePod':
      store.delete('Pod', ns, `p${o.pod}`);
      return;
    case 'putService':
      if (store.get('Service', ns, `s${o.svc}`)) reselect(ctx, `s${o.svc}`, o.selector);
      else store.create('Service', service(`s${o.svc}`, o.selector));
      return;
    case 'deleteService':
      store.delete('Service', ns, `s${o.svc}`);
      return;
    case 'settle':
      settle(ctx);
  }
}

describe('EndpointSliceController property', () => {
  it('after any pod and Service changes, its slices equal desiredEndpointSlices over every pod', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 10, maxLength: 80 }), (ops) => {
        const ctx = setup();
        for (const o of ops) apply(ctx, o);
        settle(ctx);
        for (let i = 0; i < 4; i++) expect(written(ctx, `s${i}`)).toEqual(wanted(ctx, `s${i}`));
        // No slice outlives its Service.
        for (const s of ctx.store.list<EndpointSlice>('EndpointSlice', ns)) {
          expect(ctx.store.get('Service', ns, s.metadata.labels?.[LABEL_SERVICE_NAME] ?? '')).toBeDefined();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a controller started after the objects exist indexes them and converges once they change', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 40 }), fc.array(opArb, { minLength: 5, maxLength: 40 }), (before, after) => {
        const ctx = makeContext();
        ctx.store.create<Node>('Node', { metadata: { name: 'node-1' } });
        for (const o of before) apply(ctx, o);
        new EndpointSliceController().start(ctx);
        // Touch every Service so each is synced once, then run the rest.
        for (const s of ctx.store.list<Service>('Service', ns)) {
          ctx.store.mutate<Service>('Service', ns, s.metadata.name, (d) => {
            d.metadata.annotations = { touched: 'true' };
          });
        }
        for (const o of after) apply(ctx, o);
        settle(ctx);
        for (let i = 0; i < 4; i++) expect(written(ctx, `s${i}`)).toEqual(wanted(ctx, `s${i}`));
      }),
      { numRuns: 200 },
    );
  });
});
