/**
 * Adapters from kubernetes-types objects to the scheduler's precomputed `PodInfo` / `NodeSpecInfo`, and the pod
 * request arithmetic of `k8s.io/component-helpers/resource` `PodRequests` (used by `framework/types.go`
 * `calculateResource` and by `noderesources`). Quantities are parsed here, once.
 */
import type { Container, Node, Pod, PodAffinityTerm, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { Store } from '../../cluster/store.ts';
import type { ServiceSelectorIndex } from '../../cluster/service-selectors.ts';
import type { SimClock } from '../../cluster/time.ts';
import { cpuMillis, value } from '../../api/quantity.ts';
import {
  compileNodeSelector,
  compilePreferredSchedulingTerms,
  type CompiledNodeSelector,
  labelSelectorAsSelector,
  type PreferredSchedulingTerms,
  selectorFromSet,
  type Labels,
  type Selector,
} from '../../api/selector.ts';
import {
  DEFAULT_MEMORY_REQUEST_BYTES,
  DEFAULT_MILLI_CPU_REQUEST,
  RESOURCE_CPU,
  RESOURCE_EPHEMERAL_STORAGE,
  RESOURCE_MEMORY,
  RESOURCE_PODS,
  type AffinityTerm,
  type HostPort,
  type NodeSpecInfo,
  type PodInfo,
  type PodMatcher,
  type Resource,
  type SpreadConstraint,
} from './types.ts';

/** Most entries of each memo and intern table; past it the table starts over (they only save work, they decide nothing). */
const MAX_INTERNED = 4096;

/** Parsed quantities by text, cpu (millicores) and the rest (`Value()`) apart: a cluster writes a few distinct ones. */
const parsedCpu = new Map<string | number, number>();
const parsedValue = new Map<string | number, number>();

/** Parses one resource value in scheduler units: `cpu` → millicores, anything else → `Value()`. */
export function resourceValue(name: string, q: string | number): number {
  const cpu = name === RESOURCE_CPU;
  const memo = cpu ? parsedCpu : parsedValue;
  let v = memo.get(q);
  if (v === undefined) {
    v = cpu ? cpuMillis(q) : value(q);
    if (memo.size >= MAX_INTERNED) memo.clear();
    memo.set(q, v);
  }
  return v;
}

function parseList(list: Readonly<Record<string, string | number>> | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!list) return out;
  for (const name of Object.keys(list).sort()) out.set(name, resourceValue(name, list[name] as string | number));
  return out;
}

/** Adds `b` into `a` key by key (`addResourceList`). */
function addInto(a: Map<string, number>, b: ReadonlyMap<string, number>): void {
  for (const [k, v] of b) a.set(k, (a.get(k) ?? 0) + v);
}

/** Raises `a` to `b` key by key, creating missing keys (`maxResourceList`). */
function maxInto(a: Map<string, number>, b: ReadonlyMap<string, number>): void {
  for (const [k, v] of b) {
    const cur = a.get(k);
    if (cur === undefined || v > cur) a.set(k, v);
  }
}

/** One container as the request arithmetic sees it. */
export interface ContainerRequests {
  /** Parsed `resources.requests`; a missing key is different from an explicit 0. */
  requests: ReadonlyMap<string, number>;
  /** Init containers only: `restartPolicy: Always` makes it a sidecar. */
  sidecar?: boolean;
}

/** What `PodRequests` needs: containers, init containers, overhead. */
export interface PodRequestsInput {
  containers: readonly ContainerRequests[];
  initContainers: readonly ContainerRequests[];
  overhead?: ReadonlyMap<string, number>;
}

/**
 * Port of `resourcehelper.PodRequests` (with `AggregateContainerRequests`). `nonMissing` is
 * `NonMissingContainerRequests`: each container whose request map lacks one of its keys gets that default.
 * Worked example: init(3 cpu) + container(1 cpu, 1Mi) + requestless container + overhead(1 cpu, 1Mi) with
 * defaults {cpu: 100m, memory: 200Mi} → containers sum 1100m / 1Mi+200Mi, max with init 3000m → 3000m,
 * plus overhead → 4000m / 2Mi+200Mi.
 */
