/**
 * fast-check arbitraries for kubesim scenarios. Every value is a plain, JSON-able scenario fragment (the objects a
 * user would write in scenario YAML, durations as Go duration strings), so a counterexample prints as YAML and
 * replays with `kubesim run`. Sizes are small by default — a generated scenario simulates in a few to tens of ms —
 * and every size has an option to scale it up.
 */
import fc from 'fast-check';
import type { Deployment, DeploymentStrategy } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler, HPAScalingPolicy, HPAScalingRules } from 'kubernetes-types/autoscaling/v2';
import type { Probe, Service } from 'kubernetes-types/core/v1';
import { formatDurationShort } from '../engine/duration.ts';
import type { ProfileSpec } from '../workload/profiles.ts';

/** A node pool as written under `spec.cluster.nodePools`. */
export interface NodePoolObject {
  name: string;
  count: number;
  capacity: { cpu: string; memory: string; pods?: number };
  zones?: string[];
  /** Set on a cluster-autoscaler node group (see {@link arbNodeGroup}). */
  min?: number;
  max?: number;
  provisioningDelay?: string;
  capacityType?: 'on-demand' | 'spot';
  interruptionRatePerHour?: number;
  pricePerHour?: number;
}

/** `spec.cluster.autoscaler` as written (see {@link arbAutoscalerOptions}). */
export interface AutoscalerObject {
  expander?: 'random' | 'most-pods' | 'least-waste' | 'price' | 'priority';
  scanInterval?: string;
  scaleDownUtilizationThreshold?: number;
  scaleDownUnneededTime?: string;
  scaleDownDelayAfterAdd?: string;
  maxNodesTotal?: number;
}

/** `spec.cluster` as written. */
export interface ClusterObject {
  nodePools: NodePoolObject[];
  autoscaler?: AutoscalerObject;
}

/** One `spec.timeline` entry as written (`at` plus exactly one action key). */
export type TimelineObject = { at: string } & Record<string, unknown>;

/** A whole scenario as written: `apiVersion`, `kind`, `metadata`, `spec`. JSON-able. */
export interface ScenarioObject {
  apiVersion: 'kubesim.dev/v1alpha1';
  kind: 'Scenario';
  metadata: { name: string; description?: string };
  spec: {
    seed: number;
    duration: string;
    resolution?: string;
    cluster: ClusterObject;
    manifests: object[];
    workloads?: Record<string, object>;
    traffic?: { service: string; profile: ProfileSpec }[];
    timeline?: TimelineObject[];
    [field: string]: unknown;
  };
}

/** A Go duration string of whole seconds, in the short form (`90s` → `1m30s`, `600s` → `10m`). */
export function secondsToDuration(seconds: number): string {
  return formatDurationShort(seconds * 1000);
}

/** Options of {@link arbLoadProfile}. */
export interface LoadProfileOptions {
  /** Highest rate any profile reaches, requests/second. Default 300. */
  maxRps?: number;
  /** Times (steps, ramps, spikes) fall inside [0, durationSeconds]. Default 1 200 (20 m). */
  durationSeconds?: number;
  /** Shapes to draw from. Default all: `constant`, `steps`, `ramp`, `diurnal`, `spikes`. */
  shapes?: readonly ('constant' | 'steps' | 'ramp' | 'diurnal' | 'spikes')[];
}

/**
 * A traffic profile (`spec.traffic[].profile`): constant, steps, ramp, diurnal, or a constant base with spikes.
 * Rates are integers in [0, maxRps]; spike factors keep the peak within `maxRps`.
 */
