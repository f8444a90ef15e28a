/**
 * StatefulSet and storage invariants on the real runtime (issue 15), over random replica counts, scale changes,
 * pod management policies, volume binding modes and node failures:
 * - ordinals are unique and ordered: with OrderedReady, web-i is created only while web-0 … web-(i-1) exist and are
 *   Running and Ready, and deleted for a scale-down only while no higher ordinal remains; every ordinal is below
 *   the largest replica count asked for;
 * - a Bound claim's volume satisfies it: the volume exists, its claimRef names the claim (with its uid), its
 *   capacity covers the request, its access modes contain the claim's, class and volume mode are the claim's.
 */
import fc from 'fast-check';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { checkAccessModes, claimRequestBytes, getPersistentVolumeClaimClass, getPersistentVolumeClass, volumeCapacityBytes } from '../../src/api/storage.ts';
import type { KubeObject } from '../../src/cluster/store.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { defaultObject } from '../../src/api/defaults.ts';
import { lookupKind } from '../../src/api/kinds.ts';
import { nodes } from '../runtime/helpers.ts';

/** The documentation's `web` StatefulSet with its `www` claim template. */
function web(replicas: number, spec: Record<string, unknown>): KubeObject {
  const o = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'nginx' } },
      serviceName: 'nginx',
      replicas,
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.7' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
  return defaultObject(o, lookupKind('apps/v1', 'StatefulSet')!) as KubeObject;
}

const isReady = (p: Pod | undefined) => p?.status?.phase === 'Running' && (p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false);
const ordinal = (name: string) => Number(name.slice('web-'.length));

describe('StatefulSet and volume invariants', () => {
  it('ordinals unique and ordered; every Bound claim is satisfied by its volume', () => {
    let createdChecked = 0;
    let boundChecked = 0;
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          replicas: fc.integer({ min: 1, max: 5 }),
          scales: fc.array(fc.record({ atS: fc.integer({ min: 10, max: 500 }), replicas: fc.integer({ min: 0, max: 6 }) }), { maxLength: 3 }),
          parallel: fc.boolean(),
          mode: fc.constantFrom('Immediate' as const, 'WaitForFirstConsumer' as const),
          failNodeAtS: fc.option(fc.integer({ min: 30, max: 400 }), { nil: undefined }),
        }),
        (c) => {
          const storageClass = {
            apiVersion: 'storage.k8s.io/v1',
            kind: 'StorageClass',
            metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
            provisioner: 'kubesim.dev/disk',
            volumeBindingMode: c.mode,
          } as KubeObject;
          const spec = c.parallel ? { podManagementPolicy: 'Parallel' } : {};
          const s = new Simulation({ seed: c.seed, nodes: nodes(3), objects: [storageClass, web(c.replicas, spec)], behaviours: { behaviour: () => ({ imagePullMs: 1000, startupMs: 2000 }) } });
          let maxReplicas = c.replicas;
          const pods = () => s.store.list<Pod>('Pod').filter((p) => p.metadata.name.startsWith('web-'));
          s.store.watch<Pod>('Pod', (e) => {
            const o = ordinal(e.object.metadata.name);
            expect(o).toBeLessThan(maxReplicas);
            if (c.parallel) return;
            if (e.type === 'ADDED') {
              for (let j = 0; j < o; j++) expect(isReady(s.store.get<Pod>('Pod', 'default', `web-${j}`))).toBe(true);
              createdChecked++;
            }
            if (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp && !e.old?.metadata.deletionTimestamp) {
              const set = s.store.get<StatefulSet>('StatefulSet', 'default', 'web')!;
              // A scale-down deletes from the top: nothing above a pod being removed for it may remain.
              if (o >= (set.spec?.replicas ?? 0)) for (const p of pods()) if (ordinal(p.metadata.name) > o) expect(p.metadata.deletionTimestamp).toBeDefined();
            }
          });
          s.store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (e) => {
            if (e.type === 'DELETED' || e.object.status?.phase !== 'Bound') return;
            const claim = e.object;
            const pv = s.store.get<PersistentVolume>('PersistentVolume', '', claim.spec?.volumeName ?? '');
            expect(pv).toBeDefined();
            expect(pv!.spec?.claimRef).toMatchObject({ name: claim.metadata.name, namespace: claim.metadata.namespace, uid: claim.metadata.uid });
            expect(volumeCapacityBytes(pv!)).toBeGreaterThanOrEqual(claimRequestBytes(claim));
            expect(checkAccessModes(claim, pv!)).toBe(true);
            expect(getPersistentVolumeClass(pv!)).toBe(getPersistentVolumeClaimClass(claim));
            expect(pv!.spec?.volumeMode ?? 'Filesystem').toBe(claim.spec?.volumeMode ?? 'Filesystem');
            boundChecked++;
          });
          for (const sc of c.scales) {
            s.engine.at(sc.atS * 1000, () => {
              maxReplicas = Math.max(maxReplicas, sc.replicas);
              s.store.mutate<StatefulSet>('StatefulSet', 'default', 'web', (d) => void (d.spec!.replicas = sc.replicas));
            });
          }
          if (c.failNodeAtS !== undefined) s.engine.at(c.failNodeAtS * 1000, () => s.failNode('node-1'));
          s.until(600_000);
          const names = pods().map((p) => p.metadata.name);
          expect(new Set(names).size).toBe(names.length);
        },
      ),
      { numRuns: 25, seed: 1501 },
    );
    expect(createdChecked).toBeGreaterThan(10);
    expect(boundChecked).toBeGreaterThan(10);
  });
});
