/**
 * The cluster autoscaler's options (`config/autoscaling_options.go`) and node-group specs, with upstream's flag
 * defaults from `main.go`. Durations are integer ms; the scenario loader fills every field.
 */

/** Expander names as upstream spells them (`--expander`). */
export const EXPANDER_NAMES = ['random', 'most-pods', 'least-waste', 'price', 'priority'] as const;
export type ExpanderName = (typeof EXPANDER_NAMES)[number];

/** `--expander` default: `least-waste` since cluster-autoscaler 1.31 (before: `random`). */
export const DEFAULT_EXPANDER: ExpanderName = 'least-waste';

/**
 * Time from `IncreaseSize` until the new node is registered and Ready, when a group does not say: 90 s, a cloud VM's
 * boot (about 60 s on EC2/GCE/Azure for a stock node image) plus kubelet registration and CNI readiness (about 30 s).
 */
export const DEFAULT_PROVISIONING_DELAY_MS = 90_000;

/** How a group's nodes are bought. Spot nodes are cheaper and can be reclaimed (see `interruptionRatePerHour`). */
export type CapacityType = 'on-demand' | 'spot';

/** One autoscaled node group (a pool with `min`/`max`). */
export interface NodeGroupSpec {
  /** The pool name; node ids are `<name>-<n>`. */
  name: string;
  minSize: number;
  maxSize: number;
  /** Nodes at the start (the pool's `count`, default `minSize`). */
  initialSize: number;
  /** `IncreaseSize` → node Ready. Default {@link DEFAULT_PROVISIONING_DELAY_MS}. */
  provisioningDelayMs: number;
  capacityType: CapacityType;
  /** Spot only: reclaims per node-hour (a Poisson rate drawn from the `spot-interruptions` stream). Default 0. */
  interruptionRatePerHour: number;
  /** USD per node-hour. */
  pricePerHour: number;
  /** Catalogue instance type, for the cost breakdown. */
  instanceType?: string;
}

/** `AutoscalingOptions`: the subset kubesim models. */
export interface AutoscalingOptions {
  /** `--expander`. Default `least-waste`. */
  expander: ExpanderName;
  /** `--scan-interval`. Default 10 s. */
  scanIntervalMs: number;
  /** `--scale-down-enabled`. Default true. */
  scaleDownEnabled: boolean;
  /** `--scale-down-utilization-threshold`: requested / allocatable (max of cpu and memory) below this is underused. Default 0.5. */
  scaleDownUtilizationThreshold: number;
  /** `--scale-down-unneeded-time`. Default 10 min. */
  scaleDownUnneededTimeMs: number;
  /** `--scale-down-delay-after-add`. Default 10 min. */
  scaleDownDelayAfterAddMs: number;
  /** `--scale-down-delay-after-delete`. Default 0, meaning the scan interval. */
  scaleDownDelayAfterDeleteMs: number;
  /** `--scale-down-delay-after-failure`. Default 3 min. */
  scaleDownDelayAfterFailureMs: number;
  /** `--max-nodes-total`; 0 = no limit. Default 0. */
  maxNodesTotal: number;
  /** `--max-nodes-per-scaleup`: the estimator's node-count limit. Default 1000. */
  maxNodesPerScaleUp: number;
  /** `--max-node-provision-time`: a node not Ready by then is a failed scale-up. Default 15 min. */
  maxNodeProvisionTimeMs: number;
  /** `--max-graceful-termination-sec`. Default 600 s. */
  maxGracefulTerminationSec: number;
  /** `--max-empty-bulk-delete` (now `--max-scale-down-parallelism`). Default 10. */
  maxEmptyBulkDelete: number;
  /** `--skip-nodes-with-system-pods`. Default true. */
  skipNodesWithSystemPods: boolean;
  /** `--skip-nodes-with-local-storage`. Default true. */
  skipNodesWithLocalStorage: boolean;
  /** `--new-pod-scale-up-delay`: pods younger than this are not yet considered. Default 0. */
  newPodScaleUpDelayMs: number;
}

/** Upstream defaults (`main.go` flags). */
export const DEFAULT_AUTOSCALING_OPTIONS: Readonly<AutoscalingOptions> = {
  expander: DEFAULT_EXPANDER,
  scanIntervalMs: 10_000,
  scaleDownEnabled: true,
  scaleDownUtilizationThreshold: 0.5,
  scaleDownUnneededTimeMs: 600_000,
  scaleDownDelayAfterAddMs: 600_000,
  scaleDownDelayAfterDeleteMs: 0,
  scaleDownDelayAfterFailureMs: 180_000,
  maxNodesTotal: 0,
  maxNodesPerScaleUp: 1000,
  maxNodeProvisionTimeMs: 900_000,
  maxGracefulTerminationSec: 600,
  maxEmptyBulkDelete: 10,
  skipNodesWithSystemPods: true,
  skipNodesWithLocalStorage: true,
  newPodScaleUpDelayMs: 0,
};

/** Scenario keys of the options (camelCase of the flag names), in schema order. */
export const AUTOSCALER_OPTION_FIELDS = [
  'expander',
  'scanInterval',
  'scaleDownEnabled',
  'scaleDownUtilizationThreshold',
  'scaleDownUnneededTime',
  'scaleDownDelayAfterAdd',
  'scaleDownDelayAfterDelete',
  'scaleDownDelayAfterFailure',
  'maxNodesTotal',
  'maxNodesPerScaleUp',
  'maxNodeProvisionTime',
  'maxGracefulTerminationSec',
  'maxEmptyBulkDelete',
  'skipNodesWithSystemPods',
  'skipNodesWithLocalStorage',
  'newPodScaleUpDelay',
] as const;
