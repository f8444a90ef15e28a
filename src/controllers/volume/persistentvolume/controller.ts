/**
 * The PersistentVolume controller (pkg/controller/volume/persistentvolume/pv_controller.go), with the external
 * provisioner's part (sig-storage-lib-external-provisioner, external-provisioner) folded in, since a simulated
 * cluster runs no CSI driver:
 *
 * - `syncClaim` → `syncUnboundClaim`: a claim without a volume is bound to the smallest matching Available volume
 *   (`findBestMatchForClaim`); a WaitForFirstConsumer claim waits (event `WaitForFirstConsumer`) until the scheduler
 *   writes `volume.kubernetes.io/selected-node`; a claim with a class and no match is provisioned
 *   (`ExternalProvisioning`, `Provisioning`, then after a seeded delay from the `volume-provisioning` stream
 *   `ProvisioningSucceeded`); a claim with neither stays Pending (`FailedBinding`). The provisioned volume
 *   `pvc-<claim uid>` takes the class's reclaimPolicy and required node affinity on `topology.kubernetes.io/zone`:
 *   the selected node's zone, or for Immediate binding a zone chosen as external-provisioner does (see
 *   {@link chooseImmediateZone}). A bound claim whose volume is gone is `Lost` (`ClaimLost`).
 * - `syncVolume`: a volume without claim, or pre-bound to a claim not yet created, is Available; a bound pair is
 *   Bound; a volume whose claim is gone is Released and reclaimed: Delete removes it, Retain keeps it Released.
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
  matchTopologySelectorTerms,
  NOT_SUPPORTED_PROVISIONER,
} from '../../../api/storage.ts';
import type { Stored } from '../../../cluster/store.ts';
import { involved, Priority, WorkQueue, type Controller, type ControllerContext } from '../../context.ts';

/** Options of {@link PersistentVolumeController}. */
export interface PersistentVolumeControllerOptions {
  /** Shortest dynamic provisioning time, ms. Default 2000. */
  provisionMinMs?: number;
  /** Longest dynamic provisioning time, ms (uniform in between, from the `volume-provisioning` stream). Default 8000. */
  provisionMaxMs?: number;
}

const COMPONENT = 'persistentvolume-controller';

/** `ns/name` of a claim. */
const claimKey = (c: { metadata: { namespace: string; name: string } }): string => `${c.metadata.namespace}/${c.metadata.name}`;

/** 32-bit FNV-1a of a string. */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The zone of a volume provisioned with Immediate binding (no node selected): external-provisioner offers the
 * driver every zone the cluster's nodes are in (limited to the class's `allowedTopologies`), preferring one picked
 * from the claim's name so a StatefulSet's claims `<template>-<set>-<ordinal>` land in consecutive zones: the hash
 * of the name without the ordinal, plus the ordinal, modulo the zone count. Zones sorted by name; undefined when
 * no node has a zone.
 */
