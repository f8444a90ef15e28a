/**
 * The HorizontalPodAutoscaler controller, after `pkg/controller/podautoscaler/horizontal.go`: every HPA is synced
 * when it appears and then every `--horizontal-pod-autoscaler-sync-period` (15 s). One sync reads the target's scale
 * subresource (Deployment, ReplicaSet, StatefulSet, Argo Rollout), computes one proposal per metric, takes the
 * maximum, normalises it (legacy path or behaviour path), writes `spec.replicas` of the target and the HPA status,
 * records upstream's events, one decision-log entry and the metric series.
 *
 * The arithmetic lives in `replica-calculator.ts` and `normalize.ts`; this file is the loop.
 */
import type {
  CrossVersionObjectReference,
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerCondition,
  HorizontalPodAutoscalerStatus,
  MetricSpec,
  MetricStatus,
  MetricValueStatus,
} from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { jsonEqual } from '../../api/clone.ts';
import { Quantity, compareQuantity, formatQuantity, milliValue, parseQuantity } from '../../api/quantity.ts';
import { labelSelectorAsSelector, SelectorError, type Selector } from '../../api/selector.ts';
import type { Stored, WatchEvent } from '../../cluster/store.ts';
import type { TimerId } from '../../engine/queue.ts';
import type { Series } from '../../record/metrics.ts';
import { involved, Priority, type Controller, type ControllerContext } from '../context.ts';
import { setDefaultsHorizontalPodAutoscalerBehavior, type Behavior, type DefaultedScaleDownRules } from './defaults.ts';
import type { MetricsServer } from './metrics-server.ts';
import { parseSelector } from './parse-selector.ts';
import { SelectorRegistry } from './selector-registry.ts';
import {
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  recommendationStableUntilMs,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  SCALE_UP_LIMIT_FACTOR,
  type HpaHistory,
  type Normalized,
  type Recommendation,
  type ScaleEvent,
} from './normalize.ts';
import {
  DEFAULT_CPU_INITIALIZATION_PERIOD_MS,
  DEFAULT_INITIAL_READINESS_DELAY_MS,
  DEFAULT_TOLERANCE,
  ReplicaCalcError,
  calculatePodRequests,
  podFacts,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getObjectPerPodMetricReplicas,
  getRawResourceReplicas,
  getResourceReplicas,
  sumExternalMetric,
  type PodCalcResult,
  type PodFacts,
  type Tolerances,
} from './replica-calculator.ts';

/** Options of {@link HorizontalController}; defaults are kube-controller-manager's. */
export interface HorizontalControllerOptions {
  /** The metrics pipeline to read. */
  metrics: MetricsServer;
  /** `--horizontal-pod-autoscaler-sync-period`, ms. Default 15,000. */
  syncPeriodMs?: number;
  /** `--horizontal-pod-autoscaler-tolerance`. Default 0.1. */
  tolerance?: number;
  /** `--horizontal-pod-autoscaler-downscale-stabilization`, ms. Default 300,000. */
  downscaleStabilizationWindowMs?: number;
  /** `--horizontal-pod-autoscaler-cpu-initialization-period`, ms. Default 300,000. */
  cpuInitializationPeriodMs?: number;
  /** `--horizontal-pod-autoscaler-initial-readiness-delay`, ms. Default 30,000. */
  initialReadinessDelayMs?: number;
  /** Feature gate HPAConfigurableTolerance (alpha in 1.33, off by default): honour `behavior.*.tolerance`. */
  configurableTolerance?: boolean;
  /** Feature gate PodLevelResources: use pod-level requests when set. Default false. */
  podLevelResources?: boolean;
  /**
   * Feature gate HPAScaleToZero (alpha, off by default): an HPA with `minReplicas: 0` and an Object or External
   * metric may scale its target to zero, marks that with the `ScaledToZero` condition, and from zero keeps
   * computing those metrics (`ceil(ratio)`, no tolerance) instead of treating zero replicas as "scaling disabled".
   */
  scaleToZero?: boolean;
  /** Legacy-path scale-up factor (upstream tests use 8). Default 2. */
  scaleUpLimitFactor?: number;
  /**
   * Decision-log volume: `every-sync` (default) logs each sync; `changes` only syncs that rescale, fail, or change
   * a condition — for runs with thousands of HPAs.
   */
  decisions?: 'every-sync' | 'changes';
  /**
   * Reuse the previous sync's work when nothing it read changed (default true): the metric proposal while the
   * HPA spec, the target's scale, the pod objects and the metrics-server scrape are the same and no pod crosses
   * the CPU initialization period; and the status, series and log entry while, in addition, the HPA object is the
   * one the last sync left and the normalised outcome repeats. Every sync still runs the normalisation (it
   * updates the recommendation history as upstream does). Decisions are identical either way; `false` gives the
   * plain path, for tests that compare the two.
   */
  cache?: boolean;
  /**
   * Recommendation histories to start HPAs with, keyed `namespace/name`, as upstream's tests preset the
   * controller's `recommendations` map. An HPA with an entry (even an empty list) skips
   * `recordInitialRecommendation`. Default: none.
   */
  initialRecommendations?: ReadonlyMap<string, readonly Recommendation[]>;
  /**
   * Scale events to start HPAs with, keyed `namespace/name`, as upstream's tests preset the controller's
   * `scaleUpEvents` and `scaleDownEvents` maps (the events are copied). Default: none.
   */
  initialScaleEvents?: ReadonlyMap<string, { readonly scaleUpEvents: readonly ScaleEvent[]; readonly scaleDownEvents: readonly ScaleEvent[] }>;
}

/** The event source component, as upstream's recorder names it. */
const COMPONENT = { component: 'horizontal-pod-autoscaler' };
const HPA_KIND = 'HorizontalPodAutoscaler';

/** Scale-subresource targets: store kind → the group-resource upstream's errors name. */
const SCALE_TARGETS: Readonly<Record<string, string>> = {
  Deployment: 'deployments.apps',
  ReplicaSet: 'replicasets.apps',
  StatefulSet: 'statefulsets.apps',
  Rollout: 'rollouts.argoproj.io',
};

/** What the controller reads of a target: the scale subresource's fields. */
interface ScaleTarget {
  spec?: { replicas?: number; selector?: LabelSelector; workloadRef?: { kind?: string; name?: string } };
  /** `selector` is the string form Argo Rollouts writes; `HPAReplicas` is a Rollout's `statusReplicasPath`. */
  status?: { replicas?: number; selector?: string; HPAReplicas?: number };
}

type Hpa = Stored<HorizontalPodAutoscaler>;
type Condition = HorizontalPodAutoscalerCondition;

/** One metric's outcome in a sync, as the decision log shows it. */
export interface MetricDecision {
  /** Upstream's metric name (`cpu resource utilization (percentage of request)`, `pods metric rps`, …). */
  readonly metric: string;
  readonly type: string;
  readonly proposal?: number;
  /** Current value: utilization percent, or milli-units. */
  readonly current?: number;
  readonly target?: number;
  readonly ratio?: number;
  readonly newRatio?: number;
  readonly path?: string;
  readonly readyPods?: number;
  readonly unreadyPods?: string[];
  readonly missingPods?: string[];
  readonly ignoredPods?: string[];
  readonly error?: string;
}

/** The details of one `hpa` decision-log entry. */
export interface HpaDecisionDetails {
  readonly currentReplicas: number;
  readonly metrics: MetricDecision[];
  /** Max over metrics (before normalisation). */
  readonly proposal?: number;
  readonly stabilized?: number;
  /** The policy limit that applied (behaviour path) or the legacy scale-up limit. */
  readonly limit?: number;
  readonly desiredReplicas: number;
  readonly ableToScale: string;
  readonly scalingActive: string;
  readonly scalingLimited?: string;
  readonly reason: string;
  readonly rescaled: boolean;
}

interface HpaState {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** The HPA as last read; cleared by its watch events (read again at the next sync). */
  hpa: Hpa | undefined;
  /** The scale target as last read, under `targetKey`; cleared by the target's watch events. */
  target: ScaleTarget | undefined;
  targetKey: string;
  /** The `scaleTargetRef` object `targetKey` was built from. */
  targetRef: CrossVersionObjectReference | undefined;
  /** The last pod selection for this HPA (valid while its counter has not moved). */
  selection: Selection | undefined;
  /** The last selector compiled for this HPA. */
  compiled: { readonly source: LabelSelector; readonly selector: Selector } | undefined;
  removed: boolean;
  history: HpaHistory;
  /** Whether the history has its first recommendation (upstream: the map has an entry for the HPA). */
  recommendationsRecorded: boolean;
  /** The last AmbiguousSelector check: its pod list, the registry version and the HPAs found. */
  controlling: { readonly pods: readonly Pod[]; readonly version: number; readonly hpas: HpaState[] } | undefined;
  /** The cohort whose rounds sync this HPA. */
  cohort: Cohort | undefined;
  /** Series this HPA writes, by `name\0metric label`, with the last value written (series are step functions). */
  series: Map<string, SeriesSlot>;
  /** Labels and targets of `spec.metrics` (recomputed when the list changes). */
  metricSeries: MetricSeriesMemo | undefined;
  /** The last logged decision's signature (desired, conditions, proposal): 'changes' mode logs when it moves. */
  lastDecisionSig: string | undefined;
  /** The last metric outcome and what it was computed from (see {@link MetricsMemo}). */
  metricsMemo: MetricsMemo | undefined;
  /** The last successful sync that did not rescale (see {@link SyncMemo}). */
  syncMemo: SyncMemo | undefined;
  /** Defaulted behaviour of the last `spec.behavior` seen (defaulting allocates; the spec rarely changes). */
  behaviorMemo: BehaviorMemo | undefined;
  /** While set, syncs that find the same inputs are skipped (see {@link QuietSyncs}). */
  quiet: QuietSyncs | undefined;
  /** Time of the last skipped sync, or NaN. */
  skippedAtMs: number;
}

