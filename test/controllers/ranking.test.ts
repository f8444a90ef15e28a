import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { formatRfc3339 } from '../../src/cluster/time.ts';
import {
  activePodsLess,
  activePodsWithRanksLess,
  getPodsToDelete,
  logarithmicRankDiff,
  podDeletionCost,
} from '../../src/controllers/ranking.ts';

const NOW = 1_767_571_200_000; // any fixed instant
const HOUR = 3_600_000;
const ts = (ms: number | undefined) => (ms === undefined ? undefined : formatRfc3339(ms));
// Go's AddDate(0, -1, 0) from 2026-01-05 is 2025-12-05: 31 days.
const MONTH_AGO = NOW - 31 * 24 * HOUR;

function pod(
  name: string,
  nodeName: string,
  phase: string,
  ready: boolean,
  restarts: number,
  readySinceMs: number | undefined,
  createdMs: number | undefined,
  annotations?: Record<string, string>,
): Pod {
  return {
    metadata: { name, creationTimestamp: ts(createdMs), annotations },
    spec: { nodeName, containers: [] },
    status: {
      phase,
      conditions: ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: ts(readySinceMs) }] : undefined,
      containerStatuses: ready ? [{ name: 'c', restartCount: restarts, image: '', imageID: '', ready: true }] : undefined,
    },
  };
}

// controller_utils_test.go TestSortingActivePodsWithRanks
const unscheduledPod = pod('unscheduled', '', 'Pending', false, 0, undefined, undefined);
const scheduledPendingPod = pod('pending', 'node', 'Pending', false, 0, undefined, undefined);
const unknownPhasePod = pod('unknown-phase', 'node', 'Unknown', false, 0, undefined, undefined);
const runningNotReadyPod = pod('not-ready', 'node', 'Running', false, 0, undefined, undefined);
const runningReadyNoLastTransitionTimePod = pod('ready-no-last-transition-time', 'node', 'Running', true, 0, undefined, undefined);
const runningReadyNow = pod('ready-now', 'node', 'Running', true, 0, NOW, NOW);
const runningReadyThen = pod('ready-then', 'node', 'Running', true, 0, MONTH_AGO, MONTH_AGO);
const runningReadyNowHighRestarts = pod('ready-high-restarts', 'node', 'Running', true, 9001, NOW, NOW);
const runningReadyNowCreatedThen = pod('ready-now-created-then', 'node', 'Running', true, 0, NOW, MONTH_AGO);
const lowPodDeletionCost = pod('low-deletion-cost', 'node', 'Running', true, 0, NOW, MONTH_AGO, {
  'controller.kubernetes.io/pod-deletion-cost': '10',
});
const highPodDeletionCost = pod('high-deletion-cost', 'node', 'Running', true, 0, NOW, MONTH_AGO, {
  'controller.kubernetes.io/pod-deletion-cost': '100',
});
const unscheduled5Hours = pod('unscheduled-5-hours', '', 'Pending', false, 0, NOW - 5 * HOUR, NOW - 5 * HOUR);
const unscheduled8Hours = pod('unscheduled-10-hours', '', 'Pending', false, 0, NOW - 8 * HOUR, NOW - 8 * HOUR);
const ready2Hours = pod('ready-2-hours', '', 'Running', true, 0, NOW - 2 * HOUR, MONTH_AGO);
const ready5Hours = pod('ready-5-hours', '', 'Running', true, 0, NOW - 5 * HOUR, MONTH_AGO);
const ready10Hours = pod('ready-10-hours', '', 'Running', true, 0, NOW - 8 * HOUR, MONTH_AGO);

