/** Runs the `kubesim` command in-process with captured output, for the CLI tests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The short webapi scenario (20 minutes: ramp, node failure at 8m, rollout at 14m), relative to the cwd. */
export const SHORT = path.relative(process.cwd(), path.join(here, '../fixtures/scenarios/webapi-short.yaml'));

/** The Argo Rollouts canary scenario. */
export const CANARY = path.relative(process.cwd(), path.join(here, '../fixtures/scenarios/canary-ops.yaml'));

/** Runs `kubesim <argv…>`; resolves to the exit code and what went to stdout and stderr. */
export async function kubesim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
