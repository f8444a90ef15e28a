/**
 * Upstream `TestMatchSuccessPolicy` (pkg/controller/job/success_policy_test.go), every row with upstream's inputs
 * and expectations (JobSuccessPolicy is GA: the "disabled" row has no policy, so it matches nothing either way),
 * and the success policy end to end through the Simulation.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { defaultJob } from '../../../src/api/defaults.ts';
import type { KubeObject } from '../../../src/cluster/store.ts';
import { matchSuccessPolicy } from '../../../src/controllers/job/success-policy.ts';
import { JobCompletionIndexAnnotation } from '../../../src/controllers/job/utils.ts';
import { Simulation } from '../../../src/runtime/simulation.ts';
import { nodes } from '../../runtime/helpers.ts';

type Rule = { succeededIndexes?: string; succeededCount?: number };
const iv = (...pairs: [number, number][]) => pairs.map(([first, last]) => ({ first, last }));
const M0 = 'Matched rules at index 0';

const rows: [string, Rule[] | undefined, [number, number][], string | undefined][] = [
  ['JobSuccessPolicy is disabled', undefined, [[0, 0]], undefined],
  ['successPolicy is null', undefined, [[0, 0]], undefined],
  ['any rules are nothing', [], [[0, 0]], undefined],
  ['rules.succeededIndexes is invalid format', [{ succeededIndexes: 'invalid-form' }], [[0, 0]], undefined],
  ['rules.succeededIndexes is specified; succeededIndexes matched rules', [{ succeededIndexes: '0-2' }], [[0, 2], [4, 7]], M0],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules", [{ succeededIndexes: '3' }], [[0, 2]], undefined],
  ['rules.succeededCount is specified; succeededIndexes matched rules', [{ succeededCount: 2 }], [[0, 2]], M0],
  ["rules.succeededCount is specified; succeededIndexes didn't match rules", [{ succeededCount: 4 }], [[0, 2]], undefined],
  ['multiple rules; rules.succeededIndexes is specified; succeededIndexes met one of rules', [{ succeededIndexes: '9' }, { succeededIndexes: '4,6' }], [[0, 2], [4, 7]], 'Matched rules at index 1'],
  ['multiple rules; rules.succeededIndexes is specified; succeededIndexes met all rules', [{ succeededIndexes: '0,1' }, { succeededIndexes: '5' }], [[0, 2], [4, 7]], M0],
  ['rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes met all rules', [{ succeededIndexes: '3-6', succeededCount: 2 }], [[0, 2], [4, 7]], M0],
  ["rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes didn't match rules", [{ succeededIndexes: '3-6', succeededCount: 2 }], [[0, 2], [6, 7]], undefined],
  ['rules.succeededIndexes is specified; succeededIndexes are nothing', [{ succeededCount: 4 }], [], undefined],
  ['rules.succeededIndexes is specified; succeededIndexes matched rules; rules is proper subset of succeededIndexes', [{ succeededIndexes: '2-4,6-8' }], [[1, 5], [6, 9]], M0],
  ['rules.succeededIndexes is specified; succeededIndexes matched rules; rules equals succeededIndexes', [{ succeededIndexes: '2-4,6-9' }], [[2, 4], [6, 9]], M0],
  ['rules.succeededIndexes is specified; succeededIndexes matched rules; rules is subset of succeededIndexes', [{ succeededIndexes: '2-4,8-12' }], [[2, 5], [7, 15]], M0],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules is an empty set", [{ succeededIndexes: '' }], [[1, 3]], undefined],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; succeededIndexes is an empty set", [{ succeededIndexes: '' }], [], undefined],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules and succeededIndexes are empty set", [{ succeededIndexes: '' }], [], undefined],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; all elements of rules.succeededIndexes aren't included in succeededIndexes", [{ succeededIndexes: '10-12,14-16' }], [[1, 3], [5, 7]], undefined],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules overlaps succeededIndexes at first", [{ succeededIndexes: '1-3,5-7' }], [[2, 4], [6, 8]], undefined],
  ['rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules overlaps succeededIndexes at first', [{ succeededIndexes: '1-3,5-7', succeededCount: 4 }], [[2, 4], [6, 8]], M0],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules overlaps succeededIndexes at last", [{ succeededIndexes: '2-4,6-9' }], [[1, 3], [5, 7]], undefined],
  ['rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules overlaps succeededIndexes at last', [{ succeededIndexes: '2-4,6-9', succeededCount: 4 }], [[1, 3], [5, 7]], M0],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules completely overlaps succeededIndexes", [{ succeededIndexes: '0-4,6-9' }], [[1, 3], [7, 8]], undefined],
  ['rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules completely overlaps succeededIndexes', [{ succeededIndexes: '0-4,6-9', succeededCount: 5 }], [[1, 3], [7, 8]], M0],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules overlaps multiple succeededIndexes at last", [{ succeededIndexes: '0-6,8-9' }], [[1, 3], [5, 9]], undefined],
  ['rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules overlaps multiple succeededIndexes at last', [{ succeededIndexes: '0-6,8-9', succeededCount: 7 }], [[1, 3], [5, 9]], M0],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules overlaps succeededIndexes at first, and rules equals succeededIndexes at last", [{ succeededIndexes: '0-5,7-9' }], [[1, 5], [7, 10]], undefined],
  ['rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules overlaps succeededIndexes at first, and rules equals succeededIndexes at last', [{ succeededIndexes: '0-5,7-9', succeededCount: 8 }], [[1, 5], [7, 10]], M0],
  ["rules.succeededIndexes is specified; succeededIndexes didn't match rules; the first rules overlaps succeededIndexes at first", [{ succeededIndexes: '0-3,6-9' }], [[1, 10]], undefined],
  ['rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; the first rules overlaps succeededIndexes at first', [{ succeededIndexes: '0-3,6-9', succeededCount: 7 }], [[1, 10]], M0],
];

describe('upstream TestMatchSuccessPolicy', () => {
  it.each(rows)('%s', (_name, rules, succeeded, want) => {
    expect(matchSuccessPolicy(rules === undefined ? undefined : { rules }, 10, iv(...succeeded))).toBe(want);
  });
});

describe('successPolicy end to end', () => {
  it('an Indexed Job whose leader (index 0) succeeds is done: SuccessCriteriaMet by SuccessPolicy, the workers deleted, Complete', () => {
    const job = defaultJob({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'train', namespace: 'default' },
      spec: {
        completions: 4,
        parallelism: 4,
        completionMode: 'Indexed',
        successPolicy: { rules: [{ succeededIndexes: '0' }] },
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'train', image: 'registry.example.com/train:1' }] } },
      },
    }) as KubeObject;
    const s = new Simulation({
      seed: 1,
      nodes: nodes(2),
      objects: [job],
      behaviours: {
        behaviour: (pod: Pod) => ({ imagePullMs: 0, startupMs: 0, runForMs: pod.metadata?.annotations?.[JobCompletionIndexAnnotation] === '0' ? 60_000 : 3_600_000 }),
      },
    });
    s.until(5 * 60_000);
    const j = s.store.get<Job>('Job', 'default', 'train')!;
    expect((j.status?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`)).toEqual([
      'SuccessCriteriaMet=True SuccessPolicy: Matched rules at index 0',
      'Complete=True SuccessPolicy: Matched rules at index 0',
    ]);
    expect(j.status).toMatchObject({ succeeded: 1, completedIndexes: '0', active: 0, failed: 0 });
    expect(s.events.all.filter((e) => e.involvedObject.kind === 'Job' && e.reason === 'SuccessfulDelete')).toHaveLength(3);
    expect(s.store.list<Pod>('Pod').filter((p) => p.status?.phase === 'Running')).toHaveLength(0);
  });
});
