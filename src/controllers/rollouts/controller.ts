/**
 * The Rollout controller, after argo-rollouts `rollout/controller.go` and `rollout/sync.go`: for each Rollout key it
 * resolves the pod template (inline or from a workloadRef Deployment), finds or creates the new ReplicaSet, resets
 * the status when the template changed, and runs the canary or blue-green strategy. It watches Rollouts, their
 * ReplicaSets and AnalysisRuns, and referenced Deployments. Also the timeline hooks the scenario runner calls, as the
 * `kubectl argo rollouts` plugin patches: promote (--full), abort, retry, pause, resume, set image.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { Rollout } from '../../api/argo.ts';
import type { Stored } from '../../cluster/store.ts';
import { Priority, WorkQueue, involved, type Controller, type ControllerContext } from '../context.ts';
import type { AnalysisRun } from './analysis-run.ts';
import { rolloutBlueGreen } from './bluegreen.ts';
import { rolloutCanary } from './canary.ts';
import { DefaultRolloutUniqueLabelKey } from './canary-math.ts';
import { RolloutsComponent, createNewReplicaSet, hashOf, podTemplateHash, revisionOf, type RolloutSync } from './replicaset.ts';
import { cancelAnalysisRuns, clearAnalysisStatus } from './rollout-analysis.ts';
import { checkPausedConditions, persistRolloutStatus } from './status.ts';
import type { RolloutStatus } from './types.ts';

export { getTrafficWeights, type TrafficSplitEntry } from './service.ts';

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** The Rollout controller. `start` subscribes to Rollout, ReplicaSet, AnalysisRun and Deployment changes. */
export class RolloutController implements Controller {
  readonly name = 'rollout';
  private ctx: ControllerContext | undefined;
  private queue: WorkQueue | undefined;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    const queue = new WorkQueue(ctx.engine, Priority.Rollout, (key) => this.syncRollout(key));
    this.queue = queue;
    const enqueueOwner = (obj: { metadata: { namespace: string; ownerReferences?: { kind: string; name: string; controller?: boolean }[] } }) => {
      const ref = obj.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Rollout');
      if (ref) queue.add(`${obj.metadata.namespace}/${ref.name}`);
    };
    ctx.store.watch<Rollout>('Rollout', (e) => {
      if (e.type !== 'DELETED') queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    });
    ctx.store.watch<ReplicaSet>('ReplicaSet', (e) => enqueueOwner(e.object));
    ctx.store.watch<AnalysisRun>('AnalysisRun', (e) => {
      if (e.type !== 'DELETED' && e.old?.status?.phase !== e.object.status?.phase) enqueueOwner(e.object);
    });
    ctx.store.watch<Deployment>('Deployment', (e) => {
      for (const ro of ctx.store.list<Rollout>('Rollout', e.object.metadata.namespace)) {
        if (ro.spec?.workloadRef?.kind === 'Deployment' && ro.spec.workloadRef.name === e.object.metadata.name) {
          queue.add(`${ro.metadata.namespace}/${ro.metadata.name}`);
        }
      }
    });
    for (const ro of ctx.store.list<Rollout>('Rollout')) queue.add(`${ro.metadata.namespace}/${ro.metadata.name}`);
  }

  /** One sync of a `namespace/name` Rollout key (`syncHandler` → `rolloutCanary` / `rolloutBlueGreen`). */
  syncRollout(key: string): void {
    const ctx = this.ctx!;
    const [namespace, name] = splitKey(key);
    const ro = ctx.store.get<Rollout>('Rollout', namespace, name);
    if (!ro?.spec) return;
    const status: RolloutStatus = structuredClone((ro.status ?? {}) as RolloutStatus);
    status.conditions = (status.conditions ?? []).filter((c) => c.type !== 'InvalidSpec');
    const resolved = resolveTemplate(ctx, ro);
    const spec = { ...ro.spec, ...(resolved.selector ? { selector: resolved.selector } : {}), template: resolved.template ?? { metadata: {}, spec: { containers: [] } } };
    const rsList = ctx.store.ownedBy<ReplicaSet>('ReplicaSet', ro.metadata.uid);
    const template = spec.template;
    const s: RolloutSync = {
      ctx,
      ro,
      view: { spec, status },
      status,
      template,
      hash: podTemplateHash(template),
      newRS: undefined,
      stableRS: undefined,
      otherRSs: [],
      requeueAfterMs: Infinity,
    };
    if (resolved.error) {
      const t = ctx.clock.timestamp(ctx.engine.nowMs);
      status.conditions.push({ type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', message: resolved.error, lastUpdateTime: t, lastTransitionTime: t });
      persistRolloutStatus(s);
      return;
    }
    // `reconcile`: the pause conditions are written on their own first; the sync goes on from the Rollout as read.
    checkPausedConditions(s);
    // `PodTemplateOrStepsChanged` (the pod-template half; kubesim keeps no step hash): an update, not the first deploy.
    const podTemplateChanged = status.currentPodHash !== undefined && status.currentPodHash !== s.hash;
    if (status.currentPodHash !== s.hash) {
      // `resetRolloutStatus`: a new template restarts the steps (or skips them when it is the stable template).
      const previous = status.currentPodHash;
      status.currentPodHash = s.hash;
      const steps = spec.strategy.canary?.steps ?? [];
      if (spec.strategy.canary && steps.length > 0) status.currentStepIndex = s.hash === status.stableRS ? steps.length : 0;
      delete status.pauseConditions;
      delete status.controllerPause;
      delete status.abort;
      delete status.abortedAt;
      delete status.promoteFull;
      clearAnalysisStatus(status);
      if (status.blueGreen) delete status.blueGreen.scaleUpPreviewCheckPoint;
      if (previous !== undefined) {
        cancelAnalysisRuns(s, s.hash);
        const revision = Math.max(0, ...rsList.map(revisionOf)) + (rsList.some((r) => hashOf(r) === s.hash) ? 0 : 1);
        ctx.events.record(involved(ro), 'Normal', 'RolloutUpdated', `Rollout updated to revision ${revision}`, RolloutsComponent);
        ctx.decisions.add('rollout', `Rollout/${namespace}/${name}`, `pod template changed: ${previous} → ${s.hash}`, { from: previous, to: s.hash });
      }
    }
    s.newRS = rsList.find((r) => hashOf(r) === s.hash) ?? createNewReplicaSet(s, rsList);
    s.stableRS = status.stableRS ? rsList.find((r) => hashOf(r) === status.stableRS) : undefined;
    if (s.stableRS && hashOf(s.stableRS) === s.hash) s.stableRS = s.newRS;
    s.otherRSs = rsList
      .filter((r) => hashOf(r) !== s.hash && hashOf(r) !== status.stableRS)
      .sort((a, b) => revisionOf(b) - revisionOf(a) || (a.metadata.name < b.metadata.name ? -1 : 1));
    if (spec.strategy.blueGreen) rolloutBlueGreen(s);
    else if (podTemplateChanged) {
      // Upstream's rolloutCanary only resets and writes the status in the sync that sees a new template (the new RS
      // is created at 0 here); services, traffic and scaling follow in the next sync, which that write triggers.
      if (spec.strategy.canary!.steps?.length && s.hash === status.stableRS) {
        ctx.events.record(involved(ro), 'Normal', 'SkipSteps', 'Rollback to stable ReplicaSets', RolloutsComponent);
      }
      persistRolloutStatus(s);
    } else rolloutCanary(s);
    if (s.requeueAfterMs !== Infinity) this.queue!.addAfter(key, s.requeueAfterMs);
  }
}

/** The pod template: the Rollout's own, or the workloadRef Deployment's (its selector too). */
function resolveTemplate(ctx: ControllerContext, ro: Stored<Rollout>): { template?: PodTemplateSpec; selector?: Rollout['spec'] extends infer S ? S extends { selector?: infer L } ? L : never : never; error?: string } {
  const ref = ro.spec?.workloadRef;
  if (!ref) return ro.spec?.template ? { template: ro.spec.template } : { error: "Rollout has missing field '.spec.template'" };
  if (ref.kind !== 'Deployment') return { error: `workloadRef kind ${ref.kind ?? ''} is not supported (Deployment is)` };
  const d = ctx.store.get<Deployment>('Deployment', ro.metadata.namespace, ref.name ?? '');
  if (!d?.spec?.template) return { error: `workloadRef Deployment "${ref.name ?? ''}" not found` };
  return { template: d.spec.template, selector: ro.spec?.selector ?? d.spec.selector };
}

function mutateStatus(ctx: ControllerContext, namespace: string, name: string, fn: (st: RolloutStatus) => void): void {
  ctx.store.mutate<Rollout>('Rollout', namespace, name, (d) => {
    const st = (d.status ?? {}) as RolloutStatus;
    fn(st);
    d.status = st as Record<string, unknown>;
  });
}

/**
 * `kubectl argo rollouts promote [--full]`. Full: status.promoteFull (weight to 100%, steps skipped). Otherwise:
 * after an Inconclusive analysis pause, clear it and skip the step; with pause conditions or spec.paused, clear them;
 * with neither, skip the current step (an analysis or experiment that is running).
 */
export function promoteRollout(ctx: ControllerContext, namespace: string, name: string, opts: { full?: boolean } = {}): void {
  const ro = ctx.store.get<Rollout>('Rollout', namespace, name);
  if (!ro) throw new Error(`promote: Rollout ${namespace}/${name} not found`);
  const st = (ro.status ?? {}) as RolloutStatus;
  if (st.stableRS && st.stableRS === st.currentPodHash) throw new Error(`promote: Rollout '${name}' is already fully promoted`);
  const inconclusive = st.pauseConditions?.some((p) => p.reason === 'InconclusiveAnalysisRun') ?? false;
  const canary = !!ro.spec?.strategy.canary;
  if (ro.spec?.paused) {
    ctx.store.mutate<Rollout>('Rollout', namespace, name, (d) => {
      delete d.spec!.paused;
    });
  }
  mutateStatus(ctx, namespace, name, (s) => {
    if (opts.full) {
      s.promoteFull = true;
      delete s.pauseConditions;
      return;
    }
    if (inconclusive) {
      delete s.pauseConditions;
      delete s.controllerPause;
      if (canary) s.currentStepIndex = (s.currentStepIndex ?? 0) + 1;
    } else if ((s.pauseConditions?.length ?? 0) > 0 || ro.spec?.paused) {
      delete s.pauseConditions;
    } else if (canary) {
      s.currentStepIndex = (s.currentStepIndex ?? 0) + 1;
    }
  });
}

/** `kubectl argo rollouts abort`: status.abort = true (traffic back to stable, canary scaled down). */
export function abortRollout(ctx: ControllerContext, namespace: string, name: string): void {
  mutateStatus(ctx, namespace, name, (s) => {
    s.abort = true;
    s.abortedAt = ctx.clock.timestamp(ctx.engine.nowMs);
  });
}

/** `kubectl argo rollouts retry rollout`: clears the abort; the update starts again from step 0. */
export function retryRollout(ctx: ControllerContext, namespace: string, name: string): void {
  mutateStatus(ctx, namespace, name, (s) => {
    delete s.abort;
    delete s.abortedAt;
  });
}

/** `kubectl argo rollouts pause`: spec.paused = true. */
export function pauseRollout(ctx: ControllerContext, namespace: string, name: string): void {
  ctx.store.mutate<Rollout>('Rollout', namespace, name, (d) => {
    d.spec!.paused = true;
  });
}

/** Resumes a user pause (spec.paused = false), as `kubectl argo rollouts promote` does for a paused rollout. */
export function resumeRollout(ctx: ControllerContext, namespace: string, name: string): void {
  ctx.store.mutate<Rollout>('Rollout', namespace, name, (d) => {
    delete d.spec!.paused;
  });
}

/**
 * `kubectl argo rollouts set image`: sets a container's image in the Rollout's template, or in the workloadRef
 * Deployment's template. Throws when the container does not exist.
 */
export function setRolloutImage(ctx: ControllerContext, namespace: string, name: string, container: string, image: string): void {
  const ro = ctx.store.get<Rollout>('Rollout', namespace, name);
  if (!ro) throw new Error(`set image: Rollout ${namespace}/${name} not found`);
  const ref = ro.spec?.workloadRef;
  const kind = ref ? 'Deployment' : 'Rollout';
  const objName = ref ? (ref.name ?? '') : name;
  ctx.store.mutate<Rollout | Deployment>(kind, namespace, objName, (d) => {
    const c = (d.spec?.template?.spec?.containers ?? []).find((x) => x.name === container);
    if (!c) throw new Error(`set image: container "${container}" not found in ${kind} ${namespace}/${objName}`);
    c.image = image;
  });
}

/** The label Argo adds to pods and Service selectors, re-exported for the load balancer. */
export const RolloutPodTemplateHashLabel = DefaultRolloutUniqueLabelKey;
