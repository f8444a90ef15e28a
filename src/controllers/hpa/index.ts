/**
 * The HorizontalPodAutoscaler: upstream's arithmetic as pure functions, the metrics pipeline, the controller loop
 * and the decision table. Names follow kube-controller-manager.
 */
export {
  DEFAULT_CPU_INITIALIZATION_PERIOD_MS,
  DEFAULT_INITIAL_READINESS_DELAY_MS,
  DEFAULT_TOLERANCE,
  ReplicaCalcError,
  calcPlainMetricReplicas,
  calculatePodRequests,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getMetricReplicas,
  getMetricUsageRatio,
  getObjectMetricReplicas,
  getObjectPerPodMetricReplicas,
  getPerPodMetricReplicas,
  getPerPodUsage,
  getRawResourceReplicas,
  getReadyPodsCount,
  getResourceReplicas,
  getResourceUtilizationRatio,
  getUsageRatioReplicaCount,
  groupPods,
  isWithinTolerance,
  podFacts,
  removeMetricsForPods,
  sumExternalMetric,
} from './replica-calculator.ts';
export {
  SCALE_UP_LIMIT_FACTOR,
  SCALE_UP_LIMIT_MINIMUM,
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimit,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  getLongestPolicyPeriod,
  getReplicasChangePerPeriod,
  markScaleEventsOutdated,
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  recommendationStableUntilMs,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
} from './normalize.ts';
export { generateHPAScaleDownRules, generateHPAScaleUpRules, setDefaultsHorizontalPodAutoscalerBehavior } from './defaults.ts';
export { DEFAULT_METRIC_RESOLUTION_MS, MetricsServer } from './metrics-server.ts';
export { HorizontalController } from './controller.ts';
export { describeHpaDecisions } from './describe.ts';
export type {
  CalcPath,
  GroupPodsOptions,
  PodCalcInput,
  PodCalcResult,
  PodFacts,
  PodGroups,
  PodMetric,
  PodMetricsInfo,
  TimeParser,
  Tolerances,
} from './replica-calculator.ts';
export type { Converted, HpaHistory, NormalizationArg, Normalized, Recommendation, ScaleEvent, Verdict } from './normalize.ts';
export type { Behavior, DefaultedScaleDownRules, DefaultedScaleUpRules, ScalingRules } from './defaults.ts';
export type { CustomMetricsSource, MetricsServerOptions, UsageSource } from './metrics-server.ts';
export type { HorizontalControllerOptions, HpaDecisionDetails, MetricDecision } from './controller.ts';
