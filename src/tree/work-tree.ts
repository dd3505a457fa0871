/**
 * A git blob's bytes read from the work tree instead of from git, when the file there holds
 * exactly that blob: its git object id (SHA-1, or SHA-256 in a repository of that format) is
 * computed and compared. A pre-commit hook's HEAD and staged blobs are nearly all in the work
 * tree, so it need not start `git cat-file` at all. Anything unusual (a link, not a regular file,
 * larger than the limit, other bytes) gives undefined: git is asked as before.
 */
import {closeSync, constants, fstatSync, openSync} from 'node:fs'
import path from 'node:path'
import {readOpenFile} from '../fs/read.js'
import {GIT_OBJECT_ID, gitBlobId} from '../hash.js'

/** The largest file read from the work tree (a larger one is left to git). */
export const WORK_TREE_MAX_BYTES = 64 * 1024 * 1024

/** The modes of regular files in git trees. */
const REGULAR_MODES = new Set(['100644', '100755'])

/**
 * The bytes of `file` (a path of the tree, from git: relative, no `..`) in the work tree at
 * `root`, when they are the blob `oid` (a regular file of `mode`); undefined otherwise.
 */
export function readWorkTreeBlob(
  root: string,
  file: string,
  oid: string,
  mode = '100644'
): Uint8Array | undefined {
  if (!REGULAR_MODES.has(mode) || !GIT_OBJECT_ID.test(oid)) return undefined
  if (file === '' || file.startsWith('/') || file.split('/').includes('..')) return undefined
  let fd: number
  try {
    // never through a link at the file itself, and never waiting on a FIFO
    fd = openSync(
      path.join(root, file),
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK
    )
  } catch {
    return undefined
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile() || stats.size > WORK_TREE_MAX_BYTES) return undefined
    const bytes = readOpenFile(fd, stats.size)
    // the id covers the bytes themselves: a file that changes while it is read does not match
    return gitBlobId(bytes, oid) === oid ? bytes : undefined
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}
