/**
 * The scheduler cache (upstream `backend/cache` + `Snapshot`): NodeInfos with requested and non-zero-requested
 * resources, pod counts, used host ports, image states and the pods on each node, kept incrementally. Hot numeric
 * state sits in typed arrays indexed by node position so a scheduling cycle reads it without allocating.
 *
 * Beyond upstream, the cache keeps derived indexes that make PodTopologySpread and InterPodAffinity O(nodes) per
 * pod instead of O(pods): per-matcher pod counts per node (created on first use, then updated on every add and
 * remove), required anti-affinity terms of existing pods grouped by identical term, and per-topology-key domain
 * indexes. They hold exactly the sums upstream recomputes by scanning every pod.
 */
import { resized, type GrowableArray } from '../../engine/arrays.ts';
import type { AffinityTerm, HostPort, NodeSpecInfo, PodInfo, PodMatcher } from './types.ts';

/** A node as the cache holds it: its spec plus what is placed on it. */
export interface CachedNode {
  /** Position in {@link SchedulerCache.nodes} and in the typed arrays; changes only when a node is removed. */
  index: number;
  spec: NodeSpecInfo;
  /** Pods assigned or assumed to the node, in arrival order. */
  readonly pods: PodInfo[];
  /** Requested scalar resources (extended, hugepages…). */
  readonly scalarRequested: Map<string, number>;
  /** Host ports in use (`NodeInfo.UsedPorts`). */
  readonly usedPorts: HostPort[];
}

/** Per-domain sums of a per-node count, for one topology key. */
interface DomainSums {
  readonly domains: TopologyDomains;
  readonly sums: Float64Array;
}

/** Per-node count of pods matching one matcher, and its per-domain sums for the topology keys asked for. */
interface MatchCounter {
  readonly matcher: PodMatcher;
  counts: Int32Array;
  /** Topology key → sums; dropped whenever a node changes (the domains may have changed). */
  readonly byDomain: Map<string, DomainSums>;
}

/** Existing pods' identical required anti-affinity terms: per node, how many (pod, term) pairs. */
export interface AntiAffinityGroup {
  readonly term: AffinityTerm;
  counts: Int32Array;
  total: number;
  /** `counts` summed per domain of `term.topologyKey`, built on first use; null until then or after a node change. */
  byDomain: DomainSums | null;
}

/** Node position → domain index for one topology key; -1 where the node lacks the label. */
export interface TopologyDomains {
  readonly key: string;
  readonly domainOf: Int32Array;
  /** Label value of each domain, in order of first appearance over the node list. */
  readonly values: readonly string[];
  /** Nodes lacking the key (their `domainOf` is -1). */
  readonly missing: number;
}

function countIfMatches(c: MatchCounter, pod: PodInfo, nodeIndex: number, sign: number): void {
  if (!c.matcher.matches(pod)) return;
  c.counts[nodeIndex]! += sign;
  for (const e of c.byDomain.values()) addToDomain(e, nodeIndex, sign);
}

function addToDomain(e: DomainSums, nodeIndex: number, sign: number): void {
  const d = e.domains.domainOf[nodeIndex]!;
  if (d >= 0) e.sums[d]! += sign;
}

/**
 * The list of `buckets` a matcher belongs in: its required label's (`key\0value`, made on first use), or
 * `unlabeled` when it has none.
 */
function labelBucket<T>(buckets: Map<string, T[]>, unlabeled: T[], matcher: PodMatcher): T[] {
  const label = matcher.requiredLabel;
  if (!label) return unlabeled;
  const key = `${label.key}\0${label.value}`;
  let list = buckets.get(key);
  if (!list) {
    list = [];
    buckets.set(key, list);
  }
  return list;
}

const NO_ANTI_GROUPS: readonly AntiAffinityGroup[] = [];

/** log2 of {@link NODE_BLOCK_SIZE}. */
export const NODE_BLOCK_SHIFT = 5;
/** Node positions per block of {@link SchedulerCache.blockStamp} (blocks are aligned: block b = [32b, 32b + 32)). */
export const NODE_BLOCK_SIZE = 1 << NODE_BLOCK_SHIFT;

