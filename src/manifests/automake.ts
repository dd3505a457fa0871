/**
 * Automake/Make reader: enough of GNU make's reading phase to list the words of a variable, each
 * with the place it was written (through `$(VAR)` expansion and the common list functions).
 * Recipes are skipped; every branch of a conditional counts. The steps live in automake/:
 * parse (statements of one file), include (which files an `include` names), evaluate (the
 * statements in order into variables), expand (`$(VAR)` and functions, with origins).
 */
import type {FileTree} from '../tree/types.js'
import type {ManifestEntry, TreeReuse} from './types.js'
import {wordLocation, wordSpans} from './expansion.js'
import {hasMagic} from './glob.js'
import {dirname, lineStarts, rangeAt} from './text.js'
import {evaluate, type AutomakeAssignment} from './automake/evaluate.js'
import {BUILD_MARK, Expander, resolveWord, type Context} from './automake/expand.js'
import type {AutomakeProblem, ParsedAutomake} from './automake/parse.js'

export {parseAutomake} from './automake/parse.js'
export type {
  AutomakeOperator,
  AutomakeProblem,
  AutomakeStatement,
  ParsedAutomake
} from './automake/parse.js'
export type {AutomakeAssignment} from './automake/evaluate.js'

/** What `readAutomake` found. */
export interface AutomakeResult {
  /** The Makefile.am (or fragment) reading started from. */
  entry: string
  /** The folder words are relative to (the top-level Makefile.am's). */
  base: string
  /** Build files read, in reading order. */
  files: string[]
  /** Their texts, for fixes. */
  sources: Map<string, string>
  /** Every assigned variable with its assignments, in order. */
  variables: Map<string, AutomakeAssignment[]>
  problems: AutomakeProblem[]
  /** Rule targets (tree paths): files the build makes. */
  targets: Set<string>
  /**
   * The words of a variable as file names (`path` is the last component): for lists of build
   * output such as installed man pages (`man8 += $(MANBUILD)/frr-bgpd.8`).
   */
  fileNames(variable: string): ManifestEntry[]
  /**
   * The function (`shell`, `call`, …) that makes a variable's words unknowable statically, in its
   * value or a value it references; undefined when every word is known.
   */
  unevaluated(variable: string): string | undefined
  /** A variable's value as written (its assignments joined), unexpanded. */
  raw(variable: string): string
  /** The words of a variable after expansion, as entries (paths relative to the tree root). */
  entries(variable: string): ManifestEntry[]
  /**
   * Whether the variable's value, or a variable it references, contains `needle` as written (or
   * something that cannot be followed statically): a cheap test before expanding it.
   */
  mayMention(variable: string, needle: string): boolean
}

