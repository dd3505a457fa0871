/** Find the Sphinx source folder and read what the project is from conf.py and doclint config. */
import type {DoclintConfig} from '../config/types.js'
import type {FileTree} from '../tree/types.js'
import {readConfPy, type ConfPyResult} from './confpy.js'
import {cleanDir, join} from './find.js'
import type {PyValue, SphinxProject, Unresolved} from './types.js'

export {findSourceDir, SOURCE_DIR_CANDIDATES} from './find.js'

/**
 * The largest conf.py read: 1 MiB, 50 times the largest of Open vSwitch, OVN, DPDK, FRR, Ansible
 * and the PEPs (19 KB, DPDK's). Reading costs about half a second per megabyte of assignments.
 */
const CONF_PY_MAX_BYTES = 1024 * 1024

/** conf.py names loadProject reads; unresolved ones among these are kept. */
export const RELEVANT_CONF_NAMES = [
  'root_doc',
  'master_doc',
  'source_suffix',
  'exclude_patterns',
  'include_patterns',
  'templates_path',
  'html_static_path',
  'html_extra_path',
  'extensions',
  'numfig',
  'default_role',
  'rst_prolog',
  'rst_epilog',
  'language',
  'myst_heading_anchors',
  'man_pages'
]

const MARKDOWN_EXTENSIONS = ['myst_parser', 'myst_nb']

/** Sphinx's defaults, used without conf.py and for whatever conf.py does not set. */
export function defaultProject(srcdir: string): SphinxProject {
  return {
    srcdir: cleanDir(srcdir),
    rootDoc: 'index',
    sourceSuffix: [['.rst', 'restructuredtext']],
    excludePatterns: [],
    includePatterns: ['**'],
    templatesPath: [],
    htmlStaticPath: [],
    htmlExtraPath: [],
    extensions: [],
    numfig: false,
    mystHeadingAnchors: 0,
    conf: new Map(),
    confLines: new Map(),
    unresolved: []
  }
}

/**
 * The project for a source folder: conf.py read statically (never executed), Sphinx's defaults for
 * what it does not set, then `config.sphinx` overrides.
 */
export async function loadProject(
  tree: FileTree,
  srcdir: string,
  config: DoclintConfig
): Promise<SphinxProject> {
  const project = defaultProject(srcdir)
  const version = config.sphinx.version
  project.sphinxVersion = version
  const confPath = join(project.srcdir, 'conf.py')
  // Suffixes given as a str or list have no file type yet; an extension may claim them.
  let untyped = new Set(['.rst'])
  const bytes = await tree.read(confPath)
  if (bytes === undefined && config.sphinx.tags !== undefined)
    project.tags = [...config.sphinx.tags]
  if (bytes !== undefined && bytes.length > CONF_PY_MAX_BYTES) {
    project.confPath = confPath
    project.notes = [
      {
        path: confPath,
        message: `conf.py is ${bytes.length} bytes, more than ${CONF_PY_MAX_BYTES}; not read (Sphinx's defaults are used)`
      }
    ]
  } else if (bytes !== undefined) {
    project.confPath = confPath
    const text = new TextDecoder('utf-8', {fatal: false}).decode(bytes).replace(/^\uFEFF/, '')
    const conf = readConfPy(text, {
      ...(config.sphinx.tags === undefined ? {} : {tags: config.sphinx.tags}),
      // the oldest Python each Sphinx runs on: 5.3 needs 3.6, 8 needs 3.10
      pythonMinor: version === '5.3' ? 6 : 10
    })
    untyped = applyConf(project, conf, version)
    undecidedPatterns(project, conf, confPath)
    placeProlog(project, text)
    if (conf.tags !== undefined) project.tags = conf.tags
    if (conf.writes.length > 0) project.confWrites = conf.writes
    if (conf.objectTypes !== undefined && conf.objectTypes.length > 0)
      project.objectTypes = conf.objectTypes
  }
  applyOverrides(project, config, untyped)
  return project
}

class Reader {
  readonly unresolved: Unresolved[] = []
  constructor(readonly conf: ConfPyResult) {}

  line(name: string): number {
    return this.conf.lines.get(name) ?? 0
  }

  has(name: string): boolean {
    return this.conf.values.has(name)
  }

