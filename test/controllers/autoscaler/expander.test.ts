/**
 * The expanders with upstream's test numbers: `TestLeastWaste` (waste_test.go), `TestMostPods`, `TestPriceExpander`
 * (price_test.go) and the priority expander's tests (priority_test.go).
 */
import { describe, expect, it } from 'vitest';
import { toPodInfo } from '../../../src/controllers/scheduler/podinfo.ts';
import type { PodInfo } from '../../../src/controllers/scheduler/types.ts';
import {
  bestOption,
  leastWaste,
  mostPods,
  parsePriorities,
  priceBestOptions,
  priorityBestOptions,
  randomBestOption,
  type ExpansionOption,
  type PricingModel,
} from '../../../src/controllers/autoscaler/expander.ts';
import { buildTestPod } from './fixtures.ts';

const opt = (group: string, nodeCount: number, pods: PodInfo[], cpu = 0, mem = 0, exists = true): ExpansionOption => ({
  group,
  nodeCount,
  pods,
  nodeCpuMillis: cpu,
  nodeMemoryBytes: mem,
  nodePricePerHour: 0,
  exists,
});

describe('least-waste (TestLeastWaste)', () => {
  const cpuPerPod = 500;
  const memoryPerPod = 1000 * 1024 * 1024;
  const pod = toPodInfo(buildTestPod('p', cpuPerPod, memoryPerPod));
  const balanced = (pods: PodInfo[]) => opt('balanced', 1, pods, 16 * cpuPerPod, 16 * memoryPerPod);
  it('without pods, one node info', () => {
    const b = balanced([]);
    expect(leastWaste([b])).toEqual([b]);
  });
  it('one pod, one node info', () => {
    const b = balanced([pod]);
    expect(leastWaste([b])).toEqual([b]);
  });
  it('one pod, a balanced and a high-memory node: balanced', () => {
    const b = balanced([pod]);
    const highmem = opt('highmem', 1, [pod], 16 * cpuPerPod, 32 * memoryPerPod);
    expect(leastWaste([b, highmem])).toEqual([b]);
  });
  it('one pod, balanced, high-memory and low-cpu nodes: low-cpu', () => {
    const b = balanced([pod]);
    const highmem = opt('highmem', 1, [pod], 16 * cpuPerPod, 32 * memoryPerPod);
    const lowcpu = opt('lowcpu', 1, [pod], 8 * cpuPerPod, 16 * memoryPerPod);
    expect(leastWaste([b, highmem, lowcpu])).toEqual([lowcpu]);
  });
});

describe('most-pods (TestMostPods)', () => {
  const eo0 = opt('EO0', 1, []);
  const eo1 = opt('EO1', 1, [toPodInfo(buildTestPod('a', 1, 1))]);
  const eo1b = opt('EO1b', 1, [toPodInfo(buildTestPod('b', 1, 1))]);
  it('one option', () => expect(mostPods([eo0])).toEqual([eo0]));
  it('the option with a pod', () => expect(mostPods([eo0, eo1])).toEqual([eo1]));
  it('both options with one pod', () => expect(mostPods([eo0, eo1, eo1b])).toEqual([eo1, eo1b]));
});

describe('price (TestPriceExpander)', () => {
  // BuildTestNode("n1", 1000, 1000), ("n2", 4000, 1000), ("n3", 4000, 1000); pods p1 1000m, p2 500m.
  const p1 = toPodInfo(buildTestPod('p1', 1000, 0));
  const p2 = toPodInfo(buildTestPod('p2', 500, 0));
  const nodeOf: Record<string, string> = { ng1: 'n1', ng2: 'n2', ng3: 'n3' };
  const cpuOf: Record<string, number> = { n1: 1000, n2: 4000, n3: 4000 };
  const option = (group: string, count: number, pods: PodInfo[], exists = true) => opt(group, count, pods, cpuOf[nodeOf[group]!]!, 1000, exists);
  const model = (podPrice: Record<string, number>, nodePrice: Record<string, number>): PricingModel => ({
    nodePrice: (o) => nodePrice[nodeOf[o.group]!],
    podPrice: (p) => podPrice[p.name],
    stabilizationPrice: () => podPrice['stabilize'] ?? 0,
  });
  const pods = { p1: 20, p2: 10, stabilize: 10 };
  const GIB = 1024 ** 3;
  const preferred = (cpu: number) => ({ cpuMillis: cpu, memoryBytes: GIB });
  const options = [option('ng1', 2, [p1, p2]), option('ng2', 1, [p1, p2])];
  const pick = (opts: ExpansionOption[], m: PricingModel, pref: number) => priceBestOptions(opts, m, preferred(pref)).map((o) => o.group);

  it('first node group is cheaper', () => expect(pick(options, model(pods, { n1: 20, n2: 200 }), 2000)).toEqual(['ng1']));
  it('first node group is cheaper, however, the second one is preferred', () => expect(pick(options, model(pods, { n1: 50, n2: 200 }), 4000)).toEqual(['ng2']));
  it('first is cheaper, the second preferred, but lots of nodes to be created', () => {
    expect(pick([option('ng1', 80, [p1, p2]), option('ng2', 40, [p1, p2])], model(pods, { n1: 20, n2: 200 }), 4000)).toEqual(['ng1']);
  });
  it('second node group is cheaper', () => expect(pick(options, model(pods, { n1: 200, n2: 100 }), 2000)).toEqual(['ng2']));
  const options2 = [option('ng1', 2, [p1]), option('ng2', 1, [p1, p2])];
  it('equally expensive, but the second accepts two pods', () => expect(pick(options2, model(pods, { n1: 200, n2: 200 }), 2000)).toEqual(['ng2']));
  it('no prices: no option', () => expect(pick(options2, model({}, {}), 2000)).toEqual([]));
  const options3 = [option('ng1', 2, [p1]), option('ng2', 1, [p1, p2]), option('ng3', 1, [p1, p2], false)];
  it('an existing group wins over a non-existing one of the same price', () => expect(pick(options3, model(pods, { n1: 200, n2: 200, n3: 200 }), 2000)).toEqual(['ng2']));
  it('a non-existing group wins when cheaper', () => expect(pick(options3, model(pods, { n1: 200, n2: 200, n3: 90 }), 2000)).toEqual(['ng3']));
});

