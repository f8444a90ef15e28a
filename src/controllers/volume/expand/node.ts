/**
 * Volume expansion on the node: the kubelet volume manager's `NodeExpandVolume` (operation_generator.go). A claim
 * waiting with FileSystemResizePending is grown online by the kubelet of a Running pod that mounts it, after a
 * delay drawn uniformly from [1 s, 5 s] on the `volume-resize` stream (resize2fs): `status.capacity` takes the new
 * size, the condition goes, event `FileSystemResizeSuccessful` from that node's kubelet. Without such a pod the
 * claim keeps waiting, as upstream's message says ("Waiting for user to (re-)start a pod …").
 */
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { podClaimNames } from '../../../api/storage.ts';
import { involved, Priority, type Controller, type ControllerContext } from '../../context.ts';
import { fsResizePending, markFSResizeFinished } from './resize.ts';

/** Options of {@link NodeExpander}. */
export interface NodeExpanderOptions {
  /** Shortest NodeExpandVolume time, ms. Default 1000. */
  expandMinMs?: number;
  /** Longest, ms. Default 5000. */
  expandMaxMs?: number;
}

export class NodeExpander implements Controller {
  readonly name = 'kubelet';
  private ctx!: ControllerContext;
  /** Claims (`ns/name`) waiting for their node, and those whose NodeExpandVolume is under way. */
  private readonly pending = new Set<string>();
  private readonly expanding = new Set<string>();
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(options: NodeExpanderOptions = {}) {
    this.minMs = options.expandMinMs ?? 1000;
    this.maxMs = options.expandMaxMs ?? 5000;
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    ctx.store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (e) => {
      const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
      if (e.type !== 'DELETED' && fsResizePending(e.object)) {
        this.pending.add(key);
        this.schedule(key);
      } else this.pending.delete(key);
    });
    ctx.store.watch<Pod>('Pod', (e) => {
      if (this.pending.size === 0 || e.type === 'DELETED' || e.object.status?.phase !== 'Running' || e.old?.status?.phase === 'Running') return;
      for (const name of podClaimNames(e.object)) {
        const key = `${e.object.metadata.namespace}/${name}`;
        if (this.pending.has(key)) this.schedule(key);
      }
    });
  }

  /** The Running pod on a live node that mounts the claim, first by name; undefined when none does. */
  private mounter(key: string): Pod | undefined {
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const name = key.slice(slash + 1);
    return this.ctx.store
      .list<Pod>('Pod', ns)
      .filter((p) => p.status?.phase === 'Running' && p.spec?.nodeName && !p.metadata?.deletionTimestamp && podClaimNames(p).includes(name))
      .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1))[0];
  }

  private schedule(key: string): void {
    if (this.expanding.has(key) || !this.mounter(key)) return;
    this.expanding.add(key);
    const { engine } = this.ctx;
    const delayMs = this.minMs + Math.floor(engine.rng('volume-resize').next() * (this.maxMs - this.minMs + 1));
    engine.after(delayMs, () => this.nodeExpandVolume(key), { priority: Priority.Kubelet });
  }

  /** `NodeExpandVolume` done on the mounting pod's node: `MarkFSResizeFinished` and the kubelet's event. */
  private nodeExpandVolume(key: string): void {
    const { store, events } = this.ctx;
    this.expanding.delete(key);
    const slash = key.indexOf('/');
    const claim = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', key.slice(0, slash), key.slice(slash + 1));
    const pod = this.mounter(key);
    if (!claim || !fsResizePending(claim) || !pod) return;
    const newStorage = claim.status?.allocatedResources?.['storage'] ?? claim.spec?.resources?.requests?.['storage'] ?? '0';
    store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', claim.metadata.namespace, claim.metadata.name, (d) => {
      d.status = markFSResizeFinished(d.status ?? {}, newStorage);
    });
    const node = pod.spec!.nodeName!;
    events.record(involved(claim), 'Normal', 'FileSystemResizeSuccessful', `MountVolume.NodeExpandVolume succeeded for volume "${claim.spec?.volumeName ?? ''}" ${node}`, { component: 'kubelet', host: node });
  }
}
