/**
 * The errors doclint reports to the user rather than as a crash. The command line prints the
 * message of any `DoclintError` and exits with its `exitCode`; anything else is a bug and is
 * rethrown. Other layers derive their own errors from `DoclintError` (ConfigError, UsageError,
 * UnsafeWriteError) instead of being named in a list in the CLI.
 */

/** Exit status when doclint cannot run: bad usage, an unreadable config, a refused write. */
export const EXIT_USAGE = 2

/** A problem the user can fix, with the exit status it ends the run with. */
export class DoclintError extends Error {
  override name = 'DoclintError'
  /** The process exit status. */
  readonly exitCode: number = EXIT_USAGE
}

/** Thrown for problems that stop a run before it starts (exit status 2). */
export class UsageError extends DoclintError {
  override name = 'UsageError'
}