/**
 * The HPAs whose syncs fall on the same instants (creation time modulo the sync period), synced in one engine event
 * per period in the order they were created: the order their own periodic timers would fire in, since a timer that
 * fires re-arms behind those that fired before it. A round yields (resumes in a new event at the same instant) after
 * a sync that wrote to the store, so whatever that write set off at a higher priority still runs before the next
 * HPA, as it would between separate timers. With 1,000 HPAs this replaces 1,000 queue operations per period by one.
 */
interface Cohort {
  readonly phaseMs: number;
  readonly members: HpaState[];
  timer: TimerId;
  /** The next member to sync in the current round, and the end of the round (members added later wait). */
  cursor: number;
  end: number;
  /** Whether a round is under way (begun, possibly yielded, not finished). */
  running: boolean;
}

/**
 * Quiet syncs. With the decision log in 'changes' mode, a sync that reads the same HPA and target objects, the same
 * pod selection and the same metrics scrape as a sync that changed nothing would change nothing either, until
 * `untilMs` (the next scrape, the end of a pod's CPU initialization period, or a stabilisation record or scale
 * event leaving its window: {@link recommendationStableUntilMs}). Such a sync is skipped, and its only effect, the
 * recommendation it records, is replayed before the next sync that runs: one record for the last skipped sync
 * stands for all of them, since records of the same value at earlier times can neither raise a maximum nor lower a
 * minimum that the later one does not (records only leave windows, they never come back).
 */
interface QuietSyncs {
  readonly hpa: Hpa;
  readonly target: ScaleTarget;
  readonly selection: Selection;
  readonly untilMs: number;
  /** The skipped syncs' proposal, recorded again (see {@link replayQuiet}) for the last of them. */
  readonly recommendation: number;
  /** Legacy path: the downscale stabilisation window; behaviour path: the stabilisation arguments. */
  readonly downMs: number;
  readonly behaviorArgs: Parameters<typeof stabilizeRecommendationWithBehaviors>[1] | undefined;
  /** The version of the registered selectors the skipped syncs' AmbiguousSelector check saw. */
  readonly selectorsVersion: number;
}

/** Records a quiet sync's recommendation at `tMs` as that sync would have (its result is not needed). */
function replayQuiet(history: HpaHistory, q: QuietSyncs, tMs: number): void {
  if (q.behaviorArgs) stabilizeRecommendationWithBehaviors(history.recommendations, q.behaviorArgs, tMs);
  else stabilizeRecommendation(history.recommendations, q.recommendation, tMs, q.downMs);
}

/** Result of `computeReplicasForMetrics`, with the ScalingActive condition it sets. */
interface ComputedMetrics {
  readonly replicas: number;
  readonly metric: string;
  readonly statuses: MetricStatus[];
  readonly decisions: MetricDecision[];
  readonly error?: string;
  /** `[status, reason, message]` of ScalingActive, when the computation sets it. */
  readonly scalingActive?: readonly [string, string, string];
}

/**
 * A metric outcome and its inputs. Resource metrics are a function of the HPA spec (metrics, tolerances), the
 * scale (spec/status replicas, selector), the pod objects, the metrics-server scrape (samples are fixed per pod
 * object and scrape) and, through `groupPods`, of whether each pod is still inside the CPU initialization period:
 * reusable while all of these are the same objects and `nowMs < validUntilMs`.
 */
interface MetricsMemo {
  readonly spec: HorizontalPodAutoscaler['spec'];
  readonly selector: LabelSelector;
  readonly pods: readonly Pod[];
  readonly specReplicas: number;
  readonly statusReplicas: number;
  /** The scrape the result stands for (moves on when a scrape repeats the samples). */
  scrapeMs: number;
  /** The earliest start + CPU initialization period after the computation: a pod changes group there. */
  readonly validUntilMs: number;
  /** The sample values by metric index (`MetricsServer.sampleValues`) the result was computed from. */
  readonly samples: readonly (number[] | undefined)[];
  readonly result: ComputedMetrics;
}

/**
 * The end of a successful sync that did not rescale. When the next sync reads the same HPA object (the one this
 * sync left, after its own status write), gets the same metric outcome and the same normalisation, it would build
 * the same status (conditions flip nothing, lastScaleTime is carried over), record the same series values and the
 * same decision signature: none of that needs redoing.
 */
interface SyncMemo {
  readonly hpa: Hpa;
  readonly computed: ComputedMetrics;
  readonly currentReplicas: number;
  readonly normalized: Normalized & { limit?: number };
  readonly summary: string;
  readonly details: HpaDecisionDetails;
}

/** What the calculations read of a pod list, extracted once per list. */
interface PodListMemo {
  readonly facts: PodFacts[];
  /** `container\0resource` → requests by pod name, or null when `calculatePodRequests` fails. */
  readonly requests: Map<string, ReadonlyMap<string, number> | null>;
  /** Each pod's `startTime + cpuInitializationPeriod`, ascending: where `groupPods` may change its verdict. */
  readonly initializationEndsMs: number[];
}

interface BehaviorMemo {
  readonly source: Behavior | undefined;
  readonly behavior: ReturnType<typeof setDefaultsHorizontalPodAutoscalerBehavior>;
  /** `maybeInitScaleDownStabilizationWindow` applied. */
  readonly scaleDown: (DefaultedScaleDownRules & { stabilizationWindowSeconds: number }) | undefined;
  /** The periods of every scale-up and scale-down policy, ms (for {@link recommendationStableUntilMs}). */
  readonly policyPeriodsMs: readonly number[];
}

interface MetricOutcome {
  replicas: number;
  name: string;
  status: MetricStatus;
  decision: MetricDecision;
}

/** Throws the {@link MetricFailure} of metric `ms`: the condition's reason and message, and the decision row. */
function failMetric(ms: MetricSpec, reason: string, inner: string, outer: string, decision: Partial<MetricDecision>): never {
  throw new MetricFailure(outer, { reason, message: inner }, { metric: decision.metric ?? ms.type, type: ms.type, error: inner, ...decision });
}

/** A metric that could not be computed; thrown like {@link ReplicaCalcError}, so without a stack trace. */
class MetricFailure extends Error {
  readonly condition: { reason: string; message: string };
  readonly decision: MetricDecision;

  constructor(message: string, condition: { reason: string; message: string }, decision: MetricDecision) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.condition = condition;
    this.decision = decision;
  }
}

