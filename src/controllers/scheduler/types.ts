/**
 * The scheduler's own precomputed view of pods and nodes (upstream `framework/types.go`: `PodInfo`, `NodeInfo`,
 * `Resource`). Quantities are parsed once by the adapters in `podinfo.ts`; the hot path never sees a raw
 * Kubernetes object. Units: CPU in millicores, memory / ephemeral storage / hugepages in bytes, extended
 * resources as counts.
 */
import type { Taint, Toleration, Volume } from 'kubernetes-types/core/v1';
import type { CompiledNodeSelector, Labels, PreferredSchedulingTerms, Selector } from '../../api/selector.ts';

/** `framework.MaxNodeScore`: every normalized plugin score lies in [0, 100]. */
export const MAX_NODE_SCORE = 100;
/** `schedutil.DefaultMilliCPURequest`: 0.1 core, used for scoring only, for containers without a cpu request. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** `schedutil.DefaultMemoryRequest`: 200 MiB = 209715200 bytes, used for scoring only. */
export const DEFAULT_MEMORY_REQUEST_BYTES = 200 * 1024 * 1024;

/** Resource names the scheduler treats natively; everything else is a scalar (extended, hugepages, …). */
export const RESOURCE_CPU = 'cpu';
/** `v1.ResourceMemory`. */
export const RESOURCE_MEMORY = 'memory';
/** `v1.ResourceEphemeralStorage`. */
export const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
/** `v1.ResourcePods`. */
export const RESOURCE_PODS = 'pods';

/** A resource list in scheduler units: `cpu` in millicores, the others via `Quantity.Value()`. */
export type ResourceMap = ReadonlyMap<string, number>;

/** `framework.Resource`: the four native dimensions plus scalar resources. */
export interface Resource {
  cpuMillis: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  /** Extended resources, hugepages, `*kubernetes.io/*` resources; absent = 0. */
  scalar: ReadonlyMap<string, number>;
}

/** One host port in use: `hostIP` defaults to `0.0.0.0`, `protocol` to `TCP`. */
export interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
}

/**
 * Something that selects pods: a namespace set plus a label selector. `sig` is a canonical text so equal
 * matchers share one incremental counter in the cache.
 */
export interface PodMatcher {
  readonly sig: string;
  matches(pod: PodInfo): boolean;
  /**
   * A label every pod this matcher matches carries (`key` → `value`), if there is one: an index hint so the
   * cache only asks `matches` of pods with that label. Absent: every pod is asked.
   */
  readonly requiredLabel?: { readonly key: string; readonly value: string };
}

/** `framework.AffinityTerm`: a compiled (anti-)affinity term; `weight` is 0 for required terms. */
export interface AffinityTerm extends PodMatcher {
  readonly topologyKey: string;
  readonly weight: number;
  /** Namespaces the term applies to (empty when only `namespaceSelector` decides). */
  readonly namespaces: ReadonlySet<string>;
  /** `labels.Nothing()` when the term has no namespaceSelector. */
  readonly namespaceSelector: Selector | null;
  readonly selector: Selector;
}

/** `whenUnsatisfiable` of a topology spread constraint. */
export type UnsatisfiableConstraintAction = 'DoNotSchedule' | 'ScheduleAnyway';

/** `podtopologyspread.topologySpreadConstraint` after defaulting and matchLabelKeys merging. */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: UnsatisfiableConstraintAction;
  /** Default 1; only meaningful for DoNotSchedule. */
  readonly minDomains: number;
  /** Default `Honor`: nodes must match the pod's required node affinity / nodeSelector to count. */
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Default `Ignore`: node taints do not exclude a node from counting. */
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
  readonly selector: Selector;
  /** Counts pods of the pod's namespace that match `selector`, skipping terminating pods. */
  readonly matcher: PodMatcher;
}

/** The scheduler's parsed pod (`framework.PodInfo` plus the cached requests of `calculateResource`). */
export interface PodInfo {
  /** `namespace/name`: the identity used by the cache and the queue. */
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** Labels of the pod's namespace, for namespaceSelector terms of other pods. */
  readonly namespaceLabels: Labels;
  /** `spec.priority` (resolved from the PriorityClass by the adapter); default 0. */
  readonly priority: number;
  /** Default `PreemptLowerPriority`. */
  readonly preemptionPolicy: 'PreemptLowerPriority' | 'Never';
  /** Queue timestamp / creation time in ms, for PrioritySort and preemption tie-breaks. */
  readonly creationMs: number;
  /** `status.startTime` in ms (falls back to creation); `GetPodStartTime` for victim ordering. */
  readonly startMs: number;
  /** Has a deletionTimestamp: skipped by topology spread counting. */
  readonly terminating: boolean;
  /** `spec.nodeName` requested by the user (NodeName filter); empty when unset. */
  readonly specNodeName: string;
  /** `status.nominatedNodeName`; empty when unset. */
  readonly nominatedNodeName: string;
  /** Requests used by the NodeResourcesFit filter: `PodRequests` with no defaults (init max, sidecars, overhead). */
  readonly requests: Resource;
  /** Incoming-pod requests for Least/Most/RTCR scoring: missing cpu/memory per container → 100m / 200Mi. */
  readonly nonMissingCpuMillis: number;
  readonly nonMissingMemoryBytes: number;
  /** Node-side `NonZeroRequested` contribution (≥1.32 rule: defaults only when the pod's aggregate lacks the key). */
  readonly nonZeroCpuMillis: number;
  readonly nonZeroMemoryBytes: number;
  /** True when the pod requests nothing at all (cpu, memory, ephemeral storage, scalars all zero). */
  readonly requestsNothing: boolean;
  readonly tolerations: readonly Toleration[];
  /** `spec.nodeSelector` (every pair must match); null when empty. */
  readonly nodeSelector: Selector | null;
  /** Required node affinity; null when absent. */
  readonly requiredNodeAffinity: CompiledNodeSelector | null;
  /** Preferred node affinity terms with their weights. */
  readonly preferredNodeAffinity: PreferredSchedulingTerms;
  readonly hostPorts: readonly HostPort[];
  /** The pod's own topology spread constraints (both kinds). */
  readonly topologySpreadConstraints: readonly SpreadConstraint[];
  /**
   * Selector for PodTopologySpread's system default constraints (`helper.DefaultSelector`: the Services,
   * ReplicaSets, StatefulSets… that select this pod, ANDed); null when nothing selects the pod.
   */
  readonly defaultSpreadSelector: Selector | null;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly AffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly AffinityTerm[];
  /** Normalized image names (`:latest` added) of init containers then containers. */
  readonly images: readonly string[];
  /** `spec.volumes` as written (the volume plugins read claims and inline disks from it); empty when none. */
  readonly volumes: readonly Volume[];
}

/** The scheduler's parsed node: static data only; usage lives in the cache. */
export interface NodeSpecInfo {
  readonly name: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  /** `status.allocatable` (not capacity). `pods` is the pod count limit. */
  readonly allocatable: Resource & { pods: number };
  /** Image name → size in bytes, every name of every `status.images` entry. */
  readonly images: ReadonlyMap<string, number>;
}
