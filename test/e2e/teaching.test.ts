/**
 * What each teaching scenario in `scenarios/` claims in its description, checked on the run itself (through
 * {@link ScenarioRun}, not the CLI): the claims the scenario's own `expect` list cannot state.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import type { AnalysisRun } from '../../src/controllers/rollouts/analysis-run.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const scenarioDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');

function load(file: string): Scenario {
  const r = loadScenarioFile(path.join(scenarioDir, file), nodeFileSystem);
  expect(r.errors).toEqual([]);
  return r.scenario!;
}

/** A run set up but not started, so a test can watch the store from time zero. */
function prepare(file: string): ScenarioRun {
  return new ScenarioRun(load(file));
}

const isReady = (p: Pod | undefined) => p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const nodesUsed = (run: ScenarioRun) => new Set(run.sim.store.list<Pod>('Pod').map((p) => p.spec?.nodeName)).size;

describe('bin-packing', () => {
  it('MostAllocated packs the 8 one-CPU pods onto 2 of the 6 nodes; LeastAllocated uses all 6', () => {
    const packed = prepare('bin-packing.yaml').run();
    const spread = prepare('bin-packing-spread.yaml').run();
    expect(packed.sim.store.list<Pod>('Pod')).toHaveLength(8);
    expect(nodesUsed(packed)).toBe(2);
    expect(nodesUsed(spread)).toBe(6);
  });
});

describe('rolling-update', () => {
  it('never fewer than 3 available and never more than 4 pods wanted (maxSurge 1 / maxUnavailable 0)', () => {
    const run = prepare('rolling-update.yaml');
    let maxWanted = 0;
    run.sim.store.watch<ReplicaSet>('ReplicaSet', () => {
      const wanted = run.sim.store.list<ReplicaSet>('ReplicaSet').reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
      maxWanted = Math.max(maxWanted, wanted);
    });
    run.run();
    expect(maxWanted).toBe(4);
    expect(run.observations.workloads.get('Deployment/default/webapi-deployment')?.minAvailable).toBe(3);
    const images = run.sim.store.list<Pod>('Pod').map((p) => p.spec?.containers?.[0]?.image);
    expect(images).toEqual(Array(3).fill('myregistry.azurecr.io/webapi:v2'));
  });
});

describe('rollout-stalls', () => {
  it('reports ProgressDeadlineExceeded 600 s (+1 s requeue) after the rollout started, and stays on v1', () => {
    const run = prepare('rollout-stalls.yaml').run();
    const d = run.sim.store.get<Deployment>('Deployment', 'default', 'webapi-deployment')!;
    const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    // setImage at 5m; the deadline passes at 15m and the controller's progress check runs a second later.
    expect(run.sim.clock.simMs(progressing!.lastTransitionTime!)).toBe(15 * 60_000 + 1_000);
    expect(d.status).toMatchObject({ availableReplicas: 3, updatedReplicas: 1 });
  });
});

describe('canary', () => {
  it('the AnalysisRun measures the canary error ratio at 0.05, fails, and the Rollout aborts to Degraded', () => {
    const run = prepare('canary.yaml').run();
    const [ar, ...more] = run.sim.store.list<AnalysisRun>('AnalysisRun');
    expect(more).toEqual([]);
    expect(ar!.status?.phase).toBe('Failed');
    expect(ar!.status?.metricResults?.[0]?.measurements[0]?.value).toBe('[0.05]');
    const ro = run.sim.store.get<{ status?: { phase?: string; abort?: boolean } }>('Rollout', 'default', 'rollouts-demo')!;
    expect(ro.status).toMatchObject({ phase: 'Degraded', abort: true });
    const images = run.sim.store.list<Pod>('Pod').map((p) => p.spec?.containers?.[0]?.image);
    expect(images).toEqual(Array(5).fill('argoproj/rollouts-demo:blue'));
  });
});

