/**
 * Subcommands whose capability has not landed yet. Each says so plainly and exits with code 2 instead of
 * pretending; a command moves out of here when its issue lands. Empty since get, describe, events and sweep
 * landed (issue 8); the mechanism stays for the next planned command.
 */
import type { RegisterCommand } from './index.ts';
import { UsageError } from '../exit-codes.ts';

const PLANNED: readonly [name: string, args: string, description: string][] = [];

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
