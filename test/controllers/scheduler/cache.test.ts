/**
 * The cache's incremental indexes (per-domain match counts, per-domain anti-affinity pairs, node stamps) must
 * always equal what a scan from scratch gives, whatever sequence of pod and node events came before.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SchedulerCache, compileAffinityTerm, toNodeInfo } from '../../../src/controllers/scheduler/index.ts';
import { spreadMatcher } from '../../../src/controllers/scheduler/podinfo.ts';
import { labelSelectorAsSelector } from '../../../src/api/selector.ts';
import { makeNodeObj, makePod } from './helpers.ts';

const KEYS = ['zone', 'kubernetes.io/hostname', 'rack'];

const arbOp = fc.oneof(
  fc.record({ op: fc.constant('add' as const), app: fc.integer({ min: 0, max: 2 }), anti: fc.boolean(), node: fc.nat() }),
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('updateNode' as const), node: fc.nat(), zone: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant('removeNode' as const), node: fc.nat() }),
  fc.record({ op: fc.constant('addNode' as const), zone: fc.integer({ min: 0, max: 3 }) }),
  // Reads in between make the counters exist early, so later events must keep them exact.
  fc.record({ op: fc.constant('read' as const), app: fc.integer({ min: 0, max: 2 }), key: fc.constantFrom(...KEYS) }),
);

function node(name: string, zone: number) {
  // Nodes of zone 3 lack the zone label; odd-numbered zones have no rack label.
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
  if (zone < 3) labels.zone = `z${zone}`;
  if (zone % 2 === 0) labels.rack = `r${zone}`;
  return toNodeInfo(makeNodeObj(name, { cpu: '100', memory: '100Gi', pods: '1000' }, labels));
}

const matcher = (app: number) => spreadMatcher('default', labelSelectorAsSelector({ matchLabels: { app: `app-${app}` } }));
const antiTerm = (app: number) =>
  compileAffinityTerm({ topologyKey: 'zone', labelSelector: { matchLabels: { app: `app-${app}` } } }, 'default', { app: `app-${app}` });

describe('SchedulerCache incremental indexes', () => {
  it('per-domain counts and anti-affinity pairs equal a scan from scratch', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 80 }), (ops) => {
        const cache = new SchedulerCache();
        for (let k = 0; k < 5; k++) cache.addNode(node(`n${k}`, k % 4));
        let seq = 5;
        let podSeq = 0;
        const stamps = new Map<number, string>();
        for (const o of ops) {
          if (o.op === 'add' && cache.size > 0) {
            const app = `app-${o.app}`;
            const pod = makePod({
              name: `p${podSeq++}`,
              labels: { app },
              ...(o.anti ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { app } } }] } } } : {}),
            });
            const target = cache.nodes[o.node % cache.size]!.spec.name;
            const before = cache.nodeStamp[cache.indexOf(target)]!;
            cache.addPod(pod, target);
            expect(cache.nodeStamp[cache.indexOf(target)]).not.toBe(before);
          } else if (o.op === 'remove') {
            const placed = [...cache.pods()];
            if (placed.length > 0) cache.removePod(placed[o.pick % placed.length]!.pod.key);
          } else if (o.op === 'updateNode' && cache.size > 0) {
            cache.updateNode(node(cache.nodes[o.node % cache.size]!.spec.name, o.zone));
          } else if (o.op === 'removeNode' && cache.size > 1) {
            cache.removeNode(cache.nodes[o.node % cache.size]!.spec.name);
          } else if (o.op === 'addNode') {
            cache.addNode(node(`n${seq++}`, o.zone));
          } else if (o.op === 'read') {
            cache.domainMatchCounts(matcher(o.app), o.key);
            for (const g of cache.antiAffinityGroups()) cache.antiAffinityGroupDomainCounts(g);
          }
          // Equal stamps mean an unchanged node: the same name, pods and labels as when the stamp was first seen.
          cache.nodes.forEach((n, i) => {
            const s = cache.nodeStamp[i]!;
            expect(s).toBeGreaterThan(0);
            const signature = `${n.spec.name}|${n.pods.map((p) => p.key).join(',')}|${JSON.stringify(n.spec.labels)}`;
            const seen = stamps.get(s);
            if (seen !== undefined) expect(signature).toBe(seen);
            else stamps.set(s, signature);
          });
        }
        for (let app = 0; app < 3; app++) {
          for (const key of KEYS) {
            const d = cache.domains(key);
            const expected = new Float64Array(d.values.length);
            for (const { pod, node: n } of cache.pods()) {
              const di = d.domainOf[n.index]!;
              if (di >= 0 && matcher(app).matches(pod)) expected[di]!++;
            }
            expect([...cache.domainMatchCounts(matcher(app), key)]).toEqual([...expected]);
          }
          const d = cache.domains('zone');
          const expectedPairs = new Float64Array(d.values.length);
          for (const { pod, node: n } of cache.pods()) {
            const di = d.domainOf[n.index]!;
            if (di >= 0) expectedPairs[di]! += pod.requiredAntiAffinityTerms.filter((t) => t.sig === antiTerm(app).sig).length;
          }
          const group = [...cache.antiAffinityGroups()].find((g) => g.term.sig === antiTerm(app).sig);
          const got = group ? [...cache.antiAffinityGroupDomainCounts(group)] : [...new Float64Array(d.values.length)];
          expect(got).toEqual([...expectedPairs]);
          // The label index offers every live group whose term matches a pod, and only live groups.
          const probe = makePod({ name: 'probe', labels: { app: `app-${app}` } });
          const sigs = (gs: Iterable<{ term: { sig: string; matches(p: typeof probe): boolean } }>) =>
            [...gs].filter((g) => g.term.matches(probe)).map((g) => g.term.sig).sort();
          expect(sigs(cache.antiAffinityGroupsFor(probe))).toEqual(sigs(cache.antiAffinityGroups()));
          expect(cache.antiAffinityGroupsFor(probe).every((g) => [...cache.antiAffinityGroups()].includes(g))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counters indexed by required label stay exact, including after the oldest is evicted', () => {
    const cache = new SchedulerCache();
    cache.addNode(node('n0', 0));
    cache.addNode(node('n1', 1));
    const m = (k: number) => spreadMatcher('default', labelSelectorAsSelector({ matchLabels: { app: `a${k}` } }));
    // 4097 matchers: the first is evicted when the last is created (the cap is 4096).
    for (let k = 0; k <= 4096; k++) cache.matchCounts(m(k));
    const any = spreadMatcher('default', labelSelectorAsSelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }));
    cache.matchCounts(any);
    for (let k = 0; k < 6; k++) cache.addPod(makePod({ name: `q${k}`, labels: { app: `a${k % 3}` } }), `n${k % 2}`);
    cache.removePod('default/q4');
    expect([...cache.matchCounts(m(0)).subarray(0, 2)]).toEqual([1, 1]);
    expect([...cache.matchCounts(m(1)).subarray(0, 2)]).toEqual([0, 1]);
    expect([...cache.matchCounts(m(2)).subarray(0, 2)]).toEqual([1, 1]);
    expect([...cache.matchCounts(any).subarray(0, 2)]).toEqual([2, 3]);
  });
});
