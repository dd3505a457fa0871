/** Automake `include`: which build files an include statement names, and which of them exist. */
import type {FileTree} from '../../tree/types.js'
import {wordSpans} from '../expansion.js'
import {resolveWord} from './expand.js'

/**
 * The files an expanded `include` path names (relative to `base`), split into those the tree
 * holds and those it does not.
 */
export async function includedPaths(
  tree: FileTree,
  expanded: string,
  base: string,
  top = ''
): Promise<{found: string[]; missing: string[]}> {
  const found: string[] = []
  const missing: string[] = []
  for (const [from, to] of wordSpans(expanded)) {
    const resolved = resolveWord(expanded.slice(from, to), base, top)
    if (!resolved) continue
    if (await tree.exists(resolved.path)) found.push(resolved.path)
    else missing.push(resolved.path)
  }
  return {found, missing}
}
