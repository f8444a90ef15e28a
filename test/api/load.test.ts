import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { cpuMillis, formatFieldError, loadManifests, memoryBytes, type LoadedObject, type ManifestSource } from '../../src/api/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../fixtures/manifests');
const broken = path.join(here, '../fixtures/broken-manifests');

function read(dir: string, file: string): ManifestSource {
  return { file, text: readFileSync(path.join(dir, file), 'utf8') };
}
function yamlFiles(dir: string): string[] {
  return readdirSync(path.join(fixtures, dir)).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`).sort();
}
const get = (objs: LoadedObject[], kind: string, name: string) => {
  const o = objs.find((x) => x.kind === kind && x.name === name);
  if (!o) throw new Error(`${kind}/${name} not loaded`);
  return o.object as any;
};

describe('shared manifests load unmodified and validate', () => {
  const all = [...yamlFiles('seed'), ...yamlFiles('online-boutique'), ...yamlFiles('argo-rollouts')].map((f) => read(fixtures, f));
  const result = loadManifests(all);

  it('has no errors and no warnings', () => {
    expect(result.errors.map(formatFieldError)).toEqual([]);
    expect(result.rejected).toEqual([]);
  });

  it('reports Istio ServiceEntry as skipped with file:line; the mesh kinds load as simulated', () => {
    const skipped = result.skipped.map((s) => `${s.source.file}:${s.source.line} ${s.apiVersion}/${s.kind} ${s.name}`);
    expect(skipped).toEqual([
      'online-boutique/istio-manifests.yaml:64 networking.istio.io/v1alpha3/ServiceEntry allow-egress-googleapis',
      'online-boutique/istio-manifests.yaml:80 networking.istio.io/v1alpha3/ServiceEntry allow-egress-google-metadata',
    ]);
    const mesh = result.objects.filter((o) => ['VirtualService', 'DestinationRule', 'HTTPRoute', 'Gateway'].includes(o.kind));
    expect(mesh.map((o) => `${o.kind} ${o.name} ${o.simulated}`)).toEqual([
      'VirtualService frontend true',
      'Gateway istio-gateway true',
      'HTTPRoute frontend-route true',
      'VirtualService istio-subset-split-vsvc true',
      'DestinationRule istio-subset-split-destrule true',
    ]);
  });

  it('lists ServiceAccounts as not simulated', () => {
    expect(result.notSimulated.map((s) => s.kind)).toEqual(Array(11).fill('ServiceAccount'));
  });

  it('counts the kinds', () => {
    const counts: Record<string, number> = {};
    for (const o of result.objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    expect(counts).toEqual({ Deployment: 14, Service: 18, HorizontalPodAutoscaler: 1, ServiceAccount: 11, AnalysisTemplate: 2, Rollout: 8, VirtualService: 2, DestinationRule: 1, Gateway: 1, HTTPRoute: 1 });
  });

  it('pins frontend readinessProbe: initialDelaySeconds 10 as written, periodSeconds 10 defaulted', () => {
    const probe = get(result.objects, 'Deployment', 'frontend').spec.template.spec.containers[0].readinessProbe;
    expect(probe.initialDelaySeconds).toBe(10);
    expect(probe.periodSeconds).toBe(10);
    expect(probe.timeoutSeconds).toBe(1);
    expect(probe.failureThreshold).toBe(3);
    expect(probe.successThreshold).toBe(1);
    expect(probe.httpGet.scheme).toBe('HTTP');
  });

  it('pins cartservice requests: 200m = 200 millicores, 64Mi = 67108864 bytes', () => {
    const requests = get(result.objects, 'Deployment', 'cartservice').spec.template.spec.containers[0].resources.requests;
    expect(requests.cpu).toBe('200m');
    expect(cpuMillis(requests.cpu)).toBe(200);
    expect(requests.memory).toBe('64Mi');
    expect(memoryBytes(requests.memory)).toBe(67108864);
  });

  it('defaults Deployments and Services as the API server does', () => {
    const d = get(result.objects, 'Deployment', 'webapi-deployment');
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.minReadySeconds).toBe(0);
    expect(d.metadata.namespace).toBe('default');
    const pod = d.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(pod.restartPolicy).toBe('Always');
    expect(pod.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(pod.containers[0].ports[0].protocol).toBe('TCP');
    const svc = get(result.objects, 'Service', 'istio-subset-split');
    expect(svc.spec.type).toBe('ClusterIP');
    const web = get(result.objects, 'Service', 'webapi-service');
    expect(web.spec.ports[0]).toEqual({ port: 80, targetPort: 80, protocol: 'TCP' });
  });

  it('keeps the raw object as written', () => {
    const o = result.objects.find((x) => x.name === 'webapi-deployment') as LoadedObject;
    expect((o.raw as any).spec.strategy).toBeUndefined();
    expect(o.source).toEqual({ file: 'seed/webapi.yaml', line: 1, col: 1 });
    expect(o.positionOf(['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu'])).toEqual({ file: 'seed/webapi.yaml', line: 28, col: 13 });
  });

  it('defaults Argo Rollouts', () => {
    const r = get(result.objects, 'Rollout', 'rollout-canary');
    expect(r.spec.strategy.canary.maxSurge).toBe('25%');
    expect(r.spec.strategy.canary.maxUnavailable).toBe('25%');
    expect(r.spec.progressDeadlineSeconds).toBe(600);
    const bg = get(result.objects, 'Rollout', 'rollout-bluegreen');
    expect(bg.spec.strategy.blueGreen.autoPromotionEnabled).toBe(false);
    expect(bg.spec.strategy.blueGreen.scaleDownDelaySeconds).toBe(30);
  });
});

describe('conversion and defaults', () => {
  it('converts autoscaling/v1 HPAs as the API server does', () => {
    const r = loadManifests([
      {
        file: 'hpa.yaml',
        text: `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}
  maxReplicas: 5
  targetCPUUtilizationPercentage: 70
