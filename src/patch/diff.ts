/** Unified diff parsing: git extended headers, quoted paths, hunks with counts validated. */
import type {FileDiff, Hunk, HunkLine, ParsedDiff, PatchProblem} from './types.js'

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

const EXTENDED_HEADERS = [
  'old mode ',
  'new mode ',
  'deleted file mode ',
  'new file mode ',
  'copy from ',
  'copy to ',
  'rename from ',
  'rename to ',
  'rename old ',
  'rename new ',
  'similarity index ',
  'dissimilarity index ',
  'index '
]

/** Options of {@link parseDiff}. */
export interface ParseDiffOptions {
  /** Named in problems. */
  source?: string
}

/**
 * Decode a C-style quoted string starting at `text[start]` (which must be `"`). Returns the
 * decoded value and the index after the closing quote, or undefined when it is not closed.
 */
export function unquoteCString(text: string, start = 0): {value: string; end: number} | undefined {
  if (text[start] !== '"') return undefined
  const bytes: number[] = []
  const encoder = new TextEncoder()
  let i = start + 1
  while (i < text.length) {
    const char = text[i] as string
    if (char === '"') {
      return {value: new TextDecoder().decode(new Uint8Array(bytes)), end: i + 1}
    }
    if (char === '\\') {
      const next = text[i + 1]
      if (next === undefined) return undefined
      const simple: Record<string, number> = {
        a: 7,
        b: 8,
        t: 9,
        n: 10,
        v: 11,
        f: 12,
        r: 13,
        '"': 34,
        '\\': 92
      }
      const code = simple[next]
      if (code !== undefined) {
        bytes.push(code)
        i += 2
        continue
      }
      const octal = /^[0-3][0-7]{2}/.exec(text.slice(i + 1, i + 4))
      if (octal) {
        bytes.push(Number.parseInt(octal[0], 8))
        i += 4
        continue
      }
      return undefined
    }
    const codePoint = text.codePointAt(i) as number
    const piece = String.fromCodePoint(codePoint)
    for (const byte of encoder.encode(piece)) bytes.push(byte)
    i += piece.length
  }
  return undefined
}

/**
 * Drop `count` leading path components as `git apply -p` does: every `/` ends one, so `a//tmp/x`
 * with -p1 is `/tmp/x` (which git refuses as an invalid path); runs of `/` left in the rest are
 * squashed (`doc//x` is `doc/x`). Undefined when the path has too few.
 */
export function stripComponents(path: string, count: number): string | undefined {
  let rest = path
  for (let i = 0; i < count; i++) {
    const slash = rest.indexOf('/')
    if (slash < 0) return undefined
    rest = rest.slice(slash + 1)
  }
  return rest.includes('//') ? rest.replace(/\/{2,}/g, '/') : rest
}

/** A path as written after `--- ` / `+++ `: quoted, or up to a tab (timestamps follow tabs). */
function pathOfFileLine(value: string): string {
  if (value.startsWith('"')) {
    const quoted = unquoteCString(value)
    if (quoted) return quoted.value
  }
  const tab = value.indexOf('\t')
  const name = tab >= 0 ? value.slice(0, tab) : value
  // A loop, not / +$/: that regex is quadratic on long runs of spaces.
  let end = name.length
  while (end > 0 && name[end - 1] === ' ') end--
  return name.slice(0, end)
}

/** A path of an extended header line (`rename from x`): quoted or the rest of the line. */
function pathOfHeaderValue(value: string): string {
  if (value.startsWith('"')) {
    const quoted = unquoteCString(value)
    if (quoted) return quoted.value
  }
  return value
}

