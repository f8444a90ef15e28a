import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFieldError } from '../../src/api/errors.ts';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import {
  MemoryFileSystem,
  applyOverrides,
  loadScenarioFile,
  loadScenarioFromObject,
  loadScenarioFromText,
  nodeLabels,
  nodeName,
  type Scenario,
} from '../../src/scenario/index.ts';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.relative(process.cwd(), path.join(here, '../fixtures'));
const good = path.join(fixtures, 'scenarios');
const broken = path.join(fixtures, 'broken-scenarios');

function load(file: string, set?: string[]): Scenario {
  const r = loadScenarioFile(path.join(good, file), nodeFileSystem, set ? { set } : {});
  expect(r.errors.map(formatFieldError)).toEqual([]);
  return r.scenario as Scenario;
}

/** Paths in messages relative to the fixtures folder, so snapshots do not depend on the working directory. */
function rel(msg: string): string {
  return msg.split(`${fixtures}/`).join('');
}

describe('valid scenarios load with defaults', () => {
  it('minimal: defaults for seed, resolution, start time, pods and grace period; instance type catalogue', () => {
    const s = load('minimal.yaml');
    expect(s.seed).toBe(1);
    expect(s.durationMs).toBe(600_000);
    expect(s.resolutionMs).toBe(15_000);
    expect(s.startTimeMs).toBe(0);
    expect(s.metadata).toEqual({ name: 'minimal', description: '' });
    expect(s.cluster.nodeMonitorGracePeriodMs).toBe(50_000);
    const pool = s.cluster.nodePools[0]!;
    expect(pool).toMatchObject({ name: 'pool', count: 1, instanceType: 'm5.large', pricePerHour: 0.096 });
    expect(pool.capacity).toEqual({ cpuMillis: 2000, memoryBytes: 8 * 1024 ** 3, pods: 29, ephemeralStorageBytes: 100 * 1024 ** 3, extended: {} });
    expect(pool.allocatable).toEqual(pool.capacity);
    expect(s.manifests.map((o) => `${o.kind}/${o.name}`)).toEqual(['Deployment/web', 'Service/web']);
    expect(s.manifests[0]!.source).toMatchObject({ line: 13, col: 5 });
    expect(s.scheduler.schedulerName).toBe('default-scheduler');
    expect(s).toMatchObject({ workloads: {}, traffic: [], timeline: [], faults: [], expect: [] });
  });

  it('webapi-day: manifests from ../, workloads with versions, timeline sorted by time, expectations typed', () => {
    const s = load('webapi-day.yaml');
    expect(s.manifestFiles.map(rel)).toEqual(['manifests/seed/webapi.yaml']);
    expect(s.manifests.map((o) => o.kind)).toEqual(['Deployment', 'Service', 'HorizontalPodAutoscaler']);
    const w = s.workloads['webapi-deployment']!;
    expect(w).toMatchObject({ kind: 'Deployment', namespace: 'default', startup: { imagePullMs: 4000, readyMs: 6000 }, health: {} });
    expect(w.versions['myregistry.azurecr.io/webapi:v2']).toEqual({ startup: { imagePullMs: 4000, readyMs: 10_000 }, health: {} });
    expect(w.model.cpuPerRequest).toBe('2m');
    expect(s.traffic).toMatchObject([{ service: 'webapi-service', namespace: 'default', balancing: 'random', profile: { diurnal: { min: 50, max: 400, peakAt: '14h' } } }]);
    expect(s.timeline.map((e) => [e.atMs, e.action.type, e.index])).toEqual([
      [50_700_000, 'failNode', 1],
      [51_000_000, 'setImage', 0],
      [54_000_000, 'recoverNode', 2],
    ]);
    expect(s.timeline[1]!.action).toEqual({
      type: 'setImage',
      target: { kind: 'Deployment', name: 'webapi-deployment', namespace: 'default' },
      container: 'webapi',
      image: 'myregistry.azurecr.io/webapi:v2',
    });
    expect(s.expect.map((e) => e.type)).toEqual(['slo', 'maxPendingTime', 'rolloutCompletes', 'replicasWithin', 'noOOMKilled']);
    expect(s.expect[0]).toMatchObject({ service: 'webapi-service', availability: 0.999, latency: { percentile: 99, thresholdMs: 300 } });
    expect(s.expect[3]).toMatchObject({ target: { kind: 'HorizontalPodAutoscaler', name: 'webapi-hpa' }, min: 2, max: 10 });
  });

  it('canary-ops: reserved resources as the kubelet subtracts them, extended resources, faults, start time', () => {
    const s = load('canary-ops.yaml');
    expect(s.startTimeMs).toBe(Date.UTC(2024, 2, 1, 8));
    expect(s.resolutionMs).toBe(30_000);
    expect(s.cluster.nodeMonitorGracePeriodMs).toBe(40_000);
    const workers = s.cluster.nodePools[0]!;
    expect(workers.capacity).toMatchObject({ cpuMillis: 8000, pods: 64, extended: { 'nvidia.com/gpu': 1 } });
    // 32Gi − 1Gi systemReserved − 100Mi hard eviction; ephemeral storage 100Gi − 10 %.
    expect(workers.allocatable).toMatchObject({ cpuMillis: 7900, memoryBytes: 31 * 1024 ** 3 - 100 * 1024 ** 2, ephemeralStorageBytes: 90 * 1024 ** 3 });
    expect(workers.taints).toEqual([{ key: 'dedicated', value: 'apps', effect: 'NoSchedule' }]);
    expect(s.cluster.nodePools[1]).toMatchObject({ name: 'spot', count: 0, pricePerHour: 0.17 });
    expect(s.traffic[0]!.balancing).toBe('least-requests');
    expect(s.timeline.map((e) => e.action)).toContainEqual({ type: 'cordonNode', node: 'spot-2' });
    expect(s.timeline.map((e) => e.action)).toContainEqual({ type: 'promote', rollout: 'rollout-canary', namespace: 'default', full: false });
    expect(s.timeline.map((e) => e.action)).toContainEqual({ type: 'scale', target: { kind: 'Rollout', name: 'rollout-canary', namespace: 'default' }, replicas: 8 });
    expect(s.timeline.map((e) => e.action)).toContainEqual({ type: 'killPod', target: { selector: { app: 'rollout-canary' }, namespace: 'default', count: 2 } });
    expect(s.faults).toMatchObject([
      { kind: 'nodeFailure', meanTimeBetweenMs: 7_200_000, durationMs: 300_000, pool: 'workers', startMs: 0, endMs: 7_200_000 },
      { kind: 'podKill', meanTimeBetweenMs: 1_200_000, durationMs: 0, selector: { app: 'rollout-canary' } },
    ]);
  });

  it('names and labels nodes: 1-based, zones round-robin', () => {
    const s = load('webapi-day.yaml');
    const pool = s.cluster.nodePools[0]!;
    expect([1, 2, 3, 4].map((i) => nodeName(pool.name, i))).toEqual(['general-1', 'general-2', 'general-3', 'general-4']);
    expect(nodeLabels(pool, 4)).toMatchObject({ 'kubernetes.io/hostname': 'general-4', 'topology.kubernetes.io/zone': 'a', 'kubesim.dev/pool': 'general' });
  });

  it('is deterministic: two loads give equal data', () => {
    const strip = (s: Scenario) => JSON.stringify({ ...s, manifests: s.manifests.map((m) => m.object), scheduler: null });
    expect(strip(load('canary-ops.yaml'))).toBe(strip(load('canary-ops.yaml')));
  });
});

