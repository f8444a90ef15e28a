/**
 * CrashLoopBackOff as the kubelet computes it: client-go's `flowcontrol.Backoff` (per-key `{backoff, lastUpdate}`)
 * driven by `kuberuntime_manager.go: doBackOff`, with the constants of `kubelet.go: newCrashLoopBackOff`.
 *
 * Version followed: Kubernetes ≥ v1.32 defaults — 10 s initial delay, doubling, 300 s cap, and the kubelet's own
 * `HasExpiredFunc`: the curve resets when an exit comes more than a flat 600 s after the last restart (before
 * v1.32 the client-go default `2 × max` was used, also 600 s with the default cap, so only a custom cap differs).
 * `ReduceDefaultCrashLoopBackOffDecay` (alpha, off) and `KubeletCrashLoopBackOffMax` (beta 1.35, on; defaults
 * to 300 s) are options of {@link crashLoopBackOffConfig}.
 *
 * Resulting minimum wait after each exit of a container that dies at once every time (crash 1, 2, 3 …):
 * 0, 10, 20, 40, 80, 160, 300, 300 s. The wait is measured from the exited instance's `finishedAt`; the kubelet
 * restarts at its first pod sync at or after that instant (overshoot is the caller's sync model).
 */
import { formatDuration } from '../../engine/duration.ts';

/** The kubelet's curve: initial delay, cap and reset window, in ms. */
export interface CrashLoopBackOffConfig {
  /** Delay applied at the second restart; 10 000 ms (`initialCrashLoopBackOff`). */
  readonly initialMs: number;
  /** Cap; 300 000 ms (`MaxCrashLoopBackOff`). */
  readonly maxMs: number;
  /** An exit more than this long after the last restart starts the curve over; 600 000 ms since v1.32. */
  readonly resetAfterMs: number;
}

/** `initialCrashLoopBackOff`: 10 s. */
export const INITIAL_CRASH_LOOP_BACKOFF_MS = 10_000;
/** `MaxCrashLoopBackOff` / `MaxContainerBackOff`: 300 s. */
export const MAX_CRASH_LOOP_BACKOFF_MS = 300_000;
/** The kubelet's flat reset window (`HasExpiredFunc`, v1.32+): 600 s. */
export const CRASH_LOOP_BACKOFF_RESET_MS = 600_000;
/** `reducedInitialCrashLoopBackOff` / `reducedMaxCrashLoopBackOff` (gate `ReduceDefaultCrashLoopBackOffDecay`). */
export const REDUCED_INITIAL_CRASH_LOOP_BACKOFF_MS = 1_000;
/** See {@link REDUCED_INITIAL_CRASH_LOOP_BACKOFF_MS}: 60 s. */
export const REDUCED_MAX_CRASH_LOOP_BACKOFF_MS = 60_000;

/** The default curve: 10 s → 300 s, reset after 600 s. */
export const DEFAULT_CRASH_LOOP_BACKOFF: CrashLoopBackOffConfig = {
  initialMs: INITIAL_CRASH_LOOP_BACKOFF_MS,
  maxMs: MAX_CRASH_LOOP_BACKOFF_MS,
  resetAfterMs: CRASH_LOOP_BACKOFF_RESET_MS,
};

/**
 * `newCrashLoopBackOff` precedence: start from 10 s / 300 s; `reduceDefaultDecay` → 1 s / 60 s; a configured
 * `maxContainerRestartPeriodMs` (gate `KubeletCrashLoopBackOffMax`) replaces the cap and, when below the initial
 * delay, the initial delay too. The reset window stays 600 s whatever the cap.
 */
export function crashLoopBackOffConfig(options: { reduceDefaultDecay?: boolean; maxContainerRestartPeriodMs?: number } = {}): CrashLoopBackOffConfig {
  let initialMs = INITIAL_CRASH_LOOP_BACKOFF_MS;
  let maxMs = MAX_CRASH_LOOP_BACKOFF_MS;
  if (options.reduceDefaultDecay) {
    initialMs = REDUCED_INITIAL_CRASH_LOOP_BACKOFF_MS;
    maxMs = REDUCED_MAX_CRASH_LOOP_BACKOFF_MS;
  }
  if (options.maxContainerRestartPeriodMs !== undefined) {
    maxMs = options.maxContainerRestartPeriodMs;
    if (maxMs < initialMs) initialMs = maxMs;
  }
  return { initialMs, maxMs, resetAfterMs: CRASH_LOOP_BACKOFF_RESET_MS };
}

/** One key's entry (`backoffEntry`): current delay and when it was last advanced (the restart instant). */
export interface BackoffEntry {
  readonly backoffMs: number;
  readonly lastUpdateMs: number;
}

/** `hasExpired`: the event came more than the reset window after the last update. */
export function hasExpired(entry: BackoffEntry, eventTimeMs: number, config: CrashLoopBackOffConfig): boolean {
  return eventTimeMs - entry.lastUpdateMs > config.resetAfterMs;
}

/**
 * `Backoff.Next(key, eventTime)` at `nowMs`: a missing or expired entry starts at the initial delay, otherwise the
 * delay doubles up to the cap; `lastUpdate = now`. Example (10 s/300 s): 10 → 20 → … → 160 → 300 (not 320) → 300.
 */
