/**
 * Job invariants on the real runtime (issue 15), over arbitrary Job specs and pod outcomes: a Job never has more
 * active pods (not terminal, not being deleted) than its parallelism, its succeeded count never exceeds its
 * completions, an Indexed Job never completes an index twice, and every Job ends Complete or Failed.
 */
import fc from 'fast-check';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { defaultJob } from '../../src/api/defaults.ts';
import { isPodActive } from '../../src/cluster/pods.ts';
import type { KubeObject } from '../../src/cluster/store.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { nodes } from '../runtime/helpers.ts';

const arbJob = fc.record({
  completions: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  parallelism: fc.integer({ min: 1, max: 6 }),
  backoffLimit: fc.integer({ min: 0, max: 4 }),
  indexed: fc.boolean(),
  restartPolicy: fc.constantFrom('Never', 'OnFailure'),
  activeDeadlineSeconds: fc.option(fc.integer({ min: 30, max: 900 }), { nil: undefined }),
  cpu: fc.constantFrom('250m', '1', '2'),
  nodeCount: fc.integer({ min: 1, max: 2 }),
  // Per container start, in order: run time (s) and exit code.
  runs: fc.array(fc.record({ runForS: fc.integer({ min: 1, max: 120 }), exitCode: fc.constantFrom(0, 0, 0, 1, 42) }), { minLength: 1, maxLength: 40 }),
});

describe('Job invariants', () => {
  it('active ≤ parallelism, succeeded ≤ completions, no index twice, and the Job finishes', () => {
    fc.assert(
      fc.property(arbJob, (a) => {
        const indexed = a.indexed && a.completions !== undefined;
        const job = defaultJob({
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'prop', namespace: 'default' },
          spec: {
            ...(a.completions !== undefined ? { completions: a.completions } : {}),
            parallelism: a.parallelism,
            backoffLimit: a.backoffLimit,
            ...(indexed ? { completionMode: 'Indexed' } : {}),
            ...(a.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: a.activeDeadlineSeconds } : {}),
            template: { spec: { restartPolicy: a.restartPolicy, containers: [{ name: 'w', image: 'w:1', resources: { requests: { cpu: a.cpu } } }] } },
          },
        }) as KubeObject;
        let start = 0;
        const sim = new Simulation({
          seed: 1,
          nodes: nodes(a.nodeCount, '2', '8Gi'),
          objects: [job],
          behaviours: {
            behaviour: () => {
              const r = a.runs[start++ % a.runs.length]!;
              return { imagePullMs: 0, startupMs: 0, runForMs: r.runForS * 1000, exitCode: r.exitCode };
            },
          },
        });
        const problems: string[] = [];
        const check = () => {
          const j = sim.store.get<Job>('Job', 'default', 'prop');
          if (!j) return;
          const active = sim.store.ownedBy<Pod>('Pod', j.metadata.uid).filter(isPodActive).length;
          if (active > a.parallelism) problems.push(`${sim.nowMs}: ${active} active > parallelism ${a.parallelism}`);
          if (a.completions !== undefined && (j.status?.succeeded ?? 0) > a.completions) problems.push(`${sim.nowMs}: succeeded ${j.status?.succeeded} > completions ${a.completions}`);
        };
        sim.store.watch('Pod', check);
        sim.store.watch('Job', check);
        sim.until(3 * 3_600_000);
        const j = sim.store.get<Job>('Job', 'default', 'prop')!;
        expect(problems).toEqual([]);
        if (indexed) {
          const succeeded = sim.store.ownedBy<Pod>('Pod', j.metadata.uid).filter((p) => p.status?.phase === 'Succeeded');
          const indexes = succeeded.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']);
          expect(j.status?.succeeded).toBeLessThanOrEqual(a.completions!);
          expect(new Set(indexes).size).toBeGreaterThanOrEqual(j.status?.succeeded ?? 0);
        }
        const finished = (j.status?.conditions ?? []).filter((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True').map((c) => c.type);
        expect(finished).toHaveLength(1);
        if (finished[0] === 'Complete' && a.completions !== undefined) expect(j.status?.succeeded).toBe(a.completions);
      }),
      { numRuns: 60, seed: 1501 },
    );
  });
});
