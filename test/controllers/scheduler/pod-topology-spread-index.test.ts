/**
 * PodTopologySpread's PreFilter counts, when its constraints honor the pod's node affinity, only the nodes the shared
 * node-affinity index lists: the per-domain counts, present domains, minimum and per-domain verdicts must equal
 * those of the pass over every node.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Taint } from 'kubernetes-types/core/v1';
import { calPreFilterState } from '../../../src/controllers/scheduler/plugins/PodTopologySpread/index.ts';
import { buildCache, exists, makeNodeObj, makePod, spread } from './helpers.ts';

const ZONES = ['z0', 'z1', 'z2', 'z3', 'z4', 'z5'];
const TAINT: Taint = { key: 'dedicated', value: 'x', effect: 'NoSchedule' };

const arbNode = fc.record({
  zone: fc.option(fc.constantFrom(...ZONES), { freq: 8 }),
  rack: fc.option(fc.constantFrom('r0', 'r1'), { freq: 4 }),
  tainted: fc.constantFrom(false, false, false, true),
  pods: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
});

const arbCase = fc.record({
  nodes: fc.array(arbNode, { minLength: 1, maxLength: 40 }),
  // One or two zones required (a third of the nodes or fewer, so the index lists them), or a rack selector.
  zones: fc.subarray(ZONES, { minLength: 1, maxLength: 3 }),
  rackSelector: fc.boolean(),
  constraints: fc.array(
    fc.record({
      key: fc.constantFrom('zone', 'rack', 'kubernetes.io/hostname'),
      maxSkew: fc.integer({ min: 1, max: 3 }),
      minDomains: fc.option(fc.integer({ min: 1, max: 4 })),
      affinity: fc.constantFrom('Honor', 'Honor', 'Ignore', undefined),
      taints: fc.constantFrom('Honor', 'Ignore', undefined),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  app: fc.constantFrom('a', 'b'),
});

describe('PodTopologySpread PreFilter over the node-affinity index', () => {
  it('gives the counts of the pass over every node', () => {
    let indexed = 0;
    fc.assert(
      fc.property(arbCase, (c) => {
        const nodes = c.nodes.map((n, k) =>
          makeNodeObj(`n${k}`, { cpu: '4' }, { 'kubernetes.io/hostname': `n${k}`, ...(n.zone ? { zone: n.zone } : {}), ...(n.rack ? { rack: n.rack } : {}) }, n.tainted ? [TAINT] : []),
        );
        const placed = c.nodes.flatMap((n, k) => n.pods.map((app, j) => ({ pod: makePod({ name: `e${k}-${j}`, labels: { app } }), node: `n${k}` })));
        const cache = buildCache(nodes, placed);
        const pod = makePod({
          name: 'incoming',
          labels: { app: c.app },
          ...(c.rackSelector ? { nodeSelector: { rack: 'r0' } } : {}),
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: c.zones }] }] } } },
          spread: c.constraints.map((s) =>
            spread(s.maxSkew, s.key, { ...exists('app'), matchLabels: { app: c.app } }, {
              ...(s.minDomains !== null ? { minDomains: s.minDomains } : {}),
              ...(s.affinity ? { affinity: s.affinity } : {}),
              ...(s.taints ? { taints: s.taints } : {}),
            }),
          ),
        });
        const strip = (states: ReturnType<typeof calPreFilterState>) =>
          states.map((s) => ({ matchNum: [...s.matchNum], present: [...s.present], minMatch: s.minMatch, domainsNum: s.domainsNum, fits: [...s.fits] }));
        const withIndex = strip(calPreFilterState(cache, pod, pod.topologySpreadConstraints, true));
        expect(withIndex).toEqual(strip(calPreFilterState(cache, pod, pod.topologySpreadConstraints, false)));
        if (pod.topologySpreadConstraints.every((s) => s.nodeAffinityPolicy === 'Honor')) indexed++;
      }),
      { numRuns: 400 },
    );
    // Most cases honor node affinity everywhere, so the index is used.
    expect(indexed).toBeGreaterThan(100);
  });
});
