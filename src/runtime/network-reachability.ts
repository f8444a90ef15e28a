/**
 * What the cluster's NetworkPolicies let through, for the workload model ({@link CallReachability}): the share of
 * a pod's calls to a Service that arrive, and the share of a Service's external traffic that its pods admit. A
 * network plugin decides per connection; the Service's load balancer spreads connections over its ready endpoints,
 * so the share is the fraction of those endpoints the connection is allowed to (both halves: the caller's egress
 * and the endpoint's ingress, on the Service's target port as resolved on that endpoint).
 *
 * Values are computed on first use after any change (a pod, a policy, a namespace or an endpoint list changed:
 * {@link NetworkReachability.invalidate}) and kept until the next, so a quiet tick costs one array read per call.
 */
import type { Namespace, Pod, Service } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { Store } from '../cluster/store.ts';
import { EXTERNAL_CLIENT_IP, evaluateConnection, namespaceLabelsFrom, policyPodOf, servicePortOn, type NamespaceLabelsOf, type PolicyPod } from '../cluster/networkpolicy.ts';
import type { CallReachability } from '../workload/model.ts';
import type { PodTable } from '../workload/pod-table.ts';


/** What the reachability reads from the driver. */
export interface ReachabilitySource {
  store: Store;
  /** Service names as the model knows them (`namespace/name` or a bare name). */
  serviceNames: readonly string[];
  endpointsOf(service: number): ArrayLike<number>;
  /** The Pod object in a pod-table slot, or undefined for a free slot. */
  podAt(slot: number): Pod | undefined;
  table: PodTable;
}

/** The Service object a model Service name stands for: `namespace/name`, or a bare name (namespace order). */
export function serviceObject(store: Store, name: string): Service | undefined {
  const slash = name.indexOf('/');
  if (slash >= 0) return store.get<Service>('Service', name.slice(0, slash), name.slice(slash + 1));
  return store
    .list<Service>('Service')
    .filter((s) => s.metadata.name === name)
    .sort((a, b) => (a.metadata.namespace < b.metadata.namespace ? -1 : a.metadata.namespace > b.metadata.namespace ? 1 : 0))[0];
}

export class NetworkReachability implements CallReachability {
  private epoch = 1;
  private stamp = new Int32Array(0);
  private value = new Float64Array(0);
  private readonly extStamp: Int32Array;
  private readonly extValue: Float64Array;
  /** Per epoch: the policies, namespace labels, Services and pods as policy endpoints. */
  private cachedEpoch = 0;
  private policies: NetworkPolicy[] = [];
  private nsLabels: NamespaceLabelsOf = () => ({});
  private services: (Service | undefined)[] = [];
  private readonly pods = new Map<number, PolicyPod | undefined>();

  constructor(private readonly src: ReachabilitySource) {
    this.extStamp = new Int32Array(src.serviceNames.length);
    this.extValue = new Float64Array(src.serviceNames.length);
  }

  /** Something that can change a verdict changed: recompute on next use. */
  invalidate(): void {
    this.epoch++;
  }

  /** Whether any NetworkPolicy exists (without one, nothing is ever dropped). */
  get active(): boolean {
    return this.src.store.size('NetworkPolicy') > 0;
  }

  allowed(slot: number, service: number): number {
    const n = this.src.serviceNames.length;
    const idx = slot * n + service;
    if (idx >= this.stamp.length) this.grow(idx + 1);
    if (this.stamp[idx] === this.epoch) return this.value[idx]!;
    this.refresh();
    const source = this.policyPod(slot);
    const v = source ? this.share(source, service) : 1;
    this.stamp[idx] = this.epoch;
    this.value[idx] = v;
    return v;
  }

  externalAllowed(service: number): number {
    if (this.extStamp[service] === this.epoch) return this.extValue[service]!;
    this.refresh();
    const v = this.share({ kind: 'external', ip: EXTERNAL_CLIENT_IP }, service);
    this.extStamp[service] = this.epoch;
    this.extValue[service] = v;
    return v;
  }

  /** The fraction of the Service's ready endpoints `source` may connect to; 1 when it has none ready. */
  private share(source: PolicyPod | { kind: 'external'; ip: string }, service: number): number {
    const svc = this.services[service];
    const eps = this.src.endpointsOf(service);
    const table = this.src.table;
    let ready = 0;
    let ok = 0;
    for (let k = 0; k < eps.length; k++) {
      const q = eps[k]!;
      if (table.alive[q] !== 1 || table.running[q] !== 1 || table.ready[q] !== 1) continue;
      const dst = this.policyPod(q);
      const pod = this.src.podAt(q);
      if (!dst || !pod) continue;
      ready++;
      const conn = svc ? servicePortOn(svc, pod) : { protocol: 'TCP' as const, port: 0 };
      if (evaluateConnection(this.policies, this.nsLabels, source, dst, conn).allowed) ok++;
    }
    return ready === 0 ? 1 : ok / ready;
  }

  private policyPod(slot: number): PolicyPod | undefined {
    if (this.pods.has(slot)) return this.pods.get(slot);
    const pod = this.src.podAt(slot);
    const p = pod ? policyPodOf(pod) : undefined;
    this.pods.set(slot, p);
    return p;
  }

  private refresh(): void {
    if (this.cachedEpoch === this.epoch) return;
    this.cachedEpoch = this.epoch;
    const store = this.src.store;
    this.policies = store.list<NetworkPolicy>('NetworkPolicy');
    this.nsLabels = namespaceLabelsFrom(store.list<Namespace>('Namespace'));
    this.services = this.src.serviceNames.map((name) => serviceObject(store, name));
    this.pods.clear();
  }

  private grow(size: number): void {
    const len = Math.max(size, this.stamp.length * 2, 256);
    const s = new Int32Array(len);
    s.set(this.stamp);
    const v = new Float64Array(len);
    v.set(this.value);
    this.stamp = s;
    this.value = v;
  }
}
