/**
 * The DaemonSet controller (`pkg/controller/daemon/daemon_controller.go`, `update.go`): one pod per node that
 * should run one. A sync
 *
 * 1. `constructHistory`: the ControllerRevision of the current template (`<ds>-<hash>`, created or renumbered),
 *    whose hash labels new pods (`controller-revision-hash`);
 * 2. `manage`: per node, `podsShouldBeOnNode` — create a pod where one should run and none does, delete failed
 *    pods (with a per-node back-off, 1 s doubling to 15 min) and succeeded ones, prune extra pods, delete pods on
 *    nodes that should not keep them — then `syncNodes` creates in slow-start batches and deletes;
 * 3. RollingUpdate (when manage changed nothing, as upstream's expectations gate it): `rollingUpdate` in
 *    update.ts; OnDelete does nothing;
 * 4. `cleanupHistory` (revisionHistoryLimit) and the status counts.
 *
 * A daemon pod names its node through required node affinity (`metadata.name In [node]`), not `spec.nodeName`, so
 * the default scheduler binds it: its requests count against the node, and on a full node it stays Pending with
 * the scheduler's reason (or preempts, by priority). Nodes that join (timeline, cluster autoscaler) get a pod;
 * pods on a deleted node are removed by the pod garbage collector.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1';
import { cloneJson } from '../../api/clone.ts';
import { defaultPod } from '../../api/defaults.ts';
import { canonicalJson } from '../../engine/canonical.ts';
import { deletePod, isPodReady, podAvailability } from '../../cluster/pods.ts';
import type { Stored } from '../../cluster/store.ts';
import { generateName } from '../../cluster/names.ts';
import { involved, Priority, WorkQueue, type Controller, type ControllerContext } from '../context.ts';
import { watchControlledPods } from '../owned-pods.ts';
import { ComputeHash } from '../deployment/util.ts';
import { slowStartBatch } from '../slow-start.ts';
import { rollingUpdate, type NodeToDaemonPods } from './update.ts';
import {
  AllowsSurge,
  CreatePodTemplate,
  DefaultDaemonSetUniqueLabelKey,
  GetTargetNodeName,
  getPatch,
  GetTemplateGeneration,
  IsPodUpdated,
  NodeShouldRunDaemonPod,
  nodeShouldNotRunReason,
  podByCreationTimestampAndPhase,
  ReplaceDaemonSetPodNodeNameNodeAffinity,
} from './util.ts';

/** `BurstReplicas`: the most pods one sync creates or deletes. */
export const BurstReplicas = 250;
/** The failed-pod back-off (`failedPodsBackoff = flowcontrol.NewBackOff(1s, 15min)`), ms. */
export const FAILED_PODS_BACKOFF_INITIAL_MS = 1_000;
export const FAILED_PODS_BACKOFF_MAX_MS = 15 * 60_000;

/** Event reasons (`daemon_controller.go`). */
export const SelectingAllReason = 'SelectingAll';
export const FailedDaemonPodReason = 'FailedDaemonPod';
export const SucceededDaemonPodReason = 'SucceededDaemonPod';

const COMPONENT = 'daemonset-controller';

type StoredDs = Stored<DaemonSet>;

/** One key's entry of client-go's `flowcontrol.Backoff`. */
interface BackoffEntry {
  backoffMs: number;
  lastUpdateMs: number;
}

