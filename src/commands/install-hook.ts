/** `doclint install-hook [--force]`: write .git/hooks/pre-commit running `doclint --staged`. */
import {installHook} from '../hook/install.js'

/** Install the hook for the repository holding the current folder. */
export async function commandInstallHook(options: {force: boolean}): Promise<number> {
  try {
    const result = await installHook({repoDir: process.cwd(), force: options.force})
    process.stdout.write(`doclint: ${result.replaced ? 'replaced' : 'installed'} ${result.path}\n`)
    return 0
  } catch (error) {
    process.stderr.write(`doclint: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
}
