/**
 * The loaded scenario: typed, validated and fully defaulted. Every duration is integer milliseconds (`…Ms`), every
 * quantity a number in the unit its name says (`cpuMillis`, `memoryBytes`), and the manifests are the objects the
 * manifest loader returned. A runner reads this and never the YAML.
 */
import type { AlertingSpec } from './alerting.ts';
import type { FieldError, SourcePosition } from '../api/errors.ts';
import type { FeatureGates } from '../api/features.ts';
import type { HistoryMode } from '../cluster/store.ts';
import type { RequestClass } from '../cluster/mesh-routes.ts';
import type { LoadedObject, SkippedObject } from '../api/load.ts';
import type { ParsedProfile } from '../controllers/scheduler/framework/profile.ts';
import type { AutoscalingOptions, CapacityType } from '../controllers/autoscaler/options.ts';
import type { AppModelSpec } from '../workload/app-model.ts';
import type { BalancePolicy } from '../workload/balance.ts';
import type { ProfileSpec } from '../workload/profiles.ts';

/** The scenario format's `apiVersion`. */
export const SCENARIO_API_VERSION = 'kubesim.dev/v1alpha1';

/** Node resources as numbers. */
export interface NodeResources {
  cpuMillis: number;
  memoryBytes: number;
  /** Pod slots. */
  pods: number;
  ephemeralStorageBytes: number;
  /** Extended resources (`nvidia.com/gpu`, `hugepages-2Mi` …) by name, in their base unit. */
  extended: Readonly<Record<string, number>>;
}

/** A node taint as written (`effect` one of `NoSchedule`, `PreferNoSchedule`, `NoExecute`). */
export interface PoolTaint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** One node pool. Node `i` (1-based) of pool `p` is named `p-i` (see `nodeName`). */
export interface NodePool {
  name: string;
  /** Nodes at the start; ≥ 0. */
  count: number;
  /** Catalogue name when the pool was given by `instanceType`. */
  instanceType?: string;
  capacity: NodeResources;
  /** Capacity minus `allocatable` overrides, or minus `systemReserved` + `kubeReserved` + hard eviction threshold. */
  allocatable: NodeResources;
  /** Labels every node gets (besides the well-known ones the runner adds). */
  labels: Readonly<Record<string, string>>;
  taints: readonly PoolTaint[];
  /** Zones assigned round-robin in node order (node 1 → zones[0] …); empty: no zone label. */
  zones: readonly string[];
  /** USD per node-hour; from the catalogue for an instance type, else 0 unless written. */
  pricePerHour: number;
  /** Set when the pool is a cluster-autoscaler node group (`min` and `max` written); `count` is its initial size. */
  autoscaling?: {
    min: number;
    max: number;
    /** `IncreaseSize` → node Ready. Default 90 s (`DEFAULT_PROVISIONING_DELAY_MS`). */
    provisioningDelayMs: number;
  };
  /** Default `on-demand`. */
  capacityType: CapacityType;
  /** Spot reclaims per node-hour. Default 0. */
  interruptionRatePerHour: number;
  source: SourcePosition;
}

/** `spec.cluster`. */
export interface ClusterSpec {
  nodePools: readonly NodePool[];
  /** The node lifecycle controller's `--node-monitor-grace-period`. Default 50 s (Kubernetes ≥ 1.32 default). */
  nodeMonitorGracePeriodMs: number;
  /** The cluster autoscaler's options; set when some pool is a node group or `autoscaler` is written. */
  autoscaler?: AutoscalingOptions;
  /** A StorageClass created at t = 0 and marked default (`storageclass.kubernetes.io/is-default-class`). */
  defaultStorageClass?: DefaultStorageClassSpec;
}

