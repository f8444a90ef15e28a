import { describe, expect, it } from 'vitest';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { collectContainerLevelResources, computePodQOS, getPodQOS } from '../../../src/controllers/kubelet/qos.ts';
import { compareQuantity, type Quantity } from '../../../src/api/quantity.ts';
import { podMemoryRequestBytes, rankMemoryPressure } from '../../../src/controllers/kubelet/eviction-ranking.ts';

type RL = Record<string, string>;
const c = (name: string, requests?: RL, limits?: RL): Container => ({ name, resources: { requests, limits } });
const podOf = (containers: Container[], initContainers?: Container[]): Pod => ({ spec: { containers, initContainers } });

/** Upstream's `getResourceList(cpu, memory)`: an empty string leaves the resource out. */
const rl = (cpu: string, memory: string): RL => ({ ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
/** Upstream's `newContainer(name, requests, limits)`. */
const uc = (name: string, requests: RL, limits: RL): Container => ({ name, resources: { requests, limits } });
const named = (name: string, containers: Container[], initContainers?: Container[]): Pod => ({
  metadata: { name },
  spec: { containers, ...(initContainers ? { initContainers } : {}) },
});

// qos_test.go TestComputePodQOS, the rows with PodLevelResources off, in upstream's order. The five rows with the
// gate on need pod-level `spec.resources`, which kubesim does not model (docs/deviations.md, Kubelet).
describe('TestComputePodQOS', () => {
  const rows: [Pod, string][] = [
    [named('guaranteed', [uc('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Guaranteed'],
    [
      named('guaranteed-guaranteed', [
        uc('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
        uc('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
      ]),
      'Guaranteed',
    ],
    [named('best-effort-best-effort', [uc('best-effort', rl('', ''), rl('', '')), uc('best-effort', rl('', ''), rl('', ''))]), 'BestEffort'],
    [named('best-effort', [uc('best-effort', rl('', ''), rl('', ''))]), 'BestEffort'],
    [named('best-effort-burstable', [uc('best-effort', rl('', ''), rl('', '')), uc('burstable', rl('1', ''), rl('2', ''))]), 'Burstable'],
    [
      named('best-effort-guaranteed', [uc('best-effort', rl('', ''), rl('', '')), uc('guaranteed', rl('10m', '100Mi'), rl('10m', '100Mi'))]),
      'Burstable',
    ],
    [named('burstable-cpu-guaranteed-memory', [uc('burstable', rl('', '100Mi'), rl('', '100Mi'))]), 'Burstable'],
    [named('burstable-no-limits', [uc('burstable', rl('100m', '100Mi'), rl('', ''))]), 'Burstable'],
    [
      named('burstable-guaranteed', [uc('burstable', rl('1', '100Mi'), rl('2', '100Mi')), uc('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi'))]),
      'Burstable',
    ],
    [
      named('burstable-unbounded-but-requests-match-limits', [
        uc('burstable', rl('100m', '100Mi'), rl('200m', '200Mi')),
        uc('burstable-unbounded', rl('100m', '100Mi'), rl('', '')),
      ]),
      'Burstable',
    ],
    [named('burstable-1', [uc('burstable', rl('10m', '100Mi'), rl('100m', '200Mi'))]), 'Burstable'],
    [named('burstable-2', [uc('burstable', rl('0', '0'), rl('100m', '200Mi'))]), 'Burstable'],
    [
      named('best-effort-hugepages', [
        uc('best-effort', { ...rl('0', '0'), 'hugepages-2Mi': '1Gi' }, { ...rl('0', '0'), 'hugepages-2Mi': '1Gi' }),
      ]),
      'BestEffort',
    ],
    [
      named('init-container', [uc('best-effort', rl('', ''), rl('', ''))], [uc('burstable', rl('10m', '100Mi'), rl('100m', '200Mi'))]),
      'Burstable',
    ],
  ];
  it.each(rows.map(([pod, want]) => [pod.metadata?.name, pod, want] as const))('%s', (_name, pod, want) => {
    expect(computePodQOS(pod)).toBe(want);
  });

  it('GetPodQOS (computed once per distinct resource set) gives every row its class, in any order and again', () => {
    for (const order of [rows, [...rows].reverse(), rows]) for (const [pod, want] of order) expect(getPodQOS(pod)).toBe(want);
  });
});

const sameList = (got: Map<string, Quantity>, want: RL) => {
  expect([...got.keys()].sort()).toEqual(Object.keys(want).sort());
  for (const [name, q] of got) expect(compareQuantity(q, want[name] as string)).toBe(0);
};

// qos_test.go TestCollectContainerLevelResources, all five rows (requests and limits compared by value, as
// Semantic.DeepEqual does). TestCollectPodLevelResources needs pod-level resources and is not ported.
describe('TestCollectContainerLevelResources', () => {
  it.each<[string, Pod, RL, RL, boolean]>([
    ['single container: full CPU+Mem limits -> Guaranteed', podOf([uc('c1', rl('100m', '200Mi'), rl('200m', '400Mi'))]), rl('100m', '200Mi'), rl('200m', '400Mi'), true],
    [
      'two containers and init container with CPU+Mem limits -> Guaranteed',
      podOf(
        [uc('c1', rl('100m', '100Mi'), rl('200m', '200Mi')), uc('c2', rl('300m', '400Mi'), rl('800m', '1000Mi'))],
        [uc('init', rl('50m', '50Mi'), rl('100m', '100Mi'))],
      ),
      rl('450m', '550Mi'),
      rl('1100m', '1300Mi'),
      true,
    ],
    ['only CPU limit (Mem limit absent/zero) -> NotGuaranteed', podOf([uc('c1', rl('0', '0'), rl('100m', ''))]), {}, rl('100m', ''), false],
    [
      'two containers + init: one container missing CPU limit -> NotGuaranteed',
      podOf(
        [uc('c1', rl('100m', '100Mi'), rl('200m', '300Mi')), uc('c2', rl('300m', '100Mi'), rl('50m', '300Mi'))],
        [uc('init1', rl('50m', '50Mi'), rl('', '50Mi'))],
      ),
      rl('450m', '250Mi'),
      rl('250m', '650Mi'),
      false,
    ],
    [
      'ephemeral-container ignored for QoS; CPU+Mem limits exist -> Guaranteed',
      { spec: { containers: [uc('c1', rl('250m', '256Mi'), rl('500m', '512Mi'))], ephemeralContainers: [{ name: 'ec1' }] } },
      rl('250m', '256Mi'),
      rl('500m', '512Mi'),
      true,
    ],
  ])('%s', (_name, pod, requests, limits, guaranteed) => {
    const got = collectContainerLevelResources(pod);
    sameList(got.requests, requests);
    sameList(got.limits, limits);
    expect(got.isGuaranteed).toBe(guaranteed);
  });
});

// kubesim's own cases: unit spellings, an extended resource, init containers and GetPodQOS.
describe('kubesim: ComputePodQOS', () => {
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
