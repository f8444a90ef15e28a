import type { Pod } from 'kubernetes-types/core/v1';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/runtime/simulation.ts';
import { manifests, nodes } from './helpers.ts';

describe('Simulation: the seed webapi on three nodes', () => {
  it('schedules, starts and readies the three replicas', () => {
    const sim = new Simulation({ seed: 1, nodes: nodes(3), objects: manifests('seed/webapi.yaml') });
    sim.until(60_000);
    const pods = sim.store.list<Pod>('Pod');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.spec?.nodeName).toMatch(/^node-/);
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
    const d = sim.store.get<Deployment>('Deployment', 'default', 'webapi-deployment')!;
    expect(d.status?.availableReplicas).toBe(3);
    const reasons = new Set(sim.events.all.map((e) => e.reason));
    for (const r of ['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']) expect(reasons).toContain(r);
  });

  it('replays to the same trace hash, and differs with another seed', () => {
    const run = (seed: number) => {
      const sim = new Simulation({ seed, nodes: nodes(3), objects: manifests('seed/webapi.yaml') });
      sim.until(600_000);
      return sim.traceHash;
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });
});
