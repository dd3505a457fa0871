/**
 * `../shared` beside the repository root: read-only project material (the Sphinx oracle, the
 * shared Sphinx experiments, seed patches). Tests reach it only through here, never by an
 * absolute path, and skip with a reason where a machine has no copy.
 */
import {existsSync} from 'node:fs'
import path from 'node:path'

/** The shared folder: `../shared` from the repository root. */
export const SHARED = path.resolve(import.meta.dirname, '..', '..', 'shared')

/** A path inside the shared folder. */
export function sharedPath(relative: string): string {
  return path.join(SHARED, ...relative.split('/'))
}

/** Why a test that needs `relative` is skipped, or undefined when it is there. */
export function sharedMissing(relative: string): string | undefined {
  return existsSync(sharedPath(relative))
    ? undefined
    : `../shared/${relative} is absent on this machine (it holds the project's shared material)`
}