describe('ActivePodsWithRanks.Less (TestSortingActivePodsWithRanks)', () => {
  // Upstream's equality rows in order, runningReadyNowCreatedThen twice as upstream lists it.
  it.each([
    [unscheduledPod, unscheduledPod],
    [scheduledPendingPod, scheduledPendingPod],
    [unknownPhasePod, unknownPhasePod],
    [runningNotReadyPod, runningNotReadyPod],
    [runningReadyNowCreatedThen, runningReadyNowCreatedThen],
    [runningReadyNow, runningReadyNow],
    [runningReadyThen, runningReadyThen],
    [runningReadyNowHighRestarts, runningReadyNowHighRestarts],
    [runningReadyNowCreatedThen, runningReadyNowCreatedThen],
    [unscheduled5Hours, unscheduled8Hours],
    [ready5Hours, ready10Hours],
  ])('equality: %s ~ %s', (p1, p2) => {
    expect(activePodsWithRanksLess(p1, 1, p2, 1, NOW)).toBe(false);
    expect(activePodsWithRanksLess(p2, 1, p1, 1, NOW)).toBe(false);
  });

  it.each([
    [unscheduledPod, 1, scheduledPendingPod, 2, true],
    [unscheduledPod, 2, scheduledPendingPod, 1, true],
    [scheduledPendingPod, 1, unknownPhasePod, 2, true],
    [unknownPhasePod, 1, runningNotReadyPod, 2, true],
    [runningNotReadyPod, 1, runningReadyNoLastTransitionTimePod, 1, true],
    [runningReadyNoLastTransitionTimePod, 1, runningReadyNow, 1, true],
    [runningReadyNow, 2, runningReadyNoLastTransitionTimePod, 1, true],
    [runningReadyNow, 1, runningReadyThen, 1, true],
    [runningReadyNow, 2, runningReadyThen, 1, true],
    [runningReadyNowHighRestarts, 1, runningReadyNow, 1, true],
    [runningReadyNow, 2, runningReadyNowHighRestarts, 1, true],
    [runningReadyNow, 1, runningReadyNowCreatedThen, 1, true],
    [runningReadyNowCreatedThen, 2, runningReadyNow, 1, true],
    [lowPodDeletionCost, 2, highPodDeletionCost, 1, true],
    [highPodDeletionCost, 2, lowPodDeletionCost, 1, false],
    [ready2Hours, 1, ready5Hours, 1, true],
  ])('inequality: %# %s(rank %i) before %s(rank %i) (deletion cost on: %s)', (lesser, rl, greater, rg, costOn) => {
    const gates = { podDeletionCost: costOn };
    expect(activePodsWithRanksLess(lesser, rl, greater, rg, NOW, gates)).toBe(true);
    expect(activePodsWithRanksLess(greater, rg, lesser, rl, NOW, gates)).toBe(false);
  });

  it('kubesim: same log bucket: UID decides and restart counts are not consulted', () => {
    const a = { ...ready5Hours, metadata: { ...ready5Hours.metadata, uid: 'b' } };
    const b = { ...pod('x', '', 'Running', true, 50, NOW - 8 * HOUR, MONTH_AGO), metadata: { name: 'x', uid: 'a' } };
    expect(activePodsWithRanksLess(b, 1, a, 1, NOW)).toBe(true);
    expect(activePodsWithRanksLess(a, 1, b, 1, NOW)).toBe(false);
    // Without the log scale the later ready time wins.
    expect(activePodsWithRanksLess(a, 1, b, 1, NOW, { logarithmicScaleDown: false })).toBe(true);
  });

  it.each([
    [2 * HOUR, 42],
    [5 * HOUR, 44],
    [8 * HOUR, 44],
    [31 * 24 * HOUR, 51],
  ])('kubesim: log2 bucket of %i ms is %i', (agoMs, bucket) => {
    expect(logarithmicRankDiff(NOW - agoMs, NOW, NOW)).toBe(bucket + 1);
  });

  it.each([
    ['10', 10],
    ['-5', -5],
    ['0', 0],
    ['+5', 0],
    ['007', 0],
    ['2147483648', 0],
    ['-2147483648', -2147483648],
    ['abc', 0],
  ])('kubesim: pod-deletion-cost %s → %i', (text, cost) => {
    expect(podDeletionCost({ metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': text } } })).toBe(cost);
  });
});

// controller_utils_test.go TestSortingActivePods (ActivePods.Less)
describe('ActivePods.Less', () => {
  const then = NOW - HOUR;
  const status = (readySince: number | undefined, restarts: [number, number]) => ({
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts(readySince) }],
    containerStatuses: restarts.map((r) => ({ name: 'c', restartCount: r, image: '', imageID: '', ready: true })),
  });
  const pods: Pod[] = [
    { metadata: { name: 'unscheduled' }, spec: { nodeName: '', containers: [] }, status: { phase: 'Pending' } },
    { metadata: { name: 'scheduledButPending' }, spec: { nodeName: 'bar', containers: [] }, status: { phase: 'Pending' } },
    { metadata: { name: 'unknownPhase' }, spec: { nodeName: 'foo', containers: [] }, status: { phase: 'Unknown' } },
    { metadata: { name: 'runningButNotReady' }, spec: { nodeName: 'foo', containers: [] }, status: { phase: 'Running' } },
    { metadata: { name: 'runningNoLastTransitionTime' }, spec: { nodeName: 'foo', containers: [] }, status: status(undefined, [3, 0]) },
    { metadata: { name: 'runningWithLastTransitionTime' }, spec: { nodeName: 'foo', containers: [] }, status: status(NOW, [3, 0]) },
    { metadata: { name: 'runningLongerTime' }, spec: { nodeName: 'foo', containers: [] }, status: status(then, [3, 0]) },
    { metadata: { name: 'lowerContainerRestartCount', creationTimestamp: ts(NOW) }, spec: { nodeName: 'foo', containers: [] }, status: status(then, [2, 1]) },
    { metadata: { name: 'oldest', creationTimestamp: ts(then) }, spec: { nodeName: 'foo', containers: [] }, status: status(then, [2, 1]) },
  ];
  it('sorts every permutation into the upstream order', () => {
    const want = pods.map((p) => p.metadata!.name);
    for (let seed = 1; seed <= 20; seed++) {
      const shuffled = [...pods].sort((a, b) => ((a.metadata!.name!.length * seed) % 7) - ((b.metadata!.name!.length * seed) % 7));
      shuffled.sort((a, b) => (activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0));
      expect(shuffled.map((p) => p.metadata!.name)).toEqual(want);
    }
  });
});

// replica_set_test.go TestGetPodsToDelete: every row, with upstream's newPod fixtures (no UIDs, no creation times,
// Ready conditions without a transition time), ranked at a fixed now.
describe('TestGetPodsToDelete', () => {
  const newPod = (name: string, phase: string, nodeName: string | undefined, ready?: 'True' | 'False'): Pod => ({
    metadata: { name, namespace: 'default', labels: { name: 'foo' } },
    spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
    status: { phase, ...(ready ? { conditions: [{ type: 'Ready', status: ready }] } : {}) },
  });
  const unscheduledPendingPod = newPod('unscheduled-pending-pod', 'Pending', undefined);
  const scheduledPendingPod = newPod('scheduled-pending-pod', 'Pending', 'fake-node');
  const scheduledRunningNotReadyPod = newPod('scheduled-running-not-ready-pod', 'Running', 'fake-node', 'False');
  const node1 = newPod('scheduled-running-ready-pod-on-node-1', 'Running', 'fake-node-1', 'True');
  const node2 = newPod('scheduled-running-ready-pod-on-node-2', 'Running', 'fake-node-2', 'True');
  it.each<[string, Pod[], Pod[] | undefined, number, Pod[]]>([
    ['len(pods) = 0 (i.e., diff = 0 too)', [], undefined, 0, []],
    ['diff = len(pods)', [scheduledRunningNotReadyPod, node1], undefined, 2, [scheduledRunningNotReadyPod, node1]],
    ['diff < len(pods)', [node1, scheduledRunningNotReadyPod], undefined, 1, [scheduledRunningNotReadyPod]],
    [
      'various pod phases and conditions, diff = len(pods)',
      [node1, node1, node2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
      undefined,
      6,
      [node1, node1, node2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
    ],
    [
      'various pod phases and conditions, diff = len(pods), relatedPods empty',
      [node1, node1, node2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
      [],
      6,
      [node1, node1, node2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
    ],
    ['scheduled vs unscheduled, diff < len(pods)', [scheduledPendingPod, unscheduledPendingPod], undefined, 1, [unscheduledPendingPod]],
    [
      'ready vs not-ready, diff < len(pods)',
      [node1, scheduledRunningNotReadyPod, scheduledRunningNotReadyPod],
      undefined,
      2,
      [scheduledRunningNotReadyPod, scheduledRunningNotReadyPod],
    ],
    ['ready and colocated with another ready pod vs not colocated, diff < len(pods)', [node1, node2], [node1, node2, node2], 1, [node2]],
    ['pending vs running, diff < len(pods)', [scheduledPendingPod, scheduledRunningNotReadyPod], undefined, 1, [scheduledPendingPod]],
    [
      'various pod phases and conditions, diff < len(pods)',
      [node1, node2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
      undefined,
      3,
      [unscheduledPendingPod, scheduledPendingPod, scheduledRunningNotReadyPod],
    ],
  ])('%s', (_n, pods, related, diff, expected) => {
    const got = getPodsToDelete(pods, related ?? pods, diff, NOW);
    expect(got.map((p) => p.metadata?.name)).toEqual(expected.map((p) => p.metadata?.name));
  });
});

describe('kubesim: getPodsToDelete', () => {
  const running = (name: string, node: string, readyAgoMs: number): Pod => ({
    ...pod(name, node, 'Running', true, 0, NOW - readyAgoMs, NOW - readyAgoMs),
    metadata: { name, uid: `uid-${name}`, creationTimestamp: ts(NOW - readyAgoMs) },
  });
  it('returns everything unsorted when diff ≥ the number of pods', () => {
    const pods = [running('b', 'n1', HOUR), running('a', 'n1', HOUR)];
    expect(getPodsToDelete(pods, pods, 2, NOW).map((p) => p.metadata!.name)).toEqual(['b', 'a']);
  });
  it('prefers pods on crowded nodes (ranks count active related pods, terminating ones excluded)', () => {
    const a = running('a', 'n1', 10 * HOUR);
    const b = running('b', 'n2', 10 * HOUR);
    const c = running('c', 'n2', 10 * HOUR);
    const other1 = running('other-1', 'n1', HOUR);
    const other2 = running('other-2', 'n1', HOUR);
    const terminating: Pod = { ...running('gone', 'n1', HOUR), metadata: { name: 'gone', deletionTimestamp: ts(NOW) } };
    // n1 holds a + 2 others = 3 > n2's 2 → a goes first although its UID sorts first anyway …
    expect(getPodsToDelete([c, b, a], [a, b, c, other1, other2, terminating], 1, NOW).map((p) => p.metadata!.name)).toEqual(['a']);
    // … and with only the terminating pod beside it n1 ranks 1 < 2: b and c tie on everything but UID → b.
    expect(getPodsToDelete([a, b, c], [a, b, c, terminating], 2, NOW).map((p) => p.metadata!.name)).toEqual(['b', 'c']);
  });
  it('breaks complete ties by name for reproducibility', () => {
    const x = { metadata: { name: 'x' }, spec: { nodeName: 'n', containers: [] }, status: { phase: 'Running' } } as Pod;
    const y = { ...x, metadata: { name: 'w' } };
    expect(getPodsToDelete([x, y, x], [], 2).map((p) => p.metadata!.name)).toEqual(['w', 'x']);
  });
});
