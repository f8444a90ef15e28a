/**
 * The PersistentVolume controller (pkg/controller/volume/persistentvolume/pv_controller.go), with the external
 * provisioner's part (sig-storage-lib-external-provisioner) folded in, since a simulated cluster has no CSI driver:
 *
 * - `syncClaim` → `syncUnboundClaim`: a claim without a volume is bound to the smallest matching Available volume
 *   (`findBestMatchForClaim`); a WaitForFirstConsumer claim waits (event `WaitForFirstConsumer`) until the scheduler
 *   writes `volume.kubernetes.io/selected-node`; a claim with a class and no match is provisioned
 *   (`ExternalProvisioning`, then after a seeded delay from the `volume-provisioning` stream `Provisioning` and
 *   `ProvisioningSucceeded`). The provisioned volume `pvc-<claim uid>` takes the class's reclaimPolicy and, when a
 *   node was selected and it has a zone, required node affinity on `topology.kubernetes.io/zone` of that node.
 * - `syncVolume`: a volume without claim is Available; a volume whose claim is gone is Released and reclaimed:
 *   Delete removes it, Retain keeps it Released.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  findBestMatchForClaim,
  getPersistentVolumeClaimClass,
  isDelayBindingMode,
  isVolumeBoundToClaim,
  LABEL_TOPOLOGY_ZONE,
  NOT_SUPPORTED_PROVISIONER,
} from '../../../api/storage.ts';
import type { Stored } from '../../../cluster/store.ts';
import { involved, Priority, WorkQueue, type Controller, type ControllerContext } from '../../context.ts';

export interface PersistentVolumeControllerOptions {
  /** Shortest provisioning time, ms. Default 2000. */
  provisionMinMs?: number;
  /** Longest provisioning time, ms (uniform between the two, `volume-provisioning` stream). Default 8000. */
  provisionMaxMs?: number;
}

const COMPONENT = 'persistentvolume-controller';

