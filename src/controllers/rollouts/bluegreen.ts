/**
 * The blue-green strategy, after argo-rollouts `rollout/bluegreen.go` and `rollout/service.go`: the preview service
 * follows the new ReplicaSet at once; the new RS scales to previewReplicaCount (or replicas); once it is ready come
 * pre-promotion analysis and the controller's pause (autoPromotionEnabled false / autoPromotionSeconds); then the
 * active service switches, post-promotion analysis runs, the new RS becomes stable and the old one is scaled down
 * after scaleDownDelaySeconds. Abort puts the active service back on stable and scales the new RS down after
 * abortScaleDownDelaySeconds.
 */
import { involved } from '../context.ts';
import {
  GetAbortScaleDownDelaySecondsOrDefault,
  GetAutoPromotionEnabledOrDefault,
  GetDesiredReplicasForBlueGreenNewRS,
  GetReplicasOrDefault,
  GetScaleDownDelaySecondsOrDefault,
  GetScaleDownRevisionLimit,
} from './canary-math.ts';
import { RolloutsComponent, ScaleDownDeadlineAnnotation, hashOf, isReplicaSetReferenced, requeueAfter, revisionOf, scaleDownWithDelay, scaleReplicaSet, type RolloutSync } from './replicaset.ts';
import { cancelAnalysisRuns, clearAnalysisStatus, reactToAnalysisPhase, reconcileAnalysisRun } from './rollout-analysis.ts';
import { switchServiceSelector } from './service.ts';
import { persistRolloutStatus } from './status.ts';

