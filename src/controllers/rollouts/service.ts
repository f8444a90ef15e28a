/**
 * Services a Rollout manages, after argo-rollouts `rollout/service.go`: the controller pins a Service to one
 * ReplicaSet by adding `rollouts-pod-template-hash: <hash>` to its selector (blue-green active/preview, canary
 * canary/stable services). Also the exact traffic split a traffic-routed canary asks the router for, which the load
 * balancer reads through {@link getTrafficWeights}.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { Rollout } from '../../api/argo.ts';
import type { Store } from '../../cluster/store.ts';
import { involved } from '../context.ts';
import { DefaultRolloutUniqueLabelKey, GetMaxTrafficWeight } from './canary-math.ts';
import { RolloutsComponent, type RolloutSync } from './replicaset.ts';
import { viewOf } from './types.ts';

/**
 * `switchServiceSelector`: sets the Service's `rollouts-pod-template-hash` selector to `hash`, recording
 * `SwitchService` as Argo does. A missing Service is left alone (the rollout reports nothing more here: Argo's
 * InvalidSpec for a missing service is outside kubesim). Returns whether the selector changed.
 */
export function switchServiceSelector(s: RolloutSync, serviceName: string, hash: string): boolean {
  const { ctx, ro } = s;
  const svc = ctx.store.get<Service>('Service', ro.metadata.namespace, serviceName);
  if (!svc) return false;
  const old = svc.spec?.selector?.[DefaultRolloutUniqueLabelKey];
  if (old === hash) return false;
  ctx.store.mutate<Service>('Service', ro.metadata.namespace, serviceName, (d) => {
    d.spec ??= {};
    d.spec.selector = { ...(d.spec.selector ?? {}), [DefaultRolloutUniqueLabelKey]: hash };
  });
  ctx.events.record(involved(ro), 'Normal', 'SwitchService', `Switched selector for service '${serviceName}' from '${old ?? ''}' to '${hash}'`, RolloutsComponent);
  ctx.decisions.add('rollout', `Rollout/${ro.metadata.namespace}/${ro.metadata.name}`, `service ${serviceName} now selects ${hash}`, {
    service: serviceName,
    from: old ?? null,
    to: hash,
  });
  return true;
}

/** One destination of a traffic split: pods with this hash get this share of the Service's requests. */
export interface TrafficSplitEntry {
  readonly podTemplateHash: string;
  /** Percent of requests, 0–100 (scaled from maxTrafficWeight when that is not 100). */
  readonly weightPercent: number;
}

function selects(svc: Service, labels: Record<string, string> | undefined): boolean {
  const sel = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0 || !labels) return false;
  return Object.entries(sel).every(([k, v]) => k === DefaultRolloutUniqueLabelKey || labels[k] === v);
}

/**
 * The split a traffic-routed canary has set on its router for requests addressed to `serviceName`, or undefined when
 * no such Rollout routes that Service (the load balancer then spreads over endpoints as usual). A Rollout routes its
 * `stableService`, and any Service other than its `canaryService` that selects its pods (an Istio host or subset
 * split). Entries are sorted stable first; weights come from `status.canary.weights`, which the controller writes on
 * every change; a fully promoted rollout yields one entry at 100.
 */
export function getTrafficWeights(store: Store, namespace: string, serviceName: string): TrafficSplitEntry[] | undefined {
  const svc = store.get<Service>('Service', namespace, serviceName);
  for (const ro of store.list<Rollout>('Rollout', namespace)) {
    const canary = ro.spec?.strategy.canary;
    if (!canary?.trafficRouting) continue;
    if (canary.canaryService === serviceName) continue;
    const routed =
      canary.stableService === serviceName ||
      (svc !== undefined && selects(svc, ro.spec?.template?.metadata?.labels ?? (ro.spec?.selector?.matchLabels as Record<string, string> | undefined)));
    if (!routed) continue;
    const view = viewOf(ro);
    const weights = view.status.canary?.weights;
    const stableHash = view.status.stableRS;
    if (!weights || !stableHash) return stableHash ? [{ podTemplateHash: stableHash, weightPercent: 100 }] : undefined;
    const mw = GetMaxTrafficWeight(view);
    const canaryHash = weights.canary.podTemplateHash;
    if (!canaryHash || canaryHash === stableHash || weights.canary.weight === 0) {
      return [{ podTemplateHash: weights.stable.podTemplateHash ?? stableHash, weightPercent: 100 }];
    }
    const canaryPercent = (weights.canary.weight * 100) / mw;
    return [
      { podTemplateHash: weights.stable.podTemplateHash ?? stableHash, weightPercent: 100 - canaryPercent },
      { podTemplateHash: canaryHash, weightPercent: canaryPercent },
    ];
  }
  return undefined;
}