export class PersistentVolumeController implements Controller {
  readonly name = COMPONENT;
  private ctx!: ControllerContext;
  private claims!: WorkQueue;
  private volumes!: WorkQueue;
  /** Claims (`ns/name`) whose provisioning is under way, so a resync does not start a second one. */
  private readonly provisioning = new Set<string>();
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(options: PersistentVolumeControllerOptions = {}) {
    this.minMs = options.provisionMinMs ?? 2000;
    this.maxMs = options.provisionMaxMs ?? 8000;
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.claims = new WorkQueue(ctx.engine, Priority.ReplicaSet, (key) => this.syncClaim(key));
    this.volumes = new WorkQueue(ctx.engine, Priority.ReplicaSet, (key) => this.syncVolume(key));
    ctx.store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (e) => {
      if (e.type !== 'DELETED') this.claims.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
      // A claim's deletion releases its volume; a new claim may match an Available volume.
      for (const v of ctx.store.list<PersistentVolume>('PersistentVolume')) if (v.spec?.claimRef?.name === e.object.metadata.name) this.volumes.add(v.metadata.name);
    });
    ctx.store.watch<PersistentVolume>('PersistentVolume', (e) => {
      if (e.type !== 'DELETED') this.volumes.add(e.object.metadata.name);
      // A new Available volume may satisfy a pending claim.
      if (e.type === 'ADDED') for (const c of ctx.store.list<PersistentVolumeClaim>('PersistentVolumeClaim')) if (!c.spec?.volumeName) this.claims.add(`${c.metadata.namespace}/${c.metadata.name}`);
    });
  }

  private classOf = (name: string): StorageClass | undefined => this.ctx.store.get<StorageClass>('StorageClass', '', name);

  /** `syncClaim`: bound claims are left alone (their volume's sync keeps the pair consistent). */
  private syncClaim(key: string): void {
    const slash = key.indexOf('/');
    const claim = this.ctx.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', key.slice(0, slash), key.slice(slash + 1));
    if (!claim || claim.metadata.deletionTimestamp) return;
    if (claim.spec?.volumeName) {
      const volume = this.ctx.store.get<PersistentVolume>('PersistentVolume', '', claim.spec.volumeName);
      if (volume && claim.status?.phase !== 'Bound') this.bind(volume, claim);
      return;
    }
    this.syncUnboundClaim(claim);
  }

  /** `syncUnboundClaim`. */
  private syncUnboundClaim(claim: Stored<PersistentVolumeClaim>): void {
    const { store, events } = this.ctx;
    const delayBinding = isDelayBindingMode(claim, this.classOf);
    const volume = findBestMatchForClaim(claim, store.list<PersistentVolume>('PersistentVolume'), delayBinding);
    if (volume) {
      this.bind(volume as Stored<PersistentVolume>, claim);
      return;
    }
    const selectedNode = claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (delayBinding && !selectedNode) {
      events.record(involved(claim), 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', { component: COMPONENT });
      return;
    }
    const className = getPersistentVolumeClaimClass(claim);
    if (className === '') {
      events.record(involved(claim), 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', { component: COMPONENT });
      return;
    }
    this.provisionClaim(claim, className, selectedNode);
  }

  /** `provisionClaim` → the external provisioner's `provisionClaimOperation`, after a seeded delay. */
  private provisionClaim(claim: Stored<PersistentVolumeClaim>, className: string, selectedNode: string | undefined): void {
    const { store, events, engine } = this.ctx;
    const cls = this.classOf(className);
    if (!cls) {
      events.record(involved(claim), 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, { component: COMPONENT });
      return;
    }
    if (cls.provisioner === NOT_SUPPORTED_PROVISIONER) {
      events.record(involved(claim), 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', { component: COMPONENT });
      return;
    }
    const key = `${claim.metadata.namespace}/${claim.metadata.name}`;
    if (this.provisioning.has(key)) return;
    this.provisioning.add(key);
    if (claim.metadata.annotations?.[ANN_STORAGE_PROVISIONER] !== cls.provisioner) {
      store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name, (d) => {
        d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [ANN_STORAGE_PROVISIONER]: cls.provisioner };
      });
    }
    events.record(
      involved(claim),
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${cls.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      { component: COMPONENT },
    );
    events.record(involved(claim), 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`, { component: cls.provisioner });
    const delayMs = this.minMs + Math.floor(engine.rng('volume-provisioning').next() * (this.maxMs - this.minMs + 1));
    engine.after(delayMs, () => this.finishProvisioning(key, cls, selectedNode), { priority: Priority.ReplicaSet });
  }

  /** The provisioner's result: the new volume, bound to the claim (`pvc-<uid>`), in the selected node's zone. */
  private finishProvisioning(key: string, cls: StorageClass, selectedNode: string | undefined): void {
    const { store, events } = this.ctx;
    this.provisioning.delete(key);
    const slash = key.indexOf('/');
    const claim = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', key.slice(0, slash), key.slice(slash + 1));
    if (!claim || claim.spec?.volumeName) return;
    const name = `pvc-${claim.metadata.uid}`;
    const zone = selectedNode ? store.get<Node>('Node', '', selectedNode)?.metadata.labels?.[LABEL_TOPOLOGY_ZONE] : undefined;
    const volume: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { [ANN_DYNAMICALLY_PROVISIONED]: cls.provisioner } },
      spec: {
        capacity: { storage: claim.spec?.resources?.requests?.['storage'] ?? '0' },
        accessModes: [...(claim.spec?.accessModes ?? [])],
        persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
        storageClassName: cls.metadata?.name ?? '',
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: 'v1' },
        ...(zone !== undefined
          ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: LABEL_TOPOLOGY_ZONE, operator: 'In', values: [zone] }] }] } } }
          : {}),
      },
      status: { phase: 'Pending' },
    };
    if (store.get('PersistentVolume', '', name)) return;
    store.create('PersistentVolume', volume);
    events.record(involved(claim), 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, { component: cls.provisioner });
  }

  /** `bind`: volume's claimRef and phase Bound, then the claim's volumeName, capacity, access modes and phase. */
  private bind(volume: PersistentVolume & { metadata: { name: string } }, claim: Stored<PersistentVolumeClaim>): void {
    const { store } = this.ctx;
    if (!isVolumeBoundToClaim(volume, claim) || volume.spec?.claimRef?.uid !== claim.metadata.uid || volume.status?.phase !== 'Bound') {
      store.mutate<PersistentVolume>('PersistentVolume', '', volume.metadata.name, (d) => {
        if (!isVolumeBoundToClaim(d as PersistentVolume, claim) || !d.spec?.claimRef?.uid) {
          d.spec = { ...(d.spec ?? {}), claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: 'v1' } };
          if (!d.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED]) d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
        }
        d.status = { ...(d.status ?? {}), phase: 'Bound' };
      });
    }
    store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name, (d) => {
      d.spec = { ...(d.spec ?? {}), volumeName: volume.metadata.name };
      const ann: Record<string, string> = { ...(d.metadata.annotations ?? {}), [ANN_BIND_COMPLETED]: 'yes' };
      if (!claim.spec?.volumeName) ann[ANN_BOUND_BY_CONTROLLER] = 'yes';
      d.metadata.annotations = ann;
      d.status = {
        ...(d.status ?? {}),
        phase: 'Bound',
        accessModes: [...(volume.spec?.accessModes ?? [])],
        capacity: { ...(volume.spec?.capacity ?? {}) },
      };
    });
  }

  /** `syncVolume`: Available without a claim; Released, then reclaimed, when its claim is gone. */
  private syncVolume(name: string): void {
    const { store, events } = this.ctx;
    const volume = store.get<PersistentVolume>('PersistentVolume', '', name);
    if (!volume || volume.metadata.deletionTimestamp) return;
    const ref = volume.spec?.claimRef;
    if (!ref) {
      if (volume.status?.phase !== 'Available') store.mutate<PersistentVolume>('PersistentVolume', '', name, (d) => void (d.status = { ...(d.status ?? {}), phase: 'Available' }));
      return;
    }
    const claim = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', ref.namespace ?? 'default', ref.name ?? '');
    if (claim && (!ref.uid || claim.metadata.uid === ref.uid)) {
      if (claim.spec?.volumeName === name) return;
      // Pre-bound by the user or the provisioner: the claim's sync completes the pair.
      this.claims.add(`${claim.metadata.namespace}/${claim.metadata.name}`);
      return;
    }
    if (!ref.uid) return;
    if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') {
      store.mutate<PersistentVolume>('PersistentVolume', '', name, (d) => void (d.status = { ...(d.status ?? {}), phase: 'Released' }));
    }
    // `reclaimVolume`.
    if ((volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain') === 'Delete') {
      store.delete('PersistentVolume', '', name);
      events.record(involved(volume), 'Normal', 'VolumeDelete', `persistentvolume ${name} deleted`, { component: COMPONENT });
    }
  }
}
