/**
 * `spec.cluster`: node pools with capacity or an instance type, allocatable computed as the kubelet does, labels,
 * taints and zones; and the helpers a runner uses to name and label the pools' nodes.
 */
import { fieldError } from '../api/errors.ts';
import type { FieldPath } from '../api/path.ts';
import { cpuMillis, memoryBytes, scaledValue, type Quantity } from '../api/quantity.ts';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from '../api/names.ts';
import { type Checker, isObj } from './check.ts';
import { INSTANCE_TYPES, INSTANCE_TYPE_NAMES } from './instance-types.ts';
import type { ClusterSpec, DefaultStorageClassSpec, NodePool, NodeResources, PoolTaint } from './types.ts';
import { NODE_MONITOR_GRACE_PERIOD_MS } from '../controllers/nodelifecycle/taint-eviction.ts';
import { POOL_LABEL } from '../runtime/node-groups.ts';
import {
  AUTOSCALER_OPTION_FIELDS,
  DEFAULT_AUTOSCALING_OPTIONS,
  DEFAULT_PROVISIONING_DELAY_MS,
  EXPANDER_NAMES,
  type AutoscalingOptions,
} from '../controllers/autoscaler/options.ts';

/** Pods per node when `capacity.pods` is not written: the kubelet's `--max-pods` default. */
export const DEFAULT_MAX_PODS = 110;
/** Node ephemeral storage when `capacity.ephemeral-storage` is not written: 100 GiB. */
export const DEFAULT_EPHEMERAL_STORAGE_BYTES = 100 * 1024 ** 3;
/** The kubelet's default hard eviction threshold `memory.available<100Mi`, reserved from allocatable. */
export const EVICTION_HARD_MEMORY_BYTES = 100 * 1024 ** 2;
/** The kubelet's default hard eviction threshold `nodefs.available<10%`. */
export const EVICTION_HARD_NODEFS_FRACTION = 0.1;
/** `--node-monitor-grace-period` default (50 s since Kubernetes 1.32; 40 s before). */
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS = NODE_MONITOR_GRACE_PERIOD_MS;

const POOL_FIELDS = [
  'name', 'count', 'capacity', 'instanceType', 'allocatable', 'systemReserved', 'kubeReserved', 'labels', 'taints', 'zones', 'pricePerHour',
  'min', 'max', 'provisioningDelay', 'capacityType', 'interruptionRatePerHour',
] as const;
const CAPACITY_TYPES = ['on-demand', 'spot'] as const;
const RESOURCE_NAMES = ['cpu', 'memory', 'pods', 'ephemeral-storage'] as const;
const RESERVED_NAMES = ['cpu', 'memory', 'ephemeral-storage'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** The name of node `index` (1-based) of pool `pool`: `general-1`, `general-2`, … */
export function nodeName(pool: string, index: number): string {
  return `${pool}-${index}`;
}

/** The zone of node `index` (1-based) of a pool: round-robin over `zones`; undefined when the pool has none. */
export function nodeZone(pool: Pick<NodePool, 'zones'>, index: number): string | undefined {
  return pool.zones.length === 0 ? undefined : pool.zones[(index - 1) % pool.zones.length];
}

/**
 * The labels of node `index` of a pool, as a cloud provider sets them: the pool's labels, then
 * `kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch`, `node.kubernetes.io/instance-type` (when
 * given by an instance type), `topology.kubernetes.io/zone` (when the pool has zones) and `kubesim.dev/pool`.
 */
export function nodeLabels(pool: NodePool, index: number): Record<string, string> {
  const name = nodeName(pool.name, index);
  const labels: Record<string, string> = { ...pool.labels, 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' };
  if (pool.instanceType) labels['node.kubernetes.io/instance-type'] = pool.instanceType;
  const zone = nodeZone(pool, index);
  if (zone !== undefined) labels['topology.kubernetes.io/zone'] = zone;
  labels[POOL_LABEL] = pool.name;
  // Only spot pools carry a capacity-type label, so fixed on-demand pools' nodes stay as they were.
  if (pool.capacityType === 'spot') labels['kubesim.dev/capacity-type'] = 'spot';
  return labels;
}

/** Extended resource names: a domain-prefixed name (`nvidia.com/gpu`) or `hugepages-<size>`. */
function isExtendedResourceName(name: string): boolean {
  return (name.includes('/') && !name.startsWith('kubernetes.io/') && isQualifiedName(name).length === 0) || /^hugepages-\d/.test(name);
}

interface Resources {
  cpuMillis?: number;
  memoryBytes?: number;
  pods?: number;
  ephemeralStorageBytes?: number;
  extended: Record<string, number>;
}

function readResources(c: Checker, v: unknown, path: FieldPath, names: readonly string[], allowExtended: boolean): Resources | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) {
    c.add(fieldError.typeInvalid('', v, `expected a mapping of resource quantities (${names.join(', ')})`), path);
    return undefined;
  }
  const out: Resources = { extended: {} };
  for (const [key, raw] of Object.entries(v)) {
    const p = [...path, key];
    if (!names.includes(key) && !(allowExtended && isExtendedResourceName(key))) {
      c.unknown(path, key, names);
      continue;
    }
    const q: Quantity | undefined = c.quantity(raw, p);
    if (!q) continue;
    try {
      if (key === 'cpu') out.cpuMillis = cpuMillis(q);
      else if (key === 'memory') out.memoryBytes = memoryBytes(q);
      else if (key === 'ephemeral-storage') out.ephemeralStorageBytes = memoryBytes(q);
      else if (key === 'pods') {
        const n = Number(scaledValue(q, 0));
        if (!Number.isSafeInteger(n) || Number(scaledValue(q, -3)) !== n * 1000) c.add(fieldError.invalid('', raw, 'must be a whole number of pods'), p);
        else out.pods = n;
      } else Object.defineProperty(out.extended, key, { value: Number(scaledValue(q, 0)), enumerable: true, writable: true, configurable: true });
    } catch (e) {
      c.add(fieldError.invalid('', raw, (e as Error).message), p);
    }
  }
  return out;
}

