/**
 * Rollout test fixture: the deployment fixture's context and fake ReplicaSet controller, plus the Rollout and
 * AnalysisRun controllers, objects loaded from the shared Argo manifests through `loadManifests`.
 */
import { readFileSync } from 'node:fs';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { loadManifests } from '../../../src/api/load.ts';
import type { Rollout } from '../../../src/api/argo.ts';
import { AnalysisRunController, type AnalysisSources } from '../../../src/controllers/rollouts/analysis-run.ts';
import { RolloutController } from '../../../src/controllers/rollouts/controller.ts';
import type { RolloutStatus } from '../../../src/controllers/rollouts/types.ts';
import { makeContext, startFakeReplicaSetController, type FakeReplicaSetOptions } from '../deployment/fixture.ts';

export const MANIFESTS = '/work/shared/manifests/argo-rollouts';

/** Loads manifest files (names under the shared argo folder, or inline YAML texts) and fails on any error. */
export function load(...files: { file: string; text?: string }[]) {
  const result = loadManifests(files.map((f) => ({ file: f.file, text: f.text ?? readFileSync(`${MANIFESTS}/${f.file}`, 'utf8') })));
  const errors = result.errors.filter((e) => !e.warning);
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.source?.file}:${e.source?.line} ${e.field}: ${e.detail}`).join('\n'));
  return result;
}

/** A context running the fake RS controller, the Rollout and AnalysisRun controllers, with these objects created. */
export function setup(objects: readonly { kind: string; object: Record<string, unknown> }[], opts: FakeReplicaSetOptions & { sources?: AnalysisSources } = {}) {
  const ctx = makeContext();
  startFakeReplicaSetController(ctx, opts);
  new AnalysisRunController(opts.sources).start(ctx);
  new RolloutController().start(ctx);
  for (const o of objects) ctx.store.create(o.kind, o.object);
  return ctx;
}

/** The Rollout's typed status. */
export function statusOf(ctx: ReturnType<typeof makeContext>, name: string, ns = 'default'): RolloutStatus {
  return (ctx.store.get<Rollout>('Rollout', ns, name)?.status ?? {}) as RolloutStatus;
}

/** `name=spec` for each ReplicaSet of the namespace with replicas, by revision. */
export function replicaSets(ctx: ReturnType<typeof makeContext>, ns = 'default'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rs of ctx.store.list<ReplicaSet>('ReplicaSet', ns)) out[rs.metadata.name] = rs.spec?.replicas ?? 0;
  return out;
}
