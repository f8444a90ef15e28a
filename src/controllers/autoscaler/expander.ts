/**
 * Expanders (`expander/`): which node group's expansion option wins. Each is a filter that keeps the best options
 * (`BestOptions`); as upstream's factory does, the chosen filter is followed by `random`, which picks one of what
 * is left with the seeded `cluster-autoscaler` stream.
 */
import { parse } from 'yaml';
import type { RandomSource } from '../scheduler/framework/interface.ts';
import type { PodInfo } from '../scheduler/types.ts';
import type { ExpanderName } from './options.ts';

/** `expander.Option`: a node group, how many nodes the estimator wants, and the pods they would take. */
export interface ExpansionOption {
  group: string;
  nodeCount: number;
  pods: readonly PodInfo[];
  /** The template node's capacity (least-waste and price read capacity, as upstream). */
  nodeCpuMillis: number;
  nodeMemoryBytes: number;
  /** USD per node-hour (the pricing model's `NodePrice`). */
  nodePricePerHour: number;
  /** False for a group that does not exist yet (node auto-provisioning); every scenario group exists. */
  exists: boolean;
}

/** `expander.Filter`. */
export type ExpanderFilter = (options: readonly ExpansionOption[]) => ExpansionOption[];

/** `mostpods.BestOptions`: the options that schedule the most pods. */
export function mostPods(options: readonly ExpansionOption[]): ExpansionOption[] {
  let best: ExpansionOption[] = [];
  let max = -1;
  for (const o of options) {
    if (o.pods.length > max) {
      max = o.pods.length;
      best = [o];
    } else if (o.pods.length === max) best.push(o);
  }
  return best;
}

/**
 * `waste.BestOptions`: the options wasting the least blended fraction of cpu and memory, (capacity − requested) /
 * capacity summed over both, capacity being the template's times the node count. Example (upstream's table): one
 * 500m / 1000Mi pod on a 16×-pod node wastes 15/16 + 15/16; on a node with half the cpu 7/8 + 15/16, which wins.
 */
export function leastWaste(options: readonly ExpansionOption[]): ExpansionOption[] {
  let best: ExpansionOption[] = [];
  let least = 0;
  for (const o of options) {
    let cpu = 0;
    let mem = 0;
    for (const p of o.pods) {
      cpu += p.requests.cpuMillis;
      mem += p.requests.memoryBytes;
    }
    const availCpu = o.nodeCpuMillis * o.nodeCount;
    const availMem = o.nodeMemoryBytes * o.nodeCount;
    const score = (availCpu - cpu) / availCpu + (availMem - mem) / availMem;
    if (best.length > 0 && score === least) best.push(o);
    if (best.length === 0 || score < least) {
      least = score;
      best = [o];
    }
  }
  return best;
}

/** Price of a pod-hour, for the price expander: GCE's n1 on-demand unit prices (`gce_price_model.go`). */
export const CPU_PRICE_PER_HOUR = 0.033174;
export const MEMORY_PRICE_PER_GB_HOUR = 0.004446;

/** `PodPrice` of the pricing model: requested cores × cpu price + requested GB (10⁹ bytes) × memory price. */
export function podPrice(cpuMillis: number, memoryBytes: number): number {
  return (cpuMillis / 1000) * CPU_PRICE_PER_HOUR + (memoryBytes / 1e9) * MEMORY_PRICE_PER_GB_HOUR;
}

/** A node's cpu and memory, for the preferred-node comparison. */
export interface NodeShape {
  cpuMillis: number;
  memoryBytes: number;
}

const GIB = 1024 ** 3;

/**
 * `SimplePreferredNodeProvider.Node`: the node size the cluster "should" have, doubling every time the cluster
 * triples: ≤ 2 nodes → 1 cpu / 3.75 GiB, ≤ 6 → 2 / 7.5, ≤ 20 → 4 / 15, ≤ 60 → 8 / 30, ≤ 200 → 16 / 60, else 32 / 120.
 */
export function preferredNode(clusterSize: number): NodeShape {
  const steps: [number, number, number][] = [[2, 1, 3.75], [6, 2, 7.5], [20, 4, 15], [60, 8, 30], [200, 16, 60]];
  for (const [max, cpu, gib] of steps) if (clusterSize <= max) return { cpuMillis: cpu * 1000, memoryBytes: gib * GIB };
  return { cpuMillis: 32_000, memoryBytes: 120 * GIB };
}