/** The HPA controller. */
export class HorizontalController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  private ctx!: ControllerContext;
  private readonly states = new Map<string, HpaState>();
  /** Cohorts by phase (ms into the sync period); see {@link Cohort}. */
  private readonly cohorts = new Map<number, Cohort>();
  /** `kind/namespace/name` of a scale target → the HPAs that last read it. */
  private readonly byTarget = new Map<string, Set<HpaState>>();
  private readonly pods = new PodIndex();
  /** Whether the pod index is started (at the first HPA, {@link watchPods}). */
  private podsWatched = false;
  /** Each HPA's registered selector (upstream's `hpaSelectors`), for the AmbiguousSelector check. */
  private readonly hpaSelectors = new SelectorRegistry<HpaState>();
  private readonly selectors = new WeakMap<LabelSelector, Selector>();
  /** Per pod list (lists are immutable): the pods' facts and requests, extracted once. */
  private readonly lists = new WeakMap<readonly Pod[], PodListMemo>();
  private readonly times = new Map<string, number>();
  private readonly opts: Required<Omit<HorizontalControllerOptions, 'metrics' | 'initialRecommendations' | 'initialScaleEvents'>>;
  private readonly initialRecommendations: ReadonlyMap<string, readonly Recommendation[]>;
  private readonly initialScaleEvents: NonNullable<HorizontalControllerOptions['initialScaleEvents']>;
  private readonly metrics: MetricsServer;
  private readonly parseTime = (t: string): number => {
    let ms = this.times.get(t);
    if (ms === undefined) {
      if (this.times.size > 100_000) this.times.clear();
      ms = this.ctx.clock.simMs(t);
      this.times.set(t, ms);
    }
    return ms;
  };

  constructor(options: HorizontalControllerOptions) {
    this.metrics = options.metrics;
    this.initialRecommendations = options.initialRecommendations ?? new Map();
    this.initialScaleEvents = options.initialScaleEvents ?? new Map();
    this.opts = {
      syncPeriodMs: options.syncPeriodMs ?? 15_000,
      tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
      downscaleStabilizationWindowMs: options.downscaleStabilizationWindowMs ?? 300_000,
      cpuInitializationPeriodMs: options.cpuInitializationPeriodMs ?? DEFAULT_CPU_INITIALIZATION_PERIOD_MS,
      initialReadinessDelayMs: options.initialReadinessDelayMs ?? DEFAULT_INITIAL_READINESS_DELAY_MS,
      configurableTolerance: options.configurableTolerance ?? false,
      podLevelResources: options.podLevelResources ?? false,
      scaleToZero: options.scaleToZero ?? false,
      scaleUpLimitFactor: options.scaleUpLimitFactor ?? SCALE_UP_LIMIT_FACTOR,
      decisions: options.decisions ?? 'every-sync',
      cache: options.cache ?? true,
    };
    if (!(this.opts.syncPeriodMs > 0)) throw new RangeError(`HorizontalController: syncPeriodMs must be > 0, got ${this.opts.syncPeriodMs}`);
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    for (const hpa of ctx.store.list<HorizontalPodAutoscaler>(HPA_KIND)) this.track(hpa);
    ctx.store.watch<HorizontalPodAutoscaler>(HPA_KIND, (e) => {
      if (e.type === 'ADDED') this.track(e.object);
      else if (e.type === 'DELETED') this.untrack(e.object);
      else {
        const s = this.states.get(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
        if (s) s.hpa = undefined;
      }
    });
    for (const kind of Object.keys(SCALE_TARGETS)) {
      ctx.store.watch(kind, (e) => {
        const states = this.byTarget.get(`${kind}/${e.object.metadata.namespace}/${e.object.metadata.name}`);
        if (states) for (const s of states) s.target = undefined;
      });
    }
  }

  /**
   * Starts the pod index at the first HPA: a cluster without HPAs pays nothing per pod event. The index is a cache
   * of the store (listed whole here, then kept by the watch), so when it starts changes no selection.
   */
  private watchPods(): void {
    if (this.podsWatched) return;
    this.podsWatched = true;
    for (const pod of this.ctx.store.list<Pod>('Pod')) this.pods.upsert(pod);
    this.ctx.store.watch<Pod>('Pod', (e) => this.pods.onEvent(e));
  }

  /** Upstream's enqueueHPA: sync now, then every sync period (the rate limiter's fixed resync). */
  private track(hpa: Hpa): void {
    const key = `${hpa.metadata.namespace}/${hpa.metadata.name}`;
    if (this.states.has(key)) return;
    this.watchPods();
    const state: HpaState = {
      key,
      namespace: hpa.metadata.namespace,
      name: hpa.metadata.name,
      hpa: undefined,
      target: undefined,
      targetKey: '',
      targetRef: undefined,
      compiled: undefined,
      selection: undefined,
      removed: false,
      history: {
        recommendations: [...(this.initialRecommendations.get(key) ?? [])],
        scaleUpEvents: (this.initialScaleEvents.get(key)?.scaleUpEvents ?? []).map((e) => ({ ...e })),
        scaleDownEvents: (this.initialScaleEvents.get(key)?.scaleDownEvents ?? []).map((e) => ({ ...e })),
      },
      recommendationsRecorded: this.initialRecommendations.has(key),
      controlling: undefined,
      cohort: undefined,
      series: new Map(),
      metricSeries: undefined,
      lastDecisionSig: undefined,
      metricsMemo: undefined,
      syncMemo: undefined,
      behaviorMemo: undefined,
      quiet: undefined,
      skippedAtMs: Number.NaN,
    };
    this.states.set(key, state);
    this.join(state);
  }

  /**
   * Adds a new HPA to the cohort of its instants: it syncs now (upstream enqueues a new HPA at once), then every
   * period with the cohort.
   */
  private join(state: HpaState): void {
    const { engine } = this.ctx;
    const period = this.opts.syncPeriodMs;
    const nowMs = engine.nowMs;
    const phaseMs = ((nowMs % period) + period) % period;
    let c = this.cohorts.get(phaseMs);
    state.cohort = c;
    if (c) {
      c.members.push(state);
      // The cohort runs later at this instant: the new member is in that round. Otherwise (it already ran, or is
      // running now) the member's first sync is an event of its own now, after the cohort's.
      if (c.running || engine.timeOf(c.timer) !== nowMs) engine.at(nowMs, () => this.sync(state), { priority: Priority.HPA });
      return;
    }
    const cohort: Cohort = { phaseMs, members: [state], timer: -1 as TimerId, cursor: 0, end: 0, running: false };
    cohort.timer = engine.every(period, () => this.startRound(cohort), { phaseMs: 0, priority: Priority.HPA });
    this.cohorts.set(phaseMs, cohort);
    state.cohort = cohort;
  }

  private startRound(c: Cohort): void {
    c.cursor = 0;
    c.end = c.members.length;
    c.running = true;
    this.runRound(c);
  }

  private runRound(c: Cohort): void {
    const { store, engine } = this.ctx;
    while (c.cursor < c.end) {
      const state = c.members[c.cursor++]!;
      const rv = store.resourceVersion;
      this.sync(state);
      if (store.resourceVersion !== rv && c.cursor < c.end) {
        engine.at(engine.nowMs, () => this.runRound(c), { priority: Priority.HPA });
        return;
      }
    }
    c.running = false;
    if (c.members.length === 0) {
      engine.cancel(c.timer);
      this.cohorts.delete(c.phaseMs);
    }
  }

  /** Takes a deleted HPA out of its cohort (keeping the current round's place). */
  private leave(state: HpaState): void {
    const c = state.cohort;
    if (!c) return;
    state.cohort = undefined;
    const i = c.members.indexOf(state);
    if (i < 0) return;
    c.members.splice(i, 1);
    if (c.running) {
      if (i < c.end) c.end--;
      if (i < c.cursor) c.cursor--;
    } else if (c.members.length === 0) {
      this.ctx.engine.cancel(c.timer);
      this.cohorts.delete(c.phaseMs);
    }
  }

  private untrack(hpa: Hpa): void {
    const key = `${hpa.metadata.namespace}/${hpa.metadata.name}`;
    const s = this.states.get(key);
    if (!s) return;
    this.forget(s);
  }

  private forget(state: HpaState): void {
    this.leave(state);
    this.states.delete(state.key);
    this.byTarget.get(state.targetKey)?.delete(state);
    this.hpaSelectors.delete(state);
    state.removed = true;
  }

  /**
   * The scale target (`store.get` of the reference), kept between syncs until a watch event of that object; the
   * HPA registers under the target's key so those events find it.
   */
  private targetOf(state: HpaState, ref: CrossVersionObjectReference, ns: string): ScaleTarget | undefined {
    const { kind, name } = ref;
    if (ref !== state.targetRef) this.bindTarget(state, ref, ns);
    return (state.target ??= this.ctx.store.get<ScaleTarget>(kind, ns, name));
  }

  private bindTarget(state: HpaState, ref: CrossVersionObjectReference, ns: string): void {
    state.targetRef = ref;
    const key = `${ref.kind}/${ns}/${ref.name}`;
    if (key !== state.targetKey) {
      this.byTarget.get(state.targetKey)?.delete(state);
      let states = this.byTarget.get(key);
      if (!states) this.byTarget.set(key, (states = new Set()));
      states.add(state);
      state.targetKey = key;
      state.target = undefined;
    }
  }

  private sync(state: HpaState): void {
    if (state.removed) return;
    const hpa = (state.hpa ??= this.ctx.store.get<HorizontalPodAutoscaler>(HPA_KIND, state.namespace, state.name));
    if (!hpa) {
      this.forget(state);
      return;
    }
    const q = state.quiet;
    if (q !== undefined) {
      const nowMs = this.ctx.engine.nowMs;
      if (
        nowMs < q.untilMs &&
        hpa === q.hpa &&
        (state.target ?? this.targetOf(state, hpa.spec!.scaleTargetRef, state.namespace)) === q.target &&
        q.selection.counter.n === q.selection.version &&
        q.selectorsVersion === this.hpaSelectors.version
      ) {
        state.skippedAtMs = nowMs;
        return;
      }
      state.quiet = undefined;
      if (!Number.isNaN(state.skippedAtMs)) replayQuiet(state.history, q, state.skippedAtMs);
      state.skippedAtMs = Number.NaN;
    }
    this.reconcileAutoscaler(hpa, state);
  }

  /**
   * After a sync that changed nothing: from when on the next syncs may be skipped (see {@link QuietSyncs}). Only
   * when each sync need not be logged, the metrics came from the memo (resource metrics only) and the target names
   * its selector (a Rollout's workloadRef is read afresh each sync).
   */
  private settle(hpa: Hpa, state: HpaState, target: ScaleTarget, computed: ComputedMetrics, currentReplicas: number, behaviorMemo: BehaviorMemo): void {
    const memo = state.metricsMemo;
    const selection = state.selection;
    if (this.opts.decisions !== 'changes' || memo?.result !== computed || !target.spec?.selector || !selection) return;
    const nowMs = this.ctx.engine.nowMs;
    const history = state.history;
    const recommendation = computed.replicas;
    const behavior = behaviorMemo.behavior;
    let untilMs = Math.min(this.metrics.nextScrapeMs(nowMs), memo.validUntilMs);
    const downMs = this.opts.downscaleStabilizationWindowMs;
    let behaviorArgs: QuietSyncs['behaviorArgs'];
    if (!behavior) {
      untilMs = Math.min(untilMs, recommendationStableUntilMs(history, recommendation, { downMs }));
    } else {
      const up = behavior.scaleUp;
      const down = behaviorMemo.scaleDown!;
      untilMs = Math.min(
        untilMs,
        recommendationStableUntilMs(history, recommendation, {
          upMs: up.stabilizationWindowSeconds * 1000,
          downMs: down.stabilizationWindowSeconds * 1000,
          policyPeriodsMs: behaviorMemo.policyPeriodsMs,
        }),
      );
      behaviorArgs = { currentReplicas, desiredReplicas: recommendation, scaleUpBehavior: up, scaleDownBehavior: down };
    }
    if (untilMs > nowMs) state.quiet = { hpa, target, selection, untilMs, recommendation, downMs, behaviorArgs, selectorsVersion: this.hpaSelectors.version };
  }

  /** Port of `reconcileAutoscaler`. */
  private reconcileAutoscaler(hpa: Hpa, state: HpaState): void {
    const { store, events, engine } = this.ctx;
    const nowMs = engine.nowMs;
    const spec = hpa.spec!;
    const ns = state.namespace;
    const ref = spec.scaleTargetRef;
    const resource = SCALE_TARGETS[ref.kind];
    const target = resource ? this.targetOf(state, ref, ns) : undefined;
    if (!target) {
      state.syncMemo = undefined;
      const conditions = copyConditions(hpa);
      const err = resource ? `${resource} "${ref.name}" not found` : `no matches for kind "${ref.kind}" in group "${groupOf(ref.apiVersion)}"`;
      events.record(involved(hpa), 'Warning', 'FailedGetScale', err, COMPONENT);
      setConditionInList(conditions, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${err}`, nowMs, this.ctx.clock);
      const status = { ...(hpa.status ?? {}), conditions } as HorizontalPodAutoscalerStatus;
      this.updateStatusIfNeeded(hpa, status);
      this.log(hpa, state, `failed to get scale of ${ref.kind}/${ref.name}`, {
        currentReplicas: 0,
        metrics: [],
        desiredReplicas: hpa.status?.desiredReplicas ?? 0,
        ableToScale: 'FailedGetScale',
        scalingActive: condReason(conditions, 'ScalingActive'),
        reason: err,
        rescaled: false,
      }, false);
      return;
    }
    const currentReplicas = target.spec?.replicas ?? 1;
    const statusReplicas = (ref.kind === 'Rollout' ? target.status?.HPAReplicas : undefined) ?? target.status?.replicas ?? 0;
    if (!state.recommendationsRecorded) {
      // recordInitialRecommendation: the first scale-down of a new HPA waits out the stabilisation window.
      state.history.recommendations.push({ recommendation: currentReplicas, timestampMs: nowMs });
      state.recommendationsRecorded = true;
    }
    const minReplicas = spec.minReplicas ?? 1;
    const behaviorMemo = this.behaviorOf(state, spec.behavior as Behavior | undefined);
    const behavior = behaviorMemo.behavior;
    let desiredReplicas = 0;
    let rescaleReason = '';
    let rescale = true;
    let computed: ComputedMetrics | undefined;
    let proposal: number | undefined;
    let normalized: (Normalized & { limit?: number }) | undefined;
    let scalingDisabled = false;
    const scaleToZeroEnabled = this.opts.scaleToZero;
    const hasObjectOrExtMetrics = hasObjectOrExternalMetrics(spec.metrics);
    const scaledToZeroCondition = scaleToZeroEnabled && getScaledToZeroConditionStatus(hpa);
    const canScaleFromZero = scaledToZeroCondition && hasObjectOrExtMetrics;

    if (currentReplicas === 0 && !shouldComputeMetricsForZeroReplicas(minReplicas, scaledToZeroCondition, canScaleFromZero)) {
      desiredReplicas = 0;
      rescale = false;
      scalingDisabled = true;
    } else if (currentReplicas !== 0 && currentReplicas > spec.maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = spec.maxReplicas;
    } else if (currentReplicas !== 0 && currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      computed = this.metricsFor(hpa, state, ref.kind, target, currentReplicas, statusReplicas);
      if (computed.error !== undefined && computed.replicas === -1) {
        state.syncMemo = undefined;
        const conditions = copyConditions(hpa);
        setConditionInList(conditions, 'AbleToScale', 'True', 'SucceededGetScale', SUCCEEDED_GET_SCALE, nowMs, this.ctx.clock);
        if (computed.scalingActive) setConditionInList(conditions, 'ScalingActive', ...computed.scalingActive, nowMs, this.ctx.clock);
        const status = this.buildStatus(hpa, currentReplicas, hpa.status?.desiredReplicas ?? 0, computed.statuses, conditions, false, nowMs);
        this.updateStatusIfNeeded(hpa, status);
        events.record(involved(hpa), 'Warning', 'FailedComputeMetricsReplicas', computed.error, COMPONENT);
        this.finish(hpa, state, currentReplicas, hpa.status?.desiredReplicas ?? 0, status, {
          currentReplicas,
          metrics: computed.decisions,
          desiredReplicas: currentReplicas,
          ableToScale: condReason(conditions, 'AbleToScale'),
          scalingActive: condReason(conditions, 'ScalingActive'),
          reason: computed.error,
          rescaled: false,
        }, `no scaling: ${computed.error}`, false);
        return;
      }
      proposal = computed.replicas;
      let rescaleMetric = '';
      if (computed.replicas > desiredReplicas) {
        desiredReplicas = computed.replicas;
        rescaleMetric = computed.metric;
      }
      if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
      if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
      if (!behavior) {
        normalized = normalizeDesiredReplicas(state.history, {
          currentReplicas,
          prenormalizedDesiredReplicas: desiredReplicas,
          minReplicas,
          maxReplicas: spec.maxReplicas,
          nowMs,
          downscaleStabilisationWindowMs: this.opts.downscaleStabilizationWindowMs,
          scaleUpLimitFactor: this.opts.scaleUpLimitFactor,
        });
      } else {
        normalized = normalizeDesiredReplicasWithBehaviors(
          state.history,
          {
            scaleUpBehavior: behavior.scaleUp,
            scaleDownBehavior: behaviorMemo.scaleDown!,
            minReplicas,
            maxReplicas: spec.maxReplicas,
            currentReplicas,
            desiredReplicas,
          },
          nowMs,
        );
      }
      desiredReplicas = normalized.desiredReplicas;
      // Scaling from zero after minReplicas was raised: at least minReplicas.
      if (currentReplicas === 0 && minReplicas !== 0 && scaledToZeroCondition && desiredReplicas < minReplicas) {
        desiredReplicas = minReplicas;
        if (rescaleReason === '') rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      }
      rescale = desiredReplicas !== currentReplicas;
      const memo = state.syncMemo;
      if (
        !rescale &&
        memo !== undefined &&
        memo.hpa === hpa &&
        memo.computed === computed &&
        memo.currentReplicas === currentReplicas &&
        sameNormalized(memo.normalized, normalized)
      ) {
        // Same inputs, same outcome: the status, the series and the decision signature repeat (see SyncMemo).
        if (this.opts.decisions === 'every-sync') {
          this.ctx.decisions.add('hpa', `${HPA_KIND}/${ns}/${state.name}`, memo.summary, { ...memo.details } as unknown as Record<string, unknown>);
        }
        this.settle(hpa, state, target, computed, currentReplicas, behaviorMemo);
        return;
      }
    }

    const conditions = copyConditions(hpa);
    const setCondition = (type: string, status: string, reason: string, message: string) =>
      setConditionInList(conditions, type, status, reason, message, nowMs, this.ctx.clock);
    setCondition('AbleToScale', 'True', 'SucceededGetScale', SUCCEEDED_GET_SCALE);
    if (scalingDisabled) {
      setCondition('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      if (!scaleToZeroEnabled) removeCondition(conditions, 'ScaledToZero');
    }
    if (computed?.scalingActive) setCondition('ScalingActive', ...computed.scalingActive);
    if (normalized) {
      setCondition('AbleToScale', 'True', normalized.ableToScale.reason, normalized.ableToScale.message);
      setCondition('ScalingLimited', normalized.scalingLimited.status, normalized.scalingLimited.reason, normalized.scalingLimited.message);
    }
    if (rescale) {
      store.mutate<ScaleTarget & Stored>(ref.kind, ns, ref.name, (d) => {
        (d.spec ??= {}).replicas = desiredReplicas;
      });
      setCondition('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`);
      events.record(involved(hpa), 'Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`, COMPONENT);
      storeScaleEvent(behavior, state.history, currentReplicas, desiredReplicas, nowMs);
      // Set on every rescale, so the condition is never stale.
      if (!scaleToZeroEnabled) removeCondition(conditions, 'ScaledToZero');
      else if (currentReplicas > 0 && desiredReplicas === 0 && minReplicas === 0 && hasObjectOrExtMetrics) {
        setCondition('ScaledToZero', 'True', 'ScaledToZero', 'the HPA controller scaled the workload to zero');
      } else {
        setCondition('ScaledToZero', 'False', 'NotScaledToZero', 'the HPA controller did not scale the workload to zero');
      }
    } else {
      desiredReplicas = currentReplicas;
    }
    const status = this.buildStatus(hpa, currentReplicas, desiredReplicas, computed?.statuses, conditions, rescale, nowMs);
    const after = this.updateStatusIfNeeded(hpa, status);
    const summary = rescale
      ? `${currentReplicas} → ${desiredReplicas}: ${rescaleReason}`
      : `hold at ${currentReplicas}${normalized && normalized.ableToScale.reason !== 'ReadyForNewScale' ? ` (${normalized.ableToScale.reason})` : ''}`;
    const details: HpaDecisionDetails = {
      currentReplicas,
      metrics: computed?.decisions ?? [],
      ...(proposal !== undefined ? { proposal } : {}),
      ...(normalized ? { stabilized: normalized.stabilizedRecommendation } : {}),
      ...(normalized?.limit !== undefined ? { limit: normalized.limit } : {}),
      desiredReplicas,
      ableToScale: condReason(conditions, 'AbleToScale'),
      scalingActive: condReason(conditions, 'ScalingActive'),
      ...(normalized ? { scalingLimited: `${normalized.scalingLimited.status}/${normalized.scalingLimited.reason}` } : {}),
      reason: rescale ? rescaleReason : (normalized?.scalingLimited.reason ?? condReason(conditions, 'ScalingActive')),
      rescaled: rescale,
    };
    state.syncMemo =
      this.opts.cache && computed && normalized && !rescale
        ? { hpa: after, computed, currentReplicas, normalized, summary, details }
        : undefined;
    this.finish(hpa, state, currentReplicas, desiredReplicas, status, details, summary, rescale);
    if (state.syncMemo !== undefined) this.settle(after, state, target, computed!, currentReplicas, behaviorMemo);
  }

  /** The defaulted behaviour of `spec.behavior`, recomputed only when the stanza changes. */
  private behaviorOf(state: HpaState, source: Behavior | undefined): BehaviorMemo {
    const m = state.behaviorMemo;
    if (m && m.source === source) return m;
    const behavior = setDefaultsHorizontalPodAutoscalerBehavior(source);
    const memo: BehaviorMemo = {
      source,
      behavior,
      // maybeInitScaleDownStabilizationWindow: an unset window takes the cluster flag.
      scaleDown: behavior && {
        ...behavior.scaleDown,
        stabilizationWindowSeconds: behavior.scaleDown.stabilizationWindowSeconds ?? Math.trunc(this.opts.downscaleStabilizationWindowMs / 1000),
      },
      policyPeriodsMs: behavior ? [...(behavior.scaleUp.policies ?? []), ...(behavior.scaleDown.policies ?? [])].map((p) => p.periodSeconds * 1000) : [],
    };
    state.behaviorMemo = memo;
    return memo;
  }

  /**
   * The label selector of the target's scale subresource. Deployments, ReplicaSets and StatefulSets give
   * `spec.selector`. A Rollout's scale subresource reads `status.selector`, the string Argo writes; `spec.selector`
   * comes first here because this simulator's Rollout status keeps only matchLabels, and a Rollout with a
   * `workloadRef` (no selector of its own) not yet reconciled falls back to the referenced Deployment's.
   */
  private selectorOf(kind: string, ns: string, target: ScaleTarget): LabelSelector | undefined {
    if (target.spec?.selector) return target.spec.selector;
    if (kind !== 'Rollout') return undefined;
    if (target.status?.selector) return parseSelectorString(target.status.selector);
    const ref = target.spec?.workloadRef;
    if (ref?.kind !== 'Deployment' || !ref.name) return undefined;
    return this.ctx.store.get<ScaleTarget>('Deployment', ns, ref.name)?.spec?.selector;
  }

  /** `computeReplicasForMetrics` through {@link MetricsMemo}. */
  private metricsFor(hpa: Hpa, state: HpaState, kind: string, target: ScaleTarget, specReplicas: number, statusReplicas: number): ComputedMetrics {
    const ns = state.namespace;
    let selector: LabelSelector | undefined;
    let compiled: Selector;
    try {
      selector = this.selectorOf(kind, ns, target);
      if (!selector) {
        state.metricsMemo = undefined;
        return this.computeReplicasForMetrics(hpa, undefined, [], specReplicas, statusReplicas);
      }
      compiled = state.compiled?.source === selector ? state.compiled.selector : this.compileFor(state, selector);
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      state.metricsMemo = undefined;
      return this.selectorFailure(hpa, 'InvalidSelector', `couldn't convert selector into a corresponding internal selector object: ${e.message}`);
    }
    const sel = state.selection;
    const pods =
      sel !== undefined && sel.selector === compiled && sel.ns === ns && sel.counter.n === sel.version
        ? sel.pods
        : (state.selection = this.pods.select(ns, compiled)).pods;
    let c = state.controlling;
    if (c === undefined || c.pods !== pods || c.version !== this.hpaSelectors.version) {
      c = state.controlling = { pods, version: this.hpaSelectors.version, hpas: this.hpasControllingPodsUnderSelector(ns, pods) };
    }
    const selecting = c.hpas;
    if (selecting.length > 1) {
      state.metricsMemo = undefined;
      const keys = selecting.map((s) => `{${s.name} ${s.namespace}}`).sort();
      return this.selectorFailure(hpa, 'AmbiguousSelector', `pods by selector ${compiled.toString()} are controlled by multiple HPAs: [${keys.join(' ')}]`);
    }
    const nowMs = this.ctx.engine.nowMs;
    const scrapeMs = this.metrics.lastScrapeMs(nowMs) ?? -1;
    const m = state.metricsMemo;
    const sameInputs =
      m !== undefined &&
      m.spec === hpa.spec &&
      m.pods === pods &&
      m.selector === selector &&
      m.specReplicas === specReplicas &&
      m.statusReplicas === statusReplicas &&
      nowMs < m.validUntilMs;
    if (sameInputs && m.scrapeMs === scrapeMs) return m.result;
    const cacheable = this.opts.cache && (m?.spec === hpa.spec || onlyResourceMetrics(hpa.spec?.metrics));
    // Take the samples first (what the calculation will fetch; they stay in the pods' caches for it).
    const samples = cacheable ? this.sampleResourceMetrics(hpa.spec?.metrics ?? [], pods, nowMs) : undefined;
    if (sameInputs && m.validUntilMs === Infinity && samples !== undefined && sameSamples(m.samples, samples)) {
      // A new scrape with the same values, and no pod inside its CPU initialization period (where the sample time
      // would matter): the calculation would repeat itself.
      m.scrapeMs = scrapeMs;
      return m.result;
    }
    let result = this.computeReplicasForMetrics(hpa, selector, pods, specReplicas, statusReplicas);
    // Other samples often give the same outcome (utilization is whole percent): keep the old object, so the sync
    // memo still recognises it.
    if (m !== undefined && sameComputed(m.result, result)) result = m.result;
    state.metricsMemo =
      cacheable && samples !== undefined && result.error === undefined
        ? {
            spec: hpa.spec,
            selector,
            pods,
            specReplicas,
            statusReplicas,
            scrapeMs,
            validUntilMs: nextAfter(this.listOf(pods).initializationEndsMs, nowMs),
            samples,
            result,
          }
        : undefined;
    return result;
  }

  /** `sampleValues` for each Resource / ContainerResource metric that has a source, by metric index. */
  private sampleResourceMetrics(specs: readonly MetricSpec[], pods: readonly Pod[], nowMs: number): (number[] | undefined)[] {
    const out: (number[] | undefined)[] = [];
    for (const ms of specs) {
      const src = ms.type === 'Resource' ? ms.resource : ms.containerResource;
      const container = ms.type === 'ContainerResource' ? ms.containerResource?.container : undefined;
      out.push(src ? this.metrics.sampleValues(pods, src.name, nowMs, this.parseTime, container) : undefined);
    }
    return out;
  }

  /** Port of `computeReplicasForMetrics`: the max over metrics; failures block scale-down only. */
  private computeReplicasForMetrics(
    hpa: Hpa,
    selectorSpec: LabelSelector | undefined,
    pods: Pod[],
    specReplicas: number,
    statusReplicas: number,
  ): ComputedMetrics {
    const specs = hpa.spec?.metrics ?? [];
    if (!selectorSpec) {
      const msg = 'selector is required';
      this.ctx.events.record(involved(hpa), 'Warning', 'SelectorRequired', msg, COMPONENT);
      return { replicas: -1, metric: '', statuses: [], decisions: [], error: msg, scalingActive: ['False', 'InvalidSelector', "the HPA target's scale is missing a selector"] };
    }
    const statuses: MetricStatus[] = [];
    for (let i = 0; i < specs.length; i++) statuses.push({ type: '' });
    const decisions: MetricDecision[] = [];
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let firstError: MetricFailure | undefined;
    for (let i = 0; i < specs.length; i++) {
      const ms = specs[i]!;
      try {
        const out = this.computeReplicasForMetric(hpa, ms, specReplicas, statusReplicas, pods);
        statuses[i] = out.status;
        decisions.push(out.decision);
        if (replicas === 0 || out.replicas > replicas) {
          replicas = out.replicas;
          metric = out.name;
        }
      } catch (e) {
        if (!(e instanceof MetricFailure)) throw e;
        decisions.push(e.decision);
        this.ctx.events.record(involved(hpa), 'Warning', e.condition.reason, e.condition.message, COMPONENT);
        if (invalid === 0) firstError = e;
        invalid++;
      }
    }
    const error = firstError
      ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.message}`
      : undefined;
    if (invalid >= specs.length || (invalid > 0 && replicas < specReplicas)) {
      return {
        replicas: -1,
        metric: '',
        statuses,
        decisions,
        error: error ?? 'no metrics specified',
        ...(firstError
          ? { scalingActive: ['False', firstError.condition.reason, `the HPA was unable to compute the replica count: ${firstError.condition.message}`] as const }
          : {}),
      };
    }
    return {
      replicas,
      metric,
      statuses,
      decisions,
      ...(error !== undefined ? { error } : {}),
      scalingActive: ['True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`],
    };
  }

  /** Port of `computeReplicasForMetric` and the `computeStatusFor*Metric` functions. */
  private computeReplicasForMetric(hpa: Hpa, ms: MetricSpec, specReplicas: number, statusReplicas: number, pods: Pod[]): MetricOutcome {
    const nowMs = this.ctx.engine.nowMs;
    const tolerances = this.tolerancesForHpa(hpa);
    const common = {
      nowMs,
      cpuInitializationPeriodMs: this.opts.cpuInitializationPeriodMs,
      delayOfInitialReadinessStatusMs: this.opts.initialReadinessDelayMs,
      parseTime: this.parseTime,
      currentReplicas: specReplicas,
      tolerances,
      pods,
      facts: this.listOf(pods).facts,
    };

    switch (ms.type) {
      case 'Resource':
      case 'ContainerResource': {
        const src = ms.type === 'Resource' ? ms.resource : ms.containerResource;
        const reason = ms.type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
        if (!src) return failMetric(ms, reason, 'metric source is missing', 'metric source is missing', {});
        const container = ms.type === 'ContainerResource' ? ms.containerResource?.container : undefined;
        const outerPrefix =
          ms.type === 'Resource' ? `failed to get ${src.name} resource metric value: ` : `failed to get ${container} container metric value: `;
        const fetched = this.metrics.getResourceMetric(pods, src.name, nowMs, this.parseTime, container);
        if (src.target.averageValue !== undefined) {
          const targetUsage = milliValue(src.target.averageValue);
          const name = `${src.name} resource`;
          let r: PodCalcResult;
          try {
            r = getRawResourceReplicas({ ...common, metrics: fetched.metrics, targetUsage, resource: src.name });
          } catch (e) {
            const inner = `failed to get ${src.name} usage: ${(e as Error).message}`;
            return failMetric(ms, reason, inner, outerPrefix + inner, { metric: name, target: targetUsage });
          }
          const current: MetricValueStatus = { averageValue: buildQuantity(src.name, r.rawUtilization) };
          const status: MetricStatus =
            ms.type === 'Resource'
              ? { type: 'Resource', resource: { name: src.name, current } }
              : { type: 'ContainerResource', containerResource: { name: src.name, container: container ?? '', current } };
          return { replicas: r.replicaCount, name, status, decision: podDecision(name, ms.type, r, targetUsage) };
        }
        const targetUtilization = src.target.averageUtilization;
        if (targetUtilization === undefined) {
          const inner = 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set';
          return failMetric(ms, reason, inner, outerPrefix + inner, {});
        }
        const name =
          ms.type === 'Resource'
            ? `${src.name} resource utilization (percentage of request)`
            : `${src.name} container resource utilization (percentage of request)`;
        let r: PodCalcResult;
        try {
          // One literal of a fixed shape (a spread of `common` here would build a slow dictionary object).
          r = getResourceReplicas({
            nowMs,
            cpuInitializationPeriodMs: common.cpuInitializationPeriodMs,
            delayOfInitialReadinessStatusMs: common.delayOfInitialReadinessStatusMs,
            parseTime: common.parseTime,
            currentReplicas: specReplicas,
            tolerances,
            pods,
            facts: common.facts,
            metrics: fetched.metrics,
            targetUtilization,
            resource: src.name,
            container,
            podLevelResources: this.opts.podLevelResources,
            requests: this.requestsOf(pods, container ?? '', src.name),
          });
        } catch (e) {
          const inner = `failed to get ${src.name} utilization: ${(e as Error).message}`;
          return failMetric(ms, reason, inner, outerPrefix + inner, { metric: name, target: targetUtilization });
        }
        const current: MetricValueStatus = { averageUtilization: r.utilization, averageValue: buildQuantity(src.name, r.rawUtilization) };
        const status: MetricStatus =
          ms.type === 'Resource'
            ? { type: 'Resource', resource: { name: src.name, current } }
            : { type: 'ContainerResource', containerResource: { name: src.name, container: container ?? '', current } };
        return { replicas: r.replicaCount, name, status, decision: podDecision(name, ms.type, r, targetUtilization) };
      }
      case 'Pods': {
        const src = ms.pods;
        const metricName = src?.metric.name ?? '';
        const name = `pods metric ${metricName}`;
        if (!src?.target.averageValue) return failMetric(ms, 'FailedGetPodsMetric', 'invalid pods metric source', 'failed to get pods metric value: invalid pods metric source', { metric: name });
        const targetUsage = milliValue(src.target.averageValue);
        let r: PodCalcResult;
        try {
          r = getMetricReplicas({ ...common, metrics: this.metrics.getRawMetric(pods, metricName, nowMs).metrics, targetUsage, metricName });
        } catch (e) {
          const inner = (e as Error).message;
          return failMetric(ms, 'FailedGetPodsMetric', inner, `failed to get pods metric value: ${inner}`, { metric: name, target: targetUsage });
        }
        const status: MetricStatus = {
          type: 'Pods',
          pods: { metric: src.metric, current: { averageValue: milliQuantity(r.utilization, 'DecimalSI') } },
        };
        return { replicas: r.replicaCount, name, status, decision: podDecision(name, 'Pods', r, targetUsage) };
      }
      case 'Object': {
        const src = ms.object;
        if (!src) return failMetric(ms, 'FailedGetObjectMetric', 'metric source is missing', 'failed to get object metric value: metric source is missing', {});
        const ns = hpa.metadata.namespace;
        const obj = src.describedObject;
        const perPod = src.target.type === 'AverageValue' && src.target.averageValue !== undefined;
        const isValue = src.target.type === 'Value' && src.target.value !== undefined;
        const name = isValue ? `${obj.kind} metric ${src.metric.name}` : `external metric ${src.metric.name}(${goLabelSelector(src.metric.selector)})`;
        if (!isValue && !perPod) {
          const inner = 'invalid object metric source: neither a value target nor an average value target was set';
          return failMetric(ms, 'FailedGetObjectMetric', inner, `failed to get object metric value: ${inner}`, { metric: name });
        }
        let usage: number;
        try {
          usage = this.metrics.getObjectMetric(ns, obj, src.metric.name, nowMs);
        } catch (e) {
          const inner = `unable to get metric ${src.metric.name} on ${obj.kind} ${ns}/${obj.name}: ${(e as Error).message}`;
          const outer = isValue ? inner : `failed to get ${src.metric.name} object metric: ${inner}`;
          return failMetric(ms, 'FailedGetObjectMetric', inner, `failed to get object metric value: ${outer}`, { metric: name });
        }
        if (isValue) {
          const targetUsage = milliValue(src.target.value!);
          let r: { replicaCount: number; usage: number; usageRatio: number };
          try {
            r = getObjectMetricReplicas(specReplicas, targetUsage, usage, tolerances, pods);
          } catch (e) {
            const inner = (e as Error).message;
            return failMetric(ms, 'FailedGetObjectMetric', inner, `failed to get object metric value: ${inner}`, { metric: name });
          }
          const status: MetricStatus = {
            type: 'Object',
            object: { describedObject: obj, metric: src.metric, current: { value: milliQuantity(r.usage, 'DecimalSI') } },
          };
          return { replicas: r.replicaCount, name, status, decision: plainDecision(name, 'Object', r, targetUsage) };
        }
        const targetAverage = milliValue(src.target.averageValue!);
        const r = getObjectPerPodMetricReplicas(statusReplicas, targetAverage, usage, tolerances);
        const status: MetricStatus = {
          type: 'Object',
          object: { describedObject: obj, metric: src.metric, current: { averageValue: milliQuantity(r.usage, 'DecimalSI') } },
        };
        return { replicas: r.replicaCount, name, status, decision: plainDecision(name, 'Object', r, targetAverage) };
      }
      case 'External': {
        const src = ms.external;
        if (!src) return failMetric(ms, 'FailedGetExternalMetric', 'metric source is missing', 'failed to get external metric value: metric source is missing', {});
        const ns = hpa.metadata.namespace;
        const metricName = src.metric.name;
        const name = `external metric ${metricName}(${goLabelSelector(src.metric.selector)})`;
        const outerPrefix = `failed to get ${metricName} external metric value: `;
        if (src.target.averageValue === undefined && src.target.value === undefined) {
          const inner = 'invalid external metric source: neither a value target nor an average value target was set';
          return failMetric(ms, 'FailedGetExternalMetric', inner, outerPrefix + inner, { metric: name });
        }
        let values: number[];
        try {
          values = this.metrics.getExternalMetric(ns, metricName, src.metric.selector, nowMs);
        } catch (e) {
          const inner = `unable to get external metric ${ns}/${metricName}/${goLabelSelector(src.metric.selector)}: ${(e as Error).message}`;
          const wrapped = src.target.averageValue !== undefined ? `failed to get ${metricName} external metric: ${inner}` : `failed to get external metric ${metricName}: ${inner}`;
          return failMetric(ms, 'FailedGetExternalMetric', inner, outerPrefix + wrapped, { metric: name });
        }
        if (src.target.averageValue !== undefined) {
          const targetAverage = milliValue(src.target.averageValue);
          const r = getExternalPerPodMetricReplicas(statusReplicas, targetAverage, sumExternalMetric(values), tolerances);
          const status: MetricStatus = {
            type: 'External',
            external: { metric: src.metric, current: { averageValue: milliQuantity(r.usage, 'DecimalSI') } },
          };
          return { replicas: r.replicaCount, name, status, decision: plainDecision(name, 'External', r, targetAverage) };
        }
        const targetUsage = milliValue(src.target.value!);
        let r: { replicaCount: number; usage: number; usageRatio: number };
        try {
          r = getExternalMetricReplicas(specReplicas, targetUsage, values, tolerances, pods);
        } catch (e) {
          const inner = (e as Error).message;
          return failMetric(ms, 'FailedGetExternalMetric', inner, outerPrefix + `failed to get external metric ${metricName}: ${inner}`, { metric: name });
        }
        const status: MetricStatus = { type: 'External', external: { metric: src.metric, current: { value: milliQuantity(r.usage, 'DecimalSI') } } };
        return { replicas: r.replicaCount, name, status, decision: plainDecision(name, 'External', r, targetUsage) };
      }
      default: {
        const err = `unknown metric source type "${ms.type}"`;
        return failMetric(ms, 'InvalidMetricSourceType', err, err, { metric: ms.type });
      }
    }
  }

  private listOf(pods: readonly Pod[]): PodListMemo {
    let m = this.lists.get(pods);
    if (!m) {
      const facts = pods.map((p) => podFacts(p, this.parseTime));
      const initializationEndsMs: number[] = [];
      for (const f of facts) if (f.startMs !== undefined) initializationEndsMs.push(f.startMs + this.opts.cpuInitializationPeriodMs);
      m = { facts, requests: new Map(), initializationEndsMs: initializationEndsMs.sort((a, b) => a - b) };
      this.lists.set(pods, m);
    }
    return m;
  }

  /** `calculatePodRequests` of a pod list, memoised; undefined when it fails (the calculation then reports it). */
  private requestsOf(pods: readonly Pod[], container: string, resource: string): ReadonlyMap<string, number> | undefined {
    const memo = this.listOf(pods).requests;
    const key = `${container}\u0000${resource}`;
    let r = memo.get(key);
    if (r === undefined) {
      try {
        r = calculatePodRequests(pods, container, resource, this.opts.podLevelResources);
      } catch (e) {
        if (!(e instanceof ReplicaCalcError)) throw e;
        r = null;
      }
      memo.set(key, r);
    }
    return r ?? undefined;
  }

  /** Port of `tolerancesForHpa`. */
  private tolerancesForHpa(hpa: Hpa): Tolerances {
    const t = { scaleDown: this.opts.tolerance, scaleUp: this.opts.tolerance };
    const behavior = hpa.spec?.behavior as Behavior | undefined;
    if (!behavior || !this.opts.configurableTolerance) return t;
    if (behavior.scaleDown?.tolerance !== undefined) t.scaleDown = approximateFloat(behavior.scaleDown.tolerance);
    if (behavior.scaleUp?.tolerance !== undefined) t.scaleUp = approximateFloat(behavior.scaleUp.tolerance);
    return t;
  }

  /**
   * The compiled selector, shared by all HPAs on the same `LabelSelector` object and kept on the state: the
   * selector registered for the HPA (upstream's `hpaSelectors.PutSelector` in `validateAndParseSelector`).
   */
  private compileFor(state: HpaState, selector: LabelSelector): Selector {
    let s = this.selectors.get(selector);
    if (!s) {
      s = labelSelectorAsSelector(selector);
      this.selectors.set(selector, s);
    }
    this.hpaSelectors.put(state, state.namespace, s);
    state.compiled = { source: selector, selector: s };
    return s;
  }

  /**
   * Port of `hpasControllingPodsUnderSelector`: the HPAs of the namespace whose registered selector matches one
   * of `pods` (the syncing HPA among them).
   */
  private hpasControllingPodsUnderSelector(ns: string, pods: readonly Pod[]): HpaState[] {
    let first: HpaState | undefined;
    let all: Set<HpaState> | undefined;
    const found = (s: HpaState) => {
      if (first === undefined) first = s;
      else if (s !== first) (all ??= new Set([first])).add(s);
    };
    for (const pod of pods) this.hpaSelectors.selecting(ns, pod.metadata?.labels, found);
    return all ? [...all] : first ? [first] : [];
  }

  /** A selector the metrics cannot be read through: upstream's event and ScalingActive condition, no proposal. */
  private selectorFailure(hpa: Hpa, reason: string, message: string): ComputedMetrics {
    this.ctx.events.record(involved(hpa), 'Warning', reason, message, COMPONENT);
    return { replicas: -1, metric: '', statuses: [], decisions: [], error: message, scalingActive: ['False', reason, message] };
  }

  /** Port of `setStatus`. */
  private buildStatus(
    hpa: Hpa,
    currentReplicas: number,
    desiredReplicas: number,
    metricStatuses: MetricStatus[] | undefined,
    conditions: Condition[],
    rescale: boolean,
    nowMs: number,
  ): HorizontalPodAutoscalerStatus {
    const lastScaleTime = rescale ? this.ctx.clock.timestamp(nowMs) : hpa.status?.lastScaleTime;
    return {
      currentReplicas,
      desiredReplicas,
      ...(lastScaleTime ? { lastScaleTime } : {}),
      ...(metricStatuses ? { currentMetrics: metricStatuses } : {}),
      conditions,
    };
  }

  /**
   * Port of `updateStatusIfNeeded`: write only when the status differs from the one this sync read
   * (`apiequality.Semantic.DeepEqual`, see {@link semanticEqual}). Returns the HPA as it now is.
   */
  private updateStatusIfNeeded(hpa: Hpa, status: HorizontalPodAutoscalerStatus): Hpa {
    if (hpa.status !== undefined && semanticEqual(status, hpa.status)) return hpa;
    // A shallow copy with the new status (the status object is new; nothing else changes): no immer draft.
    return this.ctx.store.update<HorizontalPodAutoscaler>(HPA_KIND, hpa.metadata.namespace, hpa.metadata.name, (cur) => ({
      ...cur,
      status: status as HorizontalPodAutoscaler['status'],
    }));
  }

  private finish(
    hpa: Hpa,
    state: HpaState,
    currentReplicas: number,
    desiredReplicas: number,
    status: HorizontalPodAutoscalerStatus,
    details: HpaDecisionDetails,
    summary: string,
    changed: boolean,
  ): void {
    const tMs = this.ctx.engine.nowMs;
    this.series(state, 'kube_horizontalpodautoscaler_status_current_replicas', CURRENT_REPLICAS_KEY, undefined, tMs, currentReplicas);
    this.series(state, 'kube_horizontalpodautoscaler_status_desired_replicas', DESIRED_REPLICAS_KEY, undefined, tMs, desiredReplicas);
    const specs = hpa.spec?.metrics ?? [];
    let m = state.metricSeries;
    if (m?.specs !== specs) {
      const labels = metricLabels(specs);
      m = state.metricSeries = {
        specs,
        labels,
        valueKeys: labels.map((l) => `kubesim_hpa_metric_value\u0000${l}`),
        targetKeys: labels.map((l) => `kubesim_hpa_metric_target\u0000${l}`),
        targets: specs.map(metricTargetValue),
      };
    }
    const current = status.currentMetrics ?? [];
    for (let i = 0; i < current.length; i++) {
      const v = metricStatusValue(current[i]!);
      if (v === undefined || i >= specs.length) continue;
      this.series(state, 'kubesim_hpa_metric_value', m.valueKeys[i]!, m.labels[i], tMs, v);
      const t = m.targets[i];
      if (t !== undefined) this.series(state, 'kubesim_hpa_metric_target', m.targetKeys[i]!, m.labels[i], tMs, t);
    }
    this.log(hpa, state, summary, details, changed);
  }

  private log(hpa: Hpa, state: HpaState, summary: string, details: HpaDecisionDetails, changed: boolean): void {
    // A failure repeating itself (metrics missing for the first minute, sync after sync) has the same signature:
    // 'changes' mode logs it once, like a hold.
    const sig = `${details.desiredReplicas}|${details.ableToScale}|${details.scalingActive}|${details.scalingLimited ?? ''}|${details.proposal ?? ''}|${details.reason}`;
    const sigChanged = sig !== state.lastDecisionSig;
    state.lastDecisionSig = sig;
    if (this.opts.decisions === 'changes' && !changed && !sigChanged) return;
    this.ctx.decisions.add('hpa', `${HPA_KIND}/${hpa.metadata.namespace}/${hpa.metadata.name}`, summary, details as unknown as Record<string, unknown>);
  }

  /**
   * Records a point only when the value changed: series are step functions, so nothing is lost. `key` names the
   * series within the HPA (`name\0metric label`); the Series object is kept, so a point costs no label look-up.
   */
  private series(state: HpaState, name: string, key: string, metric: string | undefined, tMs: number, value: number): void {
    let slot = state.series.get(key);
    if (slot === undefined) {
      const labels: Record<string, string> = metric === undefined ? { hpa: state.key } : { hpa: state.key, metric };
      slot = { series: this.ctx.metrics.series(name, labels), last: Number.NaN };
      state.series.set(key, slot);
    } else if (slot.last === value) return;
    slot.last = value;
    slot.series.push(tMs, value);
  }
}

