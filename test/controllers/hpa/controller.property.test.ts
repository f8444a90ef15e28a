/**
 * Invariants of the HPA loop under random CPU load (piecewise constant per minute): replicas stay within
 * [min, max]; no scale-down within the stabilisation window below a recent recommendation; a Pods 4 / 60 s
 * scale-up policy never lets replicas grow by more than 4 over any 60 s.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { buildFixture } from './fixture.ts';

const CPU = (target: number) => [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }];
const arbLoad = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 30 });
const levelAt = (load: number[]) => (from: number) => load[Math.min(load.length - 1, Math.floor(from / 60_000))]!;

/**
 * Replicas of the target after every rescale, with the initial count at time 0 (from the decision log: events
 * aggregate repeated messages such as two "New size: 5").
 */
function steps(f: ReturnType<typeof buildFixture>, initial: number): [number, number][] {
  const out: [number, number][] = [[0, initial]];
  for (const d of f.ctx.decisions.all) {
    const x = d.details as { rescaled?: boolean; desiredReplicas: number };
    if (x.rescaled) out.push([d.tMs, x.desiredReplicas]);
  }
  return out;
}

describe('HPA properties', () => {
  it('replicas always within [min, max]', () => {
    fc.assert(
      fc.property(arbLoad, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 15 }), fc.boolean(), (load, min, span, withBehavior) => {
        const max = min + span;
        const f = buildFixture({
          replicas: min,
          cpuMillisAvg: levelAt(load),
          hpa: {
            minReplicas: min,
            maxReplicas: max,
            metrics: CPU(60),
            ...(withBehavior ? { behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } : {}),
          } as NonNullable<HorizontalPodAutoscaler['spec']>,
        });
        f.engine.run({ until: load.length * 60_000 });
        for (const [, r] of steps(f, min)) expect(r >= min && r <= max).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('no scale-down inside the stabilisation window below a higher recommendation', () => {
    fc.assert(
      fc.property(arbLoad, (load) => {
        const f = buildFixture({ replicas: 2, cpuMillisAvg: levelAt(load), hpa: { minReplicas: 1, maxReplicas: 30, metrics: CPU(50) } as NonNullable<HorizontalPodAutoscaler['spec']> });
        f.engine.run({ until: load.length * 60_000 });
        const ds = f.ctx.decisions.all.map((d) => ({ t: d.tMs, p: (d.details as { proposal?: number }).proposal, cur: (d.details as { currentReplicas: number }).currentReplicas }));
        const s = steps(f, 2);
        for (let i = 1; i < s.length; i++) {
          const [t, v] = s[i]!;
          if (v >= s[i - 1]![1]) continue;
          // Legacy window: every recommendation not older than 300 s (and the initial one) is at most v.
          for (const d of ds) if (d.t >= t - 300_000 && d.t <= t && d.p !== undefined) expect(d.p).toBeLessThanOrEqual(v);
          expect(t).toBeGreaterThanOrEqual(300_000);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('with a Pods 4 / 60 s policy no 60 s window adds more than 4', () => {
    fc.assert(
      fc.property(arbLoad, (load) => {
        const f = buildFixture({
          replicas: 1,
          cpuMillisAvg: levelAt(load),
          hpa: {
            minReplicas: 1,
            maxReplicas: 100,
            metrics: CPU(20),
            behavior: { scaleUp: { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] }, scaleDown: { stabilizationWindowSeconds: 0 } },
          } as NonNullable<HorizontalPodAutoscaler['spec']>,
        });
        f.engine.run({ until: load.length * 60_000 });
        const s = steps(f, 1);
        const at = (t: number) => (s.filter(([x]) => x <= t).at(-1) ?? s[0]!)[1];
        for (const [t, v] of s) expect(v - at(t - 60_000)).toBeLessThanOrEqual(4);
      }),
      { numRuns: 40 },
    );
  });
});
