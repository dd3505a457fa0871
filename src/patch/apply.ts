/** Strict patch application, like `git apply`: exact context, offsets, no fuzz, all or nothing. */
import {posix} from 'node:path'
import {gitBlobId} from '../hash.js'
import {GITLINK_MODE, gitStamp, gitStampMode, SYMLINK_MODE, type FileTree} from '../tree/types.js'
import {DEFAULT_LIMITS} from '../config/types.js'
import {applyGitDelta, base85Length, inflatePayload, MAX_INFLATE_RATIO} from './binary.js'
import {stripComponents} from './diff.js'
import type {FileDiff, Hunk, ParsedDiff, PatchProblem} from './types.js'
import {spliceAll} from '../arrays.js'
import {OverlayTree, type FileChange} from '../tree/overlay.js'

export type {FileChange} from '../tree/overlay.js'

/** Options of {@link applyPatch}. */
export interface ApplyOptions {
  /**
   * Match context and removed lines with leading/trailing whitespace ignored and inner runs
   * collapsed; matched lines keep the tree's text, added lines come from the patch.
   */
  ignoreWhitespace?: boolean
  /** `-p N`: leading components to strip (default 1 for git diffs, guessed for plain diffs). */
  strip?: number
  /** Named in problems. */
  source?: string
  /**
   * Binary data declaring more bytes than this is not decoded (`limits.maxFileSize`: no check
   * would read such a file); the file exists with bytes unknown.
   */
  maxFileSize?: number
  /** Name folding to reuse (a series passes one for all its patches); default: a new one. */
  folder?: NameFolder
  /**
   * The bytes of the blob `oid` at `path` when they are at hand without reading the tree (the
   * work tree of `--staged`, checked against the id): a modified file whose `index` line names
   * them needs neither its old bytes nor its hunks.
   */
  postImage?: (path: string, oid: string, mode: string | undefined) => Uint8Array | undefined
}

/** What applying a patch gives. */
export type ApplyResult =
  | {
      ok: true
      /** Every path whose state changed, keyed by tree-relative path. */
      changes: Map<string, FileChange>
      /** Paths the patch touches (after it), sorted. */
      files: string[]
      /** Renamed paths, old → new. */
      renames: Map<string, string>
      /** Things worth saying that are not failures (symlinks created, unknown binary bytes). */
      notes: string[]
      /** Hunks that applied with ignoreWhitespace only (0 without it). */
      whitespaceHunks: number
    }
  | {ok: false; problems: PatchProblem[]; files: string[]}

/** Bytes ↔ a string of one char per byte, so untouched lines stay byte-exact in any encoding. */
function bytesToBinaryString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

