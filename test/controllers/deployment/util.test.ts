import { describe, expect, it } from 'vitest';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import {
  ComputeHash,
  DeploymentComplete,
  DeploymentProgressing,
  DeploymentTimedOut,
  DefaultDeploymentUniqueLabelKey,
  DesiredReplicasAnnotation,
  EqualIgnoreHash,
  FilterActiveReplicaSets,
  FindActiveOrLatest,
  FindNewReplicaSet,
  FindOldReplicaSets,
  GetDeploymentCondition,
  GetActualReplicaCountForReplicaSets,
  GetProportion,
  GetReplicaCountForReplicaSets,
  IsSaturated,
  LastRevision,
  MaxReplicasAnnotation,
  MaxRevision,
  MaxUnavailable,
  MinAvailable,
  NewRSNewReplicas,
  NewRSAvailableReason,
  ReplicasAnnotationsNeedUpdate,
  ResolveFenceposts,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  SafeEncodeString,
  SetDeploymentCondition,
  SetNewReplicaSetAnnotations,
  SetReplicasAnnotations,
  RemoveDeploymentCondition,
  getNonNegativeInt32FromAnnotation,
  getReplicaSetFraction,
  goRound,
} from '../../../src/controllers/deployment/util.ts';
import { formatRfc3339 } from '../../../src/cluster/time.ts';

function dep(replicas: number, maxSurge: number | string, maxUnavailable: number | string, type = 'RollingUpdate'): Deployment {
  return {
    metadata: { name: 'foo', annotations: {} },
    spec: {
      replicas,
      selector: {},
      template: {},
      strategy: type === 'RollingUpdate' ? { type, rollingUpdate: { maxSurge, maxUnavailable } } : { type },
    },
  };
}

function rs(name: string, replicas: number, opts: { available?: number; annotations?: Record<string, string>; created?: number } = {}): ReplicaSet {
  return {
    metadata: {
      name,
      annotations: opts.annotations ?? {},
      creationTimestamp: formatRfc3339(opts.created ?? 0),
    },
    spec: { replicas, selector: {} },
    status: { replicas, availableReplicas: opts.available ?? 0 },
  };
}

