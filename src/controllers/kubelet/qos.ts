/**
 * Pod QoS class as `GetPodQOS` / `ComputePodQOS` (`pkg/apis/core/v1/helper/qos/qos.go`). Only cpu and memory count
 * (`isSupportedQoSComputeResource`); zero quantities are ignored; init containers count like regular ones.
 * Pass a defaulted pod: API defaulting copies limits into missing requests, which is what makes a pod with only
 * limits Guaranteed. Pod-level `spec.resources` (gate `PodLevelResources`) is not modelled: kubernetes-types 1.30
 * has no such field.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { addQuantity, compareQuantity, type Quantity } from '../../api/quantity.ts';

/** `v1.PodQOSClass`. */
export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'] as const;

/** `GetPodQOS`: `status.qosClass` when already set, else {@link computePodQOS}. */
export function getPodQOS(pod: Pod): PodQOSClass {
  const set = pod.status?.qosClass;
  if (set === 'Guaranteed' || set === 'Burstable' || set === 'BestEffort') return set;
  // The class depends only on the containers' cpu and memory requests and limits, and the pods of one template
  // share them: computed once per distinct set (quantity arithmetic is most of the cost) instead of once per pod.
  const key = qosInputs(pod);
  let qos = computedQOS.get(key);
  if (qos === undefined) {
    qos = computePodQOS(pod);
    // Bounded, for a process that runs many simulations of generated pods.
    if (computedQOS.size >= 4096) computedQOS.clear();
    computedQOS.set(key, qos);
  }
  return qos;
}

/** {@link computePodQOS} by {@link qosInputs}; as many entries as distinct resource sets (a pure function's memo). */
const computedQOS = new Map<string, PodQOSClass>();

/** Everything {@link computePodQOS} reads, as text: each container's cpu and memory requests and limits, in order. */
function qosInputs(pod: Pod): string {
  let key = '';
  for (const list of [pod.spec?.containers, pod.spec?.initContainers]) {
    key += '|';
    for (const c of list ?? []) {
      const r = c.resources;
      for (const q of [r?.requests?.['cpu'], r?.requests?.['memory'], r?.limits?.['cpu'], r?.limits?.['memory']]) {
        key += q === undefined ? '\u0001' : typeof q === 'number' ? `\u0002${q}\u0001` : `${q}\u0001`;
      }
      key += ';';
    }
  }
  return key;
}

/** What {@link collectContainerLevelResources} gathers: summed cpu/memory requests and limits. */
export interface ContainerLevelResources {
  /** Sum over containers and init containers of each positive cpu/memory request. */
  requests: Map<string, Quantity>;
  /** Sum of each positive cpu/memory limit. */
  limits: Map<string, Quantity>;
  /** Every container limits both cpu and memory (a necessary condition of Guaranteed). */
  isGuaranteed: boolean;
}

/**
 * `collectContainerLevelResources`: sums the positive cpu and memory requests and limits of the containers and
 * init containers (ephemeral containers do not count), and whether every one of them limits both.
 */
export function collectContainerLevelResources(pod: Pod): ContainerLevelResources {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let isGuaranteed = true;
  const add = (into: Map<string, Quantity>, name: string, q: string | number) => {
    const prev = into.get(name);
    into.set(name, prev ? addQuantity(q, prev) : addQuantity(0, q));
  };
  for (const container of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const name of QOS_RESOURCES) {
      const q = container.resources?.requests?.[name];
      if (q !== undefined && compareQuantity(q, 0) === 1) add(requests, name, q);
    }
    const limitsFound = new Set<string>();
    for (const name of QOS_RESOURCES) {
      const q = container.resources?.limits?.[name];
      if (q !== undefined && compareQuantity(q, 0) === 1) {
        limitsFound.add(name);
        add(limits, name, q);
      }
    }
    if (!limitsFound.has('memory') || !limitsFound.has('cpu')) isGuaranteed = false;
  }
  return { requests, limits, isGuaranteed };
}

/**
 * `ComputePodQOS`: BestEffort when no container requests or limits any cpu/memory; Guaranteed when every
 * container limits both cpu and memory and the summed requests equal the summed limits for each; else Burstable.
 * Example: one container `requests {cpu: 1}`, `limits {cpu: 1, memory: 1Gi}` → requests lack memory → Burstable.
 */
export function computePodQOS(pod: Pod): PodQOSClass {
  const { requests, limits, isGuaranteed: allLimited } = collectContainerLevelResources(pod);
  let isGuaranteed = allLimited;
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) {
        isGuaranteed = false;
        break;
      }
    }
  }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