describe('broken scenarios', () => {
  const files = readdirSync(broken).sort();
  it('has at least 20 cases', () => expect(files.length).toBeGreaterThanOrEqual(20));

  it.each(files)('%s gives every error with path and line', (file) => {
    const r = loadScenarioFile(path.join(broken, file), nodeFileSystem);
    expect(r.scenario).toBeUndefined();
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) expect(e.source?.line).toBeGreaterThan(0);
    expect([...r.errors, ...r.warnings].map((e) => rel(formatFieldError(e)))).toMatchSnapshot();
  });

  it('does not pollute prototypes', () => {
    loadScenarioFile(path.join(broken, '24-proto-pollution.yaml'), nodeFileSystem);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['cpuPerRequest']).toBeUndefined();
  });

  it('points inline manifest errors at the scenario file lines', () => {
    const r = loadScenarioFile(path.join(broken, '22-broken-inline-manifest.yaml'), nodeFileSystem);
    expect(r.errors[0]!.source).toEqual({ file: path.join(broken, '22-broken-inline-manifest.yaml'), line: 26, col: 26 });
  });

  it('rejects a huge file without parsing it', () => {
    const text = `apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nx: "${'a'.repeat(5 * 1024 * 1024)}"\n`;
    const r = loadScenarioFromText(text, 'big.yaml');
    expect(r.errors.map(formatFieldError)).toEqual([`big.yaml:1:1: Syntax error: file is ${text.length} bytes; the limit is 4194304 bytes`]);
  });
});

