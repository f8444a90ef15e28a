/**
 * The Job success policy (`pkg/controller/job/success_policy.go`, GA in 1.33): an Indexed Job whose succeeded
 * indexes satisfy one of `spec.successPolicy.rules` is done — SuccessCriteriaMet with reason SuccessPolicy, its
 * remaining pods deleted, then Complete — even if other indexes never ran or failed.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import { parseIndexesFromString, totalIndexes, type Interval } from './utils.ts';

/** `batch.JobReasonSuccessPolicy`. */
export const JobReasonSuccessPolicy = 'SuccessPolicy';

type SuccessPolicy = NonNullable<NonNullable<Job['spec']>['successPolicy']>;

/**
 * `matchSuccessPolicy`: the first rule (in order) that the succeeded indexes meet gives
 * `Matched rules at index <i>`; undefined when none does, without a policy, or with no index succeeded yet. A rule
 * with `succeededIndexes` is met when all of them succeeded, or `succeededCount` of them; a rule with only
 * `succeededCount` when that many indexes succeeded. Example: succeeded 0-2,4-7, rules [{succeededIndexes: "9"},
 * {succeededIndexes: "4,6"}] → `Matched rules at index 1`.
 */
export function matchSuccessPolicy(successPolicy: SuccessPolicy | undefined, completions: number, succeededIndexes: readonly Interval[]): string | undefined {
  if (!successPolicy || succeededIndexes.length === 0) return undefined;
  const rules = successPolicy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIndexesFromString(rule.succeededIndexes, completions);
      // A rule whose indexes do not parse (or name none below completions) is skipped.
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeededIndexes, rule.succeededCount)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && rule.succeededCount !== null && totalIndexes(succeededIndexes) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}

/**
 * `matchSucceededIndexesRule`: walks both ordered interval lists once, counting the rule's indexes that succeeded;
 * met when that is all of them, or at least `succeededCount`.
 */
export function matchSucceededIndexesRule(ruleIndexes: readonly Interval[], succeededIndexes: readonly Interval[], succeededCount: number | undefined): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < ruleIndexes.length && s < succeededIndexes.length) {
    const overlap = Math.min(ruleIndexes[r]!.last, succeededIndexes[s]!.last) - Math.max(ruleIndexes[r]!.first, succeededIndexes[s]!.first) + 1;
    if (overlap > 0) contains += overlap;
    if (succeededIndexes[s]!.last < ruleIndexes[r]!.last) s++;
    else if (succeededIndexes[s]!.last > ruleIndexes[r]!.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === totalIndexes(ruleIndexes) || (succeededCount !== undefined && succeededCount !== null && contains >= succeededCount);
}
