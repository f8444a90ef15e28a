/**
 * The `kubesim` command. This is the only part of kubesim that touches the file system, the terminal and the wall
 * clock; everything it runs is the deterministic core.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, UsageError } from './exit-codes.ts';
import { commands } from './commands/index.ts';
import { VERSION } from '../version.ts';

/** Output sinks, injectable for tests. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

// Output piped into `head` and closed early is not an error: stop quietly as other command-line tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

/** Builds the commander program; each subcommand registers itself from `commands/`. */
export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program = new Command();
  program
    .name('kubesim')
    .description('A deterministic Kubernetes cluster simulator: replay real manifests against simulated load.')
    .version(VERSION, '-V, --version')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run kubesim --help for usage)')
    .exitOverride();
  for (const register of commands) register(program, io, setExit);
  return program;
}

/** Runs the command line; resolves to the process exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<ExitCode> {
  let code: ExitCode = ExitCode.Ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with exit code 0.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    }
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n`);
      return ExitCode.BadInput;
    }
    io.err(
      `kubesim: internal error: ${error instanceof Error ? error.message : String(error)}\n` +
        'This is a bug in kubesim; please report it with the scenario and seed.\n',
    );
    if (process.env['KUBESIM_DEBUG'] && error instanceof Error) io.err(`${error.stack}\n`);
    return ExitCode.InternalError;
  }
}
