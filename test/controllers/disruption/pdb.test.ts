import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import {
  canEvict,
  computePdbStatus,
  countHealthyPods,
  disruptionsAllowed,
  getExpectedPodCount,
  type ScaleFinder,
} from '../../../src/controllers/disruption/pdb.ts';

const pdbOf = (spec: PodDisruptionBudget['spec'], status?: PodDisruptionBudget['status'], generation = 1): PodDisruptionBudget => ({
  metadata: { name: 'web-pdb', namespace: 'default', generation },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  status: status ?? { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, observedGeneration: generation },
});

const podOf = (name: string, ready: boolean, owner?: string, extra: Partial<Pod['metadata']> = {}, phase = 'Running'): Pod => ({
  metadata: {
    name,
    namespace: 'default',
    labels: { app: 'web' },
    ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: owner, controller: true }] : undefined,
    ...extra,
  },
  status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

const scales = (m: Record<string, [string, number]>): ScaleFinder => (ref) => {
  const s = m[ref.uid];
  return s && { uid: s[0], scale: s[1] };
};

// Numbers from disruption_test.go (TestUnavailable, TestIntegerMaxUnavailable, TestReplicaSet,
// TestReplicationController/TestStatefulSetController, TestTwoControllers).
describe('getExpectedPodCount / disruptionsAllowed', () => {
  it.each<[string, PodDisruptionBudget['spec'], number, Record<string, [string, number]>, string[], number, number, number, number]>([
    // name, spec, pods (ready count), scales, owners per pod, → expected, desired, currentHealthy, allowed
    ['minAvailable 3 over 4 ready', { minAvailable: 3 }, 4, {}, [], 4, 3, 4, 1],
    ['minAvailable 3 over 3 ready of 4', { minAvailable: 3 }, 3, {}, ['', '', '', ''], 4, 3, 3, 0],
    ['maxUnavailable 1, scale 3', { maxUnavailable: 1 }, 3, { rc: ['rc', 3] }, ['rc', 'rc', 'rc'], 3, 2, 3, 1],
    ['minAvailable 20%, RS of 10, one pod', { minAvailable: '20%' }, 1, { rs: ['rs', 10] }, ['rs'], 10, 2, 1, 0],
    ['minAvailable 34%, RC of 3, three pods', { minAvailable: '34%' }, 3, { rc: ['rc', 3] }, ['rc', 'rc', 'rc'], 3, 2, 3, 1],
    ['minAvailable 28%, RC 11 + Deployment 11', { minAvailable: '28%' }, 22, { rc: ['rc', 11], rs1: ['dep', 11], rs2: ['dep', 11] }, [...Array(11).fill('rc'), ...Array(6).fill('rs1'), ...Array(5).fill('rs2')], 22, 7, 22, 15],
    ['maxUnavailable 25% rounds up: scale 10 → 3 unavailable', { maxUnavailable: '25%' }, 8, { rs: ['rs', 10] }, Array(8).fill('rs'), 10, 7, 8, 1],
    ['maxUnavailable over controller-less pods: expected 0 → never', { maxUnavailable: 0 }, 3, {}, ['', '', ''], 0, 0, 3, 0],
  ])('%s', (_name, spec, readyCount, scaleMap, owners, expected, desired, healthy, allowed) => {
    const n = Math.max(readyCount, owners.length);
    const pods = Array.from({ length: n }, (_, i) => podOf(`p${i}`, i < readyCount, owners[i] || undefined));
    const pdb = pdbOf(spec);
    const r = getExpectedPodCount(pdb, pods, scales(scaleMap));
    expect([r.expectedCount, r.desiredHealthy]).toEqual([expected, desired]);
    const current = countHealthyPods(pods, new Map(), 0);
    expect(current).toBe(healthy);
    expect(disruptionsAllowed(current, r.desiredHealthy, r.expectedCount)).toBe(allowed);
  });

  it('unresolvable controller fails safe with SyncFailed', () => {
    const s = computePdbStatus(pdbOf({ minAvailable: '50%' }), [podOf('p', true, 'ghost')], scales({}), undefined, 0);
    expect(s.disruptionsAllowed).toBe(0);
    expect(s.condition).toEqual({ status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "p"' });
  });

  it('disrupted pods stay unhealthy for 120 s, then expire with NotDeleted', () => {
    const pods = [podOf('a', true), podOf('b', true)];
    const within = computePdbStatus(pdbOf({ minAvailable: 1 }), pods, scales({}), { a: 1000 }, 120_999);
    expect([within.currentHealthy, within.disruptionsAllowed, within.recheckAtMs]).toEqual([1, 0, 121_000]);
    // At exactly +120 s upstream keeps the entry (not Before now) yet counts the pod healthy (not After now).
    const edge = computePdbStatus(pdbOf({ minAvailable: 1 }), pods, scales({}), { a: 1000 }, 121_000);
    expect([edge.currentHealthy, edge.disruptedPods.size, edge.expiredDisruptions]).toEqual([2, 1, []]);
    const after = computePdbStatus(pdbOf({ minAvailable: 1 }), pods, scales({}), { a: 1000 }, 121_001);
    expect([after.currentHealthy, after.disruptionsAllowed, after.expiredDisruptions]).toEqual([2, 1, ['a']]);
  });
});

describe('eviction API', () => {
  const healthy = (allowed: number, current: number, desired: number) => ({
    currentHealthy: current,
    desiredHealthy: desired,
    disruptionsAllowed: allowed,
    expectedPods: current,
    observedGeneration: 1,
  });

  it('refuses with 429 and the budget cause when no disruption is allowed', () => {
    expect(canEvict(podOf('a', true), [pdbOf({ minAvailable: 2 }, healthy(0, 2, 2))])).toEqual({
      allowed: false,
      code: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      cause: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently',
    });
  });

  it('decrements the budget when allowed', () => {
    expect(canEvict(podOf('a', true), [pdbOf({ minAvailable: 1 }, healthy(1, 2, 1))])).toEqual({
      allowed: true,
      reason: 'BudgetDecremented',
      decrement: { pdbName: 'web-pdb', disruptionsAllowed: 0, podName: 'a' },
    });
  });

  it.each([
    ['Pending', podOf('a', false, undefined, {}, 'Pending'), 'IgnoresPDB'],
    ['Succeeded', podOf('a', false, undefined, {}, 'Succeeded'), 'IgnoresPDB'],
    ['terminating', podOf('a', true, undefined, { deletionTimestamp: '2026-01-05T00:00:00Z' }), 'IgnoresPDB'],
  ])('%s pods bypass PDBs', (_n, pod, reason) => {
    expect(canEvict(pod, [pdbOf({ minAvailable: 2 }, healthy(0, 2, 2))])).toEqual({ allowed: true, reason });
  });

  it('unready pods: allowed while the app is otherwise healthy, or with AlwaysAllow; else the budget decides', () => {
    expect(canEvict(podOf('a', false), [pdbOf({ minAvailable: 2 }, healthy(0, 2, 2))])).toMatchObject({ allowed: true, reason: 'UnhealthyPodBudgetHealthy' });
    expect(canEvict(podOf('a', false), [pdbOf({ minAvailable: 2 }, healthy(0, 1, 2))])).toMatchObject({ allowed: false, code: 429 });
    expect(canEvict(podOf('a', false), [pdbOf({ minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' }, healthy(0, 1, 2))])).toMatchObject({
      allowed: true,
      reason: 'UnhealthyPodAlwaysAllow',
    });
  });

  it('more than one matching PDB is a 500; none deletes; an unprocessed generation is a 429', () => {
    const a = pdbOf({ minAvailable: 1 }, healthy(1, 2, 1));
    const b = { ...a, metadata: { ...a.metadata, name: 'other' }, spec: { selector: {} } };
    expect(canEvict(podOf('a', true), [a, b])).toMatchObject({ allowed: false, code: 500 });
    expect(canEvict(podOf('a', true), [])).toEqual({ allowed: true, reason: 'NoPDB' });
    const stale = pdbOf({ minAvailable: 1 }, healthy(1, 2, 1), 2);
    expect(canEvict(podOf('a', true), [stale])).toEqual({
      allowed: false,
      code: 429,
      reason: 'TooManyRequests',
      message: 'The disruption budget web-pdb is still being processed by the server.',
    });
  });
});
