import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario, simulate, ScenarioError } from '../../src/index.ts';

const FLAGSHIP = join(import.meta.dirname, '..', '..', 'scenarios', 'webapi-peak.yaml');

describe('library API', () => {
  it('loads a scenario from a path, runs it part way and reads state at a past time', async () => {
    const scenario = await loadScenario(FLAGSHIP);
    const run = simulate(scenario, { seed: 7 }).until('30m');
    expect(run.nowMs).toBe(1_800_000);
    expect(run.get('pods', { at: '10s' }).length).toBe(3);
    expect(run.get('deploy', { name: 'webapi-deployment' })[0]!.metadata.name).toBe('webapi-deployment');
    expect(run.events.some((e) => e.reason === 'Scheduled')).toBe(true);
    expect(run.metrics.find('http_requests_per_second')!.length).toBeGreaterThan(100);
    expect(run.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(run.summary().scenario.name).toBe('webapi-peak');
    expect(() => run.get('pods', { at: '1h' })).toThrow(/future/);
  });

  it('the same seed replays to the same hash; another seed differs', async () => {
    const scenario = await loadScenario(FLAGSHIP);
    const a = simulate(scenario, { seed: 3 }).until('20m').traceHash;
    const b = simulate(scenario, { seed: 3 }).until('20m').traceHash;
    const c = simulate(scenario, { seed: 4 }).until('20m').traceHash;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('rejects a bad scenario with every error', async () => {
    const text = 'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: x}\nspec:\n  duraton: 1h\n';
    await expect(loadScenario(text)).rejects.toBeInstanceOf(ScenarioError);
    await expect(loadScenario(text)).rejects.toThrow(/duraton/);
  });
});