  #wrongType(name: string, expected: string): undefined {
    this.unresolved.push({name, line: this.line(name), reason: `expected ${expected}`})
    return undefined
  }

  string(name: string): string | undefined {
    const value = this.conf.values.get(name)
    if (value === undefined || value === null) return undefined
    return typeof value === 'string' ? value : this.#wrongType(name, 'a string')
  }

  stringList(name: string): string[] | undefined {
    const value = this.conf.values.get(name)
    if (value === undefined) return undefined
    const items = sequence(value)
    if (items === undefined || items.some((item) => typeof item !== 'string')) {
      return this.#wrongType(name, 'a list of strings')
    }
    return items as string[]
  }

  boolean(name: string): boolean | undefined {
    const value = this.conf.values.get(name)
    if (value === undefined) return undefined
    // Sphinx only tests truthiness of these flags.
    return truthy(value)
  }

  number(name: string): number | undefined {
    const value = this.conf.values.get(name)
    if (value === undefined || value === null) return undefined
    if (typeof value === 'boolean') return value ? 1 : 0
    return typeof value === 'number' ? value : this.#wrongType(name, 'a number')
  }
}

function sequence(value: PyValue): PyValue[] | undefined {
  if (Array.isArray(value)) return value
  if (value !== null && typeof value === 'object' && value.kind === 'tuple') return value.items
  return undefined
}

