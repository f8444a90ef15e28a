import { describe, expect, it } from 'vitest';
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import {
  addDefaultTolerations,
  computeZoneState,
  getMinTolerationTimeMs,
  nodeReadyUnknownAtMs,
  processPodOnNode,
  toleratesTaint,
  zoneEvictionRate,
} from '../../../src/controllers/nodelifecycle/taint-eviction.ts';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const noSchedule: Taint = { key: 'x', effect: 'NoSchedule' };
const tol = (key: string, seconds?: number, extra: Partial<Toleration> = {}): Toleration => ({
  key,
  operator: 'Exists',
  effect: 'NoExecute',
  ...(seconds === undefined ? {} : { tolerationSeconds: seconds }),
  ...extra,
});

describe('getMinTolerationTime (taint_eviction_test TestGetMinTolerationTime)', () => {
  it.each<[string, Toleration[], number]>([
    ['no tolerations → 0', [], 0],
    ['one without seconds → forever', [tol('a')], -1],
    ['smallest of set values', [tol('a', 20), tol('b', 10), tol('c')], 10_000],
    ['negative → 0', [tol('a', 20), tol('b', -5)], 0],
    ['zero → 0', [tol('a', 0)], 0],
  ])('%s', (_n, tolerations, want) => {
    expect(getMinTolerationTimeMs(tolerations)).toBe(want);
  });
});

describe('ToleratesTaint', () => {
  it.each<[Toleration, Taint, boolean]>([
    [{ operator: 'Exists' }, unreachable, true],
    [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, unreachable, false],
    [{ key: 'k', value: 'v' }, { key: 'k', value: 'v', effect: 'NoExecute' }, true],
    [{ key: 'k', operator: 'Equal', value: 'v' }, { key: 'k', value: 'w', effect: 'NoExecute' }, false],
    [{ key: 'k', operator: 'Exists' }, { key: 'k', value: 'w', effect: 'NoExecute' }, true],
  ])('%j vs %j → %s', (t, taint, want) => {
    expect(toleratesTaint(t, taint)).toBe(want);
  });
});

describe('processPodOnNode', () => {
  it('default 300 s toleration: deleted 300 s after the taint', () => {
    expect(processPodOnNode([unreachable], [tol('node.kubernetes.io/unreachable', 300)], 10_000, undefined)).toEqual({
      action: 'schedule',
      scheduled: { createdAtMs: 10_000, fireAtMs: 310_000 },
      cancelled: false,
    });
  });
  it('not tolerated → delete now; tolerated forever → cancel; no NoExecute taint → cancel', () => {
    const s = { createdAtMs: 0, fireAtMs: 300_000 };
    expect(processPodOnNode([unreachable], [], 5, s)).toEqual({ action: 'deleteNow', scheduled: { createdAtMs: 5, fireAtMs: 5 }, cancelled: true });
    expect(processPodOnNode([unreachable], [tol('')], 5, s)).toEqual({ action: 'cancel', scheduled: undefined, cancelled: true });
    expect(processPodOnNode([noSchedule], [], 5, s)).toEqual({ action: 'cancel', scheduled: undefined, cancelled: true });
  });
  it('an eviction queued earlier never moves, whatever the new tolerations say', () => {
    const s = { createdAtMs: 0, fireAtMs: 300_000 };
    expect(processPodOnNode([unreachable], [tol('node.kubernetes.io/unreachable', 10)], 50_000, s)).toEqual({ action: 'keep', scheduled: s, cancelled: false });
    expect(processPodOnNode([unreachable], [tol('node.kubernetes.io/unreachable', 900)], 50_000, s)).toEqual({ action: 'keep', scheduled: s, cancelled: false });
  });
  it('the first matching toleration counts, not the smallest', () => {
    const tolerations = [tol('', 600, { key: undefined }), tol('node.kubernetes.io/unreachable', 30)];
    expect(processPodOnNode([unreachable], tolerations, 0, undefined).scheduled).toEqual({ createdAtMs: 0, fireAtMs: 600_000 });
  });
});

describe('DefaultTolerationSeconds admission', () => {
  const pod = (tolerations?: Toleration[]): Pod => ({ spec: { containers: [], tolerations } });
  it('adds not-ready then unreachable with 300 s', () => {
    expect(addDefaultTolerations(pod()).spec!.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });
  it('keeps existing matching tolerations (an empty key or effect covers both)', () => {
    const own = tol('node.kubernetes.io/unreachable', 60);
    expect(addDefaultTolerations(pod([own])).spec!.tolerations).toEqual([
      own,
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const all: Toleration = { operator: 'Exists' };
    expect(addDefaultTolerations(pod([all])).spec!.tolerations).toEqual([all]);
    const noScheduleOnly: Toleration = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' };
    expect(addDefaultTolerations(pod([noScheduleOnly])).spec!.tolerations).toHaveLength(3);
  });
  it('gives pods without tolerations one shared, frozen pair; other seconds and own tolerations get their own list', () => {
    const a = addDefaultTolerations(pod()).spec!.tolerations!;
    expect(addDefaultTolerations(pod([])).spec!.tolerations).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a[0])).toBe(true);
    const other = addDefaultTolerations(pod(), 60, 90).spec!.tolerations!;
    expect(other.map((t) => t.tolerationSeconds)).toEqual([60, 90]);
    const own = tol('example.com/x', 5);
    const mine = addDefaultTolerations(pod([own])).spec!.tolerations!;
    expect(mine).not.toBe(a);
    expect(mine.slice(1)).toEqual(a);
  });
});

describe('node health timing', () => {
  it.each([
    [0, 50_000, 55_000],
    [12_000, 50_000, 70_000],
    [15_000, 50_000, 70_000],
    [12_000, 40_000, 60_000],
  ])('last renewal %i ms, grace %i ms → Ready=Unknown at %i ms', (renewalMs, graceMs, want) => {
    expect(nodeReadyUnknownAtMs(renewalMs, graceMs)).toBe(want);
  });

  it.each<[number, number, string]>([
    [0, 3, 'FullDisruption'],
    [0, 0, 'Normal'],
    [10, 2, 'Normal'],
    [2, 3, 'PartialDisruption'],
    [9, 11, 'PartialDisruption'],
    [10, 11, 'Normal'],
  ])('zone with %i ready, %i not ready → %s', (ready, notReady, want) => {
    expect(computeZoneState(ready, notReady)).toBe(want);
  });

  it('per-zone tainting rate', () => {
    expect(zoneEvictionRate('Normal', 3)).toBe(0.1);
    expect(zoneEvictionRate('PartialDisruption', 50)).toBe(0);
    expect(zoneEvictionRate('PartialDisruption', 51)).toBe(0.01);
    expect(zoneEvictionRate('FullDisruption', 3)).toBe(0.1);
  });
});
