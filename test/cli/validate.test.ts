import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.relative(process.cwd(), path.join(here, '../fixtures'));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('kubesim validate', () => {
  it('reports one line per object and a summary; exit 0 when valid', async () => {
    const r = await run('validate', `${fixtures}/manifests/seed/webapi.yaml`, `${fixtures}/manifests/online-boutique/istio-manifests.yaml`);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toContain(`${fixtures}/manifests/seed/webapi.yaml:1:1 - Deployment webapi-deployment is valid`);
    expect(lines).toContain(`${fixtures}/manifests/online-boutique/istio-manifests.yaml:35:1 - Gateway istio-gateway is valid`);
    expect(lines).toContain(
      `${fixtures}/manifests/online-boutique/istio-manifests.yaml:64:1 - ServiceEntry allow-egress-googleapis skipped (networking.istio.io/v1alpha3/ServiceEntry is not a kind kubesim knows)`,
    );
    expect(lines.at(-1)).toBe('8 resources in 2 files - valid 6, invalid 0, skipped 2');
  });

  it('walks directories and marks ServiceAccounts as not simulated', async () => {
    const r = await run('validate', `${fixtures}/manifests`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ServiceAccount cartservice is valid (not simulated)');
    expect(r.out.trim().split('\n').at(-1)).toBe('61 resources in 12 files - valid 59, invalid 0, skipped 2');
  });

  it('expands globs', async () => {
    const r = await run('validate', `${fixtures}/manifests/argo-rollouts/rollout-*.yaml`);
    expect(r.out.trim().split('\n').at(-1)).toMatch(/^\d+ resources in 6 files - /);
  });

  it('prints errors with file:line:col and exits 2 when invalid', async () => {
    const r = await run('validate', `${fixtures}/broken-manifests/09-hpa-min-gt-max.yaml`);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${fixtures}/broken-manifests/09-hpa-min-gt-max.yaml:1:1 - HorizontalPodAutoscaler web is invalid`);
    expect(r.out).toContain(`  ${fixtures}/broken-manifests/09-hpa-min-gt-max.yaml:11:3: spec.maxReplicas: Invalid value: 3: must be greater than or equal to \`minReplicas\``);
    expect(r.out).not.toMatch(/at .*\.ts:\d+/);
  });

  it('counts a YAML syntax error as an invalid document', async () => {
    const r = await run('validate', `${fixtures}/broken-manifests/11-tabs.yaml`);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Tabs are not allowed as indentation');
    expect(r.out.trim().split('\n').at(-1)).toBe('1 resources in 1 files - valid 0, invalid 1, skipped 0');
  });

  it('--validate=warn downgrades unknown fields', async () => {
    const strict = await run('validate', `${fixtures}/broken-manifests/01-misspelt-replicas.yaml`);
    expect(strict.code).toBe(2);
    const warn = await run('validate', '--validate', 'warn', `${fixtures}/broken-manifests/01-misspelt-replicas.yaml`);
    expect(warn.code).toBe(0);
    expect(warn.out).toContain('warning: ');
  });

  it('--output json', async () => {
    const r = await run('validate', '-o', 'json', `${fixtures}/broken-manifests/04-bad-cpu-quantity.yaml`);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out);
    expect(json.summary).toEqual({ resources: 1, files: 1, valid: 0, invalid: 1, skipped: 0 });
    expect(json.resources[0].errors[0]).toMatchObject({
      type: 'Invalid',
      field: 'spec.template.spec.containers[0].resources.requests.cpu',
      badValue: '100mc',
      source: { line: 20, col: 13 },
    });
  });

  it('--show-defaults prints the defaulted objects', async () => {
    const r = await run('validate', '--show-defaults', `${fixtures}/manifests/seed/webapi.yaml`);
    expect(r.out).toContain('progressDeadlineSeconds: 600');
    expect(r.out).toContain('maxSurge: 25%');
  });

  it('a missing path is a usage error', async () => {
    const r = await run('validate', 'no/such/file.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such file or directory: no/such/file.yaml');
  });
});

describe('kubesim validate on scenario files', () => {
  it('validates a scenario as a scenario (with the manifests it names), not as an unknown kind', async () => {
    const r = await run('validate', 'scenarios/webapi-peak.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('scenarios/webapi-peak.yaml:1:1 - Scenario webapi-peak is valid');
    expect(r.out).toContain('1 resources in 1 files - valid 1, invalid 0, skipped 0');
  });

  it('reports a broken scenario with its errors and exit code 2', async () => {
    const r = await run('validate', path.join(fixtures, 'broken-scenarios', '01-unknown-spec-field.yaml'));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/Scenario broken is invalid/);
    expect(r.out).toMatch(/spec\.timline: Unknown field: unknown field "timline"; did you mean "timeline"\?/);
  });
});
