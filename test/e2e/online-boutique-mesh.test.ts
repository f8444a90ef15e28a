/**
 * The claim of `scenarios/online-boutique-mesh.yaml` through the CLI: with Istio's sidecars the pods need a second
 * node of the node group; without the mesh (the namespace label set to disabled) one node holds them.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kubesim } from '../cli/helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const REL = path.relative(process.cwd(), path.resolve(here, '../../scenarios/online-boutique-mesh.yaml'));
const WITHOUT = ['--set', 'spec.manifests[0].metadata.labels.istio-injection=disabled'];

describe('online-boutique-mesh', () => {
  it('with the mesh: 12 istio-proxy sidecars, two nodes at peak, $0.07', async () => {
    const { code, out } = await kubesim('run', REL, '--no-progress');
    expect(code).toBe(0);
    expect(out).toMatch(/^sidecars +12 istio-proxy, requesting 1200m CPU and 1536Mi memory$/m);
    expect(out).toMatch(/^general +1 +10 +1\/2\/2$/m);
    expect(out).toMatch(/^cost +\$0\.07$/m);
    expect(out).toContain('expectations: all 3 met');
  });

  it('without the mesh: no sidecars, one node, $0.03', async () => {
    const { code, out } = await kubesim('run', REL, '--no-progress', ...WITHOUT);
    expect(code).toBe(0);
    expect(out).not.toMatch(/^sidecars/m);
    expect(out).toMatch(/^general +1 +10 +1\/1\/1$/m);
    expect(out).toMatch(/^cost +\$0\.03$/m);
  });

  it('the proxies\' CPU is in the pods\' usage: 1.65 cores instead of 0.91 at 140 page views a second', async () => {
    const q = ['sum(rate(container_cpu_usage_seconds_total[1m]))', '--at', '25m', '--no-progress', '-o', 'json'];
    const value = (out: string) => Number((JSON.parse(out) as { data: { result: { value: [number, string] }[] } }).data.result[0]!.value[1]);
    const mesh = value((await kubesim('query', REL, ...q)).out);
    const plain = value((await kubesim('query', REL, ...q, ...WITHOUT)).out);
    expect(mesh).toBeCloseTo(1.65, 2);
    expect(plain).toBeCloseTo(0.91, 2);
  });

  it('get pods shows the injected container: READY 2/2', async () => {
    const { out } = await kubesim('get', 'pods', '-f', REL, '--at', '10m', '--no-progress');
    // READY 2/2: the application and istio-proxy.
    expect(out).toMatch(/^frontend-[a-z0-9-]+ +2\/2 +Running/m);
  });
});