/** Series keys of the replica counts (no metric label). */
const CURRENT_REPLICAS_KEY = 'kube_horizontalpodautoscaler_status_current_replicas\u0000';
const DESIRED_REPLICAS_KEY = 'kube_horizontalpodautoscaler_status_desired_replicas\u0000';

/** One series an HPA writes and the last value written to it. */
interface SeriesSlot {
  readonly series: Series;
  last: number;
}

/** Series labels, keys and target values of one `spec.metrics` list. */
interface MetricSeriesMemo {
  readonly specs: readonly MetricSpec[];
  readonly labels: readonly string[];
  readonly valueKeys: readonly string[];
  readonly targetKeys: readonly string[];
  readonly targets: readonly (number | undefined)[];
}

/** A selection of pods: valid while `counter.n === version` (the counter of the selector's label bucket). */
interface Selection {
  readonly selector: Selector;
  readonly ns: string;
  readonly counter: { readonly n: number };
  readonly version: number;
  readonly pods: Stored<Pod>[];
}

/** Pods by namespace and by `label=value`, so selecting a target's pods does not scan the namespace. */
class PodIndex {
  private readonly byNs = new Map<string, Map<string, Stored<Pod>>>();
  private readonly byLabel = new Map<string, Map<string, Set<string>>>();
  /**
   * Change counters: per namespace, and per namespace and `label=value` bucket, bumped on every change of a pod in
   * it. A selection is cached against the counter of its first equality requirement's bucket (else the namespace).
   */
  private readonly versions = new Map<string, { n: number }>();
  /** Per selector: the pods and the counter (and its value) they were selected at. */
  private readonly selections = new WeakMap<Selector, Selection>();