export function podRequests(pod: PodRequestsInput, nonMissing?: ReadonlyMap<string, number>): Map<string, number> {
  const withDefaults = (reqs: ReadonlyMap<string, number>): ReadonlyMap<string, number> => {
    if (!nonMissing || nonMissing.size === 0) return reqs;
    let out: Map<string, number> | undefined;
    for (const [k, v] of nonMissing) {
      if (!reqs.has(k)) {
        out ??= new Map(reqs);
        out.set(k, v);
      }
    }
    return out ?? reqs;
  };
  const reqs = new Map<string, number>();
  for (const c of pod.containers) addInto(reqs, withDefaults(c.requests));
  const restartable = new Map<string, number>();
  const initMax = new Map<string, number>();
  for (const c of pod.initContainers) {
    const cr = withDefaults(c.requests);
    if (c.sidecar) {
      // A sidecar runs alongside everything after it: it adds to the pod total, and every later init container
      // runs next to all sidecars declared before it.
      addInto(reqs, cr);
      addInto(restartable, cr);
      maxInto(initMax, restartable);
    } else {
      const tmp = new Map<string, number>();
      addInto(tmp, cr);
      addInto(tmp, restartable);
      maxInto(initMax, tmp);
    }
  }
  maxInto(reqs, initMax);
  if (pod.overhead) addInto(reqs, pod.overhead);
  return reqs;
}

/** The result of `calculateResource` for one pod. */
export interface CalculatedPodResources {
  /** Filter requests (no defaults). */
  requests: Resource;
  /** Node-side non-zero cpu/memory (≥1.32 rule). */
  nonZeroCpuMillis: number;
  nonZeroMemoryBytes: number;
  /** Incoming-pod scoring requests (per-container defaults, `NonMissingContainerRequests`). */
  nonMissingCpuMillis: number;
  nonMissingMemoryBytes: number;
}

const DEFAULTS_BOTH: ReadonlyMap<string, number> = new Map([
  [RESOURCE_CPU, DEFAULT_MILLI_CPU_REQUEST],
  [RESOURCE_MEMORY, DEFAULT_MEMORY_REQUEST_BYTES],
]);

/** The scalar resources of a Resource that has none, shared: an empty Map still holds ~300 bytes, once per pod. */
const NO_SCALARS: ReadonlyMap<string, number> = new Map();

function toResource(m: ReadonlyMap<string, number>): Resource {
  let scalar: Map<string, number> | undefined;
  for (const [k, v] of m) {
    if (k !== RESOURCE_CPU && k !== RESOURCE_MEMORY && k !== RESOURCE_EPHEMERAL_STORAGE && k !== RESOURCE_PODS) (scalar ??= new Map()).set(k, v);
  }
  return {
    cpuMillis: m.get(RESOURCE_CPU) ?? 0,
    memoryBytes: m.get(RESOURCE_MEMORY) ?? 0,
    ephemeralStorageBytes: m.get(RESOURCE_EPHEMERAL_STORAGE) ?? 0,
    scalar: scalar ?? NO_SCALARS,
  };
}

/**
 * Port of `PodInfo.calculateResource` (framework/types.go, ≥1.32) plus the scoring request of
 * `resourceAllocationScorer.calculatePodResourceRequest` (`useRequested = false`).
 * Node-side non-zero rule: defaults go to every container only when the pod's aggregate lacks the key entirely,
 * so a pod with cpu on one container and none on another contributes just the real sum.
 */
export function calculatePodResources(pod: PodRequestsInput): CalculatedPodResources {
  const reqs = podRequests(pod);
  const missing = new Map<string, number>();
  if (!reqs.has(RESOURCE_CPU)) missing.set(RESOURCE_CPU, DEFAULT_MILLI_CPU_REQUEST);
  if (!reqs.has(RESOURCE_MEMORY)) missing.set(RESOURCE_MEMORY, DEFAULT_MEMORY_REQUEST_BYTES);
  const nonZero = missing.size > 0 ? podRequests(pod, missing) : reqs;
  const nonMissing = podRequests(pod, DEFAULTS_BOTH);
  return {
    requests: toResource(reqs),
    nonZeroCpuMillis: nonZero.get(RESOURCE_CPU) ?? 0,
    nonZeroMemoryBytes: nonZero.get(RESOURCE_MEMORY) ?? 0,
    nonMissingCpuMillis: nonMissing.get(RESOURCE_CPU) ?? 0,
    nonMissingMemoryBytes: nonMissing.get(RESOURCE_MEMORY) ?? 0,
  };
}