/** `spec.cluster.defaultStorageClass`: the cluster's default StorageClass, as managed clusters ship one. */
export interface DefaultStorageClassSpec {
  name: string;
  /** Default `kubesim.dev/disk`. */
  provisioner: string;
  /** Default `WaitForFirstConsumer`, as the default classes of GKE, EKS and AKS. */
  volumeBindingMode: 'Immediate' | 'WaitForFirstConsumer';
  /** Default `Delete`. */
  reclaimPolicy: 'Delete' | 'Retain';
  /** Default true. */
  allowVolumeExpansion: boolean;
}

/** Container start-up timing of a workload (what the kubelet simulates). */
export interface StartupSpec {
  /** Image pull time when the image is not on the node. Default 1 s. */
  imagePullMs: number;
  /** Time from container start until the app answers probes. Default 2 s. */
  readyMs: number;
}

/** Injected unhealthiness of a workload's containers; absent fields mean "never". */
export interface HealthSpec {
  /** The container exits (code 1) this long after each start: a CrashLoopBackOff when short. */
  crashAfterMs?: number;
  /** The readiness probe starts failing this long after each container start. */
  readinessFailsAfterMs?: number;
  /** At this simulated time (from the scenario start) the process hangs: probes time out. */
  hangAtMs?: number;
}

/**
 * How a batch container's run ends (Job and CronJob pods, or any workload written with `runFor`): it runs for
 * {@link runForMs}, drawn per start from the `batch` RNG stream, then exits 0, or {@link exitCode} with
 * probability {@link failureRate}.
 */
export interface BatchRunSpec {
  /** Mean run time of one container start, ms (> 0). */
  runForMs: number;
  /** Run times are uniform in mean · (1 ± spread). Default 0 (every run takes exactly `runForMs`). */
  spread: number;
  /** Chance that a run fails, in [0, 1]. Default 0. */
  failureRate: number;
  /** Exit code of a failed run (1–255). Default 1. */
  exitCode: number;
}

/** Bytes at the first write and written per hour since: one stream of ephemeral-storage writes. */
export interface StorageWriteSpec {
  baseBytes: number;
  bytesPerHour: number;
}

/**
 * `workloads.<name>.ephemeralStorage`: what the workload's first app container writes to the node's disk — its
 * writable layer and logs (from each container start; a restart begins a fresh layer) and its pod's emptyDir
 * volumes (from the first start; the data lives as long as the pod).
 */
export interface EphemeralStorageSpec {
  /** The writable layer and logs. Default 0 at start, 0 per hour. */
  container: StorageWriteSpec;
  /** By emptyDir volume name of the pod template. */
  emptyDir: Readonly<Record<string, StorageWriteSpec>>;
}

/** Start-up and health of one version (image), merged over the workload's. */
export interface VersionSpec {
  startup: StartupSpec;
  health: HealthSpec;
  /** Set when the workload or the version writes `runFor`. */
  run?: BatchRunSpec;
}

/** `spec.workloads.<name>`: the application model of one workload of the manifests. */
export interface WorkloadSpec {
  kind: 'Deployment' | 'Rollout' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';
  name: string;
  namespace: string;
  /**
   * The app model as written, validated; pass it to `resolveAppModel(model, image)` (src/workload) for numbers.
   * `startup`/`health` fields are kubelet-owned and also resolved below.
   */
  model: AppModelSpec;
  startup: StartupSpec;
  health: HealthSpec;
  /** Batch run time and outcome (`runFor`, `failureRate`, `exitCode`); absent: containers run until stopped. */
  run?: BatchRunSpec;
  /** Ephemeral-storage writes (`ephemeralStorage`); absent: the workload writes nothing to the node's disk. */
  ephemeralStorage?: EphemeralStorageSpec;
  /** Per image: start-up and health with the version's overrides merged in. */
  versions: Readonly<Record<string, VersionSpec>>;
  source: SourcePosition;
}

/** How a Service spreads requests over its endpoints. */
export type Balancing = BalancePolicy;

