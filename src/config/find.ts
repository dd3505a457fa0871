/** Find doclint.config.json(c) by walking upward from a folder. */
import {statSync} from 'node:fs'
import path from 'node:path'

/** File names tried in each folder, in order. */
export const CONFIG_NAMES = ['doclint.config.json', 'doclint.config.jsonc']

/**
 * The nearest config file at or above `cwd` (absolute path), or `undefined`. Synchronous inside:
 * a few `stat` calls cost less than the round trips through libuv's thread pool would.
 */
export async function findConfig(cwd: string): Promise<string | undefined> {
  return Promise.resolve(findConfigSync(cwd))
}

/** findConfig without the promise. */
export function findConfigSync(cwd: string): string | undefined {
  let dir = path.resolve(cwd)
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name)
      try {
        if (statSync(candidate, {throwIfNoEntry: false})?.isFile()) return candidate
      } catch {
        // Unreadable: keep looking upward.
      }
    }
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
