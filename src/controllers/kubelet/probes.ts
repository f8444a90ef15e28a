/**
 * The kubelet probe worker (`pkg/kubelet/prober/worker.go`), as pure state transitions on the integer-ms clock, with
 * event skipping: {@link nextFlip} finds the probe at which the published result next changes without visiting
 * every period, and {@link advanceTo} fast-forwards the counters. {@link simulateProbes} is the plain one-probe-at-
 * a-time reference the fast path is tested against.
 *
 * Model (one worker = one pod × container × probe type):
 * - The worker calls `doProbe` once when it starts, then on every tick of a Go ticker with `periodSeconds`, whose
 *   origin is the worker's start (`tickOriginMs`). `run()` sleeps a random fraction of the period first **only if
 *   the kubelet process started less than one period ago**; a pod created later (the normal case in a simulation)
 *   starts probing at once, so `tickOriginMs` is the moment the probe manager added the pod. The caller applies
 *   the jitter itself (from its own RNG stream) for pods present at kubelet start.
 * - A Go ticker channel buffers one tick: when a probe outlasts the next tick it runs again right after it
 *   completes, later ticks are dropped (see {@link nextProbeStartMs}).
 * - `doProbe` checks, in upstream order: on hold → nothing; container not running (health `crashed`) → publish
 *   Failure, counters untouched; `int(seconds since container start) < initialDelaySeconds` or startup gating
 *   (folded by the caller into `eligibleFromMs`) → nothing; else probe and count consecutive equal results, publish
 *   when the run reaches the threshold. Liveness/startup go on hold after publishing Failure; since v1.32
 *   (PR #121206) startup also goes on hold after publishing Success. On hold lasts until {@link onNewContainer}.
 * - A probe's outcome comes from the health segment containing its start instant; it completes (and its result is
 *   published) at start + duration, where the duration is the probe latency capped at `timeoutSeconds`: a probe
 *   whose latency exceeds the timeout is a Failure published at start + timeout (HTTP/TCP/gRPC/exec timeouts are
 *   Failure, not errors).
 */

/** The three probe kinds, in the order `prober_manager.AddPod` creates workers. */
export type ProbeType = 'startup' | 'readiness' | 'liveness';

/** A probe result as cached by the results manager. */
export type ProbeResult = 'success' | 'failure' | 'unknown';

/** The simulated health of a container: what a probe sees. */
export type HealthState = 'healthy' | 'starting' | 'slow' | 'hung' | 'crashed';

/**
 * One piece of a piecewise-constant health timeline: from `fromMs` until the next segment's `fromMs`.
 * `probeLatencyMs` is how long the app takes to answer a probe (default 0 for `healthy` and `starting`, unbounded
 * for `slow`); `hung` never answers; `starting` answers with a failure (connection refused); `crashed` means the
 * container is not running.
 */
export interface HealthSegment {
  readonly fromMs: number;
  readonly state: HealthState;
  readonly probeLatencyMs?: number;
}

/** Probe timing in the units the API uses (seconds); every field defaults as `SetDefaults_Probe`. */
export interface ProbeSpec {
  /** Default 0. */
  readonly initialDelaySeconds?: number;
  /** Default 10. */
  readonly periodSeconds?: number;
  /** Default 1. */
  readonly timeoutSeconds?: number;
  /** Default 1 (must be 1 for liveness and startup). */
  readonly successThreshold?: number;
  /** Default 3. */
  readonly failureThreshold?: number;
}

