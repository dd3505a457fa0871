/** `doclint install-hook [--force]`: write .git/hooks/pre-commit running `doclint --staged`. */
import {HOOK_COMMAND, installHook} from '../hook/install.js'

/** Install the hook for the repository holding the current folder. */
export async function commandInstallHook(options: {force: boolean}): Promise<number> {
  try {
    const result = await installHook({repoDir: process.cwd(), force: options.force})
    process.stdout.write(`doclint: ${result.replaced ? 'replaced' : 'installed'} ${result.path}\n`)
    if (!result.local) {
      process.stderr.write(
        'doclint: note: this repository has no node_modules/.bin/doclint, so the hook runs ' +
          `\`npx --no-install ${HOOK_COMMAND}\`, which finds only a doclint installed globally; ` +
          "`npm install --save-dev doclint` makes it use the project's own\n"
      )
    }
    return 0
  } catch (error) {
    process.stderr.write(`doclint: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
}
