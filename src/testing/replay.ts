/**
 * Replayable property failures: run a fast-check property and, when it fails, throw an error whose message holds
 * everything needed to reproduce it — the fast-check seed and path (to replay the shrunk case in the test) and the
 * minimal scenario as YAML (to save and `kubesim run`).
 */
import fc from 'fast-check';
import type { Run } from '../scenario/api.ts';
import type { ScenarioObject } from './arbitraries.ts';
import { runScenario, scenarioYaml, type RunScenarioOptions } from './run.ts';

/** Thrown by {@link replayable} and {@link assertScenarioProperty} when a property fails. */
export class ScenarioPropertyError extends Error {
  override name = 'ScenarioPropertyError';
  constructor(
    message: string,
    /** fast-check seed of the failing run. */
    readonly seed: number,
    /** fast-check path of the shrunk counterexample. */
    readonly path: string,
    /** The shrunk counterexample (the property's arguments). */
    readonly counterexample: readonly unknown[],
    /** YAML of the first scenario object in the counterexample, if any. */
    readonly scenarioYaml: string | undefined,
    /** The error the property threw. */
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/** True for a scenario object as the arbitraries produce it (`kind: Scenario` with a kubesim apiVersion). */
export function isScenarioObject(v: unknown): v is ScenarioObject {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Scenario' && String((v as { apiVersion?: unknown }).apiVersion).startsWith('kubesim.dev/');
}

/**
 * Checks a synchronous fast-check property like `fc.assert`, but on failure throws a {@link ScenarioPropertyError}
 * whose message has the property's error, the seed and path (`{ seed, path }` replays the shrunk case, passed back
 * as `params`), and every scenario object of the counterexample as YAML ready for `kubesim run`; other arguments are
 * printed as JSON. `params` are fast-check's (`numRuns`, `seed`, `path`…).
 */
export function replayable<Ts>(property: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}): void {
  const details = fc.check(property, params);
  if (!details.failed) return;
  const values = Array.isArray(details.counterexample) ? (details.counterexample as unknown[]) : [details.counterexample];
  const cause = details.errorInstance;
  const reason = cause instanceof Error ? cause.message : details.counterexample === null ? 'the property was not run to a counterexample (interrupted or too many skips)' : String(cause);
  const scenarios = values.filter(isScenarioObject);
  const yaml = scenarios[0] === undefined ? undefined : scenarioYaml(scenarios[0]);
  const lines = [
    `Property failed after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s): ${reason}`,
    '',
    `Replay in the test with: { seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath ?? '')}, endOnFailure: true }`,
  ];
  values.forEach((v, i) => {
    if (isScenarioObject(v)) {
      lines.push('', `Counterexample argument ${i}: a scenario. Save it as counterexample.yaml and replay it with \`kubesim run counterexample.yaml\` (spec.seed ${v.spec.seed}):`, '---', scenarioYaml(v).trimEnd(), '...');
    } else {
      lines.push('', `Counterexample argument ${i}: ${safeJson(v)}`);
    }
  });
  throw new ScenarioPropertyError(lines.join('\n'), details.seed, details.counterexamplePath ?? '', values, yaml, cause);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Options of {@link assertScenarioProperty}: fast-check parameters plus how to run each scenario. */
export type ScenarioPropertyParams = fc.Parameters<[ScenarioObject]> & {
  /** Passed to `runScenario` (e.g. `until`). */
  run?: Omit<RunScenarioOptions, 'seed'>;
};

/**
 * For scenarios drawn from `arb`: runs each with {@link runScenario} and calls `check(run, scenario)`, which throws
 * (an invariant, an `expect`) when the property does not hold. A failure throws a {@link ScenarioPropertyError}
 * with the seed, path and minimal scenario YAML (see {@link replayable}).
 *
 * ```ts
 * assertScenarioProperty(arbScenario(), (run) => invariants.all(run), { numRuns: 30 });
 * ```
 */
export function assertScenarioProperty(arb: fc.Arbitrary<ScenarioObject>, check: (run: Run, scenario: ScenarioObject) => void, params: ScenarioPropertyParams = {}): void {
  const { run: runOptions, ...fcParams } = params;
  replayable(
    fc.property(arb, (scenario) => {
      check(runScenario(scenario, runOptions ?? {}), scenario);
    }),
    fcParams,
  );
}