describe('blue-green', () => {
  it('runs both stacks during the preview and scales blue down scaleDownDelaySeconds (30 s) after the promotion', () => {
    const run = prepare('blue-green.yaml');
    let maxPods = 0;
    run.sim.store.watch<Pod>('Pod', () => {
      maxPods = Math.max(maxPods, run.sim.store.list<Pod>('Pod').filter((p) => !p.metadata.deletionTimestamp).length);
    });
    run.run();
    expect(maxPods).toBe(4);
    const promoted = run.actions.find((a) => a.description.startsWith('promote'))!;
    const scaleDown = run.sim.events.all.find((e) => e.reason === 'ScalingReplicaSet' && e.message.includes('from 2 to 0'))!;
    expect(scaleDown.firstTimestampMs - promoted.atMs).toBe(30_000);
  });
});

describe('crashloop', () => {
  it('restarts each pod with a back-off that doubles from 10 s (10, 20, 40, 80, 160 s, capped at 300 s)', () => {
    const run = prepare('crashloop.yaml');
    const starts = new Map<string, number[]>();
    run.sim.store.watch<Pod>('Pod', (e) => {
      const now = run.sim.nowMs;
      const before = e.old?.status?.containerStatuses?.[0]?.state?.running;
      const after = e.object.status?.containerStatuses?.[0]?.state?.running;
      if (after && !before) starts.set(e.object.metadata.name, [...(starts.get(e.object.metadata.name) ?? []), now]);
    });
    run.run();
    expect(starts.size).toBe(2);
    for (const times of starts.values()) {
      // Each run lasts 10 s (crashAfter); the wait before the next start is the gap minus those 10 s.
      const waits = times.slice(1).map((t, i) => t - times[i]! - 10_000);
      expect(waits.slice(0, 6)).toEqual([0, 10_000, 20_000, 40_000, 80_000, 160_000]);
      expect(Math.max(...waits)).toBe(300_000);
    }
  });
});

describe('readiness-cascade', () => {
  function spike(file: string) {
    const run = prepare(file);
    const drops: number[] = [];
    run.sim.store.watch<Pod>('Pod', (e) => {
      if (isReady(e.old) && !isReady(e.object) && !e.object.metadata.deletionTimestamp) drops.push(run.sim.nowMs);
    });
    run.run();
    const slo = run.sloReports()[0]!;
    return { drops: drops.filter((t) => t >= 5 * 60_000 && t < 10 * 60_000), availability: slo.availability!.actual };
  }

  it('with timeoutSeconds 1 the spike takes pods out one after another and fails about a tenth of all requests', () => {
    const { drops, availability } = spike('readiness-cascade.yaml');
    expect(drops.length).toBeGreaterThanOrEqual(4);
    // The first wave: the pods leave at different moments, not all at once.
    expect(new Set(drops.slice(0, 4)).size).toBeGreaterThan(1);
    expect(availability).toBeLessThan(0.95);
  });

  it('with timeoutSeconds 5 no pod leaves the Service and nearly every request is served', () => {
    const { drops, availability } = spike('readiness-cascade-fixed.yaml');
    expect(drops).toEqual([]);
    expect(availability).toBeGreaterThan(0.999);
  });
});

describe('online-boutique', () => {
  it('skips only ServiceEntry (the mesh kinds load, unused without sidecars) and propagates frontend load through the call graph', () => {
    const scenario = load('online-boutique.yaml');
    expect(scenario.skipped.map((s) => s.kind).sort()).toEqual(['ServiceEntry', 'ServiceEntry']);
    const run = new ScenarioRun(scenario).run();
    const rps = (svc: string, tMs: number) => run.sim.metrics.find(`http_requests_per_second{service=${JSON.stringify(svc)}}`)?.at(tMs);
    // At 10m the frontend gets 100 page views/s: currency 100 × 2.5 + checkout (100 × 0.05) × 3 = 265 requests/s;
    // the catalogue 100 × 1.2 + checkout 5 × 2 + recommendations (100 × 0.3) × 1 = 160; redis 1.5 × cart (60 + 10).
    expect(rps('frontend', 600_000)).toBeCloseTo(100, 6);
    expect(rps('currencyservice', 600_000)).toBeCloseTo(265, 6);
    expect(rps('productcatalogservice', 600_000)).toBeCloseTo(160, 6);
    expect(rps('redis-cart', 600_000)).toBeCloseTo(105, 6);
  });
});