`,
      },
    ]);
    const hpa = r.objects[0]?.object as any;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  it('defaults HPA behavior only when a behavior stanza is given', () => {
    const text = (behavior: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}
  maxReplicas: 5
${behavior}`;
    const without = loadManifests([{ file: 'a.yaml', text: text('') }]).objects[0]?.object as any;
    expect(without.spec.behavior).toBeUndefined();
    expect(without.spec.metrics[0].resource.target.averageUtilization).toBe(80);
    const withB = loadManifests([{ file: 'b.yaml', text: text('  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 60\n') }]).objects[0]?.object as any;
    expect(withB.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });

  it('defaults a Pod: requests from limits, pull policy Always for :latest and untagged', () => {
    const r = loadManifests([
      {
        file: 'pod.json',
        text: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p' },
          spec: { containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m' } } }, { name: 'b', image: 'nginx:latest' }] },
        }),
      },
    ]);
    expect(r.errors).toEqual([]);
    const spec = (r.objects[0]?.object as any).spec;
    expect(spec.containers[0].resources.requests).toEqual({ cpu: '250m', memory: '1Gi' });
    expect(spec.containers[0].imagePullPolicy).toBe('Always');
    expect(spec.containers[1].imagePullPolicy).toBe('Always');
  });
});

describe('broken manifests', () => {
  const files = readdirSync(broken).sort();
  it('has at least 30 cases', () => expect(files.length).toBeGreaterThanOrEqual(30));

  it.each(files)('%s gives errors with path and line', (file) => {
    const result = loadManifests([read(broken, file)]);
    const errors = result.errors.filter((e) => !e.warning);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.source?.file).toBe(file);
      expect(e.source?.line).toBeGreaterThan(0);
    }
    expect(result.errors.map(formatFieldError)).toMatchSnapshot();
  });

  it('points nested errors at the field line', () => {
    const r = loadManifests([read(broken, '04-bad-cpu-quantity.yaml')]);
    expect(formatFieldError(r.errors[0]!)).toBe(
      `04-bad-cpu-quantity.yaml:20:13: spec.template.spec.containers[0].resources.requests.cpu: Invalid value: "100mc": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });

  it('does not pollute prototypes', () => {
    loadManifests([read(broken, '33-proto-pollution.yaml')]);
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('downgrades unknown fields to warnings with unknownFields: warn', () => {
    const r = loadManifests([read(broken, '01-misspelt-replicas.yaml')], { unknownFields: 'warn' });
    expect(r.errors.map((e) => [e.type, e.warning])).toEqual([['FieldValueUnknown', true]]);
  });

  it('rejects a 100 MB document quickly without parsing it', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  x: "${'a'.repeat(100 * 1024 * 1024)}"\n`;
    const r = loadManifests([{ file: 'big.yaml', text }]);
    expect(r.errors.map(formatFieldError)).toEqual([`big.yaml:1:1: Syntax error: file is ${text.length} bytes; the limit is 16777216 bytes`]);
  });

  it('bounds the number of documents', () => {
    const r = loadManifests([{ file: 'many.yaml', text: '---\na: 1\n'.repeat(20) }], { maxDocuments: 10 });
    expect(r.errors[0]?.detail).toBe('file has 20 documents; the limit is 10');
  });
});