/** `SimpleNodeUnfitness`: max(preferred cpu / node cpu, node cpu / preferred cpu); 1 when either is 0. */
export function simpleNodeUnfitness(preferred: NodeShape, node: NodeShape): number {
  if (preferred.cpuMillis === 0 || node.cpuMillis === 0) return 1;
  return Math.max(preferred.cpuMillis / node.cpuMillis, node.cpuMillis / preferred.cpuMillis);
}

/** Penalty for groups not created yet (`notExistCoeficient`). */
const NOT_EXIST_COEFFICIENT = 2;

/** The pricing model the price expander asks. */
export interface PricingModel {
  nodePrice(o: ExpansionOption): number | undefined;
  podPrice(p: PodInfo): number | undefined;
  /** Price of the stabilization pod (500m cpu, 500 MiB). */
  stabilizationPrice(): number;
}

/** The pricing model of a scenario: node prices from the groups, pod prices from {@link podPrice}. */
export const SCENARIO_PRICING: PricingModel = {
  nodePrice: (o) => o.nodePricePerHour,
  podPrice: (p) => podPrice(p.requests.cpuMillis, p.requests.memoryBytes),
  stabilizationPrice: () => podPrice(500, 500 * 1024 ** 2),
};

/**
 * `price.BestOptions`: score = (node price × count + stabilization) / (pods' price + stabilization) × unfitness,
 * the unfitness to the preferred node damped for big scale-ups: (u − 1)(1 − tanh((count − 1) / 15)) + 1; groups
 * that do not exist yet score double. Lowest score wins; options without a price are left out.
 */
export function priceBestOptions(options: readonly ExpansionOption[], pricing: PricingModel, preferred: NodeShape): ExpansionOption[] {
  let best: ExpansionOption[] = [];
  let bestScore = 0;
  const stabilization = pricing.stabilizationPrice();
  next: for (const o of options) {
    const nodePrice = pricing.nodePrice(o);
    if (nodePrice === undefined) continue;
    let pods = 0;
    for (const p of o.pods) {
      const price = pricing.podPrice(p);
      if (price === undefined) continue next;
      pods += price;
    }
    const priceSubScore = (nodePrice * o.nodeCount + stabilization) / (pods + stabilization);
    const unfitness = simpleNodeUnfitness(preferred, { cpuMillis: o.nodeCpuMillis, memoryBytes: o.nodeMemoryBytes });
    const suppressed = (unfitness - 1) * (1 - Math.tanh((o.nodeCount - 1) / 15)) + 1;
    let score = suppressed * priceSubScore;
    if (!o.exists) score *= NOT_EXIST_COEFFICIENT;
    if (best.length === 0 || score < bestScore) {
      best = [o];
      bestScore = score;
    } else if (score === bestScore) best.push(o);
  }
  return best;
}

/** `PriorityConfigMapName` and its key, read from the autoscaler's namespace (kube-system). */
export const PRIORITY_CONFIGMAP_NAME = 'cluster-autoscaler-priority-expander';
export const PRIORITY_CONFIGMAP_KEY = 'priorities';

/** Priorities parsed from the ConfigMap: priority → group-name patterns. */
export type Priorities = ReadonlyMap<number, readonly RegExp[]>;

/**
 * `parsePrioritiesYAMLString`: a YAML mapping of integer priority to a list of regular expressions; errors are
 * worded as upstream's.
 */
