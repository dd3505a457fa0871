/** argv → options → run → reporter → exit code. */
import {VERSION} from './version.js'

/** Exit codes (ESLint's semantics). */
export const EXIT_OK = 0
export const EXIT_PROBLEMS = 1
export const EXIT_USAGE = 2

/** Run the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${VERSION}\n`)
    return EXIT_OK
  }
  process.stderr.write('doclint: not implemented yet\n')
  return EXIT_USAGE
}
