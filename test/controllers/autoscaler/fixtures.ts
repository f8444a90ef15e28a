/** Builders in the shape of cluster-autoscaler's `utils/test` (`BuildTestPod`, `BuildTestNode`, `makeNode`). */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { toPodInfo } from '../../../src/controllers/scheduler/podinfo.ts';
import type { PodInfo } from '../../../src/controllers/scheduler/types.ts';

export interface TestPodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  hostPort?: number;
  /** `WithMaxSkew(maxSkew, topologyKey, minDomains)`: a DoNotSchedule constraint selecting the pod's labels. */
  maxSkew?: { maxSkew: number; topologyKey: string; minDomains: number };
  owner?: { kind: string; name: string };
  annotations?: Record<string, string>;
  volumes?: Pod['spec'] extends infer S ? (S extends { volumes?: infer V } ? V : never) : never;
  phase?: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
}

/** `BuildTestPod(name, cpuMillis, memoryBytes, …)`: memory in bytes, as upstream's helper takes it. */
export function buildTestPod(name: string, cpuMillis: number, memoryBytes: number, o: TestPodOptions = {}): Pod {
  const labels = o.labels ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${name}`,
      labels,
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: o.owner.kind, name: o.owner.name, uid: `uid-${o.owner.name}`, controller: true }] } : {}),
    },
    spec: {
      ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
      containers: [
        {
          name: 'c',
          image: 'img',
          resources: { requests: { cpu: `${cpuMillis}m`, memory: String(memoryBytes) } },
          ...(o.hostPort ? { ports: [{ containerPort: o.hostPort, hostPort: o.hostPort }] } : {}),
        },
      ],
      ...(o.volumes ? { volumes: o.volumes } : {}),
      ...(o.maxSkew
        ? {
            topologySpreadConstraints: [
              {
                maxSkew: o.maxSkew.maxSkew,
                topologyKey: o.maxSkew.topologyKey,
                whenUnsatisfiable: 'DoNotSchedule',
                labelSelector: { matchLabels: labels },
                ...(o.maxSkew.minDomains > 1 ? { minDomains: o.maxSkew.minDomains } : {}),
              },
            ],
          }
        : {}),
    },
    status: { phase: o.phase ?? 'Pending' },
  } as Pod;
}

/** `n` copies of a pod (upstream's `makePodEquivalenceGroup` repeats one object; kubesim's cache needs distinct keys). */
export function podCopies(name: string, cpuMillis: number, memoryBytes: number, n: number, o: TestPodOptions = {}): PodInfo[] {
  return Array.from({ length: n }, (_, i) => toPodInfo(buildTestPod(`${name}-${i}`, cpuMillis, memoryBytes, o)));
}

/** `makeNode(cpu, memMiB, pods, name, zone)` of the estimator test: capacity = allocatable, hostname and zone labels. */
export function makeNode(cpuMillis: number, memoryMiB: number, pods: number, name: string, zone?: string): Node {
  const r = { cpu: `${cpuMillis}m`, memory: String(memoryMiB * 1024 * 1024), pods: String(pods) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}) } },
    spec: {},
    status: { capacity: r, allocatable: r, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** `BuildTestNode(name, cpuMillis, memoryBytes)`: 100 pods. */
export function buildTestNode(name: string, cpuMillis: number, memoryBytes: number): Node {
  const r = { cpu: `${cpuMillis}m`, memory: String(memoryBytes), pods: '100' };
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: {}, status: { capacity: r, allocatable: r } };
}
