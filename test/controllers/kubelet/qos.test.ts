import { describe, expect, it } from 'vitest';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { computePodQOS, getPodQOS } from '../../../src/controllers/kubelet/qos.ts';
import { podMemoryRequestBytes, rankMemoryPressure } from '../../../src/controllers/kubelet/eviction-ranking.ts';

type RL = Record<string, string>;
const c = (name: string, requests?: RL, limits?: RL): Container => ({ name, resources: { requests, limits } });
const podOf = (containers: Container[], initContainers?: Container[]): Pod => ({ spec: { containers, initContainers } });

// kubesim's own cases in the manner of qos_test.go TestComputePodQOS (cpu, memory, an extended resource), not
// its rows (docs/deviations.md, Kubelet).
describe('kubesim cases, not upstream rows: ComputePodQOS', () => {
  it.each<[string, Pod, string]>([
    ['guaranteed', podOf([c('a', { cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' })]), 'Guaranteed'],
    ['guaranteed with gpu', podOf([c('a', { cpu: '100m', memory: '100Mi', 'nvidia.com/gpu': '2' }, { cpu: '100m', memory: '100Mi', 'nvidia.com/gpu': '2' })]), 'Guaranteed'],
    ['guaranteed, equal after summing in other units', podOf([c('a', { cpu: '0.1', memory: '100Mi' }, { cpu: '100m', memory: '104857600' })]), 'Guaranteed'],
    ['two guaranteed containers', podOf([c('a', { cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' }), c('b', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })]), 'Guaranteed'],
    ['best-effort', podOf([c('a'), c('b')]), 'BestEffort'],
    ['best-effort with only gpu', podOf([c('a', { 'nvidia.com/gpu': '2' }, { 'nvidia.com/gpu': '2' })]), 'BestEffort'],
    ['best-effort with zero requests', podOf([c('a', { cpu: '0', memory: '0' })]), 'BestEffort'],
    ['burstable: one best-effort container', podOf([c('a', { cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' }), c('b')]), 'Burstable'],
    ['burstable: requests below limits', podOf([c('a', { cpu: '100m', memory: '100Mi' }, { cpu: '200m', memory: '100Mi' })]), 'Burstable'],
    ['burstable: no memory limit', podOf([c('a', { cpu: '100m', memory: '100Mi' }, { cpu: '100m' })]), 'Burstable'],
    ['burstable: requests lack memory', podOf([c('a', { cpu: '1' }, { cpu: '1', memory: '1Gi' })]), 'Burstable'],
    ['burstable: only requests', podOf([c('a', { memory: '10Mi' })]), 'Burstable'],
    ['init container counts: best-effort init breaks guaranteed', podOf([c('a', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })], [c('i')]), 'Burstable'],
    ['init container counts: guaranteed init keeps guaranteed', podOf([c('a', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })], [c('i', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })]), 'Guaranteed'],
  ])('%s', (_name, pod, want) => {
    expect(computePodQOS(pod)).toBe(want);
  });

  it('GetPodQOS prefers status.qosClass', () => {
    expect(getPodQOS({ ...podOf([c('a')]), status: { qosClass: 'Guaranteed' } })).toBe('Guaranteed');
  });
});

describe('rankMemoryPressure', () => {
  const mi = 1024 * 1024;
  const p = (name: string, request: string | undefined, priority?: number): Pod => ({
    metadata: { name, namespace: 'default' },
    spec: { priority, containers: [c('a', request ? { memory: request } : undefined)] },
  });
  it('puts pods over their request first, then lower priority, then the largest excess', () => {
    const bestEffort = { pod: p('best-effort', undefined), memoryUsageBytes: 50 * mi };
    const burstable = { pod: p('burstable', '100Mi'), memoryUsageBytes: 300 * mi };
    const guaranteed = { pod: p('guaranteed', '1Gi'), memoryUsageBytes: 900 * mi };
    expect(rankMemoryPressure([guaranteed, bestEffort, burstable]).map((x) => x.pod.metadata!.name)).toEqual([
      'burstable',
      'best-effort',
      'guaranteed',
    ]);
    const critical = { pod: p('critical', undefined, 2_000_000_000), memoryUsageBytes: 500 * mi };
    expect(rankMemoryPressure([critical, bestEffort]).map((x) => x.pod.metadata!.name)).toEqual(['best-effort', 'critical']);
  });
  it('pods without stats go first; ties break by name', () => {
    const a = { pod: p('a', '10Mi'), memoryUsageBytes: 5 * mi };
    const b = { pod: p('b', '10Mi'), memoryUsageBytes: 5 * mi };
    const unknown = { pod: p('z', '10Mi'), memoryUsageBytes: undefined };
    expect(rankMemoryPressure([b, unknown, a]).map((x) => x.pod.metadata!.name)).toEqual(['z', 'a', 'b']);
  });
  it('request = containers summed, raised to the largest init container, plus overhead', () => {
    const pod: Pod = {
      spec: {
        containers: [c('a', { memory: '100Mi' }), c('b', { memory: '50Mi' })],
        initContainers: [c('i', { memory: '200Mi' })],
        overhead: { memory: '10Mi' },
      },
    };
    expect(podMemoryRequestBytes(pod)).toBe(210 * mi);
  });
});
