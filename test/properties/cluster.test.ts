/**
 * Cluster-wide properties on the real runtime (issues 4, 5, 9): drawn clusters, Deployments, HPAs, traffic and
 * outside failures, each run to its end and checked at every instant an object changed.
 */
import { describe, it } from 'vitest';
import { arbScenario, assertScenarioProperty, invariants } from '../../src/testing/index.ts';

const arb = arbScenario({ durationSeconds: 600, maxFaults: 2 });

describe('scheduling and binding', () => {
  it('a pod is bound to at most one node, and stays bound', () => {
    assertScenarioProperty(arb, (run) => invariants.podBoundOnce(run), { numRuns: 25, seed: 401 });
  });

  it("requests on a node never exceed its allocatable", () => {
    // Small nodes and up to 6 replicas of 500m pods: the scheduler must leave some Pending rather than overcommit.
    const tight = arbScenario({ durationSeconds: 600, maxReplicas: 6, cluster: { maxPools: 1, maxNodesPerPool: 2 } });
    assertScenarioProperty(tight, (run) => invariants.noNodeOvercommitted(run), { numRuns: 25, seed: 402 });
  });
});

describe('time, ownership and requests', () => {
  it('time never goes backwards: events, decisions and metric points are in time order', () => {
    assertScenarioProperty(arb, (run) => invariants.timeMonotone(run), { numRuns: 25, seed: 403 });
  });

  it("every pod's owner chain resolves, or the pod is bare", () => {
    assertScenarioProperty(arb, (run) => invariants.ownerChainsResolve(run), { numRuns: 25, seed: 404 });
  });

  it('served + failed = offered requests for every Service', () => {
    assertScenarioProperty(arb, (run) => invariants.requestsConserved(run), { numRuns: 25, seed: 405 });
  });
});