export function arbLoadProfile(options: LoadProfileOptions = {}): fc.Arbitrary<ProfileSpec> {
  const maxRps = positiveInt(options.maxRps ?? 300, 'arbLoadProfile', 'maxRps');
  const durationS = positiveInt(options.durationSeconds ?? 1200, 'arbLoadProfile', 'durationSeconds');
  const shapes = options.shapes ?? ['constant', 'steps', 'ramp', 'diurnal', 'spikes'];
  if (shapes.length === 0) throw new RangeError('arbLoadProfile: options.shapes must name at least one shape');
  const rps = fc.integer({ min: 0, max: maxRps });
  const at = fc.integer({ min: 0, max: durationS });
  const byShape = {
    constant: rps.map((constant): ProfileSpec => ({ constant })),
    // The loader wants strictly increasing step times and a ramp that ends after it starts.
    steps: fc
      .uniqueArray(fc.record({ at, rps }), { minLength: 1, maxLength: 4, selector: (x) => x.at })
      .map((xs): ProfileSpec => ({ steps: [...xs].sort((a, b) => a.at - b.at).map((s) => ({ at: secondsToDuration(s.at), rps: s.rps })) })),
    ramp: fc.record({ from: rps, to: rps, start: fc.integer({ min: 0, max: durationS - 1 }), lengthS: fc.integer({ min: 1, max: durationS }) }).map(
      (r): ProfileSpec => ({ ramp: { from: r.from, to: r.to, start: secondsToDuration(r.start), end: secondsToDuration(Math.min(durationS, r.start + r.lengthS)) } }),
    ),
    diurnal: fc.record({ x: rps, y: rps, peakH: fc.integer({ min: 0, max: 23 }) }).map(
      (d): ProfileSpec => ({ diurnal: { min: Math.min(d.x, d.y), max: Math.max(d.x, d.y), peakAt: `${d.peakH}h` } }),
    ),
    spikes: fc
      .record({
        base: fc.integer({ min: 1, max: Math.max(1, Math.floor(maxRps / 2)) }),
        spikes: fc.array(fc.record({ at, factor: fc.integer({ min: 2, max: 5 }), forS: fc.integer({ min: 10, max: Math.max(10, Math.floor(durationS / 4)) }) }), { minLength: 1, maxLength: 3 }),
      })
      .map((s): ProfileSpec => {
        const factors = s.spikes.map((x) => Math.max(1, Math.min(x.factor, Math.floor(maxRps / s.base))));
        return {
          constant: s.base,
          // Spikes overlap multiplicatively, so the whole product must fit under maxRps, not each factor alone.
          spikes: s.spikes.map((x, i) => ({ at: secondsToDuration(x.at), factor: capProduct(factors, i, maxRps / s.base), for: secondsToDuration(x.forS) })),
        };
      }),
  } satisfies Record<string, fc.Arbitrary<ProfileSpec>>;
  return fc.oneof(...shapes.map((s) => byShape[s]));
}

/** Factor `i` reduced so that the product of all factors stays ≤ `limit` (each ≥ 1). */
function capProduct(factors: readonly number[], i: number, limit: number): number {
  let product = 1;
  for (let k = 0; k < i; k++) product *= factors[k]!;
  return Math.max(1, Math.min(factors[i]!, Math.floor(limit / product)));
}

/** Options of {@link arbNodePool}. */
export interface NodePoolOptions {
  /** Pool name. Default `pool`. */
  name?: string;
  /** Most nodes. Default 3. */
  maxCount?: number;
  /** Least nodes. Default 1. */
  minCount?: number;
}

/** A node pool of 1–3 nodes with 1–4 cores and 2–8 GiB each, in 0–3 zones. */
export function arbNodePool(options: NodePoolOptions = {}): fc.Arbitrary<NodePoolObject> {
  const maxCount = positiveInt(options.maxCount ?? 3, 'arbNodePool', 'maxCount');
  const minCount = options.minCount ?? 1;
  if (!Number.isInteger(minCount) || minCount < 0 || minCount > maxCount) throw new RangeError(`arbNodePool: options.minCount must be an integer in [0, maxCount], got ${minCount}`);
  const name = options.name ?? 'pool';
  return fc
    .record({
      count: fc.integer({ min: minCount, max: maxCount }),
      cpuCores: fc.integer({ min: 1, max: 4 }),
      memoryGi: fc.integer({ min: 2, max: 8 }),
      zones: fc.integer({ min: 0, max: 3 }),
    })
    .map((p) => ({
      name,
      count: p.count,
      capacity: { cpu: String(p.cpuCores), memory: `${p.memoryGi}Gi` },
      ...(p.zones > 0 ? { zones: ['a', 'b', 'c'].slice(0, p.zones) } : {}),
    }));
}

/** Options of {@link arbNodeGroup}. */
export interface NodeGroupOptions {
  /** Group name. Default `group`. */
  name?: string;
  /** Largest `max`. Default 6. */
  maxSize?: number;
  /** Allow `capacityType: spot` with an interruption rate. Default false. */
  spot?: boolean;
}

/**
 * A cluster-autoscaler node group: a pool with 0–2 nodes at `min`, `max` up to `maxSize`, 1–4 cores, a
 * provisioning delay of 30 s–5 min and a price; spot with 0–0.5 reclaims per node-hour when `spot` is set.
 */