describe('files, globs and directories through the FileSystem seam', () => {
  const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
  const scenario = (manifests: string) =>
    `apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 1h\n  cluster: {nodePools: [{name: p, count: 1, capacity: {cpu: "2", memory: 4Gi}}]}\n  manifests: ${manifests}\n`;
  const fs = new MemoryFileSystem({
    'shared/manifests/a.yaml': deployment('a'),
    'shared/manifests/b.yml': deployment('b'),
    'shared/manifests/notes.txt': 'not yaml',
    'shared/manifests/sub/c.yaml': deployment('c'),
    'repo/scenarios/s1.yaml': scenario('[../../shared/manifests]'),
    'repo/scenarios/s2.yaml': scenario('["../../shared/manifests/**/*.yaml"]'),
    'repo/scenarios/s3.yaml': scenario('["../../shared/manifests/{a,b}.y*ml"]'),
  });
  it.each([
    ['s1.yaml', ['a', 'b'], ['shared/manifests/a.yaml', 'shared/manifests/b.yml']],
    ['s2.yaml', ['a', 'c'], ['shared/manifests/a.yaml', 'shared/manifests/sub/c.yaml']],
    ['s3.yaml', ['a', 'b'], ['shared/manifests/a.yaml', 'shared/manifests/b.yml']],
  ])('%s loads %j', (file, names, files) => {
    const r = loadScenarioFile(`repo/scenarios/${file}`, fs);
    expect(r.errors.map(formatFieldError)).toEqual([]);
    expect(r.scenario!.manifests.map((o) => o.name)).toEqual(names);
    expect(r.scenario!.manifestFiles).toEqual(files);
    expect(r.scenario!.metadata.name).toBe(file.replace('.yaml', ''));
  });

  it('loads from an object without a file system when manifests are inline', () => {
    const obj = parse(scenario('[]')) as Record<string, any>;
    obj.spec.manifests = [parse(deployment('x'))];
    const r = loadScenarioFromObject(obj);
    expect(r.errors).toEqual([]);
    expect(r.scenario!.manifests[0]!.name).toBe('x');
    obj.spec.manifests = ['x.yaml'];
    expect(loadScenarioFromObject(obj).errors.map(formatFieldError)).toEqual([
      'spec.manifests[0]: Invalid value: "x.yaml": manifest paths need a file system; pass one to the loader or write the object inline',
    ]);
  });

  it('reports a missing scenario file', () => {
    expect(loadScenarioFile('nope.yaml', fs).errors.map(formatFieldError)).toEqual([
      "nope.yaml:1:1: Required value: cannot read the scenario file: ENOENT: no such file or directory, open 'nope.yaml'",
    ]);
  });
});

describe('--set overrides', () => {
  it('sets nested values, parses YAML scalars and validates the result', () => {
    const s = load('webapi-day.yaml', ['spec.traffic[0].profile.diurnal.max=800', 'spec.seed=7', 'spec.cluster.nodePools[0].count=5', 'spec.resolution=1m']);
    expect(s.seed).toBe(7);
    expect(s.resolutionMs).toBe(60_000);
    expect(s.cluster.nodePools[0]!.count).toBe(5);
    expect((s.traffic[0]!.profile.diurnal as { max: number }).max).toBe(800);
  });

  it('reports bad paths and keeps the document untouched', () => {
    const doc = { spec: { traffic: [{ profile: { constant: 1 } }] } };
    const r = applyOverrides(doc, ['spec.traffic[3].profile=1', 'spec.traffic[0].profile.constant.x=1', 'novalue', 'spec.__proto__.x=1', 'spec.new.deep=[1, 2]']);
    expect(r.errors.map(formatFieldError)).toEqual([
      '--set[0]: Invalid value: "spec.traffic[3].profile": spec.traffic has 1 items; index 3 is out of range',
      '--set[1]: Invalid value: "spec.traffic[0].profile.constant.x": spec.traffic[0].profile.constant is not a mapping',
      '--set[2]: Invalid value: "novalue": expected path=value, e.g. spec.seed=7',
      '--set[3]: Invalid value: "spec.__proto__.x": not a valid field path',
    ]);
    expect((r.doc as any).spec.new.deep).toEqual([1, 2]);
    expect(doc).toEqual({ spec: { traffic: [{ profile: { constant: 1 } }] } });
  });

  it('validates an overridden value with its path', () => {
    const r = loadScenarioFile(path.join(good, 'webapi-day.yaml'), nodeFileSystem, { set: ['spec.duration=forever'] });
    expect(r.errors.map((e) => `${e.field}: ${e.detail}`)).toEqual(['spec.duration: expected a Go duration such as "1h30m", "15s" or "250ms" (units h, m, s, ms, us, ns)']);
  });
});

