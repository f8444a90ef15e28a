/**
 * `kubesim explain-traffic <scenario> <source→destination> --at T`: runs the scenario to T and prints, kubectl
 * describe style, which NetworkPolicies select each side of the call, which rule allows each half (the caller's
 * egress, the endpoint's ingress) or why none does, and the verdict for every ready endpoint of the destination.
 */
import type { Namespace, Pod, Service } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { Stored } from '../../cluster/store.ts';
import { formatDurationShort } from '../../engine/duration.ts';
import { explainTraffic, parseTrafficPath, TrafficQuestionError, type WorkloadLike } from '../../report/explain-traffic.ts';
import { UsageError } from '../exit-codes.ts';
import type { RegisterCommand } from './index.ts';
import { runToAt } from './get.ts';

/** Kinds whose pods can be a source, looked up by name. */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout'];

interface ExplainFlags {
  at?: string;
  seed?: string;
  set?: string[];
  namespace?: string;
  progress?: boolean;
}

export const registerExplainTraffic: RegisterCommand = (program, io) => {
  program
    .command('explain-traffic <scenario> <path>')
    .description('explain why NetworkPolicies allow or drop calls from a workload to a Service (--at)')
    .option('--at <time>', "simulated time to look at, e.g. 30s, 5m (default: the scenario's end)")
    .option('--seed <n>', 'override the scenario seed')
    .option('--set <path=value...>', 'override scenario fields')
    .option('-n, --namespace <ns>', 'namespace of both sides', 'default')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      `
PATH is SOURCE→DESTINATION (or SOURCE->DESTINATION): the source a workload (Deployment, StatefulSet, …), a Service,
pod/NAME, or external (a client outside the cluster, as the scenario's traffic is); the destination a Service (its first port, the targetPort resolved on each endpoint). For the first
source pod and every ready endpoint it prints the policies that select the source for Egress and the endpoint for
Ingress, the rule that allows each half or why each selecting policy's rules do not match, and the verdict.

Examples:
  kubesim explain-traffic scenarios/networkpolicy-breaks-checkout.yaml checkoutservice→paymentservice --at 5m
  kubesim explain-traffic scenarios/networkpolicy-breaks-checkout.yaml 'frontend->cartservice'`,
    )
    .action((scenario: string, pathArg: string, flags: ExplainFlags) => {
      let path: { source: string; destination: string };
      try {
        path = parseTrafficPath(pathArg);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const at = runToAt({ ...flags, filename: scenario }, io);
      const namespace = flags.namespace ?? 'default';
      const store = at.run.sim.store;
      const t = at.atMs;
      const workloads = WORKLOAD_KINDS.flatMap((kind) => store.listAt<Stored>(kind, t, namespace).map((o) => ({ ...(o as unknown as WorkloadLike), kind })));
      try {
        io.out(
          explainTraffic(
            {
              pods: store.listAt<Pod & Stored>('Pod', t, namespace),
              services: store.listAt<Service & Stored>('Service', t, namespace),
              workloads,
              policies: store.listAt<NetworkPolicy & Stored>('NetworkPolicy', t),
              namespaces: store.listAt<Namespace & Stored>('Namespace', t),
            },
            { ...path, namespace, at: formatDurationShort(t) },
          ),
        );
      } catch (e) {
        if (e instanceof TrafficQuestionError) throw new UsageError(e.message);
        throw e;
      }
    });
};