/** Functions whose words only running make would know. */
const OPAQUE_CALL = /\$[({](shell|call|value|file|guile|eval)[ \t]/

/**
 * Read a Makefile.am (following `include`) or a fragment (through the top-level Makefile.am
 * when that includes it, else alone, unless `alone` is set), and expose its variables' words as
 * manifest entries. Words are relative to `base` (default: the entry file's folder when it is
 * a Makefile.am, else the tree root: automake fragments are written relative to the Makefile.am
 * that includes them). Never throws on bad input; unreadable includes become problems.
 */
export async function readAutomake(
  tree: FileTree,
  entryFile: string,
  options: {
    base?: string
    alone?: boolean
    reuse?: TreeReuse
    top?: string
    prerequisites?: boolean
  } = {}
): Promise<AutomakeResult> {
  if (!options.alone && options.base === undefined && entryFile !== 'Makefile.am') {
    // A fragment means what the top-level Makefile.am that includes it makes of it.
    if (await tree.exists('Makefile.am')) {
      const top = await readAutomake(tree, 'Makefile.am', {...options, alone: true})
      if (top.files.includes(entryFile)) return top
    }
  }
  const base =
    options.base ??
    (entryFile.endsWith('Makefile.am') || entryFile === 'Makefile.am' ? dirname(entryFile) : '')
  // `$(top_srcdir)`: the build's top folder (several projects under one tree each have theirs).
  const top = options.top ?? ''
  const prerequisites = options.prerequisites === true
  if (!options.reuse) return readFrom(tree, entryFile, base, top, prerequisites)
  return options.reuse(
    `automake\u0000${entryFile}\u0000${base}\u0000${top}\u0000${prerequisites}`,
    tree,
    (recorded) => readFrom(recorded, entryFile, base, top, prerequisites)
  )
}

/**
 * Read `entryFile` and what it includes, words relative to `base` (rules' prerequisites as lists
 * too when `prerequisites` is set).
 */
async function readFrom(
  tree: FileTree,
  entryFile: string,
  base: string,
  top: string,
  prerequisites: boolean
): Promise<AutomakeResult> {
  const context: Context = {
    prerequisites,
    names: [],
    nameIndex: new Map(),
    files: [],
    conditionSets: [[]],
    conditionIndex: new Map([['', 0]]),
    listing: new Map(),
    misses: new Set(),
    targets: new Set(),
    base,
    top,
    readChars: 0
  }
  const parsedFiles = new Map<string, ParsedAutomake | undefined>()
  let expander = new Expander(context)
  let variables = new Map<string, AutomakeAssignment[]>()
  let problems: AutomakeProblem[] = []
  let order: string[] = []
  // `$(wildcard)` needs folder listings; load what the last pass missed and read again.
  for (let pass = 0; pass < 4; pass++) {
    expander = new Expander(context)
    variables = new Map()
    problems = []
    order = []
    context.misses.clear()
    await evaluate(
      tree,
      entryFile,
      base,
      context,
      expander,
      parsedFiles,
      variables,
      problems,
      order
    )
    // Only `$(wildcard)` needs listings: without one, the first reading is the last.
    const wildcards = [...parsedFiles.values()].some((parsed) => parsed?.text.includes('wildcard'))
    if (!wildcards) break
    for (const name of variables.keys()) expander.expandVariable(name)
    if (context.misses.size === 0) break
    for (const folder of context.misses) {
      context.listing.set(folder, await tree.list(folder === '' ? undefined : folder))
    }
  }
  const sources = new Map<string, string>()
  const starts = new Map<string, number[]>()
  for (const file of order) {
    const parsed = parsedFiles.get(file)
    if (!parsed) continue
    sources.set(file, parsed.text)
    starts.set(file, lineStarts(parsed.text))
  }
  const memo = new Map<string, ManifestEntry[]>()
  const fileNames = (variable: string): ManifestEntry[] => computeEntries(variable, true)
  const entries = (variable: string): ManifestEntry[] => {
    let known = memo.get(variable)
    if (!known) {
      known = computeEntries(variable)
      memo.set(variable, known)
    }
    return [...known]
  }
  const computeEntries = (variable: string, names = false): ManifestEntry[] => {
    if (!expander.variables.has(variable)) return []
    const expanded = expander.expandVariable(variable)
    if (expander.capped) {
      // An incomplete list would make every file it misses look unlisted: use none of it.
      const place = variables.get(variable)?.[0]
      problems.push({
        file: place?.file ?? entryFile,
        line: place?.range.start.line ?? 1,
        message: `\`${variable}\` is too large or nested too deeply to expand`
      })
      return []
    }
    const result: ManifestEntry[] = []
    for (const [from, to] of wordSpans(expanded.text)) {
      const word = expanded.text.slice(from, to)
      // Installed man pages are build output (`$(MANBUILD)/frr-bgpd.8`): named by file name.
      const resolved = names
        ? {path: word.slice(word.lastIndexOf('/') + 1), written: word}
        : resolveWord(word, base, top)
      if (!resolved || (!names && word.includes(BUILD_MARK)) || resolved.path === '') continue
      // A file name is where its own characters are written, not its folder's variable.
      const location = wordLocation(expanded, names ? from + word.lastIndexOf('/') + 1 : from, to)
      if (!location) continue
      const file = context.files[location.file] ?? entryFile
      const text = sources.get(file) ?? ''
      const lines = starts.get(file) ?? [0]
      const written = text.slice(location.start, location.end)
      const entry: ManifestEntry = {
        path: resolved.path,
        word: written,
        file,
        range: rangeAt(lines, location.start, location.end),
        variable: context.names[location.variable] ?? variable,
        // Removable on its own: a whole word of the variable it is written in.
        exact:
          !location.synthetic &&
          !/\s/.test(written) &&
          /^[\s=]?$/.test(text.slice(location.start - 1, location.start)) &&
          /^[\s\\#]?$/.test(text.slice(location.end, location.end + 1))
      }
      const conditions = context.conditionSets[location.condition] ?? []
      if (conditions.length > 0) entry.conditions = conditions
      // `EXTRA_DIST = doc/*.rst`: the shell of `make dist` expands it; it lists what it matches.
      if (hasMagic(resolved.written)) entry.glob = true
      result.push(entry)
    }
    return result
  }
  const mentions = new Map<string, boolean>()
  const mayMention = (variable: string, needle: string): boolean => {
    const key = `${variable}\u0000${needle}`
    const known = mentions.get(key)
    if (known !== undefined) return known
    // Provisionally false: a reference cycle adds nothing.
    mentions.set(key, false)
    const raw = (expander.variables.get(variable)?.parts ?? []).map((part) => part.text).join(' ')
    let result = raw.includes(needle) || raw.includes('wildcard') || raw.includes('$(foreach')
    if (!result) {
      for (const match of raw.matchAll(/\$[({]([^\s:(){}$,]+)[:)}]/g)) {
        if (mayMention(match[1] ?? '', needle)) {
          result = true
          break
        }
      }
    }
    // Computed names (`$($(X)_FILES)`) cannot be followed: assume they may.
    if (!result && /\$[({][^)}]*\$/.test(raw)) result = true
    mentions.set(key, result)
    return result
  }
  const opaque = new Map<string, string | undefined>()
  const unevaluated = (variable: string): string | undefined => {
    if (opaque.has(variable)) return opaque.get(variable)
    // Provisionally evaluated: a reference cycle adds nothing.
    opaque.set(variable, undefined)
    const raw = (expander.variables.get(variable)?.parts ?? []).map((part) => part.text).join(' ')
    let found = OPAQUE_CALL.exec(raw)?.[1]
    if (found === undefined) {
      for (const match of raw.matchAll(/\$[({]([^\s:(){}$,]+)[:)}]/g)) {
        found = unevaluated(match[1] ?? '')
        if (found !== undefined) break
      }
    }
    opaque.set(variable, found)
    return found
  }
  const result: AutomakeResult = {
    entry: entryFile,
    base,
    files: order,
    sources,
    variables,
    problems,
    targets: context.targets,
    fileNames,
    unevaluated,
    raw: (variable) =>
      (expander.variables.get(variable)?.parts ?? []).map((part) => part.text).join(' '),
    entries,
    mayMention
  }
  return result
}