describe('ResolveFenceposts (deployment_util_test.go TestResolveFenceposts)', () => {
  it.each([
    ['0%', '0%', 0, 0, 1, false],
    ['39%', '39%', 10, 4, 3, false],
    ['oops', '39%', 10, 0, 0, true],
    ['55%', 'urg', 10, 0, 0, true],
    [undefined, '39%', 10, 0, 3, false],
    ['39%', undefined, 10, 4, 0, false],
    [undefined, undefined, 10, 0, 1, false],
  ])('surge %s unavailable %s of %i → %i/%i', (s, u, desired, es, eu, err) => {
    if (err) {
      expect(() => ResolveFenceposts(s, u, desired)).toThrow();
      return;
    }
    expect(ResolveFenceposts(s, u, desired)).toEqual({ surge: es, unavailable: eu });
  });

  it('kubesim case, not upstream: the documented default 25%/25%: 10 → 3/2, 3 → 1/0, 1 → 1/0', () => {
    expect(ResolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(ResolveFenceposts('25%', '25%', 3)).toEqual({ surge: 1, unavailable: 0 });
    expect(ResolveFenceposts('25%', '25%', 1)).toEqual({ surge: 1, unavailable: 0 });
  });
});

describe('MaxUnavailable (TestMaxUnavailable)', () => {
  it.each([
    ['maxUnavailable less than replicas', 10, 5, 5],
    ['maxUnavailable equal replicas', 10, 10, 10],
    ['maxUnavailable greater than replicas', 5, 10, 5],
    ['maxUnavailable with replicas is 0', 0, 10, 0],
    ['maxUnavailable less than replicas with percents', 10, '50%', 5],
    ['maxUnavailable equal replicas with percents', 10, '100%', 10],
    ['maxUnavailable greater than replicas with percents', 5, '100%', 5],
  ] as [string, number, number | string, number][])('%s', (_name, replicas, mu, expected) => {
    expect(MaxUnavailable(dep(replicas, 1, mu))).toBe(expected);
  });
  it('maxUnavailable with Recreate deployment strategy', () => {
    expect(MaxUnavailable({ spec: { selector: {}, template: {}, strategy: { type: 'Recreate' } } })).toBe(0);
  });
});

describe('MinAvailable (TestMinAvailable)', () => {
  it.each([
    ['replicas greater than maxUnavailable', 10, 5, 5],
    ['replicas equal maxUnavailable', 10, 10, 0],
    ['replicas less than maxUnavailable', 5, 10, 0],
    ['replicas is 0', 0, 10, 0],
    ['replicas greater than maxUnavailable with percents', 10, '60%', 4],
    ['replicas equal maxUnavailable with percents', 10, '100%', 0],
    ['replicas less than maxUnavailable with percents', 5, '100%', 0],
  ] as [string, number, number | string, number][])('%s', (_name, replicas, mu, expected) => {
    expect(MinAvailable(dep(replicas, 1, mu))).toBe(expected);
  });
  it('minAvailable with Recreate deployment strategy', () => {
    expect(MinAvailable({ spec: { replicas: 10, selector: {}, template: {}, strategy: { type: 'Recreate' } } })).toBe(0);
  });
});

describe('NewRSNewReplicas (TestNewRSNewReplicas)', () => {
  it.each([
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ])('%s', (_n, type, depReplicas, newRSReplicas, maxSurge, expected) => {
    const d = dep(depReplicas, maxSurge, 1);
    d.spec!.strategy = { type, rollingUpdate: { maxSurge, maxUnavailable: 1 } };
    const rs5 = rs('rs5', 5);
    const newRS = rs('new', newRSReplicas);
    expect(NewRSNewReplicas(d, [rs5], newRS)).toBe(expected);
  });
});

// TestGetReplicaCountForReplicaSets: all six rows for the spec and status counts. Their third expectation,
// GetTerminatingReplicaCountForReplicaSets (status.terminatingReplicas, gate DeploymentReplicaSetTerminatingReplicas),
// is not checked: kubesim's ReplicaSets do not report terminating replicas (docs/deviations.md).
describe('GetReplicaCountForReplicaSets (TestGetReplicaCountForReplicaSets)', () => {
  const rs1: ReplicaSet = { ...rs('foo-rs', 1), status: { observedGeneration: 1, replicas: 2 } };
  const rs2: ReplicaSet = { ...rs('bar-rs', 2), status: { replicas: 3 } };
  const rs3: ReplicaSet = { ...rs('unsynced-rs', 3), status: { replicas: 0 } };
  const rs4: ReplicaSet = { ...rs('dropped-rs', 1), status: { observedGeneration: 1, replicas: 1 } };
  it.each([
    ['scaling down rs1', [rs1], 1, 2],
    ['scaling down rs1 and rs2', [rs1, rs2], 3, 5],
    ['scaling up rs3', [rs3], 3, 0],
    ['scaling down rs1 and rs2 and scaling up rs3', [rs1, rs2, rs3], 6, 5],
    ['invalid/unknown terminating status for rs4', [rs4], 1, 1],
    ['invalid/unknown terminating status for rs4 with rs1, rs2 and rs3', [rs1, rs2, rs3, rs4], 7, 6],
  ])('%s (terminating replicas not modelled)', (_n, sets, count, actual) => {
    expect(GetReplicaCountForReplicaSets(sets)).toBe(count);
    expect(GetActualReplicaCountForReplicaSets(sets)).toBe(actual);
  });
});

describe('DeploymentComplete (TestDeploymentComplete)', () => {
  const d = (desired: number, current: number, updated: number, available: number, mu: number, ms: number) => {
    const x = dep(desired, ms, mu);
    x.status = { replicas: current, updatedReplicas: updated, availableReplicas: available };
    return x;
  };
  it.each([
    ['not complete: min but not all pods become available', d(5, 5, 5, 4, 1, 0), false],
    ['not complete: min availability is not honored', d(5, 5, 5, 3, 1, 0), false],
    ['complete', d(5, 5, 5, 5, 0, 0), true],
    ['not complete: all pods are available but not updated', d(5, 5, 4, 5, 0, 0), false],
    ['not complete: still running old pods', d(1, 2, 1, 1, 0, 1), false],
    ['not complete: one replica deployment never comes up', d(1, 1, 1, 0, 1, 1), false],
  ])('%s', (_n, x, expected) => {
    expect(DeploymentComplete(x, x.status!)).toBe(expected);
  });
});

describe('DeploymentProgressing (TestDeploymentProgressing)', () => {
  const st = (current: number, updated: number, ready: number, available: number): DeploymentStatus => ({
    replicas: current,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
  });
  it.each([
    ['progressing: updated pods', st(10, 4, 4, 4), st(10, 6, 4, 4), true],
    ['not progressing', st(10, 4, 4, 4), st(10, 4, 4, 4), false],
    ['progressing: old pods removed', st(10, 4, 6, 6), st(8, 4, 6, 6), true],
    ['not progressing: less new pods', st(10, 7, 3, 3), st(10, 6, 3, 3), false],
    ['progressing: less overall but more new pods', st(10, 4, 7, 7), st(8, 8, 5, 5), true],
    ['progressing: more ready pods', st(10, 10, 9, 8), st(10, 10, 10, 8), true],
    ['progressing: more available pods', st(10, 10, 10, 9), st(10, 10, 10, 10), true],
  ])('%s', (_n, old, next, expected) => {
    expect(DeploymentProgressing({ status: old }, next)).toBe(expected);
  });
});

describe('DeploymentTimedOut (TestDeploymentTimedOut)', () => {
  const t = (min: number, sec: number) => (min * 60 + sec) * 1000;
  const d = (reason: string, pds: number | undefined, fromMs: number): Deployment => ({
    spec: { selector: {}, template: {}, ...(pds !== undefined ? { progressDeadlineSeconds: pds } : {}) },
    status: { conditions: [{ type: 'Progressing', status: 'True', reason, lastUpdateTime: formatRfc3339(fromMs) }] },
  });
  it.each([
    ['nil progressDeadlineSeconds specified - no timeout', d('', undefined, t(1, 9)), t(1, 20), false],
    ['infinite progressDeadlineSeconds specified - no timeout', d('', 2147483647, t(1, 9)), t(1, 20), false],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s', d('', 10, t(1, 9)), t(1, 20), true],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s', d('', 10, t(1, 11)), t(1, 20), false],
    ['previous status was a complete deployment', d(NewRSAvailableReason, undefined, 0), 0, false],
  ])('%s', (_n, x, now, expected) => {
    expect(DeploymentTimedOut(x, x.status!, now)).toBe(expected);
  });
});