/** Split `a/x b/y` of a `diff --git` line into its two paths. */
export function splitGitHeader(rest: string): {old: string; new: string} | undefined {
  if (rest.startsWith('"')) {
    const first = unquoteCString(rest)
    if (!first || rest[first.end] !== ' ') return undefined
    const tail = rest.slice(first.end + 1)
    const second = tail.startsWith('"') ? unquoteCString(tail)?.value : tail
    return second === undefined ? undefined : {old: first.value, new: second}
  }
  const quotedSecond = rest.indexOf(' "')
  if (quotedSecond >= 0 && rest.endsWith('"')) {
    const second = unquoteCString(rest, quotedSecond + 1)
    if (second) return {old: rest.slice(0, quotedSecond), new: second.value}
  }
  // Unquoted names may contain spaces: prefer the split where both sides name the same file.
  let fallback: {old: string; new: string} | undefined
  // Bounded: a hostile header full of spaces must not make this quadratic.
  let tries = 0
  for (let i = rest.indexOf(' '); i >= 0 && tries < 256; i = rest.indexOf(' ', i + 1), tries++) {
    const old = rest.slice(0, i)
    const next = rest.slice(i + 1)
    if (
      stripComponents(old, 1) !== undefined &&
      stripComponents(old, 1) === stripComponents(next, 1)
    ) {
      return {old, new: next}
    }
    if (fallback === undefined && next.startsWith('b/')) fallback = {old, new: next}
  }
  return fallback
}

function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * `text` without the `+` after each line feed, in its UTF-8 bytes (neither byte occurs inside a
 * multi-byte character): `replaceAll('\n+', '\n')` built a string of 600,000 pieces, 5 times
 * slower.
 */
function dropLinePlus(text: string): string {
  const bytes = encoder.encode(text)
  let kept = 0
  let previous = -1
  for (let read = 0; read < bytes.length; read++) {
    const byte = bytes[read] as number
    if (!(byte === 43 && previous === 10)) bytes[kept++] = byte
    previous = byte
  }
  return decoder.decode(bytes.subarray(0, kept))
}

/**
 * The lines of a patch as `text.split('\n')` gives them (less the empty one after a final
 * newline), kept as start offsets: a line is cut out only when read. A patch of 600,000 lines
 * split at once held 600,000 strings alive while it was parsed, most of the time it took.
 */
class PatchLines {
  readonly length: number
  readonly #text: string
  // a typed array: a plain one grown by push cost 5 times as long for 600,000 lines
  readonly #starts: Int32Array

  constructor(text: string) {
    this.#text = text
    let starts = new Int32Array(1024)
    let count = 0
    for (let from = 0; from < text.length;) {
      if (count === starts.length) {
        const grown = new Int32Array(count * 2)
        grown.set(starts)
        starts = grown
      }
      starts[count++] = from
      const end = text.indexOf('\n', from)
      from = end < 0 ? text.length : end + 1
    }
    this.#starts = starts
    this.length = count
  }

