/**
 * The registry of subcommands. Each module exports one `register(program, io, setExit)` function; add new ones
 * here in the order `kubesim --help` lists them.
 *
 * Modules load lazily: a command line loads only the module of the command it names, so `kubesim --help` and
 * `kubesim validate` do not compile the simulator. The listing of `kubesim --help` comes from the `term` and
 * `description` here, which `test/cli/lazy-commands.test.ts` checks against what each module registers.
 */
import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../main.ts';

export type RegisterCommand = (program: Command, io: CliIo, setExit: (code: ExitCode) => void) => void;

/** One subcommand: how the top-level help lists it, and how to load the module that registers it. */
export interface CommandEntry {
  /** The name typed on the command line. */
  name: string;
  /** Commander's subcommand term in the top-level help: name, `[options]` when it has any, and its arguments. */
  term: string;
  /** The one-line description the module registers. */
  description: string;
  load: () => Promise<RegisterCommand>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'run',
    term: 'run [options] <scenario>',
    description: 'run a scenario and print its summary; write events, metrics, decisions and a report',
    load: async () => (await import('./run.ts')).registerRun,
  },
  {
    name: 'validate',
    term: 'validate [options] <paths...>',
    description: 'validate manifests and scenario files kubeconform-style: one line per object and a summary (exit 2 when invalid)',
    load: async () => (await import('./validate.ts')).registerValidate,
  },
  {
    name: 'get',
    term: 'get [options] <kind> [name]',
    description: 'list objects as kubectl would, at any simulated time (--at)',
    load: async () => (await import('./get.ts')).registerGet,
  },
  {
    name: 'describe',
    term: 'describe [options] <kind/name> [name]',
    description: 'describe an object with its conditions, events and decisions (--at)',
    load: async () => (await import('./describe.ts')).registerDescribe,
  },
  {
    name: 'events',
    term: 'events [options]',
    description: 'print the Kubernetes events of a run up to a simulated time, as kubectl events does',
    load: async () => (await import('./events.ts')).registerEvents,
  },
  {
    name: 'explain-traffic',
    term: 'explain-traffic [options] <scenario> <path>',
    description: 'explain why NetworkPolicies allow or drop calls from a workload to a Service (--at)',
    load: async () => (await import('./explain-traffic.ts')).registerExplainTraffic,
  },
  {
    name: 'query',
    term: 'query [options] <scenario> <promql>',
    description: 'run a scenario and evaluate a PromQL query over its metrics (instant, or --range)',
    load: async () => (await import('./query.ts')).registerQuery,
  },
  {
    name: 'test-rules',
    term: 'test-rules <file...>',
    description: 'unit-test Prometheus alerting and recording rules, in promtool test rules format',
    load: async () => (await import('./test-rules.ts')).registerTestRules,
  },
  {
    name: 'sweep',
    term: 'sweep [options] <scenario>',
    description: 'run a scenario over a grid of parameters and seeds on every core; the Pareto front of cost vs SLO attainment',
    load: async () => (await import('./sweep.ts')).registerSweep,
  },
  {
    name: 'merge',
    term: 'merge [options] <files...>',
    description: 'join the JSON outputs of sweep shards into the table and report of the whole sweep',
    load: async () => (await import('./merge.ts')).registerMerge,
  },
];
