/**
 * The pod watch every workload controller keeps (ReplicaSet, StatefulSet, …): upstream's `addPod`/`updatePod`/
 * `deletePod` handlers resolve a pod's controller reference and enqueue its owner, and skip updates that change
 * nothing the owner counts. {@link OwnedPodCounts} keeps the counts a ReplicaSet's status is made of from the same
 * watch, so a sync reads them instead of walking every pod it owns.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Selector } from '../api/selector.ts';
import { isPodActive, isPodReady, podCondition } from '../cluster/pods.ts';
import type { Store } from '../cluster/store.ts';
import type { SimClock } from '../cluster/time.ts';

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

/**
 * calculateStatus's counts over an owner's active pods at one instant: active, fully labeled (matching the
 * template's labels), ready, and available (ready for minReadySeconds), with when the next ready pod becomes
 * available (simulated ms; Infinity when none waits).
 */
export interface OwnedPodStatusCounts {
  active: number;
  fullyLabeled: number;
  ready: number;
  available: number;
  nextAvailableAt: number;
}

/** One owner's tallies, kept current by the pod watch. */
interface OwnerTally {
  active: number;
  ready: number;
  /**
   * When each active ready pod turned ready (its Ready condition's lastTransitionTime), simulated ms, ascending;
   * pods without a parseable time are ready but never available (IsPodAvailable), so they are not here.
   */
  readySinceMs: number[];
  /** The selector `fullyLabeled` was counted with; undefined until an owner asks with one. */
  selector: Selector | undefined;
  fullyLabeled: number;
}

/** What one pod version adds to its owners' tallies; undefined for a pod that is not active. */
interface PodShare {
  labels: Readonly<Record<string, string>>;
  ready: boolean;
  /** NaN when not ready or without a parseable lastTransitionTime. */
  readySinceMs: number;
}

const NO_LABELS: Readonly<Record<string, string>> = {};

/**
 * Pod counts per owner uid, as a walk over `store.eachOwnedBy('Pod', uid)` would find them at the moment they are
 * read: every ownerReference of a pod counts it for that uid (the store's owner index does the same), and the
 * counts move on every pod added, changed or deleted. Available pods are counted at read time from the sorted
 * ready times, so the minReadySeconds boundary is exact at every instant. Subscribe before the counts are first
 * read; pods already in the store are counted at construction.
 */
export class OwnedPodCounts {
  private readonly owners = new Map<string, OwnerTally>();

  constructor(
    private readonly store: Store,
    private readonly clock: SimClock,
  ) {
    store.each<Pod>('Pod', (pod) => this.apply(pod, this.share(pod), 1));
    store.watch<Pod>('Pod', (e) => {
      const o = e.old;
      const n = e.object;
      // A write that leaves phase, conditions, termination, labels and owners as they were moves no count (a
      // share is made of nothing else): skip it without building the shares.
      if (
        e.type === 'MODIFIED' &&
        o !== undefined &&
        o.status?.conditions === n.status?.conditions &&
        o.status?.phase === n.status?.phase &&
        o.metadata.deletionTimestamp === n.metadata.deletionTimestamp &&
        o.metadata.labels === n.metadata.labels &&
        o.metadata.ownerReferences === n.metadata.ownerReferences
      ) {
        return;
      }
      const before = o === undefined ? undefined : this.share(o);
      if (e.type === 'DELETED') {
        this.apply(e.old!, before, -1);
        return;
      }
      const after = this.share(n);
      // Same owners and the same share: nothing moves (most kubelet status writes).
      if (
        o !== undefined &&
        o.metadata.ownerReferences === n.metadata.ownerReferences &&
        sameShare(before, after)
      ) {
        return;
      }
      if (o !== undefined) this.apply(o, before, -1);
      this.apply(n, after, 1);
    });
  }