describe('getReplicaSetFraction (TestGetReplicaSetFraction)', () => {
  it.each([
    ['empty deployment always scales to 0', 0, 0, 0, 10, undefined, -10],
    ['unsynced deployment does not scale when max-replicas annotation is missing (removed by a 3rd party)', 10, 0, 0, 5, undefined, 0],
    ['unsynced deployment does not scale when max-replicas annotation is incorrectly set to 0 (by a 3rd party)', 10, 0, 0, 5, '0', 0],
    ['scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is missing (removed by a 3rd party)', 120, 100, 0, 50, undefined, 10],
    ['scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is incorrectly set to 0 (by a 3rd party)', 120, 100, 0, 50, '0', 10],
    ['scale up by 1/5 should increase RS replicas by 1/5', 120, 0, 0, 50, '100', 10],
    ['scale up with maxSurge by 1/5 should increase RS replicas approximately by 1/5', 120, 0, 10, 50, '110', 9],
    ['scale down by 1/6 should decrease RS replicas by 1/6', 10, 0, 0, 6, '12', -1],
    ['scale down with maxSurge by 1/6 should decrease RS replicas approximately by 1/6', 100, 0, 10, 50, '130', -8],
  ])('%s', (_n, replicas, statusReplicas, maxSurge, rsReplicas, ann, expected) => {
    const d = dep(replicas, maxSurge, 1);
    d.status = { replicas: statusReplicas };
    const r = rs('r', rsReplicas, { annotations: ann === undefined ? {} : { [MaxReplicasAnnotation]: ann } });
    expect(getReplicaSetFraction(r, d)).toBe(expected);
  });

  it('kubesim case: GetProportion bounds by what is left to add', () => {
    const d = dep(15, 3, 2);
    // sync.go's documented example: 10 → 15 replicas, surge 3: old 8 (max 13) gets round(8×18/13)−8 = 3.
    const old = rs('old', 8, { annotations: { [MaxReplicasAnnotation]: '13' } });
    expect(GetProportion(old, d, 5, 0)).toBe(3);
    expect(GetProportion(old, d, 5, 4)).toBe(1);
    expect(GetProportion(rs('empty', 0), d, 5, 0)).toBe(0);
  });

  it('kubesim case: goRound rounds halves away from zero like Go', () => {
    expect(goRound(2.5)).toBe(3);
    expect(goRound(-2.5)).toBe(-3);
    expect(goRound(-2.4)).toBe(-2);
  });
});

