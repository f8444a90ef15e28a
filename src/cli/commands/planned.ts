/**
 * Subcommands whose capability has not landed yet. Each says so plainly and exits with code 2 instead of
 * pretending; a command moves out of here when its issue lands.
 */
import type { RegisterCommand } from './index.ts';
import { UsageError } from '../exit-codes.ts';

const PLANNED: readonly [name: string, args: string, description: string][] = [
  ['get', '<kind> [name]', 'list objects as kubectl would, at any simulated time (--at)'],
  ['describe', '<kind/name>', 'describe an object with its conditions, events and decisions (--at)'],
  ['events', '<scenario>', 'print the Kubernetes events of a run'],
  ['sweep', '<scenario>', 'run a scenario over a grid of parameters and compare the outcomes'],
];

export const registerPlanned: RegisterCommand = (program) => {
  for (const [name, args, description] of PLANNED) {
    program
      .command(`${name} ${args}`)
      .description(`${description} (not available yet)`)
      .allowUnknownOption()
      .action(() => {
        throw new UsageError(`'kubesim ${name}' is not available in this version yet`);
      });
  }
};
