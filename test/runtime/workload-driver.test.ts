/**
 * The workload driver's endpoint lists are rebuilt only for the Services whose slices changed or whose slices name a
 * pod that got or lost its slot. After any sequence of pod and slice changes, every list must equal what a full
 * rebuild from all EndpointSlices gives (the slots of the pods the Service's slices name, sorted), which is what the
 * driver computed before.
 */
import fc from 'fast-check';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { createControllerContext, type ControllerContext } from '../../src/controllers/context.ts';
import { LABEL_SERVICE_NAME } from '../../src/controllers/endpoints/slices.ts';
import { resolveAppModel } from '../../src/workload/app-model.ts';
import { WorkloadDriver, type WorkloadDriverOptions } from '../../src/runtime/workload-driver.ts';

const RESOLUTION_MS = 1000;
/** Namespaced, bare (any namespace without its own entry), and another namespace's Service of the same name. */
const SERVICES = ['default/s0', 's1', 'other/s0'];
const NAMESPACES = ['default', 'other'];
const model = resolveAppModel({ cpuPerRequest: '1m' }).model;

/** The driver's private state, read to compare with a full rebuild. */
interface DriverInternals {
  endpoints: number[][];
  entries: Map<string, { slot: number }>;
}

function setup(options: Partial<WorkloadDriverOptions> = {}): { ctx: ControllerContext; driver: WorkloadDriver; internals: DriverInternals } {
  const ctx = createControllerContext(1);
  const { engine, store } = ctx;
  store.create<Node>('Node', { metadata: { name: 'node-1' }, status: { allocatable: { cpu: '64', memory: '256Gi' } } });
  const kubelet = { setProbeLatency: () => {}, setMemoryUsage: () => {}, isPodRunning: () => true, synchronizeEviction: () => {} };
  const driver = new WorkloadDriver(
    kubelet,
    { services: SERVICES.map((name) => ({ name })), modelFor: () => ({ key: 'app', model }), resolutionMs: RESOLUTION_MS, ...options },
    engine.rng('load'),
  );
  driver.start(ctx);
  return { ctx, driver, internals: driver as unknown as DriverInternals };
}

/** The endpoint lists as the full rebuild computed them: every slice, mapped to its Service, slots sorted. */
function fullRebuild(ctx: ControllerContext, internals: DriverInternals): number[][] {
  const lists: number[][] = SERVICES.map(() => []);
  for (const slice of ctx.store.list<EndpointSlice>('EndpointSlice')) {
    const svc = slice.metadata.labels?.[LABEL_SERVICE_NAME];
    if (!svc) continue;
    const qualified = SERVICES.indexOf(`${slice.metadata.namespace}/${svc}`);
    const idx = qualified >= 0 ? qualified : SERVICES.indexOf(svc);
    if (idx < 0) continue;
    for (const ep of slice.endpoints ?? []) {
      const entry = internals.entries.get(ep.targetRef?.uid ?? '');
      if (entry) lists[idx]!.push(entry.slot);
    }
  }
  for (const l of lists) l.sort((a, b) => a - b);
  return lists;
}

function runningPod(ns: string, name: string, withIp: boolean): Pod {
  return {
    metadata: { name, namespace: ns },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', resources: { requests: { cpu: '100m' } } }] },
    status: {
      phase: 'Running',
      ...(withIp ? { podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }] } : {}),
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'app', imageID: '', state: { running: { startedAt: '2026-01-05T00:00:00Z' } } }],
    },
  };
}

function slice(ns: string, name: string, service: string | undefined, uids: readonly string[]): EndpointSlice {
  return {
    metadata: { name, namespace: ns, ...(service ? { labels: { [LABEL_SERVICE_NAME]: service } } : {}) },
    addressType: 'IPv4',
    endpoints: uids.map((uid) => ({ addresses: ['10.0.0.1'], targetRef: { kind: 'Pod', uid } })),
  };
}

function tick(ctx: ControllerContext): void {
  ctx.engine.run({ until: ctx.engine.nowMs + RESOLUTION_MS });
}

describe('WorkloadDriver endpoint lists', () => {
  it('drops a deleted pod from its Service at the next tick, before the slice is updated', () => {
    const { ctx, internals } = setup();
    const a = ctx.store.create('Pod', runningPod('default', 'a', true));
    const b = ctx.store.create('Pod', runningPod('default', 'b', true));
    ctx.store.create('EndpointSlice', slice('default', 's0-x', 's0', [a.metadata.uid, b.metadata.uid]));
    tick(ctx);
    const lists = internals.endpoints;
    const s0 = lists[0]!;
    expect(s0).toEqual([internals.entries.get(a.metadata.uid)!.slot, internals.entries.get(b.metadata.uid)!.slot].sort((x, y) => x - y));
    const bSlot = internals.entries.get(b.metadata.uid)!.slot;
    ctx.store.delete('Pod', 'default', 'b');
    tick(ctx);
    expect(s0).not.toContain(bSlot);
    expect(internals.endpoints[0]).toBe(s0); // refilled in place
    expect(internals.endpoints).toEqual(fullRebuild(ctx, internals));
  });

  it('adds a pod named by a slice once it gets its slot (its IP), without a slice change', () => {
    const { ctx, internals } = setup();
    const p = ctx.store.create('Pod', runningPod('other', 'p', false));
    ctx.store.create('EndpointSlice', slice('other', 's1-x', 's1', [p.metadata.uid]));
    tick(ctx);
    expect(internals.endpoints[1]).toEqual([]);
    ctx.store.mutate<Pod>('Pod', 'other', 'p', (d) => {
      d.status!.podIP = '10.0.0.9';
    });
    tick(ctx);
    expect(internals.endpoints[1]).toEqual([internals.entries.get(p.metadata.uid)!.slot]);
  });
});

