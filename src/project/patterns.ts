/**
 * Sphinx's glob patterns (`exclude_patterns`, `include_patterns`, toctree `:glob:`), translated
 * exactly as `sphinx/util/matching.py` `_translate_pattern` does (docs/sphinx-semantics.md §1.2).
 */
import type {SphinxProject} from './types.js'

/** Sphinx's built-in exclusions (`sphinx/project.py` EXCLUDE_PATHS). */
export const EXCLUDE_PATHS = ['**/_sources', '.#*', '**/.#*', '*.lproj/**']

const NEVER = /(?!)/u
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/'])
const cache = new Map<string, RegExp>()

/** One token of a glob as Sphinx's `_translate_pattern` reads it; a class body is translated. */
type GlobToken =
  | {kind: 'char'; char: string}
  | {kind: 'any'}
  | {kind: 'star'}
  | {kind: 'globstar'}
  | {kind: 'class'; body: string}

/** The tokens of a glob: both the regex source and the linear matcher are built from them. */
function tokenizeGlob(glob: string): GlobToken[] {
  const tokens: GlobToken[] = []
  const n = glob.length
  let i = 0
  while (i < n) {
    const c = glob[i] as string
    i += 1
    if (c === '*') {
      if (i < n && glob[i] === '*') {
        i += 1
        tokens.push({kind: 'globstar'})
      } else tokens.push({kind: 'star'})
    } else if (c === '?') {
      tokens.push({kind: 'any'})
    } else if (c === '[') {
      let j = i
      if (j < n && glob[j] === '!') j += 1
      if (j < n && glob[j] === ']') j += 1
      while (j < n && glob[j] !== ']') j += 1
      if (j >= n) tokens.push({kind: 'char', char: '['})
      else {
        tokens.push({kind: 'class', body: translateClass(glob.slice(i, j))})
        i = j + 1
      }
    } else {
      // Surrogate pairs stay one character, as in Python.
      const code = glob.codePointAt(i - 1) as number
      const char = String.fromCodePoint(code)
      if (char.length === 2) i += 1
      tokens.push({kind: 'char', char})
    }
  }
  return tokens
}

/** The regex source Sphinx builds for a glob (JavaScript syntax), without anchors. */
export function translatePattern(glob: string): string {
  let out = ''
  for (const token of tokenizeGlob(glob)) {
    switch (token.kind) {
      case 'globstar':
        out += '.*'
        break
      case 'star':
        out += '[^/]*'
        break
      case 'any':
        out += '[^/]'
        break
      case 'class':
        out += `[${token.body}]`
        break
      case 'char':
        out += escapeChar(token.char)
        break
    }
  }
  return out
}

/**
 * The inside of a character class. Python's `re` reads `]` as literal when first and `[` as
 * literal anywhere; JavaScript needs both escaped, and `\` is doubled by Sphinx itself.
 */
function translateClass(stuff: string): string {
  let prefix = ''
  let body = stuff
  if (body.startsWith('!')) {
    // A negated class must not match `/` either.
    prefix = '^/'
    body = body.slice(1)
  } else if (body.startsWith('^')) {
    prefix = '\\^'
    body = body.slice(1)
  }
  let out = prefix
  for (const ch of body) {
    out += ch === '\\' || ch === ']' || ch === '[' || ch === '^' ? `\\${ch}` : ch
  }
  return out
}

function escapeChar(c: string): string {
  return SYNTAX.has(c) ? `\\${c}` : c
}

/** One step of a compiled glob: a token, with a class as a regex for one character. */
type Step = Exclude<GlobToken, {kind: 'class'}> | {kind: 'class'; regex: RegExp}

/** The glob as steps for the linear matcher. `undefined` if a class is not a valid regex. */
function compileSteps(glob: string): Step[] | undefined {
  const steps: Step[] = []
  for (const token of tokenizeGlob(glob)) {
    if (token.kind !== 'class') {
      steps.push(token)
      continue
    }
    try {
      steps.push({kind: 'class', regex: new RegExp(`^[${token.body}]$`, 'u')})
    } catch {
      return undefined
    }
  }
  return steps
}

/**
 * Match steps against a path in O(steps × length) with no backtracking: the set of reachable step
 * indexes (a byte per step, two buffers swapped) is advanced one code point at a time (a
 * Thompson-style simulation). Every discovered file is tested against every pattern, so this
 * allocates nothing per character.
 */
function matchSteps(steps: Step[], text: string): boolean {
  const size = steps.length
  let current = new Uint8Array(size + 1)
  let next = new Uint8Array(size + 1)
  enter(steps, current, 0)
  // Python's `$` also matches just before a final newline.
  let beforeFinalNewline = false
  const length = text.length
  for (let i = 0; i < length;) {
    const code = text.codePointAt(i) as number
    const width = code > 0xffff ? 2 : 1
    // one UTF-16 unit: V8 hands out single-character strings from a table, no allocation
    const ch = width === 1 ? (text[i] as string) : String.fromCodePoint(code)
    if (code === 0x0a && i + width === length) beforeFinalNewline = current[size] === 1
    next.fill(0)
    let alive = false
    for (let state = 0; state < size; state++) {
      if (current[state] !== 1) continue
      const step = steps[state] as Step
      let target = -1
      switch (step.kind) {
        case 'char':
          if (step.char === ch) target = state + 1
          break
        case 'any':
          if (code !== 0x2f) target = state + 1
          break
        case 'class':
          if (step.regex.test(ch)) target = state + 1
          break
        case 'star':
          if (code !== 0x2f) target = state
          break
        case 'globstar':
          // `.` in Python's re does not match a newline.
          if (code !== 0x0a) target = state
          break
      }
      if (target >= 0) {
        enter(steps, next, target)
        alive = true
      }
    }
    if (!alive) return beforeFinalNewline
    const swap = current
    current = next
    next = swap
    i += width
  }
  return current[size] === 1 || beforeFinalNewline
}