// TestAnnotationUtils: its three subtests in order on one Deployment and ReplicaSet, as upstream runs them.
describe('TestAnnotationUtils', () => {
  const tDeployment = dep(1, 1, 0);
  tDeployment.metadata!.annotations = { [RevisionAnnotation]: '1' };
  const tRS = rs('nginx-rs', 0);
  it('SetNewReplicaSetAnnotations', () => {
    for (let i = 10; i < 20; i++) {
      const nextRevision = String(i + 1);
      SetNewReplicaSetAnnotations(tDeployment, tRS, nextRevision, true, 5);
      if (i >= 12) expect(tRS.metadata!.annotations![RevisionHistoryAnnotation]).toBe(`${i - 1},${i}`);
      expect(tRS.metadata!.annotations![RevisionAnnotation]).toBe(nextRevision);
    }
  });
  it('SetReplicasAnnotations', () => {
    expect(SetReplicasAnnotations(tRS.metadata!.annotations!, 10, 11)).toBe(true);
    expect(tRS.metadata!.annotations![DesiredReplicasAnnotation]).toBe('10');
    expect(tRS.metadata!.annotations![MaxReplicasAnnotation]).toBe('11');
  });
  it('IsSaturated', () => {
    tRS.metadata!.annotations![DesiredReplicasAnnotation] = '1';
    const saturated: ReplicaSet = { ...tRS, spec: { ...tRS.spec, selector: {}, replicas: 1 }, status: { replicas: 0, availableReplicas: 1 } };
    expect(IsSaturated(tDeployment, saturated)).toBe(true);
  });
});