  /**
   * The counts for the pods of owner `uid` at `nowMs` (simulated ms): fully labeled against `templateSelector`,
   * available against `minReadySeconds`.
   */
  counts(uid: string, templateSelector: Selector, minReadySeconds: number, nowMs: number): OwnedPodStatusCounts {
    const t = this.owners.get(uid);
    if (t === undefined) return { active: 0, fullyLabeled: 0, ready: 0, available: 0, nextAvailableAt: Infinity };
    if (t.selector !== templateSelector) this.recountFullyLabeled(uid, t, templateSelector);
    let available = t.ready;
    let nextAvailableAt = Infinity;
    // Without minReadySeconds a ready pod is available (IsPodAvailable's first case), no time to compare.
    if (minReadySeconds > 0) {
      const since = t.readySinceMs;
      const cutoff = nowMs - minReadySeconds * 1000;
      // Available: ready since at or before the cutoff (since + minReadySeconds ≤ now).
      const n = upperBound(since, cutoff);
      available = n;
      if (n < since.length) nextAvailableAt = since[n]! + minReadySeconds * 1000;
    }
    return { active: t.active, fullyLabeled: t.fullyLabeled, ready: t.ready, available, nextAvailableAt };
  }

  private recountFullyLabeled(uid: string, t: OwnerTally, selector: Selector): void {
    let n = 0;
    this.store.eachOwnedBy<Pod>('Pod', uid, (pod) => {
      if (isPodActive(pod) && selector.matches(pod.metadata.labels ?? NO_LABELS)) n++;
    });
    t.selector = selector;
    t.fullyLabeled = n;
  }

  private share(pod: Pod): PodShare | undefined {
    if (!isPodActive(pod)) return undefined;
    const c = podCondition(pod, 'Ready');
    const ready = c?.status === 'True';
    const readySinceMs = ready && c.lastTransitionTime ? this.clock.simMs(c.lastTransitionTime) : NaN;
    return { labels: pod.metadata?.labels ?? NO_LABELS, ready, readySinceMs };
  }

  /** Adds (`sign` 1) or removes (-1) one pod version's share for each distinct owner uid it names. */
  private apply(pod: Pod, share: PodShare | undefined, sign: 1 | -1): void {
    if (share === undefined) return;
    const refs = pod.metadata?.ownerReferences;
    if (refs === undefined) return;
    for (let i = 0; i < refs.length; i++) {
      const uid = refs[i]!.uid;
      if (!firstOf(refs, i, uid)) continue;
      let t = this.owners.get(uid);
      if (t === undefined) {
        if (sign < 0) continue;
        t = { active: 0, ready: 0, readySinceMs: [], selector: undefined, fullyLabeled: 0 };
        this.owners.set(uid, t);
      }
      t.active += sign;
      if (t.selector !== undefined && t.selector.matches(share.labels)) t.fullyLabeled += sign;
      if (!share.ready) continue;
      t.ready += sign;
      if (Number.isNaN(share.readySinceMs)) continue;
      if (sign > 0) insertSorted(t.readySinceMs, share.readySinceMs);
      else removeSorted(t.readySinceMs, share.readySinceMs);
    }
  }
}

/** Whether two shares count the same (labels by identity, as the store shares an unchanged labels object). */
function sameShare(a: PodShare | undefined, b: PodShare | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.labels === b.labels && a.ready === b.ready && (a.readySinceMs === b.readySinceMs || (Number.isNaN(a.readySinceMs) && Number.isNaN(b.readySinceMs)));
}

/** Whether refs[i] is the first reference naming `uid` (a pod names an owner once in the store's index). */
function firstOf(refs: readonly { uid: string }[], i: number, uid: string): boolean {
  for (let j = 0; j < i; j++) if (refs[j]!.uid === uid) return false;
  return true;
}

/** The number of elements of ascending `xs` that are ≤ `x`. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `x` into ascending `xs`; pods mostly turn ready in time order, so this is mostly a push. */
function insertSorted(xs: number[], x: number): void {
  if (xs.length === 0 || xs[xs.length - 1]! <= x) {
    xs.push(x);
    return;
  }
  xs.splice(upperBound(xs, x), 0, x);
}

/** Removes one occurrence of `x` from ascending `xs` (it is there: every removal follows its insertion). */
function removeSorted(xs: number[], x: number): void {
  const i = upperBound(xs, x) - 1;
  if (i === xs.length - 1) xs.pop();
  else xs.splice(i, 1);
}
