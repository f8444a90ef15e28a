/**
 * The pod table: per-pod numbers the workload model reads each tick, in parallel typed arrays indexed by a stable
 * slot number. The cluster side (the kubelet loop) owns it: it adds a slot when a pod is bound, updates the flags
 * as conditions change, and removes the slot when the pod is gone. Removed slots go on a free list and are reused,
 * with `generation[slot]` bumped so the model can tell a new pod from the old one in the same slot.
 *
 * Flag meanings follow the EndpointSlice conditions (see `src/controllers/endpoints/slices.ts`):
 * `ready` = the endpoint gets new connections (pod Ready and not terminating); `serving` = the pod is Ready
 * (terminating pods keep serving while they drain); `running` = its containers are up, so queued requests are
 * still processed (a pod that fails readiness keeps working off its backlog; a crashed or killed one loses it).
 */
import { resized } from '../engine/arrays.ts';

/** The fields of a new pod; see {@link PodTable} for meanings and units. */
export interface PodInit {
  /** Pod name, for metric labels (`namespace/name` or `name`). */
  name: string;
  /** Key of the application model: the workload and version, e.g. `webapi-deployment@registry/webapi:v2`. */
  modelKey: string;
  /** The pod set weights select on (e.g. the ReplicaSet name, or the pod-template-hash). Default `""`. */
  podSet?: string;
  /** CPU limit in millicores; 0 = no limit. */
  cpuLimitMillis: number;
  /** CPU request in millicores (CFS weight on the node). */
  cpuRequestMillis: number;
  /** Memory limit in bytes; 0 = no limit. */
  memoryLimitBytes: number;
  /** Index of the node in the view's node arrays; -1 while unbound. */
  nodeIndex: number;
  /** Time the containers (last) started, ms. Change it on restart. */
  startedAtMs: number;
  ready?: boolean;
  serving?: boolean;
  running?: boolean;
}

/** Parallel arrays of pod state with a free list. Read the arrays directly; write through the setters. */
export class PodTable {
  /** Slots allocated so far (alive or free); iterate `0 … size-1` and check `alive`. */
  size = 0;
  alive: Uint8Array;
  generation: Uint32Array;
  cpuLimitMillis: Float64Array;
  cpuRequestMillis: Float64Array;
  memoryLimitBytes: Float64Array;
  nodeIndex: Int32Array;
  startedAtMs: Float64Array;
  ready: Uint8Array;
  serving: Uint8Array;
  running: Uint8Array;
  name: string[] = [];
  modelKey: string[] = [];
  podSet: string[] = [];
  private free: number[] = [];

  constructor(initialCapacity = 64) {
    const n = Math.max(1, initialCapacity);
    this.alive = new Uint8Array(n);
    this.generation = new Uint32Array(n);
    this.cpuLimitMillis = new Float64Array(n);
    this.cpuRequestMillis = new Float64Array(n);
    this.memoryLimitBytes = new Float64Array(n);
    this.nodeIndex = new Int32Array(n);
    this.startedAtMs = new Float64Array(n);
    this.ready = new Uint8Array(n);
    this.serving = new Uint8Array(n);
    this.running = new Uint8Array(n);
  }

  /** Allocated length of the arrays (≥ size). */
  get capacity(): number {
    return this.alive.length;
  }

  /** Adds a pod and returns its slot. Reuses the lowest freed slot first, so slot order is deterministic. */
  add(p: PodInit): number {
    let slot: number;
    if (this.free.length > 0) {
      this.free.sort((a, b) => b - a);
      slot = this.free.pop() as number;
    } else {
      if (this.size === this.capacity) this.grow(this.capacity * 2);
      slot = this.size++;
    }
    this.alive[slot] = 1;
    this.generation[slot] = ((this.generation[slot] as number) + 1) >>> 0;
    this.name[slot] = p.name;
    this.modelKey[slot] = p.modelKey;
    this.podSet[slot] = p.podSet ?? '';
    this.cpuLimitMillis[slot] = p.cpuLimitMillis;
    this.cpuRequestMillis[slot] = p.cpuRequestMillis;
    this.memoryLimitBytes[slot] = p.memoryLimitBytes;
    this.nodeIndex[slot] = p.nodeIndex;
    this.startedAtMs[slot] = p.startedAtMs;
    this.ready[slot] = p.ready ? 1 : 0;
    this.serving[slot] = (p.serving ?? p.ready) ? 1 : 0;
    this.running[slot] = p.running === false ? 0 : 1;
    return slot;
  }

  /** Removes a pod; its in-flight requests are lost at the next model step. */
  remove(slot: number): void {
    if (!this.alive[slot]) throw new RangeError(`PodTable.remove: slot ${slot} is not in use`);
    this.alive[slot] = 0;
    this.ready[slot] = 0;
    this.serving[slot] = 0;
    this.running[slot] = 0;
    this.free.push(slot);
  }

  /** Sets the endpoint conditions (ready, serving) of a pod. */
  setConditions(slot: number, ready: boolean, serving: boolean): void {
    this.ready[slot] = ready ? 1 : 0;
    this.serving[slot] = serving ? 1 : 0;
  }

  /** Marks the containers stopped (in-flight lost) or started at `startedAtMs` (restart: start-up burst again). */
  setRunning(slot: number, running: boolean, startedAtMs?: number): void {
    this.running[slot] = running ? 1 : 0;
    if (startedAtMs !== undefined) this.startedAtMs[slot] = startedAtMs;
  }

  /** Number of pods in use. */
  get count(): number {
    return this.size - this.free.length;
  }

  private grow(n: number): void {
    this.alive = resized(this.alive, n);
    this.generation = resized(this.generation, n);
    this.cpuLimitMillis = resized(this.cpuLimitMillis, n);
    this.cpuRequestMillis = resized(this.cpuRequestMillis, n);
    this.memoryLimitBytes = resized(this.memoryLimitBytes, n);
    this.nodeIndex = resized(this.nodeIndex, n);
    this.startedAtMs = resized(this.startedAtMs, n);
    this.ready = resized(this.ready, n);
    this.serving = resized(this.serving, n);
    this.running = resized(this.running, n);
  }
}