describe('TestReplicasAnnotationsNeedUpdate', () => {
  it.each([
    ['test Annotations nil', undefined, true],
    ['test desiredReplicas update', { [DesiredReplicasAnnotation]: '8', [MaxReplicasAnnotation]: '20' }, true],
    ['test maxReplicas update', { [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '16' }, true],
    ["test needn't update", { [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '20' }, false],
  ])('%s', (_n, annotations, expected) => {
    const replicaSet: ReplicaSet = {
      metadata: { name: 'hello', namespace: 'test', ...(annotations ? { annotations } : {}) },
      spec: { selector: { matchLabels: { foo: 'bar' } } },
    };
    expect(ReplicasAnnotationsNeedUpdate(replicaSet, 10, 20)).toBe(expected);
  });
});

// TestGetNonNegativeInt32FromAnnotation: value and validity as upstream's; kubesim returns undefined for an invalid
// annotation and keeps no error text ("invalid syntax", "out of range"), which upstream only logs.
describe('TestGetNonNegativeInt32FromAnnotation', () => {
  it.each([
    ['invalid empty', undefined, 0, false],
    ['invalid', { test: 'invalid', foo: '2' }, 0, false],
    ['invalid negative ', { test: '-1', foo: '2' }, 0, false],
    ['valid zero', { test: '0', foo: '2' }, 0, true],
    ['valid', { test: '13', foo: '2' }, 13, true],
    ['valid max', { test: '2147483647', foo: '2' }, 2147483647, true],
    ['invalid max out of range', { test: '2147483648', foo: '2' }, 0, false],
    ['invalid max out of range 2', { test: '4294967296', foo: '2' }, 0, false],
  ])('%s', (_n, annotations, value, valid) => {
    const tRS: ReplicaSet = { metadata: { name: 'nginx-rs', ...(annotations ? { annotations } : {}) } };
    const got = getNonNegativeInt32FromAnnotation(tRS, 'test');
    expect(got ?? 0).toBe(value);
    expect(got !== undefined).toBe(valid);
  });
});

/** Upstream's `generatePodTemplateSpec(name, nodeName, annotations, labels)`. */
const podTemplate = (name: string, nodeName: string, annotations: Record<string, string>, labels: Record<string, string>): PodTemplateSpec => ({
  metadata: { name, annotations, labels },
  spec: { nodeName, containers: [] },
});
const H = DefaultDeploymentUniqueLabelKey;

describe('TestEqualIgnoreHash', () => {
  it.each([
    ['Same spec, same labels', podTemplate('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), podTemplate('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), true],
    [
      'Same spec, only pod-template-hash label value is different',
      podTemplate('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      podTemplate('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }),
      true,
    ],
    [
      "Same spec, the former doesn't have pod-template-hash label",
      podTemplate('foo', 'foo-node', {}, { something: 'else' }),
      podTemplate('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }),
      true,
    ],
    [
      "Same spec, the label is different, the former doesn't have pod-template-hash label, same number of labels",
      podTemplate('foo', 'foo-node', {}, { something: 'else' }),
      podTemplate('foo', 'foo-node', {}, { [H]: 'value-2' }),
      false,
    ],
    [
      "Same spec, the label is different, the latter doesn't have pod-template-hash label, same number of labels",
      podTemplate('foo', 'foo-node', {}, { [H]: 'value-1' }),
      podTemplate('foo', 'foo-node', {}, { something: 'else' }),
      false,
    ],
    [
      'Same spec, the label is different, and the pod-template-hash label value is the same',
      podTemplate('foo', 'foo-node', {}, { [H]: 'value-1' }),
      podTemplate('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      false,
    ],
    [
      'Different spec, same labels',
      podTemplate('foo', 'foo-node', { former: 'value' }, { [H]: 'value-1', something: 'else' }),
      podTemplate('foo', 'foo-node', { latter: 'value' }, { [H]: 'value-1', something: 'else' }),
      false,
    ],
    [
      'Different spec, different pod-template-hash label value',
      podTemplate('foo-1', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      podTemplate('foo-2', 'foo-node', {}, { [H]: 'value-2', something: 'else' }),
      false,
    ],
    [
      "Different spec, the former doesn't have pod-template-hash label",
      podTemplate('foo-1', 'foo-node-1', {}, { something: 'else' }),
      podTemplate('foo-2', 'foo-node-2', {}, { [H]: 'value-2', something: 'else' }),
      false,
    ],
    ['Different spec, different labels', podTemplate('foo', 'foo-node-1', {}, { something: 'else' }), podTemplate('foo', 'foo-node-2', {}, { nothing: 'else' }), false],
  ])('%s', (_n, former, latter, expected) => {
    expect(EqualIgnoreHash(former, latter)).toBe(expected);
    expect(EqualIgnoreHash(latter, former)).toBe(expected);
    expect(former.metadata?.labels).toBeDefined();
  });
});

/** Upstream's `generateDeployment(image)`: one container named and imaged `image`, labels {name: image}. */
function generateDeployment(image: string): Deployment {
  const labels = { name: image };
  return {
    metadata: { name: image, annotations: {} },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: image, image, imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log' }],
          dnsPolicy: 'ClusterFirst',
          terminationGracePeriodSeconds: 30,
          restartPolicy: 'Always',
          securityContext: {},
          enableServiceLinks: true,
        },
      },
    },
  };
}

/** Upstream's `generateRS(deployment)` with a name, a template hash label, a size and a creation time (ms). */
function generateRS(d: Deployment, name: string, hash: string | undefined, createdMs: number, replicas = 0): ReplicaSet {
  const template = structuredClone(d.spec!.template);
  if (hash !== undefined) template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [H]: hash } };
  return {
    metadata: { name, labels: template.metadata?.labels, creationTimestamp: formatRfc3339(createdMs) },
    spec: { replicas, template, selector: { matchLabels: template.metadata?.labels } },
  };
}

