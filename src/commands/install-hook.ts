/** `doclint install-hook [--force]`: write .git/hooks/pre-commit running `doclint --staged`. */
import path from 'node:path'
import {installHook} from '../hook/install.js'
import {PACKAGE_ROOT} from '../version.js'

/** The bin this doclint runs from, for repositories that have no doclint of their own. */
const OWN_BIN = path.join(PACKAGE_ROOT, 'bin', 'doclint.cjs')

/** Install the hook for the repository holding the current folder. */
export async function commandInstallHook(options: {force: boolean}): Promise<number> {
  try {
    const result = await installHook({
      repoDir: process.cwd(),
      force: options.force,
      fallbackBin: OWN_BIN
    })
    process.stdout.write(`doclint: ${result.replaced ? 'replaced' : 'installed'} ${result.path}\n`)
    return 0
  } catch (error) {
    process.stderr.write(`doclint: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
}
