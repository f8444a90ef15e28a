/** Test builders in the spirit of upstream's `st.MakePod()` / `st.MakeNode()`. */
import type { Container, Node, Pod, Taint, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { SchedulerCache, toNodeInfo, toPodInfo, type PodInfo, type Plugin, type ToPodInfoOptions } from '../../../src/controllers/scheduler/index.ts';

let podSeq = 0;

/** Pod options; each entry of `reqs` is one container's requests (`st.MakePod().Req(...)`). */
export interface PodOpts {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  reqs?: Record<string, string>[];
  initReqs?: { reqs: Record<string, string>; sidecar?: boolean; image?: string }[];
  overhead?: Record<string, string>;
  node?: string;
  priority?: number;
  preemptionPolicy?: 'Never' | 'PreemptLowerPriority';
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: NonNullable<Pod['spec']>['affinity'];
  spread?: TopologySpreadConstraint[];
  hostPorts?: number[];
  images?: string[];
  startMs?: number;
  nominatedNodeName?: string;
  opts?: ToPodInfoOptions;
}

/** Builds a Pod object. */
export function makePodObj(o: PodOpts = {}): Pod {
  const containers: Container[] = (o.reqs ?? []).map((r, i) => ({ name: `c${i}`, image: o.images?.[i] ?? 'img', resources: { requests: r } }));
  if (o.hostPorts) containers.push({ name: 'ports', image: 'img', ports: o.hostPorts.map((p) => ({ containerPort: p, hostPort: p })) });
  return {
    metadata: { name: o.name ?? `pod-${podSeq++}`, namespace: o.namespace ?? 'default', labels: o.labels ?? {} },
    spec: {
      containers,
      initContainers: (o.initReqs ?? []).map((c, i) => ({
        name: `init${i}`,
        image: c.image ?? 'img',
        resources: { requests: c.reqs },
        ...(c.sidecar ? { restartPolicy: 'Always' } : {}),
      })),
      ...(o.overhead ? { overhead: o.overhead } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.preemptionPolicy ? { preemptionPolicy: o.preemptionPolicy } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.spread ? { topologySpreadConstraints: o.spread } : {}),
    },
    status: o.nominatedNodeName ? { nominatedNodeName: o.nominatedNodeName } : {},
  };
}

/** Builds a PodInfo. */
export function makePod(o: PodOpts = {}): PodInfo {
  const info = toPodInfo(makePodObj(o), o.opts);
  return o.startMs !== undefined ? { ...info, startMs: o.startMs } : info;
}

/** Builds a Node object whose capacity and allocatable are `capacity` (as `st.MakeNode().Capacity`). */
export function makeNodeObj(name: string, capacity: Record<string, string> = {}, labels: Record<string, string> = {}, taints: Taint[] = []): Node {
  const cap = { pods: '32', ...capacity };
  return { metadata: { name, labels }, spec: { taints }, status: { capacity: cap, allocatable: cap } };
}

/** A cache with the given nodes and (pod, nodeName) placements. */
export function buildCache(nodes: Node[], pods: { pod: PodInfo; node: string }[] = []): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(toNodeInfo(n));
  for (const p of pods) cache.addPod(p.pod, p.node);
  return cache;
}

/** A deterministic stand-in for the engine's stream. */
export function fixedRng(seed = 1): { next(): number } {
  let s = seed >>> 0;
  return {
    next() {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    },
  };
}

/**
 * Runs one plugin's PreFilter?/PreScore/Score/NormalizeScore for `pod` over the named feasible nodes (all by
 * default). Returns the scores, or 'skip' when PreScore skipped.
 */
export function runScore(plugin: Plugin, pod: PodInfo, cache: SchedulerCache, feasibleNames?: string[]): number[] | 'skip' {
  const names = feasibleNames ?? cache.nodes.map((n) => n.spec.name);
  const feasible = Int32Array.from(names.map((n) => cache.indexOf(n)));
  const state = { pod, cache, data: new Map<string, unknown>(), rng: fixedRng(), activeFilters: [] };
  if (plugin.preScore) {
    const s = plugin.preScore(state, pod, feasible, feasible.length);
    if (s?.code === 'Skip') return 'skip';
    if (s && s.code !== 'Success') throw new Error(s.message());
  }
  const out = new Float64Array(feasible.length);
  const s = plugin.score!(state, pod, feasible, feasible.length, out);
  if (s && s.code !== 'Success') throw new Error(s.message());
  plugin.normalizeScore?.(state, pod, feasible, feasible.length, out);
  return [...out];
}

/** `st.MakeLabelSelector().Exists(key)`. */
export const exists = (key: string): LabelSelector => ({ matchExpressions: [{ key, operator: 'Exists' }] });

/** `st.MakePod().SpreadConstraint(maxSkew, key, whenUnsatisfiable, selector, minDomains, nodeAffinityPolicy, nodeTaintsPolicy, matchLabelKeys)`; DoNotSchedule unless `opts.when` says otherwise. */
export function spread(
  maxSkew: number,
  topologyKey: string,
  selector: LabelSelector | undefined,
  opts: { when?: 'DoNotSchedule' | 'ScheduleAnyway'; minDomains?: number; affinity?: 'Honor' | 'Ignore'; taints?: 'Honor' | 'Ignore'; matchLabelKeys?: string[] } = {},
): TopologySpreadConstraint {
  return {
    maxSkew,
    topologyKey,
    whenUnsatisfiable: opts.when ?? 'DoNotSchedule',
    ...(selector ? { labelSelector: selector } : {}),
    ...(opts.minDomains !== undefined ? { minDomains: opts.minDomains } : {}),
    ...(opts.affinity ? { nodeAffinityPolicy: opts.affinity } : {}),
    ...(opts.taints ? { nodeTaintsPolicy: opts.taints } : {}),
    ...(opts.matchLabelKeys ? { matchLabelKeys: opts.matchLabelKeys } : {}),
  };
}