describe('FindNewReplicaSet and FindOldReplicaSets (TestFindNewReplicaSet, TestFindOldReplicaSets)', () => {
  const before = 0;
  const now = 60_000;
  const later = 120_000;
  const deployment = generateDeployment('nginx');
  const oldDeployment = generateDeployment('nginx');
  oldDeployment.spec!.template.spec!.containers[0]!.name = 'nginx-old-1';
  const gatedDeployment = generateDeployment('nginx');
  gatedDeployment.spec!.template.spec!.containers[0]!.restartPolicy = 'Never';

  describe('TestFindNewReplicaSet', () => {
    const newRS = generateRS(deployment, 'newRS', 'hash', later);
    const newRSDup = generateRS(deployment, 'newRSDup', 'different-hash', now);
    const oldRS = generateRS(oldDeployment, 'oldRS', undefined, before);
    const droppedFieldsRS = generateRS(gatedDeployment, 'droppedFieldsRS', ComputeHash(gatedDeployment.spec!.template), now);
    delete droppedFieldsRS.spec!.template!.spec!.containers[0]!.restartPolicy;
    const exactRS = generateRS(gatedDeployment, 'exactRS', 'exact-hash', later);

    it('Prefer a ReplicaSet with the same template over one with dropped fields', () => {
      expect(FindNewReplicaSet(gatedDeployment, [droppedFieldsRS, exactRS])).toBe(exactRS);
    });
    it('Get new ReplicaSet with the same template as Deployment spec but different pod-template-hash value', () => {
      expect(FindNewReplicaSet(deployment, [newRS, oldRS])).toBe(newRS);
    });
    it('Get the oldest new ReplicaSet when there are more than one ReplicaSet with the same template', () => {
      expect(FindNewReplicaSet(deployment, [newRS, oldRS, newRSDup])).toBe(newRSDup);
    });
    it('Get nil new ReplicaSet', () => {
      expect(FindNewReplicaSet(deployment, [oldRS])).toBeUndefined();
    });
    // Upstream's EqualIgnoreHashAndDroppedFields takes a ReplicaSet whose pod-template-hash is the Deployment
    // template's hash as new even when the API server dropped a gated field from its copy; kubesim's store drops
    // no fields, so it compares templates only, and this row finds no new ReplicaSet (docs/deviations.md).
    it('deviation: Get new ReplicaSet with fields dropped by the API server (kubesim finds none: no fields are dropped)', () => {
      expect(FindNewReplicaSet(gatedDeployment, [newRS, droppedFieldsRS])).toBeUndefined();
    });
  });

  describe('TestFindOldReplicaSets', () => {
    const newRS = generateRS(deployment, 'newRS', 'hash', later, 1);
    const newRSDup = generateRS(deployment, 'newRSDup', 'different-hash', now);
    const oldRS = generateRS(oldDeployment, 'oldRS', undefined, before);
    const names = (rss: readonly ReplicaSet[]) => rss.map((r) => r.metadata?.name).sort();
    it.each([
      ['Get old ReplicaSets', [newRS, oldRS], [oldRS], []],
      ['Get old ReplicaSets with no new ReplicaSet', [oldRS], [oldRS], []],
      [
        'Get old ReplicaSets with two new ReplicaSets, only the oldest new ReplicaSet is seen as new ReplicaSet',
        [oldRS, newRS, newRSDup],
        [oldRS, newRS],
        [newRS],
      ],
      ['Get empty old ReplicaSets', [newRS], [], []],
    ])('%s', (_n, rsList, expected, expectedRequire) => {
      const { requiredRSs, allOldRSs } = FindOldReplicaSets(deployment, rsList);
      expect(names(allOldRSs)).toEqual(names(expected));
      expect(names(requiredRSs)).toEqual(names(expectedRequire));
    });
  });
});

describe('conditions (TestGetCondition, TestSetCondition, TestRemoveCondition)', () => {
  const condProgressing = (): DeploymentCondition => ({ type: 'Progressing', status: 'False', reason: 'ForSomeReason' });
  const condProgressing2 = (): DeploymentCondition => ({ type: 'Progressing', status: 'True', reason: 'BecauseItIs' });
  const condAvailable = (): DeploymentCondition => ({ type: 'Available', status: 'True', reason: 'AwesomeController' });
  const status = (): DeploymentStatus => ({ conditions: [condProgressing(), condAvailable()] });

  it.each([
    ['condition exists', 'Available', true],
    ['condition does not exist', 'ReplicaFailure', false],
  ])('TestGetCondition: %s', (_n, condType, expected) => {
    expect(GetDeploymentCondition(status(), condType) !== undefined).toBe(expected);
  });

  it.each([
    ['set for the first time', {}, condAvailable(), { conditions: [condAvailable()] }],
    ['simple set', { conditions: [condProgressing()] }, condAvailable(), status()],
    ['overwrite', { conditions: [condProgressing()] }, condProgressing2(), { conditions: [condProgressing2()] }],
  ])('TestSetCondition: %s', (_n, st: DeploymentStatus, cond, expected) => {
    expect(SetDeploymentCondition(st, cond)).toEqual(expected);
  });

  it.each([
    ['remove from empty status', {}, 'Progressing', {}],
    ['simple remove', { conditions: [condProgressing()] }, 'Progressing', {}],
    ["doesn't remove anything", status(), 'ReplicaFailure', status()],
  ])('TestRemoveCondition: %s', (_n, st: DeploymentStatus, condType, expected) => {
    expect(RemoveDeploymentCondition(st, condType)).toEqual(expected);
  });

  // kubesim cases: nothing to remove returns the status itself, unless an empty list must go (as the copy drops it).
  it('kubesim: RemoveDeploymentCondition with nothing to remove returns the same object; an empty list is dropped', () => {
    const st = status();
    expect(RemoveDeploymentCondition(st, 'ReplicaFailure')).toBe(st);
    const none: DeploymentStatus = { replicas: 1 };
    expect(RemoveDeploymentCondition(none, 'Progressing')).toBe(none);
    const empty: DeploymentStatus = { replicas: 1, conditions: [] };
    const out = RemoveDeploymentCondition(empty, 'Progressing');
    expect(out).toEqual({ replicas: 1 });
    expect(Object.hasOwn(out, 'conditions')).toBe(false);
    expect(empty.conditions).toEqual([]);
  });
});