/** `imagelocality.normalizedImageName`: a name without a tag after its last `/` gets `:latest`. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** Options of {@link toPodInfo}. */
export interface ToPodInfoOptions {
  /** Resolves `spec.priorityClassName` when `spec.priority` is unset (PriorityClass `value`, `preemptionPolicy`). */
  priorityClass?: (name: string) => { value: number; preemptionPolicy?: string } | undefined;
  /** Labels of the pod's namespace (namespaceSelector of affinity terms). Default `{}`. */
  namespaceLabels?: Labels;
  /**
   * Label selectors of the objects that select this pod (Services' `spec.selector`, its ReplicaSet /
   * StatefulSet / ReplicationController selectors), for PodTopologySpread's system defaults
   * (`helper.DefaultSelector`). Default none.
   */
  ownerSelectors?: readonly (LabelSelector | Readonly<Record<string, string>>)[];
  /** Creation time in ms when `metadata.creationTimestamp` is absent. Default 0. */
  creationMs?: number;
}

function timeMs(t: string | undefined, fallback: number): number {
  if (!t) return fallback;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? fallback : ms;
}

function containerRequests(c: Container, init: boolean): ContainerRequests {
  const requests = parseList(c.resources?.requests as Record<string, string | number> | undefined);
  return init && c.restartPolicy === 'Always' ? { requests, sidecar: true } : { requests };
}

/** A label the selector requires with one exact value (an `In` requirement with a single value), if any. */
export function requiredLabelOf(selector: Selector): { key: string; value: string } | undefined {
  if (selector.matchesNothing) return undefined;
  for (const r of selector.requirements) if (r.operator === 'In' && r.values.length === 1) return { key: r.key, value: r.values[0] as string };
  return undefined;
}

/** Builds the pod-selecting matcher of a term (`AffinityTerm.Matches`). */
function makeTermMatcher(
  namespaces: ReadonlySet<string>,
  namespaceSelector: Selector | null,
  selector: Selector,
): (pod: PodInfo) => boolean {
  return (pod) => {
    const nsOk = namespaces.has(pod.namespace) || (namespaceSelector !== null && namespaceSelector.matches(pod.namespaceLabels));
    return nsOk && selector.matches(pod.labels);
  };
}

/** Adds `matchLabelKeys` / `mismatchLabelKeys` requirements from the pod's own labels to a selector. */
function mergeLabelKeys(base: LabelSelector | undefined, labels: Labels, matchKeys: readonly string[], mismatchKeys: readonly string[]): LabelSelector | undefined {
  if (!base || (matchKeys.length === 0 && mismatchKeys.length === 0)) return base;
  const exprs = [...(base.matchExpressions ?? [])];
  for (const k of matchKeys) if (k in labels) exprs.push({ key: k, operator: 'In', values: [labels[k] as string] });
  for (const k of mismatchKeys) if (k in labels) exprs.push({ key: k, operator: 'NotIn', values: [labels[k] as string] });
  return { ...base, matchExpressions: exprs };
}

/** Compiles a pod (anti-)affinity term of pod `ns`/`labels` (`framework.newAffinityTerm`). */
export function compileAffinityTerm(term: PodAffinityTerm, ns: string, labels: Labels, weight = 0): AffinityTerm {
  const namespaces = new Set<string>(term.namespaces ?? []);
  if (namespaces.size === 0 && !term.namespaceSelector) namespaces.add(ns);
  const namespaceSelector = term.namespaceSelector ? labelSelectorAsSelector(term.namespaceSelector) : null;
  const selector = labelSelectorAsSelector(
    mergeLabelKeys(term.labelSelector, labels, term.matchLabelKeys ?? [], term.mismatchLabelKeys ?? []),
  );
  const sig = `term|${[...namespaces].sort().join(',')}|${namespaceSelector ? `{${namespaceSelector.toString()}}` : '-'}|${
    selector.matchesNothing ? '<nothing>' : selector.toString()
  }|${term.topologyKey}`;
  const match = makeTermMatcher(namespaces, namespaceSelector, selector);
  const requiredLabel = requiredLabelOf(selector);
  return {
    sig,
    topologyKey: term.topologyKey,
    weight,
    namespaces,
    namespaceSelector,
    selector,
    matches: match,
    ...(requiredLabel ? { requiredLabel } : {}),
  };
}