function readPool(c: Checker, v: unknown, path: FieldPath): NodePool | undefined {
  // A node group (min and max written) may leave `count` out: it starts at `min`.
  const isGroup = isObj(v) && (v['min'] !== undefined || v['max'] !== undefined);
  const o = c.object(v, path, POOL_FIELDS, isGroup ? ['name', 'min', 'max'] : ['name', 'count']);
  if (!o) return undefined;
  const name = c.string(o['name'], [...path, 'name']);
  if (name !== undefined) {
    for (const msg of isDNS1123Label(name)) c.add(fieldError.invalid('', name, msg), [...path, 'name']);
  }
  const group = isGroup ? readGroupLimits(c, o, path) : undefined;
  const count = o['count'] === undefined && group ? group.min : c.integer(o['count'], [...path, 'count'], { min: 0, max: 10_000 });
  if (group && count !== undefined && (count < group.min || count > group.max)) {
    c.add(fieldError.invalid('', count, `must be within the group's min ${group.min} and max ${group.max}`), [...path, 'count']);
  }
  if (!isGroup) {
    for (const k of ['provisioningDelay'] as const) {
      if (o[k] !== undefined) c.add(fieldError.forbidden('', `${k} applies to node groups only (set min and max)`), [...path, k], 'key');
    }
  }
  const capacityType = o['capacityType'] === undefined ? 'on-demand' : c.oneOf(o['capacityType'], [...path, 'capacityType'], CAPACITY_TYPES);
  const interruptionRatePerHour = c.number(o['interruptionRatePerHour'], [...path, 'interruptionRatePerHour'], { min: 0 }) ?? 0;
  if (o['interruptionRatePerHour'] !== undefined && capacityType !== 'spot') {
    c.add(fieldError.forbidden('', 'interruptionRatePerHour applies to capacityType: spot only'), [...path, 'interruptionRatePerHour'], 'key');
  }
  let capacity: NodeResources | undefined;
  let instanceType: string | undefined;
  let price = 0;
  if (o['capacity'] !== undefined && o['instanceType'] !== undefined) {
    c.add(fieldError.forbidden('', 'set capacity or instanceType, not both'), [...path, 'instanceType'], 'key');
  } else if (o['instanceType'] !== undefined) {
    instanceType = c.oneOf(o['instanceType'], [...path, 'instanceType'], INSTANCE_TYPE_NAMES);
    const it = instanceType !== undefined ? INSTANCE_TYPES[instanceType] : undefined;
    if (it) {
      capacity = { cpuMillis: it.cpuMillis, memoryBytes: it.memoryBytes, pods: it.pods, ephemeralStorageBytes: DEFAULT_EPHEMERAL_STORAGE_BYTES, extended: {} };
      price = it.pricePerHour;
    }
  } else if (o['capacity'] !== undefined) {
    const r = readResources(c, o['capacity'], [...path, 'capacity'], RESOURCE_NAMES, true);
    if (r) {
      const written = o['capacity'] as Record<string, unknown>;
      if (written['cpu'] === undefined) c.add(fieldError.required('', 'cpu must be set'), [...path, 'capacity', 'cpu'], 'key');
      if (written['memory'] === undefined) c.add(fieldError.required('', 'memory must be set'), [...path, 'capacity', 'memory'], 'key');
      capacity = {
        cpuMillis: r.cpuMillis ?? 0,
        memoryBytes: r.memoryBytes ?? 0,
        pods: r.pods ?? DEFAULT_MAX_PODS,
        ephemeralStorageBytes: r.ephemeralStorageBytes ?? DEFAULT_EPHEMERAL_STORAGE_BYTES,
        extended: r.extended,
      };
    }
  } else {
    c.add(fieldError.required('', 'set capacity {cpu, memory} or an instanceType'), [...path, 'capacity'], 'key');
  }
  const pricePerHour = c.number(o['pricePerHour'], [...path, 'pricePerHour'], { min: 0 }) ?? price;
  const labels = c.stringMap(o['labels'], [...path, 'labels']) ?? {};
  for (const [k, val] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) c.add(fieldError.invalid('', k, msg), [...path, 'labels', k], 'key');
    for (const msg of isValidLabelValue(val)) c.add(fieldError.invalid('', val, msg), [...path, 'labels', k]);
  }
  const taints: PoolTaint[] = [];
  (c.list(o['taints'], [...path, 'taints'], 'taints {key, value, effect}') ?? []).forEach((t, i) => {
    const tp = [...path, 'taints', i];
    const to = c.object(t, tp, ['key', 'value', 'effect'], ['key', 'effect']);
    if (!to) return;
    const key = c.string(to['key'], [...tp, 'key']);
    if (key !== undefined) for (const msg of isQualifiedName(key)) c.add(fieldError.invalid('', key, msg), [...tp, 'key']);
    const value = to['value'] === undefined ? undefined : typeof to['value'] === 'string' ? to['value'] : (c.add(fieldError.typeInvalid('', to['value'], 'expected a string'), [...tp, 'value']), undefined);
    const effect = c.oneOf(to['effect'], [...tp, 'effect'], TAINT_EFFECTS);
    if (key !== undefined && effect !== undefined) taints.push({ key, effect, ...(value !== undefined ? { value } : {}) });
  });
  const zones: string[] = [];
  (c.list(o['zones'], [...path, 'zones'], 'zone names') ?? []).forEach((z, i) => {
    const zone = c.string(z, [...path, 'zones', i]);
    if (zone === undefined) return;
    for (const msg of isValidLabelValue(zone)) c.add(fieldError.invalid('', zone, msg), [...path, 'zones', i]);
    if (zones.includes(zone)) c.add(fieldError.duplicate('', zone), [...path, 'zones', i]);
    zones.push(zone);
  });
  const allocatable = capacity ? computeAllocatable(c, o, path, capacity) : undefined;
  if (name === undefined || count === undefined || !capacity || !allocatable || capacityType === undefined) return undefined;
  if (isGroup && !group) return undefined;
  return {
    name,
    count,
    ...(group ? { autoscaling: group } : {}),
    capacityType,
    interruptionRatePerHour,
    ...(instanceType !== undefined ? { instanceType } : {}),
    capacity,
    allocatable,
    labels,
    taints,
    zones,
    pricePerHour,
    source: c.at(path) ?? { file: c.file, line: 1, col: 1 },
  };
}