function binaryStringToBytes(text: string): Uint8Array {
  // a view of the Buffer's bytes: no second copy of what may be megabytes
  const bytes = Buffer.from(text, 'latin1')
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Patch text is Unicode: its lines become the UTF-8 bytes the file would hold. */
function patchTextToBinary(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1')
}

/** Split into lines that keep their terminator (the last may have none). */
function splitLines(text: string): string[] {
  const lines: string[] = []
  let start = 0
  for (;;) {
    const end = text.indexOf('\n', start)
    if (end < 0) break
    lines.push(text.slice(start, end + 1))
    start = end + 1
  }
  if (start < text.length) lines.push(text.slice(start))
  return lines
}

/** Whitespace-insensitive form of a line: trimmed, inner runs collapsed, terminator dropped. */
export function normalizeWhitespace(line: string): string {
  return line.replace(/[ \t\v\f\r\n]+/g, ' ').trim()
}

/** A tree-relative path is safe when it has no `..`, `.`, empty or `.git` segment and no NUL. */
export function checkPath(path: string): string | undefined {
  if (path.includes('\0')) return 'contains a NUL byte'
  if (path.startsWith('/')) return 'is absolute'
  if (/^[A-Za-z]:[\\/]/.test(path)) return 'is absolute'
  if (path === '') return 'is empty'
  for (const segment of path.split('/')) {
    if (segment === '..') return 'has a `..` segment'
    if (segment === '.' || segment === '') return 'is not normalised (`.` or empty segment)'
    if (segment.toLowerCase() === '.git') return 'is inside `.git/`'
  }
  return undefined
}

interface ResolvedPaths {
  /** Source path (undefined for a creation). */
  from?: string
  /** Target path (undefined for a deletion). */
  to?: string
  rename: boolean
  copy: boolean
}

function isDevNull(path: string | undefined): boolean {
  return path === '/dev/null'
}

/** Strip a git diff's paths: `---`/`+++`/header by `strip`, rename/copy lines by `strip - 1`. */
function resolveGitPaths(file: FileDiff, strip: number): ResolvedPaths | string {
  const cut = (path: string | undefined, count: number): string | undefined =>
    path === undefined || isDevNull(path) ? undefined : stripComponents(path, count)
  const renameOrCopyFrom = file.renameFrom ?? file.copyFrom
  const renameOrCopyTo = file.renameTo ?? file.copyTo
  const rename = file.renameFrom !== undefined && file.renameTo !== undefined
  const copy = !rename && file.copyFrom !== undefined && file.copyTo !== undefined
  let from = rename || copy ? cut(renameOrCopyFrom, Math.max(strip - 1, 0)) : undefined
  let to = rename || copy ? cut(renameOrCopyTo, Math.max(strip - 1, 0)) : undefined
  if (!rename && !copy) {
    from = cut(file.oldPath, strip) ?? cut(file.headerOld, strip)
    to = cut(file.newPath, strip) ?? cut(file.headerNew, strip)
  }
  if (file.newFile || isDevNull(file.oldPath)) from = undefined
  if (file.deletedFile || isDevNull(file.newPath)) to = undefined
  if (from === undefined && to === undefined) return 'names no file once stripped'
  return {...(from === undefined ? {} : {from}), ...(to === undefined ? {} : {to}), rename, copy}
}

/** Pick `-p N` for a plain diff: the smallest that names existing files, else a/ b/ → 1. */
async function guessStrip(files: FileDiff[], tree: FileTree): Promise<number> {
  const names = files.flatMap((file) =>
    [file.oldPath, file.newPath].filter(
      (path): path is string => path !== undefined && !isDevNull(path)
    )
  )
  for (let strip = 0; strip <= 4; strip++) {
    let anyExists = false
    for (const name of names) {
      const stripped = stripComponents(name, strip)
      if (stripped !== undefined && checkPath(stripped) === undefined) {
        if (await tree.exists(stripped)) anyExists = true
      }
    }
    if (anyExists) return strip
  }
  const prefixed = files.every(
    (file) =>
      (file.oldPath === undefined || isDevNull(file.oldPath) || file.oldPath.startsWith('a/')) &&
      (file.newPath === undefined || isDevNull(file.newPath) || file.newPath.startsWith('b/'))
  )
  return prefixed ? 1 : 0
}

async function resolvePlainPaths(
  file: FileDiff,
  strip: number,
  tree: FileTree
): Promise<ResolvedPaths | string> {
  const oldName = isDevNull(file.oldPath) ? undefined : stripComponents(file.oldPath ?? '', strip)
  const newName = isDevNull(file.newPath) ? undefined : stripComponents(file.newPath ?? '', strip)
  if (file.newFile)
    return newName === undefined
      ? 'names no file once stripped'
      : {to: newName, rename: false, copy: false}
  if (file.deletedFile)
    return oldName === undefined
      ? 'names no file once stripped'
      : {from: oldName, rename: false, copy: false}
  // `--- x.orig` / `+++ x`: both name one file; use the one that exists (new name first).
  const candidates = [newName, oldName].filter((name): name is string => name !== undefined)
  for (const name of candidates) {
    if (checkPath(name) === undefined && (await tree.exists(name))) {
      return {from: name, to: name, rename: false, copy: false}
    }
  }
  const name = candidates[0]
  if (name === undefined) return 'names no file once stripped'
  // `@@ -0,0 +1,N @@` against a missing file is a creation written without /dev/null.
  const first = file.hunks[0]
  if (file.hunks.length === 1 && first && first.oldStart === 0 && first.oldCount === 0) {
    return {to: name, rename: false, copy: false}
  }
  return {from: name, to: name, rename: false, copy: false}
}

type Working =
  | {kind: 'file'; text: string | undefined; mode: string | undefined; stamp?: string}
  | {kind: 'absent'}

interface HunkFailure {
  hunk: Hunk
  reason: string
  messageId: string
}

/**
 * A file's lines while hunks apply to it, in order: the lines already written (`out`) and the
 * original's lines from `cursor` on. A hunk that applies after the last one (the usual case) costs
 * what it copies and adds, so applying h hunks to n lines is O(n + h) rather than a splice of the
 * whole array per hunk (12,500 hunks to a 1.65 MB file took over 60 s).
 */
class Image {
  #lines: string[]
  #cursor = 0
  #out: string[] = []
  /** Normalised lines of `#lines`, made when first asked (whitespace-insensitive matching). */
  #loose: (string | undefined)[] = []

  constructor(lines: string[]) {
    this.#lines = lines
  }

  get length(): number {
    return this.#out.length + this.#lines.length - this.#cursor
  }

  at(index: number): string {
    const written = this.#out.length
    return (
      index < written ? this.#out[index] : this.#lines[this.#cursor + index - written]
    ) as string
  }

  /** Line `index` with whitespace normalised (cached for the original's lines). */
  looseAt(index: number): string {
    const written = this.#out.length
    if (index < written) return normalizeWhitespace(this.#out[index] as string)
    const at = this.#cursor + index - written
    let loose = this.#loose[at]
    if (loose === undefined) {
      loose = normalizeWhitespace(this.#lines[at] as string)
      this.#loose[at] = loose
    }
    return loose
  }

  /** Lines `[pos, pos + count)`. */
  slice(pos: number, count: number): string[] {
    const lines: string[] = []
    for (let k = 0; k < count; k++) lines.push(this.at(pos + k))
    return lines
  }

  /** Replace `count` lines at `pos` by `replacement`. */
  replace(pos: number, count: number, replacement: string[]): void {
    const written = this.#out.length
    if (pos < written) {
      // before an earlier hunk's lines (a hunk found far above its place): start over from a
      // copy; rare, and what every hunk cost before
      const all = this.#out.concat(this.#lines.slice(this.#cursor))
      spliceAll(all, pos, count, replacement)
      this.#lines = all
      this.#cursor = 0
      this.#out = []
      this.#loose = []
      return
    }
    const skip = pos - written
    for (let k = 0; k < skip; k++) this.#out.push(this.#lines[this.#cursor + k] as string)
    this.#cursor += skip + count
    for (const line of replacement) this.#out.push(line)
  }

  join(): string {
    return this.#out.join('') + this.#lines.slice(this.#cursor).join('')
  }
}

/** Find where `pre` matches `image`, searching outward from `start`; -1 when nowhere. */
function findPosition(
  image: {length: number; at(index: number): string},
  pre: string[],
  start: number,
  equal: (imageLine: string, patchLine: string) => boolean,
  matchBeginning: boolean,
  matchEnd: boolean
): number {
  if (pre.length > image.length) return -1
  const last = image.length - pre.length
  const matchesAt = (pos: number): boolean => {
    if (matchBeginning && pos !== 0) return false
    if (matchEnd && pos !== last) return false
    for (let k = 0; k < pre.length; k++) {
      if (!equal(image.at(pos + k), pre[k] as string)) return false
    }
    return true
  }
  let origin = matchBeginning ? 0 : matchEnd ? last : start
  origin = Math.min(Math.max(origin, 0), last)
  if (matchesAt(origin)) return origin
  if (matchBeginning || matchEnd) return -1
  for (let distance = 1; origin - distance >= 0 || origin + distance <= last; distance++) {
    if (origin - distance >= 0 && matchesAt(origin - distance)) return origin - distance
    if (origin + distance <= last && matchesAt(origin + distance)) return origin + distance
  }
  return -1
}

const exactEqual = (a: string, b: string): boolean => a === b

/** Apply the hunks of one file to its text; a failure names the hunk and why. */
function applyHunks(
  text: string,
  hunks: Hunk[],
  ignoreWhitespace: boolean
): {text: string; loose: number} | HunkFailure {
  // A file created (or filled from empty) by one hunk of added lines, the shape of a patch that
  // adds a file: its text is those lines (parseDiff reads them as one piece, Hunk.added), with no
  // search and no line table of the old text.
  const only = hunks.length === 1 ? hunks[0] : undefined
  if (text === '' && only?.added !== undefined) {
    return {text: patchTextToBinary(only.added), loose: 0}
  }
  const image = new Image(splitLines(text))
  let loose = 0
  for (const hunk of hunks) {
    const pre: string[] = []
    const post: string[] = []
    const kinds: Array<' ' | '-' | '+'> = []
    for (const line of hunk.lines) {
      const full = patchTextToBinary(line.text) + (line.newline ? '\n' : '')
      if (line.kind !== '+') pre.push(full)
      if (line.kind !== '-') post.push(full)
      kinds.push(line.kind)
    }
    let leading = 0
    while (kinds[leading] === ' ') leading++
    let trailing = 0
    while (kinds[kinds.length - 1 - trailing] === ' ') trailing++
    const matchBeginning = hunk.oldStart === 0 || hunk.oldStart === 1
    // A hunk without trailing context ends at end of file (git's rule), unless it has no context
    // at all (a -U0 diff) where that cannot be told.
    const matchEnd = trailing === 0 && leading > 0 && leading < kinds.length
    const start = hunk.newStart > 0 ? hunk.newStart - 1 : 0
    let pos = findPosition(image, pre, start, exactEqual, matchBeginning, matchEnd)
    let usedLoose = false
    if (pos < 0) {
      // Normalise once per hunk rather than on every comparison.
      const loosePos = findPosition(
        {length: image.length, at: (index) => image.looseAt(index)},
        pre.map(normalizeWhitespace),
        start,
        exactEqual,
        matchBeginning,
        matchEnd
      )
      if (loosePos >= 0 && ignoreWhitespace) {
        pos = loosePos
        usedLoose = true
      } else if (loosePos >= 0) {
        return {
          hunk,
          messageId: 'whitespaceDamaged',
          reason: `its lines match line ${loosePos + 1} only when whitespace is ignored: the patch is whitespace-damaged (retry with --ignore-whitespace)`
        }
      } else {
        const applied = findPosition(image, post, start, exactEqual, false, false)
        if (applied >= 0 && post.length > 0 && pre.join('') !== post.join('')) {
          return {
            hunk,
            messageId: 'alreadyApplied',
            reason: `its result is already at line ${applied + 1}: the patch seems to be applied already`
          }
        }
        const where =
          matchBeginning && hunk.oldStart <= 1
            ? 'at the start of the file'
            : matchEnd
              ? 'at the end of the file'
              : `at line ${hunk.oldStart} or at any offset`
        return {
          hunk,
          messageId: 'contextMismatch',
          reason: `its context and removed lines do not match ${where}`
        }
      }
    }
    let replacement = post
    if (usedLoose) {
      loose++
      // Keep the tree's own context lines; only added lines come from the patch.
      const matched = image.slice(pos, pre.length)
      const crlf = matched.length > 0 && matched.every((line) => line.endsWith('\r\n'))
      replacement = []
      let imageIndex = 0
      for (const line of hunk.lines) {
        if (line.kind === ' ') {
          replacement.push(matched[imageIndex++] as string)
        } else if (line.kind === '-') {
          imageIndex++
        } else {
          let added = patchTextToBinary(line.text) + (line.newline ? '\n' : '')
          if (crlf && added.endsWith('\n') && !added.endsWith('\r\n')) {
            added = added.slice(0, -1) + '\r\n'
          }
          replacement.push(added)
        }
      }
    }
    image.replace(pos, pre.length, replacement)
  }
  return {text: image.join(), loose}
}

function hunkProblem(file: string, failure: HunkFailure, source: string | undefined): PatchProblem {
  const problem: PatchProblem = {
    ruleId: 'patch-apply',
    messageId: failure.messageId,
    message: `Cannot apply hunk \`${failure.hunk.header}\` to \`${file}\`: ${failure.reason}`,
    file,
    line: Math.max(failure.hunk.oldStart, 1)
  }
  if (source !== undefined) problem.source = source
  return problem
}

/** Trees that can hold files with unknown bytes (overlays after a binary patch) say so. */
function isUnknownIn(tree: FileTree, path: string): boolean {
  const probe = (tree as FileTree & {isUnknown?: (path: string) => boolean}).isUnknown
  return typeof probe === 'function' && probe.call(tree, path)
}

/**
 * Names as a case-insensitive, normalising file system (macOS, Windows) compares them, with what
 * it has folded so far: a series asks for the same paths once per patch, and folds the listing
 * of its base once. Owned by whoever applies patches (one per series); never module state.
 */
export class NameFolder {
  readonly #names = new Map<string, string>()
  readonly #indexes = new WeakMap<FileTree, Promise<Map<string, string>>>()

  /** A path as a case-insensitive, normalising file system compares it. */
  readonly fold = (path: string): string => {
    let folded = this.#names.get(path)
    if (folded === undefined) {
      folded = path.normalize('NFC').toLowerCase()
      if (this.#names.size >= 100_000) this.#names.clear()
      this.#names.set(path, folded)
    }
    return folded
  }

  /** Folded name → path of every file of a tree, built once per tree object. */
  #index(tree: FileTree): Promise<Map<string, string>> {
    let index = this.#indexes.get(tree)
    if (index === undefined) {
      index = tree.list().then((paths) => {
        const map = new Map<string, string>()
        for (const path of paths) map.set(this.fold(path), path)
        return map
      })
      this.#indexes.set(tree, index)
    }
    return index
  }

  /**
   * The file of `tree` whose name folds like `path` does, if any. A patched tree (one overlay per
   * patch of a series) asks its changes, then the index of its base, which the whole series
   * shares: listing and folding every file of the tree again for each patch made a long series
   * quadratic.
   */
  async twin(tree: FileTree, path: string): Promise<string | undefined> {
    const name = this.fold(path)
    if (tree instanceof OverlayTree) {
      const twin = tree
        .changedLike(name, this.fold)
        .find(([, change]) => change.kind !== 'deleted' && change.mode !== SYMLINK_MODE)
      if (twin !== undefined) return twin[0]
      const base = (await this.#index(tree.base)).get(name)
      // a base file the changes delete (or turn into a link) is not there any more
      return base === undefined || tree.change(base) !== undefined ? undefined : base
    }
    return (await this.#index(tree)).get(name)
  }
}

/** A full object id (40 hex digits, SHA-1; 64 for SHA-256). */
const FULL_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/
const NULL_ID = /^0+$/

/**
 * The bytes a binary section leaves, as `git apply` decides them: it needs the full object ids of
 * the `index` line, the file must be the blob the patch names, and the result must be the blob it
 * promises. Data declaring more than `maxFileSize` bytes is not inflated (no check reads such a
 * file, and a few kilobytes of zlib can claim gigabytes): its bytes stay unknown.
 */
async function applyBinary(
  file: FileDiff,
  source: Working,
  sourceText: string | undefined,
  name: string,
  options: ApplyOptions
): Promise<{bytes?: Uint8Array; why?: string} | PatchProblem> {
  const problem = (
    ruleId: PatchProblem['ruleId'],
    messageId: string,
    message: string
  ): PatchProblem => {
    const found: PatchProblem = {ruleId, messageId, message, file: name}
    if (options.source !== undefined) found.source = options.source
    return found
  }
  const {oldId, newId} = file
  if (oldId === undefined || newId === undefined || !FULL_ID.test(oldId) || !FULL_ID.test(newId)) {
    return problem(
      'patch-apply',
      'binaryWithoutIndex',
      `Cannot apply the binary patch to \`${name}\` without a full index line (git apply refuses it too: it needs the full object ids to check the file)`
    )
  }
  const exists = source.kind === 'file'
  if (exists && sourceText !== undefined && !NULL_ID.test(oldId)) {
    const actual = gitBlobId(binaryStringToBytes(sourceText), oldId)
    if (actual !== oldId) {
      return problem(
        'patch-apply',
        'binaryMismatch',
        `Cannot apply the binary patch to \`${name}\`: the patch applies to blob ${oldId.slice(0, 12)}, the file is ${actual.slice(0, 12)}`
      )
    }
  } else if (!exists && !NULL_ID.test(oldId)) {
    return problem(
      'patch-apply',
      'missingFile',
      `Cannot apply the binary patch to \`${name}\`: it does not exist in the tree`
    )
  }
  if (NULL_ID.test(newId)) return {}
  const forward = file.binary?.forward
  if (forward === undefined) return {why: 'binary patch without data'}
  const limit = options.maxFileSize ?? DEFAULT_LIMITS.maxFileSize
  // no input claims more than it holds: zlib cannot inflate past its ratio
  const packed = base85Length(forward.data)
  if (forward.size > packed * MAX_INFLATE_RATIO + 64) {
    return problem(
      'patch-malformed',
      'badBinaryPatch',
      `Cannot decode the binary patch of \`${name}\`: it declares ${forward.size} bytes, more than its ${packed} bytes of compressed data can hold`
    )
  }
  if (forward.size > limit)
    return {why: `binary data of ${forward.size} bytes, over limits.maxFileSize; not decoded`}
  const payload = inflatePayload(forward.data, forward.size)
  if (!payload) {
    return problem(
      'patch-malformed',
      'badBinaryPatch',
      `Cannot decode the binary patch of \`${name}\``
    )
  }
  let bytes: Uint8Array | undefined
  if (forward.kind === 'literal') bytes = payload
  else if (sourceText === undefined) return {why: 'binary delta to a file whose bytes are unknown'}
  else {
    const result = applyGitDelta(binaryStringToBytes(sourceText), payload, limit)
    if (result === 'impossible') {
      return problem(
        'patch-apply',
        'binaryMismatch',
        `Cannot apply the binary delta to \`${name}\`: it declares a result larger than its ${payload.length} bytes of commands can make`
      )
    }
    if (result === 'too large')
      return {why: `binary delta result over limits.maxFileSize; not decoded`}
    if (result === undefined) {
      return problem(
        'patch-apply',
        'binaryMismatch',
        `Cannot apply the binary delta to \`${name}\`: the file differs from the patch's base`
      )
    }
    bytes = result
  }
  const made = gitBlobId(bytes, newId)
  if (made !== newId) {
    return problem(
      'patch-apply',
      'binaryMismatch',
      `The binary patch to \`${name}\` makes blob ${made.slice(0, 12)}, not the ${newId.slice(0, 12)} it promises`
    )
  }
  return {bytes}
}

/** Whether a symlink at `path` pointing to `target` stays inside the tree. */
function symlinkStaysInside(path: string, target: string): boolean {
  if (target.startsWith('/') || target.includes('\0') || target === '') return false
  const resolved = posix.normalize(posix.join(posix.dirname(path), target))
  return !(resolved === '..' || resolved.startsWith('../') || resolved.startsWith('/'))
}

/**
 * Apply a parsed patch to a tree in memory, all or nothing: either every file section applies
 * and the changes are returned, or nothing is and the problems say which file, hunk and why.
 * Never throws on bad input.
 */
export async function applyPatch(
  tree: FileTree,
  parsed: ParsedDiff,
  options: ApplyOptions = {}
): Promise<ApplyResult> {
  const problems: PatchProblem[] = [...parsed.problems]
  const touched = new Set<string>()
  const renames = new Map<string, string>()
  const notes: string[] = []
  const working = new Map<string, Working>()
  const history = new Map<string, string>()
  let whitespaceHunks = 0
  const fail = (
    ruleId: PatchProblem['ruleId'],
    messageId: string,
    message: string,
    file?: string
  ): void => {
    const problem: PatchProblem = {ruleId, messageId, message}
    if (file !== undefined) problem.file = file
    if (options.source !== undefined) problem.source = options.source
    problems.push(problem)
  }
  if (problems.length > 0) return {ok: false, problems, files: []}

  const load = async (path: string, original = false): Promise<Working> => {
    const known = original ? undefined : working.get(path)
    if (known) return known
    // a link is content: its target, as git stores it (never the file it points to)
    const link = await tree.readLink?.(path)
    if (link !== undefined)
      return {kind: 'file', text: bytesToBinaryString(link), mode: SYMLINK_MODE}
    const bytes = isUnknownIn(tree, path) ? undefined : await tree.read(path)
    if (bytes === undefined) {
      // A file whose bytes the tree cannot give (an unknown binary) still exists.
      return (await tree.exists(path))
        ? {kind: 'file', text: undefined, mode: undefined}
        : {kind: 'absent'}
    }
    return {kind: 'file', text: bytesToBinaryString(bytes), mode: undefined}
  }
  const describeMissing = (path: string): string => {
    const earlier = history.get(path)
    return earlier
      ? `\`${path}\`: it does not exist (${earlier} earlier in this patch)`
      : `\`${path}\`: it does not exist in the tree`
  }

  // Names as a case-insensitive, normalising file system (macOS, Windows) sees them: the tree's,
  // and those of the files this patch has written so far.
  const folder = options.folder ?? new NameFolder()
  const foldName = folder.fold
  const created = new Map<string, string>()
  const collision = async (to: string, from: string | undefined): Promise<string | undefined> => {
    const other = created.get(foldName(to)) ?? (await folder.twin(tree, to))
    if (other === undefined || other === to || other === from) return undefined
    return working.get(other)?.kind === 'absent' ? undefined : other
  }

  const plain = parsed.files.filter((file) => !file.git)
  const plainStrip = options.strip ?? (plain.length > 0 ? await guessStrip(plain, tree) : 1)

  for (const file of parsed.files) {
    const resolved = file.git
      ? resolveGitPaths(file, options.strip ?? 1)
      : await resolvePlainPaths(file, plainStrip, tree)
    const display = file.newPath ?? file.headerNew ?? file.oldPath ?? '(unknown)'
    if (typeof resolved === 'string') {
      fail('patch-malformed', 'badPath', `Cannot use path \`${display}\`: it ${resolved}`)
      continue
    }
    let bad = false
    for (const path of [resolved.from, resolved.to]) {
      if (path === undefined) continue
      const why = checkPath(path)
      if (why !== undefined) {
        const shown = JSON.stringify(path).slice(1, -1)
        fail(
          'patch-malformed',
          'unsafePath',
          `Cannot use path \`${shown}\`: it ${why} (git apply refuses it too: invalid path)`
        )
        bad = true
      }
    }
    if (bad) continue
    const {from, to} = resolved
    const creating = from === undefined
    const deleting = to === undefined
    const mode = file.newMode
    if (file.oldMode === GITLINK_MODE || file.newMode === GITLINK_MODE) {
      // A submodule: a commit of another repository, no file of this tree (git trees list none).
      // Moving it to another commit changes nothing doclint reads; only a file standing where
      // one is created is in the way, as for git.
      if (file.newFile && to !== undefined && (await load(to)).kind !== 'absent') {
        fail(
          'patch-apply',
          'targetExists',
          `Cannot create submodule \`${to}\`: a file is there`,
          to
        )
      } else notes.push(`\`${to ?? from}\` is a submodule; its content is not checked`)
      continue
    }

    // A modification whose result is known by its blob id (the file is there, as before).
    const known =
      options.postImage !== undefined &&
      file.git &&
      !file.binary &&
      file.hunks.length > 0 &&
      file.newId !== undefined &&
      // the same path before and after: neither created nor deleted
      from !== undefined &&
      from === to &&
      !resolved.rename &&
      !resolved.copy &&
      !working.has(from) &&
      file.oldMode !== SYMLINK_MODE &&
      file.newMode !== SYMLINK_MODE &&
      (await tree.readLink?.(from)) === undefined &&
      !isUnknownIn(tree, from) &&
      (await tree.exists(from))
        ? options.postImage(from, file.newId, mode)
        : undefined
    if (known !== undefined && to !== undefined) {
      touched.add(to)
      // the bytes are the blob the patch names: stamped as a git tree stamps it
      const blobMode = mode ?? (from === undefined ? undefined : gitStampMode(tree.stamp?.(from)))
      working.set(to, {
        kind: 'file',
        text: bytesToBinaryString(known),
        mode,
        ...(blobMode === undefined || file.newId === undefined
          ? {}
          : {stamp: gitStamp(blobMode, file.newId)})
      })
      created.set(foldName(to), to)
      continue
    }

    let source: Working = {kind: 'absent'}
    if (from !== undefined) {
      // a rename or copy reads its source as the tree has it, whatever other sections of the
      // patch do to it ("git patches do not depend on the order", as git apply puts it)
      source = await load(from, resolved.rename || resolved.copy)
      if (source.kind === 'absent') {
        fail('patch-apply', 'missingFile', `Cannot apply to ${describeMissing(from)}`, from)
        continue
      }
    }
    if (to !== undefined && (creating || resolved.rename || resolved.copy)) {
      const target = await load(to)
      if (target.kind !== 'absent' && to !== from) {
        const what = creating ? 'create' : resolved.rename ? 'rename onto' : 'copy onto'
        fail('patch-apply', 'targetExists', `Cannot ${what} \`${to}\`: it already exists`, to)
        continue
      }
      const other = target.kind === 'absent' ? await collision(to, from) : undefined
      if (other !== undefined) {
        fail(
          'patch-apply',
          'nameCollision',
          `Cannot create \`${to}\`: it differs from \`${other}\` only in case or Unicode normalisation (one file on macOS and Windows)`,
          to
        )
        continue
      }
    }
    if (from !== undefined) touched.add(from)
    if (to !== undefined) touched.add(to)

    const sourceText = source.kind === 'file' ? source.text : ''
    let result: Working
    if (file.binary) {
      const binary = await applyBinary(file, source, sourceText, to ?? from ?? display, options)
      if ('ruleId' in binary) {
        problems.push(binary)
        continue
      }
      if (deleting) result = {kind: 'absent'}
      else {
        result = {
          kind: 'file',
          text: binary.bytes === undefined ? undefined : bytesToBinaryString(binary.bytes),
          mode: mode ?? (source.kind === 'file' ? source.mode : undefined)
        }
        if (binary.bytes === undefined) notes.push(`\`${to}\`: ${binary.why}, content unknown`)
      }
    } else {
      let text: string | undefined = sourceText
      if (file.hunks.length > 0) {
        if (text === undefined) {
          fail(
            'patch-apply',
            'unknownContent',
            `Cannot apply hunks to \`${from}\`: its content is unknown (binary)`,
            from
          )
          continue
        }
        const applied = applyHunks(text, file.hunks, options.ignoreWhitespace === true)
        if ('hunk' in applied) {
          problems.push(hunkProblem(from ?? to ?? display, applied, options.source))
          continue
        }
        text = applied.text
        whitespaceHunks += applied.loose
      }
      if (deleting) {
        if (text !== undefined && text.length > 0 && file.hunks.length > 0) {
          fail(
            'patch-apply',
            'deleteLeftContent',
            `Cannot delete \`${from}\`: the file has content the patch does not remove`,
            from
          )
          continue
        }
        result = {kind: 'absent'}
      } else {
        result = {
          kind: 'file',
          text,
          mode: mode ?? (source.kind === 'file' ? source.mode : undefined)
        }
      }
    }
    if (result.kind === 'file' && result.mode === SYMLINK_MODE && to !== undefined) {
      // a link is content, as for git (which applies it): one out of the tree is never followed
      const target = result.text ?? ''
      notes.push(
        symlinkStaysInside(to, target)
          ? `\`${to}\` is a symlink to \`${target}\``
          : `\`${to}\` is a symlink to \`${target}\`, outside the tree: never followed`
      )
    }
    if (from !== undefined && (deleting || resolved.rename) && from !== to) {
      working.set(from, {kind: 'absent'})
      history.set(from, deleting ? 'deleted' : `renamed to \`${to}\``)
    }
    if (to !== undefined) working.set(to, result)
    if (to !== undefined && result.kind === 'file') created.set(foldName(to), to)
    if (resolved.rename && from !== undefined && to !== undefined && from !== to)
      renames.set(from, to)
  }

  const files = [...touched].sort()
  if (problems.length > 0) return {ok: false, problems, files}
  const changes = new Map<string, FileChange>()
  for (const [path, state] of working) {
    if (state.kind === 'absent') {
      changes.set(path, {kind: 'deleted'})
    } else if (state.text === undefined) {
      changes.set(
        path,
        state.mode === undefined ? {kind: 'unknown'} : {kind: 'unknown', mode: state.mode}
      )
    } else {
      const bytes = binaryStringToBytes(state.text)
      changes.set(path, {
        kind: 'file',
        bytes,
        ...(state.mode === undefined ? {} : {mode: state.mode}),
        ...(state.stamp === undefined ? {} : {stamp: state.stamp})
      })
    }
  }
  return {ok: true, changes, files, renames, notes, whitespaceHunks}
}
