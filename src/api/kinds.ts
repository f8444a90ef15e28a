/**
 * The kinds kubesim knows, keyed by `apiVersion/kind`: which it simulates, which it accepts without simulating, and
 * whether they live in a namespace. Anything else (other CRDs, Istio's ServiceEntry, …) is reported as skipped.
 */
import { SCHEMA_ROOTS } from './schema.generated.ts';

/** What kubesim does with a kind. */
export interface KindInfo {
  apiVersion: string;
  kind: string;
  /** True when a controller of kubesim acts on it. */
  simulated: boolean;
  /** Namespaced objects default to namespace `default`. */
  namespaced: boolean;
  /** Root type in the generated field schema; absent for kinds accepted without field checks. */
  schemaRoot?: string;
}

const SIMULATED: readonly [apiVersion: string, kind: string, namespaced: boolean][] = [
  ['v1', 'Namespace', false],
  ['v1', 'Node', false],
  ['v1', 'Pod', true],
  ['v1', 'Service', true],
  ['v1', 'ResourceQuota', true],
  ['v1', 'LimitRange', true],
  ['apps/v1', 'Deployment', true],
  ['apps/v1', 'ReplicaSet', true],
  ['apps/v1', 'StatefulSet', true],
  ['apps/v1', 'DaemonSet', true],
  ['batch/v1', 'Job', true],
  ['batch/v1', 'CronJob', true],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', true],
  ['autoscaling/v1', 'HorizontalPodAutoscaler', true],
  ['policy/v1', 'PodDisruptionBudget', true],
  ['scheduling.k8s.io/v1', 'PriorityClass', false],
  ['networking.k8s.io/v1', 'Ingress', true],
  ['networking.k8s.io/v1', 'IngressClass', false],
  ['networking.k8s.io/v1', 'NetworkPolicy', true],
  ['argoproj.io/v1alpha1', 'Rollout', true],
  ['argoproj.io/v1alpha1', 'AnalysisTemplate', true],
  ['v1', 'PersistentVolumeClaim', true],
  ['v1', 'PersistentVolume', false],
  ['storage.k8s.io/v1', 'StorageClass', false],
  ['storage.k8s.io/v1', 'CSINode', false],
  ['monitoring.coreos.com/v1', 'PrometheusRule', true],
  ...['v1', 'v1beta1', 'v1alpha3'].flatMap((v): [string, string, boolean][] => [
    [`networking.istio.io/${v}`, 'VirtualService', true],
    [`networking.istio.io/${v}`, 'DestinationRule', true],
  ]),
  ...['v1', 'v1beta1'].flatMap((v): [string, string, boolean][] => [
    [`gateway.networking.k8s.io/${v}`, 'HTTPRoute', true],
    [`gateway.networking.k8s.io/${v}`, 'Gateway', true],
  ]),
];

/** Valid Kubernetes kinds that never change a simulation: accepted and listed as not simulated. */
const NOT_SIMULATED: readonly [apiVersion: string, kind: string, namespaced: boolean][] = [
  ['v1', 'ServiceAccount', true],
  ['v1', 'ConfigMap', true],
  ['v1', 'Secret', true],
  ['v1', 'Endpoints', true],
  ['rbac.authorization.k8s.io/v1', 'Role', true],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding', true],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', false],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', false],
  ['argoproj.io/v1alpha1', 'ClusterAnalysisTemplate', false],
  ['argoproj.io/v1alpha1', 'AnalysisRun', true],
  ['argoproj.io/v1alpha1', 'Experiment', true],
];

const REGISTRY: ReadonlyMap<string, KindInfo> = new Map(
  [
    ...SIMULATED.map(([apiVersion, kind, namespaced]) => ({ apiVersion, kind, namespaced, simulated: true })),
    ...NOT_SIMULATED.map(([apiVersion, kind, namespaced]) => ({ apiVersion, kind, namespaced, simulated: false })),
  ].map((info): [string, KindInfo] => {
    const key = `${info.apiVersion}/${info.kind}`;
    const schemaRoot = SCHEMA_ROOTS[key];
    return [key, schemaRoot ? { ...info, schemaRoot } : info];
  }),
);

/** The registry entry of `apiVersion`/`kind`, or undefined for a kind kubesim does not know. */
export function lookupKind(apiVersion: string, kind: string): KindInfo | undefined {
  return REGISTRY.get(`${apiVersion}/${kind}`);
}

/** Every kind kubesim simulates, as `apiVersion/kind`, in registry order. */
export const SIMULATED_KINDS: readonly string[] = SIMULATED.map(([v, k]) => `${v}/${k}`);

/** The API versions kubesim knows for a kind name, for "did you mean" hints (`apps/v1` for `Deployment`). */
export function knownVersionsOf(kind: string): string[] {
  return [...REGISTRY.values()].filter((i) => i.kind === kind).map((i) => i.apiVersion);
}