describe('priority (priority_test.go)', () => {
  const config = '\n5:\n  - ".*t2\\\\.micro.*"\n10: \n  - ".*t2\\\\.large.*"\n  - ".*t3\\\\.large.*"\n50: \n  - ".*m4\\\\.4xlarge.*"\n';
  const oneEntryConfig = '\n10: \n  - ".*t2\\\\.large.*"\n';
  const wildcardMatchConfig = '\n5:\n  - ".*"\n10:\n  - ".t2\\\\.large.*"\n';
  const eoT2Micro = opt('my-asg.t2.micro', 1, []);
  const eoT2Large = opt('my-asg.t2.large', 1, []);
  const eoT3Large = opt('my-asg.t3.large', 1, []);
  const eoM44XLarge = opt('my-asg.m4.4xlarge', 1, []);
  const run = (text: string, options: ExpansionOption[]) => {
    const warnings: string[] = [];
    const kept = priorityBestOptions(options, parsePriorities(text), (reason, message) => warnings.push(`Warning ${reason} ${message}`));
    return { kept, warnings };
  };
  it('filters a single matching option out of one', () => expect(run(config, [eoT2Large]).kept).toEqual([eoT2Large]));
  it('filters a single matching option out of many', () => expect(run(config, [eoT2Large, eoM44XLarge]).kept).toEqual([eoM44XLarge]));
  it('filters to the higher priority match', () => expect(run(wildcardMatchConfig, [eoT2Large, eoT2Micro]).kept).toEqual([eoT2Large]));
  it('filters two matching options out of many', () => expect(run(config, [eoT2Large, eoT3Large, eoT2Micro]).kept).toEqual([eoT2Large, eoT3Large]));
  it('keeps both when both match the same priority', () => expect(run(config, [eoT2Large, eoT3Large]).kept).toEqual([eoT2Large, eoT3Large]));
  it('handles a config update, warning about groups not found', () => {
    const first = run(oneEntryConfig, [eoT2Large, eoT3Large, eoM44XLarge]);
    expect(first.kept).toEqual([eoT2Large]);
    const msg = (g: string) => `Warning PriorityConfigMapNotMatchedGroup Priority expander: node group ${g} not found in priority expander configuration. The group won't be used.`;
    expect(first.warnings).toEqual([msg('my-asg.t3.large'), msg('my-asg.m4.4xlarge')]);
    expect(run(config, [eoT2Large, eoT3Large, eoM44XLarge]).kept).toEqual([eoM44XLarge]);
  });
  it('skips a bad config change, keeping every option', () => {
    const r = run('', [eoT2Large, eoT3Large, eoM44XLarge]);
    expect(r.warnings).toEqual([
      'Warning PriorityConfigMapInvalid Wrong configuration for priority expander: priority configuration in cluster-autoscaler-priority-expander configmap is empty; please provide valid configuration. Ignoring update.',
    ]);
    expect(r.kept).toEqual([eoT2Large, eoT3Large, eoM44XLarge]);
  });
});

describe('random and the chain', () => {
  const a = opt('a', 1, [], 1000, 1000);
  const b = opt('b', 1, [], 1000, 1000);
  it('random draws from the stream: the same draw, the same option', () => {
    expect(randomBestOption([a, b], { next: () => 0.2 })).toBe(a);
    expect(randomBestOption([a, b], { next: () => 0.7 })).toBe(b);
    expect(randomBestOption([], { next: () => 0.7 })).toBeUndefined();
  });
  it('the chain breaks a least-waste tie with random and names a runner-up', () => {
    const c = opt('c', 2, [], 1000, 1000);
    const ctx = { rng: { next: () => 0.9 }, clusterSize: 3, priorities: () => ({}), warn: () => {} };
    const choice = bestOption('least-waste', [a, b, c], ctx);
    expect(choice.kept.map((o) => o.group)).toEqual(['a', 'b', 'c']);
    expect(choice.best?.group).toBe('c');
    expect(choice.runnerUp?.group).toBe('a');
  });
});