export function arbNodeGroup(options: NodeGroupOptions = {}): fc.Arbitrary<NodePoolObject> {
  const maxSize = positiveInt(options.maxSize ?? 6, 'arbNodeGroup', 'maxSize');
  const name = options.name ?? 'group';
  return fc
    .record({
      min: fc.integer({ min: 0, max: Math.min(2, maxSize) }),
      extra: fc.integer({ min: 0, max: maxSize }),
      cpuCores: fc.integer({ min: 1, max: 4 }),
      memoryGi: fc.integer({ min: 2, max: 8 }),
      delayS: fc.integer({ min: 30, max: 300 }),
      price: fc.integer({ min: 1, max: 50 }),
      spot: options.spot ? fc.boolean() : fc.constant(false),
      rate: fc.integer({ min: 0, max: 50 }),
    })
    .map((g) => {
      const max = Math.max(1, Math.min(maxSize, g.min + g.extra));
      const min = Math.min(g.min, max);
      return {
        name,
        count: min,
        min,
        max,
        capacity: { cpu: String(g.cpuCores), memory: `${g.memoryGi}Gi` },
        provisioningDelay: secondsToDuration(g.delayS),
        pricePerHour: g.price / 100,
        ...(g.spot ? { capacityType: 'spot' as const, interruptionRatePerHour: g.rate / 100 } : {}),
      };
    });
}

/** Autoscaler options around upstream's defaults: any expander, threshold 0.3–0.7, unneeded time and delay 1–15 min. */
export function arbAutoscalerOptions(): fc.Arbitrary<AutoscalerObject> {
  return fc
    .record({
      expander: fc.constantFrom('random', 'most-pods', 'least-waste', 'price', 'priority'),
      threshold: fc.integer({ min: 30, max: 70 }),
      unneededS: fc.integer({ min: 60, max: 900 }),
      delayAfterAddS: fc.integer({ min: 60, max: 900 }),
    })
    .map((o) => ({
      expander: o.expander,
      scaleDownUtilizationThreshold: o.threshold / 100,
      scaleDownUnneededTime: secondsToDuration(o.unneededS),
      scaleDownDelayAfterAdd: secondsToDuration(o.delayAfterAddS),
    }));
}

/** Options of {@link arbCluster}. */
export interface ClusterOptions {
  /** Most pools, named `pool`, `pool-b`, `pool-c`… Default 2. */
  maxPools?: number;
  /** Most nodes per pool. Default 3. */
  maxNodesPerPool?: number;
}

/** A cluster of 1–2 pools with at least one node in total. */
export function arbCluster(options: ClusterOptions = {}): fc.Arbitrary<ClusterObject> {
  const maxPools = positiveInt(options.maxPools ?? 2, 'arbCluster', 'maxPools');
  const maxNodes = positiveInt(options.maxNodesPerPool ?? 3, 'arbCluster', 'maxNodesPerPool');
  const names = ['pool', ...Array.from({ length: maxPools - 1 }, (_, i) => `pool-${String.fromCharCode(98 + (i % 25))}${i >= 25 ? i : ''}`)];
  return fc.integer({ min: 1, max: maxPools }).chain((n) =>
    fc.tuple(...names.slice(0, n).map((name, i) => arbNodePool({ name, maxCount: maxNodes, minCount: i === 0 ? 1 : 0 }))).map((nodePools) => ({ nodePools })),
  );
}

/** Names of the nodes a cluster starts with (`<pool>-<n>`, 1-based), in pool order. */
export function nodeNamesOf(cluster: ClusterObject): string[] {
  return cluster.nodePools.flatMap((p) => Array.from({ length: p.count }, (_, i) => `${p.name}-${i + 1}`));
}

/** Options of {@link arbDeployment}. */
export interface DeploymentOptions {
  /** Deployment name; also the `app` label and container name. Default `web`. */
  name?: string;
  /** Most replicas. Default 4. */
  maxReplicas?: number;
  /** Container image. Default `<name>:v1`. */
  image?: string;
  /** Only RollingUpdate strategies (no Recreate). Default false. */
  rollingUpdateOnly?: boolean;
}

const intOrPercent = (maxInt: number) => fc.oneof(fc.integer({ min: 0, max: maxInt }), fc.constantFrom('0%', '10%', '25%', '50%', '100%'));

/**
 * An apps/v1 Deployment: 1–4 replicas, CPU/memory requests (limits ≥ requests when present), an optional readiness
 * probe, and a RollingUpdate (maxSurge / maxUnavailable as integers or percents, never both zero) or Recreate
 * strategy. Pods are labelled `app: <name>`.
 */
