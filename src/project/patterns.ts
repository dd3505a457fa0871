/**
 * Sphinx's glob patterns (`exclude_patterns`, `include_patterns`, toctree `:glob:`), translated
 * exactly as `sphinx/util/matching.py` `_translate_pattern` does (sphinx-semantics.md §1.2).
 */
import type {SphinxProject} from './types.js'

/** Sphinx's built-in exclusions (`sphinx/project.py` EXCLUDE_PATHS). */
export const EXCLUDE_PATHS = ['**/_sources', '.#*', '**/.#*', '*.lproj/**']

const NEVER = /(?!)/u
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/'])
const cache = new Map<string, RegExp>()

/** The regex source Sphinx builds for a glob (JavaScript syntax), without anchors. */
export function translatePattern(glob: string): string {
  let out = ''
  const n = glob.length
  let i = 0
  while (i < n) {
    const c = glob[i] as string
    i += 1
    if (c === '*') {
      if (i < n && glob[i] === '*') {
        i += 1
        out += '.*'
      } else {
        out += '[^/]*'
      }
    } else if (c === '?') {
      out += '[^/]'
    } else if (c === '[') {
      let j = i
      if (j < n && glob[j] === '!') j += 1
      if (j < n && glob[j] === ']') j += 1
      while (j < n && glob[j] !== ']') j += 1
      if (j >= n) {
        out += '\\['
      } else {
        out += `[${translateClass(glob.slice(i, j))}]`
        i = j + 1
      }
    } else {
      out += escapeChar(c)
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

/**
 * Compile a glob to a RegExp matched against the whole path (Sphinx uses `re.match` plus `$`).
 * A pattern Python's `re` would reject (a reversed range such as `[z-a]`) matches nothing.
 */
export function compilePattern(glob: string): RegExp {
  let regex = cache.get(glob)
  if (regex === undefined) {
    try {
      regex = new RegExp(`^(?:${translatePattern(glob)})$`, 'u')
    } catch {
      regex = NEVER
    }
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
 * "excluded": only `exclude_patterns` count, through `Matcher` (sphinx-semantics.md §3.4).
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
