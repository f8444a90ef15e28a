/**
 * Argo Rollouts `argoproj.io/v1alpha1` types kubesim reads: Rollout and AnalysisTemplate, after argo-rollouts
 * `pkg/apis/rollouts/v1alpha1/types.go` and `analysis_types.go`. Field names and optionality follow the Go
 * structs; traffic-routing and metric-provider integrations kubesim does not simulate are kept as opaque objects
 * so real manifests still validate. The validation schema is generated from this file (see
 * `test/api/gen-schema.ts`), so a field added here is a field accepted there.
 */
import type { LabelSelector, ObjectMeta } from 'kubernetes-types/meta/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { JobSpec } from 'kubernetes-types/batch/v1';

/** An object kubesim accepts without looking inside (integrations it does not simulate). */
export type OpaqueObject = Record<string, unknown>;

/** `Rollout`: a Deployment replacement with canary and blue-green strategies. */
export interface Rollout {
  apiVersion?: 'argoproj.io/v1alpha1';
  kind?: 'Rollout';
  metadata?: ObjectMeta;
  spec?: RolloutSpec;
  status?: OpaqueObject;
}

/** `RolloutSpec`. */
export interface RolloutSpec {
  /** Desired pods; defaults to 1. */
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  /** Use the pod template of an existing Deployment instead of `template`. */
  workloadRef?: ObjectRef;
  /** Seconds a new pod must be ready to count as available; default 0. */
  minReadySeconds?: number;
  /** Old ReplicaSets kept; defaults to 10. */
  revisionHistoryLimit?: number;
  paused?: boolean;
  /** Seconds before a stalled rollout is reported as degraded; defaults to 600. */
  progressDeadlineSeconds?: number;
  progressDeadlineAbort?: boolean;
  restartAt?: string;
  rollbackWindow?: RollbackWindowSpec;
  strategy: RolloutStrategy;
  analysis?: AnalysisRunStrategy;
}

/** `ObjectRef` for `workloadRef`. */
export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  /** `never`, `onsuccess` or `progressively`. */
  scaleDown?: string;
}

/** `RollbackWindowSpec`. */
export interface RollbackWindowSpec {
  revisions?: number;
}

/** `AnalysisRunStrategy`: history limits of analysis runs. */
export interface AnalysisRunStrategy {
  successfulRunHistoryLimit?: number;
  unsuccessfulRunHistoryLimit?: number;
}

/** `RolloutStrategy`: exactly one of blueGreen or canary. */
export interface RolloutStrategy {
  blueGreen?: BlueGreenStrategy;
  canary?: CanaryStrategy;
}

/** `BlueGreenStrategy`. */
export interface BlueGreenStrategy {
  activeService: string;
  previewService?: string;
  previewReplicaCount?: number;
  /** Promote as soon as the new ReplicaSet is available; defaults to true. */
  autoPromotionEnabled?: boolean;
  autoPromotionSeconds?: number;
  maxUnavailable?: number | string;
  /** Seconds before the old ReplicaSet is scaled down after promotion; defaults to 30. */
  scaleDownDelaySeconds?: number;
  scaleDownDelayRevisionLimit?: number;
  prePromotionAnalysis?: RolloutAnalysis;
  postPromotionAnalysis?: RolloutAnalysis;
  antiAffinity?: AntiAffinity;
  previewMetadata?: PodTemplateMetadata;
  activeMetadata?: PodTemplateMetadata;
  abortScaleDownDelaySeconds?: number;
}

/** `CanaryStrategy`. */
export interface CanaryStrategy {
  canaryService?: string;
  stableService?: string;
  steps?: CanaryStep[];
  trafficRouting?: RolloutTrafficRouting;
  /** Defaults to 25% (as the examples note). */
  maxSurge?: number | string;
  /** Defaults to 0. */
  maxUnavailable?: number | string;
  analysis?: RolloutAnalysisBackground;
  antiAffinity?: AntiAffinity;
  canaryMetadata?: PodTemplateMetadata;
  stableMetadata?: PodTemplateMetadata;
  scaleDownDelaySeconds?: number;
  scaleDownDelayRevisionLimit?: number;
  abortScaleDownDelaySeconds?: number;
  dynamicStableScale?: boolean;
  pingPong?: PingPongSpec;
  minPodsPerReplicaSet?: number;
  replicaProgressThreshold?: ReplicaProgressThreshold;
}

/**
 * `ReplicaProgressThreshold`: how many of a step's desired canary pods must be available before it completes;
 * `Percent` (of the desired count) or `Pods` (a count). Unset: 100%.
 */
export interface ReplicaProgressThreshold {
  type: 'Percent' | 'Pods';
  value: number;
}

/** `PingPongSpec`. */
export interface PingPongSpec {
  pingService: string;
  pongService: string;
}

/** `RolloutTrafficRouting`: the providers are integrations kubesim does not simulate. */
export interface RolloutTrafficRouting {
  istio?: OpaqueObject;
  nginx?: OpaqueObject;
  alb?: OpaqueObject;
  smi?: OpaqueObject;
  ambassador?: OpaqueObject;
  appMesh?: OpaqueObject;
  traefik?: OpaqueObject;
  apisix?: OpaqueObject;
  plugins?: OpaqueObject;
  managedRoutes?: { name: string }[];
  maxTrafficWeight?: number;
}