export function arbDeployment(options: DeploymentOptions = {}): fc.Arbitrary<Deployment> {
  const name = options.name ?? 'web';
  const maxReplicas = positiveInt(options.maxReplicas ?? 4, 'arbDeployment', 'maxReplicas');
  const image = options.image ?? `${name}:v1`;
  const rolling: fc.Arbitrary<DeploymentStrategy> = fc
    .record({ maxSurge: intOrPercent(2), maxUnavailable: intOrPercent(2) })
    .map(({ maxSurge, maxUnavailable }) => ({
      type: 'RollingUpdate',
      // Both zero is rejected by validation (the rollout could never progress); surge 1 instead.
      rollingUpdate: { maxSurge: isZero(maxSurge) && isZero(maxUnavailable) ? 1 : maxSurge, maxUnavailable },
    }));
  const strategy = options.rollingUpdateOnly ? rolling : fc.oneof({ weight: 4, arbitrary: rolling }, { weight: 1, arbitrary: fc.constant<DeploymentStrategy>({ type: 'Recreate' }) });
  const probe: fc.Arbitrary<Probe | undefined> = fc.option(
    fc.record({ initialDelaySeconds: fc.integer({ min: 0, max: 10 }), periodSeconds: fc.integer({ min: 1, max: 10 }), failureThreshold: fc.integer({ min: 1, max: 3 }) }).map((p) => ({ httpGet: { path: '/healthz', port: 8080 }, ...p })),
    { nil: undefined },
  );
  return fc
    .record({
      replicas: fc.integer({ min: 1, max: maxReplicas }),
      cpuMillis: fc.constantFrom(50, 100, 200, 250, 500),
      memoryMi: fc.constantFrom(64, 128, 256),
      limitFactor: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      readinessProbe: probe,
      strategy,
      minReadySeconds: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }) }),
    })
    .map((d): Deployment => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { app: name } },
      spec: {
        replicas: d.replicas,
        ...(d.minReadySeconds > 0 ? { minReadySeconds: d.minReadySeconds } : {}),
        selector: { matchLabels: { app: name } },
        strategy: d.strategy,
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [
              {
                name,
                image,
                ports: [{ containerPort: 8080 }],
                resources: {
                  requests: { cpu: `${d.cpuMillis}m`, memory: `${d.memoryMi}Mi` },
                  ...(d.limitFactor ? { limits: { cpu: `${d.cpuMillis * d.limitFactor}m`, memory: `${d.memoryMi * d.limitFactor}Mi` } } : {}),
                },
                ...(d.readinessProbe ? { readinessProbe: d.readinessProbe } : {}),
              },
            ],
          },
        },
      },
    }));
}

function isZero(v: number | string): boolean {
  return v === 0 || v === '0%';
}

/** A ClusterIP Service selecting `app: <name>` on port 80 → 8080. */
export function serviceFor(name: string): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } };
}

/** Options of {@link arbHpaSpec}. */
export interface HpaOptions {
  /** Name of the Deployment it scales (and of the HPA). Default `web`. */
  target?: string;
  /** Upper limit of `maxReplicas`. Default 8. */
  maxReplicas?: number;
}

const arbPolicy: fc.Arbitrary<HPAScalingPolicy> = fc.oneof(
  fc.record({ type: fc.constant('Pods'), value: fc.integer({ min: 1, max: 4 }), periodSeconds: fc.constantFrom(15, 30, 60) }),
  fc.record({ type: fc.constant('Percent'), value: fc.constantFrom(10, 50, 100, 200), periodSeconds: fc.constantFrom(15, 30, 60) }),
);

const arbRules: fc.Arbitrary<HPAScalingRules> = fc
  .record(
    {
      stabilizationWindowSeconds: fc.constantFrom(0, 30, 60, 300),
      selectPolicy: fc.constantFrom('Max', 'Min', 'Disabled'),
      policies: fc.array(arbPolicy, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['policies'] },
  );

/**
 * An autoscaling/v2 HorizontalPodAutoscaler on CPU utilization (30–90 %), `minReplicas` 1–3 ≤ `maxReplicas`, and
 * an optional `behavior` with scale-up/scale-down policies (Pods or Percent), stabilization windows and select
 * policies.
 */
export function arbHpaSpec(options: HpaOptions = {}): fc.Arbitrary<HorizontalPodAutoscaler> {
  const target = options.target ?? 'web';
  const maxCap = positiveInt(options.maxReplicas ?? 8, 'arbHpaSpec', 'maxReplicas');
  return fc
    .record({
      minReplicas: fc.integer({ min: 1, max: Math.min(3, maxCap) }),
      extra: fc.integer({ min: 0, max: maxCap - 1 }),
      utilization: fc.integer({ min: 30, max: 90 }),
      behavior: fc.option(fc.record({ scaleUp: arbRules, scaleDown: arbRules }, { requiredKeys: [] }), { nil: undefined }),
    })
    .map((h): HorizontalPodAutoscaler => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: target },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
        minReplicas: h.minReplicas,
        maxReplicas: Math.min(maxCap, h.minReplicas + h.extra),
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: h.utilization } } }],
        ...(h.behavior && Object.keys(h.behavior).length > 0 ? { behavior: h.behavior } : {}),
      },
    }));
}

