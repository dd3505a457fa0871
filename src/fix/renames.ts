/**
 * Renames a change makes: git's own (`rename from`/`rename to`), and a deleted file plus a new
 * one of the same kind with mostly the same lines (a plain `git diff` without rename detection,
 * or a delete and an add staged apart). Fixes and suggestions follow them.
 */
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'
import type {Fix, Range} from '../diagnostic.js'
import type {FileChange} from '../tree/overlay.js'
import type {FileTree} from '../tree/types.js'

/** Most deleted and added files compared (each pair costs their lines). */
const MAX_CANDIDATES = 64
/** Largest file compared, in bytes. */
const MAX_BYTES = 256 * 1024
/** Share of lines in common for a delete plus an add to count as a rename (git's default 50%). */
const SIMILARITY = 0.5

function extension(path: string): string {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  return dot > slash ? path.slice(dot) : ''
}

function lines(bytes: Uint8Array): Map<string, number> {
  const counts = new Map<string, number>()
  for (const line of new TextDecoder().decode(bytes).split('\n')) {
    const key = line.trim()
    if (key === '') continue
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

/** Lines in common over the larger file's lines. */
function similarity(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0
  let sizeA = 0
  let sizeB = 0
  for (const count of a.values()) sizeA += count
  for (const count of b.values()) sizeB += count
  for (const [line, count] of a) shared += Math.min(count, b.get(line) ?? 0)
  const size = Math.max(sizeA, sizeB)
  return size === 0 ? 0 : shared / size
}

/**
 * Every rename of a change to `base`: the ones git recorded, plus deleted files paired with new
 * files of the same extension whose lines are mostly the same (best match first, each file once).
 */
export async function changeRenames(
  base: FileTree,
  changes: Map<string, FileChange>,
  recorded: Map<string, string> = new Map()
): Promise<Map<string, string>> {
  const renames = new Map(recorded)
  const taken = new Set(recorded.values())
  const deleted: string[] = []
  const added: string[] = []
  for (const [path, change] of changes) {
    if (renames.has(path) || taken.has(path)) continue
    if (change.kind === 'deleted') deleted.push(path)
    else if (change.kind === 'file' && !(await base.exists(path))) added.push(path)
  }
  if (deleted.length === 0 || added.length === 0) return renames
  const pairs: {from: string; to: string; score: number}[] = []
  const addedLines = new Map<string, Map<string, number>>()
  for (const to of added.slice(0, MAX_CANDIDATES)) {
    const change = changes.get(to)
    if (change?.kind === 'file' && change.bytes.length <= MAX_BYTES) {
      addedLines.set(to, lines(change.bytes))
    }
  }
  for (const from of deleted.slice(0, MAX_CANDIDATES)) {
    const bytes = await base.read(from)
    if (bytes === undefined || bytes.length > MAX_BYTES) continue
    const before = lines(bytes)
    for (const [to, after] of addedLines) {
      if (extension(to) !== extension(from)) continue
      const score = similarity(before, after)
      if (score >= SIMILARITY) pairs.push({from, to, score})
    }
  }
  pairs.sort((a, b) => b.score - a.score || (a.from < b.from ? -1 : 1))
  for (const {from, to} of pairs) {
    if (renames.has(from) || taken.has(to)) continue
    renames.set(from, to)
    taken.add(to)
  }
  return renames
}

/** How `docname` is written from `from` in the style of `written` (absolute or relative). */
export function renamedTarget(from: string, written: string, docname: string): string {
  if (written.startsWith('/')) return `/${docname}`
  const slash = from.lastIndexOf('/')
  const folder = slash < 0 ? '' : from.slice(0, slash)
  if (folder === '') return docname
  return docname.startsWith(`${folder}/`) ? docname.slice(folder.length + 1) : `/${docname}`
}

/**
 * The edit that rewrites a reference's text (`Title <old>` or `old`) for a renamed document:
 * `raw` ends `range` right before `closing` characters (a role's backtick; none for a toctree
 * entry). Undefined when the written text is not plainly the target.
 */
export function renameEdit(
  file: string,
  range: Range,
  raw: string,
  target: string,
  replacement: string,
  closing: number
): Fix | undefined {
  const end = range.end.offset - closing
  const start = end - raw.length
  if (start < range.start.offset || raw.includes('\n')) return undefined
  let text: string
  const explicit = /^(.*<)([^<>]*)(>\s*)$/s.exec(raw)
  if (explicit) {
    if ((explicit[2] ?? '').trim() !== target) return undefined
    text = `${explicit[1] ?? ''}${replacement}${explicit[3] ?? ''}`
  } else {
    if (raw.trim() !== target) return undefined
    text = raw.replace(target, replacement)
  }
  return {
    applicability: 'safe',
    description: `Follow the rename: \`${target}\` → \`${replacement}\``,
    edits: [{file, start, end, text}]
  }
}

/**
 * The renames git sees in a working tree against HEAD (staged or not: `git mv`, or a delete and
 * an add it pairs by content), as tree paths. Empty when `root` is not a git work tree or git
 * cannot say.
 */
export async function workingTreeRenames(root: string): Promise<Map<string, string>> {
  if (!existsSync(path.join(root, '.git'))) return new Map()
  const output = await new Promise<string>((resolve) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', 'diff', '--name-status', '-M', '-z', 'HEAD', '--'],
      {cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 30_000},
      (error, stdout) => resolve(error ? '' : stdout)
    )
  })
  const renames = new Map<string, string>()
  const fields = output.split('\u0000')
  for (let i = 0; i < fields.length; i++) {
    const status = fields[i] ?? ''
    if (status.startsWith('R')) {
      const from = fields[i + 1]
      const to = fields[i + 2]
      if (from && to) renames.set(from, to)
      i += 2
    } else if (status.startsWith('C')) i += 2
    else i += 1
  }
  return renames
}
