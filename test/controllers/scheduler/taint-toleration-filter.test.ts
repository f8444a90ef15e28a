/**
 * `taint_toleration_test.go` TestTaintTolerationFilter and TestTaintTolerationFilterWithFeatureGate (kubernetes,
 * Apache-2.0), restated with upstream's pods, nodes and expected status codes. Upstream's rows that need the alpha
 * TaintTolerationComparisonOperators gate on (`Gt`/`Lt` tolerations) run as named deviations: kubesim implements the
 * gate-off behaviour, where such a toleration tolerates nothing. Every rejection carries upstream's reason,
 * "node(s) had untolerated taint(s)".
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newTaintToleration } from '../../../src/controllers/scheduler/plugins/TaintToleration/index.ts';
import { buildCache, fixedRng, makeNodeObj, makePod } from './helpers.ts';

const UNRESOLVABLE = 'UnschedulableAndUnresolvable';
const REASON = 'node(s) had untolerated taint(s)';

/** Upstream's wantStatus: nil, or UnschedulableAndUnresolvable with the one reason. */
const status = (code: string | null) => ({ code, reasons: code === null ? [] : [REASON] });

/** The filter's verdict for a pod with `tolerations` on one node with `taints`: the status code, or null. */
function filter(tolerations: Toleration[], taints: Taint[]): { code: string | null; reasons: readonly string[] } {
  const cache = buildCache([makeNodeObj('nodeA', {}, {}, taints)]);
  const pod = makePod({ tolerations });
  const plugin = newTaintToleration();
  const state = { pod, cache, data: new Map<string, unknown>(), rng: fixedRng(), activeFilters: [] };
  const pre = plugin.preFilter?.(state, pod);
  // The PreFilter only skips when no node has a NoSchedule/NoExecute taint, when the Filter could not reject.
  if (pre) return { code: null, reasons: [] };
  const s = plugin.filter!(state, pod, 0);
  return { code: s?.code ?? null, reasons: s?.reasons ?? [] };
}

interface Row {
  name: string;
  tolerations: Toleration[];
  taints: Taint[];
  want: string | null;
}

const rows: Row[] = [
  { name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints", tolerations: [], taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], want: UNRESOLVABLE },
  { name: 'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule', tolerations: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], want: null },
  { name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], want: UNRESOLVABLE },
  { name: 'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node', tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], want: null },
  {
    name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
    taints: [{ key: 'dedicated', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    want: null,
  },
  {
    name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
    tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
    taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    want: UNRESOLVABLE,
  },
  {
    name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
    tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar' }],
    taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    want: null,
  },
  {
    name: "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
    taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
    want: null,
  },
  { name: 'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node', tolerations: [], taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }], want: null },
];

/** TestTaintTolerationFilterWithFeatureGate's rows with the gate off, as upstream wrote them. */
const gateOffRows: Row[] = [
  { name: 'Pod with Gt toleration cannot be scheduled when feature gate is disabled', tolerations: [{ key: 'node.kubernetes.io/sla', operator: 'Gt', value: '750', effect: 'NoSchedule' }], taints: [{ key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' }], want: UNRESOLVABLE },
  { name: 'Pod with Lt toleration cannot be scheduled when feature gate is disabled', tolerations: [{ key: 'node.kubernetes.io/sla', operator: 'Lt', value: '950', effect: 'NoSchedule' }], taints: [{ key: 'node.kubernetes.io/sla', value: '800', effect: 'NoSchedule' }], want: UNRESOLVABLE },
  {
    name: 'Pod with mixed tolerations (Equal and Gt) when feature gate is disabled - only Equal is honored',
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/sla', operator: 'Gt', value: '750', effect: 'NoSchedule' }],
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    want: null,
  },
  {
    name: 'Pod with mixed tolerations, Gt toleration needed but filtered out when feature gate is disabled',
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/sla', operator: 'Gt', value: '750', effect: 'NoSchedule' }],
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' }],
    want: UNRESOLVABLE,
  },
];

/**
 * Upstream's rows with the gate on, where `Gt`/`Lt` compare the taint's value as an integer. kubesim has the gate
 * off: every such toleration tolerates nothing, so each row below is UnschedulableAndUnresolvable here.
 */
const gateOnRows: (Row & { upstream: string | null })[] = [
  { name: 'Pod with Gt toleration cannot be scheduled on node when taint value is lower than threshold', tolerations: [{ key: 'node.example.com/priority-level', operator: 'Gt', value: '950', effect: 'NoSchedule' }], taints: [{ key: 'node.example.com/priority-level', value: '800', effect: 'NoSchedule' }], want: UNRESOLVABLE, upstream: UNRESOLVABLE },
  { name: 'Pod with Gt toleration can be scheduled on node when taint value is higher than threshold', tolerations: [{ key: 'node.kubernetes.io/sla', operator: 'Gt', value: '750', effect: 'NoSchedule' }], taints: [{ key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' }], want: UNRESOLVABLE, upstream: null },
  { name: 'Pod with Lt toleration cannot be scheduled on node when taint value is higher than threshold', tolerations: [{ key: 'node.example.com/priority-level', operator: 'Lt', value: '800', effect: 'NoSchedule' }], taints: [{ key: 'node.example.com/priority-level', value: '950', effect: 'NoSchedule' }], want: UNRESOLVABLE, upstream: UNRESOLVABLE },
  { name: 'Pod with Lt toleration can be scheduled on node when taint value is lower than threshold', tolerations: [{ key: 'node.kubernetes.io/sla', operator: 'Lt', value: '950', effect: 'NoSchedule' }], taints: [{ key: 'node.kubernetes.io/sla', value: '800', effect: 'NoSchedule' }], want: UNRESOLVABLE, upstream: null },
  { name: 'Pod with Gt toleration cannot be scheduled on node with non-numeric taint value', tolerations: [{ key: 'node.kubernetes.io/sla', operator: 'Gt', value: '950', effect: 'NoSchedule' }], taints: [{ key: 'node.kubernetes.io/sla', value: 'high', effect: 'NoSchedule' }], want: UNRESOLVABLE, upstream: UNRESOLVABLE },
];

describe('taint_toleration_test.go TestTaintTolerationFilter', () => {
  for (const r of rows) {
    it(r.name, () => {
      expect(filter(r.tolerations, r.taints)).toEqual(status(r.want));
    });
  }
  for (const r of gateOnRows) {
    it(`deviation: TaintTolerationComparisonOperators (alpha) is off in kubesim, ${r.upstream === null ? 'so unlike upstream the pod is rejected' : 'the verdict is upstream\'s'}: ${r.name}`, () => {
      expect(filter(r.tolerations, r.taints)).toEqual(status(r.want));
    });
  }
});

describe('taint_toleration_test.go TestTaintTolerationFilterWithFeatureGate (the gate-off rows)', () => {
  for (const r of gateOffRows) {
    it(r.name, () => {
      expect(filter(r.tolerations, r.taints)).toEqual(status(r.want));
    });
  }
});