/** The matcher of a spread constraint: same namespace, not terminating, selector with requirements. */
export function spreadMatcher(ns: string, selector: Selector): PodMatcher {
  const empty = selector.matchesNothing || selector.requirements.length === 0;
  const requiredLabel = empty ? undefined : requiredLabelOf(selector);
  return {
    ...(requiredLabel ? { requiredLabel } : {}),
    sig: `spread|${ns}|${empty ? '<empty>' : selector.toString()}`,
    // countPodsMatchSelector returns 0 for an empty selector and skips terminating pods.
    matches: (pod) => !empty && !pod.terminating && pod.namespace === ns && selector.matches(pod.labels),
  };
}

function compileSpreadConstraint(c: TopologySpreadConstraint, pod: Pod): SpreadConstraint {
  const labels = pod.metadata?.labels ?? {};
  const ns = pod.metadata?.namespace ?? 'default';
  const selector = labelSelectorAsSelector(mergeLabelKeys(c.labelSelector, labels, c.matchLabelKeys ?? [], []));
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    whenUnsatisfiable: c.whenUnsatisfiable === 'ScheduleAnyway' ? 'ScheduleAnyway' : 'DoNotSchedule',
    minDomains: c.whenUnsatisfiable === 'DoNotSchedule' && c.minDomains ? c.minDomains : 1,
    nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
    nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
    selector,
    matcher: spreadMatcher(ns, selector),
  };
}

/**
 * Compiled owner selectors by selector object. Store versions are immutable and every pod of a ReplicaSet or
 * Service names the same selector object, so each is compiled once, not once per pod.
 */
const compiledOwners = new WeakMap<object, Selector>();
/** {@link defaultSelector} of a single owner, by its selector object (the common case: one ReplicaSet). */
const singleOwnerDefaults = new WeakMap<object, Selector | null>();

function compileOwner(o: LabelSelector | Readonly<Record<string, string>>): Selector {
  let s = compiledOwners.get(o);
  if (!s) {
    s = 'matchLabels' in o || 'matchExpressions' in o ? labelSelectorAsSelector(o as LabelSelector) : selectorFromSet(o as Record<string, string>);
    compiledOwners.set(o, s);
  }
  return s;
}

/** ANDs the owner selectors into one (`helper.DefaultSelector`); null when there are none. */
function defaultSelector(owners: ToPodInfoOptions['ownerSelectors']): Selector | null {
  if (!owners || owners.length === 0) return null;
  if (owners.length === 1) {
    const cached = singleOwnerDefaults.get(owners[0]!);
    if (cached !== undefined) return cached;
  }
  const sels = owners.map(compileOwner);
  const requirements = sels.flatMap((s) => s.requirements);
  let result: Selector | null = null;
  if (requirements.length > 0) {
    const text = sels.map((s) => s.toString()).join(',');
    result = {
      requirements,
      matchesNothing: sels.some((s) => s.matchesNothing),
      matches: (labels) => sels.every((s) => s.matches(labels)),
      toString: () => text,
    };
  }
  if (owners.length === 1) singleOwnerDefaults.set(owners[0]!, result);
  return result;
}

/**
 * The shared value for `text` (the JSON of the part it was built from), built by `build` the first time: pods of
 * one workload then share their tolerations and compiled node selectors, and the verdicts memoized per part
 * (plugins/node-verdicts.ts) serve all of them.
 */
function interned<T>(table: Map<string, T>, text: string, build: () => T): T {
  let v = table.get(text);
  if (v === undefined) {
    if (table.size >= MAX_INTERNED) table.clear();
    v = build();
    table.set(text, v);
  }
  return v;
}

