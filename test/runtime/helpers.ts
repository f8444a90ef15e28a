import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'kubernetes-types/core/v1';
import { loadManifests } from '../../src/api/load.ts';
import type { KubeObject } from '../../src/cluster/store.ts';
import type { NodeSpecEntry } from '../../src/runtime/simulation.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'manifests');

/** Loads manifest files from test/fixtures/manifests (defaulted objects); fails the test on errors. */
export function manifests(...files: string[]): KubeObject[] {
  const r = loadManifests(files.map((f) => ({ file: f, text: readFileSync(join(FIXTURES, f), 'utf8') })));
  if (r.errors.length) throw new Error(r.errors.map((e) => `${e.field}: ${e.detail}`).join('\n'));
  return r.objects.filter((o) => o.simulated !== false).map((o) => o.object as KubeObject);
}

/** `count` identical nodes in zones a, b, c. */
export function nodes(count: number, cpu = '4', memory = '16Gi', pricePerHour = 0.19): NodeSpecEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `node-${i + 1}`;
    const zone = `zone-${'abc'[i % 3]}`;
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } },
      status: { capacity: { cpu, memory, pods: '110' }, allocatable: { cpu, memory, pods: '110' } },
    };
    return { node, pricePerHour, pool: 'general' };
  });
}