function truthy(value: PyValue): boolean {
  if (value === null || value === false || value === 0 || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object')
    return value.kind === 'tuple' ? value.items.length > 0 : value.entries.length > 0
  return true
}

/** Apply conf.py values; returns the suffixes given without a file type. */
function applyConf(project: SphinxProject, conf: ConfPyResult, version: '8' | '5.3'): Set<string> {
  let untyped = new Set(['.rst'])
  const read = new Reader(conf)
  project.conf = conf.values
  project.confLines = conf.lines
  if (conf.conditional.size > 0) project.conditional = conf.conditional

  const rootDoc = read.string('root_doc')
  const masterDoc = read.string('master_doc')
  if (version === '5.3') {
    // 5.3: root_doc, when set, wins; its default is master_doc's value.
    project.rootDoc = rootDoc ?? masterDoc ?? 'index'
  } else if (rootDoc !== undefined && masterDoc !== undefined) {
    // 8: the two are aliases, so the later assignment wins.
    project.rootDoc = read.line('root_doc') >= read.line('master_doc') ? rootDoc : masterDoc
  } else {
    project.rootDoc = rootDoc ?? masterDoc ?? 'index'
  }

  const suffix = conf.values.get('source_suffix')
  if (suffix !== undefined) {
    const parsed = parseSourceSuffix(suffix)
    if (parsed === undefined) {
      read.unresolved.push({
        name: 'source_suffix',
        line: read.line('source_suffix'),
        reason: 'expected a string, a list of strings or a dict'
      })
    } else {
      project.sourceSuffix = parsed
      untyped = new Set(
        typeof suffix === 'string'
          ? [suffix]
          : sequence(suffix) !== undefined
            ? parsed.map(([key]) => key)
            : untypedDictKeys(suffix)
      )
    }
  }
  project.excludePatterns = read.stringList('exclude_patterns') ?? project.excludePatterns
  project.includePatterns = read.stringList('include_patterns') ?? project.includePatterns
  project.templatesPath = read.stringList('templates_path') ?? project.templatesPath
  project.htmlStaticPath = read.stringList('html_static_path') ?? project.htmlStaticPath
  project.htmlExtraPath = read.stringList('html_extra_path') ?? project.htmlExtraPath
  project.extensions = read.stringList('extensions') ?? project.extensions
  project.numfig = read.boolean('numfig') ?? project.numfig
  const defaultRole = read.string('default_role')
  if (defaultRole !== undefined) project.defaultRole = defaultRole
  const prolog = read.string('rst_prolog')
  if (prolog !== undefined) project.rstProlog = prolog
  const epilog = read.string('rst_epilog')
  if (epilog !== undefined) project.rstEpilog = epilog
  const language = read.string('language')
  if (language !== undefined) project.language = language
  project.mystHeadingAnchors = read.number('myst_heading_anchors') ?? project.mystHeadingAnchors

  const manPages = conf.values.get('man_pages')
  if (manPages !== undefined) {
    const entries = readManPages(manPages, conf, read.line('man_pages'))
    if (entries === undefined) {
      read.unresolved.push({
        name: 'man_pages',
        line: read.line('man_pages'),
        reason: 'expected a list of (docname, name, description, authors, section) tuples'
      })
    } else project.manPages = entries
  }

  const relevant = new Set(RELEVANT_CONF_NAMES)
  // A value chosen from one branch of an undecidable `if`/`try` is used, but said to be a guess.
  const conditional: Unresolved[] = [...conf.conditional]
    .filter(([name]) => relevant.has(name) && conf.values.has(name))
    .map(([name, line]) => ({
      name,
      line,
      reason:
        name === 'exclude_patterns' || name === 'include_patterns'
          ? 'set under a condition doclint cannot decide; what every branch leaves in is checked'
          : 'set under a condition doclint cannot decide; the first branch was used'
    }))
  project.unresolved = [
    ...conf.unresolved.filter(
      (item) => relevant.has(item.name) || item.name === '' || item.name === '*'
    ),
    ...read.unresolved,
    ...conditional
  ].sort((a, b) => a.line - b.line)
  return untyped
}

/**
 * `exclude_patterns` / `include_patterns` set under a condition conf.py cannot decide (a `try`
 * around a third-party import, an environment variable): a document is left out only when every
 * way through the branches leaves it out, so no build's document goes unchecked. Said on stderr
 * and in the JSON summary.
 */
function undecidedPatterns(project: SphinxProject, conf: ConfPyResult, confPath: string): void {
  const settings = [
    {name: 'exclude_patterns', fallback: [] as string[], everything: [] as string[], common: true},
    {name: 'include_patterns', fallback: ['**'], everything: ['**'], common: false}
  ]
  for (const {name, fallback, everything, common} of settings) {
    const line = conf.conditional.get(name)
    if (line === undefined) continue
    const ways = (conf.alternatives.get(name) ?? [{unknown: ''}]).map((way) =>
      'unset' in way ? fallback : 'value' in way ? stringItems(way.value) : undefined
    )
    let patterns: string[]
    if (ways.some((way) => way === undefined)) patterns = everything
    else if (common) {
      const [first = [], ...rest] = ways as string[][]
      patterns = first.filter((pattern) => rest.every((way) => way.includes(pattern)))
    } else patterns = [...new Set((ways as string[][]).flat())]
    if (name === 'exclude_patterns') project.excludePatterns = patterns
    else project.includePatterns = patterns
    const what =
      name === 'exclude_patterns'
        ? 'documents excluded only in some builds are checked'
        : 'documents included in any build are checked'
    ;(project.notes ??= []).push({
      path: confPath,
      message: `\`${name}\` (line ${line}) depends on a condition doclint cannot decide (unknown); ${what}`
    })
  }
}

/** Where rst_prolog and rst_epilog sit in conf.py's text (SphinxProject.prologAt). */
function placeProlog(project: SphinxProject, conf: string): void {
  const lines = conf.split(/\r?\n/)
  for (const [name, text] of [
    ['rst_prolog', project.rstProlog],
    ['rst_epilog', project.rstEpilog]
  ] as const) {
    const line = project.confLines.get(name)
    if (text === undefined || line === undefined || line < 1) continue
    const own = text.split('\n')
    // the text's first line ends the assignment's line, the others are conf.py's next lines
    const exact =
      (lines[line - 1] ?? '').endsWith(own[0] ?? '') &&
      own.slice(1).every((item, index) =>
        // the last line goes on with the closing quotes
        index === own.length - 2
          ? (lines[line + index] ?? '').startsWith(item)
          : lines[line + index] === item
      )
    ;(project.prologAt ??= {})[name] = {line, exact}
  }
}

function stringItems(value: PyValue): string[] | undefined {
  const items = sequence(value)
  return items?.every((item) => typeof item === 'string') ? (items as string[]) : undefined
}

/** `source_suffix` in any of its forms, as ordered `[suffix, parser]` pairs. */
export function parseSourceSuffix(value: PyValue): [string, string][] | undefined {
  if (typeof value === 'string') return [[value, 'restructuredtext']]
  const items = sequence(value)
  if (items !== undefined) {
    if (items.some((item) => typeof item !== 'string')) return undefined
    return dedupeSuffixes((items as string[]).map((item) => [item, 'restructuredtext']))
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    value.kind === 'dict'
  ) {
    const pairs: [string, string][] = []
    for (const [key, parser] of value.entries) {
      if (typeof key !== 'string') return undefined
      if (parser !== null && typeof parser !== 'string') return undefined
      pairs.push([key, parser ?? 'restructuredtext'])
    }
    return dedupeSuffixes(pairs)
  }
  return undefined
}

function untypedDictKeys(value: PyValue): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value.kind !== 'dict')
    return []
  return value.entries.flatMap(([key, parser]) =>
    typeof key === 'string' && parser === null ? [key] : []
  )
}

