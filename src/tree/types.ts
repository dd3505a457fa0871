/** Where files come from: disk, git object store, git index, or an overlay of patches. */

/** The git mode of a symbolic link: its blob holds the target. */
export const SYMLINK_MODE = '120000'
/** The git mode of a submodule (a gitlink): a commit of another repository, no file here. */
export const GITLINK_MODE = '160000'

/** One entry of a listing. */
export interface TreeEntry {
  /** POSIX path relative to the tree root, never starting with `/` or containing `..`. */
  path: string
  /** `symlink` entries are reported but never followed out of the tree. */
  kind: 'file' | 'symlink'
}

/**
 * A read-only view of a file tree, addressed by POSIX paths relative to its root. Every mode
 * (disk, git revision, index, patched overlay) implements this, so the engine never touches the
 * disk directly.
 */
export interface FileTree {
  /** A short description for messages ("working tree", "HEAD", "after patch 2/5"). */
  readonly label: string
  /** All files under `dir` (default: the whole tree), sorted, POSIX, relative to the root. */
  list(dir?: string): Promise<string[]>
  /** The bytes of a file, or `undefined` when it does not exist or is not a regular file. */
  read(path: string): Promise<Uint8Array | undefined>
  /** Whether a file (not a folder) exists. */
  exists(path: string): Promise<boolean>
  /** Whether a folder exists (has at least one file below it, for virtual trees). */
  isDir(path: string): Promise<boolean>
  /**
   * Optional, for caches: a cheap token of a file's or folder's present state (for a disk: device,
   * inode, size and times) that changes whenever its content (a folder: its entries) changes; or
   * `undefined` when there is none or it cannot be trusted yet. See StampedListing.
   */
  stamp?(path: string): string | undefined
  /**
   * Optional, for patches that change links: the target a symbolic link at `path` stores, as
   * bytes (git keeps it as the link's blob); `undefined` when `path` is not a link.
   */
  readLink?(path: string): Promise<Uint8Array | undefined>
  /**
   * Optional, for trees that resolve links in memory: the other paths that read the file at
   * `path` through symbolic links (a change to `path` changes what they read too).
   */
  aliasesOf?(path: string): Promise<string[]>
  /** Optional, for caches: `list` plus the stamp of every folder the listing read. */
  listStamped?(dir?: string): Promise<StampedListing>
}

/** A listing with what it depends on: when every folder's stamp is unchanged, so is the listing. */
export interface StampedListing {
  files: string[]
  /**
   * Each folder read (path relative to the root, stamp), in the order read; `undefined` when one
   * could not be stamped or the listing met a problem (which must then be met again).
   */
  folders: [string, string][] | undefined
}

/** A git tree's stamp of a file (FileTree.stamp): its mode and blob id, which fix its bytes. */
export function gitStamp(mode: string, oid: string): string {
  return `git ${mode} ${oid}`
}

/** The mode a git tree's stamp names; undefined for any other stamp. */
export function gitStampMode(stamp: string | undefined): string | undefined {
  const match = stamp === undefined ? null : /^git (\d{6}) /.exec(stamp)
  return match?.[1]
}