describe('loadManifests never throws or hangs (fuzz)', () => {
  const seed = readFileSync(path.join(fixtures, 'seed/webapi.yaml'), 'utf8');
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const r = loadManifests([{ file: 'f.yaml', text }]);
        expect(Array.isArray(r.errors)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('on mutations of a real manifest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: seed.length }), fc.integer({ min: 0, max: 40 }), fc.string({ maxLength: 20 }), (at, cut, insert) => {
        const text = seed.slice(0, at) + insert + seed.slice(at + cut);
        const r = loadManifests([{ file: 'f.yaml', text }]);
        expect(Array.isArray(r.objects)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('on arbitrary JSON values as documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom('v1/Pod', 'apps/v1/Deployment', 'v1/Service', 'autoscaling/v2/HorizontalPodAutoscaler', 'argoproj.io/v1alpha1/Rollout'), (spec, gvk) => {
        const i = gvk.lastIndexOf('/');
        const doc = { apiVersion: gvk.slice(0, i), kind: gvk.slice(i + 1), metadata: { name: 'x' }, spec };
        const r = loadManifests([{ file: 'f.json', text: JSON.stringify(doc) }]);
        expect(r.errors.every((e) => typeof e.detail === 'string')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a source given as data loads exactly as its YAML text does', () => {
  const seedDocs = parseAllDocuments(readFileSync(path.join(fixtures, 'seed/webapi.yaml'), 'utf8'), { version: '1.1' }).map((d) => d.toJS() as object);
  /** Everything a caller can read of a load, positions of every written field included. */
  const view = (r: ReturnType<typeof loadManifests>) => ({
    errors: r.errors.map(formatFieldError),
    skipped: r.skipped,
    notSimulated: r.notSimulated,
    rejected: r.rejected,
    objects: r.objects.map((o) => ({ ...o, positionOf: undefined, positions: ['', 'spec', 'spec.replicas', 'spec.template.spec.containers[0].image', 'metadata.labels.app'].map((p) => o.positionOf(p === '' ? [] : p.split('.'))) })),
  });
  const both = (doc: unknown) => {
    const text = stringify(doc, { aliasDuplicateObjects: false });
    let textReads = 0;
    const viaData = loadManifests([{ file: 'm#spec.manifests[0]', data: doc, get text() { textReads++; return text; } }]);
    return { viaData: view(viaData), viaText: view(loadManifests([{ file: 'm#spec.manifests[0]', text }])), textReads };
  };

  it('loads the seed manifests without serialising them', () => {
    let textReads = 0;
    const sources = seedDocs.map((doc, i) => ({ file: `m#spec.manifests[${i}]`, data: doc, get text() { textReads++; return stringify(doc); } }));
    const r = loadManifests(sources);
    expect(r.errors.map(formatFieldError)).toEqual([]);
    expect(r.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(seedDocs.map((d) => `${(d as { kind: string }).kind}/${(d as { metadata: { name: string } }).metadata.name}`));
    expect(textReads).toBe(0);
    const { viaData, viaText } = both(seedDocs[0]);
    expect(viaData).toEqual(viaText);
  });

  it('gives the same objects, errors and positions on arbitrary JSON documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom('v1/Pod', 'apps/v1/Deployment', 'v1/Service', 'autoscaling/v2/HorizontalPodAutoscaler', 'v1/List'), (spec, gvk) => {
        const i = gvk.lastIndexOf('/');
        const doc = { apiVersion: gvk.slice(0, i), kind: gvk.slice(i + 1), metadata: { name: 'x', labels: { app: 'web' } }, spec };
        const { viaData, viaText } = both(doc);
        expect(viaData).toEqual(viaText);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result on mutations of the seed objects, YAML 1.1 look-alikes ("on", "0755", "1:20") included', () => {
    let direct = 0;
    const values = fc.oneof(fc.constantFrom('on', 'off', 'y', '0755', '1:20', '2024-01-01', '<<', '', '3', 'web:v2', 'x'), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.constantFrom(...seedDocs), fc.array(fc.tuple(fc.nat(), values), { maxLength: 3 }), (base, edits) => {
        const doc = structuredClone(base) as Record<string, unknown>;
        for (const [at, value] of edits) {
          const paths = leafPaths(doc);
          const p = paths[at % paths.length]!;
          let o = doc as Record<string | number, unknown>;
          for (const seg of p.slice(0, -1)) o = o[seg] as Record<string | number, unknown>;
          o[p[p.length - 1]!] = value;
        }
        const { viaData, viaText, textReads } = both(doc);
        expect(viaData).toEqual(viaText);
        if (textReads === 0) direct++;
      }),
      { numRuns: 200 },
    );
    // Edits that keep the objects valid and YAML-stable load without the text at all.
    expect(direct).toBeGreaterThan(10);
  });
});

/** The paths of every scalar inside a plain JSON value. */
function leafPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, [...prefix, i]));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...prefix, k]));
  return prefix.length > 0 ? [prefix] : [];
}