  private counter(key: string): { n: number } {
    let c = this.versions.get(key);
    if (!c) this.versions.set(key, (c = { n: 0 }));
    return c;
  }

  private bump(key: string): void {
    this.counter(key).n++;
  }

  onEvent(e: WatchEvent<Pod>): void {
    const ns = e.object.metadata.namespace;
    this.bump(ns);
    for (const labels of [e.object.metadata.labels, e.old?.metadata.labels]) {
      for (const [k, v] of Object.entries(labels ?? {})) this.bump(`${ns}\u0000${k}=${v}`);
    }
    if (e.type === 'DELETED') this.remove(e.object);
    else {
      if (e.old && e.old.metadata.labels !== e.object.metadata.labels) this.unindex(e.old);
      this.upsert(e.object);
    }
  }

  upsert(pod: Stored<Pod>): void {
    const ns = pod.metadata.namespace;
    let pods = this.byNs.get(ns);
    if (!pods) this.byNs.set(ns, (pods = new Map()));
    pods.set(pod.metadata.name, pod);
    let labels = this.byLabel.get(ns);
    if (!labels) this.byLabel.set(ns, (labels = new Map()));
    for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
      const key = `${k}=${v}`;
      let names = labels.get(key);
      if (!names) labels.set(key, (names = new Set()));
      names.add(pod.metadata.name);
    }
  }

  private unindex(pod: Stored<Pod>): void {
    const labels = this.byLabel.get(pod.metadata.namespace);
    for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) labels?.get(`${k}=${v}`)?.delete(pod.metadata.name);
  }

  private remove(pod: Stored<Pod>): void {
    this.unindex(pod);
    this.byNs.get(pod.metadata.namespace)?.delete(pod.metadata.name);
  }

  /**
   * The pods of a namespace the selector matches, sorted by name: the same array until a pod of the selection's
   * bucket changes.
   */
  select(ns: string, selector: Selector): Selection {
    const cached = this.selections.get(selector);
    if (cached && cached.ns === ns && cached.counter.n === cached.version) return cached;
    const eq = selector.requirements.find((r) => r.equality);
    const counter = this.counter(eq ? `${ns}\u0000${eq.key}=${eq.values[0]}` : ns);
    const selection: Selection = { selector, ns, counter, version: counter.n, pods: this.scan(ns, selector) };
    this.selections.set(selector, selection);
    return selection;
  }

  private scan(ns: string, selector: Selector): Stored<Pod>[] {
    const pods = this.byNs.get(ns);
    if (!pods || selector.matchesNothing) return [];
    const eq = selector.requirements.find((r) => r.equality);
    const candidates = eq ? [...(this.byLabel.get(ns)?.get(`${eq.key}=${eq.values[0]}`) ?? [])] : [...pods.keys()];
    const out: Stored<Pod>[] = [];
    for (const name of candidates.sort()) {
      const pod = pods.get(name);
      if (pod && selector.matches(pod.metadata.labels)) out.push(pod);
    }
    return out;
  }
}