/** `spec.traffic[i]`. Exactly one of `service` or `ingress` was written; `service` is always resolved. */
export interface TrafficSpec {
  /** The Service receiving the requests (the Ingress backend's Service when given by `ingress`). */
  service: string;
  namespace: string;
  /** Set when the entry named an Ingress rule. */
  ingress?: { name: string; host: string; path: string };
  /** The validated profile spec; compile with `compileProfile(profile, engine.rng('load'))`. */
  profile: ProfileSpec;
  /** Default `random` (kube-proxy iptables). */
  balancing: Balancing;
  /** `requests`: what the requests carry, for the mesh's route matches; absent: every request is `GET /`. */
  requests?: readonly RequestClass[];
  source: SourcePosition;
}

/** A reference to a workload by kind and name. */
export interface WorkloadRef {
  kind: 'Deployment' | 'Rollout' | 'StatefulSet' | 'ReplicaSet' | 'DaemonSet';
  name: string;
  namespace: string;
}

/** A pod selection: by name, or by label selector (`app=web,tier!=db`). */
export type PodTarget = { name: string; namespace: string } | { selector: Record<string, string>; namespace: string; count: number };

/** One timeline action; `type` is the key written in the scenario. */
export type TimelineAction =
  | { type: 'apply'; objects: readonly LoadedObject[] }
  | { type: 'setImage'; target: WorkloadRef; container: string; image: string }
  | { type: 'scale'; target: WorkloadRef; replicas: number }
  | { type: 'failNode'; node: string }
  | { type: 'recoverNode'; node: string }
  | { type: 'drainNode'; node: string }
  | { type: 'cordonNode'; node: string }
  | { type: 'uncordonNode'; node: string }
  | { type: 'removeNode'; node: string }
  | { type: 'addNodes'; pool: string; count: number }
  | { type: 'loseZone'; zone: string }
  | { type: 'recoverZone'; zone: string }
  | { type: 'setTraffic'; service: string; profile: ProfileSpec }
  | { type: 'killPod'; target: PodTarget }
  | { type: 'promote'; rollout: string; namespace: string; full: boolean }
  | { type: 'abort'; rollout: string; namespace: string }
  | { type: 'retry'; rollout: string; namespace: string }
  | { type: 'pause'; target: WorkloadRef }
  | { type: 'resume'; target: WorkloadRef }
  | { type: 'undo'; deployment: string; namespace: string; toRevision?: number }
  | { type: 'deleteObject'; kind: string; name: string; namespace: string }
  | { type: 'resizeClaim'; claim: string; namespace: string; storage: string };

/** The action keys, in the order the schema lists them. */
export type TimelineActionType = TimelineAction['type'];

/** `spec.timeline[i]`. The list is sorted by `atMs`, ties in written order (`index`). */
export interface TimelineEntry {
  atMs: number;
  /** Position in the written list. */
  index: number;
  action: TimelineAction;
  source: SourcePosition;
}

/** `spec.faults[i]`: random faults, a Poisson process drawn from the `faults` RNG stream. */
export interface FaultSpec {
  kind: 'nodeFailure' | 'podKill' | 'zoneOutage';
  /** Mean time between faults (from `ratePerHour` as 3 600 000 / rate when given that way). */
  meanTimeBetweenMs: number;
  /** How long a failed node or zone stays down; 0 for `podKill`. Default 10 m for nodes and zones. */
  durationMs: number;
  /** Restricts node faults to one pool. */
  pool?: string;
  /** Restricts pod kills to pods with these labels. */
  selector?: Readonly<Record<string, string>>;
  /** No fault before / after these times. Defaults 0 and the scenario's duration. */
  startMs: number;
  endMs: number;
  source: SourcePosition;
}

