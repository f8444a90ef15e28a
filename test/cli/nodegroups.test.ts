import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { kubesim, SHORT } from './helpers.ts';

const SPIKE = 'scenarios/autoscaler-spike.yaml';

describe('kubesim get nodegroups / describe nodegroup', () => {
  it('shows the scale-up in progress while the new node boots, then Ready nodes up to the max reached', async () => {
    // The spike starts at 1h; the first scale-up (2 -> 3) is asked for at 1h1m and its node registers 90 s later.
    const booting = await kubesim('get', 'nodegroups', '-f', SPIKE, '--at', '1h1m');
    expect(booting.code).toBe(0);
    expect(booting.out.split('\n')[0]).toMatch(/^NAME\s+MIN\s+MAX\s+TARGET\s+READY\s+INSTANCE-TYPE\s+CAPACITY-TYPE\s+PRICE\s+HEALTH\s+SCALE-UP\s+SCALE-DOWN$/);
    expect(booting.out).toMatch(/^burst\s+2\s+8\s+3\s+2\/2\s+<none>\s+on-demand\s+\$0\.0084\/h\s+Healthy\s+InProgress\s+NoCandidates$/m);
    const peak = await kubesim('get', 'ng', 'burst', '-o', 'wide', '-f', SPIKE, '--at', '1h10m');
    expect(peak.out).toMatch(/^burst\s+2\s+8\s+4\s+4\/4\s.*NoActivity\s.*1m30s\s+\S+\s+\$\S+\s+burst-1,burst-2,burst-3,burst-4$/m);
  });

  it('-o yaml prints the group with its spec and its status at that instant', async () => {
    const r = await kubesim('get', 'nodegroup/burst', '-o', 'yaml', '-f', SPIKE, '--at', '1h10m');
    const group = parseYaml(r.out) as { kind: string; spec: { minSize: number; maxSize: number }; status: { health: { cloudProviderTarget: number }; nodes: string[] } };
    expect(group.kind).toBe('NodeGroup');
    expect(group.spec).toMatchObject({ minSize: 2, maxSize: 8 });
    expect(group.status.health.cloudProviderTarget).toBe(4);
    expect(group.status.nodes).toHaveLength(4);
  });

  it('describe gives the status lines, the nodes, the cost and the decisions and events of the group and its nodes', async () => {
    const r = await kubesim('describe', 'ng/burst', '-f', SPIKE, '--at', '2h');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}Health:\s+Healthy \(ready=2 unready=0 notStarted=0 registered=2 longUnregistered=0 unregistered=0 cloudProviderTarget=2 \(minSize=2, maxSize=8\)\)$/m);
    expect(r.out).toMatch(/^Nodes:\s+\(2 in total\)$/m);
    expect(r.out).toMatch(/^Cost:\s+\d+\.\d\d node-hours, \$\d+\.\d\d so far$/m);
    // Both scale-ups of the group and both scale-downs of its nodes, each naming what it is about.
    expect(r.out).toMatch(/NodeGroup\/burst\s+scale up 2->3: 1 pending pods/);
    expect(r.out).toMatch(/Node\/burst-1\s+scale down empty node of burst/);
    expect(r.out).toMatch(/ScaledUpGroup\s+\S+\s+ConfigMap\/cluster-autoscaler-status\s+Scale-up: setting group burst size to 4 instead of 3/);
    expect(r.out).toMatch(/ScaleDownEmpty\s+\S+\s+ConfigMap\/cluster-autoscaler-status\s+Scale-down: empty node burst-1 removed/);
    expect(r.out).toMatch(/ScaleDown\s+\S+\s+Node\/burst-2\s+marked the node as toBeDeleted\/unschedulable/);
    // The nodes at 2h are those left after scale-down, not the ones gone.
    expect(r.out).not.toMatch(/^ {2}burst-1\s+Ready/m);
  });

  it('says so when a scenario has no node groups', async () => {
    const get = await kubesim('get', 'nodegroups', '-f', SHORT, '--at', '1m');
    expect(get.code).toBe(0);
    expect(get.err).toBe('No resources found\n');
    const describeMissing = await kubesim('describe', 'ng/nope', '-f', SPIKE, '--at', '1m');
    expect(describeMissing.code).not.toBe(0);
    expect(describeMissing.err).toMatch(/nodegroups "nope" not found: the scenario's node groups are burst/);
  });
});