/** Options of {@link arbFaults}. */
export interface FaultOptions {
  /** Nodes that may fail (see {@link nodeNamesOf}). Empty: only pod kills. */
  nodes: readonly string[];
  /** Labels of the pods a kill may target. Default `{app: 'web'}`. */
  podSelector?: Record<string, string>;
  /** Faults happen in [0, durationSeconds). Default 1 200. */
  durationSeconds?: number;
  /** Most faults. Default 2. */
  maxFaults?: number;
}

/** A fault as drawn, before node names are known: node `index` is taken modulo the node count. */
interface FaultDraw {
  kind: 'failNode' | 'killPod';
  atS: number;
  index: number;
  /** Seconds until a failed node recovers; 0 = it stays down. */
  downS: number;
  count: number;
}

function arbFaultDraws(durationS: number, maxFaults: number, withNodes: boolean): fc.Arbitrary<FaultDraw[]> {
  return fc.array(
    fc.record({
      kind: withNodes ? fc.constantFrom<FaultDraw['kind']>('failNode', 'killPod') : fc.constant<FaultDraw['kind']>('killPod'),
      atS: fc.integer({ min: 0, max: Math.max(0, durationS - 1) }),
      index: fc.nat({ max: 31 }),
      downS: fc.oneof(fc.constant(0), fc.integer({ min: 30, max: Math.max(30, durationS) })),
      count: fc.integer({ min: 1, max: 2 }),
    }),
    { maxLength: maxFaults },
  );
}

function faultsToTimeline(draws: readonly FaultDraw[], nodes: readonly string[], selector: Record<string, string>): TimelineObject[] {
  const out: { atS: number; entry: TimelineObject }[] = [];
  for (const f of draws) {
    if (f.kind === 'killPod' || nodes.length === 0) {
      out.push({ atS: f.atS, entry: { at: secondsToDuration(f.atS), killPod: { selector: { ...selector }, count: f.count } } });
      continue;
    }
    const node = nodes[f.index % nodes.length]!;
    out.push({ atS: f.atS, entry: { at: secondsToDuration(f.atS), failNode: node } });
    if (f.downS > 0) out.push({ atS: f.atS + f.downS, entry: { at: secondsToDuration(f.atS + f.downS), recoverNode: node } });
  }
  // Stable sort: ties keep drawn order, which is also the order the loader runs them in.
  return out.sort((a, b) => a.atS - b.atS).map((x) => x.entry);
}

/**
 * Timeline entries injecting outside failures: node failures (`failNode`, with a `recoverNode` later or never) and
 * pod kills (`killPod` by selector) at whole-second times.
 */
export function arbFaults(options: FaultOptions): fc.Arbitrary<TimelineObject[]> {
  const durationS = positiveInt(options.durationSeconds ?? 1200, 'arbFaults', 'durationSeconds');
  const maxFaults = options.maxFaults ?? 2;
  if (!Number.isInteger(maxFaults) || maxFaults < 0) throw new RangeError(`arbFaults: options.maxFaults must be an integer ≥ 0, got ${maxFaults}`);
  const selector = options.podSelector ?? { app: 'web' };
  return arbFaultDraws(durationS, maxFaults, options.nodes.length > 0).map((d) => faultsToTimeline(d, options.nodes, selector));
}

