/**
 * The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's status — expected pods,
 * currentHealthy, desiredHealthy, disruptionsAllowed, disruptedPods — in step with its pods, so the eviction API
 * (drains) and preemption can honour it. The arithmetic is in `pdb.ts`.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { labelSelectorAsSelector } from '../../api/selector.ts';
import type { Stored } from '../../cluster/store.ts';
import { Priority, WorkQueue, type Controller, type ControllerContext } from '../context.ts';
import { canEvict, computePdbStatus, type ControllerScale, type EvictionDecision } from './pdb.ts';

export class DisruptionController implements Controller {
  readonly name = 'controllermanager';
  private ctx!: ControllerContext;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.engine, Priority.ReplicaSet + 1, (key) => this.sync(key));
    ctx.store.watch<PodDisruptionBudget>('PodDisruptionBudget', (e) => {
      if (e.type !== 'DELETED') this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    });
    ctx.store.watch<Pod>('Pod', (e) => {
      for (const pdb of ctx.store.list<PodDisruptionBudget>('PodDisruptionBudget', e.object.metadata.namespace)) {
        const sel = labelSelectorAsSelector(pdb.spec?.selector);
        if (sel.matches(e.object.metadata.labels ?? {}) || (e.old && sel.matches(e.old.metadata.labels ?? {}))) {
          this.queue.add(`${pdb.metadata.namespace}/${pdb.metadata.name}`);
        }
      }
    });
  }

  /**
   * The eviction subresource: evicts the pod (graceful delete) when its PDB allows it and records the disruption;
   * otherwise returns the API's refusal (429 with upstream's message).
   */
  evict(pod: Stored<Pod>): EvictionDecision {
    const { store, clock, engine } = this.ctx;
    const pdbs = store.list<PodDisruptionBudget>('PodDisruptionBudget', pod.metadata.namespace);
    const d = canEvict(pod, pdbs);
    if (d.allowed && d.decrement) {
      const dec = d.decrement;
      store.mutate<PodDisruptionBudget>('PodDisruptionBudget', pod.metadata.namespace, dec.pdbName, (p) => {
        p.status = {
          ...(p.status ?? { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 }),
          disruptionsAllowed: dec.disruptionsAllowed,
          disruptedPods: { ...(p.status?.disruptedPods ?? {}), [dec.podName]: clock.timestamp(engine.nowMs) },
        };
      });
    }
    return d;
  }

  private sync(key: string): void {
    const { store, clock, engine } = this.ctx;
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const pdb = store.get<PodDisruptionBudget>('PodDisruptionBudget', ns, key.slice(slash + 1));
    if (!pdb) return;
    const sel = labelSelectorAsSelector(pdb.spec?.selector);
    const pods = store.list<Pod>('Pod', ns).filter((p) => sel.matches(p.metadata.labels ?? {}));
    const disrupted: Record<string, number> = {};
    for (const [name, ts] of Object.entries(pdb.status?.disruptedPods ?? {})) disrupted[name] = clock.epochMs + clock.simMs(ts);
    const nowUnix = clock.epochMs + engine.nowMs;
    const r = computePdbStatus(pdb, pods, (ref, pod) => this.findScale(ref, pod), disrupted, nowUnix);
    const status = {
      observedGeneration: pdb.metadata.generation ?? 1,
      currentHealthy: r.currentHealthy,
      desiredHealthy: r.desiredHealthy,
      expectedPods: r.expectedPods,
      disruptionsAllowed: r.disruptionsAllowed,
      ...(r.disruptedPods.size ? { disruptedPods: Object.fromEntries([...r.disruptedPods].map(([n, ms]) => [n, clock.timestamp(ms - clock.epochMs)])) } : {}),
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: r.condition.status,
          reason: r.condition.reason,
          message: r.condition.message,
          observedGeneration: pdb.metadata.generation ?? 1,
          lastTransitionTime:
            pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed' && c.status === r.condition.status)?.lastTransitionTime ??
            clock.timestamp(engine.nowMs),
        },
      ],
    };
    if (JSON.stringify(pdb.status ?? {}) !== JSON.stringify(status)) {
      store.mutate<PodDisruptionBudget>('PodDisruptionBudget', ns, pdb.metadata.name, (d) => {
        d.status = status;
      });
    }
    if (r.recheckAtMs !== undefined) this.queue.addAfter(key, Math.max(1, r.recheckAtMs - nowUnix));
  }

  /** The scale of a pod's controller; a ReplicaSet owned by a Deployment resolves to the Deployment. */
  private findScale(ref: OwnerReference, pod: Pod): ControllerScale | undefined {
    const { store } = this.ctx;
    const ns = pod.metadata?.namespace ?? 'default';
    if (ref.kind === 'ReplicaSet') {
      const rs = store.get<ReplicaSet>('ReplicaSet', ns, ref.name);
      if (!rs) return undefined;
      const up = rs.metadata.ownerReferences?.find((r) => r.controller);
      if (up?.kind === 'Deployment') {
        const d = store.get<Deployment>('Deployment', ns, up.name);
        if (d) return { uid: d.metadata.uid, scale: d.spec?.replicas ?? 1 };
      }
      if (up?.kind === 'Rollout') {
        const ro = store.get<{ spec?: { replicas?: number } }>('Rollout', ns, up.name);
        if (ro) return { uid: ro.metadata.uid, scale: ro.spec?.replicas ?? 1 };
      }
      return { uid: rs.metadata.uid, scale: rs.spec?.replicas ?? 1 };
    }
    if (ref.kind === 'StatefulSet') {
      const ss = store.get<StatefulSet>('StatefulSet', ns, ref.name);
      return ss ? { uid: ss.metadata.uid, scale: ss.spec?.replicas ?? 1 } : undefined;
    }
    return undefined;
  }
}
