/** HPA properties on the real runtime (issue 6): drawn HPA specs with behaviors, loads and failures. */
import { describe, expect, it } from 'vitest';
import { arbScenario, assertScenarioProperty, invariants } from '../../src/testing/index.ts';

describe('HorizontalPodAutoscaler', () => {
  it('the target replicas and desiredReplicas always stay within [minReplicas, maxReplicas]', () => {
    const arb = arbScenario({ durationSeconds: 900, hpa: true, maxReplicas: 6, load: { maxRps: 600 } });
    let rescales = 0;
    assertScenarioProperty(
      arb,
      (run) => {
        invariants.replicasWithinHpaBounds(run);
        rescales += run.events.filter((e) => e.reason === 'SuccessfulRescale').length;
      },
      { numRuns: 30, seed: 601 },
    );
    // Not vacuous: the HPAs did rescale.
    expect(rescales).toBeGreaterThan(10);
  });
});
