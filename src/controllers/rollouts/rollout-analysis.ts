/**
 * How a Rollout starts, watches and stops its AnalysisRuns, after argo-rollouts `rollout/analysis.go`: inline step
 * runs, the background run of a canary, blue-green pre- and post-promotion runs. Failed or Error aborts the update;
 * Inconclusive pauses it (`InconclusiveAnalysisRun`); runs are terminated on promotion, abort and a new revision.
 */
import type { AnalysisRunArgument, AnalysisTemplate, Rollout, RolloutAnalysis } from '../../api/argo.ts';
import { involved } from '../context.ts';
import { NewAnalysisRunFromTemplates, terminateAnalysisRun, AnalysisRunTypeLabel, type AnalysisRun, type NamedTemplate } from './analysis-run.ts';
import type { AnalysisPhase } from './analysis.ts';
import { DefaultRolloutUniqueLabelKey } from './canary-math.ts';
import { RolloutsComponent, revisionOf, type RolloutSync } from './replicaset.ts';
import type { RolloutStatus } from './types.ts';

/** Which run of a rollout: `Step`, `Background`, `PrePromotion`, `PostPromotion` (Argo's rollout-type label). */
export type AnalysisRunType = 'Step' | 'Background' | 'PrePromotion' | 'PostPromotion';

type RunStatusRef = { name: string; status: string };

const TYPE_TEXT: Record<AnalysisRunType, string> = { Step: 'Step', Background: 'Background', PrePromotion: 'PrePromotion', PostPromotion: 'PostPromotion' };

function statusSlot(st: RolloutStatus, type: AnalysisRunType): RunStatusRef | undefined {
  if (type === 'Step') return st.canary?.currentStepAnalysisRunStatus;
  if (type === 'Background') return st.canary?.currentBackgroundAnalysisRunStatus;
  if (type === 'PrePromotion') return st.blueGreen?.prePromotionAnalysisRunStatus;
  return st.blueGreen?.postPromotionAnalysisRunStatus;
}

function setSlot(st: RolloutStatus, type: AnalysisRunType, ref: RunStatusRef | undefined): void {
  if (type === 'Step' || type === 'Background') {
    const key = type === 'Step' ? 'currentStepAnalysisRunStatus' : 'currentBackgroundAnalysisRunStatus';
    if (ref) (st.canary ??= {})[key] = ref;
    else if (st.canary) delete st.canary[key];
  } else {
    const key = type === 'PrePromotion' ? 'prePromotionAnalysisRunStatus' : 'postPromotionAnalysisRunStatus';
    if (ref) (st.blueGreen ??= {})[key] = ref;
    else if (st.blueGreen) delete st.blueGreen[key];
  }
}

/** Resolves the rollout's args: literal values, `podTemplateHashValue` (Stable / Latest) and simple `fieldRef`s. */
function resolveRolloutArgs(s: RolloutSync, args: readonly AnalysisRunArgument[] | undefined): AnalysisRunArgument[] | string {
  const out: AnalysisRunArgument[] = [];
  for (const a of args ?? []) {
    if (a.value !== undefined || a.valueFrom === undefined) {
      out.push(a);
      continue;
    }
    const vf = a.valueFrom as { podTemplateHashValue?: string; fieldRef?: { fieldPath?: string } };
    if (vf.podTemplateHashValue === 'Stable') out.push({ name: a.name, value: s.status.stableRS ?? '' });
    else if (vf.podTemplateHashValue === 'Latest') out.push({ name: a.name, value: s.hash });
    else if (vf.fieldRef?.fieldPath) {
      const path = vf.fieldRef.fieldPath;
      const md = s.ro.metadata;
      const m = /^metadata\.(labels|annotations)\['([^']+)'\]$/.exec(path);
      const value =
        path === 'metadata.name' ? md.name : path === 'metadata.namespace' ? md.namespace : m ? (m[1] === 'labels' ? md.labels : md.annotations)?.[m[2]!] : undefined;
      if (value === undefined) return `arg ${a.name}: fieldPath ${path} is not one kubesim resolves`;
      out.push({ name: a.name, value });
    } else return `arg ${a.name}: unsupported valueFrom`;
  }
  return out;
}

function lookupTemplates(s: RolloutSync, analysis: RolloutAnalysis): NamedTemplate[] | string {
  const out: NamedTemplate[] = [];
  for (const ref of analysis.templates ?? []) {
    const name = ref.templateName ?? '';
    // The store does not know ClusterAnalysisTemplate is cluster-scoped, so it may sit in any namespace: match by name.
    const tpl = ref.clusterScope
      ? s.ctx.store.list<AnalysisTemplate>('ClusterAnalysisTemplate').find((t) => t.metadata.name === name)
      : s.ctx.store.get<AnalysisTemplate>('AnalysisTemplate', s.ro.metadata.namespace, name);
    if (!tpl) return `${ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate'} '${name}' not found`;
    out.push({ name, spec: tpl.spec });
  }
  return out;
}

/**
 * Makes sure the run of this type exists for the current revision (creating it from the templates) and returns its
 * phase, recording `AnalysisRun<Phase>` events as it changes. Returns `undefined` when the run cannot be built (the
 * rollout gets an InvalidSpec condition saying why).
 */