/** `AntiAffinity`. */
export interface AntiAffinity {
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number };
  requiredDuringSchedulingIgnoredDuringExecution?: OpaqueObject;
}

/** `PodTemplateMetadata`: labels and annotations added to canary / stable / preview / active pods. */
export interface PodTemplateMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** `CanaryStep`: exactly one field is set. */
export interface CanaryStep {
  /** Percentage of traffic (or replicas without traffic routing) for the canary. */
  setWeight?: number;
  pause?: RolloutPause;
  experiment?: RolloutExperimentStep;
  analysis?: RolloutAnalysis;
  setCanaryScale?: SetCanaryScale;
  setHeaderRoute?: OpaqueObject;
  setMirrorRoute?: OpaqueObject;
  plugin?: OpaqueObject;
}

/** `RolloutPause`: no duration pauses until promoted. `duration` is seconds (int) or a Go duration string. */
export interface RolloutPause {
  duration?: number | string;
}

/** `SetCanaryScale`. */
export interface SetCanaryScale {
  weight?: number;
  replicas?: number;
  matchTrafficWeight?: boolean;
}

/** `RolloutExperimentStep`. */
export interface RolloutExperimentStep {
  templates: RolloutExperimentTemplate[];
  duration?: string;
  analyses?: RolloutExperimentStepAnalysisTemplateRef[];
  dryRun?: OpaqueObject[];
}

/** `RolloutExperimentTemplate`. */
export interface RolloutExperimentTemplate {
  name: string;
  /** `canary` or `stable`. */
  specRef: string;
  replicas?: number;
  metadata?: PodTemplateMetadata;
  selector?: LabelSelector;
  weight?: number;
  service?: { name?: string };
}

/** `RolloutExperimentStepAnalysisTemplateRef`. */
export interface RolloutExperimentStepAnalysisTemplateRef {
  name: string;
  templateName: string;
  clusterScope?: boolean;
  args?: AnalysisRunArgument[];
  requiredForCompletion?: boolean;
}

/** `RolloutAnalysis`: templates run as one AnalysisRun. */
export interface RolloutAnalysis {
  templates?: AnalysisTemplateRef[];
  args?: AnalysisRunArgument[];
  dryRun?: OpaqueObject[];
  measurementRetention?: OpaqueObject[];
  analysisRunMetadata?: PodTemplateMetadata;
}

/** `RolloutAnalysisBackground`: analysis that runs for the whole update, from `startingStep`. */
export interface RolloutAnalysisBackground extends RolloutAnalysis {
  startingStep?: number;
}

/** `AnalysisTemplateRef`. */
export interface AnalysisTemplateRef {
  templateName?: string;
  /** True for a ClusterAnalysisTemplate. */
  clusterScope?: boolean;
}

/** `AnalysisRunArgument`. */
export interface AnalysisRunArgument {
  name: string;
  value?: string;
  valueFrom?: OpaqueObject;
}

/** `AnalysisTemplate`. */
export interface AnalysisTemplate {
  apiVersion?: 'argoproj.io/v1alpha1';
  kind?: 'AnalysisTemplate';
  metadata?: ObjectMeta;
  spec?: AnalysisTemplateSpec;
}

/** `AnalysisTemplateSpec`. */
export interface AnalysisTemplateSpec {
  metrics: Metric[];
  args?: Argument[];
  dryRun?: OpaqueObject[];
  measurementRetention?: OpaqueObject[];
}

/** `Argument` of a template. */
export interface Argument {
  name: string;
  value?: string;
  valueFrom?: OpaqueObject;
}

/** `Metric`: a measurement taken `count` times every `interval`. */
export interface Metric {
  name: string;
  /** Go duration between measurements, e.g. `5s`. */
  interval?: string;
  initialDelay?: string;
  count?: number | string;
  successCondition?: string;
  failureCondition?: string;
  /** Failures tolerated; defaults to 0. */
  failureLimit?: number | string;
  inconclusiveLimit?: number | string;
  /** Consecutive errors tolerated; defaults to 4. */
  consecutiveErrorLimit?: number | string;
  consecutiveSuccessLimit?: number | string;
  provider: MetricProvider;
}

/** `MetricProvider`: job and web are typed; other providers are accepted unexamined. */
export interface MetricProvider {
  job?: JobMetric;
  web?: WebMetric;
  prometheus?: PrometheusMetric;
  kayenta?: OpaqueObject;
  datadog?: OpaqueObject;
  wavefront?: OpaqueObject;
  newRelic?: OpaqueObject;
  cloudWatch?: OpaqueObject;
  graphite?: OpaqueObject;
  influxdb?: OpaqueObject;
  skywalking?: OpaqueObject;
  plugin?: OpaqueObject;
}

/** `JobMetric`: succeeds when the Job succeeds. */
export interface JobMetric {
  metadata?: ObjectMeta;
  spec: JobSpec;
}

/** `WebMetric`. */
export interface WebMetric {
  method?: string;
  url: string;
  headers?: { key: string; value: string }[];
  body?: string;
  jsonBody?: OpaqueObject;
  timeoutSeconds?: number;
  jsonPath?: string;
  insecure?: boolean;
  authentication?: OpaqueObject;
}

/** `PrometheusMetric`. */
export interface PrometheusMetric {
  address?: string;
  query?: string;
  timeout?: number;
  insecure?: boolean;
  headers?: { key: string; value: string }[];
  authentication?: OpaqueObject;
  rangeQuery?: OpaqueObject;
}
