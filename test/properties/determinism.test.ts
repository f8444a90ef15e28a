/** Determinism (issue 9): one scenario and one seed give one trace. */
import { describe, expect, it } from 'vitest';
import { arbScenario, assertScenarioProperty, runScenario } from '../../src/testing/index.ts';

describe('determinism', () => {
  it('the same seed gives the same trace hash, events and decisions', () => {
    assertScenarioProperty(
      arbScenario({ durationSeconds: 600 }),
      (run, scenario) => {
        const again = runScenario(scenario);
        expect(again.traceHash).toBe(run.traceHash);
        expect(again.events.length).toBe(run.events.length);
        expect(again.decisions.length).toBe(run.decisions.length);
      },
      { numRuns: 20, seed: 901 },
    );
  });
});
