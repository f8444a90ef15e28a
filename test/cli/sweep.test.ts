import { describe, expect, it } from 'vitest';
import { cartesian, parseSeeds, parseSweepParameter, splitValues, type SweepRun } from '../../src/cli/commands/sweep.ts';
import { SHORT, kubesim } from './helpers.ts';

const COUNT = 'spec.cluster.nodePools[0].count';
const MAX = 'spec.traffic[0].profile.ramp.to';

describe('kubesim sweep', () => {
  it('runs every combination and seed and prints one row per run, then a table across seeds', async () => {
    const r = await kubesim('sweep', SHORT, '--set', `${COUNT}=2,3`, '--set', `${MAX}=200,400`, '--seeds', '1..2');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatchSnapshot();
    const [runs, across] = r.out.split('\nacross seeds:\n') as [string, string];
    expect(runs.trim().split('\n')).toHaveLength(1 + 8);
    expect(runs.split('\n')[0]).toMatch(
      /^spec\.cluster\.nodePools\[0\]\.count\s+spec\.traffic\[0\]\.profile\.ramp\.to\s+SEED\s+EXPECT\s+webapi-service AVAIL\s+webapi-service P99\s+PEAK REPLICAS\s+MAX PENDING\s+COST\s+TRACE$/,
    );
    expect(across.trim().split('\n')).toHaveLength(1 + 4);
  });

  it('--json gives the runs with their figures; more load needs more replicas', async () => {
    const r = await kubesim('sweep', SHORT, '--set', `${MAX}=100,400`, '--json');
    const doc = JSON.parse(r.out) as { parameters: unknown; runs: SweepRun[] };
    expect(doc.parameters).toEqual([{ path: MAX, values: ['100', '400'] }]);
    expect(doc.runs.map((x) => x.overrides)).toEqual([{ [MAX]: '100' }, { [MAX]: '400' }]);
    expect(doc.runs.every((x) => x.seed === 42 && /^[0-9a-f]{16}$/.test(x.traceHash))).toBe(true);
    const peak = doc.runs.map((x) => x.peakReplicas['deployment/webapi-deployment']!);
    expect(peak[1]).toBeGreaterThan(peak[0]!);
    expect(doc.runs[0]!.expectationsTotal).toBe(4);
  });

  it('a run with a given seed matches kubesim run with that seed', async () => {
    const sweep = await kubesim('sweep', SHORT, '--seeds', '7', '--json');
    const run = await kubesim('run', SHORT, '--seed', '7', '--json');
    expect((JSON.parse(sweep.out) as { runs: SweepRun[] }).runs[0]!.traceHash).toBe((JSON.parse(run.out) as { traceHash: string }).traceHash);
  });

  it.each([
    [['sweep', SHORT, '--set', `${COUNT}=1,2,3,4,5,6,7,8,9,10,11`, '--seeds', '1..20'], 'the sweep asks for 220 runs (11 combination(s) × 20 seed(s)); at most 200'],
    [['sweep', SHORT, '--seeds', '5..1'], '--seeds: empty range 5..1'],
    [['sweep', SHORT, '--seeds', 'a,b'], '--seeds: expected an integer'],
    [['sweep', SHORT, '--set', 'spec.seed'], '--set: expected path=value1,value2,…'],
    [['sweep', SHORT, '--set', `${COUNT}=1,,2`], 'empty value'],
    [['sweep', SHORT, '--set', `${COUNT}=1`, '--set', `${COUNT}=2`], 'is given twice'],
    [['sweep', SHORT, '--set', `${COUNT}=2,many`], 'the scenario was not run'],
  ])('exits 2 with a clear message: %j', async (argv, message) => {
    const r = await kubesim(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });
});

describe('sweep arguments', () => {
  it.each([
    ['1,2,3', ['1', '2', '3']],
    ['800', ['800']],
    ['{constant: 50, jitter: 0.1},{constant: 80}', ['{constant: 50, jitter: 0.1}', '{constant: 80}']],
    ['[a, b],[c]', ['[a, b]', '[c]']],
    ['"a,b",c', ['"a,b"', 'c']],
    [' 2m , 5m ', ['2m', '5m']],
  ])('splitValues(%j)', (text, values) => {
    expect(splitValues(text)).toEqual(values);
  });

  it('parses a parameter', () => {
    expect(parseSweepParameter('spec.seed=1,2')).toEqual({ path: 'spec.seed', values: ['1', '2'] });
  });

  it.each([
    ['1..5', [1, 2, 3, 4, 5]],
    ['7', [7]],
    ['1,4,9', [1, 4, 9]],
    ['-1..1', [-1, 0, 1]],
  ])('parseSeeds(%j)', (text, seeds) => {
    expect(parseSeeds(text)).toEqual(seeds);
  });

  it('builds the cartesian product, first parameter slowest', () => {
    expect(cartesian([{ path: 'a', values: ['1', '2'] }, { path: 'b', values: ['x', 'y', 'z'] }])).toEqual([
      ['1', 'x'], ['1', 'y'], ['1', 'z'], ['2', 'x'], ['2', 'y'], ['2', 'z'],
    ]);
    expect(cartesian([])).toEqual([[]]);
  });
});