/** `min`, `max` and `provisioningDelay` of a node group: 0 ≤ min ≤ max ≤ 10,000. */
function readGroupLimits(c: Checker, o: Record<string, unknown>, path: FieldPath): NonNullable<NodePool['autoscaling']> | undefined {
  const min = c.integer(o['min'], [...path, 'min'], { min: 0, max: 10_000 });
  const max = c.integer(o['max'], [...path, 'max'], { min: 0, max: 10_000 });
  const delay = c.duration(o['provisioningDelay'], [...path, 'provisioningDelay']);
  if (min === undefined || max === undefined) return undefined;
  if (max < min) {
    c.add(fieldError.invalid('', max, `must be at least min (${min})`), [...path, 'max']);
    return undefined;
  }
  return { min, max, provisioningDelayMs: delay ?? DEFAULT_PROVISIONING_DELAY_MS };
}

/** Reads `spec.cluster.autoscaler`: every option defaults to upstream's flag default. */
function readAutoscaler(c: Checker, v: unknown, path: FieldPath): AutoscalingOptions | undefined {
  const opts: AutoscalingOptions = { ...DEFAULT_AUTOSCALING_OPTIONS };
  if (v === undefined || v === null) return opts;
  const o = c.object(v, path, AUTOSCALER_OPTION_FIELDS);
  if (!o) return undefined;
  const at = (k: string) => [...path, k];
  const expander = o['expander'] === undefined ? undefined : c.oneOf(o['expander'], at('expander'), EXPANDER_NAMES);
  if (expander !== undefined) opts.expander = expander;
  const durations = [
    ['scanInterval', 'scanIntervalMs', true],
    ['scaleDownUnneededTime', 'scaleDownUnneededTimeMs', false],
    ['scaleDownDelayAfterAdd', 'scaleDownDelayAfterAddMs', false],
    ['scaleDownDelayAfterDelete', 'scaleDownDelayAfterDeleteMs', false],
    ['scaleDownDelayAfterFailure', 'scaleDownDelayAfterFailureMs', false],
    ['maxNodeProvisionTime', 'maxNodeProvisionTimeMs', true],
    ['newPodScaleUpDelay', 'newPodScaleUpDelayMs', false],
  ] as const;
  for (const [key, field, positive] of durations) {
    const ms = c.duration(o[key], at(key), { positive });
    if (ms !== undefined) opts[field] = ms;
  }
  const integers = [
    ['maxNodesTotal', 0],
    ['maxNodesPerScaleUp', 1],
    ['maxGracefulTerminationSec', 0],
    ['maxEmptyBulkDelete', 1],
  ] as const;
  for (const [key, min] of integers) {
    const n = c.integer(o[key], at(key), { min, max: 1_000_000 });
    if (n !== undefined) opts[key] = n;
  }
  const threshold = c.number(o['scaleDownUtilizationThreshold'], at('scaleDownUtilizationThreshold'), { min: 0, max: 1 });
  if (threshold !== undefined) opts.scaleDownUtilizationThreshold = threshold;
  for (const key of ['scaleDownEnabled', 'skipNodesWithSystemPods', 'skipNodesWithLocalStorage'] as const) {
    const b = c.boolean(o[key], at(key));
    if (b !== undefined) opts[key] = b;
  }
  return opts;
}