export class DaemonSetsController implements Controller {
  readonly name = COMPONENT;
  private ctx!: ControllerContext;
  private queue!: WorkQueue;
  private readonly failedPodsBackoff = new Map<string, BackoffEntry>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    // The workload controllers' step: after the HPA and the timeline, before the scheduler places the new pods.
    this.queue = new WorkQueue(ctx.engine, Priority.ReplicaSet, (key) => this.syncDaemonSet(key));
    ctx.store.watch<DaemonSet>('DaemonSet', (e) => {
      if (e.type !== 'DELETED') this.queue.add(keyOf(e.object));
    });
    watchControlledPods(ctx.store, 'DaemonSet', (key) => this.queue.add(key));
    ctx.store.watch<Node>('Node', (e) => {
      if (e.type === 'ADDED') this.addNode(e.object);
      else if (e.type === 'MODIFIED' && e.old) this.updateNode(e.old, e.object);
      else if (e.type === 'DELETED') this.deleteNode();
    });
  }

  /** `addNode`: every DaemonSet that should run on the new node syncs. */
  private addNode(node: Node): void {
    for (const ds of this.ctx.store.list<DaemonSet>('DaemonSet')) {
      if (NodeShouldRunDaemonPod(node, ds).shouldRun) this.queue.add(keyOf(ds));
    }
  }

  /**
   * `updateNode`: ignored when only conditions (and heartbeats) changed (`shouldIgnoreNodeUpdate`); otherwise a
   * DaemonSet syncs when the node's shouldRun or shouldContinueRunning verdict for it changed.
   */
  private updateNode(oldNode: Node, curNode: Node): void {
    if (shouldIgnoreNodeUpdate(oldNode, curNode)) return;
    for (const ds of this.ctx.store.list<DaemonSet>('DaemonSet')) {
      const o = NodeShouldRunDaemonPod(oldNode, ds);
      const c = NodeShouldRunDaemonPod(curNode, ds);
      if (o.shouldRun !== c.shouldRun || o.shouldContinueRunning !== c.shouldContinueRunning) this.queue.add(keyOf(ds));
    }
  }

  /** A deleted node: every DaemonSet syncs, so unscheduled pods meant for it are removed (`getUnscheduledPodsWithoutNode`). */
  private deleteNode(): void {
    for (const ds of this.ctx.store.list<DaemonSet>('DaemonSet')) this.queue.add(keyOf(ds));
  }

  /** `syncDaemonSet`. */
  private syncDaemonSet(key: string): void {
    const { store } = this.ctx;
    const slash = key.indexOf('/');
    const ds = store.get<DaemonSet>('DaemonSet', key.slice(0, slash), key.slice(slash + 1));
    if (!ds) return;
    const nodeList = store.list<Node>('Node').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    const sel = ds.spec?.selector;
    if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      this.ctx.events.record(involved(ds), 'Warning', SelectingAllReason, 'This daemon set is selecting all pods. A non-empty selector is required.', { component: COMPONENT });
      return;
    }
    if (ds.metadata.deletionTimestamp) return;
    const history = this.constructHistory(ds);
    if (!history) return;
    const { cur, old } = history;
    const hash = cur.metadata?.labels?.[DefaultDaemonSetUniqueLabelKey] ?? '';
    this.updateDaemonSet(ds, nodeList, hash, old);
    this.updateDaemonSetStatus(ds, nodeList, hash);
  }

  /** `updateDaemonSet`: manage, then the update strategy when manage left nothing in flight, then history cleanup. */
  private updateDaemonSet(ds: StoredDs, nodeList: Stored<Node>[], hash: string, old: Stored<ControllerRevision>[]): void {
    const changed = this.manage(ds, nodeList, hash);
    // Upstream runs the strategy only once the informers have seen manage's creations and deletions
    // (SatisfiedExpectations); here the pod watch requeues the set at this instant, and that sync runs it.
    if (!changed && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const nodeToDaemonPods = this.getNodesToDaemonPods(ds, false);
      const now = this.ctx.engine.nowMs;
      const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
      const plan = rollingUpdate(ds, nodeList, nodeToDaemonPods, hash, (p) => podAvailability(p, minReadySeconds, now, this.ctx.clock).available);
      if (this.syncNodes(ds, plan.oldPodsToDelete, plan.newNodesToCreate, hash)) {
        const parts = [
          ...(plan.oldPodsToDelete.length > 0 ? [`delete old ${plan.oldPodsToDelete.join(', ')}`] : []),
          ...(plan.newNodesToCreate.length > 0 ? [`surge on ${plan.newNodesToCreate.join(', ')}`] : []),
        ];
        this.ctx.decisions.add(
          'daemonset',
          `DaemonSet/${ds.metadata.namespace}/${ds.metadata.name}`,
          `rolling update (maxUnavailable ${plan.maxUnavailable}, maxSurge ${plan.maxSurge} of ${plan.desiredNumberScheduled} nodes): ${parts.join('; ')}`,
          { ...plan, hash },
        );
      }
    }
    this.cleanupHistory(ds, old);
  }

  /**
   * `constructHistory`: the revisions this set controls split into the one matching the current template and the
   * old ones; the current one is created (`snapshot`), deduplicated, or renumbered above the old ones. Undefined
   * after a hash collision (the collision count was raised and the set requeued).
   */
  private constructHistory(ds: StoredDs): { cur: Stored<ControllerRevision>; old: Stored<ControllerRevision>[] } | undefined {
    const { store } = this.ctx;
    const histories = store.ownedBy<ControllerRevision>('ControllerRevision', ds.metadata.uid).sort(byName);
    const patch = canonicalJson(getPatch(ds));
    const current: Stored<ControllerRevision>[] = [];
    const old: Stored<ControllerRevision>[] = [];
    for (let h of histories) {
      if (h.metadata.labels?.[DefaultDaemonSetUniqueLabelKey] === undefined) {
        h = store.mutate<ControllerRevision>('ControllerRevision', h.metadata.namespace, h.metadata.name, (d) => {
          d.metadata.labels = { ...(d.metadata.labels ?? {}), [DefaultDaemonSetUniqueLabelKey]: d.metadata.name };
        });
      }
      if (canonicalJson(h.data ?? null) === patch) current.push(h);
      else old.push(h);
    }
    const currRevision = maxRevision(old) + 1;
    if (current.length === 0) {
      const cur = this.snapshot(ds, currRevision);
      return cur ? { cur, old } : undefined;
    }
    let cur = this.dedupCurHistories(ds, current);
    if (cur.revision < currRevision) {
      cur = store.mutate<ControllerRevision>('ControllerRevision', cur.metadata.namespace, cur.metadata.name, (d) => {
        d.revision = currRevision;
      });
    }
    return { cur, old };
  }

  /**
   * `snapshot`: creates the revision `<ds>-<ComputeHash(template, collisionCount)>`. A name taken by another
   * template is a hash collision: the set's collisionCount goes up and the set syncs again.
   */
  private snapshot(ds: StoredDs, revision: number): Stored<ControllerRevision> | undefined {
    const { store } = this.ctx;
    const data = getPatch(ds);
    const hash = ComputeHash(ds.spec?.template, ds.status?.collisionCount);
    const name = `${ds.metadata.name}-${hash}`;
    const existing = store.get<ControllerRevision>('ControllerRevision', ds.metadata.namespace, name);
    if (existing) {
      if (canonicalJson(existing.data ?? null) === canonicalJson(data)) return existing;
      store.mutate<DaemonSet>('DaemonSet', ds.metadata.namespace, ds.metadata.name, (d) => {
        d.status = { ...(d.status ?? { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 }), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      });
      this.queue.add(keyOf(ds));
      return undefined;
    }
    return store.create<ControllerRevision>('ControllerRevision', {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: ds.metadata.namespace,
        labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [DefaultDaemonSetUniqueLabelKey]: hash },
        ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
        ownerReferences: [controllerRef(ds)],
      },
      data,
      revision,
    });
  }

  /** `dedupCurHistories`: keeps the highest-numbered current revision, relabels pods to it, deletes the rest. */
  private dedupCurHistories(ds: StoredDs, curHistories: Stored<ControllerRevision>[]): Stored<ControllerRevision> {
    if (curHistories.length === 1) return curHistories[0]!;
    let keepCur = curHistories[0]!;
    for (const c of curHistories) if (c.revision >= keepCur.revision) keepCur = c;
    const keepHash = keepCur.metadata.labels?.[DefaultDaemonSetUniqueLabelKey] ?? '';
    const { store } = this.ctx;
    for (const pod of this.getDaemonPods(ds)) {
      if (pod.metadata.labels?.[DefaultDaemonSetUniqueLabelKey] === keepHash) continue;
      store.mutate<Pod>('Pod', pod.metadata.namespace, pod.metadata.name, (d) => {
        d.metadata.labels = { ...(d.metadata.labels ?? {}), [DefaultDaemonSetUniqueLabelKey]: keepHash };
      });
    }
    for (const c of curHistories) if (c.metadata.name !== keepCur.metadata.name) store.delete('ControllerRevision', c.metadata.namespace, c.metadata.name);
    return keepCur;
  }

  /** `cleanupHistory`: deletes the oldest old revisions beyond revisionHistoryLimit (default 10) no pod is at. */
  private cleanupHistory(ds: StoredDs, old: Stored<ControllerRevision>[]): void {
    let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
    if (toKill <= 0) return;
    const liveHashes = new Set<string>();
    for (const pods of this.getNodesToDaemonPods(ds, true).values()) {
      for (const p of pods) {
        const h = p.metadata?.labels?.[DefaultDaemonSetUniqueLabelKey];
        if (h) liveHashes.add(h);
      }
    }
    for (const h of [...old].sort((a, b) => a.revision - b.revision)) {
      if (toKill <= 0) break;
      if (liveHashes.has(h.metadata.labels?.[DefaultDaemonSetUniqueLabelKey] ?? '')) continue;
      this.ctx.store.delete('ControllerRevision', h.metadata.namespace, h.metadata.name);
      toKill--;
    }
  }

  /** `getDaemonPods`: the pods this set controls (by controller reference). */
  private getDaemonPods(ds: StoredDs): Stored<Pod>[] {
    return this.ctx.store.ownedBy<Pod>('Pod', ds.metadata.uid).filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata.uid));
  }

  /**
   * `getNodesToDaemonPods`: the set's pods by target node (`GetTargetNodeName`). Unless `includeDeletedTerminal`,
   * terminal pods already being deleted are left out: nothing is left to do with them.
   */
  getNodesToDaemonPods(ds: StoredDs, includeDeletedTerminal: boolean): NodeToDaemonPods {
    const m: NodeToDaemonPods = new Map();
    for (const pod of this.getDaemonPods(ds)) {
      const phase = pod.status?.phase;
      if (!includeDeletedTerminal && (phase === 'Succeeded' || phase === 'Failed') && pod.metadata.deletionTimestamp) continue;
      const nodeName = GetTargetNodeName(pod);
      if (nodeName instanceof Error) continue;
      const list = m.get(nodeName);
      if (list) list.push(pod);
      else m.set(nodeName, [pod]);
    }
    return m;
  }

  /** `manage`: the creations and deletions every node needs; returns whether any were made. */
  private manage(ds: StoredDs, nodeList: Stored<Node>[], hash: string): boolean {
    const nodeToDaemonPods = this.getNodesToDaemonPods(ds, false);
    const nodesNeedingDaemonPods: string[] = [];
    const podsToDelete: string[] = [];
    const notes: string[] = [];
    for (const node of nodeList) {
      const r = this.podsShouldBeOnNode(node, nodeToDaemonPods, ds, hash, notes);
      nodesNeedingDaemonPods.push(...r.nodesNeedingDaemonPods);
      podsToDelete.push(...r.podsToDelete);
    }
    const orphans = getUnscheduledPodsWithoutNode(nodeList, nodeToDaemonPods);
    if (orphans.length > 0) notes.push(`delete ${orphans.join(', ')}: unscheduled, meant for nodes that no longer exist`);
    podsToDelete.push(...orphans);
    if (nodesNeedingDaemonPods.length > 0) notes.unshift(`create on ${nodesNeedingDaemonPods.join(', ')}: should run, no daemon pod`);
    const changed = this.syncNodes(ds, podsToDelete, nodesNeedingDaemonPods, hash);
    if (changed) this.ctx.decisions.add('daemonset', `DaemonSet/${ds.metadata.namespace}/${ds.metadata.name}`, notes.join('; '), { nodesNeedingDaemonPods, podsToDelete });
    return changed;
  }

  /** `podsShouldBeOnNode`: the pod to create on `node`, or the pods to delete there; why each pod goes, in `notes`. */
  private podsShouldBeOnNode(node: Node, nodeToDaemonPods: NodeToDaemonPods, ds: StoredDs, hash: string, notes: string[]): { nodesNeedingDaemonPods: string[]; podsToDelete: string[] } {
    const nodeName = node.metadata?.name ?? '';
    const { shouldRun, shouldContinueRunning } = NodeShouldRunDaemonPod(node, ds);
    const daemonPods = nodeToDaemonPods.get(nodeName);
    const nodesNeedingDaemonPods: string[] = [];
    const podsToDelete: string[] = [];
    if (shouldRun && !daemonPods) {
      nodesNeedingDaemonPods.push(nodeName);
    } else if (shouldContinueRunning) {
      const running: Pod[] = [];
      for (const pod of daemonPods ?? []) {
        if (pod.metadata?.deletionTimestamp) continue;
        if (pod.status?.phase === 'Failed') {
          // The kubelet and this controller can fight over a pod the node rejects: back off per node.
          const backoffKey = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${nodeName}`;
          const now = this.ctx.engine.nowMs;
          const entry = this.failedPodsBackoff.get(backoffKey);
          if (entry && !backoffExpired(entry, now) && now - entry.lastUpdateMs < entry.backoffMs) {
            this.queue.addAfter(keyOf(ds), entry.backoffMs);
            continue;
          }
          this.failedPodsBackoff.set(backoffKey, {
            backoffMs: !entry || backoffExpired(entry, now) ? FAILED_PODS_BACKOFF_INITIAL_MS : Math.min(entry.backoffMs * 2, FAILED_PODS_BACKOFF_MAX_MS),
            lastUpdateMs: now,
          });
          const msg = `Found failed daemon pod ${pod.metadata?.namespace}/${pod.metadata?.name} on node ${nodeName}, will try to kill it`;
          this.ctx.events.record(involved(ds), 'Warning', FailedDaemonPodReason, msg, { component: COMPONENT });
          podsToDelete.push(pod.metadata?.name ?? '');
          notes.push(`delete ${pod.metadata?.name} on ${nodeName}: Failed`);
        } else if (pod.status?.phase === 'Succeeded') {
          const msg = `Found succeeded daemon pod ${pod.metadata?.namespace}/${pod.metadata?.name} on node ${nodeName}, will try to delete it`;
          this.ctx.events.record(involved(ds), 'Normal', SucceededDaemonPodReason, msg, { component: COMPONENT });
          podsToDelete.push(pod.metadata?.name ?? '');
          notes.push(`delete ${pod.metadata?.name} on ${nodeName}: Succeeded`);
        } else {
          running.push(pod);
        }
      }
      if (!AllowsSurge(ds)) {
        // Without surge, every running pod but the oldest goes.
        if (running.length > 1) {
          running.sort(podByCreationTimestampAndPhase);
          for (let i = 1; i < running.length; i++) podsToDelete.push(running[i]!.metadata?.name ?? '');
          notes.push(`delete ${running.slice(1).map((p) => p.metadata?.name).join(', ')} on ${nodeName}: more than one pod, the oldest stays`);
        }
      } else if (running.length <= 1) {
        if (running.length === 0 && shouldRun) nodesNeedingDaemonPods.push(nodeName);
      } else {
        // With surge, two pods may share a node only while the oldest new pod is not ready yet and the oldest old
        // one is: everything else goes.
        running.sort(podByCreationTimestampAndPhase);
        let oldestNewPod: Pod | undefined;
        let oldestOldPod: Pod | undefined;
        for (const pod of running) {
          if (pod.metadata?.labels?.[DefaultDaemonSetUniqueLabelKey] === hash) {
            if (!oldestNewPod) {
              oldestNewPod = pod;
              continue;
            }
          } else if (!oldestOldPod) {
            oldestOldPod = pod;
            continue;
          }
          podsToDelete.push(pod.metadata?.name ?? '');
          notes.push(`delete ${pod.metadata?.name} on ${nodeName}: a third pod while surging`);
        }
        if (oldestNewPod && oldestOldPod) {
          if (!isPodReady(oldestOldPod)) {
            podsToDelete.push(oldestOldPod.metadata?.name ?? '');
            notes.push(`delete ${oldestOldPod.metadata?.name} on ${nodeName}: old pod not ready, the new one replaces it`);
          } else if (podAvailability(oldestNewPod, ds.spec?.minReadySeconds ?? 0, this.ctx.engine.nowMs, this.ctx.clock).available) {
            podsToDelete.push(oldestOldPod.metadata?.name ?? '');
            notes.push(`delete ${oldestOldPod.metadata?.name} on ${nodeName}: the new pod ${oldestNewPod.metadata?.name} is available`);
          }
        }
      }
    } else if (daemonPods) {
      // The node should not keep a daemon pod: all of them go.
      const going = daemonPods.filter((pod) => !pod.metadata?.deletionTimestamp).map((pod) => pod.metadata?.name ?? '');
      podsToDelete.push(...going);
      if (going.length > 0) notes.push(`delete ${going.join(', ')} on ${nodeName}: ${nodeShouldNotRunReason(node, ds) ?? 'should not run'}`);
    }
    return { nodesNeedingDaemonPods, podsToDelete };
  }

  /**
   * `syncNodes`: creates a pod on each node of `nodesNeedingDaemonPods` (at most BurstReplicas, in slow-start
   * batches) from the template with the daemon tolerations and the hash label, pinned to its node by required
   * node affinity; deletes `podsToDelete` (at most BurstReplicas). Returns whether anything was written.
   */
  private syncNodes(ds: StoredDs, podsToDelete: readonly string[], nodesNeedingDaemonPods: readonly string[], hash: string): boolean {
    const { store, engine, clock } = this.ctx;
    const createDiff = Math.min(nodesNeedingDaemonPods.length, BurstReplicas);
    const deleteDiff = Math.min(podsToDelete.length, BurstReplicas);
    const generation = GetTemplateGeneration(ds);
    const template = CreatePodTemplate(ds.spec?.template ?? {}, generation, hash);
    // Creations do not fail in the simulation, so every slow-start batch runs.
    slowStartBatch(createDiff, (ix) => {
      const podTemplate = cloneJson(template);
      podTemplate.spec!.affinity = ReplaceDaemonSetPodNodeNameNodeAffinity(podTemplate.spec!.affinity, nodesNeedingDaemonPods[ix]!);
      this.createPod(ds, podTemplate);
      return true;
    });
    for (let i = 0; i < deleteDiff; i++) {
      const pod = store.get<Pod>('Pod', ds.metadata.namespace, podsToDelete[i]!);
      if (!pod) continue;
      deletePod(store, clock, engine.nowMs, pod);
      this.ctx.events.record(involved(ds), 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, { component: COMPONENT });
    }
    if (nodesNeedingDaemonPods.length > createDiff || podsToDelete.length > deleteDiff) this.queue.add(keyOf(ds));
    return createDiff + deleteDiff > 0;
  }

  /** `CreatePods` with generateName `<ds>-`, the set as controller, and its SuccessfulCreate event. */
  private createPod(ds: StoredDs, template: NonNullable<DaemonSet['spec']>['template']): void {
    const { store, engine } = this.ctx;
    const prefix = `${ds.metadata.name}-`;
    const podName = generateName(prefix, engine.rng('names'), (n) => !!store.get('Pod', ds.metadata.namespace, n));
    const pod = defaultPod({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...(template.metadata ?? {}), name: podName, generateName: prefix, namespace: ds.metadata.namespace, ownerReferences: [controllerRef(ds)] },
      spec: template.spec ?? { containers: [] },
      status: { phase: 'Pending' },
    } as Record<string, unknown>) as Pod;
    store.create('Pod', pod);
    this.ctx.events.record(involved(ds), 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`, { component: COMPONENT });
  }

  /**
   * `updateDaemonSetStatus`: per node that should run a pod, whether one is there, and whether the oldest is
   * ready, available and updated; pods on nodes that should not run one are misscheduled. Written when changed;
   * with minReadySeconds the set syncs again after it while some ready pod is not yet available.
   */
  private updateDaemonSetStatus(ds: StoredDs, nodeList: Stored<Node>[], hash: string): void {
    const { store, engine, clock } = this.ctx;
    const fresh = store.get<DaemonSet>('DaemonSet', ds.metadata.namespace, ds.metadata.name);
    if (!fresh || fresh.metadata.uid !== ds.metadata.uid) return;
    const nodeToDaemonPods = this.getNodesToDaemonPods(fresh, false);
    const minReadySeconds = fresh.spec?.minReadySeconds ?? 0;
    const generation = GetTemplateGeneration(fresh);
    let desiredNumberScheduled = 0;
    let currentNumberScheduled = 0;
    let numberMisscheduled = 0;
    let numberReady = 0;
    let updatedNumberScheduled = 0;
    let numberAvailable = 0;
    for (const node of nodeList) {
      const { shouldRun } = NodeShouldRunDaemonPod(node, fresh);
      const daemonPods = nodeToDaemonPods.get(node.metadata.name) ?? [];
      const scheduled = daemonPods.length > 0;
      if (!shouldRun) {
        if (scheduled) numberMisscheduled++;
        continue;
      }
      desiredNumberScheduled++;
      if (!scheduled) continue;
      currentNumberScheduled++;
      const pod = [...daemonPods].sort(podByCreationTimestampAndPhase)[0]!;
      if (isPodReady(pod)) {
        numberReady++;
        if (podAvailability(pod, minReadySeconds, engine.nowMs, clock).available) numberAvailable++;
      }
      if (IsPodUpdated(pod, hash, generation)) updatedNumberScheduled++;
    }
    const numberUnavailable = desiredNumberScheduled - numberAvailable;
    const s = fresh.status;
    const gen = fresh.metadata.generation ?? 1;
    if (
      !(
        s &&
        s.desiredNumberScheduled === desiredNumberScheduled &&
        s.currentNumberScheduled === currentNumberScheduled &&
        s.numberMisscheduled === numberMisscheduled &&
        s.numberReady === numberReady &&
        (s.updatedNumberScheduled ?? 0) === updatedNumberScheduled &&
        (s.numberAvailable ?? 0) === numberAvailable &&
        (s.numberUnavailable ?? 0) === numberUnavailable &&
        (s.observedGeneration ?? 0) >= gen
      )
    ) {
      store.mutate<DaemonSet>('DaemonSet', fresh.metadata.namespace, fresh.metadata.name, (d) => {
        d.status = {
          ...(d.status ?? {}),
          observedGeneration: gen,
          desiredNumberScheduled,
          currentNumberScheduled,
          numberMisscheduled,
          numberReady,
          updatedNumberScheduled,
          numberAvailable,
          numberUnavailable,
        };
      });
    }
    if (minReadySeconds > 0 && numberReady !== numberAvailable) this.queue.addAfter(keyOf(fresh), minReadySeconds * 1000);
  }
}

function keyOf(o: { metadata?: { namespace?: string; name?: string } }): string {
  return `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? ''}`;
}

function byName(a: { metadata: { name: string } }, b: { metadata: { name: string } }): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** `metav1.NewControllerRef(ds, DaemonSet)`. */
function controllerRef(ds: StoredDs) {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/** `maxRevision`: the highest revision number (0 for none). */
export function maxRevision(histories: readonly ControllerRevision[]): number {
  let max = 0;
  for (const h of histories) if (h.revision > max) max = h.revision;
  return max;
}

/** client-go `Backoff` expiry: an entry not updated for more than twice the cap starts over. */
function backoffExpired(entry: BackoffEntry, nowMs: number): boolean {
  return nowMs - entry.lastUpdateMs > 2 * FAILED_PODS_BACKOFF_MAX_MS;
}

/**
 * `shouldIgnoreNodeUpdate`: the update changed nothing but the conditions' heartbeats — the same set of True
 * condition types (`nodeInSameCondition`) and otherwise equal objects.
 */
export function shouldIgnoreNodeUpdate(oldNode: Node, curNode: Node): boolean {
  const trueTypes = (n: Node) =>
    (n.status?.conditions ?? [])
      .filter((c) => c.status === 'True')
      .map((c) => c.type)
      .sort()
      .join('\u0000');
  if (trueTypes(oldNode) !== trueTypes(curNode)) return false;
  const strip = (n: Node) => ({ ...n, metadata: { ...n.metadata, resourceVersion: '' }, status: { ...(n.status ?? {}), conditions: [] } });
  return canonicalJson(strip(oldNode)) === canonicalJson(strip(curNode));
}

/** `getUnscheduledPodsWithoutNode`: unscheduled pods meant for nodes that no longer exist. */
export function getUnscheduledPodsWithoutNode(runningNodesList: readonly Node[], nodeToDaemonPods: NodeToDaemonPods): string[] {
  const running = new Set(runningNodesList.map((n) => n.metadata?.name ?? ''));
  const results: string[] = [];
  for (const [n, pods] of [...nodeToDaemonPods.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (running.has(n)) continue;
    for (const pod of pods) if (!pod.spec?.nodeName) results.push(pod.metadata?.name ?? '');
  }
  return results;
}