/** Port of `setConditionInList`: lastTransitionTime moves only when the status flips. */
function setConditionInList(
  list: Condition[],
  type: string,
  status: string,
  reason: string,
  message: string,
  nowMs: number,
  clock: { timestamp(ms: number): string },
): void {
  let c = list.find((x) => x.type === type);
  if (!c) {
    c = { type, status: '' };
    list.push(c);
  }
  if (c.status !== status) c.lastTransitionTime = clock.timestamp(nowMs);
  c.status = status;
  c.reason = reason;
  c.message = message;
}

/** The HPA's conditions as mutable copies (the stored object is frozen). */
/** Port of `removeCondition`. */
function removeCondition(list: Condition[], type: string): void {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) list.splice(i, 1);
}

/** Port of `hasObjectOrExternalMetrics`. */
function hasObjectOrExternalMetrics(metrics: readonly MetricSpec[] | undefined): boolean {
  return (metrics ?? []).some((m) => m.type === 'Object' || m.type === 'External');
}

/** Port of `getScaledToZeroConditionStatus`: the `ScaledToZero` condition exists and is True. */
function getScaledToZeroConditionStatus(hpa: Hpa): boolean {
  return hpa.status?.conditions?.find((c) => c.type === 'ScaledToZero')?.status === 'True';
}

