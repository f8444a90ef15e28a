/**
 * `trafficRouting.istio`, after argo-rollouts `rollout/trafficrouting/istio/istio.go`: the rollout controller writes
 * the traffic split into the mesh's own objects, which the service mesh then routes by.
 *
 * - `UpdateHash(canaryHash, stableHash)`: the DestinationRule named by `destinationRule.name` gets
 *   `rollouts-pod-template-hash: <hash>` in its canary and stable subsets' labels (removed for an empty hash) and the
 *   `argo-rollouts.argoproj.io/managed-by-rollouts` annotation; event `UpdatedDestinationRule` when it changed.
 * - `SetWeight(desiredWeight)`: in each VirtualService of `virtualService`/`virtualServices` (`name` or
 *   `name.namespace`), the HTTP routes named in `routes` (a VirtualService with a single route needs no names):
 *   destinations whose host is the canary Service, or whose subset is the canary subset, get `desiredWeight`; the
 *   stable ones `100 − desiredWeight` (`processRoutes`; Istio weights always sum to 100, whatever
 *   maxTrafficWeight); event `UpdatedVirtualService`. Hosts compare by their first DNS label, as `getHost` does.
 */
import type { Rollout } from '../../api/argo.ts';
import type { VirtualServiceSpec } from '../../api/mesh.ts';
import { involved } from '../context.ts';
import { DefaultRolloutUniqueLabelKey } from './canary-math.ts';
import { RolloutsComponent, type RolloutSync } from './replicaset.ts';

/** The annotation Argo puts on objects it manages. */
export const ManagedByRolloutsKey = 'argo-rollouts.argoproj.io/managed-by-rollouts';

interface IstioTrafficRouting {
  virtualService?: { name: string; routes?: string[] };
  virtualServices?: { name: string; routes?: string[] }[];
  destinationRule?: { name: string; canarySubsetName: string; stableSubsetName: string };
}

interface MeshDoc<S> {
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  spec?: S;
}

/** `getHost`: a destination host up to its first dot. */
function hostOf(host: string): string {
  const i = host.indexOf('.');
  return i > 0 ? host.slice(0, i) : i < 0 ? host : '';
}

/** `UpdateHash` then `SetWeight` for a rollout routed by Istio; no-ops when nothing changes. */
export function reconcileIstio(s: RolloutSync, desiredWeight: number, canaryHash: string, stableHash: string): void {
  const ro = s.ro as unknown as Rollout;
  const istio = ro.spec?.strategy.canary?.trafficRouting?.istio as IstioTrafficRouting | undefined;
  if (!istio) return;
  UpdateHash(s, istio, canaryHash, stableHash);
  SetWeight(s, istio, desiredWeight);
}

function UpdateHash(s: RolloutSync, istio: IstioTrafficRouting, canaryHash: string, stableHash: string): void {
  const dr = istio.destinationRule;
  if (!dr) return;
  const { ctx } = s;
  const ns = s.ro.metadata.namespace;
  const doc = ctx.store.get<MeshDoc<{ subsets?: { name: string; labels?: Record<string, string> }[] }> & { apiVersion: string; kind: string }>('DestinationRule', ns, dr.name);
  if (!doc) {
    ctx.events.record(involved(s.ro), 'Warning', 'DestinationRuleNotFound', `DestinationRule \`${dr.name}\` not found`, RolloutsComponent);
    return;
  }
  const want = (name: string): string | undefined => (name === dr.canarySubsetName ? canaryHash : name === dr.stableSubsetName ? stableHash : undefined);
  const changed =
    doc.metadata.annotations?.[ManagedByRolloutsKey] !== s.ro.metadata.name ||
    (doc.spec?.subsets ?? []).some((sub) => {
      const hash = want(sub.name);
      return hash !== undefined && (sub.labels?.[DefaultRolloutUniqueLabelKey] ?? '') !== hash;
    });
  if (!changed) return;
  ctx.store.mutate<typeof doc>('DestinationRule', ns, dr.name, (d) => {
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [ManagedByRolloutsKey]: s.ro.metadata.name };
    for (const sub of d.spec?.subsets ?? []) {
      const hash = want(sub.name);
      if (hash === undefined) continue;
      const labels = { ...(sub.labels ?? {}) };
      if (hash !== '') labels[DefaultRolloutUniqueLabelKey] = hash;
      else delete labels[DefaultRolloutUniqueLabelKey];
      sub.labels = labels;
    }
  });
  ctx.events.record(
    involved(s.ro),
    'Normal',
    'UpdatedDestinationRule',
    `DestinationRule ${dr.name} subset updated (${dr.canarySubsetName}: ${canaryHash}, ${dr.stableSubsetName}: ${stableHash})`,
    RolloutsComponent,
  );
}

function SetWeight(s: RolloutSync, istio: IstioTrafficRouting, desiredWeight: number): void {
  const { ctx } = s;
  const canary = (s.ro as unknown as Rollout).spec!.strategy.canary!;
  const canarySvc = canary.canaryService ?? '';
  const stableSvc = canary.stableService ?? '';
  const canarySubset = istio.destinationRule?.canarySubsetName ?? '';
  const stableSubset = istio.destinationRule?.stableSubsetName ?? '';
  const stableWeight = 100 - desiredWeight;
  const refs = istio.virtualServices ?? (istio.virtualService ? [istio.virtualService] : []);
  for (const ref of refs) {
    const dot = ref.name.indexOf('.');
    const name = dot > 0 ? ref.name.slice(0, dot) : ref.name;
    const ns = dot > 0 ? ref.name.slice(dot + 1) : s.ro.metadata.namespace;
    const doc = ctx.store.get<MeshDoc<VirtualServiceSpec> & { apiVersion: string; kind: string }>('VirtualService', ns, name);
    if (!doc) {
      ctx.events.record(involved(s.ro), 'Warning', 'VirtualServiceNotFound', `VirtualService \`${name}\` not found`, RolloutsComponent);
      continue;
    }
    const http = doc.spec?.http ?? [];
    const names = ref.routes ?? [];
    // getHttpRouteIndexesToPatch: a single unnamed route may be patched without naming it.
    const indexes = names.length === 0 && http.length === 1 ? [0] : http.flatMap((r, i) => (r.name !== undefined && names.includes(r.name) ? [i] : []));
    const target = (d: { destination: { host: string; subset?: string } }): number | undefined => {
      const host = hostOf(d.destination.host);
      const subset = d.destination.subset ?? '';
      if (host === canarySvc || (subset !== '' && subset === canarySubset)) return desiredWeight;
      if (host === stableSvc || (subset !== '' && subset === stableSubset)) return stableWeight;
      return undefined;
    };
    const changed = indexes.some((i) => (http[i]!.route ?? []).some((d) => target(d) !== undefined && (d.weight ?? 0) !== target(d)));
    if (!changed) continue;
    ctx.store.mutate<typeof doc>('VirtualService', ns, name, (d) => {
      for (const i of indexes) {
        const route = d.spec!.http![i]!;
        // Destinations that are neither canary nor stable are removed, as Argo's patch does.
        route.route = (route.route ?? []).filter((x) => target(x) !== undefined).map((x) => ({ ...x, weight: target(x)! }));
      }
    });
    ctx.events.record(involved(s.ro), 'Normal', 'UpdatedVirtualService', `VirtualService \`${name}\` set to desiredWeight '${desiredWeight}'`, RolloutsComponent);
  }
}
