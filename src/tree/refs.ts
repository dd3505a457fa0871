/**
 * The commit HEAD names, read from the git directory's files without running git (a process start
 * is a good part of a cached `--staged` run), in the plain cases only: HEAD a commit id or a
 * symbolic ref to a branch kept as a loose ref or in packed-refs, in the repository's own or its
 * worktree's git directory. Anything else (reftable, replace refs, an unborn branch, a damaged
 * file) gives undefined, and the caller asks git.
 */
import {lstatSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {GIT_OBJECT_ID} from '../hash.js'

/** How many symbolic refs are followed (git stops at 5 as well). */
const MAX_SYMBOLIC = 5

/** The largest ref file or packed-refs read (larger: git is asked). */
const MAX_REFS_BYTES = 4 * 1024 * 1024

function readSmall(file: string): string | undefined {
  const stats = lstatSync(file, {throwIfNoEntry: false})
  if (!stats?.isFile() || stats.size > MAX_REFS_BYTES) return undefined
  return readFileSync(file, 'utf8')
}

/** A branch name git itself could have written (no `..`, no control characters, no spaces). */
function isPlainRefName(name: string): boolean {
  return (
    /^refs\/[A-Za-z0-9._/+-]+$/.test(name) &&
    !name.split('/').some((part) => part === '' || part === '.' || part === '..')
  )
}

/** The commit HEAD names, or undefined when only git can say (see the module comment). */
export function readHeadCommit(gitDir: string): string | undefined {
  try {
    // a worktree's git directory names the shared one in `commondir`
    const common = readSmall(path.join(gitDir, 'commondir'))
    const commonDir = common === undefined ? gitDir : path.resolve(gitDir, common.trim())
    const config = readSmall(path.join(commonDir, 'config')) ?? ''
    // refs kept in a reftable, or objects replaced: git's answer may differ from the files'
    if (/refstorage|reftable/i.test(config)) return undefined
    if (lstatSync(path.join(commonDir, 'refs', 'replace'), {throwIfNoEntry: false})) {
      return undefined
    }
    const packed = readSmall(path.join(commonDir, 'packed-refs'))
    if (packed?.includes(' refs/replace/')) return undefined
    let value = readSmall(path.join(gitDir, 'HEAD'))?.trim()
    for (let hop = 0; hop <= MAX_SYMBOLIC && value !== undefined; hop++) {
      if (GIT_OBJECT_ID.test(value)) return value
      const symbolic = /^ref: (\S+)$/.exec(value)
      const name = symbolic?.[1]
      if (name === undefined || !isPlainRefName(name)) return undefined
      const loose = readSmall(path.join(commonDir, ...name.split('/')))?.trim()
      value = loose ?? packedRef(packed, name)
    }
    return undefined
  } catch {
    return undefined
  }
}

/** A ref's commit id in packed-refs (`<id> <name>` lines), if it is there. */
function packedRef(packed: string | undefined, name: string): string | undefined {
  if (packed === undefined) return undefined
  for (const line of packed.split('\n')) {
    if (line.startsWith('#') || line.startsWith('^')) continue
    const space = line.indexOf(' ')
    if (space > 0 && line.slice(space + 1).trimEnd() === name) return line.slice(0, space)
  }
  return undefined
}
