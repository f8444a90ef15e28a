/**
 * The describe text of any object kubesim describes, at a simulated instant: the kind's describer with the related
 * objects it lists (a Deployment's ReplicaSets, a Node's pods, a Service's EndpointSlices…) read from the store's
 * history at that instant. Shared by `kubesim describe` (which appends the decision log's "why") and the playground.
 */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { Rollout } from '../api/argo.ts';
import type { Store, Stored } from '../cluster/store.ts';
import {
  describeCronJob,
  describeDaemonSet,
  describeDeployment,
  describeHorizontalPodAutoscaler,
  describeJob,
  describeNode,
  describePersistentVolume,
  describePersistentVolumeClaim,
  describePod,
  describeReplicaSet,
  describeRollout,
  describeService,
  describeStatefulSet,
  describeStorageClass,
} from './describe.ts';
import type { SimClock } from './duration.ts';
import { describeIngress, describeIngressClass, describeNetworkPolicy } from './networking.ts';
import { describeMeshObject, type MeshResource } from './mesh.ts';
import type { ReportEvent } from './types.ts';

/** The store kinds {@link describeObject} describes. */
export const DESCRIBED_KINDS: readonly string[] = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'Service',
  'Node',
  'HorizontalPodAutoscaler',
  'Rollout',
  'Job',
  'CronJob',
  'NetworkPolicy',
  'Ingress',
  'IngressClass',
  'StatefulSet',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'VirtualService',
  'DestinationRule',
  'HTTPRoute',
  'Gateway',
];

/** `obj` (of `kind`) described at `atMs`, or undefined for a kind without a describer. */
export function describeObject(store: Store, kind: string, obj: Stored, atMs: number, events: readonly ReportEvent[], clock: SimClock): string | undefined {
  const { namespace, name } = obj.metadata;
  const pods = () => store.listAt<Pod & Stored>('Pod', atMs, namespace);
  switch (kind) {
    case 'Pod':
      return describePod(obj as Pod, events, clock);
    case 'Deployment':
      return describeDeployment(obj as Deployment, store.listAt<ReplicaSet & Stored>('ReplicaSet', atMs, namespace), events, clock);
    case 'ReplicaSet':
      return describeReplicaSet(obj as ReplicaSet, pods(), events, clock);
    case 'DaemonSet':
      return describeDaemonSet(obj as DaemonSet, pods(), events, clock);
    case 'Service':
      return describeService(obj as Service, store.listAt<EndpointSlice & Stored>('EndpointSlice', atMs, namespace), events, clock);
    case 'Rollout':
      return describeRollout(obj as Rollout, store.listAt<ReplicaSet & Stored>('ReplicaSet', atMs, namespace), pods(), clock);
    case 'Node':
      return describeNode(obj as Node, store.listAt<Pod & Stored>('Pod', atMs).filter((p) => p.spec?.nodeName === name), events, clock);
    case 'HorizontalPodAutoscaler':
      return describeHorizontalPodAutoscaler(obj as HorizontalPodAutoscaler, events, clock);
    case 'NetworkPolicy':
      return describeNetworkPolicy(obj as NetworkPolicy);
    case 'Ingress':
      return describeIngress(
        obj as Ingress,
        { services: store.listAt<Service & Stored>('Service', atMs, namespace), endpointSlices: store.listAt<EndpointSlice & Stored>('EndpointSlice', atMs, namespace) },
        events,
        clock,
      );
    case 'IngressClass':
      return describeIngressClass(obj as IngressClass, events, clock);
    case 'StatefulSet':
      return describeStatefulSet(obj as StatefulSet, pods(), events, clock);
    case 'PersistentVolumeClaim':
      return describePersistentVolumeClaim(obj as PersistentVolumeClaim, pods(), events, clock);
    case 'PersistentVolume':
      return describePersistentVolume(obj as PersistentVolume, events, clock);
    case 'StorageClass':
      return describeStorageClass(obj as StorageClass, events, clock);
    case 'Job':
      return describeJob(obj as Job, events, clock);
    case 'CronJob':
      return describeCronJob(obj as CronJob, events, clock);
    case 'VirtualService':
    case 'DestinationRule':
    case 'HTTPRoute':
    case 'Gateway':
      return describeMeshObject(obj as MeshResource);
    default:
      return undefined;
  }
}