/** Upper bound on distinct matchers kept incrementally; beyond it the oldest is dropped (and rebuilt if used). */
const MAX_MATCH_COUNTERS = 4096;

/** The incremental scheduler cache. All mutation goes through the methods; readers use the public arrays. */
export class SchedulerCache {
  /** Live nodes in insertion order: the order the round-robin filter walks. */
  readonly nodes: CachedNode[] = [];
  /** Allocatable / requested figures by node position (cpu millis, bytes, counts). */
  allocCpu: Float64Array = new Float64Array(16);
  allocMem: Float64Array = new Float64Array(16);
  allocEph: Float64Array = new Float64Array(16);
  allocPods: Float64Array = new Float64Array(16);
  reqCpu: Float64Array = new Float64Array(16);
  reqMem: Float64Array = new Float64Array(16);
  reqEph: Float64Array = new Float64Array(16);
  /** `NonZeroRequested` cpu / memory (100m / 200Mi defaults for pods lacking the key). */
  nzCpu: Float64Array = new Float64Array(16);
  nzMem: Float64Array = new Float64Array(16);
  podCount: Float64Array = new Float64Array(16);
  /**
   * A stamp per node position, renewed (from a counter that never repeats) whenever anything the node's scores
   * or Filter verdicts depend on changes there: a pod added or removed, the spec updated, or a different node
   * shifted into the position. Equal stamps mean an unchanged node, so per-node results can be memoized.
   */
  nodeStamp: Int32Array = new Int32Array(16);
  /**
   * Per block of {@link NODE_BLOCK_SIZE} positions, the latest stamp given to any of them (or to the block when
   * a position at its end disappeared): equal block stamps mean no node of the block changed.
   */
  blockStamp: Int32Array = new Int32Array(1);
  /**
   * Bumped when the stamp counter wraps (after 2^31 - 1 changes) and every node is restamped from 1: a memo made
   * in an earlier epoch must be discarded, since its stamps may reappear.
   */
  stampEpoch = 0;
  /** 1 where `spec.unschedulable` is set. */
  unschedulable: Uint8Array = new Uint8Array(16);
  /** Number of NoSchedule / NoExecute taints per node (capped at 255). */
  noScheduleTaints: Uint8Array = new Uint8Array(16);
  /** Number of PreferNoSchedule taints per node (capped at 255). */
  preferNoScheduleTaints: Uint8Array = new Uint8Array(16);
  /** Live nodes with `spec.unschedulable`. */
  unschedulableNodeCount = 0;
  /** Live nodes with at least one NoSchedule / NoExecute taint. */
  noScheduleTaintedNodeCount = 0;
  /** Live nodes with at least one PreferNoSchedule taint. */
  preferNoScheduleTaintedNodeCount = 0;
  /** Live nodes with two or more PreferNoSchedule taints. */
  multiPreferNoScheduleTaintedNodeCount = 0;
  /** Number of nodes advertising each image (`ImageStateSummary.NumNodes`). */
  readonly imageNumNodes = new Map<string, number>();
  /** Pods whose own terms matter when scoring others: required affinity, preferred (anti-)affinity. */
  readonly scoringAffinityPods = new Set<PodInfo>();
  /** Pods nominated to a node by preemption, by node name. */
  readonly nominatedPods = new Map<string, PodInfo[]>();
  /** Bumped whenever a node is added, updated or removed. */
  nodeGeneration = 0;

