/**
 * The kinds kubesim can show (the CLI's get/describe/events and the library's `Run.get`), with the names kubectl
 * knows them by: resource, singular and short names.
 */
import { Store } from '../cluster/store.ts';

/** A kind `get`, `describe`, `events --for` and `Run.get` accept, with the names kubectl knows it by. */
export interface KindInfo {
  /** The object kind in the store, e.g. `HorizontalPodAutoscaler`; `Event` is served from the event recorder. */
  kind: string;
  /** kubectl's resource name (plural, lower case), e.g. `horizontalpodautoscalers`. */
  resource: string;
  /** Every accepted spelling (resource, singular, short names), lower case. */
  names: readonly string[];
  /** API group, `''` for the core group; `-o name` prints `<kind>.<group>/<name>`. */
  group: string;
  /** Cluster-scoped kinds ignore `-n` and print no NAMESPACE column under `-A`. */
  clusterScoped: boolean;
}

/** The pseudo-kind of the cluster autoscaler's node groups (`get nodegroups`, `describe nodegroup`). */
export const NODE_GROUP_KIND = 'NodeGroup';

function kindInfo(kind: string, group: string, resource: string, ...aliases: string[]): KindInfo {
  return { kind, resource, group, names: [resource, kind.toLowerCase(), ...aliases], clusterScoped: Store.isClusterScoped(kind) };
}

/** The kinds the time-travel commands know, in the order `--help` lists them, with kubectl's short names. */
export const KINDS: readonly KindInfo[] = [
  kindInfo('Pod', '', 'pods', 'po'),
  kindInfo('Deployment', 'apps', 'deployments', 'deploy'),
  kindInfo('ReplicaSet', 'apps', 'replicasets', 'rs'),
  kindInfo('DaemonSet', 'apps', 'daemonsets', 'ds'),
  kindInfo('Node', '', 'nodes', 'no'),
  kindInfo('Service', '', 'services', 'svc'),
  kindInfo('HorizontalPodAutoscaler', 'autoscaling', 'horizontalpodautoscalers', 'hpa'),
  kindInfo('Event', '', 'events', 'ev'),
  kindInfo('Rollout', 'argoproj.io', 'rollouts', 'ro'),
  kindInfo('EndpointSlice', 'discovery.k8s.io', 'endpointslices'),
  kindInfo('PodDisruptionBudget', 'policy', 'poddisruptionbudgets', 'pdb'),
  kindInfo('NetworkPolicy', 'networking.k8s.io', 'networkpolicies', 'netpol'),
  kindInfo('Ingress', 'networking.k8s.io', 'ingresses', 'ing'),
  kindInfo('IngressClass', 'networking.k8s.io', 'ingressclasses'),
  kindInfo('VirtualService', 'networking.istio.io', 'virtualservices', 'vs'),
  kindInfo('DestinationRule', 'networking.istio.io', 'destinationrules', 'dr'),
  kindInfo('HTTPRoute', 'gateway.networking.k8s.io', 'httproutes'),
  kindInfo('Gateway', 'gateway.networking.k8s.io', 'gateways', 'gtw'),
  // Not a Kubernetes kind: the cluster autoscaler's node groups, read from the scenario and the autoscaler's status.
  { ...kindInfo(NODE_GROUP_KIND, 'kubesim.dev', 'nodegroups', 'ng'), clusterScoped: true },
  kindInfo('StatefulSet', 'apps', 'statefulsets', 'sts'),
  kindInfo('PersistentVolumeClaim', '', 'persistentvolumeclaims', 'pvc'),
  kindInfo('PersistentVolume', '', 'persistentvolumes', 'pv'),
  kindInfo('StorageClass', 'storage.k8s.io', 'storageclasses', 'sc'),
  kindInfo('Job', 'batch', 'jobs'),
  kindInfo('CronJob', 'batch', 'cronjobs', 'cj'),
];

/** The kind for a name as typed (`po`, `Pods`, `deployment.apps`, `Deployment`), or undefined. */
export function findKind(text: string): KindInfo | undefined {
  // kubectl accepts `resource.group` (deployments.apps); the group adds nothing here since names are unique.
  const name = text.toLowerCase().split('.')[0] ?? '';
  return KINDS.find((k) => k.names.includes(name));
}
