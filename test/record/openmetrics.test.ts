/**
 * `kubesim run --metrics-out`: the file follows the OpenMetrics text grammar (checked line by line below), and
 * when promtool is installed (Debian's `prometheus` package) it imports into a TSDB whose samples read back equal
 * to kubesim's own query answers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { familyOf } from '../../src/record/openmetrics.ts';
import { CANARY, kubesim } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-om-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const METRIC = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const NUMBER = '(?:[-+]?(?:\\d+(?:\\.\\d+)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?Inf|NaN)';
const SAMPLE = new RegExp(`^(${METRIC})(?:\\{(${LABEL}=${VALUE}(?:,${LABEL}=${VALUE})*)?\\})? (${NUMBER}) (\\d+(?:\\.\\d+)?)$`);
const TYPE = new RegExp(`^# TYPE (${METRIC}) (counter|gauge|histogram|gaugehistogram|stateset|info|summary|unknown)$`);

/** Every rule of the OpenMetrics text format the file must keep; returns the first broken one with its line. */
export function checkOpenMetrics(text: string): string | undefined {
  const lines = text.split('\n');
  if (lines[lines.length - 1] !== '') return 'the file must end with a newline';
  lines.pop();
  if (lines[lines.length - 1] !== '# EOF') return 'the last line must be # EOF';
  const seenFamilies = new Set<string>();
  let family: { name: string; type: string } | undefined;
  const lastTime = new Map<string, number>();
  const finished = new Set<string>();
  let current = '';
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    const type = TYPE.exec(line);
    if (type) {
      if (seenFamilies.has(type[1]!)) return `line ${i + 1}: family ${type[1]} interleaved`;
      seenFamilies.add(type[1]!);
      family = { name: type[1]!, type: type[2]! };
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) return `line ${i + 1}: not a sample: ${line}`;
    if (!family) return `line ${i + 1}: sample before any # TYPE`;
    const histogram = family.type === 'histogram';
    const want = family.type === 'counter' ? [`${family.name}_total`] : histogram ? ['_bucket', '_count', '_sum'].map((x) => family!.name + x) : [family.name];
    if (!want.includes(m[1]!)) return `line ${i + 1}: sample ${m[1]} in family ${family.name} (${family.type})`;
    const labelList = m[2] ?? '';
    if (histogram && m[1]!.endsWith('_bucket') !== /(?:^|,)le="/.test(labelList)) return `line ${i + 1}: le belongs on the buckets, and only there`;
    // A histogram's Metric is its labels without le: its bucket, count and sum lines interleave point by point.
    const key = histogram ? `${family.name}{${labelList.replace(/(?:^|,)le="[^"]*"/, '').replace(/^,/, '')}}` : `${m[1]}{${labelList}}`;
    if (key !== current) {
      if (finished.has(key)) return `line ${i + 1}: series ${key} interleaved with another`;
      if (current) finished.add(current);
      current = key;
    }
    const t = Number(m[4]);
    const sampleKey = `${m[1]}{${labelList}}`;
    if (t <= (lastTime.get(sampleKey) ?? -Infinity)) return `line ${i + 1}: timestamps of ${sampleKey} must increase`;
    if (histogram && t < (lastTime.get(key) ?? -Infinity)) return `line ${i + 1}: the points of ${key} must be in time order`;
    lastTime.set(sampleKey, t);
    lastTime.set(key, t);
    const labelNames = (m[2] ?? '').match(new RegExp(`(?:^|,)(${LABEL})=`, 'g'))?.map((x) => x.replace(/^,/, '').slice(0, -1)) ?? [];
    if (new Set(labelNames).size !== labelNames.length) return `line ${i + 1}: duplicate label`;
  }
  return undefined;
}