/** A {@link ProbeSpec} with defaults applied, in milliseconds. */
export interface ProbeTiming {
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** Applies `SetDefaults_Probe` (10 s period, 1 s timeout, thresholds 1 and 3, no delay) and converts to ms. */
export function probeTiming(spec: ProbeSpec = {}): ProbeTiming {
  return {
    initialDelayMs: (spec.initialDelaySeconds ?? 0) * 1000,
    periodMs: (spec.periodSeconds ?? 10) * 1000,
    timeoutMs: (spec.timeoutSeconds ?? 1) * 1000,
    successThreshold: spec.successThreshold ?? 1,
    failureThreshold: spec.failureThreshold ?? 3,
  };
}

/** The cached value a worker publishes for a new container before any probe (`newWorker`'s `initialValue`). */
export function initialProbeResult(probeType: ProbeType): ProbeResult {
  switch (probeType) {
    case 'readiness':
      return 'failure';
    case 'liveness':
      return 'success';
    case 'startup':
      return 'unknown';
  }
}

/** The worker's state between probes (immutable; every function returns a new one). */
export interface ProbeWorkerState {
  readonly probeType: ProbeType;
  readonly timing: ProbeTiming;
  /** Origin of the ticker grid: ticks fall at `tickOriginMs + k × periodMs`. */
  readonly tickOriginMs: number;
  /** Start instant of the next `doProbe` call. */
  readonly nextProbeAtMs: number;
  /**
   * Probes starting before this instant do nothing: container start + initialDelay (whole seconds, as the
   * kubelet truncates), and for liveness/readiness also the instant `started` became true.
   */
  readonly eligibleFromMs: number;
  /** Result of the last probe that ran (`w.lastResult`); undefined before the first. */
  readonly lastResult: 'success' | 'failure' | undefined;
  /** How many probes in a row returned `lastResult` (`w.resultRun`). */
  readonly resultRun: number;
  /** The value in the results manager. */
  readonly published: ProbeResult;
  /** Set after liveness/startup published Failure (startup: any result); cleared by a new container. */
  readonly onHold: boolean;
  /** Probes actually run (excluding skipped calls) since the worker started. */
  readonly probeCount: number;
}

/**
 * A new worker, created when the probe manager adds the pod at `workerStartMs` (plus the caller's start jitter,
 * if any), for a container that started at `containerStartedAtMs`. For liveness/readiness behind a startup probe
 * pass `startedAtMs` once known (until then pass `Infinity`).
 */
export function newProbeWorker(
  probeType: ProbeType,
  spec: ProbeSpec | ProbeTiming,
  workerStartMs: number,
  containerStartedAtMs: number,
  startedAtMs = containerStartedAtMs,
): ProbeWorkerState {
  const timing = 'periodMs' in spec ? spec : probeTiming(spec);
  return {
    probeType,
    timing,
    tickOriginMs: workerStartMs,
    nextProbeAtMs: workerStartMs,
    eligibleFromMs: probeEligibleFromMs(timing, containerStartedAtMs, startedAtMs),
    lastResult: undefined,
    resultRun: 0,
    published: initialProbeResult(probeType),
    onHold: false,
    probeCount: 0,
  };
}

/**
 * Earliest probe start that is not skipped. The kubelet skips while `int32(seconds since start) < initialDelay`;
 * with integer ms that is `now − start < initialDelay × 1000` exactly (e.g. delay 5 s, start at 1 200 ms:
 * 6 199 ms → int(4.999) = 4 < 5 skipped, 6 200 ms → 5 probes).
 */
export function probeEligibleFromMs(timing: ProbeTiming, containerStartedAtMs: number, startedAtMs = containerStartedAtMs): number {
  return Math.max(containerStartedAtMs + timing.initialDelayMs, startedAtMs);
}

/**
 * A new container ID seen by the worker (a restart): publish the initial value and leave on-hold. The run
 * counters are deliberately kept, as upstream (readiness counts across restarts; liveness/startup were zeroed when
 * they went on hold). The ticker grid does not move: the worker outlives containers.
 */
export function onNewContainer(
  state: ProbeWorkerState,
  containerStartedAtMs: number,
  startedAtMs = containerStartedAtMs,
): ProbeWorkerState {
  return {
    ...state,
    published: initialProbeResult(state.probeType),
    onHold: false,
    eligibleFromMs: probeEligibleFromMs(state.timing, containerStartedAtMs, startedAtMs),
  };
}

/** Updates the gate (e.g. when the startup probe succeeded and `started` became true at `startedAtMs`). */
export function withEligibleFrom(state: ProbeWorkerState, eligibleFromMs: number): ProbeWorkerState {
  return { ...state, eligibleFromMs };
}

/**
 * A manual run (readiness, requested by `UpdatePodStatus` while a started container is not ready), picked up at
 * `atMs` by an idle worker (call {@link advanceTo} first). Since v1.29 (PR #119089) the worker resets its ticker
 * when it takes the trigger, so the grid re-phases to that instant: the next periodic probe is a full period later.
 */
export function triggerManualRun(state: ProbeWorkerState, atMs: number): ProbeWorkerState {
  return { ...state, tickOriginMs: atMs, nextProbeAtMs: atMs };
}

/** First ticker instant strictly after `tMs`. */
function nextTickAfterMs(state: ProbeWorkerState, tMs: number): number {
  const { tickOriginMs, timing } = state;
  if (tMs < tickOriginMs) return tickOriginMs;
  return tickOriginMs + (Math.floor((tMs - tickOriginMs) / timing.periodMs) + 1) * timing.periodMs;
}

/**
 * When `doProbe` runs next after one that started at `startMs` and completed at `completedMs`: Go's ticker
 * channel holds one tick, so if a tick fell in (start, completion] the loop runs again at once; otherwise it waits
 * for the next tick. Example: period 10 s, timeout 12 s, a hung app probed at 0 → completes 12 → reruns at 12.
 */
export function nextProbeStartMs(state: ProbeWorkerState, startMs: number, completedMs: number): number {
  const tick = nextTickAfterMs(state, startMs);
  return tick <= completedMs ? completedMs : nextTickAfterMs(state, completedMs);
}

/** What one probe starting in a segment does. */
type Outcome = { readonly kind: 'not-running' } | { readonly kind: 'probe'; readonly result: 'success' | 'failure'; readonly durationMs: number };

const NOT_RUNNING: Outcome = { kind: 'not-running' };

/** Outcome of a probe started while the container is in `segment` (see the module comment). */
export function probeOutcome(timing: ProbeTiming, segment: HealthSegment): Outcome {
  switch (segment.state) {
    case 'crashed':
      return NOT_RUNNING;
    case 'healthy':
      return answer(timing, 'success', segment.probeLatencyMs ?? 0);
    case 'starting':
      return answer(timing, 'failure', segment.probeLatencyMs ?? 0);
    case 'slow':
      return answer(timing, 'success', segment.probeLatencyMs ?? Number.POSITIVE_INFINITY);
    case 'hung':
      return { kind: 'probe', result: 'failure', durationMs: timing.timeoutMs };
  }
}

/** The app answers `result` after `latencyMs`: past the probe's timeout, a failure at the timeout instead. */
function answer(timing: ProbeTiming, result: 'success' | 'failure', latencyMs: number): Outcome {
  return latencyMs > timing.timeoutMs ? { kind: 'probe', result: 'failure', durationMs: timing.timeoutMs } : { kind: 'probe', result, durationMs: latencyMs };
}

/** Index of the segment containing `tMs` (segments sorted by `fromMs`); -1 before the first. */
function segmentIndexAt(health: readonly HealthSegment[], tMs: number): number {
  let lo = 0;
  let hi = health.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (health[mid]!.fromMs <= tMs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The health before the first segment: the container counts as `starting`. */
const BEFORE_START: HealthSegment = { fromMs: Number.NEGATIVE_INFINITY, state: 'starting' };

/** The segment at index `i` of {@link segmentIndexAt} (see {@link BEFORE_START}). */
function segmentOf(health: readonly HealthSegment[], i: number): HealthSegment {
  return i < 0 ? BEFORE_START : health[i]!;
}

/** A change the worker makes visible: a new published result and/or going on hold. */
export interface ProbeFlip {
  /** When the result is published (probe start + its duration; for a stopped container, the tick itself). */
  readonly atMs: number;
  /** The published result after the flip. */
  readonly result: ProbeResult;
  /** `probeCount` of the worker after the flip (probes run since the worker started). */
  readonly probeCount: number;
  /** Whether the worker went on hold (liveness/startup: wait for a new container). */
  readonly onHold: boolean;
  /** Instant the flipping probe started. */
  readonly probeStartMs: number;
}

/** Result of one `doProbe` call. */
interface Step {
  readonly state: ProbeWorkerState;
  readonly flip: ProbeFlip | undefined;
  readonly completedMs: number;
}

/** One `doProbe` at `state.nextProbeAtMs`, exactly as upstream; the reference for the fast path. */
export function doProbe(state: ProbeWorkerState, health: readonly HealthSegment[]): Step {
  const startMs = state.nextProbeAtMs;
  const idle = (s: ProbeWorkerState, flip?: ProbeFlip): Step => ({
    state: { ...s, nextProbeAtMs: nextProbeStartMs(s, startMs, startMs) },
    flip,
    completedMs: startMs,
  });
  if (state.onHold) return idle(state);
  const outcome = probeOutcome(state.timing, segmentOf(health, segmentIndexAt(health, startMs)));
  if (outcome.kind === 'not-running') {
    if (state.published === 'failure') return idle(state);
    const s = { ...state, published: 'failure' as const };
    return idle(s, { atMs: startMs, result: 'failure', probeCount: s.probeCount, onHold: false, probeStartMs: startMs });
  }
  if (startMs < state.eligibleFromMs) return idle(state);
  const { result, durationMs } = outcome;
  const completedMs = startMs + durationMs;
  const resultRun = state.lastResult === result ? state.resultRun + 1 : 1;
  let s: ProbeWorkerState = { ...state, lastResult: result, resultRun, probeCount: state.probeCount + 1 };
  let flip: ProbeFlip | undefined;
  if (resultRun >= threshold(state.timing, result)) {
    const hold = goesOnHold(state.probeType, result);
    if (s.published !== result || hold) {
      s = { ...s, published: result, onHold: hold, resultRun: hold ? 0 : resultRun };
      flip = { atMs: completedMs, result, probeCount: s.probeCount, onHold: hold, probeStartMs: startMs };
    }
  }
  return { state: { ...s, nextProbeAtMs: nextProbeStartMs(s, startMs, completedMs) }, flip, completedMs };
}

function threshold(timing: ProbeTiming, result: 'success' | 'failure'): number {
  return result === 'success' ? timing.successThreshold : timing.failureThreshold;
}

/** Liveness and startup stop probing after publishing Failure; startup also after Success (≥ v1.32, PR #121206). */
function goesOnHold(probeType: ProbeType, result: 'success' | 'failure'): boolean {
  return probeType === 'startup' || (probeType === 'liveness' && result === 'failure');
}

/**
 * Reference simulator: runs `doProbe` call by call while calls complete at or before `untilMs`, returning every
 * flip and the final state. Cost is one step per period; use {@link nextFlip} in the simulation.
 */
export function simulateProbes(
  state: ProbeWorkerState,
  health: readonly HealthSegment[],
  untilMs: number,
): { state: ProbeWorkerState; flips: ProbeFlip[] } {
  const flips: ProbeFlip[] = [];
  let s = state;
  for (;;) {
    if (s.nextProbeAtMs > untilMs) break;
    const step = doProbe(s, health);
    if (step.completedMs > untilMs) break;
    s = step.state;
    if (step.flip) flips.push(step.flip);
  }
  return { state: s, flips };
}

/**
 * Runs probes in closed form until the first flip or until `untilMs` (only calls completing by then count).
 * Within a health segment the outcome is constant, so probe starts form an arithmetic sequence (step = period on
 * the grid, or the duration when a probe outlasts the period) and the flip is at probe
 * `max(1, threshold − current run)`. Example: period 10 s, failureThreshold 3, timeout 1 s, app hangs at 25 s
 * with ticks at 0, 10, 20 …: probes at 30, 40, 50 fail; the third completes at 51 s → published Failure at 51 000.
 */
const MAX_FAST_FORWARD_STEPS = 10_000_000;

function fastForward(
  state: ProbeWorkerState,
  health: readonly HealthSegment[],
  untilMs: number,
  stopAtFlip: boolean,
): { state: ProbeWorkerState; flip: ProbeFlip | undefined } {
  let s = state;
  for (let steps = 0; ; steps++) {
    // Each pass consumes a segment, a flip or one off-grid probe; far more passes means a bug, not a long run.
    if (steps > MAX_FAST_FORWARD_STEPS) throw new Error(`probe fast-forward exceeded ${MAX_FAST_FORWARD_STEPS} steps at ${s.nextProbeAtMs} ms`);
    const startMs = s.nextProbeAtMs;
    if (s.onHold) {
      // Idle calls keep ticking while on hold; stand where a reference run would.
      const idleMs = startMs <= untilMs && untilMs !== Number.POSITIVE_INFINITY ? nextTickAfterMs(s, untilMs) : startMs;
      return { state: { ...s, nextProbeAtMs: idleMs }, flip: undefined };
    }
    if (startMs > untilMs || startMs === Number.POSITIVE_INFINITY) return { state: s, flip: undefined };
    // The segment the probe starts in, and when it ends (Infinity for the last).
    const i = segmentIndexAt(health, startMs);
    const outcome = probeOutcome(s.timing, segmentOf(health, i));
    const endMs = health[i + 1]?.fromMs ?? Number.POSITIVE_INFINITY;
    const periodMs = s.timing.periodMs;
    const onGrid = (startMs - s.tickOriginMs) % periodMs === 0 && startMs >= s.tickOriginMs;
    if (outcome.kind === 'not-running' || startMs < s.eligibleFromMs) {
      if (outcome.kind === 'not-running' && s.published !== 'failure') {
        const step = doProbe(s, health);
        if (stopAtFlip) return { state: step.state, flip: step.flip };
        s = step.state;
        continue;
      }
      // Nothing changes until the segment ends (or, for a skip, until eligibility): jump to the first tick there.
      const resumeMs = outcome.kind === 'not-running' ? endMs : Math.min(endMs, s.eligibleFromMs);
      const target = firstTickAtOrAfterMs(s, resumeMs);
      if (target > untilMs) {
        // Idle calls keep ticking up to untilMs; the first one after it is where a reference run would stand.
        const nextMs = untilMs === Number.POSITIVE_INFINITY ? target : nextTickAfterMs(s, untilMs);
        return { state: { ...s, nextProbeAtMs: nextMs }, flip: undefined };
      }
      s = { ...s, nextProbeAtMs: target };
      continue;
    }
    const { result, durationMs } = outcome;
    const stepMs = durationMs >= periodMs ? durationMs : onGrid ? periodMs : 0;
    if (stepMs === 0) {
      // Off the grid after a long probe: one exact step, the sequence is regular again within a few probes.
      const step = doProbe(s, health);
      if (step.completedMs > untilMs) return { state: s, flip: undefined };
      if (step.flip && stopAtFlip) return { state: step.state, flip: step.flip };
      s = step.state;
      continue;
    }
    // Probes j = 1, 2, … start at startMs + (j − 1) × stepMs while inside the segment and before the eligibility
    // edge (eligibility only grows within a call, so it cannot cut in); the last counted one completes by untilMs.
    const inSegment = endMs === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : Math.ceil((endMs - startMs) / stepMs);
    const byDeadline = Math.floor((untilMs - startMs - durationMs) / stepMs) + 1;
    const n = Math.max(0, Math.min(inSegment, byDeadline));
    const run0 = s.lastResult === result ? s.resultRun : 0;
    const need = Math.max(1, threshold(s.timing, result) - run0);
    const flipCapable = s.published !== result || goesOnHold(s.probeType, result);
    if (flipCapable && need <= n) {
      const flipStart = startMs + (need - 1) * stepMs;
      const hold = goesOnHold(s.probeType, result);
      const probeCount = s.probeCount + need;
      const after: ProbeWorkerState = {
        ...s,
        lastResult: result,
        resultRun: hold ? 0 : run0 + need,
        published: result,
        onHold: hold,
        probeCount,
        nextProbeAtMs: nextProbeStartMs(s, flipStart, flipStart + durationMs),
      };
      const flip: ProbeFlip = { atMs: flipStart + durationMs, result, probeCount, onHold: hold, probeStartMs: flipStart };
      if (stopAtFlip) return { state: after, flip };
      s = after;
      continue;
    }
    if (n === Number.POSITIVE_INFINITY) return { state: s, flip: undefined };
    if (n === 0) return { state: s, flip: undefined };
    const lastStart = startMs + (n - 1) * stepMs;
    s = {
      ...s,
      lastResult: result,
      resultRun: run0 + n,
      probeCount: s.probeCount + n,
      nextProbeAtMs: nextProbeStartMs(s, lastStart, lastStart + durationMs),
    };
    if (n < inSegment) return { state: s, flip: undefined };
  }
}

/** First ticker instant at or after `tMs` (`Infinity` stays `Infinity`). */
function firstTickAtOrAfterMs(state: ProbeWorkerState, tMs: number): number {
  const { tickOriginMs, timing } = state;
  if (tMs <= tickOriginMs || tMs === Number.POSITIVE_INFINITY) return Math.max(tMs, tickOriginMs);
  return tickOriginMs + Math.ceil((tMs - tickOriginMs) / timing.periodMs) * timing.periodMs;
}

/**
 * The next visible change of the worker at or after its next probe: when the published result changes or the
 * worker goes on hold, the probe count at that point and the state right after. `undefined` when nothing will
 * ever change under this health timeline (or the worker is on hold). Exact: equal to the first flip of
 * {@link simulateProbes}, in O(segments) rather than O(periods).
 */
export function nextFlip(
  state: ProbeWorkerState,
  health: readonly HealthSegment[],
): (ProbeFlip & { readonly state: ProbeWorkerState }) | undefined {
  const { state: after, flip } = fastForward(state, health, Number.POSITIVE_INFINITY, true);
  return flip ? { ...flip, state: after } : undefined;
}

/**
 * The worker's state after every `doProbe` call that completes at or before `atMs` (counters, published result,
 * on-hold, next probe instant), in O(segments + flips). Equal to {@link simulateProbes}'s final state.
 */
export function advanceTo(state: ProbeWorkerState, health: readonly HealthSegment[], atMs: number): ProbeWorkerState {
  return fastForward(state, health, atMs, false).state;
}