/**
 * Allocatable, as the kubelet's `getNodeAllocatableAbsolute`: `allocatable` overrides win per resource; otherwise,
 * with `systemReserved` or `kubeReserved` written, capacity − systemReserved − kubeReserved − the hard eviction
 * threshold (memory 100Mi; ephemeral storage 10 % of capacity), floored at 0. With neither, allocatable = capacity.
 * Worked example: 16Gi memory, systemReserved 1Gi, kubeReserved 0 → 16Gi − 1Gi − 100Mi = 15260Mi.
 */
function computeAllocatable(c: Checker, o: Record<string, unknown>, path: FieldPath, capacity: NodeResources): NodeResources | undefined {
  const override = readResources(c, o['allocatable'], [...path, 'allocatable'], RESOURCE_NAMES, true);
  const system = readResources(c, o['systemReserved'], [...path, 'systemReserved'], RESERVED_NAMES, false);
  const kube = readResources(c, o['kubeReserved'], [...path, 'kubeReserved'], RESERVED_NAMES, false);
  if (override && (system || kube)) {
    c.add(fieldError.forbidden('', 'set allocatable or systemReserved/kubeReserved, not both'), [...path, 'allocatable'], 'key');
    return undefined;
  }
  const alloc: NodeResources = { ...capacity, extended: { ...capacity.extended } };
  if (system || kube) {
    const reserve = (k: 'cpuMillis' | 'memoryBytes' | 'ephemeralStorageBytes', eviction: number) =>
      Math.max(0, capacity[k] - (system?.[k] ?? 0) - (kube?.[k] ?? 0) - eviction);
    alloc.cpuMillis = reserve('cpuMillis', 0);
    alloc.memoryBytes = reserve('memoryBytes', EVICTION_HARD_MEMORY_BYTES);
    alloc.ephemeralStorageBytes = reserve('ephemeralStorageBytes', Math.floor(capacity.ephemeralStorageBytes * EVICTION_HARD_NODEFS_FRACTION));
  }
  if (override) {
    const keys = ['cpuMillis', 'memoryBytes', 'pods', 'ephemeralStorageBytes'] as const;
    const names = { cpuMillis: 'cpu', memoryBytes: 'memory', pods: 'pods', ephemeralStorageBytes: 'ephemeral-storage' } as const;
    for (const k of keys) {
      const v = override[k];
      if (v === undefined) continue;
      if (v > capacity[k]) c.add(fieldError.invalid('', (o['allocatable'] as Record<string, unknown>)[names[k]], `must not exceed capacity (${capacity[k]})`), [...path, 'allocatable', names[k]]);
      else alloc[k] = v;
    }
    for (const [k, v] of Object.entries(override.extended)) {
      const cap = capacity.extended[k];
      if (cap === undefined || v > cap) c.add(fieldError.invalid('', v, `must not exceed capacity (${cap ?? 0})`), [...path, 'allocatable', k]);
      else (alloc.extended as Record<string, number>)[k] = v;
    }
  }
  return alloc;
}

