import { describe, expect, it } from 'vitest';
import { SHORT, kubesim } from './helpers.ts';

const CANARY_DEMO = 'scenarios/canary.yaml';

describe('kubesim describe', () => {
  it('describes an HPA with its conditions, events up to --at and the table of its syncs', async () => {
    const r = await kubesim('describe', 'hpa/webapi-hpa', '-f', SHORT, '--at', '5m', '--decisions', '6');
    expect(r.code).toBe(0);
    expect(r.out).toMatchSnapshot();
    expect(r.out).toMatch(/^Conditions:\n {2}Type\s+Status\s+Reason\s+Message$/m);
    expect(r.out).toMatch(/^ {2}TIME\s+CURRENT\s+METRICS\s+PROPOSAL\s+STABILIZED\s+LIMIT\s+DESIRED\s+REASON$/m);
    // The last row is the sync at --at itself; nothing after it.
    expect(r.out).toMatch(/0h05m00s[^\n]*\n$/);
    expect(r.out).toContain('earlier decision(s) not shown');
  });

  it('shows only what had happened by --at', async () => {
    const early = await kubesim('describe', 'hpa', 'webapi-hpa', '-f', SHORT, '--at', '1m', '--decisions', '0');
    expect(early.out).not.toContain('SuccessfulRescale');
    expect(early.out).not.toMatch(/0h01m15s/);
    const later = await kubesim('describe', 'hpa', 'webapi-hpa', '-f', SHORT, '--at', '10m');
    expect(later.out).toMatch(/Normal\s+SuccessfulRescale\s+\S+\s+horizontal-pod-autoscaler\s+New size: \d+; reason: cpu resource utilization \(percentage of request\) above target/);
  });

  it("describes a pod with the scheduler's plugin scores of the best nodes", async () => {
    const pods = await kubesim('get', 'pods', '-f', SHORT, '--at', '30s', '-o', 'name');
    const pod = pods.out.split('\n')[0]!;
    const r = await kubesim('describe', pod, '-f', SHORT, '--at', '30s');
    expect(r.code).toBe(0);
    expect(r.out).toMatchSnapshot();
    expect(r.out).toMatch(/^Scheduling \(kube-scheduler cycles, simulated time\):\n {2}0s\s+bound to general-\d \(scores; 3 feasible of 3\)$/m);
    expect(r.out).toMatch(/^ {4}Node\s+Total\s+TaintToleration \(×3\)\s+NodeResourcesFit \(×1\)/m);
  });

  it('describes a deployment and a node', async () => {
    const d = await kubesim('describe', 'deploy/webapi-deployment', '-f', SHORT, '--at', '15m');
    expect(d.out).toMatch(/^NewReplicaSet:\s+webapi-deployment-\w+ \(\d+\/\d+ replicas created\)$/m);
    expect(d.out).toMatch(/ScalingReplicaSet/);
    const n = await kubesim('describe', 'node/general-2', '-f', SHORT, '--at', '9m');
    expect(n.out).toMatch(/^Name:\s+general-2$/m);
    expect(n.out).toMatch(/^ {2}Ready\s+Unknown/m);
    expect(n.out).toMatch(/RegisteredNode/);
  });

  it('describes a replica set with its pods by phase and its pod template', async () => {
    const r = await kubesim('describe', 'rs', '-f', SHORT, '--at', '15m');
    expect(r.code).toBe(0);
    expect(r.out).toMatchSnapshot();
    expect(r.out).toMatch(/^Controlled By:\s+Deployment\/webapi-deployment$/m);
    expect(r.out).toMatch(/^Pods Status:\s+\d+ Running \/ \d+ Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    expect(r.out).toMatch(/^Pod Template:\n {2}Labels:/m);
  });

  it('describes a service with the endpoints of its EndpointSlices at --at', async () => {
    const r = await kubesim('describe', 'svc/rollouts-demo', '-f', CANARY_DEMO, '--at', '5m');
    expect(r.code).toBe(0);
    expect(r.out).toMatchSnapshot();
    expect(r.out).toMatch(/^Endpoints:\s+(\d+\.){3}\d+:8080,/m);
    expect(r.out).toMatch(/^Session Affinity:\s+None$/m);
  });

  it('describes a rollout as kubectl argo rollouts get rollout does', async () => {
    const r = await kubesim('describe', 'rollout/rollouts-demo', '-f', CANARY_DEMO, '--at', '3m');
    expect(r.code).toBe(0);
    expect(r.out).toMatchSnapshot();
    expect(r.out).toMatch(/^Strategy: {8}Canary\n {2}Step: {10}0\/\d+\n {2}SetWeight: {5}20\n/m);
    expect(r.out).toMatch(/^NAME\s+KIND\s+STATUS\s+AGE\s+INFO$/m);
    expect(r.out).toMatch(/^└──# revision:1/m);
    expect(r.out).toMatch(/⧉ rollouts-demo-\w+\s+ReplicaSet\s+✔ Healthy\s+3m\s+stable$/m);
  });

  it('describes every object of a kind when no name is given', async () => {
    const r = await kubesim('describe', 'nodes', '-f', SHORT, '--at', '1m');
    expect(r.out.match(/^Name:/gm)).toHaveLength(3);
  });

  it.each([
    [['describe', 'endpointslices/x', '-f', SHORT], 'kubesim cannot describe endpointslices yet'],
    [['describe', 'hpa/nope', '-f', SHORT, '--at', '1m'], 'horizontalpodautoscalers "nope" not found at 1m in namespace default'],
    [['describe', 'gadget/x', '-f', SHORT], 'the server doesn\'t have a resource type "gadget"'],
    [['describe', 'hpa/webapi-hpa', '-f', SHORT, '--decisions', '-1'], '--decisions: expected a non-negative integer'],
    [['describe', 'hpa/webapi-hpa', 'x', '-f', SHORT], 'give either kind/name or kind and name'],
  ])('exits 2 with a clear message: %j', async (argv, message) => {
    const r = await kubesim(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
