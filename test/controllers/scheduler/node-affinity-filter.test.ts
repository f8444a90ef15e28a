/**
 * `node_affinity_test.go` TestNodeAffinity (kubernetes, Apache-2.0): every row (the node selector, required node
 * affinity with matchExpressions and matchFields, NodeAffinityArgs.addedAffinity, Filter without PreFilter),
 * restated with upstream's pods, node labels, node names, plugin args and expected Filter statuses (code and
 * reason; and PreFilter Skip). Upstream's PreFilterResult (the node names a
 * matchFields term narrows the search to) is a named deviation: kubesim's PreFilter does not narrow, its Filter
 * rejects the other nodes, so every Filter verdict is the same. Nor does it reject conflicting matchFields
 * requirements in PreFilter (upstream's errReasonConflict); the Filter rejects the node instead.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { ERR_REASON_ENFORCED, ERR_REASON_POD, newNodeAffinity, type NodeAffinityArgs } from '../../../src/controllers/scheduler/plugins/NodeAffinity/index.ts';
import { buildCache, fixedRng, makeNodeObj, makePod } from './helpers.ts';

const UNRESOLVABLE = 'UnschedulableAndUnresolvable';
/** `NewStatus(UnschedulableAndUnresolvable, ErrReasonPod)`. */
const POD = `${UNRESOLVABLE}: ${ERR_REASON_POD}`;
/** `NewStatus(UnschedulableAndUnresolvable, errReasonEnforced)`. */
const ENFORCED = `${UNRESOLVABLE}: ${ERR_REASON_ENFORCED}`;
type Affinity = NonNullable<Pod['spec']>['affinity'];

/**
 * PreFilter then Filter of the pod on one node: `skip` when PreFilter skips, else the Filter's status as
 * `code: reasons`, or null for Success.
 */
function run(opts: { nodeSelector?: Record<string, string>; affinity?: Affinity }, labels: Record<string, string>, nodeName = 'node', runPreFilter = true, args?: NodeAffinityArgs): string | null {
  const cache = buildCache([makeNodeObj(nodeName, {}, labels)]);
  const pod = makePod(opts);
  const plugin = newNodeAffinity(args);
  const state = { pod, cache, data: new Map<string, unknown>(), rng: fixedRng(), activeFilters: [] };
  const pre = runPreFilter ? plugin.preFilter!(state, pod) : null;
  if (pre) return pre.code === 'Skip' ? 'skip' : pre.code;
  const s = plugin.filter!(state, pod, 0);
  return s ? `${s.code}: ${s.message()}` : null;
}

const required = (...terms: NodeSelectorTerm[]): Affinity => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
const expr = (...matchExpressions: NodeSelectorRequirement[]): NodeSelectorTerm => ({ matchExpressions });
const fields = (...matchFields: NodeSelectorRequirement[]): NodeSelectorTerm => ({ matchFields });
const nameIn = (...values: string[]): NodeSelectorRequirement => ({ key: 'metadata.name', operator: 'In', values });

interface Row {
  name: string;
  pod: { nodeSelector?: Record<string, string>; affinity?: Affinity };
  labels?: Record<string, string>;
  nodeName?: string;
  want: string | null;
  runPreFilter?: boolean;
  args?: NodeAffinityArgs;
}