const internedTolerations = new Map<string, readonly Toleration[]>();
const internedNodeSelectors = new Map<string, Selector>();
const internedNodeAffinities = new Map<string, CompiledNodeSelector>();
const internedPreferredAffinities = new Map<string, PreferredSchedulingTerms>();
const NO_PREFERRED_TERMS: PreferredSchedulingTerms = [];
const NO_TOLERATIONS: readonly Toleration[] = [];
const NONE: readonly never[] = Object.freeze([]);
const internedImages = new Map<string, readonly string[]>();

/**
 * `list.map(f)`, or one shared empty list when there is nothing to map: a PodInfo lives as long as its pod, and most
 * pods have no host ports, spread constraints, affinity terms or volumes (each empty list is an object per pod).
 */
function mapOrNone<T, U>(list: readonly T[] | undefined, f: (t: T) => U): readonly U[] {
  return list === undefined || list.length === 0 ? NONE : list.map(f);
}

/** The pod's normalized image names (init containers first), one list for every pod naming the same images. */
function podImages(spec: NonNullable<Pod['spec']>): readonly string[] {
  const names = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => normalizedImageName(c.image ?? ''));
  return names.length === 0 ? NONE : interned(internedImages, names.join('\n'), () => names);
}

/** Converts a Pod into the scheduler's {@link PodInfo}, parsing quantities and selectors once. */
/** A pod's namespace labels when none are given: one frozen record for them all (a PodInfo lives as long as its pod). */
const NO_NAMESPACE_LABELS: Labels = Object.freeze({});

export function toPodInfo(pod: Pod, opts: ToPodInfoOptions = {}): PodInfo {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? { containers: [] };
  const name = meta.name ?? '';
  const namespace = meta.namespace ?? 'default';
  const labels = meta.labels ?? {};
  const pc = spec.priorityClassName ? opts.priorityClass?.(spec.priorityClassName) : undefined;
  const priority = spec.priority ?? pc?.value ?? 0;
  const policy = spec.preemptionPolicy ?? pc?.preemptionPolicy;
  const input: PodRequestsInput = {
    containers: (spec.containers ?? []).map((c) => containerRequests(c, false)),
    initContainers: (spec.initContainers ?? []).map((c) => containerRequests(c, true)),
    overhead: parseList(spec.overhead as Record<string, string | number> | undefined),
  };
  const res = calculatePodResources(input);
  const r = res.requests;
  const requestsNothing =
    r.cpuMillis === 0 && r.memoryBytes === 0 && r.ephemeralStorageBytes === 0 && [...r.scalar.values()].every((v) => v === 0);
  const hostPorts: HostPort[] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if ((p.hostPort ?? 0) > 0) hostPorts.push({ hostIP: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort as number });
    }
  }
  const aff = spec.affinity;
  const na = aff?.nodeAffinity;
  const required = na?.requiredDuringSchedulingIgnoredDuringExecution;
  const preferred = na?.preferredDuringSchedulingIgnoredDuringExecution;
  const pa = aff?.podAffinity;
  const paa = aff?.podAntiAffinity;
  const creationMs = timeMs(meta.creationTimestamp, opts.creationMs ?? 0);
  return {
    key: `${namespace}/${name}`,
    name,
    namespace,
    labels,
    namespaceLabels: opts.namespaceLabels ?? NO_NAMESPACE_LABELS,
    priority,
    preemptionPolicy: policy === 'Never' ? 'Never' : 'PreemptLowerPriority',
    creationMs,
    startMs: timeMs(pod.status?.startTime, creationMs),
    terminating: meta.deletionTimestamp !== undefined && meta.deletionTimestamp !== null,
    specNodeName: spec.nodeName ?? '',
    nominatedNodeName: pod.status?.nominatedNodeName ?? '',
    requests: r,
    nonMissingCpuMillis: res.nonMissingCpuMillis,
    nonMissingMemoryBytes: res.nonMissingMemoryBytes,
    nonZeroCpuMillis: res.nonZeroCpuMillis,
    nonZeroMemoryBytes: res.nonZeroMemoryBytes,
    requestsNothing,
    tolerations: spec.tolerations?.length ? interned(internedTolerations, JSON.stringify(spec.tolerations), () => spec.tolerations!) : NO_TOLERATIONS,
    nodeSelector:
      spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0
        ? interned(internedNodeSelectors, JSON.stringify(spec.nodeSelector), () => selectorFromSet(spec.nodeSelector!))
        : null,
    requiredNodeAffinity: required ? interned(internedNodeAffinities, JSON.stringify(required), () => compileNodeSelector(required)) : null,
    preferredNodeAffinity: preferred?.length
      ? interned(internedPreferredAffinities, JSON.stringify(preferred), () => compilePreferredSchedulingTerms(preferred))
      : NO_PREFERRED_TERMS,
    hostPorts: hostPorts.length === 0 ? NONE : hostPorts,
    topologySpreadConstraints: mapOrNone(spec.topologySpreadConstraints, (c) => compileSpreadConstraint(c, pod)),
    defaultSpreadSelector: defaultSelector(opts.ownerSelectors),
    requiredAffinityTerms: mapOrNone(pa?.requiredDuringSchedulingIgnoredDuringExecution, (t) => compileAffinityTerm(t, namespace, labels)),
    requiredAntiAffinityTerms: mapOrNone(paa?.requiredDuringSchedulingIgnoredDuringExecution, (t) => compileAffinityTerm(t, namespace, labels)),
    preferredAffinityTerms: mapOrNone(pa?.preferredDuringSchedulingIgnoredDuringExecution, (t) =>
      compileAffinityTerm(t.podAffinityTerm, namespace, labels, t.weight),
    ),
    preferredAntiAffinityTerms: mapOrNone(paa?.preferredDuringSchedulingIgnoredDuringExecution, (t) =>
      compileAffinityTerm(t.podAffinityTerm, namespace, labels, t.weight),
    ),
    images: podImages(spec),
    volumes: spec.volumes ?? NONE,
  };
}

