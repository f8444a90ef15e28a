/**
 * Rollout status fields the rollouts controller reads and writes. `src/api/argo.ts` types `Rollout.status` as an
 * opaque object (the API layer does not model status), so the controller's view of it is typed here, after
 * argo-rollouts `pkg/apis/rollouts/v1alpha1/types.go` (RolloutStatus, CanaryStatus, TrafficWeights, PauseCondition).
 */
import type { Rollout, RolloutSpec } from '../../api/argo.ts';

/** One destination's traffic weight (`WeightDestination`). */
export interface WeightDestination {
  weight: number;
  podTemplateHash?: string;
  serviceName?: string;
}

/** `TrafficWeights`: what the router currently sends where. */
export interface TrafficWeights {
  canary: WeightDestination;
  stable: WeightDestination;
  verified?: boolean;
}

/** `PauseCondition`: `CanaryPauseStep`, `BlueGreenPause`, `InconclusiveAnalysisRun`, … with its start time. */
export interface PauseCondition {
  reason: string;
  startTime: string;
}

/** The subset of `RolloutStatus` kubesim uses. */
export interface RolloutStatus {
  abort?: boolean;
  abortedAt?: string;
  promoteFull?: boolean;
  controllerPause?: boolean;
  pauseConditions?: PauseCondition[];
  currentPodHash?: string;
  stableRS?: string;
  currentStepIndex?: number;
  currentStepHash?: string;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: string;
  /** The pod selector as a string (`app=x,rollouts-pod-template-hash=…` without the hash), for the HPA's scale subresource. */
  selector?: string;
  phase?: 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';
  message?: string;
  canary?: { weights?: TrafficWeights; currentStepAnalysisRunStatus?: { name: string; status: string }; currentBackgroundAnalysisRunStatus?: { name: string; status: string } };
  blueGreen?: {
    activeSelector?: string;
    previewSelector?: string;
    scaleUpPreviewCheckPoint?: boolean;
    prePromotionAnalysisRunStatus?: { name: string; status: string };
    postPromotionAnalysisRunStatus?: { name: string; status: string };
  };
  conditions?: { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string }[];
}

/** What the pure canary/blue-green math needs of a Rollout: its spec and its status. */
export interface RolloutView {
  readonly spec: RolloutSpec;
  readonly status: RolloutStatus;
}

/** A Rollout object's spec and typed status. */
export function viewOf(r: Rollout): RolloutView {
  return { spec: r.spec ?? { strategy: {} }, status: (r.status ?? {}) as RolloutStatus };
}
