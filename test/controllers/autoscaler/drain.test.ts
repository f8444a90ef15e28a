/**
 * The drain rules (`utils/drain` `GetPodsForDeletionOnNodeDrain`, `simulator/drain.go` `checkPdbs`) and the
 * scale-down eligibility check, case by case as upstream's drain and eligibility tests name them: replicated pods
 * move, DaemonSet and mirror pods are ignored, bare pods, kube-system pods without a PDB, local storage and
 * `safe-to-evict: "false"` block, `safe-to-evict: "true"` and terminal pods lift the rules, a PDB with no
 * disruptions allowed blocks.
 */
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { describe, expect, it } from 'vitest';
import { getPodsForDeletionOnNodeDrain, POD_SAFE_TO_EVICT_KEY, SCALE_DOWN_DISABLED_KEY } from '../../../src/controllers/autoscaler/drain.ts';
import { TO_BE_DELETED_TAINT, unremovableReason } from '../../../src/controllers/autoscaler/scaledown.ts';
import { buildTestNode, buildTestPod, type TestPodOptions } from './fixtures.ts';

const opts = { skipNodesWithSystemPods: true, skipNodesWithLocalStorage: true };
const NOW = 1_000_000;
const simMs = (ts: string) => Number(ts);
const pod = (name: string, o: TestPodOptions = {}) => buildTestPod(name, 100, 1000, { phase: 'Running', ...o });
const rs = { owner: { kind: 'ReplicaSet', name: 'rs' } };
const pdb = (ns: string, allowed: number): PodDisruptionBudget => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'pdb', namespace: ns },
  spec: { selector: { matchLabels: { app: 'x' } } },
  status: { disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
});

const cases: { name: string; pods: ReturnType<typeof pod>[]; pdbs?: PodDisruptionBudget[]; moved?: string[]; blocked?: string; message?: string }[] = [
  { name: 'RC-managed pod', pods: [pod('rc', { owner: { kind: 'ReplicationController', name: 'rc' } })], moved: ['rc'] },
  { name: 'RS-managed pod', pods: [pod('p', rs)], moved: ['p'] },
  { name: 'Job-managed pod', pods: [pod('job', { owner: { kind: 'Job', name: 'job' } })], moved: ['job'] },
  { name: 'StatefulSet-managed pod', pods: [pod('ss', { owner: { kind: 'StatefulSet', name: 'ss' } })], moved: ['ss'] },
  { name: 'DS-managed pod is ignored', pods: [pod('ds', { owner: { kind: 'DaemonSet', name: 'ds' } })], moved: [] },
  { name: 'mirror pod is ignored', pods: [pod('mirror', { annotations: { 'kubernetes.io/config.mirror': 'x' } })], moved: [] },
  { name: 'naked pod', pods: [pod('bare')], blocked: 'NotReplicated', message: 'default/bare is not replicated' },
  { name: 'naked pod with safe-to-evict', pods: [pod('bare', { annotations: { [POD_SAFE_TO_EVICT_KEY]: 'true' } })], moved: ['bare'] },
  { name: 'naked failed pod (terminal)', pods: [pod('done', { phase: 'Failed' })], moved: ['done'] },
  { name: 'naked succeeded pod with restartPolicy Never (terminal)', pods: [pod('done', { phase: 'Succeeded', restartPolicy: 'Never' })], moved: ['done'] },
  {
    name: 'kube-system pod without a PDB',
    pods: [pod('sys', { ...rs, namespace: 'kube-system' })],
    blocked: 'UnmovableKubeSystemPod',
    message: 'non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: sys',
  },
  { name: 'kube-system pod with a PDB', pods: [pod('sys', { ...rs, namespace: 'kube-system', labels: { app: 'x' } })], pdbs: [pdb('kube-system', 1)], moved: ['sys'] },
  {
    name: 'pod with local storage (emptyDir)',
    pods: [pod('ls', { ...rs, volumes: [{ name: 'scratch', emptyDir: {} }] })],
    blocked: 'LocalStorageRequested',
    message: 'pod with local storage present: ls',
  },
  { name: 'pod with a memory-backed emptyDir', pods: [pod('mem', { ...rs, volumes: [{ name: 'scratch', emptyDir: { medium: 'Memory' } }] })], moved: ['mem'] },
  { name: 'pod with local storage and safe-to-evict', pods: [pod('ls', { ...rs, annotations: { [POD_SAFE_TO_EVICT_KEY]: 'true' }, volumes: [{ name: 'h', hostPath: { path: '/x' } }] })], moved: ['ls'] },
  {
    name: 'pod annotated safe-to-evict false',
    pods: [pod('keep', { ...rs, annotations: { [POD_SAFE_TO_EVICT_KEY]: 'false' } })],
    blocked: 'NotSafeToEvictAnnotation',
    message: 'pod annotated as not safe to evict present: keep',
  },
  { name: 'pod with a PDB allowing one disruption', pods: [pod('p', { ...rs, labels: { app: 'x' } })], pdbs: [pdb('default', 1)], moved: ['p'] },
  {
    name: 'pod with a PDB allowing no disruption',
    pods: [pod('p', { ...rs, labels: { app: 'x' } })],
    pdbs: [pdb('default', 0)],
    blocked: 'NotEnoughPdb',
    message: 'not enough pod disruption budget to move default/p',
  },
  { name: 'a PDB of another namespace does not apply', pods: [pod('p', { ...rs, labels: { app: 'x' } })], pdbs: [pdb('other', 0)], moved: ['p'] },
];

