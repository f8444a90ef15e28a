/**
 * The `kubesim` command. This is the only part of kubesim that touches the file system, the terminal and the wall
 * clock; everything it runs is the deterministic core.
 */
import { Command, CommanderError, Help } from 'commander';
import { ExitCode, UsageError } from './exit-codes.ts';
import { commands } from './commands/index.ts';
import { registerPlanned } from './commands/planned.ts';
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

/** The subcommand a command line names: its first word that is not an option, or the word after `help`. */
function namedCommand(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => !a.startsWith('-'));
  if (i < 0) return undefined;
  return argv[i] === 'help' ? argv[i + 1] : argv[i];
}

/**
 * Builds the commander program; each subcommand registers itself from `commands/`. Given the command line, only
 * the module of the command it names is loaded; every other command is listed (name, term and description from
 * the registry) but not loaded, which is all `--help`, `--version` and an unknown command need. Without a command
 * line, every module is loaded.
 */
export async function buildProgram(io: CliIo, setExit: (code: ExitCode) => void, argv?: readonly string[]): Promise<Command> {
  const program = new Command();
  const listedTerms = new Map<Command, string>();
  const defaultHelp = new Help();
  program
    .name('kubesim')
    .description('A deterministic Kubernetes cluster simulator: replay real manifests against simulated load.')
    .version(VERSION, '-V, --version')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .configureHelp({ subcommandTerm: (cmd) => listedTerms.get(cmd) ?? defaultHelp.subcommandTerm(cmd) })
    .showHelpAfterError('(run kubesim --help for usage)')
    .exitOverride();
  const named = argv && namedCommand(argv);
  for (const entry of commands) {
    if (!argv || entry.name === named) (await entry.load())(program, io, setExit);
    else listedTerms.set(program.command(entry.name).description(entry.description), entry.term);
  }
  registerPlanned(program, io, setExit);
  return program;
}

/** Runs the command line; resolves to the process exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<ExitCode> {
  let code: ExitCode = ExitCode.Ok;
  try {
    const program = await buildProgram(
      io,
      (c) => {
        code = c;
      },
      argv,
    );
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