/**
 * Port of `shouldComputeMetricsForZeroReplicas`: at zero replicas, metrics are computed when the HPA itself scaled
 * to zero (`ScaledToZero` True, gate on) and either minReplicas is no longer 0 or an Object/External metric can
 * bring it back; otherwise zero replicas mean the workload was scaled to zero by hand and scaling is disabled.
 */
function shouldComputeMetricsForZeroReplicas(minReplicas: number, scaledToZeroCondition: boolean, canScaleFromZero: boolean): boolean {
  return (minReplicas !== 0 && scaledToZeroCondition) || canScaleFromZero;
}

function copyConditions(hpa: Hpa): Condition[] {
  return (hpa.status?.conditions ?? []).map((c) => ({ ...c }));
}

const SUCCEEDED_GET_SCALE = "the HPA controller was able to get the target's current scale";

/** Whether two normalisations decided the same (same desired count, stabilised value, limit and verdicts). */
function sameNormalized(a: Normalized & { limit?: number }, b: Normalized & { limit?: number }): boolean {
  return (
    a.desiredReplicas === b.desiredReplicas &&
    a.stabilizedRecommendation === b.stabilizedRecommendation &&
    a.limit === b.limit &&
    a.ableToScale.reason === b.ableToScale.reason &&
    a.ableToScale.message === b.ableToScale.message &&
    a.scalingLimited.status === b.scalingLimited.status &&
    a.scalingLimited.reason === b.scalingLimited.reason &&
    a.scalingLimited.message === b.scalingLimited.message
  );
}

