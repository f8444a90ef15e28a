/**
 * NodeAffinityArgs.addedAffinity end to end, from `spec.scheduler.pluginConfig` through the loader's validation and
 * the Simulation to the scheduler: the profile's required node affinity confines every pod to the nodes it
 * selects (a full pool leaves pods Pending with upstream's `didn't match scheduler-enforced node affinity`), and a
 * malformed selector is a load error at its field path.
 */
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../src/api/errors.ts';
import { loadScenario, simulate } from '../../src/index.ts';
import { loadScenarioFromText } from '../../src/scenario/load.ts';
import { MemoryFileSystem } from '../../src/scenario/fs.ts';

const scenario = (replicas: number, operator = 'In') => `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: added-affinity}
spec:
  duration: 5m
  cluster:
    nodePools:
    - {name: general, count: 2, capacity: {cpu: "2", memory: 8Gi}, labels: {tier: general}}
    - {name: batch, count: 2, capacity: {cpu: "8", memory: 32Gi}, labels: {tier: batch}}
  scheduler:
    pluginConfig:
    - name: NodeAffinity
      args:
        addedAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: tier, operator: ${operator}, values: [general]}]
  manifests:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: ${replicas}
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
          - name: web
            image: web:v1
            resources: {requests: {cpu: "1", memory: 1Gi}}
`;

describe('spec.scheduler pluginConfig NodeAffinity addedAffinity', () => {
  it('places every pod on the nodes the profile selects, and leaves the rest Pending with the enforced reason', async () => {
    const s = await loadScenario(scenario(6), { fs: new MemoryFileSystem({}) });
    expect(s.scheduler.pluginArgs.NodeAffinity.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toHaveLength(1);
    const run = simulate(s).until('5m');
    const pods = run.get<{ spec?: { nodeName?: string } }>('pods');
    const nodes = pods.map((p) => p.spec?.nodeName ?? '').sort();
    // 2 general nodes × 2 CPU hold 4 pods of 1 CPU (the batch nodes have room for all 6, but the profile forbids them).
    expect(nodes).toEqual(['', '', 'general-1', 'general-1', 'general-2', 'general-2']);
    const failed = run.events.filter((e) => e.reason === 'FailedScheduling').map((e) => e.message);
    expect(failed[0]).toBe(
      "0/4 nodes are available: 2 Insufficient cpu, 2 node(s) didn't match scheduler-enforced node affinity. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });

  it('a malformed selector is an error at its field path', () => {
    const r = loadScenarioFromText(scenario(1, 'Near'), 'added-affinity.yaml', new MemoryFileSystem({}));
    expect(r.errors.map(formatFieldError)).toEqual([
      expect.stringMatching(
        /^added-affinity\.yaml:\d+:\d+: spec\.scheduler\.pluginConfig\[0\]\.args\.addedAffinity\.requiredDuringSchedulingIgnoredDuringExecution\.nodeSelectorTerms\[0\]\.matchExpressions\[0\]: Invalid value: "Near" is not a valid label selector operator$/,
      ),
    ]);
  });

  it('an unknown field of the args or of the NodeAffinity is an error', () => {
    const text = scenario(1).replace('        addedAffinity:', '        addedAfinity: {}\n        addedAffinity:').replace('            nodeSelectorTerms:', '            nodeSelectorTerm: []\n            nodeSelectorTerms:');
    const r = loadScenarioFromText(text, 'added-affinity.yaml', new MemoryFileSystem({}));
    expect(r.errors.map((e) => e.field)).toEqual([
      'spec.scheduler.pluginConfig[0].args.addedAfinity',
      'spec.scheduler.pluginConfig[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerm',
    ]);
  });
});