/** Reads `spec.cluster`. */
export function readCluster(c: Checker, v: unknown, path: FieldPath): ClusterSpec | undefined {
  const o = c.object(v, path, ['nodePools', 'nodeMonitorGracePeriod', 'autoscaler', 'defaultStorageClass'], ['nodePools']);
  if (!o) return undefined;
  const pools: NodePool[] = [];
  const list = c.list(o['nodePools'], [...path, 'nodePools'], 'node pools');
  if (list && list.length === 0) c.add(fieldError.required('', 'at least one node pool'), [...path, 'nodePools']);
  const names = new Set<string>();
  let ok = list !== undefined;
  (list ?? []).forEach((p, i) => {
    const pool = readPool(c, p, [...path, 'nodePools', i]);
    if (!pool) {
      ok = false;
      return;
    }
    if (names.has(pool.name)) c.add(fieldError.duplicate('', pool.name), [...path, 'nodePools', i, 'name']);
    names.add(pool.name);
    pools.push(pool);
  });
  const grace = c.duration(o['nodeMonitorGracePeriod'], [...path, 'nodeMonitorGracePeriod'], { positive: true });
  const wantsAutoscaler = o['autoscaler'] !== undefined || pools.some((p) => p.autoscaling);
  const autoscaler = wantsAutoscaler ? readAutoscaler(c, o['autoscaler'], [...path, 'autoscaler']) : undefined;
  const storageClass = o['defaultStorageClass'] === undefined ? undefined : readDefaultStorageClass(c, o['defaultStorageClass'], [...path, 'defaultStorageClass']);
  if (!ok || (wantsAutoscaler && !autoscaler) || storageClass === null) return undefined;
  return {
    nodePools: pools,
    nodeMonitorGracePeriodMs: grace ?? DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS,
    ...(autoscaler ? { autoscaler } : {}),
    ...(storageClass ? { defaultStorageClass: storageClass } : {}),
  };
}

/** Reads `spec.cluster.defaultStorageClass`; null after an error. */
function readDefaultStorageClass(c: Checker, v: unknown, path: FieldPath): DefaultStorageClassSpec | null {
  const o = c.object(v, path, ['name', 'provisioner', 'volumeBindingMode', 'reclaimPolicy', 'allowVolumeExpansion'], ['name']);
  if (!o) return null;
  const before = c.errors.length;
  const name = c.string(o['name'], [...path, 'name'], { required: true });
  const provisioner = c.string(o['provisioner'], [...path, 'provisioner']);
  const choice = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const x = o[key];
    if (x === undefined) return fallback;
    if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) {
      c.add(fieldError.notSupported('', x, allowed), [...path, key]);
      return fallback;
    }
    return x as T;
  };
  const volumeBindingMode = choice('volumeBindingMode', ['Immediate', 'WaitForFirstConsumer'] as const, 'WaitForFirstConsumer');
  const reclaimPolicy = choice('reclaimPolicy', ['Delete', 'Retain'] as const, 'Delete');
  const expansion = c.boolean(o['allowVolumeExpansion'], [...path, 'allowVolumeExpansion']);
  if (c.errors.length > before || name === undefined) return null;
  return { name, provisioner: provisioner ?? 'kubesim.dev/disk', volumeBindingMode, reclaimPolicy, allowVolumeExpansion: expansion ?? true };
}
