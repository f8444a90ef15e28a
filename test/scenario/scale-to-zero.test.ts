/**
 * The HPAScaleToZero gate end to end, from `spec.featureGates` through the loader's validation and the Simulation to
 * the HPA: with the gate an HPA with `minReplicas: 0` and an External metric scales its Deployment to zero when the
 * request rate is 0, says so with the `ScaledToZero` condition, and scales back from zero (`ceil(ratio)`) when
 * traffic returns. Without the gate the same file is a load error, as the API server rejects it.
 */
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../src/api/errors.ts';
import { loadScenario, simulate } from '../../src/index.ts';
import { loadScenarioFromText } from '../../src/scenario/load.ts';
import { MemoryFileSystem } from '../../src/scenario/fs.ts';

const scenario = (gates: string, minReplicas = 0, metric = 'External') => `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: scale-to-zero}
spec:
  duration: 30m
${gates}
  cluster:
    nodePools:
    - {name: pool, count: 2, capacity: {cpu: "8", memory: 32Gi}}
  manifests:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 2
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
          - name: web
            image: web:v1
            resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: "1", memory: 256Mi}}
  - apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec:
      selector: {app: web}
      ports: [{port: 80}]
  - apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata: {name: web}
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
      minReplicas: ${minReplicas}
      maxReplicas: 10
      metrics:
${
  metric === 'External'
    ? `      - type: External
        external:
          metric: {name: http_requests_total_rate, selector: {matchLabels: {service: web}}}
          target: {type: Value, value: "10"}`
    : `      - type: Resource
        resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}`
}
  traffic:
  - service: web
    profile:
      steps: [{at: 0s, rps: 0}, {at: 15m, rps: 50}]
`;

const load = (text: string) => loadScenarioFromText(text, 'scale-to-zero.yaml', new MemoryFileSystem({}));

describe('spec.featureGates: HPAScaleToZero', () => {
  it('scales to zero at no traffic and back from zero when traffic comes', async () => {
    const s = await loadScenario(scenario('  featureGates: {HPAScaleToZero: true}'), { fs: new MemoryFileSystem({}) });
    expect(s.featureGates).toEqual({ HPAScaleToZero: true });
    const run = simulate(s).until('30m');
    const rescales = run.events.filter((e) => e.reason === 'SuccessfulRescale').map((e) => e.message);
    // 0 rps against a value target: ratio 0 → ceil(0 × 2 ready) = 0, held by the 5-min down-stabilisation window.
    // From zero at 50 rps: ceil(50 / 10) = 5 (no ready pods, no tolerance), capped by the legacy limit
    // max(2 × 0, 4) = 4. Then a Value target multiplies by the ready pods, as upstream: ceil(5 × 4) = 20 → limit 8,
    // then max 10.
    const above = 'external metric http_requests_total_rate(&LabelSelector{MatchLabels:map[string]string{service: web,},MatchExpressions:[]LabelSelectorRequirement{},}) above target';
    expect(rescales).toEqual(['New size: 0; reason: All metrics below target', `New size: 4; reason: ${above}`, `New size: 8; reason: ${above}`, `New size: 10; reason: ${above}`]);
    const hpa = run.get<{ status?: { conditions?: { type: string; status: string; reason?: string }[] } }>('hpa', { name: 'web' })[0]!;
    expect(hpa.status?.conditions?.find((c) => c.type === 'ScaledToZero')).toMatchObject({ status: 'False', reason: 'NotScaledToZero' });
    const at14 = run.get<{ status?: { conditions?: { type: string; status: string; reason?: string }[] } }>('hpa', { name: 'web', at: '14m' })[0]!;
    expect(at14.status?.conditions?.find((c) => c.type === 'ScaledToZero')).toMatchObject({ status: 'True', reason: 'ScaledToZero' });
  });

  it('off (the default): minReplicas 0 is rejected as the API server rejects it', () => {
    const r = load(scenario(''));
    expect(r.errors.map(formatFieldError).join('\n')).toMatch(/spec\.minReplicas: Invalid value: 0: must be greater than or equal to 1/);
  });

  it('on: minReplicas 0 still needs an Object or External metric', () => {
    const r = load(scenario('  featureGates: {HPAScaleToZero: true}', 0, 'Resource'));
    const msgs = r.errors.map(formatFieldError);
    expect(msgs.join('\n')).toMatch(/spec\.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas/);
    expect(msgs.join('\n')).not.toMatch(/spec\.minReplicas/);
  });

  it('an unknown gate name is an error listing the known ones', () => {
    const r = load(scenario('  featureGates: {HPAScaleToZer0: true}', 1));
    expect(r.errors.map(formatFieldError)).toEqual([expect.stringMatching(/spec\.featureGates\.HPAScaleToZer0: Unsupported value: "HPAScaleToZer0": supported values: "HPAScaleToZero"/)]);
  });

  it('a gate value must be a boolean', () => {
    const r = load(scenario('  featureGates: {HPAScaleToZero: "yes"}', 1));
    expect(r.errors.map(formatFieldError).join('\n')).toMatch(/spec\.featureGates\.HPAScaleToZero/);
  });
});
