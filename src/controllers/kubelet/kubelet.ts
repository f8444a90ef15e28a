/**
 * The kubelet of every simulated node: runs the pods bound to its node through their lifecycle and writes pod
 * status back to the store, as the real kubelet does through the API server.
 *
 * Lifecycle of a pod (events as the kubelet words them):
 *   bound → init containers one after another → for each app container: image pull (`Pulling`/`Pulled`, cached on
 *   the node after the first pull unless `imagePullPolicy: Always`) → `Created` → `Started` → probes → Ready.
 *   A container that exits (crash, OOMKilled, liveness or startup failure) restarts per restartPolicy after the
 *   CrashLoopBackOff delay (`BackOff`); deletion stops containers (`Killing`) within terminationGracePeriodSeconds
 *   and the kubelet then removes the pod.
 *
 * Probes are not polled: each probe worker is a pure state machine (`probes.ts`) over the container's health
 * timeline, and the kubelet schedules one timer at the instant the worker's published result next flips. When the
 * health changes (the workload reports a slow pod, the app hangs) the flip is recomputed. A pod in steady state
 * costs no events at all.
 */
import type { Container, ContainerStatus, Pod, PodCondition, PodIP, Probe } from 'kubernetes-types/core/v1';
import type { Node } from 'kubernetes-types/core/v1';
import { defaultImagePullPolicy } from '../../api/defaults.ts';
import { jsonEqual } from '../../api/clone.ts';
import { memoryBytes } from '../../api/quantity.ts';
import { formatDuration } from '../../engine/duration.ts';
import type { TimerId } from '../../engine/queue.ts';
import type { Stored } from '../../cluster/store.ts';
import type { SimClock } from '../../cluster/time.ts';
import { Priority, type Controller, type ControllerContext } from '../context.ts';
import type { InvolvedObject } from '../../record/events.ts';
import { getPodQOS } from './qos.ts';
import { rankMemoryPressure } from './eviction-ranking.ts';
import {
  diskPressureEvictionMessage,
  diskThresholdsMet,
  localStorageEviction,
  podDiskUsageBytes,
  rankDiskPressure,
  type DiskThreshold,
  type PodDiskStats,
} from './local-storage.ts';
import { DEFAULT_CRASH_LOOP_BACKOFF, doBackOff, type BackoffEntry } from './backoff.ts';
import {
  advanceTo,
  newProbeWorker,
  nextFlip,
  onNewContainer,
  withEligibleFrom,
  type HealthSegment,
  type ProbeType,
  type ProbeWorkerState,
} from './probes.ts';

/** How one container instance behaves: the simulation's stand-in for the application inside the image. */
export interface ContainerBehaviour {
  /** Time to pull the image when the node does not have it. */
  imagePullMs: number;
  /** From container start until the app answers probes (it refuses connections before: health `starting`). */
  startupMs: number;
  /** The process exits with code 1 after running this long. */
  crashAfterMs?: number;
  /** The app stops answering (health `hung`) after running this long. */
  hangAfterMs?: number;
  /** Readiness fails (the app answers its health endpoint with an error) after running this long. */
  unhealthyAfterMs?: number;
  /** Memory at start and growth per hour (a leak), bytes; OOMKilled when above the container's limit. */
  memoryBaseBytes?: number;
  memoryLeakBytesPerHour?: number;
  /** From SIGTERM until the process exits. Default 0 (capped by the grace period). */
  shutdownMs?: number;
  /** Run time of an init container before it completes. */
  initRunMs?: number;
  /**
   * A batch container's run time: the process exits on its own this long after it starts, with {@link exitCode}.
   * Absent: the process serves until something stops it.
   */
  runForMs?: number;
  /** Exit code when the run time is over. Default 0 (success). */
  exitCode?: number;
  /** The container's writable layer and logs: bytes at start and written per hour running (ephemeral storage). */
  ephemeralBaseBytes?: number;
  ephemeralBytesPerHour?: number;
  /**
   * What the container writes into the pod's emptyDir volumes, by volume name: bytes at its first start and per
   * hour since. The data outlives container restarts (it is the pod's).
   */
  emptyDirWrites?: Readonly<Record<string, { baseBytes: number; bytesPerHour: number }>>;
}

/** Where the kubelet learns how a container behaves (the scenario's application models). */
export interface BehaviourSource {
  behaviour(pod: Pod, container: Container, restartCount: number, init: boolean): ContainerBehaviour;
}

/** Default behaviour: a quick, healthy app. */
export const DEFAULT_BEHAVIOUR: ContainerBehaviour = { imagePullMs: 2000, startupMs: 1000, initRunMs: 1000 };

type ContainerPhase = 'waiting' | 'running' | 'terminated';

interface ContainerRt {
  readonly name: string;
  readonly spec: Container;
  phase: ContainerPhase;
  waitingReason: string;
  startedAtMs: number;
  restartCount: number;
  health: HealthSegment[];
  behaviour: ContainerBehaviour;
  workers: Partial<Record<ProbeType, ProbeWorkerState>>;
  flipTimers: Partial<Record<ProbeType, TimerId>>;
  /** The flip each armed flip timer publishes, and the worker's probe count when it was armed. */
  readonly pendingFlips: Partial<Record<ProbeType, { flip: NonNullable<ReturnType<typeof nextFlip>>; probesBefore: number }>>;
  /** Each probe type's flip timer callback, made once per container (a probe re-arms at every flip). */
  readonly onFlip: Partial<Record<ProbeType, () => void>>;
  /** While readiness keeps failing without a flip: the timer that reports the failed probes since the last report. */
  failingTimer?: TimerId;
  started: boolean;
  ready: boolean;
  /** Probe failures since the last published change, per type, for Unhealthy event counts. */
  exitTimer?: TimerId;
  backoff?: BackoffEntry;
  lastTermination?: { exitCode: number; reason: string; startedAtMs: number; finishedAtMs: number };
  /** Latency class the workload last reported (0 = fast). */
  probeLatencyMs: number;
  /** The shortest timeout of the container's probes, ms (Infinity without probes); the spec never changes. */
  readonly minProbeTimeoutMs: number;
  /** The container's memory limit in bytes, if any. */
  readonly memoryLimitBytes: number | undefined;
  /** The status last built for the container, with what it showed (see {@link containerStatuses}). */
  shown?: ShownStatus;
}

/** A container status and the container's fields it was built from. */
interface ShownStatus {
  readonly ready: boolean;
  readonly started: boolean;
  readonly phase: ContainerPhase;
  readonly restartCount: number;
  readonly startedAtMs: number;
  readonly waitingReason: string;
  readonly lastTermination: ContainerRt['lastTermination'];
  readonly status: ContainerStatus;
}

interface PodRt {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly podIP: string;
  /** `status.podIPs`, one list for every status the kubelet writes (an unchanged field is the same object). */
  readonly podIPs: PodIP[];
  /** The pod as its events name it, one object shared by all of them. */
  readonly involved: InvolvedObject;
  readonly startTimeMs: number;
  initIndex: number;
  initDone: boolean;
  containers: ContainerRt[];
  /** The pod's pending timers, in the order they were set (a few at most; a list is smaller than a set). */
  readonly timers: TimerId[];
  terminating: boolean;
  /** A failed node freezes its pods: nothing runs until the node is back. */
  frozen: boolean;
  /** Working-set memory the workload last reported, bytes. */
  memoryBytes?: number;
  /** Set when the eviction manager evicted the pod: phase Failed, reason Evicted, this message. */
  evictedMessage?: string;
  /** The pod reached Succeeded or Failed: its containers never start again. */
  terminal?: boolean;
  /** Set at the first start of a container that writes to emptyDir volumes: when those writes began, ms. */
  emptyDirSinceMs?: number;
  /** That container's emptyDir writes, by volume name. */
  emptyDirWrites?: ContainerBehaviour['emptyDirWrites'];
  /** Some container of the pod writes ephemeral storage (only such pods are measured by the eviction manager). */
  writesDisk?: boolean;
}