type Op =
  | { op: 'createPod'; ns: number; pod: number; withIp: boolean }
  | { op: 'giveIp'; ns: number; pod: number }
  | { op: 'deletePod'; ns: number; pod: number }
  | { op: 'putSlice'; ns: number; slice: number; service: string | undefined; uids: number[] }
  | { op: 'deleteSlice'; ns: number; slice: number }
  | { op: 'tick' };

const nsArb = fc.integer({ min: 0, max: 1 });
const podArb = fc.integer({ min: 0, max: 5 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('createPod' as const), ns: nsArb, pod: podArb, withIp: fc.boolean() }), weight: 3 },
  fc.record({ op: fc.constant('giveIp' as const), ns: nsArb, pod: podArb }),
  fc.record({ op: fc.constant('deletePod' as const), ns: nsArb, pod: podArb }),
  {
    arbitrary: fc.record({
      op: fc.constant('putSlice' as const),
      ns: nsArb,
      slice: fc.integer({ min: 0, max: 3 }),
      service: fc.constantFrom('s0', 's1', 's2', undefined),
      uids: fc.array(fc.nat(), { maxLength: 6 }),
    }),
    weight: 3,
  },
  fc.record({ op: fc.constant('deleteSlice' as const), ns: nsArb, slice: fc.integer({ min: 0, max: 3 }) }),
  { arbitrary: fc.constant({ op: 'tick' as const }), weight: 2 },
);

describe('WorkloadDriver endpoint lists property', () => {
  it('after any pod and slice changes, every list equals a full rebuild from all slices', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 10, maxLength: 80 }), (ops) => {
        const { ctx, internals } = setup();
        const { store } = ctx;
        /** Every pod uid ever created, so slices can name deleted pods too. */
        const uids: string[] = [];
        const ids = internals.endpoints.slice();
        for (const o of ops) {
          if (o.op === 'tick') {
            tick(ctx);
            expect(internals.endpoints).toEqual(fullRebuild(ctx, internals));
            continue;
          }
          const ns = NAMESPACES[o.ns]!;
          switch (o.op) {
            case 'createPod':
              if (!store.get('Pod', ns, `p${o.pod}`)) uids.push(store.create('Pod', runningPod(ns, `p${o.pod}`, o.withIp)).metadata.uid);
              break;
            case 'giveIp':
              if (store.get('Pod', ns, `p${o.pod}`)) {
                store.mutate<Pod>('Pod', ns, `p${o.pod}`, (d) => {
                  d.status!.podIP = '10.0.0.2';
                });
              }
              break;
            case 'deletePod':
              store.delete('Pod', ns, `p${o.pod}`);
              break;
            case 'putSlice': {
              const named = o.uids.map((i) => uids[i % Math.max(1, uids.length)] ?? 'none');
              const next = slice(ns, `e${o.slice}`, o.service, named);
              if (store.get('EndpointSlice', ns, `e${o.slice}`)) {
                store.mutate<EndpointSlice>('EndpointSlice', ns, `e${o.slice}`, (d) => {
                  d.metadata.labels = next.metadata!.labels;
                  d.endpoints = next.endpoints;
                });
              } else store.create('EndpointSlice', next);
              break;
            }
            case 'deleteSlice':
              store.delete('EndpointSlice', ns, `e${o.slice}`);
          }
        }
        tick(ctx);
        expect(internals.endpoints).toEqual(fullRebuild(ctx, internals));
        // The model may hold the lists: they are refilled, never replaced.
        internals.endpoints.forEach((l, i) => expect(l).toBe(ids[i]));
      }),
      { numRuns: 300 },
    );
  });
});

describe('CPU usage history (what metrics-server reads)', () => {
  it('averages the ticks inside any window within the lookback, after the ring has wrapped many times', () => {
    const tickMs = 15_000;
    const { ctx, driver } = setup({
      // Traffic that changes every tick, so each sample differs.
      services: [{ name: 'default/s0', profile: { ramp: { from: 10, to: 500, start: '0s', end: '1h' } } }],
      resolutionMs: tickMs,
      usageLookbackMs: 120_000,
      scrape: { resolutionMs: 60_000 },
    });
    const { engine, store } = ctx;
    const pod = store.create('Pod', runningPod('default', 'a', true));
    store.create('EndpointSlice', slice('default', 's0-x', 's0', [pod.metadata.uid]));
    const samples: [number, number][] = [];
    const slot = (driver as unknown as DriverInternals).entries.get(pod.metadata.uid)!.slot;
    // Handing out a reader turns on the scrape snapshots: its answers must equal the ring's.
    const reader = driver.cpuReader('default', 'a')!;
    for (let t = tickMs; t <= 3_600_000; t += tickMs) {
      engine.run({ until: t });
      samples.push([t, driver.model.pods.cpuUsageMillis[slot]!]);
    }
    expect(new Set(samples.slice(-10).map(([, v]) => v)).size).toBeGreaterThan(5);
    // Windows of the metrics-server's shape: between two scrapes 60 s apart, up to 120 s back from now.
    for (const [from, to] of [[3_480_000, 3_540_000], [3_540_000, 3_600_000], [3_490_000, 3_550_000]] as const) {
      let area = 0;
      for (let k = 0; k < samples.length; k++) {
        const [end, cpu] = samples[k]!;
        const start = end - tickMs;
        area += cpu * Math.max(0, Math.min(end, to) - Math.max(start, from));
      }
      expect(driver.cpuMillisAvg('default', 'a', from, to)).toBeCloseTo(area / (to - from), 9);
      expect(reader(from, to)).toBe(driver.cpuMillisAvg('default', 'a', from, to));
    }
    expect((driver as unknown as { snapToMs: number }).snapToMs).toBe(3_600_000);
  });
});