export function reconcileAnalysisRun(s: RolloutSync, type: AnalysisRunType, analysis: RolloutAnalysis, stepIndex?: number): AnalysisPhase | undefined {
  const { ctx, ro, status } = s;
  const ns = ro.metadata.namespace;
  const prev = statusSlot(status, type);
  let run = prev ? ctx.store.get<AnalysisRun>('AnalysisRun', ns, prev.name) : undefined;
  const labels = run?.metadata?.labels ?? {};
  const matches = run && labels[DefaultRolloutUniqueLabelKey] === s.hash && (stepIndex === undefined || labels['step-index'] === String(stepIndex));
  if (!matches) {
    const suffix = type === 'Step' ? `-${stepIndex}` : type === 'PrePromotion' ? '-pre' : type === 'PostPromotion' ? '-post' : '';
    const base = `${ro.metadata.name}-${s.hash}-${revisionOf(s.newRS)}${suffix}`;
    let name = base;
    // A retried update reuses the base name: Argo appends `.N` on a name collision.
    for (let n = 1; ctx.store.get('AnalysisRun', ns, name); n++) name = `${base}.${n}`;
    const templates = lookupTemplates(s, analysis);
    const args = resolveRolloutArgs(s, analysis.args);
    const built =
      typeof templates === 'string'
        ? templates
        : typeof args === 'string'
          ? args
          : NewAnalysisRunFromTemplates(templates, args, {
              name,
              namespace: ns,
              labels: {
                [DefaultRolloutUniqueLabelKey]: s.hash,
                [AnalysisRunTypeLabel]: TYPE_TEXT[type],
                ...(stepIndex !== undefined ? { 'step-index': String(stepIndex) } : {}),
              },
              ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: ro.metadata.name, uid: ro.metadata.uid, controller: true }],
            });
    if (typeof built === 'string') {
      const t = ctx.clock.timestamp(ctx.engine.nowMs);
      status.conditions = [
        ...(status.conditions ?? []).filter((c) => c.type !== 'InvalidSpec'),
        { type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', message: `The Rollout "${ro.metadata.name}" is invalid: ${built}`, lastUpdateTime: t, lastTransitionTime: t },
      ];
      return undefined;
    }
    run = ctx.store.create<AnalysisRun>('AnalysisRun', built);
    ctx.decisions.add('rollout', `Rollout/${ns}/${ro.metadata.name}`, `started ${TYPE_TEXT[type]} AnalysisRun ${name}`, {
      analysisRun: name,
      templates: (analysis.templates ?? []).map((t) => t.templateName ?? ''),
      step: stepIndex ?? null,
    });
  }
  const phase: AnalysisPhase = run!.status?.phase ?? 'Pending';
  const name = run!.metadata!.name!;
  const previousPhase = prev?.name === name ? prev.status : '';
  const shown = phase === 'Pending' ? 'Running' : phase;
  if (previousPhase !== shown) {
    const type_ = shown === 'Error' || shown === 'Failed' ? 'Warning' : 'Normal';
    ctx.events.record(involved(ro), type_, `AnalysisRun${shown}`, `${TYPE_TEXT[type]} Analysis Run '${name}' Status New: '${shown}' Previous: '${previousPhase}'`, RolloutsComponent);
  }
  setSlot(status, type, { name, status: shown });
  return phase;
}

/** Terminates every unfinished run of the rollout (promotion, abort, new revision) and forgets them in status. */
export function cancelAnalysisRuns(s: RolloutSync, keepHash?: string): void {
  const { ctx, ro } = s;
  for (const run of ctx.store.ownedBy<AnalysisRun>('AnalysisRun', ro.metadata.uid)) {
    if (keepHash !== undefined && run.metadata.labels?.[DefaultRolloutUniqueLabelKey] === keepHash) continue;
    terminateAnalysisRun(ctx, run.metadata.namespace, run.metadata.name);
  }
}

/**
 * What the rollout does with a run's phase: Failed / Error abort (with the run's message), Inconclusive adds the
 * `InconclusiveAnalysisRun` pause. Returns true when the update must stop here this sync.
 */
export function reactToAnalysisPhase(s: RolloutSync, phase: AnalysisPhase | undefined, type: AnalysisRunType): boolean {
  const { ctx, status, ro } = s;
  if (phase === 'Failed' || phase === 'Error') {
    if (!status.abort) {
      status.abort = true;
      status.abortedAt = ctx.clock.timestamp(ctx.engine.nowMs);
      const name = statusSlot(status, type)?.name ?? '';
      ctx.decisions.add('rollout', `Rollout/${ro.metadata.namespace}/${ro.metadata.name}`, `aborting: ${TYPE_TEXT[type]} AnalysisRun ${name} is ${phase}`, {
        analysisRun: name,
        phase,
      });
    }
    return true;
  }
  if (phase === 'Inconclusive') {
    if (!status.pauseConditions?.some((p) => p.reason === 'InconclusiveAnalysisRun')) {
      status.pauseConditions = [...(status.pauseConditions ?? []), { reason: 'InconclusiveAnalysisRun', startTime: ctx.clock.timestamp(ctx.engine.nowMs) }];
      status.controllerPause = true;
      ctx.events.record(involved(ro), 'Normal', 'RolloutPaused', 'Rollout is paused (InconclusiveAnalysisRun)', RolloutsComponent);
    }
    return true;
  }
  return false;
}

/** Forgets the runs recorded in status (after abort, promotion or a new revision). */
export function clearAnalysisStatus(st: RolloutStatus): void {
  setSlot(st, 'Step', undefined);
  setSlot(st, 'Background', undefined);
  setSlot(st, 'PrePromotion', undefined);
  setSlot(st, 'PostPromotion', undefined);
  if (st.canary && Object.keys(st.canary).length === 0) delete st.canary;
}

/** Whether the rollout object is a canary with background analysis configured. */
export function hasBackgroundAnalysis(ro: Rollout): boolean {
  return (ro.spec?.strategy.canary?.analysis?.templates?.length ?? 0) > 0;
}
