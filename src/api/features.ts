/**
 * Feature gates a scenario may turn on (`spec.featureGates`), named and defaulted as kube-apiserver and
 * kube-controller-manager name them. A gate changes both what the API accepts and what a controller does, so the
 * manifest loader and the simulation read the same value.
 */

/** The gates kubesim knows, with upstream's defaults. */
export const FEATURE_GATE_DEFAULTS = {
  /** Alpha, off by default: HPA `minReplicas: 0` with an Object or External metric (KEP-2021). */
  HPAScaleToZero: false,
} as const;

/** A gate name kubesim knows. */
export type FeatureGateName = keyof typeof FEATURE_GATE_DEFAULTS;

/** Gate values; an absent gate has its default. */
export type FeatureGates = Partial<Record<FeatureGateName, boolean>>;

/** Known gate names, sorted (for "supported values" in errors). */
export const KNOWN_FEATURE_GATES: readonly FeatureGateName[] = (Object.keys(FEATURE_GATE_DEFAULTS) as FeatureGateName[]).sort();

/** Whether `gate` is on in `gates`. */
export function featureEnabled(gates: FeatureGates | undefined, gate: FeatureGateName): boolean {
  return gates?.[gate] ?? FEATURE_GATE_DEFAULTS[gate];
}