function dedupeSuffixes(pairs: [string, string][]): [string, string][] {
  // A dict keeps the first position of a key and its last value, like Python's dict().
  const order = new Map<string, string>()
  for (const [suffix, parser] of pairs) order.set(suffix, parser)
  return [...order]
}

function readManPages(
  value: PyValue,
  conf: ConfPyResult,
  fallbackLine: number
): SphinxProject['manPages'] | undefined {
  const items = sequence(value)
  if (items === undefined) return undefined
  const entries: NonNullable<SphinxProject['manPages']> = []
  for (const item of items) {
    const fields = sequence(item)
    if (fields === undefined || fields.length < 5) return undefined
    const [docname, name, , , section] = fields
    if (typeof docname !== 'string' || typeof name !== 'string') return undefined
    if (typeof section !== 'string' && typeof section !== 'number') return undefined
    entries.push({docname, name, section, line: conf.lineOf(item) ?? fallbackLine})
  }
  return entries
}

function applyOverrides(project: SphinxProject, config: DoclintConfig, untyped: Set<string>): void {
  const sphinx = config.sphinx
  const overridden = new Set<string>()
  if (sphinx.rootDoc !== undefined) {
    project.rootDoc = sphinx.rootDoc
    overridden.add('root_doc').add('master_doc')
  }
  if (sphinx.sourceSuffix !== undefined) {
    project.sourceSuffix = Object.entries(sphinx.sourceSuffix)
    overridden.add('source_suffix')
  }
  if (sphinx.excludePatterns !== undefined) {
    project.excludePatterns = [...sphinx.excludePatterns]
    overridden.add('exclude_patterns')
  }
  if (sphinx.includePatterns !== undefined) {
    project.includePatterns = [...sphinx.includePatterns]
    overridden.add('include_patterns')
  }
  if (sphinx.extensions !== undefined) {
    project.extensions = [...sphinx.extensions]
    overridden.add('extensions')
  }
  if (sphinx.defaultRole !== undefined) {
    project.defaultRole = sphinx.defaultRole
    overridden.add('default_role')
  }
  if (sphinx.numfig !== undefined) {
    project.numfig = sphinx.numfig
    overridden.add('numfig')
  }
  if (sphinx.mystHeadingAnchors !== undefined) {
    project.mystHeadingAnchors = sphinx.mystHeadingAnchors
    overridden.add('myst_heading_anchors')
  }
  // MyST registers `.md` as markdown: appended after the configured suffixes, or giving a file
  // type to a `.md` listed without one (Sphinx's merge_source_suffix).
  if (
    sphinx.sourceSuffix === undefined &&
    project.extensions.some((name) => MARKDOWN_EXTENSIONS.includes(name))
  ) {
    const index = project.sourceSuffix.findIndex(([suffix]) => suffix === '.md')
    if (index === -1) project.sourceSuffix = [...project.sourceSuffix, ['.md', 'markdown']]
    else if (untyped.has('.md')) project.sourceSuffix[index] = ['.md', 'markdown']
  }
  project.unresolved = project.unresolved.filter((item) => !overridden.has(item.name))
  if (project.notes !== undefined) {
    project.notes = project.notes.filter(
      (note) => ![...overridden].some((name) => note.message.startsWith(`\`${name}\``))
    )
    if (project.notes.length === 0) delete project.notes
  }
}