describe('getPodsForDeletionOnNodeDrain', () => {
  it.each(cases)('$name', (tc) => {
    const r = getPodsForDeletionOnNodeDrain(tc.pods, tc.pdbs ?? [], opts, NOW, simMs);
    if (tc.blocked) {
      expect(r.blocking?.reason).toBe(tc.blocked);
      expect(r.message).toBe(tc.message);
      expect(r.pods).toEqual([]);
    } else {
      expect(r.blocking).toBeUndefined();
      expect(r.pods.map((p) => p.metadata?.name)).toEqual(tc.moved);
    }
  });

  it('a pod deleting longer than its grace period + 30 s is ignored; a recent one still counts', () => {
    const deleting = (name: string, sinceMs: number) => {
      const p = pod(name);
      return { ...p, metadata: { ...p.metadata, deletionTimestamp: String(NOW - sinceMs), deletionGracePeriodSeconds: 30 } };
    };
    const long = deleting('old', 61_000);
    const recent = deleting('new', 59_000);
    expect(getPodsForDeletionOnNodeDrain([long], [], opts, NOW, simMs).pods).toEqual([]);
    expect(getPodsForDeletionOnNodeDrain([recent], [], opts, NOW, simMs).blocking?.reason).toBe('NotReplicated');
  });

  it('the skip flags off: kube-system and local-storage pods move', () => {
    const off = { skipNodesWithSystemPods: false, skipNodesWithLocalStorage: false };
    const pods = [pod('sys', { ...rs, namespace: 'kube-system' }), pod('ls', { ...rs, volumes: [{ name: 's', emptyDir: {} }] })];
    expect(getPodsForDeletionOnNodeDrain(pods, [], off, NOW, simMs).pods.map((p) => p.metadata?.name)).toEqual(['sys', 'ls']);
  });
});

describe('unremovableReason (eligibility)', () => {
  const node = buildTestNode('n', 1000, 1000);
  it.each([
    { name: 'underutilized autoscaled node is a candidate', util: 0.3, autoscaled: true, want: undefined },
    { name: 'at the threshold is not underutilized (strict <)', util: 0.5, autoscaled: true, want: 'NotUnderutilized' },
    { name: 'above the threshold', util: 0.9, autoscaled: true, want: 'NotUnderutilized' },
    { name: 'node of no node group', util: 0.1, autoscaled: false, want: 'NotAutoscaled' },
  ])('$name', ({ util, autoscaled, want }) => {
    expect(unremovableReason(node, util, 0.5, autoscaled)).toBe(want);
  });
  it('scale-down-disabled annotation keeps the node', () => {
    const n = { ...node, metadata: { ...node.metadata, annotations: { [SCALE_DOWN_DISABLED_KEY]: 'true' } } };
    expect(unremovableReason(n, 0.1, 0.5, true)).toBe('ScaleDownDisabledAnnotation');
  });
  it('a node already tainted for deletion is being deleted', () => {
    const n = { ...node, spec: { taints: [{ key: TO_BE_DELETED_TAINT, value: '1', effect: 'NoSchedule' as const }] } };
    expect(unremovableReason(n, 0.1, 0.5, true)).toBe('CurrentlyBeingDeleted');
  });
});
