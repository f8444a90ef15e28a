/** Process exit codes of the `kubesim` command. */
export const ExitCode = {
  /** Everything went as expected. */
  Ok: 0,
  /** The run worked but an expectation of the scenario failed (or a trace hash did not match). */
  ExpectationFailed: 1,
  /** Bad input: a manifest, a scenario or a command-line argument is invalid. */
  BadInput: 2,
  /** A bug in kubesim: please report it with the scenario and seed. */
  InternalError: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that is the user's input, not a bug: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