/** One expectation, evaluated at the end of the run. */
export type Expectation = (
  | { type: 'slo'; service: string; availability?: number; latency?: { percentile: 50 | 95 | 99; thresholdMs: number } }
  | { type: 'maxPendingTime'; maxMs: number }
  | { type: 'replicasWithin'; target: { kind: 'Deployment' | 'Rollout' | 'StatefulSet' | 'HorizontalPodAutoscaler'; name: string; namespace: string }; min: number; max: number }
  | { type: 'rolloutCompletes'; target: WorkloadRef; withinMs: number }
  | { type: 'costBelow'; dollars: number }
  | { type: 'nodesWithin'; min: number; max: number; pool?: string }
  | { type: 'noOOMKilled' }
  | { type: 'noFailedScheduling' }
  | { type: 'podsReadyAtEnd' }
  | { type: 'eventCount'; reason: string; min?: number; max?: number }
  | { type: 'hashEquals'; hash: string }
  | { type: 'alertFires'; name: string; afterMs?: number; withinMs?: number }
  | { type: 'noAlert'; name: string }
) & { index: number; source: SourcePosition };

/** `spec.record`: what a run keeps for its outputs, so a large run can leave out what it does not need. */
export interface RecordSpec {
  /**
   * Per-pod series (`container_*`): true records them, false leaves them out; absent, they are recorded up to 2,000
   * pods at the start.
   */
  podSeries?: boolean;
  /** Object history for time travel (`get`/`describe --at`, invariants); see `HistoryMode`. Default `objects`. */
  history: HistoryMode;
}

/** The whole scenario. */
export interface Scenario {
  apiVersion: typeof SCENARIO_API_VERSION;
  kind: 'Scenario';
  metadata: { name: string; description: string };
  /** The scenario file as given (`<object>` when loaded from an object). */
  file: string;
  /** Default 1. */
  seed: number;
  durationMs: number;
  /** Metric sampling period. Default 15 s. */
  resolutionMs: number;
  /** Simulated epoch, Unix ms (from RFC 3339 `startTime`). Default 0 (1970-01-01T00:00:00Z). */
  startTimeMs: number;
  /** `spec.featureGates`: the gates the scenario sets (others keep upstream's defaults, see `api/features.ts`). */
  featureGates: FeatureGates;
  /** `spec.record`. */
  record: RecordSpec;
  cluster: ClusterSpec;
  /** The validated scheduler profile (the default profile when `spec.scheduler` is absent). */
  scheduler: NonNullable<ParsedProfile['profile']>;
  /** Every object of `spec.manifests`, in written order (inline objects and files as listed; globs sorted). */
  manifests: readonly LoadedObject[];
  /** Documents of unknown kinds and valid kinds kubesim does not simulate, for the run summary. */
  skipped: readonly SkippedObject[];
  notSimulated: readonly SkippedObject[];
  /** Every manifest file read, in order. */
  manifestFiles: readonly string[];
  /** Keyed by workload name. Workloads without an entry use the default model. */
  workloads: Readonly<Record<string, WorkloadSpec>>;
  traffic: readonly TrafficSpec[];
  timeline: readonly TimelineEntry[];
  faults: readonly FaultSpec[];
  expect: readonly Expectation[];
  /** `spec.alerting` and PrometheusRule manifests: the rules evaluated over the run's metrics; absent without rules. */
  alerting?: AlertingSpec;
  /** `spec.ingressController`: the ingress-nginx controller that `traffic[].ingress` entries enter through. */
  ingressController: IngressControllerSpec;
}

/**
 * `spec.ingressController`. Defaults: class `nginx` of controller `k8s.io/ingress-nginx`, unlimited capacity, 1 ms
 * added latency. With `replicas`, capacity is `replicas · cpu / cpuPerRequest` requests per second.
 */
export interface IngressControllerSpec {
  className: string;
  controller: string;
  /** Requests per second the controller proxies; Infinity without `replicas`. */
  capacityRps: number;
  latencyMs: number;
}

/** What every loader entry point returns. Never throws: problems are in `errors` (fatal) and `warnings`. */
export interface ScenarioLoadResult {
  /** Set when `errors` is empty. */
  scenario?: Scenario;
  errors: FieldError[];
  warnings: FieldError[];
}