describe('hpa-canary', () => {
  it('splits the HPA-scaled count by weight, rounding both sides up: 6 at 25 % → 2 canary + 5 stable', () => {
    const run = prepare('hpa-canary.yaml');
    const splits = new Set<string>();
    run.sim.store.watch<ReplicaSet>('ReplicaSet', () => {
      const bySet = run.sim.store.list<ReplicaSet>('ReplicaSet').map((rs) => `${rs.spec?.template?.spec?.containers?.[0]?.image?.split(':')[1]}=${rs.spec?.replicas ?? 0}`);
      splits.add(bySet.sort().join(' '));
    });
    run.run();
    expect(splits).toContain('1.8.0=5 1.9.0=2');
    expect(splits).toContain('1.8.0=4 1.9.0=4');
    expect(splits).toContain('1.8.0=0 1.9.0=8');
  });
});

describe('cronjob-burst', () => {
  /** The run with its claims' measurements: web pods' longest Pending time, running batch pods, the Job's span. */
  function measure(scenario: Scenario) {
    const run = new ScenarioRun(scenario);
    const createdAt = new Map<string, number>();
    let webPendingMs = 0;
    let maxRunningBatch = 0;
    run.sim.store.watch<Pod>('Pod', (e) => {
      const name = e.object.metadata.name;
      if (e.type === 'ADDED') createdAt.set(name, run.sim.nowMs);
      if (name.startsWith('web-') && !e.old?.spec?.nodeName && e.object.spec?.nodeName) webPendingMs = Math.max(webPendingMs, run.sim.nowMs - createdAt.get(name)!);
      if (name.startsWith('nightly-report-')) {
        const running = run.sim.store.list<Pod>('Pod').filter((p) => p.metadata.name.startsWith('nightly-report-') && p.status?.phase === 'Running').length;
        maxRunningBatch = Math.max(maxRunningBatch, running);
      }
    });
    run.run();
    const job = run.sim.store.list<Job>('Job')[0]!;
    const spanMs = run.sim.clock.simMs(job.status!.completionTime!) - run.sim.clock.simMs(job.status!.startTime!);
    return { run, job, webPendingMs, maxRunningBatch, spanMs };
  }

  /** The same scenario with every priorityClassName removed from the manifests. */
  function withoutPriorities(scenario: Scenario): Scenario {
    const strip = (o: unknown): unknown => {
      if (Array.isArray(o)) return o.map(strip);
      if (o && typeof o === 'object') return Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'priorityClassName').map(([k, v]) => [k, strip(v)]));
      return o;
    };
    return { ...scenario, manifests: scenario.manifests.map((m) => ({ ...m, object: strip(m.object) as typeof m.object })) };
  }

  it('at 02:00 the 12 free CPUs hold 24 of the 50 report pods; with priorities web pods preempt report pods and wait seconds', () => {
    const scenario = load('cronjob-burst.yaml');
    const { run, job, webPendingMs, maxRunningBatch, spanMs } = measure(scenario);
    expect(job.metadata.name).toBe('nightly-report-29459640');
    expect(maxRunningBatch).toBe(24);
    // The preemptor waits only for its victims to stop and for the next scheduling attempt.
    expect(webPendingMs).toBeLessThanOrEqual(5_000);
    const preempted = run.sim.events.all.filter((e) => e.reason === 'Preempted').length;
    expect(preempted).toBeGreaterThan(0);
    // Preemptions are ignored by the pod failure policy: none counts as failed, the Job completes 50/50.
    expect(job.status?.failed ?? 0).toBe(0);
    expect(job.status?.succeeded).toBe(50);
    expect(job.status?.conditions?.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);

    // Without the priority classes the new web pods wait Pending for report pods to end, and the report, never
    // preempted, finishes sooner.
    const plain = measure(withoutPriorities(scenario));
    expect(plain.run.sim.events.all.filter((e) => e.reason === 'Preempted')).toEqual([]);
    expect(plain.webPendingMs).toBeGreaterThan(60_000);
    expect(spanMs).toBeGreaterThan(plain.spanMs);
  });
});