/** Converts a Node into the scheduler's {@link NodeSpecInfo}; allocatable falls back to capacity when absent. */
export function toNodeInfo(node: Node): NodeSpecInfo {
  const alloc = parseList((node.status?.allocatable ?? node.status?.capacity) as Record<string, string | number> | undefined);
  const images = new Map<string, number>();
  for (const img of node.status?.images ?? []) {
    for (const n of img.names ?? []) images.set(n, img.sizeBytes ?? 0);
  }
  return {
    name: node.metadata?.name ?? '',
    labels: node.metadata?.labels ?? {},
    taints: node.spec?.taints ?? [],
    unschedulable: node.spec?.unschedulable === true,
    allocatable: { ...toResource(alloc), pods: alloc.get(RESOURCE_PODS) ?? 0 },
    images,
  };
}

/**
 * {@link toPodInfo} of a stored pod with what the scheduler reads beside it: the selectors default spreading counts
 * (the pod's Services and its controlling ReplicaSet or StatefulSet, as `helper.DefaultSelector`), its PriorityClass and its
 * creation time. Used by the scheduler and by the cluster autoscaler's snapshot, which must see pods alike.
 */
export function storePodInfo(pod: Pod, store: Store, services: ServiceSelectorIndex, clock: SimClock): PodInfo {
  const ns = pod.metadata?.namespace ?? 'default';
  const ownerSelectors: (LabelSelector | Readonly<Record<string, string>>)[] = services.selectorsMatching(ns, pod.metadata?.labels ?? {});
  // helper.DefaultSelector adds the selector of the pod's ReplicationController, ReplicaSet or StatefulSet
  // (kubesim has no ReplicationControllers).
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
  if (ref?.kind === 'ReplicaSet' || ref?.kind === 'StatefulSet') {
    const owner = store.get<ReplicaSet | StatefulSet>(ref.kind, ns, ref.name);
    if (owner?.spec?.selector) ownerSelectors.push(owner.spec.selector);
  }
  return toPodInfo(pod, {
    priorityClass: (name) => {
      const pc = store.get<PriorityClass>('PriorityClass', '', name);
      return pc ? { value: pc.value, ...(pc.preemptionPolicy ? { preemptionPolicy: pc.preemptionPolicy } : {}) } : undefined;
    },
    ownerSelectors,
    creationMs: clock.simMs(pod.metadata?.creationTimestamp ?? ''),
  });
}