/** One sync of a blue-green Rollout (`rolloutBlueGreen`). */
export function rolloutBlueGreen(s: RolloutSync): void {
  const { ctx, status: st, view, ro } = s;
  const bg = view.spec.strategy.blueGreen!;
  const replicas = GetReplicasOrDefault(view.spec.replicas);
  const object = `Rollout/${ro.metadata.namespace}/${ro.metadata.name}`;
  st.blueGreen ??= {};
  const bgs = st.blueGreen;
  if (bg.previewService && s.newRS) {
    switchServiceSelector(s, bg.previewService, s.hash);
    bgs.previewSelector = s.hash;
  }
  if (st.abort) {
    rollbackBlueGreen(s);
    persistRolloutStatus(s);
    return;
  }
  // A BlueGreenPause whose autoPromotionSeconds ran out no longer holds the preview at previewReplicaCount.
  const paused = view.spec.paused === true || (st.pauseConditions ?? []).some((p) => p.reason !== 'BlueGreenPause' || !blueGreenPauseExpired(s));
  const desiredNew = GetDesiredReplicasForBlueGreenNewRS(view, s.hash, paused);
  // The stable RS always keeps spec.replicas while the new one is previewed.
  if (s.stableRS && s.stableRS !== s.newRS && hashOf(s.stableRS) !== s.hash && (s.stableRS.spec?.replicas ?? 0) < replicas) {
    scaleReplicaSet(s, s.stableRS, replicas, 'blue-green: the stable (active) ReplicaSet stays at spec.replicas');
  }
  if (s.newRS && (s.newRS.spec?.replicas ?? 0) !== desiredNew) {
    const why = desiredNew < replicas ? `blue-green preview at previewReplicaCount ${desiredNew}` : 'blue-green: new ReplicaSet to spec.replicas';
    scaleReplicaSet(s, s.newRS, desiredNew, why);
  }
  const newRS = s.newRS;
  const ready = !!newRS && (newRS.spec?.replicas ?? 0) === desiredNew && (newRS.status?.availableReplicas ?? 0) === desiredNew;
  const wasInitial = !bgs.activeSelector;
  if (ready && bgs.activeSelector !== s.hash && !view.spec.paused) {
    const fastTrack = !bgs.activeSelector || st.promoteFull === true || s.hash === st.stableRS;
    let preOk = true;
    if (!fastTrack && bg.prePromotionAnalysis) {
      const phase = reconcileAnalysisRun(s, 'PrePromotion', bg.prePromotionAnalysis);
      if (reactToAnalysisPhase(s, phase, 'PrePromotion')) {
        if (st.abort) rollbackBlueGreen(s);
        persistRolloutStatus(s);
        return;
      }
      preOk = phase === 'Successful';
    }
    const pauseDone = fastTrack || (preOk && completedBlueGreenPause(s));
    if (preOk && pauseDone && desiredNew < replicas && !bgs.scaleUpPreviewCheckPoint) {
      // Pre-promotion checks passed at the preview size: scale up to full size before switching.
      bgs.scaleUpPreviewCheckPoint = true;
      const full = GetDesiredReplicasForBlueGreenNewRS(view, s.hash, false);
      if (full !== (newRS.spec?.replicas ?? 0)) scaleReplicaSet(s, newRS, full, 'blue-green: preview checks passed, scaling to spec.replicas before promotion');
    }
    const current = s.newRS!;
    const saturated = (current.spec?.replicas ?? 0) === replicas && (current.status?.availableReplicas ?? 0) === replicas;
    if (preOk && pauseDone && saturated) {
      switchServiceSelector(s, bg.activeService, s.hash);
      bgs.activeSelector = s.hash;
      delete bgs.scaleUpPreviewCheckPoint;
      st.pauseConditions = (st.pauseConditions ?? []).filter((p) => p.reason !== 'BlueGreenPause');
      delete st.controllerPause;
      ctx.decisions.add('rollout', object, `active service ${bg.activeService} switched to ${s.hash}`, { activeService: bg.activeService, hash: s.hash });
    }
  }
  if (bgs.activeSelector === s.hash && st.stableRS !== s.hash) {
    let postOk = true;
    if (bg.postPromotionAnalysis && !wasInitial && st.stableRS) {
      const phase = reconcileAnalysisRun(s, 'PostPromotion', bg.postPromotionAnalysis);
      if (reactToAnalysisPhase(s, phase, 'PostPromotion')) {
        if (st.abort) rollbackBlueGreen(s);
        persistRolloutStatus(s);
        return;
      }
      postOk = phase === 'Successful';
    }
    if (postOk) {
      st.stableRS = s.hash;
      delete st.promoteFull;
      cancelAnalysisRuns(s);
      clearAnalysisStatus(st);
      const message = `Rollout completed update to revision ${revisionOf(s.newRS)} (${s.hash}): ${wasInitial ? 'Initial deploy' : 'Completed blue-green update'}`;
      ctx.events.record(involved(ro), 'Normal', 'RolloutCompleted', message, RolloutsComponent);
      ctx.decisions.add('rollout', object, `promoted ${s.hash} to stable`, { stableRS: s.hash });
      if (s.stableRS && hashOf(s.stableRS) !== s.hash && !s.otherRSs.includes(s.stableRS)) s.otherRSs = [s.stableRS, ...s.otherRSs];
      s.stableRS = s.newRS;
    }
  }
  scaleDownOldReplicaSetsBlueGreen(s);
  persistRolloutStatus(s);
}

/** Whether a BlueGreenPause with autoPromotionSeconds has run its time (`now > start + seconds`). */
function blueGreenPauseExpired(s: RolloutSync): boolean {
  const autoSeconds = s.view.spec.strategy.blueGreen!.autoPromotionSeconds ?? 0;
  const cond = s.status.pauseConditions?.find((p) => p.reason === 'BlueGreenPause');
  return autoSeconds > 0 && !!cond && s.ctx.engine.nowMs > s.ctx.clock.simMs(cond.startTime) + autoSeconds * 1000;
}

/**
 * `CompletedBlueGreenPause`: without a managed pause (autoPromotionEnabled and no autoPromotionSeconds) there is
 * none; otherwise the `BlueGreenPause` condition is added once, and the pause ends when a user removes it
 * (`promote`) or after autoPromotionSeconds.
 */
