/**
 * The pod watch every workload controller keeps (ReplicaSet, StatefulSet, …): upstream's `addPod`/`updatePod`/
 * `deletePod` handlers resolve a pod's controller reference and enqueue its owner, and skip updates that change
 * nothing the owner counts.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { isPodReady } from '../cluster/pods.ts';
import type { Store } from '../cluster/store.ts';

/**
 * Watches pods controlled by an object of `kind` and calls `enqueue` with the owner's `namespace/name` on creation,
 * deletion, and on updates that move a count: readiness, phase, termination or labels (labels decide membership).
 */
export function watchControlledPods(store: Store, kind: string, enqueue: (key: string) => void): void {
  store.watch<Pod>('Pod', (e) => {
    const ref = (e.object.metadata.ownerReferences ?? []).find((r) => r.controller && r.kind === kind);
    if (!ref) return;
    if (e.type === 'MODIFIED' && e.old) {
      const o = e.old;
      const n = e.object;
      if (
        isPodReady(o) === isPodReady(n) &&
        o.status?.phase === n.status?.phase &&
        o.metadata.deletionTimestamp === n.metadata.deletionTimestamp &&
        o.metadata.labels === n.metadata.labels
      ) {
        return;
      }
    }
    enqueue(`${e.object.metadata.namespace}/${ref.name}`);
  });
}
