import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SHORT, kubesim } from './helpers.ts';

const COUNT = 'spec.cluster.nodePools[0].count';
const MAX = 'spec.traffic[0].profile.ramp.to';
/** 2 grid points × 2 seeds of the 20-minute webapi: 4 short runs. */
const GRID = ['sweep', SHORT, '--set', `${COUNT}=2,3`, '--seeds', '1..2', '--no-progress'];
const tmp = () => mkdtempSync(path.join(tmpdir(), 'kubesim-sweep-'));

interface SweepJson {
  kind: string;
  runs: { index: number; point: number; seed: number; error?: string; cost?: number; trace_hash?: string }[];
  points: Record<string, unknown>[];
  pareto_front: number[];
  recommendation: number | null;
  shard?: { index: number; count: number };
}

describe('kubesim sweep', () => {
  it('prints one row per grid point with stable columns, the Pareto front and the recommendation', async () => {
    const r = await kubesim(...GRID, '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.split('\n')[0]).toMatch(
      /^POINT\s+spec\.cluster\.nodePools\[0\]\.count\s+SEEDS\s+COST MEAN\s+COST P95\s+SLO MEAN\s+SLO WORST\s+BURN MEAN\s+BURN WORST\s+P99 MEAN\s+P99 WORST\s+MAX PENDING\s+PEAK NODES\s+PASS\s+PARETO$/,
    );
    expect(r.out).toMatchSnapshot();
    expect(r.out).toContain('Pareto front (cost vs SLO attainment): point');
    expect(r.out).toMatch(/recommendation: point \d \(spec\.cluster\.nodePools\[0\]\.count=\d\)/);
    expect(r.out).toContain(`replay: kubesim run ${SHORT} --seed `);
  });

  it('gives the same output byte for byte with 1 and 2 worker threads, in every format', async () => {
    for (const format of ['json', 'csv', 'table']) {
      const one = await kubesim(...GRID, '-o', format, '--workers', '1');
      const two = await kubesim(...GRID, '-o', format, '--workers', '2');
      expect(two.code).toBe(0);
      expect(two.out).toBe(one.out);
    }
  });

  it('-o csv has the documented header; -o json the runs, the points and the front', async () => {
    const csv = await kubesim(...GRID, '-o', 'csv', '--workers', '1');
    expect(csv.out.split('\n')[0]).toBe(
      'point,spec.cluster.nodePools[0].count,seeds,runs_failed,cost_mean,cost_p95,slo_attainment_mean,slo_attainment_worst,error_budget_burn_mean,' +
        'error_budget_burn_worst,latency_p99_ms_mean,latency_p99_ms_worst,pending_max_ms,nodes_peak,expectations_pass_rate,pareto,replay',
    );
    expect(csv.out.trim().split('\n')).toHaveLength(3);
    const json = JSON.parse((await kubesim(...GRID, '-o', 'json', '--workers', '1')).out) as SweepJson;
    expect(json.kind).toBe('SweepResult');
    expect(json.runs.map((x) => [x.index, x.point, x.seed])).toEqual([[0, 0, 1], [1, 0, 2], [2, 1, 1], [3, 1, 2]]);
    expect(json.points.map((p) => p['values'])).toEqual([['2'], ['3']]);
    expect(json.pareto_front.length).toBeGreaterThan(0);
    // Two nodes cost less than three over the same 20 minutes.
    expect(json.points[0]!['cost_mean']).toBeLessThan(json.points[1]!['cost_mean'] as number);
  });

  it('a run matches kubesim run with the same seed and --set, as the replay command says', async () => {
    const json = JSON.parse((await kubesim('sweep', SHORT, '--set', `${MAX}=150`, '--seeds', '7', '-o', 'json', '--workers', '1')).out) as SweepJson;
    const run = JSON.parse((await kubesim('run', SHORT, '--seed', '7', '--set', `${MAX}=150`, '--json')).out) as { traceHash: string };
    expect(json.runs[0]!.trace_hash).toBe(run.traceHash);
    expect(json.points[0]!['replay']).toBe(`kubesim run ${SHORT} --seed 7 --set 'spec.traffic[0].profile.ramp.to=150'`);
  });

  it('a grid point that does not load is a row with its error; the other points run', async () => {
    const r = await kubesim('sweep', SHORT, '--set', `${COUNT}=3,many`, '--no-progress', '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.err).toContain('spec.cluster.nodePools[0].count');
    expect(r.out).toMatch(/^1\s+many\s+0\/1\s+-\s+-/m);
    expect(r.out).toMatch(/failed runs \(1\):\nRUN\s+POINT\s+SEED\s+ERROR\n1\s+1\s+-\s+.*nodePools\[0\]\.count/);
    const json = JSON.parse((await kubesim('sweep', SHORT, '--set', `${COUNT}=3,many`, '-o', 'json', '--workers', '2')).out) as SweepJson;
    expect(json.runs[1]!.error).toContain('spec.cluster.nodePools[0].count');
    expect(json.runs[0]!.error).toBeUndefined();
    expect(json.points[1]).toMatchObject({ runs_failed: 1, cost_mean: null, pareto: false });
  });

  it('--out writes sweep.json and a self-contained sweep.html with the front and the replay commands', async () => {
    const dir = tmp();
    await kubesim(...GRID, '--workers', '1', '--out', dir);
    const html = readFileSync(path.join(dir, 'sweep.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
    expect(html).toContain('<svg');
    expect(html).toContain('id="point-0"');
    expect(html).toContain(`kubesim run ${SHORT} --seed`);
    expect(html).toContain('class="front"');
    expect(JSON.parse(readFileSync(path.join(dir, 'sweep.json'), 'utf8')).kind).toBe('SweepResult');
  });

  it.each([
    [['sweep', SHORT, '--seeds', '5..1'], '--seeds: empty range 5..1'],
    [['sweep', SHORT, '--seeds', 'a,b'], '--seeds: expected an integer'],
    [['sweep', SHORT, '--set', 'spec.seed'], '--set: expected path=value1,value2,…'],
    [['sweep', SHORT, '--set', `${COUNT}=1,,2`], 'empty value'],
    [['sweep', SHORT, '--set', `${COUNT}=1`, '--set', `${COUNT}=2`], 'is given twice'],
    [['sweep', SHORT, '--set', `${COUNT}=many`], 'the scenario was not run'],
    [['sweep', SHORT, '--set', `${COUNT}=x,y`], 'none of the 2 grid points loads; nothing was run'],
    [['sweep', SHORT, '--shard', '2/2'], '--shard 2/2: i must be below n'],
    [['sweep', SHORT, '-o', 'yaml'], '-o: expected one of table, csv, json'],
    [['sweep', SHORT, '--workers', '0'], '--workers: expected a positive integer'],
  ])('exits 2 with a clear message: %j', async (argv, message) => {
    const r = await kubesim(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });
});

describe('kubesim sweep --shard and kubesim merge', () => {
  it('merged shards equal the single run byte for byte: table, csv, json and the report', async () => {
    const single = tmp();
    const whole = await kubesim(...GRID, '--workers', '1', '-o', 'json', '--out', single);
    const files: string[] = [];
    for (let i = 0; i < 3; i++) {
      const dir = tmp();
      const r = await kubesim(...GRID, '--workers', '1', '--shard', `${i}/3`, '-o', 'json', '--out', dir);
      const doc = JSON.parse(r.out) as SweepJson;
      expect(doc.shard).toEqual({ index: i, count: 3 });
      expect(doc.runs.map((x) => x.index)).toEqual([0, 1, 2, 3].filter((x) => x % 3 === i));
      files.push(path.join(dir, 'sweep.json'));
    }
    const merged = tmp();
    const m = await kubesim('merge', ...files, '-o', 'json', '--out', merged);
    expect(m.code).toBe(0);
    expect(m.out).toBe(whole.out);
    expect(readFileSync(path.join(merged, 'sweep.html'), 'utf8')).toBe(readFileSync(path.join(single, 'sweep.html'), 'utf8'));
    expect((await kubesim('merge', ...files.reverse())).out).toBe((await kubesim(...GRID, '--workers', '1')).out);
    expect((await kubesim('merge', ...files, '-o', 'csv')).out).toBe((await kubesim(...GRID, '--workers', '1', '-o', 'csv')).out);
  });

  it('merge refuses missing shards, overlaps and files of another sweep', async () => {
    const shard = async (i: number, extra: string[] = []) => {
      const dir = tmp();
      await kubesim(...GRID, ...extra, '--workers', '1', '--shard', `${i}/2`, '--out', dir);
      return path.join(dir, 'sweep.json');
    };
    const s0 = await shard(0);
    const missing = await kubesim('merge', s0);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('merge: the files hold 2 of the 4 runs; missing shard(s) 1/2');
    expect((await kubesim('merge', s0, s0)).err).toContain('run 0 is in both');
    const other = await shard(1, ['--set', `${MAX}=150`]);
    expect((await kubesim('merge', s0, other)).err).toContain('is of another sweep');
    const notJson = path.join(tmp(), 'x.json');
    writeFileSync(notJson, '{"kind":"Other"}');
    expect((await kubesim('merge', notJson)).err).toContain('not the JSON output of kubesim sweep');
  });
});

describe('kubesim sweep --emit-job', () => {
  const emit = (...extra: string[]) => kubesim('sweep', 'scenarios/capacity-plan.yaml', '--set', 'spec.manifests[1].spec.maxReplicas=6,10', '--seeds', '1..10', '--emit-job', '--shards', '5', ...extra);

  it('writes an Indexed Job, its ConfigMap and results claim that kubesim validate accepts', async () => {
    const r = await emit();
    expect(r.code).toBe(0);
    const file = path.join(tmp(), 'job.yaml');
    writeFileSync(file, r.out);
    const v = await kubesim('validate', file);
    expect(v.out).toContain('3 resources in 1 files - valid 3, invalid 0, skipped 0');
    expect(v.code).toBe(0);
    const [configMap, pvc, job] = parseAllDocuments(r.out).map((d) => d.toJS()) as Record<string, any>[];
    expect(configMap!['kind']).toBe('ConfigMap');
    expect(pvc!['spec']['accessModes']).toEqual(['ReadWriteMany']);
    expect(job!['spec']).toMatchObject({ completionMode: 'Indexed', completions: 5, parallelism: 5 });
    const pod = job!['spec']['template']['spec'];
    const c = pod['containers'][0];
    expect(c['image']).toBe('ghcr.io/kubesim/kubesim:0.1.0');
    expect(c['args']).toEqual([
      'sweep', 'scenarios/capacity-plan.yaml', '--set', 'spec.manifests[1].spec.maxReplicas=6,10', '--seeds', '1..10',
      '--shard', '$(JOB_COMPLETION_INDEX)/5', '--workers', '1', '--no-progress', '--out', '/results/shard-$(JOB_COMPLETION_INDEX)',
    ]);
    // The scenario and the manifest file it names are mounted where the scenario path finds them.
    const items = pod['volumes'][0]['configMap']['items'] as { key: string; path: string }[];
    expect(items.map((i) => i.path)).toEqual(['capacity-plan.yaml', 'manifests/capacity-plan/webapi.yaml']);
    expect(c['volumeMounts'][0]).toEqual({ name: 'scenario', mountPath: '/sweep/scenarios', readOnly: true });
    expect(c['workingDir']).toBe('/sweep');
    expect(configMap!['data'][items[0]!.key]).toBe(readFileSync('scenarios/capacity-plan.yaml', 'utf8'));
  });

  it('matches the Kubernetes OpenAPI shape of its kinds (JSON Schema, kubeconform-style)', async () => {
    const docs = parseAllDocuments((await emit('--image', 'example.com/kubesim:dev', '--results-pvc', 'shared')).out).map((d) => d.toJS()) as Record<string, any>[];
    expect(docs.map((d) => d['kind'])).toEqual(['ConfigMap', 'Job']);
    expect(docs[1]!['spec']['template']['spec']['containers'][0]['image']).toBe('example.com/kubesim:dev');
    expect(docs[1]!['spec']['template']['spec']['volumes'][1]).toEqual({ name: 'results', persistentVolumeClaim: { claimName: 'shared' } });
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(INDEXED_JOB_SCHEMA);
    expect(validate(docs[1]), JSON.stringify(validate.errors)).toBe(true);
  });
});

/**
 * The fields of batch/v1 Job an Indexed sweep relies on, with their OpenAPI types and required fields (from the
 * Kubernetes API reference for batch/v1 JobSpec, PodSpec, Container and Volume).
 */
const INDEXED_JOB_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'batch/v1' },
    kind: { const: 'Job' },
    metadata: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 } } },
    spec: {
      type: 'object',
      required: ['template', 'completionMode', 'completions', 'parallelism'],
      properties: {
        completionMode: { enum: ['Indexed', 'NonIndexed'] },
        completions: { type: 'integer', minimum: 1, maximum: 100000 },
        parallelism: { type: 'integer', minimum: 1, maximum: 100000 },
        backoffLimit: { type: 'integer', minimum: 0 },
        template: {
          type: 'object',
          required: ['spec'],
          properties: {
            spec: {
              type: 'object',
              required: ['containers', 'restartPolicy'],
              properties: {
                restartPolicy: { enum: ['Never', 'OnFailure'] },
                containers: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['name', 'image'],
                    properties: { name: { type: 'string' }, image: { type: 'string' }, args: { type: 'array', items: { type: 'string' } }, command: { type: 'array', items: { type: 'string' } } },
                  },
                },
                volumes: { type: 'array', items: { type: 'object', required: ['name'] } },
              },
            },
          },
        },
      },
    },
  },
};
