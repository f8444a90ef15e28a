/**
 * Volume expansion on the controller side: the in-tree expand controller (`pkg/controller/volume/expand`), which
 * for a CSI volume only says that an external controller will act (`ExternalExpanding`), and external-resizer
 * (kubernetes-csi), which grows the volume: the claim gets condition Resizing and `allocatedResources`, event
 * `Resizing`; after a delay drawn uniformly from [2 s, 10 s] on the `volume-resize` stream the volume's
 * `spec.capacity` grows, and a Filesystem volume waits for its node (FileSystemResizePending,
 * `FileSystemResizeRequired`) while a Block volume is done (`VolumeResizeSuccessful`). The node side is
 * {@link NodeExpander}.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { involved, Priority, WorkQueue, type Controller, type ControllerContext } from '../../context.ts';
import { markControllerResizeInProgress, markForFSResize, markFSResizeFinished, needsExpansion } from './resize.ts';

/** Options of {@link ExpandController}. */
export interface ExpandControllerOptions {
  /** Shortest ControllerExpandVolume time, ms. Default 2000. */
  resizeMinMs?: number;
  /** Longest, ms (uniform in between, from the `volume-resize` stream). Default 10000. */
  resizeMaxMs?: number;
}

export class ExpandController implements Controller {
  readonly name = 'volume_expand';
  private ctx!: ControllerContext;
  private claims!: WorkQueue;
  private readonly minMs: number;
  private readonly maxMs: number;
  /** Claims (`ns/name`) whose ControllerExpandVolume is under way: one resize at a time per claim. */
  private readonly inProgress = new Set<string>();

  constructor(options: ExpandControllerOptions = {}) {
    this.minMs = options.resizeMinMs ?? 2000;
    this.maxMs = options.resizeMaxMs ?? 10_000;
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.claims = new WorkQueue(ctx.engine, Priority.ReplicaSet, (key) => this.syncHandler(key));
    ctx.store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (e) => {
      if (e.type !== 'DELETED' && needsExpansion(e.object)) this.claims.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    });
  }

  /** `syncHandler` for a claim that asks for more than it has: hand it to the external resizer. */
  private syncHandler(key: string): void {
    const { store, events, engine, clock } = this.ctx;
    const slash = key.indexOf('/');
    const claim = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', key.slice(0, slash), key.slice(slash + 1));
    if (!claim || !needsExpansion(claim) || this.inProgress.has(key)) return;
    const volume = store.get<PersistentVolume>('PersistentVolume', '', claim.spec!.volumeName!);
    const driver = volume?.spec?.csi?.driver;
    if (!volume || driver === undefined) return;
    const newStorage = claim.spec!.resources!.requests!['storage']!;
    events.record(involved(claim), 'Normal', 'ExternalExpanding', 'waiting for an external controller to expand this PVC', { component: this.name });
    const resizer = `external-resizer ${driver}`;
    const ts = clock.timestamp(engine.nowMs);
    store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name, (d) => {
      d.status = markControllerResizeInProgress(d.status ?? {}, newStorage, ts);
    });
    events.record(involved(claim), 'Normal', 'Resizing', `External resizer is resizing volume ${volume.metadata.name}`, { component: resizer });
    this.inProgress.add(key);
    const delayMs = this.minMs + Math.floor(engine.rng('volume-resize').next() * (this.maxMs - this.minMs + 1));
    engine.after(delayMs, () => this.controllerExpandVolumeDone(key, claim.metadata.uid, volume.metadata.name, newStorage, resizer), { priority: Priority.ReplicaSet });
  }

  /**
   * ControllerExpandVolume returned: the volume has the new size. A Filesystem volume needs its file system grown
   * on the node of a pod that mounts it (`MarkForFSResize`); a Block volume is done (`MarkFSResizeFinished`).
   */
  private controllerExpandVolumeDone(key: string, uid: string, volumeName: string, newStorage: string, resizer: string): void {
    const { store, events, engine, clock } = this.ctx;
    this.inProgress.delete(key);
    const slash = key.indexOf('/');
    const claim = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', key.slice(0, slash), key.slice(slash + 1));
    const volume = store.get<PersistentVolume>('PersistentVolume', '', volumeName);
    if (!claim || claim.metadata.uid !== uid || !volume) return;
    store.mutate<PersistentVolume>('PersistentVolume', '', volumeName, (d) => {
      d.spec = { ...(d.spec ?? {}), capacity: { ...(d.spec?.capacity ?? {}), storage: newStorage } };
    });
    const block = volume.spec?.volumeMode === 'Block';
    const ts = clock.timestamp(engine.nowMs);
    store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name, (d) => {
      d.status = block ? markFSResizeFinished(d.status ?? {}, newStorage) : markForFSResize(d.status ?? {}, ts);
    });
    if (block) events.record(involved(claim), 'Normal', 'VolumeResizeSuccessful', 'Resize volume succeeded', { component: resizer });
    else events.record(involved(claim), 'Normal', 'FileSystemResizeRequired', 'Require file system resize of volume on node', { component: resizer });
    // The request may have grown again meanwhile.
    if (needsExpansion(store.get<PersistentVolumeClaim>('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name)!)) this.claims.add(key);
  }
}