describe('kubesim cases: revisions and selection', () => {
  const withRev = (name: string, rev: string | undefined, replicas = 0, created = 0) =>
    rs(name, replicas, { annotations: rev === undefined ? {} : { [RevisionAnnotation]: rev }, created });
  it('MaxRevision / LastRevision', () => {
    const sets = [withRev('a', '1'), withRev('b', '3'), withRev('c', 'x'), withRev('d', '2'), withRev('e', undefined)];
    expect(MaxRevision(sets)).toBe(3);
    expect(LastRevision(sets)).toBe(2);
  });
  it('FindActiveOrLatest', () => {
    const newRS = withRev('new', '2', 0, 2000);
    const old1 = withRev('old1', '1', 0, 1000);
    const old0 = withRev('old0', '1', 0, 0);
    expect(FindActiveOrLatest(newRS, [old0, old1])?.metadata?.name).toBe('new');
    expect(FindActiveOrLatest(undefined, [old0, old1])?.metadata?.name).toBe('old1');
    const active = withRev('act', '1', 3, 0);
    expect(FindActiveOrLatest(newRS, [active])?.metadata?.name).toBe('act');
    expect(FindActiveOrLatest(withRev('n', '2', 1), [active])).toBeUndefined();
  });
  it('SetDeploymentCondition keeps lastTransitionTime when only the reason changes', () => {
    const s1 = SetDeploymentCondition({}, { type: 'Progressing', status: 'True', reason: 'A', lastTransitionTime: 't1', lastUpdateTime: 't1' });
    const s2 = SetDeploymentCondition(s1, { type: 'Progressing', status: 'True', reason: 'B', lastTransitionTime: 't2', lastUpdateTime: 't2' });
    expect(s2.conditions).toEqual([{ type: 'Progressing', status: 'True', reason: 'B', lastTransitionTime: 't1', lastUpdateTime: 't2' }]);
    expect(SetDeploymentCondition(s2, { type: 'Progressing', status: 'True', reason: 'B' })).toBe(s2);
  });
});

// controller_utils_test.go TestComputeHash and TestActiveReplicaSetsFiltering.
describe('TestComputeHash', () => {
  it.each([
    ['simple', 1, 2],
    ['using math.MaxInt64', undefined, 2147483647],
  ])('%s', (_n, collisionCount, otherCollisionCount) => {
    expect(ComputeHash({}, collisionCount)).not.toBe(ComputeHash({}, otherCollisionCount));
  });
});

describe('TestActiveReplicaSetsFiltering', () => {
  it('Filters active replica sets', () => {
    const replicaSets = [rs('zero', 0), undefined, rs('foo', 1), rs('bar', 2)];
    expect(FilterActiveReplicaSets(replicaSets).map((r) => r.metadata?.name)).toEqual(['foo', 'bar']);
  });
});

describe('kubesim cases: ComputeHash', () => {
  it('SafeEncodeString maps decimal digits onto upstream alphabet', () => {
    expect(SafeEncodeString('0123456789')).toBe('456789bcdf');
  });
  it('is stable, depends on the template and on collisionCount, and uses only the safe alphabet', () => {
    const t = { metadata: { labels: { app: 'webapi' } }, spec: { containers: [{ name: 'c', image: 'v1' }] } };
    const h = ComputeHash(t);
    expect(h).toBe(ComputeHash(structuredClone(t)));
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    expect(ComputeHash(t, 1)).not.toBe(h);
    expect(ComputeHash({ ...t, spec: { containers: [{ name: 'c', image: 'v2' }] } })).not.toBe(h);
  });
});