describe('the loader never throws or hangs (fuzz)', () => {
  const seedText = readFileSync(path.join(good, 'canary-ops.yaml'), 'utf8');
  const fs = new MemoryFileSystem({ 'a.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: rollout-canary}\nspec: {ports: [{port: 80}]}\n' });
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = loadScenarioFromText(text, 's.yaml', fs);
        expect(Array.isArray(r.errors)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('on mutations of a valid scenario', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: seedText.length }), fc.integer({ min: 0, max: 30 }), fc.string({ maxLength: 20 }), (at, cut, insert) => {
        const text = seedText.slice(0, at) + insert + seedText.slice(at + cut);
        const r = loadScenarioFromText(text, 's.yaml', fs);
        expect(r.errors.every((e) => typeof e.detail === 'string')).toBe(true);
        expect(r.errors.length === 0 || r.scenario === undefined).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('on arbitrary JSON values in every spec section', () => {
    const base = parse(seedText) as Record<string, any>;
    const sections = ['seed', 'duration', 'cluster', 'scheduler', 'manifests', 'workloads', 'traffic', 'timeline', 'faults', 'expect'];
    fc.assert(
      fc.property(fc.constantFrom(...sections), fc.jsonValue({ maxDepth: 5 }), (section, value) => {
        const doc = structuredClone(base);
        doc.spec[section] = value;
        const r = loadScenarioFromObject(doc, fs);
        expect(r.errors.every((e) => !e.detail.startsWith('internal error'))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
  it('on arbitrary values inside timeline entries and expectations', () => {
    const base = parse(seedText) as Record<string, any>;
    fc.assert(
      fc.property(fc.constantFrom('setImage', 'scale', 'killPod', 'promote', 'addNodes', 'setTraffic', 'apply', 'undo'), fc.jsonValue({ maxDepth: 3 }), (action, value) => {
        const doc = structuredClone(base);
        doc.spec.timeline = [{ at: '1m', [action]: value }];
        doc.spec.expect = [{ slo: value }, { replicasWithin: value }];
        doc.spec.workloads = { 'rollout-canary': { calls: value, versions: { x: value } } };
        const r = loadScenarioFromObject(doc, fs);
        expect(r.errors.every((e) => !e.detail.startsWith('internal error'))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('workloads.<name>.ephemeralStorage', () => {
  const text = (storage: string) =>
    `apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 1h\n  cluster: {nodePools: [{name: p, count: 1, capacity: {cpu: "2", memory: 4Gi}}]}\n  manifests:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web}\n    spec:\n      selector: {matchLabels: {app: web}}\n      template:\n        metadata: {labels: {app: web}}\n        spec:\n          containers: [{name: c, image: nginx}]\n          volumes: [{name: cache, emptyDir: {sizeLimit: 1Gi}}, {name: conf, configMap: {name: conf}}]\n  workloads:\n    web:\n      ephemeralStorage: ${storage}\n`;
  it('reads bytes at the start and per hour, for the writable layer and by emptyDir volume', () => {
    const r = loadScenarioFromText(text('{base: 10Mi, writePerHour: 1Gi, emptyDir: {cache: {writePerHour: 512Mi}}}'), 's.yaml');
    expect(r.errors.map(formatFieldError)).toEqual([]);
    expect(r.scenario!.workloads['web']!.ephemeralStorage).toEqual({
      container: { baseBytes: 10 * 2 ** 20, bytesPerHour: 2 ** 30 },
      emptyDir: { cache: { baseBytes: 0, bytesPerHour: 512 * 2 ** 20 } },
    });
  });
  it('reports every bad field at once: a quantity, an unknown key, a volume that is not an emptyDir of the template', () => {
    const r = loadScenarioFromText(text('{base: lots, perHour: 1Gi, emptyDir: {conf: {writePerHour: 1Gi}, cach: {}}}'), 's.yaml');
    expect(r.errors.map(formatFieldError)).toEqual([
      's.yaml:19:32: spec.workloads.web.ephemeralStorage.base: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      's.yaml:19:38: spec.workloads.web.ephemeralStorage.perHour: Unknown field: unknown field "perHour"',
      's.yaml:19:63: spec.workloads.web.ephemeralStorage.emptyDir.conf: Unsupported value: "conf": supported values: "cache"; no emptyDir volume named "conf" in the pod template of Deployment web',
      's.yaml:19:90: spec.workloads.web.ephemeralStorage.emptyDir.cach: Unsupported value: "cach": supported values: "cache"; no emptyDir volume named "cach" in the pod template of Deployment web; did you mean "cache"?',
    ]);
  });
});