function completedBlueGreenPause(s: RolloutSync): boolean {
  const { ctx, status: st, view } = s;
  const bg = view.spec.strategy.blueGreen!;
  const autoSeconds = bg.autoPromotionSeconds ?? 0;
  if (GetAutoPromotionEnabledOrDefault(view) && autoSeconds <= 0) return true;
  const cond = st.pauseConditions?.find((p) => p.reason === 'BlueGreenPause');
  if (!cond) {
    if (st.controllerPause) return autoSeconds <= 0;
    const now = ctx.engine.nowMs;
    st.pauseConditions = [...(st.pauseConditions ?? []), { reason: 'BlueGreenPause', startTime: ctx.clock.timestamp(now) }];
    st.controllerPause = true;
    ctx.events.record(involved(s.ro), 'Normal', 'RolloutPaused', 'Rollout is paused (BlueGreenPause)', RolloutsComponent);
    if (autoSeconds > 0) requeueAfter(s, ctx.clock.simMs(ctx.clock.timestamp(now)) + autoSeconds * 1000 + 1 - now);
    return false;
  }
  if (autoSeconds > 0) {
    const endMs = ctx.clock.simMs(cond.startTime) + autoSeconds * 1000;
    if (ctx.engine.nowMs > endMs) return true;
    requeueAfter(s, endMs + 1 - ctx.engine.nowMs);
  }
  return false;
}

/** Abort: the active service goes back to stable; the new RS waits for a full stable, then the abort delay. */
function rollbackBlueGreen(s: RolloutSync): void {
  const { status: st, view } = s;
  const bg = view.spec.strategy.blueGreen!;
  const replicas = GetReplicasOrDefault(view.spec.replicas);
  cancelAnalysisRuns(s);
  delete st.pauseConditions;
  delete st.controllerPause;
  if (!st.stableRS || st.stableRS === s.hash) return;
  switchServiceSelector(s, bg.activeService, st.stableRS);
  st.blueGreen!.activeSelector = st.stableRS;
  if (s.stableRS && (s.stableRS.spec?.replicas ?? 0) < replicas) {
    scaleReplicaSet(s, s.stableRS, replicas, 'aborted: the stable ReplicaSet back to spec.replicas');
    return;
  }
  const delay = GetAbortScaleDownDelaySecondsOrDefault(view);
  if (s.newRS && delay !== undefined && (s.stableRS?.status?.availableReplicas ?? 0) >= replicas) {
    scaleDownWithDelay(s, s.newRS, delay, 'aborted blue-green update after abortScaleDownDelaySeconds');
  }
}

/**
 * `scaleDownOldReplicaSetsForBlueGreen`: old RSs no service or status references are scaled down after
 * scaleDownDelaySeconds, newest revision first. With `scaleDownDelayRevisionLimit` N, only the N newest of them
 * keep their pods through the delay (`ScaleDownDelayHelper` counts the RSs with a scale-down deadline); the rest
 * are scaled down at once. Example: limit 1, revisions 3 and 2 both waiting → 3 keeps its delay, 2 goes to 0 now.
 */
function scaleDownOldReplicaSetsBlueGreen(s: RolloutSync): void {
  const { status: st, view } = s;
  if (st.pauseConditions?.some((p) => p.reason === 'InconclusiveAnalysisRun')) return;
  const delay = GetScaleDownDelaySecondsOrDefault(view);
  const limit = GetScaleDownRevisionLimit(view);
  let annotatedRSs = 0;
  for (const rs of [...s.otherRSs].sort((a, b) => revisionOf(b) - revisionOf(a))) {
    // An update interrupted to go back to a previous RS leaves that RS referenced: keep it.
    if (isReplicaSetReferenced(s, rs)) continue;
    const delayed = (rs.spec?.replicas ?? 0) > 0 && (rs.metadata.annotations?.[ScaleDownDeadlineAnnotation] !== undefined || delay > 0);
    if (delayed && limit !== undefined && annotatedRSs >= limit) {
      scaleReplicaSet(s, rs, 0, `at scaleDownDelayRevisionLimit (${limit}): scaling down the rest`);
    } else {
      scaleDownWithDelay(s, rs, delay, 'old blue-green ReplicaSet after scaleDownDelaySeconds');
    }
    if (delayed) annotatedRSs++;
  }
}