  private stampCounter = 0;
  private readonly byName = new Map<string, number>();
  private readonly placed = new Map<string, { pod: PodInfo; node: CachedNode }>();
  private readonly counters = new Map<string, MatchCounter>();
  /** The counters by their matcher's required label (`key\0value`), and those without one. */
  private readonly countersByLabel = new Map<string, MatchCounter[]>();
  private readonly unlabeledCounters: MatchCounter[] = [];
  private readonly antiGroups = new Map<string, AntiAffinityGroup>();
  /** The anti-affinity groups by their term's required label (`key\0value`), and those without one. */
  private readonly antiGroupsByLabel = new Map<string, AntiAffinityGroup[]>();
  private readonly unlabeledAntiGroups: AntiAffinityGroup[] = [];
  private readonly domainCache = new Map<string, TopologyDomains>();
  private readonly nominatedOf = new Map<string, string>();

  /** Number of live nodes. */
  get size(): number {
    return this.nodes.length;
  }

  /** The node at a name, or undefined. */
  node(name: string): CachedNode | undefined {
    const i = this.byName.get(name);
    return i === undefined ? undefined : this.nodes[i];
  }

  /** Node position of a name, or -1. */
  indexOf(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** The pod with that key and the node it is on, if placed. */
  placement(key: string): { pod: PodInfo; node: CachedNode } | undefined {
    return this.placed.get(key);
  }

  /** All placed pods, in placement order. */
  pods(): IterableIterator<{ pod: PodInfo; node: CachedNode }> {
    return this.placed.values();
  }

  private grow(min: number): void {
    if (this.allocCpu.length >= min) return;
    let cap = this.allocCpu.length;
    while (cap < min) cap *= 2;
    const g = <T extends GrowableArray>(a: T): T => resized(a, cap);
    this.allocCpu = g(this.allocCpu);
    this.allocMem = g(this.allocMem);
    this.allocEph = g(this.allocEph);
    this.allocPods = g(this.allocPods);
    this.reqCpu = g(this.reqCpu);
    this.reqMem = g(this.reqMem);
    this.reqEph = g(this.reqEph);
    this.nzCpu = g(this.nzCpu);
    this.nzMem = g(this.nzMem);
    this.podCount = g(this.podCount);
    this.unschedulable = g(this.unschedulable);
    this.noScheduleTaints = g(this.noScheduleTaints);
    this.preferNoScheduleTaints = g(this.preferNoScheduleTaints);
    this.nodeStamp = g(this.nodeStamp);
    this.blockStamp = resized(this.blockStamp, (cap >> NODE_BLOCK_SHIFT) + 1);
    for (const c of this.counters.values()) c.counts = g(c.counts);
    for (const g2 of this.antiGroups.values()) g2.counts = g(g2.counts);
  }

  private nextStamp(): number {
    if (this.stampCounter === 0x7fffffff) {
      this.stampCounter = 0;
      this.stampEpoch++;
      for (let j = 0; j < this.nodes.length; j++) this.nodeStamp[j] = this.blockStamp[j >> NODE_BLOCK_SHIFT] = ++this.stampCounter;
    }
    return ++this.stampCounter;
  }

  private restamp(i: number): void {
    this.nodeStamp[i] = this.blockStamp[i >> NODE_BLOCK_SHIFT] = this.nextStamp();
  }

  private setAllocatable(i: number, spec: NodeSpecInfo): void {
    this.restamp(i);
    this.allocCpu[i] = spec.allocatable.cpuMillis;
    this.allocMem[i] = spec.allocatable.memoryBytes;
    this.allocEph[i] = spec.allocatable.ephemeralStorageBytes;
    this.allocPods[i] = spec.allocatable.pods;
    let hard = 0;
    let prefer = 0;
    for (const t of spec.taints) {
      if (t.effect === 'NoSchedule' || t.effect === 'NoExecute') hard++;
      else if (t.effect === 'PreferNoSchedule') prefer++;
    }
    this.unschedulable[i] = spec.unschedulable ? 1 : 0;
    this.noScheduleTaints[i] = Math.min(hard, 255);
    this.preferNoScheduleTaints[i] = Math.min(prefer, 255);
  }

  private countFlags(spec: NodeSpecInfo, delta: number): void {
    if (spec.unschedulable) this.unschedulableNodeCount += delta;
    if (spec.taints.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) this.noScheduleTaintedNodeCount += delta;
    const prefer = spec.taints.reduce((n, t) => (t.effect === 'PreferNoSchedule' ? n + 1 : n), 0);
    if (prefer >= 1) this.preferNoScheduleTaintedNodeCount += delta;
    if (prefer >= 2) this.multiPreferNoScheduleTaintedNodeCount += delta;
  }

  private countImages(spec: NodeSpecInfo, delta: number): void {
    for (const name of spec.images.keys()) {
      const n = (this.imageNumNodes.get(name) ?? 0) + delta;
      if (n <= 0) this.imageNumNodes.delete(name);
      else this.imageNumNodes.set(name, n);
    }
  }

  /** Adds a node (or updates it when the name exists). */
  addNode(spec: NodeSpecInfo): void {
    if (this.byName.has(spec.name)) {
      this.updateNode(spec);
      return;
    }
    const i = this.nodes.length;
    this.grow(i + 1);
    this.nodes.push({ index: i, spec, pods: [], scalarRequested: new Map(), usedPorts: [] });
    this.byName.set(spec.name, i);
    this.setAllocatable(i, spec);
    this.reqCpu[i] = this.reqMem[i] = this.reqEph[i] = this.nzCpu[i] = this.nzMem[i] = this.podCount[i] = 0;
    for (const c of this.counters.values()) c.counts[i] = 0;
    for (const g of this.antiGroups.values()) g.counts[i] = 0;
    this.countImages(spec, 1);
    this.countFlags(spec, 1);
    this.nodeChanged();
  }

  /** Replaces a node's spec (labels, taints, allocatable, images), keeping its pods. */
  updateNode(spec: NodeSpecInfo): void {
    const n = this.node(spec.name);
    if (!n) {
      this.addNode(spec);
      return;
    }
    this.countImages(n.spec, -1);
    this.countFlags(n.spec, -1);
    n.spec = spec;
    this.setAllocatable(n.index, spec);
    this.countImages(spec, 1);
    this.countFlags(spec, 1);
    this.nodeChanged();
  }

  /** Removes a node and every pod placed on it. */
  removeNode(name: string): void {
    const n = this.node(name);
    if (!n) return;
    for (const p of [...n.pods]) this.removePod(p.key);
    this.countImages(n.spec, -1);
    this.countFlags(n.spec, -1);
    const last = this.nodes.length - 1;
    const arrays = [this.allocCpu, this.allocMem, this.allocEph, this.allocPods, this.reqCpu, this.reqMem, this.reqEph, this.nzCpu, this.nzMem, this.podCount, this.unschedulable, this.noScheduleTaints, this.preferNoScheduleTaints];
    // Shift later nodes down one place so the round-robin order stays the insertion order.
    for (const a of arrays) a.copyWithin(n.index, n.index + 1, last + 1);
    for (const c of this.counters.values()) c.counts.copyWithin(n.index, n.index + 1, last + 1);
    for (const g of this.antiGroups.values()) g.counts.copyWithin(n.index, n.index + 1, last + 1);
    this.nodes.splice(n.index, 1);
    this.byName.delete(name);
    // The old last position is gone: its block's summary must not be reused.
    this.blockStamp[last >> NODE_BLOCK_SHIFT] = this.nextStamp();
    for (let i = n.index; i < this.nodes.length; i++) {
      const m = this.nodes[i] as CachedNode;
      m.index = i;
      this.restamp(i);
      this.byName.set(m.spec.name, i);
    }
    this.nodeChanged();
  }

  private nodeChanged(): void {
    this.nodeGeneration++;
    this.domainCache.clear();
    for (const c of this.counters.values()) c.byDomain.clear();
    for (const g of this.antiGroups.values()) g.byDomain = null;
  }

  /**
   * Places (or assumes) a pod on a node; replaces an earlier placement of the same key. Throws when the node is
   * unknown, because a pod on a node the scheduler cannot see would silently escape every filter.
   */
  addPod(pod: PodInfo, nodeName: string): void {
    if (this.placed.has(pod.key)) this.removePod(pod.key);
    const n = this.node(nodeName);
    if (!n) throw new Error(`SchedulerCache.addPod: pod ${pod.key} on unknown node ${JSON.stringify(nodeName)}`);
    this.apply(pod, n, 1);
    n.pods.push(pod);
    for (const p of pod.hostPorts) n.usedPorts.push(p);
    this.placed.set(pod.key, { pod, node: n });
    if (pod.requiredAffinityTerms.length + pod.preferredAffinityTerms.length + pod.preferredAntiAffinityTerms.length > 0) {
      this.scoringAffinityPods.add(pod);
    }
  }

  /** Removes a placed pod; unknown keys are ignored. */
  removePod(key: string): PodInfo | undefined {
    const entry = this.placed.get(key);
    if (!entry) return undefined;
    const { pod, node: n } = entry;
    this.apply(pod, n, -1);
    n.pods.splice(n.pods.indexOf(pod), 1);
    for (const p of pod.hostPorts) n.usedPorts.splice(n.usedPorts.indexOf(p), 1);
    this.placed.delete(key);
    this.scoringAffinityPods.delete(pod);
    return pod;
  }

  private apply(pod: PodInfo, n: CachedNode, sign: 1 | -1): void {
    const i = n.index;
    const r = pod.requests;
    this.restamp(i);
    this.reqCpu[i]! += sign * r.cpuMillis;
    this.reqMem[i]! += sign * r.memoryBytes;
    this.reqEph[i]! += sign * r.ephemeralStorageBytes;
    this.nzCpu[i]! += sign * pod.nonZeroCpuMillis;
    this.nzMem[i]! += sign * pod.nonZeroMemoryBytes;
    this.podCount[i]! += sign;
    for (const [k, v] of r.scalar) n.scalarRequested.set(k, (n.scalarRequested.get(k) ?? 0) + sign * v);
    // Only counters that can match: those indexed under one of the pod's labels, and the unindexed ones.
    for (const key in pod.labels) {
      const list = this.countersByLabel.get(`${key}\0${pod.labels[key] as string}`);
      if (list) for (const c of list) countIfMatches(c, pod, i, sign);
    }
    for (const c of this.unlabeledCounters) countIfMatches(c, pod, i, sign);
    for (const t of pod.requiredAntiAffinityTerms) {
      let g = this.antiGroups.get(t.sig);
      if (!g) {
        g = { term: t, counts: new Int32Array(this.allocCpu.length), total: 0, byDomain: null };
        this.antiGroups.set(t.sig, g);
        labelBucket(this.antiGroupsByLabel, this.unlabeledAntiGroups, t).push(g);
      }
      g.counts[i]! += sign;
      g.total += sign;
      if (g.byDomain) addToDomain(g.byDomain, i, sign);
      if (g.total === 0) {
        this.antiGroups.delete(t.sig);
        const list = labelBucket(this.antiGroupsByLabel, this.unlabeledAntiGroups, t);
        list.splice(list.indexOf(g), 1);
      }
    }
  }

  /**
   * Per-node count of placed pods matching `matcher`. Built by one scan on first use, then kept exact by
   * `addPod` / `removePod`. Callers must not write to the array.
   */
  matchCounts(matcher: PodMatcher): Int32Array {
    const existing = this.counters.get(matcher.sig);
    if (existing) return existing.counts;
    if (this.counters.size >= MAX_MATCH_COUNTERS) {
      const oldest = this.counters.values().next().value as MatchCounter;
      this.counters.delete(oldest.matcher.sig);
      const list = labelBucket(this.countersByLabel, this.unlabeledCounters, oldest.matcher);
      list.splice(list.indexOf(oldest), 1);
    }
    const counts = new Int32Array(this.allocCpu.length);
    for (const { pod, node } of this.placed.values()) if (matcher.matches(pod)) counts[node.index]!++;
    const counter: MatchCounter = { matcher, counts, byDomain: new Map() };
    this.counters.set(matcher.sig, counter);
    labelBucket(this.countersByLabel, this.unlabeledCounters, matcher).push(counter);
    return counts;
  }


  /**
   * Placed pods matching `matcher` summed per domain of topology key `key` (indexes of `domains(key).values`;
   * nodes lacking the key count nowhere). Built from {@link matchCounts} on first use, then kept exact by
   * `addPod` / `removePod` until a node changes. Callers must not write to the array.
   */
  domainMatchCounts(matcher: PodMatcher, key: string): Float64Array {
    this.matchCounts(matcher);
    const c = this.counters.get(matcher.sig) as MatchCounter;
    let e = c.byDomain.get(key);
    if (!e) {
      e = this.sumByDomain(c.counts, key);
      c.byDomain.set(key, e);
    }
    return e.sums;
  }

  /** A group's (pod, term) pairs summed per domain of the term's topology key; same upkeep as {@link domainMatchCounts}. */
  antiAffinityGroupDomainCounts(g: AntiAffinityGroup): Float64Array {
    g.byDomain ??= this.sumByDomain(g.counts, g.term.topologyKey);
    return g.byDomain.sums;
  }

  private sumByDomain(counts: Int32Array, key: string): DomainSums {
    const domains = this.domains(key);
    const sums = new Float64Array(domains.values.length);
    const n = this.nodes.length;
    for (let i = 0; i < n; i++) {
      const c = counts[i]!;
      if (c === 0) continue;
      const d = domains.domainOf[i]!;
      if (d >= 0) sums[d]! += c;
    }
    return { domains, sums };
  }

  /** Groups of identical required anti-affinity terms of placed pods. */
  antiAffinityGroups(): IterableIterator<AntiAffinityGroup> {
    return this.antiGroups.values();
  }

  /**
   * The groups whose term can match `pod`: those indexed under one of its labels, and those without a required
   * label (the term still decides). Not in {@link antiAffinityGroups} order.
   */
  antiAffinityGroupsFor(pod: PodInfo): readonly AntiAffinityGroup[] {
    if (this.antiGroups.size === 0) return NO_ANTI_GROUPS;
    const out = this.unlabeledAntiGroups.slice();
    for (const key in pod.labels) {
      const list = this.antiGroupsByLabel.get(`${key}\0${pod.labels[key] as string}`);
      if (list) for (const g of list) out.push(g);
    }
    return out;
  }

  /** Domain index of every node for one topology key (cached until a node changes). */
  domains(key: string): TopologyDomains {
    const cached = this.domainCache.get(key);
    if (cached) return cached;
    const domainOf = new Int32Array(this.nodes.length);
    const values: string[] = [];
    const ids = new Map<string, number>();
    let missing = 0;
    for (let i = 0; i < this.nodes.length; i++) {
      const v = (this.nodes[i] as CachedNode).spec.labels[key];
      if (v === undefined) {
        domainOf[i] = -1;
        missing++;
        continue;
      }
      let id = ids.get(v);
      if (id === undefined) {
        id = values.length;
        values.push(v);
        ids.set(v, id);
      }
      domainOf[i] = id;
    }
    const d = { key, domainOf, values, missing };
    this.domainCache.set(key, d);
    return d;
  }

  /** Records (or clears, with an empty name) the node a pod is nominated to after preemption. */
  setNominatedNode(pod: PodInfo, nodeName: string): void {
    const prev = this.nominatedOf.get(pod.key);
    if (prev !== undefined) {
      const list = this.nominatedPods.get(prev) ?? [];
      const j = list.findIndex((p) => p.key === pod.key);
      if (j >= 0) list.splice(j, 1);
      if (list.length === 0) this.nominatedPods.delete(prev);
      this.nominatedOf.delete(pod.key);
    }
    if (nodeName === '') return;
    const list = this.nominatedPods.get(nodeName) ?? [];
    list.push(pod);
    this.nominatedPods.set(nodeName, list);
    this.nominatedOf.set(pod.key, nodeName);
  }
}
