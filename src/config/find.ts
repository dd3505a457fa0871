/** Find doclint.config.json(c) by walking upward from a folder. */
import {promises as fs} from 'node:fs'
import path from 'node:path'

/** File names tried in each folder, in order. */
export const CONFIG_NAMES = ['doclint.config.json', 'doclint.config.jsonc']

/** The nearest config file at or above `cwd` (absolute path), or `undefined`. */
export async function findConfig(cwd: string): Promise<string | undefined> {
  let dir = path.resolve(cwd)
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name)
      try {
        if ((await fs.stat(candidate)).isFile()) return candidate
      } catch {
        // Missing or unreadable: keep looking upward.
      }
    }
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