/** Options of {@link arbScenario}. */
export interface ScenarioOptions {
  /** Simulated duration in seconds. Default 900 (15 m). */
  durationSeconds?: number;
  /** Metric resolution in seconds. Default 15. */
  resolutionSeconds?: number;
  /** Add an HPA on the Deployment: `true`, `false`, or `'maybe'` (drawn). Default `'maybe'`. */
  hpa?: boolean | 'maybe';
  /** Add a `setImage` (a rolling update) at a drawn time: `true`, `false` or `'maybe'`. Default `'maybe'`. */
  rollout?: boolean | 'maybe';
  /** Most outside failures (node failures, pod kills). Default 2; 0 for none. */
  maxFaults?: number;
  /** Passed to {@link arbCluster}. */
  cluster?: ClusterOptions;
  /** Most Deployment replicas. Default 4. */
  maxReplicas?: number;
  /** Passed to {@link arbLoadProfile} (its `durationSeconds` defaults to the scenario's). */
  load?: LoadProfileOptions;
  /** Only RollingUpdate Deployments. Default false. */
  rollingUpdateOnly?: boolean;
}

const flag = (v: boolean | 'maybe') => (v === 'maybe' ? fc.boolean() : fc.constant(v));

/**
 * A whole scenario object: a cluster, one Deployment `web` with its Service and app model, traffic, optionally an
 * HPA, a rolling update (`setImage` to `web:v2`) and outside failures, plus a seed and a duration. Load it with
 * `loadScenario(obj)` or run it with `runScenario(obj)`; print it with `scenarioYaml(obj)`.
 */
export function arbScenario(options: ScenarioOptions = {}): fc.Arbitrary<ScenarioObject> {
  const durationS = positiveInt(options.durationSeconds ?? 900, 'arbScenario', 'durationSeconds');
  const resolutionS = positiveInt(options.resolutionSeconds ?? 15, 'arbScenario', 'resolutionSeconds');
  if (resolutionS > durationS) throw new RangeError(`arbScenario: options.resolutionSeconds (${resolutionS}) must not exceed durationSeconds (${durationS})`);
  const maxFaults = options.maxFaults ?? 2;
  return fc
    .record({
      seed: fc.nat({ max: 1_000_000 }),
      cluster: arbCluster(options.cluster),
      deployment: arbDeployment({ maxReplicas: options.maxReplicas ?? 4, ...(options.rollingUpdateOnly ? { rollingUpdateOnly: true } : {}) }),
      hpa: flag(options.hpa ?? 'maybe').chain((on): fc.Arbitrary<HorizontalPodAutoscaler[]> => (on ? arbHpaSpec().map((h) => [h]) : fc.constant([]))),
      profile: arbLoadProfile({ durationSeconds: durationS, ...options.load }),
      cpuPerRequestMillis: fc.constantFrom(1, 2, 5),
      rolloutAtS: flag(options.rollout ?? 'maybe').chain((on): fc.Arbitrary<number[]> => (on ? fc.integer({ min: 0, max: durationS - 1 }).map((s) => [s]) : fc.constant([]))),
      faults: arbFaultDraws(durationS, maxFaults, true),
    })
    .map((s): ScenarioObject => {
      const nodes = nodeNamesOf(s.cluster);
      const timeline: { atS: number; entry: TimelineObject }[] = s.rolloutAtS.map((atS) => ({
        atS,
        entry: { at: secondsToDuration(atS), setImage: { deployment: 'web', container: 'web', image: 'web:v2' } },
      }));
      // Faults after the rollout when at the same second: the rollout starts, then the failure hits it.
      const faults = faultsToTimeline(s.faults, nodes, { app: 'web' });
      const merged = [...timeline, ...faults.map((entry) => ({ atS: toSeconds(entry.at), entry }))].sort((a, b) => a.atS - b.atS);
      return {
        apiVersion: 'kubesim.dev/v1alpha1',
        kind: 'Scenario',
        metadata: { name: 'property' },
        spec: {
          seed: s.seed,
          duration: secondsToDuration(durationS),
          ...(resolutionS !== 15 ? { resolution: secondsToDuration(resolutionS) } : {}),
          cluster: s.cluster,
          manifests: [s.deployment, serviceFor('web'), ...s.hpa],
          workloads: { web: { cpuPerRequest: `${s.cpuPerRequestMillis}m`, startup: { imagePull: '2s', ready: '3s' } } },
          traffic: [{ service: 'web', profile: s.profile }],
          ...(merged.length > 0 ? { timeline: merged.map((x) => x.entry) } : {}),
        },
      };
    });
}

/** Whole seconds of a duration written by {@link secondsToDuration}. */
function toSeconds(d: string): number {
  let s = 0;
  for (const m of d.matchAll(/(\d+)([hms])/g)) s += Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  return s;
}

function positiveInt(v: number, api: string, option: string): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${api}: options.${option} must be a positive integer, got ${String(v)}`);
  return v;
}