/** The kubelet's default hard eviction threshold `memory.available<100Mi`. */
export const EVICTION_HARD_MEMORY_AVAILABLE_BYTES = 100 * 2 ** 20;
/** `--eviction-pressure-transition-period` default: MemoryPressure stays True this long after the last breach. */
export const EVICTION_PRESSURE_TRANSITION_PERIOD_MS = 5 * 60_000;

const PROBE_TYPES: readonly ProbeType[] = ['startup', 'readiness', 'liveness'];

// Event messages of one argument, as the kubelet words them.
const CREATED = (container: string) => `Created container: ${container}`;
const STARTED = (container: string) => `Started container ${container}`;
const STOPPING = (container: string) => `Stopping container ${container}`;
const PULLING = (image: string) => `Pulling image "${image}"`;
const PRESENT = (image: string) => `Container image "${image}" already present on machine`;
const PULLED = (image: string, ms: number) => `Successfully pulled image "${image}" in ${formatDuration(ms)} (${formatDuration(ms)} including waiting)`;

/** Options of every kubelet timer (one object, not one per timer). */
const KUBELET_TIMER = { priority: Priority.Kubelet } as const;

/** The pod conditions the kubelet's status manager owns, in the order it writes them. */
const OWN_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled'] as const;

/** How many probe periods of a still-failing readiness probe go into one `Unhealthy` report. */
const FAILING_REPORT_PERIODS = 10;

/** Reason, message and event of each pressure condition, True (`on`) and False (`off`), as the kubelet's setters word them. */
const PRESSURE_TEXT = {
  MemoryPressure: {
    on: ['KubeletHasInsufficientMemory', 'kubelet has insufficient memory available', 'NodeHasInsufficientMemory'],
    off: ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'NodeHasSufficientMemory'],
  },
  DiskPressure: {
    on: ['KubeletHasDiskPressure', 'kubelet has disk pressure', 'NodeHasDiskPressure'],
    off: ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'NodeHasNoDiskPressure'],
  },
} as const;

/**
 * `evictionMessage` for memory: the threshold, what is available, and the first container's working set against
 * its request.
 */
function memoryEvictionMessage(rt: PodRt, pod: Pod, availableBytes: number): string {
  const usage = rt.memoryBytes ?? 0;
  const c = rt.containers[0];
  const request = pod.spec?.containers?.[0]?.resources?.requests?.['memory'] ?? '0';
  return (
    `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${Math.floor(availableBytes / 1024)}Ki. ` +
    `Container ${c?.name ?? ''} was using ${Math.ceil(usage / 1024)}Ki, request is ${request}, has larger consumption of memory. `
  );
}

/** Exit code of a process killed by SIGKILL (OOM killer, liveness kill after the grace period). */
const EXIT_SIGKILL = 137;

export interface KubeletOptions {
  behaviours?: BehaviourSource;
}

export class Kubelet implements Controller {
  readonly name = 'kubelet';
  private ctx!: ControllerContext;
  private readonly pods = new Map<string, PodRt>();
  private readonly nodeImages = new Map<string, Set<string>>();
  private readonly nodeIpCounter = new Map<string, number>();
  private readonly nodeIndex = new Map<string, number>();
  private readonly stoppedNodes = new Set<string>();
  private readonly eventSources = new Map<string, { readonly component: 'kubelet'; readonly host: string }>();
  private readonly messages = new Map<(arg: string, ms: number) => string, Map<number, Map<string, string>>>();
  private readonly hostIps = new Map<string, string>();
  private readonly behaviours: BehaviourSource;