describe('Rollout validation: values resolveFenceposts and ReplicaProgressThresholdMet would reject', () => {
  const rollout = (strategy: string) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r}
spec:
  replicas: 2
  selector: {matchLabels: {app: r}}
  template:
    metadata: {labels: {app: r}}
    spec: {containers: [{name: c, image: i}]}
  strategy:
${strategy}`;
  const errorsOf = (strategy: string) =>
    loadManifests([{ file: 'r.yaml', text: rollout(strategy) }]).errors.filter((e) => !e.warning).map((e) => `${e.field}: ${e.detail}`);
  it('blueGreen.maxUnavailable must be an int or a percent', () => {
    expect(errorsOf('    blueGreen: {activeService: a, maxUnavailable: "two"}\n')).toEqual([
      expect.stringMatching(/^spec\.strategy\.blueGreen\.maxUnavailable: a valid percent string/),
    ]);
    expect(errorsOf('    blueGreen: {activeService: a, maxUnavailable: "25%"}\n')).toEqual([]);
  });
  it('canary.replicaProgressThreshold needs type Percent or Pods and an integer value', () => {
    expect(errorsOf('    canary:\n      replicaProgressThreshold: {type: Pod, value: 1}\n')).toEqual([
      expect.stringMatching(/^spec\.strategy\.canary\.replicaProgressThreshold\.type/),
    ]);
    expect(errorsOf('    canary:\n      replicaProgressThreshold: {type: Pods, value: 1.5}\n')).toEqual([
      expect.stringMatching(/^spec\.strategy\.canary\.replicaProgressThreshold\.value: must be an integer/),
    ]);
    expect(errorsOf('    canary:\n      replicaProgressThreshold: {type: Percent, value: 80}\n')).toEqual([]);
  });
});