/** Mark `state` reachable, and the states after it while star steps may match nothing. */
function enter(steps: Step[], states: Uint8Array, state: number): void {
  for (let at = state; at < states.length; at++) {
    states[at] = 1
    const kind = steps[at]?.kind
    if (kind !== 'star' && kind !== 'globstar') return
  }
}

/**
 * A RegExp whose `test` and `exec` run the linear glob matcher: conf.py comes from untrusted
 * patches, and `*a*a*a*…` as a backtracking regex takes exponential time on a long near-miss.
 * `source` is Sphinx's regex, for display.
 */
/** Paths a compiled pattern remembers its answer for. */
const MEMO_LIMIT = 100_000

class GlobRegExp extends RegExp {
  readonly #steps: Step[] | undefined
  /** The characters every match starts with (the leading literal steps). */
  readonly #prefix: string
  /** The characters every match ends with (the trailing literal steps), if not all literal. */
  readonly #suffix: string
  /** Set when the whole pattern is literal: then a match is equality. */
  readonly #literal: string | undefined
  /** Answers so far, by path (bounded). */
  readonly #memo = new Map<string, boolean>()

  constructor(source: string, steps: Step[] | undefined) {
    super(source, 'u')
    this.#steps = steps
    let prefix = ''
    let count = 0
    for (const step of steps ?? []) {
      if (step.kind !== 'char') break
      prefix += step.char
      count++
    }
    this.#prefix = prefix
    this.#literal = steps !== undefined && count === steps.length ? prefix : undefined
    let suffix = ''
    for (let at = (steps ?? []).length - 1; at >= count; at--) {
      const step = steps?.[at]
      if (step?.kind !== 'char') break
      suffix = step.char + suffix
    }
    this.#suffix = suffix
  }

  override test(value: string): boolean {
    if (this.#steps === undefined) return false
    const text = String(value)
    // Every discovered path meets every pattern: settle the common cases without the matcher.
    if (this.#literal !== undefined) {
      return text === this.#literal || text === `${this.#literal}\n`
    }
    if (!text.startsWith(this.#prefix)) return false
    // (`$` also matches before a final newline)
    const suffix = this.#suffix
    if (suffix !== '' && !text.endsWith(suffix) && !text.endsWith(`${suffix}\n`)) return false
    // A series of patches asks the same paths again for every patch.
    let known = this.#memo.get(text)
    if (known === undefined) {
      known = matchSteps(this.#steps, text)
      if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear()
      this.#memo.set(text, known)
    }
    return known
  }

  override exec(text: string): RegExpExecArray | null {
    const input = String(text)
    if (!this.test(input)) return null
    return Object.assign([input], {
      index: 0,
      input,
      groups: undefined
    }) as unknown as RegExpExecArray
  }

  static override get [Symbol.species](): RegExpConstructor {
    return RegExp
  }
}

/**
 * Compile a glob to a RegExp matched against the whole path (Sphinx uses `re.match` plus `$`).
 * A pattern Python's `re` would reject (a reversed range such as `[z-a]`) matches nothing.
 */
export function compilePattern(glob: string): RegExp {
  let regex = cache.get(glob)
  if (regex === undefined) {
    const steps = compileSteps(glob)
    let source = NEVER.source
    if (steps !== undefined) {
      try {
        source = new RegExp(`^(?:${translatePattern(glob)})$`, 'u').source
      } catch {
        source = NEVER.source
      }
    }
    regex = new GlobRegExp(source, steps)
    if (cache.size > 10_000) cache.clear()
    cache.set(glob, regex)
  }
  return regex
}

/** Whether any of the globs matches the path. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => compilePattern(glob).test(path))
}

/**
 * Sphinx's `Matcher`: the globs plus, for each one starting with `**` + `/`, the same glob without
 * that prefix, so a root-level file matches too.
 */
export function matcherPatterns(globs: readonly string[]): string[] {
  return [...globs, ...globs.filter((glob) => glob.startsWith('**/')).map((glob) => glob.slice(3))]
}

/** Whether `Matcher(globs)` matches the path. */
export function matcherMatches(path: string, globs: readonly string[]): boolean {
  return matchesAny(path, matcherPatterns(globs))
}

/**
 * Whether the toctree classification calls a path (relative to the source folder, with suffix)
 * "excluded": only `exclude_patterns` count, through `Matcher` (docs/sphinx-semantics.md §3.4).
 */
export function isExcludedPath(project: SphinxProject, path: string): boolean {
  return matcherMatches(path, project.excludePatterns)
}

/** Everything discovery prunes with: exclude_patterns, templates, asset paths, built-ins. */
export function discoveryExcludes(project: SphinxProject): string[] {
  return [
    ...project.excludePatterns,
    ...project.templatesPath,
    ...project.htmlExtraPath,
    ...project.htmlStaticPath,
    ...EXCLUDE_PATHS
  ]
}
