/**
 * Behaviour defaults of `autoscaling/v2`, after `pkg/apis/autoscaling/v2/defaults.go`. They are applied only when
 * an HPA has a `spec.behavior` stanza; an HPA without one stays on the controller's legacy path.
 */
import type { HPAScalingRules, HorizontalPodAutoscalerBehavior } from 'kubernetes-types/autoscaling/v2';

/**
 * `HPAScalingRules` with the `tolerance` field (autoscaling/v2 since 1.33, feature gate HPAConfigurableTolerance),
 * which the installed kubernetes-types (1.30) lack. A Quantity such as `"0.05"` or a number.
 */
export type ScalingRules = HPAScalingRules & { tolerance?: string | number };

/** `HorizontalPodAutoscalerBehavior` whose rules may carry `tolerance`. */
export interface Behavior extends HorizontalPodAutoscalerBehavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

/** Scale-up rules after defaulting: every field set (stabilizationWindowSeconds included). */
export type DefaultedScaleUpRules = ScalingRules & { selectPolicy: string; stabilizationWindowSeconds: number };
/** Scale-down rules after defaulting: `stabilizationWindowSeconds` may stay unset (the controller's flag fills it). */
export type DefaultedScaleDownRules = ScalingRules & { selectPolicy: string };

/** Scale-up default: at most +4 pods or +100 % per 15 s, the larger (`Max`), no stabilisation. */
function defaultScaleUpRules(): DefaultedScaleUpRules {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

/**
 * Scale-down default: at most −100 % per 15 s. The stabilisation window stays unset because the cluster flag
 * `--horizontal-pod-autoscaler-downscale-stabilization` (300 s) supplies it in the controller.
 */
function defaultScaleDownRules(): DefaultedScaleDownRules {
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** Port of `copyHPAScalingRules`: every field the user set replaces the default wholesale (policies included). */
function copyHPAScalingRules<T extends ScalingRules>(from: ScalingRules | undefined, to: T): T {
  if (!from) return to;
  if (from.selectPolicy !== undefined) to.selectPolicy = from.selectPolicy;
  if (from.stabilizationWindowSeconds !== undefined) to.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.policies !== undefined) to.policies = from.policies;
  if (from.tolerance !== undefined) to.tolerance = from.tolerance;
  return to;
}

/** Port of `GenerateHPAScaleUpRules`: the user's scale-up rules over the defaults (a new object). */
export function generateHPAScaleUpRules(rules: ScalingRules | undefined): DefaultedScaleUpRules {
  return copyHPAScalingRules(rules, defaultScaleUpRules());
}

/** Port of `GenerateHPAScaleDownRules`: the user's scale-down rules over the defaults (a new object). */
export function generateHPAScaleDownRules(rules: ScalingRules | undefined): DefaultedScaleDownRules {
  return copyHPAScalingRules(rules, defaultScaleDownRules());
}

/**
 * Port of `SetDefaults_HorizontalPodAutoscalerBehavior`: undefined stays undefined (legacy path), otherwise both
 * directions are filled in.
 */
export function setDefaultsHorizontalPodAutoscalerBehavior(
  behavior: Behavior | undefined,
): { scaleUp: DefaultedScaleUpRules; scaleDown: DefaultedScaleDownRules } | undefined {
  if (!behavior) return undefined;
  return { scaleUp: generateHPAScaleUpRules(behavior.scaleUp), scaleDown: generateHPAScaleDownRules(behavior.scaleDown) };
}