describe('OpenMetrics export', () => {
  const file = join(dir, 'canary.om');
  let text = '';

  it('kubesim run --metrics-out writes every series', async () => {
    const r = await kubesim('run', CANARY, '--metrics-out', file, '--no-progress');
    expect(r.err).toBe('');
    text = readFileSync(file, 'utf8');
    for (const family of [
      'http_requests counter',
      'kube_pod_status_phase gauge',
      'container_cpu_usage_seconds counter',
      'kube_pod_container_status_restarts counter',
      'kubesim_nodes gauge',
      'http_request_duration_seconds histogram',
      // The quantile gauge cannot share the histogram's family name.
      'http_request_duration_seconds_gauge gauge',
    ]) {
      expect(text).toContain(`# TYPE ${family}\n`);
    }
    expect(text).toMatch(/\nhttp_requests_total\{code="500",namespace="default",rollouts_pod_template_hash="[a-z0-9]+",service="rollout-canary"\} \d+(\.\d+)? \d+\.\d{3}\n/);
  });

  it('follows the OpenMetrics grammar', () => {
    expect(checkOpenMetrics(text)).toBeUndefined();
  });

  it('the grammar check catches interleaved families, a counter without _total, a bad value and a missing # EOF', () => {
    const ok = '# TYPE a counter\na_total 1 1.000\na_total 2 2.000\n# TYPE b gauge\nb{x="1"} NaN 1.000\n# EOF\n';
    expect(checkOpenMetrics(ok)).toBeUndefined();
    expect(checkOpenMetrics(ok.replace('# TYPE b gauge', '# TYPE a gauge'))).toMatch(/interleaved/);
    expect(checkOpenMetrics(ok.replace('a_total 2', 'a 2'))).toMatch(/sample a in family a/);
    expect(checkOpenMetrics(ok.replace('NaN', 'nan'))).toMatch(/not a sample/);
    expect(checkOpenMetrics(ok.replace('# EOF\n', ''))).toMatch(/# EOF/);
    expect(checkOpenMetrics(ok.replace('a_total 2 2.000', 'a_total 2 1.000'))).toMatch(/must increase/);
    const hist = '# TYPE h histogram\nh_bucket{le="1"} 1 1.000\nh_bucket{le="+Inf"} 2 1.000\nh_count 2 1.000\nh_sum 3 1.000\nh_bucket{le="1"} 2 2.000\nh_bucket{le="+Inf"} 3 2.000\nh_count 3 2.000\nh_sum 4 2.000\n# EOF\n';
    expect(checkOpenMetrics(hist)).toBeUndefined();
    expect(checkOpenMetrics(hist.replace('h_count 2 1.000', 'h_count{le="1"} 2 1.000'))).toMatch(/le belongs/);
    expect(checkOpenMetrics(hist.replace('h_sum 4 2.000', 'h_sum 4 0.500'))).toMatch(/must increase|time order/);
  });

  it('writes the latency histogram as MetricPoints: buckets in ascending le, then _count, then _sum, at each time', () => {
    const at = text.indexOf('# TYPE http_request_duration_seconds histogram\n');
    const point = text.slice(at).split('\n').slice(1, 15);
    const names = point.map((l) => l.split(' ')[0]!.replace(/,?service="[^"]*"/, '').replace('{}', ''));
    expect(names).toEqual([
      ...['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'].map((le) => `http_request_duration_seconds_bucket{le="${le}"}`),
      'http_request_duration_seconds_count',
      'http_request_duration_seconds_sum',
    ]);
    const values = point.map((l) => Number(l.split(' ')[1]));
    for (let i = 1; i < 12; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(values[12]).toBe(values[11]);
  });

  it('names families as OpenMetrics does', () => {
    expect(familyOf('http_requests_total')).toEqual({ family: 'http_requests', type: 'counter' });
    expect(familyOf('kube_pod_info')).toEqual({ family: 'kube_pod_info', type: 'gauge' });
  });

  const promtool = spawnSync('promtool', ['--version']).status === 0;
  it.skipIf(!promtool)('imports with promtool tsdb create-blocks-from openmetrics and reads back what kubesim answers', async () => {
    const tsdb = join(dir, 'tsdb');
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, tsdb], { stdio: 'pipe' });
    // promtool's dump wants a WAL directory, which block creation does not write.
    mkdirSync(join(tsdb, 'wal'), { recursive: true });
    const dump = execFileSync('promtool', ['tsdb', 'dump', '--match', 'http_requests_total{code="500"}', tsdb], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const lines = dump.trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    const last = lines[lines.length - 1]!.match(/\} (\S+) (\d+)$/)!;
    const ours = await kubesim('query', CANARY, 'sum(http_requests_total{code="500"})', '-o', 'json', '--no-progress');
    const answer = (JSON.parse(ours.out) as { data: { result: { value: [number, string] }[] } }).data.result[0]!;
    expect(Number(last[1])).toBe(Number(answer.value[1]));
    expect(Number(last[2]) / 1000).toBe(answer.value[0]);
    // The histogram imports as classic bucket series.
    const buckets = execFileSync('promtool', ['tsdb', 'dump', '--match', 'http_request_duration_seconds_bucket{le="0.1"}', tsdb], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n');
    const lastBucket = buckets[buckets.length - 1]!.match(/\} (\S+) (\d+)$/)!;
    const ourBucket = await kubesim('query', CANARY, 'sum(http_request_duration_seconds_bucket{le="0.1"})', '-o', 'json', '--no-progress');
    expect(Number(lastBucket[1])).toBeCloseTo(Number((JSON.parse(ourBucket.out) as { data: { result: { value: [number, string] }[] } }).data.result[0]!.value[1]), 9);
  });
});
