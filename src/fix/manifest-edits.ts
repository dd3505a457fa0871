/**
 * Text edits on build-file lists: remove a word (keeping backslash continuations valid) or
 * insert one where its neighbours' order says, in the list's own layout.
 */
import type {Fix, TextEdit} from '../diagnostic.js'
import type {ManifestEntry, ManifestList} from '../manifests/types.js'

function lineBounds(text: string, start: number, end: number): {from: number; to: number} {
  const from = text.lastIndexOf('\n', start - 1) + 1
  let to = text.indexOf('\n', end)
  if (to < 0) to = text.length
  return {from, to}
}

const CONTINUED = /^[ \t]*\\\r?$/
const LAST = /^[ \t]*\r?$/
const MESON_ALONE = /^[ \t]*(?:,[ \t]*)?(#.*)?\r?$/

/** The edits removing one entry from its list, or undefined when the layout is not simple. */
export function removeEntryEdits(
  text: string,
  entry: ManifestEntry,
  kind: ManifestList['kind']
): TextEdit[] | undefined {
  if (entry.exact === false || (kind !== 'automake' && kind !== 'make' && kind !== 'meson'))
    return kind === 'MANIFEST.in' && entry.exact === true && !entry.glob
      ? removeTemplateWord(text, entry)
      : undefined
  const start = entry.range.start.offset
  const end = entry.range.end.offset
  if (text.slice(start, end) !== entry.word || start >= end) return undefined
  const {from, to} = lineBounds(text, start, end)
  const before = text.slice(from, start)
  const after = text.slice(end, to)
  const edit = (s: number, e: number): TextEdit[] => [
    {file: entry.file, start: s, end: e, text: ''}
  ]
  const alone = /^[ \t]*$/.test(before)
  if (kind === 'meson') {
    if (alone && MESON_ALONE.test(after)) return edit(from, Math.min(text.length, to + 1))
    const comma = /^[ \t]*,[ \t]*/.exec(after)
    if (comma) return edit(start, end + comma[0].length)
    const previous = /,[ \t]*$/.exec(before)
    if (previous) return edit(start - previous[0].length, end)
    return edit(start, end)
  }
  if (alone && from > 0 && CONTINUED.test(after)) {
    return edit(from, Math.min(text.length, to + 1))
  }
  if (alone && from > 0 && LAST.test(after)) {
    // The last line of a list: the line before loses its continuation backslash.
    let slash = from - 1
    if (text[slash - 1] === '\r') slash--
    if (text[slash - 1] !== '\\') return undefined
    let cut = slash - 1
    while (cut > 0 && (text[cut - 1] === ' ' || text[cut - 1] === '\t')) cut--
    // Keep the removed line's own line ending (CRLF files stay CRLF).
    return edit(cut, text[to - 1] === '\r' ? to - 1 : to)
  }
  const following = /^[ \t]+(?=[^ \t\\\r\n#])/.exec(after)
  if (following) return edit(start, end + following[0].length)
  const preceding = /(?<![ \t])[ \t]+$/.exec(before)
  if (preceding) return edit(start - preceding[0].length, end)
  return undefined
}

/** The common suffix of two strings. */
function commonSuffix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}

/** The file name a list word spells: a meson string without its quotes and escapes. */
export function writtenName(word: string): string {
  const {inner, quote} = unquote(word)
  return quote === '' ? word : inner.replace(/\\(.)/g, '$1')
}

function unquote(word: string): {inner: string; quote: string} {
  if (word.length >= 2 && word.startsWith("'") && word.endsWith("'")) {
    return {inner: word.slice(1, -1), quote: "'"}
  }
  return {inner: word, quote: ''}
}

/** How `path` is written, following how a neighbour's path is written. */
function wordFor(neighbour: ManifestEntry, path: string): string | undefined {
  const {inner, quote} = unquote(neighbour.word)
  const shared = commonSuffix(inner, neighbour.path)
  const writtenPrefix = inner.slice(0, inner.length - shared)
  const pathPrefix = neighbour.path.slice(0, neighbour.path.length - shared)
  if (!path.startsWith(pathPrefix)) return undefined
  const rest = path.slice(pathPrefix.length)
  if (quote !== '')
    return `${quote}${(writtenPrefix + rest).replace(/[\\']/g, (c) => `\\${c}`)}${quote}`
  if (/[\s#$\\]/.test(rest)) return undefined
  return writtenPrefix + rest
}

function dirname(file: string): string {
  const slash = file.lastIndexOf('/')
  return slash < 0 ? '' : file.slice(0, slash)
}

/** The continuation style of a list: what precedes the backslash on its lines (` \`, `\t\`). */
function continuationOf(text: string, entries: ManifestEntry[]): string {
  for (const entry of entries) {
    const {to} = lineBounds(text, entry.range.start.offset, entry.range.end.offset)
    const tail = /(?<![ \t])([ \t]*)\\\r?$/.exec(text.slice(entry.range.end.offset, to))
    if (tail) return tail[1] ?? ' '
  }
  return ' '
}

/** The neighbours a new path is inserted among, and whether that is the list's own text. */
export function insertionGroup(
  list: ManifestList,
  path: string,
  sources: Map<string, string>
): {entries: ManifestEntry[]; direct: boolean} {
  // A word under `if HAVE_B … endif` is not a place for a file every build ships.
  const usable = list.entries.filter(
    (entry) =>
      entry.exact !== false &&
      !entry.glob &&
      (entry.conditions?.length ?? 0) === 0 &&
      sources.get(entry.file)?.slice(entry.range.start.offset, entry.range.end.offset) ===
        entry.word
  )
  const folder = dirname(path)
  const own = (entry: ManifestEntry): boolean =>
    entry.variable === undefined || entry.variable === list.variable
  const sameFolder = usable.filter((entry) => dirname(entry.path) === folder)
  const direct = sameFolder.filter(own)
  if (direct.length > 0) return {entries: direct, direct: true}
  // No word of the list itself in that folder: follow the variable that lists most of it.
  const byVariable = new Map<string, ManifestEntry[]>()
  for (const entry of sameFolder) {
    const key = `${entry.file}\u0000${entry.variable ?? ''}`
    byVariable.set(key, [...(byVariable.get(key) ?? []), entry])
  }
  const largest = [...byVariable.values()].sort((a, b) => b.length - a.length)[0]
  if (largest) return {entries: largest, direct: false}
  const others = usable.filter(own)
  return {entries: others, direct: true}
}

/**
 * The edits inserting `path` into `list` (automake or meson), or undefined. `word` is what is
 * written (`'usage.rst'` in meson), `name` the file name it spells (`usage.rst`, for messages).
 */
export function insertEntryEdits(
  list: ManifestList,
  path: string,
  sources: Map<string, string>
): {edits: TextEdit[]; direct: boolean; word: string; name: string} | undefined {
  if (list.kind === 'MANIFEST.in') return manifestInInsertion(list, path, sources)
  if (list.kind !== 'automake' && list.kind !== 'make' && list.kind !== 'meson') return undefined
  const group = insertionGroup(list, path, sources)
  const first = group.entries[0]
  if (!first) return undefined
  const file = first.file
  const text = sources.get(file)
  if (text === undefined) return undefined
  const entries = group.entries
    .filter((entry) => entry.file === file)
    .sort((a, b) => a.range.start.offset - b.range.start.offset)
  const word = wordFor(first, path)
  if (word === undefined) return undefined
  const name = writtenName(word)
  const words = entries.map((entry) => entry.word)
  const sorted = words.every((value, index) => index === 0 || (words[index - 1] ?? '') <= value)
  let anchor: ManifestEntry | undefined
  let before = false
  if (sorted) {
    anchor = entries.find((entry) => entry.word > word)
    before = anchor !== undefined
  }
  anchor ??= entries[entries.length - 1]
  if (!anchor) return undefined
  const start = anchor.range.start.offset
  const end = anchor.range.end.offset
  const {from, to} = lineBounds(text, start, end)
  const indent = text.slice(from, start)
  const tail = text.slice(end, to)
  const alone = /^[ \t]*$/.test(indent)
  // The file's own line ending (a CRLF automake file stays CRLF).
  const eol = /\r\n/.test(text) ? '\r\n' : '\n'
  const insert = (at: number, value: string): TextEdit[] => [
    {file, start: at, end: at, text: value.replace(/\n/g, eol)}
  ]
  let edits: TextEdit[]
  if (list.kind === 'meson') {
    if (alone && MESON_ALONE.test(tail)) {
      const hasComma = /^[ \t]*,/.test(tail)
      if (before) edits = insert(from, `${indent}${word},\n`)
      else if (hasComma) edits = insert(Math.min(text.length, to + 1), `${indent}${word},\n`)
      else edits = insert(end, `,\n${indent}${word}`)
    } else {
      edits = before ? insert(start, `${word}, `) : insert(end, `, ${word}`)
    }
    return {edits, direct: group.direct, word, name}
  }
  if (alone && from > 0) {
    const continued = CONTINUED.test(tail)
    const style = continuationOf(text, entries)
    if (before) {
      edits = insert(from, `${indent}${word}${style}\\\n`)
    } else if (continued && to < text.length) {
      edits = insert(to + 1, `${indent}${word}${tail.replace(/\r$/, '')}\n`)
    } else if (LAST.test(tail)) {
      edits = insert(end, `${style}\\\n${indent}${word}`)
    } else {
      return undefined
    }
  } else {
    edits = before ? insert(start, `${word} `) : insert(end, ` ${word}`)
  }
  return {edits, direct: group.direct, word, name}
}

/** A fix removing `entry` from its list, when its word can be removed on its own. */
export function removeEntryFix(
  text: string | undefined,
  entry: ManifestEntry,
  list: ManifestList,
  description: string
): Fix | undefined {
  if (text === undefined) return undefined
  const edits = removeEntryEdits(text, entry, list.kind)
  if (!edits) return undefined
  // The word names only this file (removeEntryEdits refuses pasted or computed words), so
  // dropping it is safe even when it sits in another variable (`RST_MANPAGES` via `DOC_SOURCE`).
  return {applicability: 'safe', description, edits}
}

/**
 * A fix writing `path` in place of `entry` (a renamed file keeps its line in the list), the new
 * word written as the old one was; undefined when that cannot be done exactly.
 */
export function replaceEntryFix(
  text: string | undefined,
  entry: ManifestEntry,
  path: string,
  variable: string
): Fix | undefined {
  if (text === undefined || entry.exact === false) return undefined
  const start = entry.range.start.offset
  const end = entry.range.end.offset
  if (text.slice(start, end) !== entry.word) return undefined
  const word = wordFor(entry, path)
  if (word === undefined) return undefined
  return {
    applicability: 'safe',
    description: `Follow the rename in \`${variable}\`: \`${writtenName(entry.word)}\` → \`${writtenName(word)}\``,
    edits: [{file: entry.file, start, end, text: word}]
  }
}

/** One command line of a `MANIFEST.in`: its words with their offsets. */
interface TemplateLine {
  command: string
  words: {text: string; start: number; end: number}[]
  /** Offsets of the line (without its line ending). */
  from: number
  to: number
}

function templateLines(text: string): TemplateLine[] {
  const lines: TemplateLine[] = []
  let offset = 0
  for (const raw of text.split('\n')) {
    const from = offset
    offset += raw.length + 1
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const hash = line.indexOf('#')
    const body = hash >= 0 ? line.slice(0, hash) : line
    const words = [...body.matchAll(/\S+/g)].map((match) => ({
      text: match[0],
      start: from + match.index,
      end: from + match.index + match[0].length
    }))
    const [command, ...rest] = words
    if (command) lines.push({command: command.text, words: rest, from, to: from + line.length})
  }
  return lines
}

/** `path` relative to `folder` (both POSIX, tree-relative), or undefined when outside. */
function under(folder: string, path: string): string | undefined {
  if (folder === '' || folder === '.') return path
  return path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : undefined
}

/** A folder word of a template (`docs`, `./docs/`, `.`) as a path relative to the template. */
function folderWord(word: string): string {
  const trimmed = word.replace(/^(?:\.\/)+/, '').replace(/\/+$/, '')
  return trimmed === '.' ? '' : trimmed
}

/**
 * The edit shipping `path` in a `MANIFEST.in`, the narrowest that fits the template: the file's
 * kind (`*.md`) added to the `recursive-include` line of its nearest folder; else its name added
 * to an `include` line naming files of its folder (the folder's pattern, `docs/*.md`, when that
 * line uses patterns); else a new line `include <path>` at the end.
 */
export function manifestInInsertion(
  list: ManifestList,
  path: string,
  sources: Map<string, string>
): {edits: TextEdit[]; direct: boolean; word: string; name: string} | undefined {
  const text = sources.get(list.file)
  if (text === undefined) return undefined
  const relative = under(dirname(list.file), path)
  if (relative === undefined || /[\s#*?[\]]/.test(relative)) return undefined
  const folder = dirname(relative)
  const name = relative.slice(folder === '' ? 0 : folder.length + 1)
  const dot = name.lastIndexOf('.')
  const kind = dot > 0 ? name.slice(dot) : ''
  const eol = /\r\n/.test(text) ? '\r\n' : '\n'
  const append = (line: TemplateLine, word: string) => {
    const last = line.words[line.words.length - 1]
    const at = last?.end ?? line.from + line.command.length
    return {
      edits: [{file: list.file, start: at, end: at, text: ` ${word}`}],
      direct: true,
      word,
      name: relative
    }
  }
  const lines = templateLines(text)
  // The nearest `recursive-include` whose folder holds the file: add its kind there.
  let best: {line: TemplateLine; depth: number} | undefined
  for (const line of lines) {
    if (line.command !== 'recursive-include' || line.words.length < 2) continue
    const base = folderWord(line.words[0]?.text ?? '')
    if (under(base, folder === '' ? '' : folder) === undefined && base !== folder) continue
    const depth = base === '' ? 0 : base.split('/').length
    if (!best || depth > best.depth) best = {line, depth}
  }
  if (best && kind !== '') return append(best.line, `*${kind}`)
  // An `include` line naming files of the same folder.
  for (const line of lines) {
    if (line.command !== 'include') continue
    const same = line.words.filter(
      (word) => dirname(word.text.replace(/^(?:\.\/)+/, '')) === folder
    )
    if (same.length === 0) continue
    const patterns = same.some((word) => /[*?[]/.test(word.text))
    if (patterns && kind !== '')
      return append(line, folder === '' ? `*${kind}` : `${folder}/*${kind}`)
    return append(line, relative)
  }
  // a new last line; in a file without a final newline the line break goes before it, so that
  // several new lines follow one another and the file still ends as it did
  const end = text.length
  const ended = end === 0 || text.endsWith('\n')
  const line = ended ? `include ${relative}${eol}` : `${eol}include ${relative}`
  return {
    edits: [{file: list.file, start: end, end, text: line}],
    direct: true,
    word: relative,
    name: relative
  }
}

/** The edits removing a named file (`include docs/old.rst`) from a `MANIFEST.in` line. */
function removeTemplateWord(text: string, entry: ManifestEntry): TextEdit[] | undefined {
  const start = entry.range.start.offset
  const end = entry.range.end.offset
  if (text.slice(start, end) !== entry.word || start >= end) return undefined
  const line = templateLines(text).find(
    (candidate) => candidate.from <= start && end <= candidate.to
  )
  if (!line || line.command !== 'include') return undefined
  if (line.words.length === 1) {
    // The line's only word: the line goes, with its line ending.
    const stop = text.indexOf('\n', line.to)
    return [{file: entry.file, start: line.from, end: stop < 0 ? text.length : stop + 1, text: ''}]
  }
  let from = start
  while (from > line.from && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--
  return [{file: entry.file, start: from, end, text: ''}]
}