export function nextBackoff(
  entry: BackoffEntry | undefined,
  eventTimeMs: number,
  nowMs: number,
  config: CrashLoopBackOffConfig = DEFAULT_CRASH_LOOP_BACKOFF,
): BackoffEntry {
  const backoffMs = !entry || hasExpired(entry, eventTimeMs, config) ? config.initialMs : Math.min(entry.backoffMs * 2, config.maxMs);
  return { backoffMs, lastUpdateMs: nowMs };
}

/** `Backoff.IsInBackOffSince(key, eventTime)` at `nowMs`: an unexpired entry and `now − eventTime < backoff`. */
export function isInBackOffSince(
  entry: BackoffEntry | undefined,
  eventTimeMs: number,
  nowMs: number,
  config: CrashLoopBackOffConfig = DEFAULT_CRASH_LOOP_BACKOFF,
): boolean {
  if (!entry || hasExpired(entry, eventTimeMs, config)) return false;
  return nowMs - eventTimeMs < entry.backoffMs;
}

/**
 * Earliest instant `doBackOff` lets the kubelet restart a container whose last instance exited at `finishedAtMs`:
 * `finishedAt` itself when there is no unexpired entry, else `finishedAt + backoff`.
 */
export function restartAllowedAtMs(
  entry: BackoffEntry | undefined,
  finishedAtMs: number,
  config: CrashLoopBackOffConfig = DEFAULT_CRASH_LOOP_BACKOFF,
): number {
  if (!entry || hasExpired(entry, finishedAtMs, config)) return finishedAtMs;
  return finishedAtMs + entry.backoffMs;
}

/** The outcome of one `doBackOff` call. */
export type DoBackOffResult =
  | {
      readonly inBackOff: true;
      readonly entry: BackoffEntry | undefined;
      readonly retryAtMs: number;
      /** The sync error / waiting message. */
      readonly message: string;
      /** Warning event `BackOff` message. */
      readonly eventMessage: string;
    }
  | { readonly inBackOff: false; readonly entry: BackoffEntry | undefined };

/**
 * `doBackOff` for a container the sync wants to start at `nowMs`. `lastExit` is the most recent exited instance
 * (undefined: never exited → start with no bookkeeping). In back-off the kubelet emits Warning `BackOff` with the
 * returned message and the container waits with reason `CrashLoopBackOff`; otherwise `Next` is recorded and the
 * container starts now. `containerName`/`podName` only shape the message, e.g.
 * `back-off 20s restarting failed container=app pod=web-0_default(uid)`.
 */
export function doBackOff(
  entry: BackoffEntry | undefined,
  lastExit: { readonly finishedAtMs: number } | undefined,
  nowMs: number,
  config: CrashLoopBackOffConfig = DEFAULT_CRASH_LOOP_BACKOFF,
  names: { readonly containerName: string; readonly podDescription: string } = { containerName: '', podDescription: '' },
): DoBackOffResult {
  if (!lastExit) return { inBackOff: false, entry };
  if (isInBackOffSince(entry, lastExit.finishedAtMs, nowMs, config)) {
    const backoffMs = entry!.backoffMs;
    return {
      inBackOff: true,
      entry,
      retryAtMs: lastExit.finishedAtMs + backoffMs,
      message: `back-off ${formatDuration(backoffMs)} restarting failed container=${names.containerName} pod=${names.podDescription}`,
      eventMessage: `Back-off restarting failed container ${names.containerName} in pod ${names.podDescription}`,
    };
  }
  return { inBackOff: false, entry: nextBackoff(entry, lastExit.finishedAtMs, nowMs, config) };
}

/** One finished run of a container: when it started and when it exited. */
export interface ContainerRun {
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
}

/**
 * Minimum wait, from the last run's exit, before the kubelet restarts the container, given every run so far in
 * order (each restart at the next run's `startedAtMs` called `Next`). Pure replay of {@link doBackOff}.
 * Example: runs that crash at once, restarted as soon as allowed → waits 0, 10, 20, 40, 80, 160, 300, 300 s;
 * a run that lasted over 600 s since its restart → 0 again.
 */
export function nextRestartDelayMs(history: readonly ContainerRun[], config: CrashLoopBackOffConfig = DEFAULT_CRASH_LOOP_BACKOFF): number {
  const last = history[history.length - 1];
  if (!last) return 0;
  const entry = backoffEntryAfter(history, config);
  return restartAllowedAtMs(entry, last.finishedAtMs, config) - last.finishedAtMs;
}

/** The back-off entry after the restarts in `history` (run i + 1's start called `Next` for run i's exit). */
export function backoffEntryAfter(history: readonly ContainerRun[], config: CrashLoopBackOffConfig = DEFAULT_CRASH_LOOP_BACKOFF): BackoffEntry | undefined {
  let entry: BackoffEntry | undefined;
  for (let i = 1; i < history.length; i++) {
    entry = nextBackoff(entry, history[i - 1]!.finishedAtMs, history[i]!.startedAtMs, config);
  }
  return entry;
}