/** Same sample values (NaN: no sample) metric by metric, over the same pod list. */
function sameSamples(a: readonly (number[] | undefined)[], b: readonly (number[] | undefined)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (!x || !y || x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j] && !(Number.isNaN(x[j]) && Number.isNaN(y[j]))) return false;
  }
  return true;
}

/** Whether two metric outcomes would write and log the same (same proposal, statuses, decisions, condition). */
function sameComputed(a: ComputedMetrics, b: ComputedMetrics): boolean {
  return (
    a.replicas === b.replicas &&
    a.metric === b.metric &&
    a.error === b.error &&
    jsonEqual(a.scalingActive, b.scalingActive) &&
    jsonEqual(a.statuses, b.statuses) &&
    jsonEqual(a.decisions, b.decisions)
  );
}

/** Status fields that hold quantities: `Semantic.DeepEqual` compares them by value (`400m` equals `0.4`). */
const QUANTITY_FIELDS = new Set(['value', 'averageValue']);

/**
 * `apiequality.Semantic.DeepEqual` for JSON-like status objects: members in any order, an undefined member equal to
 * a missing one, quantities (`value`, `averageValue`) equal when their values are.
 */
function semanticEqual(a: unknown, b: unknown, key = ''): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return QUANTITY_FIELDS.has(key) && sameQuantity(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let n = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    n++;
    if (!semanticEqual(ra[k], rb[k], k)) return false;
  }
  for (const k in rb) if (rb[k] !== undefined) n--;
  return n === 0;
}

function sameQuantity(a: string, b: string): boolean {
  try {
    return compareQuantity(a, b) === 0;
  } catch {
    return false;
  }
}

/** The first value above `ms` in an ascending list, or Infinity. */
function nextAfter(ascending: readonly number[], ms: number): number {
  for (const v of ascending) if (v > ms) return v;
  return Infinity;
}

/** Only Resource / ContainerResource metrics: their samples are fixed per scrape, so a proposal can be reused. */
function onlyResourceMetrics(specs: readonly MetricSpec[] | undefined): boolean {
  if (!specs || specs.length === 0) return false;
  for (const ms of specs) if (ms.type !== 'Resource' && ms.type !== 'ContainerResource') return false;
  return true;
}

/**
 * `labels.Parse` of a scale's string selector (what Argo Rollouts writes to `status.selector`), memoised by string
 * so the same string gives the same object; a malformed string throws the same {@link SelectorError} each time.
 */
function parseSelectorString(s: string): LabelSelector {
  let parsed = parsedSelectors.get(s);
  if (parsed === undefined) {
    try {
      parsed = parseSelector(s);
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      parsed = e;
    }
    if (parsedSelectors.size > 10_000) parsedSelectors.clear();
    parsedSelectors.set(s, parsed);
  }
  if (parsed instanceof SelectorError) throw parsed;
  return parsed;
}

const parsedSelectors = new Map<string, LabelSelector | SelectorError>();

function condReason(list: readonly Condition[], type: string): string {
  const c = list.find((x) => x.type === type);
  return c ? `${c.status}/${c.reason ?? ''}` : '';
}

function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  const i = v.indexOf('/');
  return i < 0 ? '' : v.slice(0, i);
}

const quantityStrings = { DecimalSI: new Map<number, string>(), BinarySI: new Map<number, string>() };

/** `resource.NewMilliQuantity(v, format).String()`, memoised (the same values recur every sync). */
function milliQuantity(milli: number, format: 'DecimalSI' | 'BinarySI'): string {
  const cache = quantityStrings[format];
  let s = cache.get(milli);
  if (s === undefined) {
    if (cache.size > 50_000) cache.clear();
    s = formatQuantity(new Quantity(BigInt(Math.trunc(milli)), -3, format));
    cache.set(milli, s);
  }
  return s;
}

/** Port of `buildQuantity`: memory prints BinarySI like metrics-server, everything else DecimalSI. */
function buildQuantity(resource: string, rawMilli: number): string {
  return milliQuantity(rawMilli, resource === 'memory' ? 'BinarySI' : 'DecimalSI');
}

/** `Quantity.AsApproximateFloat64()`. */
function approximateFloat(q: string | number): number {
  return typeof q === 'number' ? q : Number(parseQuantity(q).unscaled) * 10 ** parseQuantity(q).scale;
}

/** Go's `%+v` of a `*metav1.LabelSelector` (its generated `String()`), as upstream prints it in metric names. */
function goLabelSelector(s: LabelSelector | undefined): string {
  if (!s) return '<nil>';
  const labels = Object.keys(s.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${s.matchLabels![k]},`)
    .join('');
  const exprs = (s.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

function podDecision(metric: string, type: string, r: PodCalcResult, target: number): MetricDecision {
  return {
    metric,
    type,
    proposal: r.replicaCount,
    current: r.utilization,
    target,
    ratio: r.usageRatio,
    ...(r.newUsageRatio !== undefined ? { newRatio: r.newUsageRatio } : {}),
    path: r.path,
    readyPods: r.groups.readyPodCount,
    unreadyPods: [...r.groups.unreadyPods].sort(),
    missingPods: [...r.groups.missingPods].sort(),
    ignoredPods: [...r.groups.ignoredPods].sort(),
  };
}

function plainDecision(metric: string, type: string, r: { replicaCount: number; usage: number; usageRatio: number }, target: number): MetricDecision {
  return { metric, type, proposal: r.replicaCount, current: r.usage, target, ratio: r.usageRatio };
}

/**
 * Series labels of an HPA's metrics: {@link metricLabel}, and `label#i` (i = index in spec.metrics) for a metric
 * whose label an earlier one already has (e.g. a cpu Utilization and a cpu AverageValue target), so each metric
 * has its own series.
 */
function metricLabels(specs: readonly MetricSpec[]): string[] {
  const out: string[] = [];
  specs.forEach((spec, i) => {
    const label = metricLabel(spec);
    out.push(out.includes(label) ? `${label}#${i}` : label);
  });
  return out;
}

/** Series label of a metric spec: `cpu`, `memory`, `container/cpu`, `pods/rps`, `object/qps`, `external/queue`. */
function metricLabel(spec: MetricSpec): string {
  switch (spec.type) {
    case 'Resource':
      return spec.resource?.name ?? '';
    case 'ContainerResource':
      return `${spec.containerResource?.container}/${spec.containerResource?.name}`;
    case 'Pods':
      return `pods/${spec.pods?.metric.name}`;
    case 'Object':
      return `object/${spec.object?.metric.name}`;
    case 'External':
      return `external/${spec.external?.metric.name}`;
    default:
      return spec.type;
  }
}

function targetOf(spec: MetricSpec) {
  return spec.resource?.target ?? spec.containerResource?.target ?? spec.pods?.target ?? spec.object?.target ?? spec.external?.target;
}

/** The target as plotted: utilization percent, or the value in units. */
function metricTargetValue(spec: MetricSpec): number | undefined {
  const t = targetOf(spec);
  if (!t) return undefined;
  if (t.averageUtilization !== undefined) return t.averageUtilization;
  const q = t.averageValue ?? t.value;
  return q === undefined ? undefined : milliValue(q) / 1000;
}

/** The current value as plotted: utilization percent when reported, else the value in units. */
function metricStatusValue(ms: MetricStatus): number | undefined {
  const c = ms.resource?.current ?? ms.containerResource?.current ?? ms.pods?.current ?? ms.object?.current ?? ms.external?.current;
  if (!c) return undefined;
  if (c.averageUtilization !== undefined) return c.averageUtilization;
  const q = c.averageValue ?? c.value;
  return q === undefined ? undefined : milliValue(q) / 1000;
}
