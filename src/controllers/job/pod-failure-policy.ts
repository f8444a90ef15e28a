/**
 * The Job's pod failure policy, ported from `pkg/controller/job/pod_failure_policy.go`: the first rule whose
 * `onExitCodes` or `onPodConditions` requirement a failed pod meets decides what its failure means — fail the Job
 * (`FailJob`, with upstream's message), fail the pod's index (`FailIndex`), not count it towards backoffLimit
 * (`Ignore`), or count it (`Count`, as without a policy).
 */
import type { JobSpec } from 'kubernetes-types/batch/v1';
import type { ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';

/** `batch.PodFailurePolicy`. */
export type PodFailurePolicy = NonNullable<JobSpec['podFailurePolicy']>;
type Rule = PodFailurePolicy['rules'][number];
type OnExitCodes = NonNullable<Rule['onExitCodes']>;

/** What a failed pod's match says: a Job failure message (FailJob), whether it counts, and the matched action. */
export interface PodFailurePolicyMatch {
  jobFailureMessage?: string;
  countFailed: boolean;
  action?: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
}

/** `matchPodFailurePolicy`: the outcome of the first matching rule; without a match the failure counts. */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, failedPod: Pod): PodFailurePolicyMatch {
  if (!policy) return { countFailed: true };
  const status = failedPod.status ?? {};
  const rules = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    const action = rule.action as PodFailurePolicyMatch['action'];
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(status, rule.onExitCodes);
      if (!cs) continue;
      if (action === 'FailJob') {
        const code = cs.state?.terminated?.exitCode;
        const msg = `Container ${cs.name} for pod ${failedPod.metadata?.namespace}/${failedPod.metadata?.name} failed with exit code ${code} matching ${action} rule at index ${index}`;
        return { jobFailureMessage: msg, countFailed: true, action };
      }
      return outcome(action);
    } else if (rule.onPodConditions) {
      const cond = matchOnPodConditions(status, rule.onPodConditions);
      if (!cond) continue;
      if (action === 'FailJob') {
        const msg = `Pod ${failedPod.metadata?.namespace}/${failedPod.metadata?.name} has condition ${cond.type} matching ${action} rule at index ${index}`;
        return { jobFailureMessage: msg, countFailed: true, action };
      }
      return outcome(action);
    }
  }
  return { countFailed: true };
}

function outcome(action: PodFailurePolicyMatch['action']): PodFailurePolicyMatch {
  switch (action) {
    case 'Ignore':
      return { countFailed: false, action };
    case 'Count':
    case 'FailIndex':
      return { countFailed: true, action };
    default:
      return { countFailed: true };
  }
}

/** `matchOnExitCodes`: a terminated container (app containers first, then init) meeting the requirement. */
function matchOnExitCodes(status: PodStatus, requirement: OnExitCodes): ContainerStatus | undefined {
  return getMatchingContainerFromList(status.containerStatuses ?? [], requirement) ?? getMatchingContainerFromList(status.initContainerStatuses ?? [], requirement);
}

function matchOnPodConditions(status: PodStatus, patterns: NonNullable<Rule['onPodConditions']>): PodCondition | undefined {
  for (const c of status.conditions ?? []) {
    for (const p of patterns) if (c.type === p.type && c.status === (p.status ?? 'True')) return c;
  }
  return undefined;
}

/** Exit code 0 never matches: a succeeded container is no failure to classify. */
function getMatchingContainerFromList(statuses: readonly ContainerStatus[], requirement: OnExitCodes): ContainerStatus | undefined {
  for (const cs of statuses) {
    const t = cs.state?.terminated;
    if (!t) continue;
    if (requirement.containerName !== undefined && requirement.containerName !== cs.name) continue;
    if (t.exitCode !== 0 && isOnExitCodesOperatorMatching(t.exitCode, requirement)) return cs;
  }
  return undefined;
}

function isOnExitCodesOperatorMatching(exitCode: number, requirement: OnExitCodes): boolean {
  switch (requirement.operator) {
    case 'In':
      return requirement.values.includes(exitCode);
    case 'NotIn':
      return !requirement.values.includes(exitCode);
    default:
      return false;
  }
}