const rows: Row[] = [
  { name: 'missing labels', pod: { nodeSelector: { foo: 'bar' } }, want: POD },
  { name: 'same labels', pod: { nodeSelector: { foo: 'bar' } }, labels: { foo: 'bar' }, want: null },
  { name: 'node labels are superset', pod: { nodeSelector: { foo: 'bar' } }, labels: { foo: 'bar', baz: 'blah' }, want: null },
  { name: 'node labels are subset', pod: { nodeSelector: { foo: 'bar', baz: 'blah' } }, labels: { foo: 'bar' }, want: POD },
  { name: 'Pod with matchExpressions using In operator that matches the existing node', pod: { affinity: required(expr({ key: 'foo', operator: 'In', values: ['bar', 'value2'] })) }, labels: { foo: 'bar' }, want: null },
  { name: 'Pod with matchExpressions using Gt operator that matches the existing node', pod: { affinity: required(expr({ key: 'kernel-version', operator: 'Gt', values: ['0204'] })) }, labels: { 'kernel-version': '0206' }, want: null },
  { name: 'Pod with matchExpressions using NotIn operator that matches the existing node', pod: { affinity: required(expr({ key: 'mem-type', operator: 'NotIn', values: ['DDR', 'DDR2'] })) }, labels: { 'mem-type': 'DDR3' }, want: null },
  { name: 'Pod with matchExpressions using Exists operator that matches the existing node', pod: { affinity: required(expr({ key: 'GPU', operator: 'Exists' })) }, labels: { GPU: 'NVIDIA-GRID-K1' }, want: null },
  { name: "Pod with affinity that don't match node's labels won't schedule onto the node", pod: { affinity: required(expr({ key: 'foo', operator: 'In', values: ['value1', 'value2'] })) }, labels: { foo: 'bar' }, want: POD },
  { name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node", pod: { affinity: required(expr()) }, labels: { foo: 'bar' }, want: POD },
  { name: 'Pod with no Affinity will schedule onto a node', pod: {}, labels: { foo: 'bar' }, want: 'skip' },
  { name: 'Pod with Affinity but nil NodeSelector will schedule onto a node', pod: { affinity: { nodeAffinity: {} } }, labels: { foo: 'bar' }, want: 'skip' },
  {
    name: 'Pod with multiple matchExpressions ANDed that matches the existing node',
    pod: { affinity: required(expr({ key: 'GPU', operator: 'Exists' }, { key: 'GPU', operator: 'NotIn', values: ['AMD', 'INTER'] })) },
    labels: { GPU: 'NVIDIA-GRID-K1' },
    want: null,
  },
  {
    name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
    pod: { affinity: required(expr({ key: 'GPU', operator: 'Exists' }, { key: 'GPU', operator: 'In', values: ['AMD', 'INTER'] })) },
    labels: { GPU: 'NVIDIA-GRID-K1' },
    want: POD,
  },
  {
    name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
    pod: { affinity: required(expr({ key: 'foo', operator: 'In', values: ['bar', 'value2'] }), expr({ key: 'diffkey', operator: 'In', values: ['wrong', 'value2'] })) },
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: 'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
    pod: { nodeSelector: { foo: 'bar' }, affinity: required(expr({ key: 'foo', operator: 'Exists' })) },
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
    pod: { nodeSelector: { foo: 'bar' }, affinity: required(expr({ key: 'foo', operator: 'Exists' })) },
    labels: { foo: 'barrrrrr' },
    want: POD,
  },
  {
    name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
    pod: { affinity: required(expr({ key: 'foo', operator: 'NotIn', values: ['invalid value: ___@#$%^'] })) },
    labels: { foo: 'bar' },
    want: POD,
  },
  { name: 'Pod with matchFields using In operator that matches the existing node', pod: { affinity: required(fields(nameIn('node1'))) }, nodeName: 'node1', want: null },
  { name: 'Pod with matchFields using In operator that does not match the existing node', pod: { affinity: required(fields(nameIn('node1'))) }, nodeName: 'node2', want: POD },
  {
    name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
    pod: { affinity: required(fields(nameIn('node1'), nameIn('node2')), expr({ key: 'foo', operator: 'In', values: ['bar'] })) },
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: 'Pod with one term: matchFields does not match, but matchExpressions matches',
    pod: { affinity: required({ matchFields: [nameIn('node1')], matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] }) },
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: POD,
  },
  {
    name: 'Pod with one term: both matchFields and matchExpressions match',
    pod: { affinity: required({ matchFields: [nameIn('node1')], matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] }) },
    nodeName: 'node1',
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: 'Pod with two terms: both matchFields and matchExpressions do not match',
    pod: { affinity: required(fields(nameIn('node1')), expr({ key: 'foo', operator: 'In', values: ['not-match-to-bar'] })) },
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: POD,
  },
  { name: 'Pod with two terms of node.Name affinity', pod: { affinity: required(fields(nameIn('node1')), fields(nameIn('node2'))) }, nodeName: 'node2', want: null },
  {
    name: 'Pod with two conflicting mach field requirements',
    pod: { affinity: required(fields(nameIn('node1'), nameIn('node2'))) },
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: POD,
  },
  {
    name: "Matches added affinity and Pod's node affinity",
    pod: { affinity: required(expr({ key: 'zone', operator: 'In', values: ['foo'] })) },
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [fields(nameIn('node2'))] } } },
    want: null,
  },
  {
    name: "Matches added affinity but not Pod's node affinity",
    pod: { affinity: required(expr({ key: 'zone', operator: 'In', values: ['bar'] })) },
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [fields(nameIn('node2'))] } } },
    want: POD,
  },
  {
    name: "Doesn't match added affinity",
    pod: {},
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [expr({ key: 'zone', operator: 'In', values: ['bar'] })] } } },
    want: ENFORCED,
  },
  { name: 'Matches node selector correctly even if PreFilter is not called', pod: { nodeSelector: { foo: 'bar' } }, labels: { foo: 'bar', baz: 'blah' }, want: null, runPreFilter: false },
  {
    name: 'Matches node affinity correctly even if PreFilter is not called',
    pod: { affinity: required(expr({ key: 'GPU', operator: 'Exists' }, { key: 'GPU', operator: 'NotIn', values: ['AMD', 'INTER'] })) },
    labels: { GPU: 'NVIDIA-GRID-K1' },
    want: null,
    runPreFilter: false,
  },
];

describe('node_affinity_test.go TestNodeAffinity (Filter)', () => {
  for (const r of rows) {
    const conflict = r.name === 'Pod with two conflicting mach field requirements';
    const name = conflict
      ? `${r.name} (deviation: upstream's PreFilter rejects the conflict, kubesim's Filter does; the verdict is upstream's)`
      : r.pod.affinity && JSON.stringify(r.pod.affinity).includes('metadata.name')
        ? `${r.name} (deviation: no PreFilterResult narrowing to the named nodes; the Filter verdict is upstream's)`
        : r.name;
    it(name, () => {
      expect(run(r.pod, r.labels ?? {}, r.nodeName, r.runPreFilter ?? true, r.args)).toBe(r.want);
    });
  }
});
