/**
 * A small catalogue of common cloud instance types, so a node pool can say `instanceType: m5.large` instead of
 * spelling out capacity and price. Values as published by each provider:
 * - vCPU and memory: the providers' instance-type pages (GCE's "GB" are GiB, as its docs state).
 * - Price: on-demand Linux, per hour, in USD — AWS us-east-1, GCP us-central1, Azure East US (2024 list prices).
 * - Pods: EKS's `eni-max-pods.txt` (VPC CNI without prefix delegation) for AWS; GKE Standard's and AKS's default of
 *   110 otherwise.
 * A scenario can still override any of them (`allocatable`, `pricePerHour`).
 */

/** One catalogue entry. */
export interface InstanceType {
  /** Provider's name, e.g. `m5.large`. */
  name: string;
  provider: 'aws' | 'gcp' | 'azure';
  /** vCPUs, as millicores. */
  cpuMillis: number;
  memoryBytes: number;
  /** Most pods per node the provider's default networking allows. */
  pods: number;
  /** On-demand price in USD per hour. */
  pricePerHour: number;
}

const GI = 1024 ** 3;

/** The catalogue, keyed by name. */
export const INSTANCE_TYPES: Readonly<Record<string, InstanceType>> = Object.freeze(
  Object.fromEntries(
    (
      [
        ['m5.large', 'aws', 2, 8, 29, 0.096],
        ['m5.xlarge', 'aws', 4, 16, 58, 0.192],
        ['m5.2xlarge', 'aws', 8, 32, 58, 0.384],
        ['m5.4xlarge', 'aws', 16, 64, 234, 0.768],
        ['c5.large', 'aws', 2, 4, 29, 0.085],
        ['c5.xlarge', 'aws', 4, 8, 58, 0.17],
        ['c5.2xlarge', 'aws', 8, 16, 58, 0.34],
        ['r5.large', 'aws', 2, 16, 29, 0.126],
        ['r5.xlarge', 'aws', 4, 32, 58, 0.252],
        ['t3.medium', 'aws', 2, 4, 17, 0.0416],
        ['e2-standard-2', 'gcp', 2, 8, 110, 0.067006],
        ['e2-standard-4', 'gcp', 4, 16, 110, 0.134012],
        ['e2-standard-8', 'gcp', 8, 32, 110, 0.268024],
        ['n2-standard-2', 'gcp', 2, 8, 110, 0.097118],
        ['n2-standard-4', 'gcp', 4, 16, 110, 0.194236],
        ['n2-standard-8', 'gcp', 8, 32, 110, 0.388472],
        ['Standard_D2s_v5', 'azure', 2, 8, 110, 0.096],
        ['Standard_D4s_v5', 'azure', 4, 16, 110, 0.192],
        ['Standard_D8s_v5', 'azure', 8, 32, 110, 0.384],
      ] as const
    ).map(([name, provider, vcpu, memGi, pods, price]) => [
      name,
      Object.freeze({ name, provider, cpuMillis: vcpu * 1000, memoryBytes: memGi * GI, pods, pricePerHour: price }),
    ]),
  ),
);

/** The catalogue's names, sorted, for "supported values" messages. */
export const INSTANCE_TYPE_NAMES: readonly string[] = Object.keys(INSTANCE_TYPES).sort();