  constructor(options: KubeletOptions = {}) {
    this.behaviours = options.behaviours ?? { behaviour: () => DEFAULT_BEHAVIOUR };
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    ctx.store.watch<Node>('Node', (e) => {
      const name = e.object.metadata.name;
      if (e.type === 'ADDED' && !this.nodeIndex.has(name)) this.nodeIndex.set(name, this.nodeIndex.size);
      // Capacity, conditions or the node list changed: the eviction manager must look again.
      this.evictionInputsChanged = true;
    });
    ctx.store.watch<Pod>('Pod', (e) => {
      const pod = e.object;
      if (e.type === 'DELETED') {
        this.forget(pod.metadata.uid);
        return;
      }
      const node = pod.spec?.nodeName;
      if (!node) return;
      const rt = this.pods.get(pod.metadata.uid);
      if (!rt) {
        if (pod.status?.phase === 'Pending' && !pod.status?.startTime) {
          ctx.engine.at(ctx.engine.nowMs, () => this.admit(pod.metadata.namespace, pod.metadata.name, pod.metadata.uid), KUBELET_TIMER);
        }
        return;
      }
      if (pod.metadata.deletionTimestamp && !rt.terminating && !rt.frozen) {
        ctx.engine.at(ctx.engine.nowMs, () => this.terminate(rt), KUBELET_TIMER);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Inputs from the rest of the simulation

  /** The node's kubelet stops (node failure): its pods freeze where they are; nothing is reported any more. */
  stopNode(node: string): void {
    this.stoppedNodes.add(node);
    this.evictionInputsChanged = true;
    for (const rt of this.podsOn(node)) {
      rt.frozen = true;
      this.cancelAll(rt);
    }
  }

  /**
   * The node's kubelet is back (recovery, or a reboot): containers of its pods were lost, so they start again from
   * scratch (restart counts grow), and pods marked for deletion while it was away are now removed.
   */
  startNode(node: string): void {
    this.stoppedNodes.delete(node);
    this.evictionInputsChanged = true;
    for (const rt of this.podsOn(node)) {
      rt.frozen = false;
      const pod = this.ctx.store.get<Pod>('Pod', rt.namespace, rt.name);
      if (!pod) continue;
      if (pod.metadata.deletionTimestamp) {
        this.remove(rt);
        continue;
      }
      for (const c of rt.containers) {
        if (c.phase === 'running') this.containerExited(rt, c, 255, 'Unknown', false);
      }
    }
  }

  /** Whether the node's kubelet runs. */
  isNodeUp(node: string): boolean {
    return !this.stoppedNodes.has(node);
  }

  /** Whether the pod's containers are running now (traffic to a pod on a dead node is lost). */
  isPodRunning(uid: string): boolean {
    const rt = this.pods.get(uid);
    return !!rt && !rt.frozen && rt.initDone && rt.containers.every((c) => c.phase === 'running');
  }

  /**
   * The workload reports how long the pod takes to answer a probe now. Only a change of class matters (fast vs.
   * slower than a probe's timeoutSeconds), so the health timeline grows only when the answer could differ.
   */
  setProbeLatency(uid: string, latencyMs: number): void {
    const rt = this.pods.get(uid);
    if (!rt || rt.frozen) return;
    for (const c of rt.containers) {
      if (c.phase !== 'running') continue;
      const cls = latencyClass(c.minProbeTimeoutMs, latencyMs);
      if (cls === c.probeLatencyMs) continue;
      c.probeLatencyMs = cls;
      const last = c.health[c.health.length - 1]!;
      if (last.state === 'crashed' || last.state === 'hung') continue;
      const now = this.ctx.engine.nowMs;
      const baseState = last.state === 'slow' ? 'healthy' : last.state;
      this.appendHealth(rt, c, { fromMs: now, state: cls > 0 ? 'slow' : baseState, probeLatencyMs: cls });
    }
  }

  /** The workload reports the pod's memory use; above a container limit the container is OOMKilled. */
  setMemoryUsage(uid: string, bytes: number): void {
    const rt = this.pods.get(uid);
    if (!rt || rt.frozen) return;
    if (rt.memoryBytes !== bytes) this.evictionInputsChanged = true;
    rt.memoryBytes = bytes;
    const c = rt.containers[0];
    if (!c || c.phase !== 'running') return;
    const limit = c.memoryLimitBytes;
    if (limit !== undefined && bytes > limit) this.oomKill(rt, c);
  }

  /**
   * The eviction manager's `synchronize` on every node (the workload calls it after each metrics tick), in
   * upstream's order:
   * 1. Observations: memory.available (capacity − the pods' working sets, memory-backed emptyDirs included) against
   *    the 100Mi hard threshold; nodefs.available and imagefs.available (one disk: ephemeral-storage capacity − the
   *    pods' writable layers, logs and disk-backed emptyDirs) against 10 % and 15 % of capacity. A met threshold
   *    sets MemoryPressure or DiskPressure, which clears 5 minutes after the last breach.
   * 2. `localStorageEviction`: every pod over an emptyDir `sizeLimit`, its containers' summed ephemeral-storage
   *    limit, or one container's own limit is evicted at once; when any is, the pass ends there.
   * 3. Otherwise one pod per pass for the starved resource, memory first: ranked as `rankMemoryPressure` (pods
   *    over their request first, then lower priority, then larger usage above request) or `rankDiskPressure`
   *    (the same order on disk usage against the ephemeral-storage request).
   */
  synchronizeEviction(): void {
    // A pass whose inputs (usage, pods, nodes) are as at a quiet last pass would find what that one found: nothing.
    if (this.evictionQuiet && !this.evictionInputsChanged) return;
    this.evictionInputsChanged = false;
    this.evictionQuiet = true;
    const { store, engine } = this.ctx;
    const now = engine.nowMs;
    // Working sets per node first (a sum per pod); the pods of a node are gathered only when it is under pressure.
    const counted = (rt: PodRt) => !(rt.frozen || rt.terminating || rt.evictedMessage || rt.terminal || rt.memoryBytes === undefined);
    const active = (rt: PodRt) => !(rt.frozen || rt.terminating || rt.evictedMessage || rt.terminal);
    const disk = new Map<string, { rt: PodRt; pod: Pod; stats: PodDiskStats; memoryBackedBytes: number }[]>();
    for (const rt of this.pods.values()) {
      if (!rt.writesDisk || !active(rt)) continue;
      const pod = store.get<Pod>('Pod', rt.namespace, rt.name);
      if (!pod) continue;
      let list = disk.get(rt.node);
      if (!list) disk.set(rt.node, (list = []));
      list.push({ rt, pod, ...this.podDiskStats(rt, pod, now) });
    }
    // Disk use grows with time: a pass with pods that write is never quiet.
    if (disk.size > 0) this.evictionQuiet = false;
    const workingSets = new Map<string, number>();
    for (const rt of this.pods.values()) {
      if (counted(rt)) workingSets.set(rt.node, (workingSets.get(rt.node) ?? 0) + rt.memoryBytes!);
    }
    for (const list of disk.values()) {
      for (const d of list) if (d.memoryBackedBytes > 0 && counted(d.rt)) workingSets.set(d.rt.node, workingSets.get(d.rt.node)! + d.memoryBackedBytes);
    }
    if (this.sortedNodes === undefined || this.sortedNodes.length !== this.nodeIndex.size) this.sortedNodes = [...this.nodeIndex.keys()].sort();
    for (const node of this.sortedNodes) {
      if (this.stoppedNodes.has(node)) continue;
      const n = store.get<Node>('Node', '', node);
      const capacity = n?.status?.capacity?.['memory'];
      if (!n || capacity === undefined) continue;
      const capacityBytes = this.parsedBytes(capacity);
      const available = capacityBytes - (workingSets.get(node) ?? 0);
      const breached = available < EVICTION_HARD_MEMORY_AVAILABLE_BYTES;
      this.setPressure(n, 'MemoryPressure', breached, now);
      const diskPods = disk.get(node);
      // A node whose pods write nothing has all its disk free: it needs a look only to clear an old DiskPressure.
      const fs = diskPods || this.lastPressureMs.has(`DiskPressure\u0000${node}`) ? this.observeNodeFs(n, diskPods ?? [], now) : undefined;
      if (diskPods) {
        // localStorageEviction: in name order, every pod over one of its own limits.
        diskPods.sort((a, b) => (a.rt.namespace === b.rt.namespace ? (a.rt.name < b.rt.name ? -1 : 1) : a.rt.namespace < b.rt.namespace ? -1 : 1));
        let evicted = false;
        for (const d of diskPods) {
          const message = localStorageEviction(d.stats, d.pod);
          if (message === undefined) continue;
          this.evict(d.rt, message);
          evicted = true;
        }
        if (evicted) continue;
      }
      if (breached) {
        const pods = [...this.pods.values()].filter((rt) => rt.node === node && counted(rt));
        if (pods.length === 0) continue;
        const ranked = rankMemoryPressure(
          pods.map((rt) => ({ rt, pod: store.get<Pod>('Pod', rt.namespace, rt.name)!, memoryUsageBytes: rt.memoryBytes })).filter((x) => x.pod),
        );
        const victim = ranked[0];
        if (victim) {
          this.ctx.events.record({ kind: 'Node', name: node, namespace: '' }, 'Warning', 'EvictionThresholdMet', 'Attempting to reclaim memory', this.eventSource(node));
          this.evict(victim.rt, memoryEvictionMessage(victim.rt, victim.pod, available));
        }
        continue;
      }
      if (fs && fs.met.length > 0) {
        // Every active pod is a candidate; pods that write nothing have stats of zero bytes.
        const candidates = [...this.pods.values()]
          .filter((rt) => rt.node === node && active(rt))
          .map((rt) => diskPods!.find((d) => d.rt === rt) ?? { rt, pod: store.get<Pod>('Pod', rt.namespace, rt.name)!, stats: { containers: rt.containers.map((c) => ({ name: c.name, rootfsBytes: 0, logsBytes: 0 })), volumes: [] } })
          .filter((x) => x.pod);
        const victim = rankDiskPressure(candidates)[0];
        if (!victim) continue;
        this.ctx.events.record({ kind: 'Node', name: node, namespace: '' }, 'Warning', 'EvictionThresholdMet', 'Attempting to reclaim ephemeral-storage', this.eventSource(node));
        this.evict(victim.rt, diskPressureEvictionMessage(victim.pod, victim.stats, fs.met[0]!, fs.capacityBytes, fs.availableBytes));
      }
    }
  }

  /**
   * The node's filesystem signals: nodefs (and imagefs, the same disk) available = ephemeral-storage capacity −
   * every measured pod's disk usage; sets DiskPressure from the thresholds met.
   */
  private observeNodeFs(n: Stored<Node>, pods: readonly { pod: Pod; stats: PodDiskStats }[], nowMs: number): { capacityBytes: number; availableBytes: number; met: DiskThreshold[] } | undefined {
    const capacity = n.status?.capacity?.['ephemeral-storage'];
    if (capacity === undefined) return undefined;
    const capacityBytes = this.parsedBytes(capacity);
    let used = 0;
    for (const p of pods) used += podDiskUsageBytes(p.stats, p.pod);
    const availableBytes = Math.max(0, capacityBytes - used);
    const met = diskThresholdsMet(capacityBytes, availableBytes);
    this.setPressure(n, 'DiskPressure', met.length > 0, nowMs);
    return { capacityBytes, availableBytes, met };
  }

  /**
   * The pod's disk stats now: each running app container's writable layer (logs folded in) from its start, and
   * each emptyDir it writes from the first write; a `medium: Memory` emptyDir is tmpfs, full at its sizeLimit,
   * and its bytes count as memory (`memoryBackedBytes`).
   */
  private podDiskStats(rt: PodRt, pod: Pod, nowMs: number): { stats: PodDiskStats; memoryBackedBytes: number } {
    const grown = (base: number, perHour: number, sinceMs: number) => Math.floor(base + (perHour * (nowMs - sinceMs)) / 3_600_000);
    const containers = rt.containers.map((c) => ({
      name: c.name,
      rootfsBytes: c.phase === 'running' ? grown(c.behaviour.ephemeralBaseBytes ?? 0, c.behaviour.ephemeralBytesPerHour ?? 0, c.startedAtMs) : 0,
      logsBytes: 0,
    }));
    const volumes: { name: string; usedBytes: number }[] = [];
    let memoryBackedBytes = 0;
    const writes = rt.emptyDirWrites;
    if (writes && rt.emptyDirSinceMs !== undefined) {
      for (const v of pod.spec?.volumes ?? []) {
        const w = writes[v.name];
        if (!v.emptyDir || !w) continue;
        let used = grown(w.baseBytes, w.bytesPerHour, rt.emptyDirSinceMs);
        if (v.emptyDir.medium === 'Memory') {
          if (v.emptyDir.sizeLimit !== undefined) used = Math.min(used, this.parsedBytes(v.emptyDir.sizeLimit));
          memoryBackedBytes += used;
        }
        volumes.push({ name: v.name, usedBytes: used });
      }
    }
    return { stats: { containers, volumes }, memoryBackedBytes };
  }

  /** Node capacities and size limits in bytes, by quantity text: parsed once, not at every metrics tick. */
  private parsedBytes(q: string): number {
    return quantityBytes(q);
  }

  /** When each node last breached a pressure condition's thresholds, by `<condition>\0<node>`. */
  private readonly lastPressureMs = new Map<string, number>();
  /**
   * Whether eviction's inputs may have changed since its last pass: a pod's memory use, a pod coming, going or
   * changing status, a node's object or its kubelet stopping or starting.
   */
  private evictionInputsChanged = true;
  /**
   * Whether the last pass was quiet: no pod writing to disk, no condition under pressure or written, no eviction.
   * With unchanged inputs the next pass would be the same no-op (a pressure already over stays over).
   */
  private evictionQuiet = false;
  /** The node names in order, rebuilt when a node comes or goes. */
  private sortedNodes: string[] | undefined;

  /**
   * Records a breach of the condition's thresholds and sets the condition: True while the last breach is within
   * the pressure transition period (`nodeConditionsObservedSince`).
   */
  private setPressure(n: Stored<Node>, type: 'MemoryPressure' | 'DiskPressure', breached: boolean, nowMs: number): void {
    const key = `${type}\u0000${n.metadata.name}`;
    if (breached) this.lastPressureMs.set(key, nowMs);
    const last = this.lastPressureMs.get(key);
    const pressure = last !== undefined && nowMs - last < EVICTION_PRESSURE_TRANSITION_PERIOD_MS;
    const status = pressure ? 'True' : 'False';
    if (pressure) this.evictionQuiet = false;
    const cond = n.status?.conditions?.find((c) => c.type === type);
    if (!cond || cond.status === status) return;
    this.evictionQuiet = false;
    const text = PRESSURE_TEXT[type];
    const [reason, message, event] = pressure ? text.on : text.off;
    // Formatted only on a transition: every node is checked every tick.
    const ts = this.ctx.clock.timestamp(nowMs);
    this.ctx.store.mutate<Node>('Node', '', n.metadata.name, (d) => {
      const c = d.status!.conditions!.find((x) => x.type === type)!;
      c.status = status;
      c.lastTransitionTime = ts;
      c.reason = reason;
      c.message = message;
    });
    this.ctx.events.record({ kind: 'Node', name: n.metadata.name, namespace: '' }, 'Normal', event, `Node ${n.metadata.name} status is now: ${event}`, this.eventSource(n.metadata.name));
  }

  /**
   * `evictPod`: the pod's containers stop and it ends Failed with reason Evicted and this message (not deleted).
   */
  private evict(rt: PodRt, message: string): void {
    rt.evictedMessage = message;
    this.event(rt, 'Warning', 'Evicted', rt.evictedMessage);
    this.cancelAll(rt);
    for (const x of rt.containers) {
      if (x.phase !== 'running') continue;
      this.event(rt, 'Normal', 'Killing', this.message(STOPPING, x.name));
      this.containerExited(rt, x, EXIT_SIGKILL, 'ContainerStatusUnknown', false);
    }
    this.writeStatus(rt);
  }

  /** Kills a container from outside (a `killPod`-style fault): exit code 137, restart per policy. */
  killContainer(uid: string, containerName?: string): void {
    const rt = this.pods.get(uid);
    if (!rt || rt.frozen) return;
    const c = containerName ? rt.containers.find((x) => x.name === containerName) : rt.containers[0];
    if (c?.phase === 'running') this.containerExited(rt, c, EXIT_SIGKILL, 'Error', true);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pod start

  private admit(namespace: string, name: string, uid: string): void {
    const pod = this.ctx.store.get<Pod>('Pod', namespace, name);
    if (!pod || pod.metadata.uid !== uid || this.pods.has(uid)) return;
    const node = pod.spec!.nodeName!;
    if (this.stoppedNodes.has(node)) return;
    const now = this.ctx.engine.nowMs;
    const podIP = this.allocateIp(node);
    const rt: PodRt = {
      uid,
      namespace,
      name,
      node,
      podIP,
      podIPs: [{ ip: podIP }],
      involved: { kind: 'Pod', name, namespace, uid },
      startTimeMs: now,
      initIndex: 0,
      initDone: (pod.spec?.initContainers ?? []).length === 0,
      containers: (pod.spec?.containers ?? []).map((spec) => newContainerRt(spec)),
      timers: [],
      terminating: false,
      frozen: false,
      // The optional fields exist from the start, so every PodRt has one hidden class (V8 recompiles functions that
      // see several: each new shape deoptimizes them, and the sweep workers pay for the recompilation).
      memoryBytes: undefined,
      evictedMessage: undefined,
      terminal: undefined,
      emptyDirSinceMs: undefined,
      emptyDirWrites: undefined,
      writesDisk: undefined,
    };
    this.pods.set(uid, rt);
    this.writeStatus(rt);
    if (pod.metadata.deletionTimestamp) {
      this.terminate(rt);
      return;
    }
    if (!rt.initDone) this.runInit(rt, pod);
    else for (const c of rt.containers) this.pullAndStart(rt, c);
  }

  private runInit(rt: PodRt, pod: Pod): void {
    const inits = pod.spec?.initContainers ?? [];
    const spec = inits[rt.initIndex];
    if (!spec) {
      rt.initDone = true;
      this.writeStatus(rt);
      for (const c of rt.containers) this.pullAndStart(rt, c);
      return;
    }
    const b = this.behaviours.behaviour(pod, spec, 0, true);
    const pullMs = this.pullDelay(rt, spec, b);
    this.emitPullEvents(rt, spec, pullMs, () => {
      this.event(rt, 'Normal', 'Created', this.message(CREATED, spec.name));
      this.event(rt, 'Normal', 'Started', this.message(STARTED, spec.name));
      this.later(rt, b.initRunMs ?? DEFAULT_BEHAVIOUR.initRunMs!, () => {
        rt.initIndex++;
        const fresh = this.ctx.store.get<Pod>('Pod', rt.namespace, rt.name);
        if (fresh) this.runInit(rt, fresh);
      });
    });
  }

  private pullDelay(rt: PodRt, spec: Container, b: ContainerBehaviour): number {
    const image = spec.image ?? '';
    const cached = this.nodeImages.get(rt.node)?.has(image) ?? false;
    const policy = spec.imagePullPolicy ?? defaultImagePullPolicy(image);
    if (policy === 'Never') return 0;
    if (policy === 'IfNotPresent' && cached) return 0;
    // `Always` checks the registry: a cached image costs only the manifest round trip (about 1 s here).
    return cached ? Math.min(1000, b.imagePullMs) : b.imagePullMs;
  }

  private emitPullEvents(rt: PodRt, spec: Container, pullMs: number, then: () => void): void {
    const image = spec.image ?? '';
    if (pullMs === 0) {
      this.event(rt, 'Normal', 'Pulled', this.message(PRESENT, image));
      then();
      return;
    }
    this.event(rt, 'Normal', 'Pulling', this.message(PULLING, image));
    this.later(rt, pullMs, () => {
      let images = this.nodeImages.get(rt.node);
      if (!images) {
        images = new Set();
        this.nodeImages.set(rt.node, images);
      }
      images.add(image);
      this.event(rt, 'Normal', 'Pulled', this.message(PULLED, image, pullMs));
      then();
    });
  }

  private pullAndStart(rt: PodRt, c: ContainerRt): void {
    const pod = this.ctx.store.get<Pod>('Pod', rt.namespace, rt.name);
    if (!pod) return;
    c.behaviour = this.behaviours.behaviour(pod, c.spec, c.restartCount, false);
    c.phase = 'waiting';
    c.waitingReason = 'ContainerCreating';
    const pullMs = this.pullDelay(rt, c.spec, c.behaviour);
    this.emitPullEvents(rt, c.spec, pullMs, () => this.startContainer(rt, c));
  }

  private startContainer(rt: PodRt, c: ContainerRt): void {
    const now = this.ctx.engine.nowMs;
    this.event(rt, 'Normal', 'Created', this.message(CREATED, c.name));
    this.event(rt, 'Normal', 'Started', this.message(STARTED, c.name));
    c.phase = 'running';
    c.waitingReason = '';
    c.startedAtMs = now;
    c.probeLatencyMs = 0;
    const b = c.behaviour;
    if (b.ephemeralBaseBytes !== undefined || b.ephemeralBytesPerHour !== undefined || b.emptyDirWrites !== undefined) rt.writesDisk = true;
    if (b.emptyDirWrites !== undefined && rt.emptyDirSinceMs === undefined) {
      rt.emptyDirSinceMs = now;
      rt.emptyDirWrites = b.emptyDirWrites;
    }
    // Health timeline: refusing connections while starting, then healthy; an unhealthy spell answers errors;
    // a hang is final (nothing after it matters until the container is restarted).
    const hangAt = b.hangAfterMs === undefined ? Infinity : now + b.hangAfterMs;
    const changes: HealthSegment[] = [{ fromMs: now, state: b.startupMs > 0 ? 'starting' : 'healthy' }];
    if (b.startupMs > 0) changes.push({ fromMs: now + b.startupMs, state: 'healthy' });
    if (b.unhealthyAfterMs !== undefined) changes.push({ fromMs: now + Math.max(b.unhealthyAfterMs, b.startupMs), state: 'starting' });
    c.health = changes.filter((x) => x.fromMs < hangAt);
    if (hangAt !== Infinity) c.health.push({ fromMs: hangAt, state: 'hung' });
    // Probe workers: started is true at once without a startup probe; ready likewise without a readiness probe.
    const startup = c.spec.startupProbe;
    c.started = !startup;
    c.ready = !c.spec.readinessProbe && c.started;
    for (const type of PROBE_TYPES) {
      const probe = probeOf(c.spec, type);
      if (!probe) continue;
      const gatedStart = type === 'startup' || c.started ? now : Infinity;
      const existing = c.workers[type];
      c.workers[type] = existing
        ? onNewContainer(advanceTo(existing, c.health, now), now, gatedStart)
        : newProbeWorker(type, probe, now, now, gatedStart);
    }
    this.scheduleExit(rt, c);
    this.writeStatus(rt);
    this.rearmProbes(rt, c);
  }

  /** Schedules the container's own exit: a crash, or the OOM kill of a leak crossing the memory limit. */
  private scheduleExit(rt: PodRt, c: ContainerRt): void {
    const b = c.behaviour;
    let at = Infinity;
    let kind: 'crash' | 'oom' | 'done' = 'crash';
    if (b.crashAfterMs !== undefined) at = c.startedAtMs + b.crashAfterMs;
    if (b.runForMs !== undefined && c.startedAtMs + b.runForMs < at) {
      at = c.startedAtMs + b.runForMs;
      kind = 'done';
    }
    const limit = c.memoryLimitBytes;
    if (limit !== undefined && b.memoryBaseBytes !== undefined) {
      const leak = b.memoryLeakBytesPerHour ?? 0;
      let oomAt = Infinity;
      if (b.memoryBaseBytes > limit) oomAt = c.startedAtMs;
      else if (leak > 0) oomAt = c.startedAtMs + Math.floor(((limit - b.memoryBaseBytes) / leak) * 3_600_000) + 1;
      if (oomAt < at) {
        at = oomAt;
        kind = 'oom';
      }
    }
    if (at === Infinity) return;
    c.exitTimer = this.laterAt(rt, at, () => {
      c.exitTimer = undefined;
      if (c.phase !== 'running') return;
      if (kind === 'oom') this.oomKill(rt, c);
      else if (kind === 'done') {
        const code = b.exitCode ?? 0;
        this.containerExited(rt, c, code, code === 0 ? 'Completed' : 'Error', true);
      } else this.containerExited(rt, c, 1, 'Error', true);
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Probes

  private appendHealth(rt: PodRt, c: ContainerRt, seg: HealthSegment): void {
    const now = this.ctx.engine.nowMs;
    // Bring every worker up to now under the old timeline, then replace the future with the new segment.
    for (const type of PROBE_TYPES) {
      const w = c.workers[type];
      if (w) c.workers[type] = advanceTo(w, c.health, now);
    }
    const future = c.health.filter((s) => s.fromMs > now && s.state === 'hung');
    c.health = c.health.filter((s) => s.fromMs <= now);
    c.health.push(seg, ...future);
    this.rearmProbes(rt, c);
  }

  private rearmProbes(rt: PodRt, c: ContainerRt): void {
    for (const type of PROBE_TYPES) this.rearmProbe(rt, c, type);
  }

  private rearmProbe(rt: PodRt, c: ContainerRt, type: ProbeType): void {
    const old = c.flipTimers[type];
    if (old !== undefined) {
      this.ctx.engine.cancel(old);
      dropTimer(rt, old);
      c.flipTimers[type] = undefined;
    }
    const w = c.workers[type];
    if (!w || c.phase !== 'running') return;
    if (type === 'readiness') this.watchFailingReadiness(rt, c, w);
    const flip = nextFlip(w, c.health);
    if (!flip) return;
    c.pendingFlips[type] = { flip, probesBefore: w.probeCount };
    c.flipTimers[type] = this.armAt(rt, flip.atMs, (c.onFlip[type] ??= () => this.fireFlip(rt, c, type)));
  }

  /** A flip timer fired: the worker takes the state the flip left it in, and the kubelet acts on the result. */
  private fireFlip(rt: PodRt, c: ContainerRt, type: ProbeType): void {
    dropTimer(rt, c.flipTimers[type]!);
    c.flipTimers[type] = undefined;
    const { flip, probesBefore } = c.pendingFlips[type]!;
    c.workers[type] = flip.state;
    this.onProbeFlip(rt, c, type, flip.result, flip.probeCount - probesBefore);
  }

  /**
   * The kubelet records an `Unhealthy` event for every failed probe, also while readiness stays failed (no flip).
   * Visiting every period would undo the event skipping, so the failed probes are counted in closed form and
   * reported every {@link FAILING_REPORT_PERIODS} periods; the event's count comes out as upstream's.
   */
  private watchFailingReadiness(rt: PodRt, c: ContainerRt, w: ProbeWorkerState): void {
    if (c.failingTimer !== undefined) {
      this.ctx.engine.cancel(c.failingTimer);
      dropTimer(rt, c.failingTimer);
      c.failingTimer = undefined;
    }
    if (w.published !== 'failure' || w.onHold) return;
    c.failingTimer = this.later(rt, w.timing.periodMs * FAILING_REPORT_PERIODS, () => {
      c.failingTimer = undefined;
      const from = c.workers.readiness;
      if (!from || c.phase !== 'running') return;
      const now = this.ctx.engine.nowMs;
      const to = advanceTo(from, c.health, now);
      const failed = to.lastResult === 'failure' ? to.probeCount - from.probeCount : 0;
      if (failed > 0) this.event(rt, 'Warning', 'Unhealthy', `Readiness probe failed: ${this.probeFailureText(rt, c, 'readiness')}`, failed);
      c.workers.readiness = to;
      this.watchFailingReadiness(rt, c, to);
    });
  }

  private onProbeFlip(rt: PodRt, c: ContainerRt, type: ProbeType, result: 'success' | 'failure' | 'unknown', probes: number): void {
    const now = this.ctx.engine.nowMs;
    const label = type === 'startup' ? 'Startup' : type === 'readiness' ? 'Readiness' : 'Liveness';
    if (result === 'failure') {
      const failures = Math.min(probes, probeOf(c.spec, type)?.failureThreshold ?? 3);
      this.event(rt, 'Warning', 'Unhealthy', `${label} probe failed: ${this.probeFailureText(rt, c, type)}`, Math.max(1, failures));
    }
    switch (type) {
      case 'startup':
        if (result === 'success') {
          c.started = true;
          for (const t of ['readiness', 'liveness'] as const) {
            const w = c.workers[t];
            if (w) c.workers[t] = withEligibleFrom(advanceTo(w, c.health, now), Math.max(w.eligibleFromMs === Infinity ? now : w.eligibleFromMs, now));
          }
          if (!c.spec.readinessProbe) c.ready = true;
          this.writeStatus(rt);
          this.rearmProbes(rt, c);
        } else if (result === 'failure') {
          this.event(rt, 'Normal', 'Killing', `Container ${c.name} failed startup probe, will be restarted`);
          this.containerExited(rt, c, EXIT_SIGKILL, 'Error', true);
        }
        return;
      case 'readiness':
        c.ready = result === 'success';
        this.writeStatus(rt);
        this.rearmProbe(rt, c, 'readiness');
        return;
      case 'liveness':
        if (result === 'failure') {
          this.event(rt, 'Normal', 'Killing', `Container ${c.name} failed liveness probe, will be restarted`);
          this.containerExited(rt, c, EXIT_SIGKILL, 'Error', true);
        } else this.rearmProbe(rt, c, 'liveness');
        return;
    }
  }

  /** The probe error text the kubelet would print, by handler type and the app's state. */
  private probeFailureText(rt: PodRt, c: ContainerRt, type: ProbeType): string {
    const probe = probeOf(c.spec, type)!;
    const seg = c.health[c.health.length - 1]!;
    const timedOut = seg.state === 'hung' || seg.state === 'slow';
    const timeout = `${probe.timeoutSeconds ?? 1}s`;
    if (probe.httpGet) {
      const port = probe.httpGet.port;
      const url = `${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${rt.podIP}:${port}${probe.httpGet.path ?? '/'}`;
      if (timedOut) return `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
      if (c.started && c.health.some((s) => s.fromMs <= this.ctx.engine.nowMs && s.state === 'healthy')) {
        return 'HTTP probe failed with statuscode: 503';
      }
      return `Get "${url}": dial tcp ${rt.podIP}:${port}: connect: connection refused`;
    }
    if (probe.tcpSocket) {
      const addr = `${rt.podIP}:${probe.tcpSocket.port}`;
      return timedOut ? `dial tcp ${addr}: i/o timeout` : `dial tcp ${addr}: connect: connection refused`;
    }
    if (probe.grpc) {
      const addr = `${rt.podIP}:${probe.grpc.port}`;
      return timedOut ? `timeout: failed to connect service "${addr}" within ${timeout}` : `failed to connect service "${addr}": connection refused`;
    }
    if (probe.exec) return timedOut ? `command timed out after ${timeout}` : 'command terminated with exit code 1';
    return 'probe failed';
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Exits and restarts

  private oomKill(rt: PodRt, c: ContainerRt): void {
    this.containerExited(rt, c, EXIT_SIGKILL, 'OOMKilled', true);
  }

  private containerExited(rt: PodRt, c: ContainerRt, exitCode: number, reason: string, restart: boolean): void {
    const now = this.ctx.engine.nowMs;
    this.stopContainerTimers(rt, c);
    c.lastTermination = { exitCode, reason, startedAtMs: c.startedAtMs, finishedAtMs: now };
    c.phase = 'terminated';
    c.ready = false;
    c.started = false;
    c.health = [{ fromMs: now, state: 'crashed' }];
    const pod = this.ctx.store.get<Pod>('Pod', rt.namespace, rt.name);
    const policy = pod?.spec?.restartPolicy ?? 'Always';
    const restarts = restart && !rt.terminating && (policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0));
    this.writeStatus(rt);
    if (restarts) this.tryRestart(rt, c);
  }

  /** The kubelet's sync loop attempting to start the container again, honouring CrashLoopBackOff. */
  private tryRestart(rt: PodRt, c: ContainerRt): void {
    if (rt.frozen || rt.terminating) return;
    const now = this.ctx.engine.nowMs;
    const podDescription = `${rt.name}_${rt.namespace}(${rt.uid})`;
    const r = doBackOff(c.backoff, c.lastTermination ? { finishedAtMs: c.lastTermination.finishedAtMs } : undefined, now, DEFAULT_CRASH_LOOP_BACKOFF, {
      containerName: c.name,
      podDescription,
    });
    if (r.inBackOff) {
      c.phase = 'waiting';
      c.waitingReason = 'CrashLoopBackOff';
      this.event(rt, 'Warning', 'BackOff', r.eventMessage);
      this.writeStatus(rt);
      this.laterAt(rt, r.retryAtMs, () => this.tryRestart(rt, c));
      return;
    }
    c.backoff = r.entry;
    c.restartCount++;
    this.pullAndStart(rt, c);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Termination

  private terminate(rt: PodRt): void {
    if (rt.terminating || rt.frozen) return;
    rt.terminating = true;
    const pod = this.ctx.store.get<Pod>('Pod', rt.namespace, rt.name);
    if (!pod) return;
    const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    let lastExit = 0;
    for (const c of rt.containers) {
      this.stopContainerTimers(rt, c);
      if (c.phase !== 'running') continue;
      this.event(rt, 'Normal', 'Killing', this.message(STOPPING, c.name));
      lastExit = Math.max(lastExit, Math.min(graceMs, c.behaviour.shutdownMs ?? 0));
      c.ready = false;
    }
    // Other timers (pulls, restarts) stop too; only the exit remains.
    this.cancelAll(rt);
    this.writeStatus(rt);
    this.later(rt, lastExit, () => this.remove(rt));
  }

  private remove(rt: PodRt): void {
    this.evictionInputsChanged = true;
    this.cancelAll(rt);
    this.pods.delete(rt.uid);
    this.ctx.store.delete('Pod', rt.namespace, rt.name);
  }

  private forget(uid: string): void {
    const rt = this.pods.get(uid);
    if (!rt) return;
    this.evictionInputsChanged = true;
    this.cancelAll(rt);
    this.pods.delete(uid);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Status

  /** Writes the pod's status as the kubelet's status manager would (only when something changed). */
  private writeStatus(rt: PodRt): void {
    // Phase, termination and eviction change whether the pod's memory counts.
    this.evictionInputsChanged = true;
    const { store, clock, engine } = this.ctx;
    const pod = store.get<Pod>('Pod', rt.namespace, rt.name);
    if (!pod || pod.metadata.uid !== rt.uid) return;
    const ts = clock.timestamp(engine.nowMs);
    let allRunning = rt.initDone;
    let allReady = true;
    let anyStarted = false;
    for (const c of rt.containers) {
      if (c.phase !== 'running') allRunning = false;
      if (!c.ready) allReady = false;
      if (c.phase === 'running' || c.restartCount > 0 || c.lastTermination) anyStarted = true;
    }
    const containersReady = allRunning && allReady;
    const terminal = rt.evictedMessage ? 'Failed' : terminalPhase(rt, pod.spec?.restartPolicy ?? 'Always');
    rt.terminal = terminal !== undefined;
    const phase = terminal ?? (rt.initDone && anyStarted ? 'Running' : 'Pending');
    const statuses = containerStatuses(rt.containers, clock);
    const inits = pod.spec?.initContainers ?? [];
    const initStatuses = inits.length ? initContainerStatuses(inits, rt.initIndex, ts) : [];
    const want = [true, rt.initDone, containersReady, containersReady && !rt.terminating, true];
    const prev = pod.status;
    const oldConditions = prev?.conditions ?? [];
    // Conditions other components own (DisruptionTarget from preemption or eviction) are kept, as the status
    // manager merges them. One pass over the old conditions: the first of each own type, and the others.
    const oldOwn: (PodCondition | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
    let foreign: PodCondition[] | undefined;
    let ownCount = 0;
    for (const c of oldConditions) {
      const i = OWN_CONDITIONS.indexOf(c.type as (typeof OWN_CONDITIONS)[number]);
      if (i < 0) (foreign ??= []).push(c);
      else {
        ownCount++;
        oldOwn[i] ??= c;
      }
    }
    let conditionsChanged = ownCount !== OWN_CONDITIONS.length;
    for (let i = 0; i < OWN_CONDITIONS.length && !conditionsChanged; i++) conditionsChanged = (oldOwn[i]?.status === 'True') !== want[i];
    if (
      !conditionsChanged &&
      jsonEqual(prev?.containerStatuses ?? [], statuses) &&
      jsonEqual(prev?.initContainerStatuses ?? [], initStatuses) &&
      prev?.phase === phase &&
      prev?.podIP === rt.podIP &&
      prev?.message === rt.evictedMessage
    ) {
      return;
    }
    const own: PodCondition[] = [];
    for (let i = 0; i < OWN_CONDITIONS.length; i++) {
      const o = oldOwn[i];
      own.push(o && o.status === (want[i] ? 'True' : 'False') ? stripUndefined(o) : this.newCondition(rt, OWN_CONDITIONS[i]!, want[i]!, terminal, inits, ts));
    }
    // A copy of the previous status with the kubelet's fields set in its order: the same object, key order
    // included, as `{ ...prev, phase, conditions, … }` would build, in one allocation. A list whose items are
    // the previous list's stays that list, so the store (its trace and history) sees only what changed.
    const status: NonNullable<Pod['status']> = { ...prev };
    status.phase = phase;
    status.conditions = sameOrNew(prev?.conditions, foreign ? [...own, ...foreign] : own);
    status.hostIP = this.hostIpOf(rt.node);
    status.podIP = rt.podIP;
    status.podIPs = rt.podIPs;
    status.startTime = prev?.startTime ?? clock.timestamp(rt.startTimeMs);
    status.containerStatuses = sameOrNew(prev?.containerStatuses, statuses);
    if (inits.length) status.initContainerStatuses = sameOrNew(prev?.initContainerStatuses, initStatuses);
    status.qosClass = prev?.qosClass ?? getPodQOS(pod);
    if (rt.evictedMessage) {
      status.reason = 'Evicted';
      status.message = rt.evictedMessage;
    }
    store.update<Pod>('Pod', rt.namespace, rt.name, (current) => ({ ...current, status }));
  }

  /**
   * One of the kubelet's own pod conditions that changed (`status` true for True), stamped now; a False Ready or
   * ContainersReady says why (`PodCompleted` when the pod is `terminal`, else the unready containers), a False
   * Initialized names the init containers still to run.
   */
  private newCondition(rt: PodRt, type: (typeof OWN_CONDITIONS)[number], status: boolean, terminal: string | undefined, inits: readonly Container[], ts: string): PodCondition {
    const c: PodCondition = { type, status: status ? 'True' : 'False', lastTransitionTime: ts };
    if (!status && (type === 'Ready' || type === 'ContainersReady') && terminal) {
      c.reason = 'PodCompleted';
    } else if (!status && (type === 'Ready' || type === 'ContainersReady')) {
      const notReady = rt.containers.filter((x) => !x.ready).map((x) => x.name);
      c.reason = 'ContainersNotReady';
      c.message = `containers with unready status: [${notReady.join(' ')}]`;
    }
    if (!status && type === 'Initialized') {
      c.reason = 'ContainersNotInitialized';
      c.message = `containers with incomplete status: [${inits.slice(rt.initIndex).map((x) => x.name).join(' ')}]`;
    }
    return c;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Timers and helpers

  private later(rt: PodRt, delayMs: number, fn: () => void): TimerId {
    return this.laterAt(rt, this.ctx.engine.nowMs + delayMs, fn);
  }

  private laterAt(rt: PodRt, atMs: number, fn: () => void): TimerId {
    const id = this.armAt(rt, atMs, () => {
      dropTimer(rt, id);
      fn();
    });
    return id;
  }

  /** Arms one of the pod's timers (not before now); `fn` must drop it from the pod's timers when it fires. */
  private armAt(rt: PodRt, atMs: number, fn: () => void): TimerId {
    const id = this.ctx.engine.at(Math.max(atMs, this.ctx.engine.nowMs), fn, KUBELET_TIMER);
    rt.timers.push(id);
    return id;
  }

  private stopContainerTimers(rt: PodRt, c: ContainerRt): void {
    for (const type of PROBE_TYPES) {
      const id = c.flipTimers[type];
      if (id !== undefined) {
        this.ctx.engine.cancel(id);
        dropTimer(rt, id);
        c.flipTimers[type] = undefined;
      }
    }
    if (c.exitTimer !== undefined) {
      this.ctx.engine.cancel(c.exitTimer);
      dropTimer(rt, c.exitTimer);
      c.exitTimer = undefined;
    }
    if (c.failingTimer !== undefined) {
      this.ctx.engine.cancel(c.failingTimer);
      dropTimer(rt, c.failingTimer);
      c.failingTimer = undefined;
    }
  }

  private cancelAll(rt: PodRt): void {
    for (const id of rt.timers) this.ctx.engine.cancel(id);
    rt.timers.length = 0;
    for (const c of rt.containers) {
      c.flipTimers = {};
      c.exitTimer = undefined;
      c.failingTimer = undefined;
    }
  }

  private podsOn(node: string): PodRt[] {
    return [...this.pods.values()].filter((p) => p.node === node).sort((a, b) => (a.uid < b.uid ? -1 : 1));
  }

  private allocateIp(node: string): string {
    const n = (this.nodeIpCounter.get(node) ?? 1) + 1;
    this.nodeIpCounter.set(node, n);
    const idx = this.nodeIndex.get(node) ?? 0;
    return `10.${244 + Math.floor(idx / 256)}.${idx % 256}.${n % 254 || 254}`;
  }

  private event(rt: PodRt, type: 'Normal' | 'Warning', reason: string, message: string, count = 1): void {
    this.ctx.events.record(rt.involved, type, reason, message, this.eventSource(rt.node), count);
  }

  /**
   * An event message of one argument (a container name, an image) and a duration where it has one (a pull's), one
   * string per distinct text: every pod of a template gets the same few messages, and events keep them for the
   * whole run.
   */
  private message(template: (arg: string, ms: number) => string, arg: string, ms = 0): string {
    let byMs = this.messages.get(template);
    if (!byMs) this.messages.set(template, (byMs = new Map()));
    let byArg = byMs.get(ms);
    if (!byArg) byMs.set(ms, (byArg = new Map()));
    let text = byArg.get(arg);
    if (text === undefined) byArg.set(arg, (text = template(arg, ms)));
    return text;
  }

  /** The node's host IP, one string per node shared by its pods' statuses. */
  private hostIpOf(node: string): string {
    let ip = this.hostIps.get(node);
    if (ip !== undefined) return ip;
    const idx = this.nodeIndex.get(node);
    ip = nodeHostIp(idx ?? 0);
    // (Kept only once the node is known: a pod bound to a node not yet seen gets index 0's address until it is.)
    if (idx !== undefined) this.hostIps.set(node, ip);
    return ip;
  }

  /** The source of the node's events, one object per node shared by all of them. */
  private eventSource(node: string): { readonly component: 'kubelet'; readonly host: string } {
    let source = this.eventSources.get(node);
    if (!source) this.eventSources.set(node, (source = { component: 'kubelet', host: node }));
    return source;
  }
}

/**
 * The terminal part of the kubelet's `getPhase`: with every app container stopped for good, the pod is Succeeded
 * when all exited 0 (restartPolicy OnFailure or Never) and Failed when one did not under Never. Under Always, or
 * OnFailure with a failure (the container restarts), the pod is not terminal: undefined.
 */
export function terminalPhase(rt: { initDone: boolean; containers: readonly { phase: ContainerPhase; lastTermination?: { exitCode: number } }[] }, restartPolicy: string): 'Succeeded' | 'Failed' | undefined {
  if (restartPolicy === 'Always' || !rt.initDone || rt.containers.length === 0) return undefined;
  let failed = false;
  for (const c of rt.containers) {
    if (c.phase !== 'terminated' || !c.lastTermination) return undefined;
    if (c.lastTermination.exitCode !== 0) failed = true;
  }
  if (!failed) return 'Succeeded';
  return restartPolicy === 'Never' ? 'Failed' : undefined;
}

/** Forgets a timer of the pod (fired or cancelled). */
function dropTimer(rt: PodRt, id: TimerId): void {
  const i = rt.timers.indexOf(id);
  if (i >= 0) rt.timers.splice(i, 1);
}

function newContainerRt(spec: Container): ContainerRt {
  return {
    name: spec.name,
    spec,
    phase: 'waiting',
    waitingReason: 'ContainerCreating',
    startedAtMs: 0,
    restartCount: 0,
    health: [],
    behaviour: DEFAULT_BEHAVIOUR,
    workers: {},
    flipTimers: {},
    pendingFlips: {},
    onFlip: {},
    started: false,
    ready: false,
    probeLatencyMs: 0,
    minProbeTimeoutMs: minProbeTimeoutMs(spec),
    memoryLimitBytes: memoryLimit(spec),
    // Present from the start: one hidden class for every ContainerRt (see PodRt's optional fields).
    failingTimer: undefined,
    exitTimer: undefined,
    backoff: undefined,
    lastTermination: undefined,
    shown: undefined,
  };
}

function probeOf(c: Container, type: ProbeType): Probe | undefined {
  return type === 'startup' ? c.startupProbe : type === 'readiness' ? c.readinessProbe : c.livenessProbe;
}

/**
 * The probe-relevant class of a latency for a container whose shortest probe timeout is `minProbeTimeoutMs`: 0 when
 * every probe would get its answer in time, else the latency rounded up to 100 ms (so small jitter above a timeout
 * does not grow the timeline every tick). Exported so the workload driver can skip reports that change no class.
 */
export function latencyClass(minProbeTimeoutMs: number, latencyMs: number): number {
  if (!(latencyMs > minProbeTimeoutMs)) return 0;
  return Math.ceil(latencyMs / 100) * 100;
}

/** The shortest probe timeout of a container spec in ms (Infinity without probes). */
export function minProbeTimeoutMs(spec: Container): number {
  let min = Infinity;
  for (const type of PROBE_TYPES) {
    const p = probeOf(spec, type);
    if (p) min = Math.min(min, (p.timeoutSeconds ?? 1) * 1000);
  }
  return min;
}

/** Node capacities and emptyDir size limits by quantity string (a handful of distinct strings; parsed once each). */
const capacityBytes = new Map<string, number>();

function quantityBytes(q: string): number {
  let bytes = capacityBytes.get(q);
  if (bytes === undefined) {
    bytes = memoryBytes(q);
    capacityBytes.set(q, bytes);
  }
  return bytes;
}

function memoryLimit(c: Container): number | undefined {
  const q = c.resources?.limits?.['memory'];
  return q === undefined ? undefined : memoryBytes(q);
}

function terminatedState(t: NonNullable<ContainerRt['lastTermination']>, clock: SimClock) {
  return { exitCode: t.exitCode, reason: t.reason, startedAt: clock.timestamp(t.startedAtMs), finishedAt: clock.timestamp(t.finishedAtMs) };
}

/** The object without its `undefined` members (the object itself when it has none). */
function stripUndefined<T extends object>(o: T): T {
  for (const k in o) {
    if (Object.hasOwn(o, k) && o[k] === undefined) return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
  }
  return o;
}

/**
 * The app containers' statuses. Each container's is rebuilt only when something it shows changed since the last
 * one was built (most writes change one container of a pod, or none): the same object otherwise.
 */
function containerStatuses(containers: readonly ContainerRt[], clock: SimClock): ContainerStatus[] {
  const out: ContainerStatus[] = new Array(containers.length);
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i]!;
    const s = c.shown;
    out[i] =
      s !== undefined &&
      s.ready === c.ready &&
      s.started === c.started &&
      s.phase === c.phase &&
      s.restartCount === c.restartCount &&
      s.startedAtMs === c.startedAtMs &&
      s.waitingReason === c.waitingReason &&
      s.lastTermination === c.lastTermination
        ? s.status
        : (c.shown = shownStatus(c, clock)).status;
  }
  return out;
}

/** A container's status as the kubelet reports it (`state`, `lastState`, restart count, ready, started). */
function shownStatus(c: ContainerRt, clock: SimClock): ShownStatus {
  const status: ContainerStatus = {
    name: c.name,
    image: c.spec.image ?? '',
    imageID: '',
    ready: c.ready,
    started: c.phase === 'running' ? c.started : false,
    restartCount: c.restartCount,
    state:
      c.phase === 'running'
        ? { running: { startedAt: clock.timestamp(c.startedAtMs) } }
        : c.phase === 'terminated' && c.lastTermination
          ? { terminated: terminatedState(c.lastTermination, clock) }
          : { waiting: { reason: c.waitingReason || 'ContainerCreating' } },
  };
  if (c.lastTermination && c.phase !== 'terminated') status.lastState = { terminated: terminatedState(c.lastTermination, clock) };
  const { ready, started, phase, restartCount, startedAtMs, waitingReason, lastTermination } = c;
  return { ready, started, phase, restartCount, startedAtMs, waitingReason, lastTermination, status };
}

/** The init containers' statuses: the first `initIndex` completed, the next one running, the rest waiting. */
function initContainerStatuses(inits: readonly Container[], initIndex: number, ts: string): ContainerStatus[] {
  return inits.map((spec, i) => ({
    name: spec.name,
    image: spec.image ?? '',
    imageID: '',
    ready: i < initIndex,
    restartCount: 0,
    state:
      i < initIndex
        ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: ts, finishedAt: ts } }
        : i === initIndex
          ? { running: { startedAt: ts } }
          : { waiting: { reason: 'PodInitializing' } },
  }));
}

/** `prev` when it holds the same items as `next` (by identity, in order), else `next`. */
function sameOrNew<T>(prev: T[] | undefined, next: T[]): T[] {
  if (prev === undefined || prev.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) if (prev[i] !== next[i]) return next;
  return prev;
}


function nodeHostIp(idx: number): string {
  return `10.0.${Math.floor(idx / 250)}.${(idx % 250) + 4}`;
}