export function parsePriorities(text: string | undefined): { priorities?: Priorities; error?: string } {
  if (text === undefined) return { error: `Wrong configmap for priority expander, doesn't contain ${PRIORITY_CONFIGMAP_KEY} key. Ignoring update.` };
  if (text === '') {
    return { error: `Wrong configuration for priority expander: priority configuration in ${PRIORITY_CONFIGMAP_NAME} configmap is empty; please provide valid configuration. Ignoring update.` };
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { error: `Wrong configuration for priority expander: Can't parse YAML with priorities in the configmap: ${(e as Error).message}. Ignoring update.` };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { error: "Wrong configuration for priority expander: Can't parse YAML with priorities in the configmap: expected a mapping of priority to patterns. Ignoring update." };
  }
  const out = new Map<number, RegExp[]>();
  for (const [k, list] of Object.entries(doc as Record<string, unknown>)) {
    const prio = Number(k);
    if (!Number.isInteger(prio) || !Array.isArray(list)) {
      return { error: `Wrong configuration for priority expander: Can't parse YAML with priorities in the configmap: ${JSON.stringify(k)} is not an integer priority with a list. Ignoring update.` };
    }
    for (const re of list) {
      try {
        out.set(prio, [...(out.get(prio) ?? []), new RegExp(String(re))]);
      } catch (e) {
        return { error: `Wrong configuration for priority expander: Can't compile regexp rule for priority ${prio} and rule ${String(re)}: ${(e as Error).message}. Ignoring update.` };
      }
    }
  }
  return { priorities: out };
}

/**
 * `priority.BestOptions`: the options whose group name matches a pattern of the highest priority any option
 * matches. A group matching no pattern gets a `PriorityConfigMapNotMatchedGroup` warning; with a broken ConfigMap,
 * or when no option matches, every option is kept.
 */
export function priorityBestOptions(options: readonly ExpansionOption[], config: { priorities?: Priorities; error?: string }, warn: (reason: string, message: string) => void): ExpansionOption[] {
  if (!config.priorities) {
    if (config.error) warn('PriorityConfigMapInvalid', config.error);
    return [...options];
  }
  let maxPrio = -1;
  let best: ExpansionOption[] = [];
  for (const o of options) {
    let own = -1;
    for (const [prio, patterns] of config.priorities) if (prio > own && patterns.some((re) => re.test(o.group))) own = prio;
    if (own < 0) {
      warn('PriorityConfigMapNotMatchedGroup', `Priority expander: node group ${o.group} not found in priority expander configuration. The group won't be used.`);
      continue;
    }
    if (own > maxPrio) {
      maxPrio = own;
      best = [o];
    } else if (own === maxPrio) best.push(o);
  }
  if (best.length === 0) {
    warn('PriorityConfigMapNoGroupMatched', 'Priority expander: no priorities info found for any of the expansion options. Falling back to random choice.');
    return [...options];
  }
  return best;
}

/** `random.BestOption`: one option drawn uniformly with the seeded stream. */
export function randomBestOption(options: readonly ExpansionOption[], rng: RandomSource): ExpansionOption | undefined {
  if (options.length === 0) return undefined;
  return options.length === 1 ? options[0] : options[Math.floor(rng.next() * options.length)];
}

/** What the expander chain decided, with the runner-up for the decision log. */
export interface ExpanderChoice {
  best: ExpansionOption | undefined;
  /** The options the named filter kept (before the random tie-break). */
  kept: ExpansionOption[];
  /** The best option among those the filter dropped, by the same filter (or the other kept ones), if any. */
  runnerUp: ExpansionOption | undefined;
}

/** Inputs a filter may need besides the options. */
export interface ExpanderContext {
  rng: RandomSource;
  clusterSize: number;
  priorities: () => { priorities?: Priorities; error?: string };
  warn: (reason: string, message: string) => void;
}

/** The chain upstream's factory builds for `--expander=<name>`: the filter, then `random`. */
export function bestOption(name: ExpanderName, options: readonly ExpansionOption[], ctx: ExpanderContext): ExpanderChoice {
  const filter = (opts: readonly ExpansionOption[], quiet = false): ExpansionOption[] => {
    switch (name) {
      case 'random':
        return [...opts];
      case 'most-pods':
        return mostPods(opts);
      case 'least-waste':
        return leastWaste(opts);
      case 'price':
        return priceBestOptions(opts, SCENARIO_PRICING, preferredNode(ctx.clusterSize));
      case 'priority':
        return priorityBestOptions(opts, ctx.priorities(), quiet ? () => {} : ctx.warn);
    }
  };
  const kept = filter(options);
  const best = randomBestOption(kept, ctx.rng);
  const others = options.filter((o) => o !== best);
  const runnerUp = others.length === 0 ? undefined : (filter(others, true)[0] ?? others[0]);
  return { best, kept, runnerUp };
}