export function chooseImmediateZone(claimName: string, zones: readonly string[]): string | undefined {
  if (zones.length === 0) return undefined;
  const m = /^(.*)-(\d+)$/.exec(claimName);
  const index = m ? (fnv1a32(m[1]!) + Number(m[2])) % zones.length : fnv1a32(claimName) % zones.length;
  return zones[index];
}

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
      if (e.type !== 'DELETED') this.claims.add(claimKey(e.object));
      // A claim's deletion releases its volume.
      const { name, namespace } = e.object.metadata;
      for (const v of ctx.store.list<PersistentVolume>('PersistentVolume')) {
        if (v.spec?.claimRef?.name === name && v.spec.claimRef.namespace === namespace) this.volumes.add(v.metadata.name);
      }
    });
    ctx.store.watch<PersistentVolume>('PersistentVolume', (e) => {
      if (e.type !== 'DELETED') this.volumes.add(e.object.metadata.name);
      const ref = e.object.spec?.claimRef;
      if (ref?.name) this.claims.add(`${ref.namespace ?? ''}/${ref.name}`);
      // A volume turning Available may satisfy a pending claim (upstream finds it at the next periodic resync).
      if (e.type !== 'DELETED' && e.object.status?.phase === 'Available' && e.old?.status?.phase !== 'Available') {
        for (const c of ctx.store.list<PersistentVolumeClaim>('PersistentVolumeClaim')) if (!c.spec?.volumeName) this.claims.add(claimKey(c));
      }
    });
  }

  private classOf = (name: string): StorageClass | undefined => this.ctx.store.get<StorageClass>('StorageClass', '', name);

  /** `syncClaim`: unbound claims go to `syncUnboundClaim`, bound ones to `syncBoundClaim`. */
  private syncClaim(key: string): void {
    const slash = key.indexOf('/');
    const claim = this.ctx.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', key.slice(0, slash), key.slice(slash + 1));
    if (!claim || claim.metadata.deletionTimestamp) return;
    if (!claim.metadata.annotations?.[ANN_BIND_COMPLETED]) this.syncUnboundClaim(claim);
    else this.syncBoundClaim(claim);
  }

  /** `syncUnboundClaim`: bind to a matching volume, wait for the first consumer, provision, or stay Pending. */
  private syncUnboundClaim(claim: Stored<PersistentVolumeClaim>): void {
    const { store, events } = this.ctx;
    const volumeName = claim.spec?.volumeName;
    if (volumeName) {
      // Pre-bound by the user (or the provisioner's volume names it): bind if the volume is there and free.
      const volume = store.get<PersistentVolume>('PersistentVolume', '', volumeName);
      if (!volume) {
        this.updateClaimPhase(claim, 'Pending');
        return;
      }
      if (!volume.spec?.claimRef || isVolumeBoundToClaim(volume, claim)) this.bind(volume, claim);
      else this.updateClaimPhase(claim, 'Pending');
      return;
    }
    const delayBinding = isDelayBindingMode(claim, this.classOf);
    const volume = findBestMatchForClaim(claim, store.list<PersistentVolume>('PersistentVolume'), delayBinding);
    if (volume) {
      this.bind(volume as Stored<PersistentVolume>, claim);
      return;
    }
    const selectedNode = claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (delayBinding && selectedNode === undefined) {
      events.record(involved(claim), 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', { component: COMPONENT });
    } else if (getPersistentVolumeClaimClass(claim) !== '') {
      this.provisionClaim(claim, getPersistentVolumeClaimClass(claim), selectedNode);
    } else {
      events.record(involved(claim), 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', { component: COMPONENT });
    }
    this.updateClaimPhase(claim, 'Pending');
  }

  /** `syncBoundClaim`: a claim whose volume is gone is Lost. */
  private syncBoundClaim(claim: Stored<PersistentVolumeClaim>): void {
    const name = claim.spec?.volumeName ?? '';
    const volume = this.ctx.store.get<PersistentVolume>('PersistentVolume', '', name);
    if (!volume) {
      if (claim.status?.phase !== 'Lost') {
        this.updateClaimPhase(claim, 'Lost');
        this.ctx.events.record(involved(claim), 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', { component: COMPONENT });
      }
      return;
    }
    if (isVolumeBoundToClaim(volume, claim) && volume.spec?.claimRef?.uid) {
      if (claim.status?.phase !== 'Bound') this.bind(volume, claim);
    } else if (!volume.spec?.claimRef) {
      this.bind(volume, claim);
    } else if (claim.status?.phase !== 'Lost') {
      // The volume went to another claim: upstream's "ClaimMisbound".
      this.updateClaimPhase(claim, 'Lost');
      this.ctx.events.record(involved(claim), 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly', { component: COMPONENT });
    }
  }

  private updateClaimPhase(claim: Stored<PersistentVolumeClaim>, phase: 'Pending' | 'Lost'): void {
    if (claim.status?.phase === phase) return;
    this.ctx.store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name, (d) => {
      d.status = phase === 'Lost' ? { ...(d.status ?? {}), phase } : { phase };
    });
  }

  /**
   * `provisionClaim` → `provisionClaimOperationExternal`: annotate the claim with the class's provisioner and say
   * so; the external provisioner then provisions after a seeded delay. `kubernetes.io/no-provisioner` has no
   * provisioner behind it, so its claims wait (for a volume made by hand) after the same event.
   */
  private provisionClaim(claim: Stored<PersistentVolumeClaim>, className: string, selectedNode: string | undefined): void {
    const { store, events, engine } = this.ctx;
    const cls = this.classOf(className);
    if (!cls) {
      events.record(involved(claim), 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, { component: COMPONENT });
      return;
    }
    const key = claimKey(claim);
    if (this.provisioning.has(key)) return;
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
    if (cls.provisioner === NOT_SUPPORTED_PROVISIONER) return;
    this.provisioning.add(key);
    events.record(involved(claim), 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`, { component: cls.provisioner });
    const delayMs = this.minMs + Math.floor(engine.rng('volume-provisioning').next() * (this.maxMs - this.minMs + 1));
    engine.after(delayMs, () => this.finishProvisioning(key, cls, selectedNode), { priority: Priority.ReplicaSet });
  }

  /** The zone of the volume for `claim`: the selected node's, else (Immediate) {@link chooseImmediateZone}. */
  private provisionedZone(claim: Stored<PersistentVolumeClaim>, cls: StorageClass, selectedNode: string | undefined): string | undefined {
    const { store } = this.ctx;
    if (selectedNode !== undefined) return store.get<Node>('Node', '', selectedNode)?.metadata.labels?.[LABEL_TOPOLOGY_ZONE];
    const zones = new Set<string>();
    for (const n of store.list<Node>('Node')) {
      const zone = n.metadata.labels?.[LABEL_TOPOLOGY_ZONE];
      if (zone !== undefined && matchTopologySelectorTerms(cls.allowedTopologies, n.metadata.labels)) zones.add(zone);
    }
    return chooseImmediateZone(claim.metadata.name, [...zones].sort());
  }

  /** The provisioner's result: the new volume `pvc-<uid>`, pre-bound to the claim, in the chosen zone. */
  private finishProvisioning(key: string, cls: StorageClass, selectedNode: string | undefined): void {
    const { store, events } = this.ctx;
    this.provisioning.delete(key);
    const slash = key.indexOf('/');
    const claim = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', key.slice(0, slash), key.slice(slash + 1));
    if (!claim || claim.metadata.deletionTimestamp || claim.spec?.volumeName) return;
    const name = `pvc-${claim.metadata.uid}`;
    if (store.get('PersistentVolume', '', name)) return;
    const zone = this.provisionedZone(claim, cls, selectedNode);
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
        // A CSI volume of the class's driver, so NodeVolumeLimits counts it against the driver's attach limit.
        csi: { driver: cls.provisioner, volumeHandle: name },
        claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: 'v1' },
        ...(zone !== undefined
          ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: LABEL_TOPOLOGY_ZONE, operator: 'In', values: [zone] }] }] } } }
          : {}),
      },
      status: { phase: 'Pending' },
    };
    store.create('PersistentVolume', volume);
    events.record(involved(claim), 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, { component: cls.provisioner });
  }

  /**
   * `bind`: `bindVolumeToClaim` (claimRef, `bound-by-controller` when the controller made the link), the volume's
   * phase Bound, `bindClaimToVolume` (volumeName, `bind-completed`, `bound-by-controller`), the claim's status
   * Bound with the volume's capacity and access modes.
   */
  private bind(volume: Stored<PersistentVolume>, claim: Stored<PersistentVolumeClaim>): void {
    const { store } = this.ctx;
    const ref = volume.spec?.claimRef;
    const linked = !!ref && ref.name === claim.metadata.name && ref.namespace === claim.metadata.namespace && ref.uid === claim.metadata.uid;
    if (!linked || volume.status?.phase !== 'Bound') {
      store.mutate<PersistentVolume>('PersistentVolume', '', volume.metadata.name, (d) => {
        if (!linked) {
          const setBoundByController = !isVolumeBoundToClaim(d as PersistentVolume, claim);
          d.spec = { ...(d.spec ?? {}), claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: 'v1' } };
          if (setBoundByController) d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
        }
        d.status = { ...(d.status ?? {}), phase: 'Bound' };
      });
    }
    store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name, (d) => {
      const ann: Record<string, string> = { ...(d.metadata.annotations ?? {}), [ANN_BIND_COMPLETED]: 'yes' };
      if (d.spec?.volumeName !== volume.metadata.name) {
        ann[ANN_BOUND_BY_CONTROLLER] = 'yes';
        d.spec = { ...(d.spec ?? {}), volumeName: volume.metadata.name };
      }
      d.metadata.annotations = ann;
      d.status = { phase: 'Bound', accessModes: [...(volume.spec?.accessModes ?? [])], capacity: { ...(volume.spec?.capacity ?? {}) } };
    });
  }

  /** `syncVolume`. */
  private syncVolume(name: string): void {
    const { store } = this.ctx;
    const volume = store.get<PersistentVolume>('PersistentVolume', '', name);
    if (!volume || volume.metadata.deletionTimestamp) return;
    const ref = volume.spec?.claimRef;
    if (!ref || !ref.uid) {
      // Free, or pre-bound by the user to a claim that has not been bound yet.
      this.updateVolumePhase(volume, 'Available');
      return;
    }
    const claim = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', ref.namespace ?? '', ref.name ?? '');
    if (claim && claim.metadata.uid === ref.uid) {
      if (claim.spec?.volumeName === name) this.updateVolumePhase(volume, 'Bound');
      // Not yet bound from the claim's side (the provisioner's new volume, or a half-finished bind): the claim's
      // sync completes the pair.
      else if (!claim.spec?.volumeName) this.claims.add(claimKey(claim));
      return;
    }
    // The claim is gone (or was deleted and created again): `reclaimVolume`.
    if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') this.updateVolumePhase(volume, 'Released');
    if ((volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain') === 'Delete') store.delete('PersistentVolume', '', name);
  }

  private updateVolumePhase(volume: Stored<PersistentVolume>, phase: 'Available' | 'Bound' | 'Released'): void {
    if (volume.status?.phase === phase) return;
    this.ctx.store.mutate<PersistentVolume>('PersistentVolume', '', volume.metadata.name, (d) => void (d.status = { ...(d.status ?? {}), phase }));
  }
}