  /** Where line `index` starts in the text. */
  start(index: number): number {
    return index < this.length ? (this.#starts[index] as number) : this.#text.length
  }

  /** Where line `index` ends (its \n, or the end of the text). */
  end(index: number): number {
    if (index + 1 < this.length) return (this.#starts[index + 1] as number) - 1
    const text = this.#text
    return text.charCodeAt(text.length - 1) === 10 ? text.length - 1 : text.length
  }

  /** Line `index` ('' past the end). */
  get(index: number): string {
    return index < this.length ? this.#text.slice(this.start(index), this.end(index)) : ''
  }

  /** The first character code of line `index`; -1 for an empty line or past the end. */
  code(index: number): number {
    return index < this.length && this.start(index) < this.end(index)
      ? this.#text.charCodeAt(this.start(index))
      : -1
  }
}

/**
 * Parse a unified diff (git or not). Text before, between and after file sections (mail prose,
 * diffstat, signature) is skipped. Never throws: what cannot be read becomes a problem.
 */
export function parseDiff(text: string, options: ParseDiffOptions = {}): ParsedDiff {
  const lines = new PatchLines(text)
  const files: FileDiff[] = []
  const problems: PatchProblem[] = []
  const problem = (messageId: string, message: string, file?: string): void => {
    const entry: PatchProblem = {ruleId: 'patch-malformed', messageId, message}
    if (file !== undefined) entry.file = file
    if (options.source !== undefined) entry.source = options.source
    problems.push(entry)
  }
  let i = 0
  const at = (index: number): string => trimCr(lines.get(index))

  // A hunk of added lines only, read as one text (Hunk.added); false when it is not that shape.
  const readAdded = (hunk: Hunk): boolean => {
    const count = hunk.newCount
    if (hunk.oldCount !== 0 || count === 0 || i + count > lines.length) return false
    for (let k = i; k < i + count; k++) if (lines.code(k) !== 43) return false
    const from = i
    i += count
    // `\ No newline at end of file` after the last line
    let newline = true
    while (i < lines.length && lines.code(i) === 92) {
      newline = false
      i++
    }
    // The lines follow each other in `text`, each after one \n: cut them out as one piece and
    // drop the `+` that starts each, with no string per line.
    const piece = text.slice(lines.start(from) + 1, lines.end(from + count - 1))
    const added = dropLinePlus(piece) + (newline ? '\n' : '')
    hunk.added = added
    // built again from `added` when asked (a line holds no \n): nothing per line stays alive
    let built: HunkLine[] | undefined
    Object.defineProperty(hunk, 'lines', {
      enumerable: true,
      configurable: true,
      get: (): HunkLine[] => {
        built ??= added
          .split('\n')
          .slice(0, count)
          .map((text, k) => ({kind: '+' as const, text, newline: newline || k < count - 1}))
        return built
      }
    })
    return true
  }

  const readHunks = (file: FileDiff, name: string): void => {
    while (i < lines.length && at(i).startsWith('@@ ')) {
      const headerLine = at(i)
      const match = HUNK_HEADER.exec(headerLine)
      if (!match) {
        problem('badHunkHeader', `Cannot read hunk header \`${headerLine}\` of \`${name}\``, name)
        i++
        return
      }
      const endOfHeader = headerLine.indexOf('@@', 2)
      const hunk: Hunk = {
        oldStart: Number(match[1]),
        oldCount: match[2] === undefined ? 1 : Number(match[2]),
        newStart: Number(match[3]),
        newCount: match[4] === undefined ? 1 : Number(match[4]),
        header: headerLine.slice(0, endOfHeader + 2),
        lines: [],
        patchLine: i + 1
      }
      i++
      if (readAdded(hunk)) {
        file.hunks.push(hunk)
        continue
      }
      let oldLeft = hunk.oldCount
      let newLeft = hunk.newCount
      while (oldLeft > 0 || newLeft > 0) {
        if (i >= lines.length) break
        const raw = lines.get(i)
        const marker = raw[0]
        let line: HunkLine | undefined
        if (raw === '' || raw === '\r') {
          // Newer GNU diff (and mail clients) write an empty context line as an empty line.
          line = {kind: ' ', text: '', newline: true}
        } else if (marker === ' ' || marker === '-' || marker === '+') {
          line = {kind: marker, text: raw.slice(1), newline: true}
        } else if (marker === '\\') {
          const previous = hunk.lines[hunk.lines.length - 1]
          if (previous) previous.newline = false
          i++
          continue
        } else {
          break
        }
        if (line.kind !== '+') oldLeft--
        if (line.kind !== '-') newLeft--
        if (oldLeft < 0 || newLeft < 0) break
        hunk.lines.push(line)
        i++
      }
      if (oldLeft !== 0 || newLeft !== 0) {
        problem(
          'truncatedHunk',
          `Hunk \`${hunk.header}\` of \`${name}\` does not match its line counts (expected ${hunk.oldCount} old and ${hunk.newCount} new lines)`,
          name
        )
        // Resynchronise on the next header the outer loop recognises.
        while (i < lines.length && !at(i).startsWith('@@ ') && !at(i).startsWith('diff --git ')) i++
        file.hunks.push(hunk)
        continue
      }
      // `\ No newline at end of file` follows the hunk's last line.
      while (i < lines.length && lines.code(i) === 92) {
        const previous = hunk.lines[hunk.lines.length - 1]
        if (previous) previous.newline = false
        i++
      }
      file.hunks.push(hunk)
    }
  }

  const readBinary = (file: FileDiff): void => {
    // `GIT binary patch`, then `literal N`/`delta N` + base85 lines, blank, then the reverse.
    i++
    const header = /^(literal|delta) (\d+)$/.exec(at(i))
    if (!header) {
      problem('badBinaryPatch', 'Cannot read `GIT binary patch` data')
      file.binary = {}
      return
    }
    i++
    const data: string[] = []
    while (i < lines.length && at(i) !== '') {
      data.push(at(i))
      i++
    }
    file.binary = {
      forward: {kind: header[1] as 'literal' | 'delta', size: Number(header[2]), data}
    }
    i++
    if (/^(literal|delta) \d+$/.test(at(i))) {
      i++
      while (i < lines.length && at(i) !== '') i++
      i++
    }
  }

  while (i < lines.length) {
    const line = at(i)
    if (line.startsWith('diff --git ')) {
      const file: FileDiff = {
        git: true,
        newFile: false,
        deletedFile: false,
        hunks: [],
        patchLine: i + 1
      }
      const split = splitGitHeader(line.slice('diff --git '.length))
      if (split) {
        file.headerOld = split.old
        file.headerNew = split.new
      }
      i++
      for (;;) {
        const header = at(i)
        const prefix = EXTENDED_HEADERS.find((candidate) => header.startsWith(candidate))
        if (prefix === undefined || i >= lines.length) break
        const value = header.slice(prefix.length)
        switch (prefix) {
          case 'old mode ':
            file.oldMode = value
            break
          case 'new mode ':
            file.newMode = value
            break
          case 'deleted file mode ':
            file.deletedFile = true
            file.oldMode = value
            break
          case 'new file mode ':
            file.newFile = true
            file.newMode = value
            break
          case 'copy from ':
            file.copyFrom = pathOfHeaderValue(value)
            break
          case 'copy to ':
            file.copyTo = pathOfHeaderValue(value)
            break
          case 'rename from ':
          case 'rename old ':
            file.renameFrom = pathOfHeaderValue(value)
            break
          case 'rename to ':
          case 'rename new ':
            file.renameTo = pathOfHeaderValue(value)
            break
          case 'similarity index ':
            file.similarity = Number.parseInt(value, 10)
            break
          case 'index ': {
            const ids = /^([0-9a-f]+)\.\.([0-9a-f]+)(?: (\d+))?$/.exec(value)
            if (ids) {
              file.oldId = ids[1] as string
              file.newId = ids[2] as string
              if (ids[3] !== undefined) file.oldMode = file.newMode = ids[3]
            }
            break
          }
          default:
            break
        }
        i++
      }
      const name = file.headerNew ?? file.headerOld ?? '(unknown file)'
      if (at(i).startsWith('Binary files ') && at(i).endsWith(' differ')) {
        file.binary = {}
        i++
      } else if (at(i) === 'GIT binary patch') {
        readBinary(file)
      } else if (at(i).startsWith('--- ') && at(i + 1).startsWith('+++ ')) {
        file.oldPath = pathOfFileLine(at(i).slice(4))
        file.newPath = pathOfFileLine(at(i + 1).slice(4))
        i += 2
        readHunks(file, name)
      }
      if (!split && file.renameTo === undefined && file.copyTo === undefined && !file.newPath) {
        problem('badGitHeader', `Cannot read the file names of \`${line}\``)
        continue
      }
      files.push(file)
      continue
    }
    if (line.startsWith('--- ') && at(i + 1).startsWith('+++ ') && at(i + 2).startsWith('@@ ')) {
      const file: FileDiff = {
        git: false,
        newFile: false,
        deletedFile: false,
        hunks: [],
        patchLine: i + 1,
        oldPath: pathOfFileLine(line.slice(4)),
        newPath: pathOfFileLine(at(i + 1).slice(4))
      }
      file.newFile = file.oldPath === '/dev/null'
      file.deletedFile = file.newPath === '/dev/null'
      i += 2
      readHunks(
        file,
        file.newFile || !file.deletedFile ? (file.newPath as string) : (file.oldPath as string)
      )
      files.push(file)
      continue
    }
    i++
  }
  if (files.length === 0 && problems.length === 0) {
    problem('notAPatch', 'Cannot find a diff (no `diff --git` or `---`/`+++`/`@@` lines)')
  }
  return {files, problems}
}
