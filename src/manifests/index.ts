/**
 * Manifest detection: find the build files that list a Sphinx tree's files (automake, meson),
 * pick the variables that are documentation lists, decide what each must cover, and add the
 * man page lists (automake `RST_MANPAGES`, conf.py `man_pages`) that must agree.
 */
import type {DoclintConfig, ManifestConfig} from '../config/types.js'
import {WHOLE_FILE, type Range} from '../diagnostic.js'
import {isExcludedPath} from '../project/patterns.js'
import type {SphinxProject} from '../project/types.js'
import type {FileTree} from '../tree/types.js'
import {readAutomake, type AutomakeResult} from './automake.js'
import {matchAny, matchGlob} from './glob.js'
import {readMeson, type MesonResult} from './meson.js'
import {readManifestIn, type ManifestInResult} from './manifest-in.js'
import {decodeText, dirname, extension, joinPath, lineStarts, rangeAt, relativeTo} from './text.js'
import type {
  ManifestEntry,
  ManifestList,
  ManifestProblem,
  ManifestSet,
  ManPageLists,
  TreeReuse
} from './types.js'
import {pushAll} from '../arrays.js'

export {readAutomake, parseAutomake} from './automake.js'
export type {AutomakeResult} from './automake.js'
export {readMeson, parseMeson} from './meson.js'
export {readManifestIn} from './manifest-in.js'
export type {ManifestInResult} from './manifest-in.js'
export type {MesonResult} from './meson.js'

/** Image kinds a documentation list is expected to cover wherever it lists one. */
const IMAGE_KINDS = new Set(['.png', '.svg', '.jpg', '.jpeg', '.gif', '.webp', '.dia', '.pdf'])

/**
 * Variables naming files the build makes or removes (`BUILT_SOURCES`, `CLEANFILES`, `nodist_`
 * lists): never documentation lists, and their words are generated files, not missing ones.
 */
const GENERATED_VARIABLE =
  /^(?:BUILT_SOURCES|(?:MOSTLY|DIST|MAINTAINER)?CLEANFILES|nodist_\w+|SUFFIXES)$/

/** Variables automake distributes or installs (`EXTRA_DIST`, `dist_doc_DATA`, `man_MANS`). */
const DIST_VARIABLE = /(?:_DIST|_DATA|_MANS)$/

/** Variables of man pages automake installs (`man8`, `man_MANS`, `dist_man1_MANS`). */
const MAN_INSTALL = /^(?:(?:dist|nodist|notrans|nobase)_)*man(?:[1-9n]|[1-9n]?_MANS)$/

/** Man page list variables (Open vSwitch, OVN): compared with conf.py, not checked alone. */
const MAN_PAGE_VARIABLE = /MANPAGES/i

/**
 * A plain Makefile's man page lists (`MAN8_RST`, `MAN_RST`, `MANPAGES`, not `MANUAL`): a
 * selection of the folder's documents, compared with conf.py `man_pages`, never a list the
 * folder must match.
 */
const PLAIN_MAN_VARIABLE = /(?:^|_)MAN(?:[1-9n]|PAGES?|_|$)/i

/**
 * A plain Makefile's lists of what the build makes, removes or writes to (`CLEAN_FILES`,
 * `OUTDIR`, `GENERATED`): never documentation lists.
 */
const PLAIN_OUTPUT_VARIABLE =
  /(?:^|_)(?:(?:DIST|MOSTLY)?CLEAN|GENERATED|GEN|BUILT|BUILD|OUT(?:PUT)?|OUTDIR|DEST(?:DIR)?|TARGETS?)(?:_|$|FILES$|S$)/i

/** GNU make's own names for a folder's makefile, in the order make looks for them. */
const PLAIN_MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile']

/**
 * `automake` reads Makefile.am and its fragments; `make`, a plain Makefile (same syntax, read by
 * the same reader; no automake variable has a meaning there).
 */
type Reader = {
  kind: 'automake' | 'make' | 'meson'
  result: AutomakeResult | MesonResult
}

/** Whether a reader reads make syntax (automake or a plain Makefile). */
function makeSyntax(reader: Reader): boolean {
  return reader.kind === 'automake' || reader.kind === 'make'
}

function variablesOf(reader: Reader): string[] {
  return [...reader.result.variables.keys()]
}

/** Where a list is assigned: in the file holding its own first word, else its first assignment. */
function firstAssignment(
  reader: Reader,
  variable: string,
  entries: ManifestEntry[]
): {file: string; range?: Range} {
  const places: {file: string; start: number}[] = reader.result.variables.get(variable) ?? []
  const own = entries.find((entry) => (entry.variable ?? variable) === variable)
  const first =
    places.find(
      (place) =>
        own !== undefined && place.file === own.file && place.start <= own.range.start.offset
    ) ?? places[0]
  if (!first) return {file: reader.result.entry}
  const text = reader.result.sources.get(first.file) ?? ''
  // The variable's name where it is assigned.
  return {
    file: first.file,
    range: rangeAt(lineStarts(text), first.start, first.start + variable.length)
  }
}

function escapeGlob(path: string): string {
  return path.replace(/[*?[\]\\]/g, (char) => `\\${char}`)
}

function inside(srcdir: string, path: string): boolean {
  return srcdir === '' || path.startsWith(`${srcdir}/`)
}

/**
 * What a list covers: in each folder it lists files from, the kinds it lists there, plus the
 * document and image kinds it lists anywhere; a list that lists files in the Sphinx source
 * folder itself covers that folder's documents recursively.
 */
function coversOf(entries: ManifestEntry[], project: SphinxProject): string[] {
  const suffixes = new Set(project.sourceSuffix.map(([suffix]) => suffix.toLowerCase()))
  const byFolder = new Map<string, Set<string>>()
  const global = new Set<string>()
  for (const entry of entries) {
    const kind = extension(entry.path)
    // The Sphinx configuration is not a kind of file the list ships (`conf.py` beside a
    // maintainer's `convert.py`).
    if (kind === '' || entry.path === project.confPath) continue
    const folder = dirname(entry.path)
    const kinds = byFolder.get(folder) ?? new Set<string>()
    kinds.add(kind)
    byFolder.set(folder, kinds)
    if (suffixes.has(kind) || IMAGE_KINDS.has(kind)) global.add(kind)
  }
  const covers = new Set<string>()
  for (const [folder, kinds] of byFolder) {
    for (const kind of new Set([...kinds, ...global])) {
      covers.add(joinPath(escapeGlob(folder), `*${kind}`))
    }
  }
  if (byFolder.has(project.srcdir)) {
    for (const kind of global) {
      if (suffixes.has(kind)) covers.add(joinPath(escapeGlob(project.srcdir), `**/*${kind}`))
    }
  }
  return [...covers].sort()
}

function defaultIgnores(project: SphinxProject): string[] {
  return [joinPath(escapeGlob(project.srcdir), '_build/**')]
}

/** Whether an entry names a file the Sphinx project could hold (a document, conf.py, an asset). */
function isDocumentationEntry(entry: ManifestEntry, project: SphinxProject): boolean {
  const kind = extension(entry.path)
  return project.sourceSuffix.some(([suffix]) => suffix.toLowerCase() === kind)
}

/** Build the lists of one reader: variables whose entries name documents in the source folder. */
function listsOf(reader: Reader, project: SphinxProject, wanted?: ManifestConfig): ManifestList[] {
  const srcdir = project.srcdir
  const candidates: {variable: string; entries: ManifestEntry[]}[] = []
  const names = wanted ? wanted.variables : variablesOf(reader)
  // Words name files relative to the reader's base: a list of this project's files has to
  // spell the way from there to the source folder (`Documentation`), unless they are one.
  const base = makeSyntax(reader) ? (reader.result as AutomakeResult).base : undefined
  const needle = base === undefined ? undefined : relativeTo(base, srcdir)
  for (const variable of names) {
    if (!wanted && makeSyntax(reader) && GENERATED_VARIABLE.test(variable)) continue
    if (!wanted && reader.kind === 'make' && PLAIN_OUTPUT_VARIABLE.test(variable)) continue
    if (!wanted && needle && makeSyntax(reader)) {
      if (!(reader.result as AutomakeResult).mayMention(variable, needle)) continue
    }
    const all = reader.result.entries(variable)
    const entries = wanted ? all : all.filter((entry) => inside(srcdir, entry.path))
    if (!wanted && !entries.some((entry) => isDocumentationEntry(entry, project))) continue
    candidates.push({variable, entries})
  }
  // A list that includes another (`EXTRA_DIST += $(DOC_SOURCE)`) shares its words (same
  // position): each shared word belongs to the list it is written in, else to the smallest one.
  const position = (entry: ManifestEntry): string =>
    `${entry.file}\u0000${entry.range.start.offset}\u0000${entry.path}`
  const owners = new Map<string, number>()
  const direct = candidates.map(
    (candidate) => candidate.entries.filter((entry) => entry.variable === candidate.variable).length
  )
  const better = (a: number, b: number, entry: ManifestEntry): number => {
    const first = candidates[a]
    const second = candidates[b]
    if (!first || !second) return a
    if ((entry.variable === first.variable) !== (entry.variable === second.variable)) {
      return entry.variable === first.variable ? a : b
    }
    if (first.entries.length !== second.entries.length) {
      return first.entries.length < second.entries.length ? a : b
    }
    return (direct[a] ?? 0) >= (direct[b] ?? 0) ? a : b
  }
  candidates.forEach((candidate, index) => {
    for (const entry of candidate.entries) {
      const key = position(entry)
      const owner = owners.get(key)
      owners.set(key, owner === undefined ? index : better(owner, index, entry))
    }
  })
  const lists: ManifestList[] = []
  candidates.forEach((candidate, index) => {
    const entries = candidate.entries.filter((entry) => owners.get(position(entry)) === index)
    if (entries.length === 0) return
    const place = firstAssignment(reader, candidate.variable, entries)
    const list: ManifestList = {
      kind: reader.kind,
      file: place.file,
      variable: candidate.variable,
      entries,
      covers: wanted?.covers ?? coversOf(entries, project),
      ignore: [...(wanted?.ignore ?? []), ...defaultIgnores(project)],
      base: makeSyntax(reader) ? (reader.result as AutomakeResult).base : dirname(place.file)
    }
    if (place.range) list.range = place.range
    if (
      reader.kind === 'meson' &&
      (reader.result as MesonResult).partial(candidate.variable) !== undefined
    )
      list.partial = true
    lists.push(list)
  })
  return lists
}

async function findAutomake(
  tree: FileTree,
  srcdir: string,
  root: string,
  reuse: TreeReuse | undefined
): Promise<AutomakeResult[]> {
  const results: AutomakeResult[] = []
  const seen = new Set<string>()
  const topFile = joinPath(root, 'Makefile.am')
  if (await tree.exists(topFile)) {
    const top = await readAutomake(tree, topFile, {
      base: root,
      top: root,
      ...(reuse ? {reuse} : {})
    })
    results.push(top)
    for (const file of top.files) seen.add(file)
  }
  const below = await tree.list(srcdir === '' ? undefined : srcdir)
  const fragments = below.filter((file) => {
    const relative = relativeTo(srcdir, file) ?? file
    if (relative === 'automake.mk') return true
    if (!relative.includes('/') && relative.endsWith('.am')) return true
    return relative === 'subdir.am' || relative.endsWith('/subdir.am')
  })
  for (const fragment of fragments) {
    if (seen.has(fragment)) continue
    // A fragment's words are relative to the top Makefile.am's folder, the build's root.
    const base = fragment.endsWith('Makefile.am') ? {} : {base: root}
    const result = await readAutomake(tree, fragment, {
      alone: true,
      top: root,
      ...base,
      ...(reuse ? {reuse} : {})
    })
    results.push(result)
    for (const file of result.files) seen.add(file)
  }
  return results
}

async function findMeson(tree: FileTree, srcdir: string, root: string): Promise<MesonResult[]> {
  const folders: string[] = []
  for (let folder = srcdir; ; folder = dirname(folder)) {
    folders.push(folder)
    if (folder === root || folder === '') break
  }
  const results: MesonResult[] = []
  const seen = new Set<string>()
  // Outermost first: the project's meson.build reaches the documentation one through subdir().
  for (const folder of folders.reverse()) {
    const file = joinPath(folder, 'meson.build')
    if (seen.has(file) || !(await tree.exists(file))) continue
    const result = await readMeson(tree, file)
    results.push(result)
    for (const read of result.files) seen.add(read)
  }
  return results
}

/**
 * Plain Makefiles at or above the Sphinx source folder (`doc/Makefile`, the top `Makefile`),
 * outermost first: in each folder the one GNU make would read (`GNUmakefile`, `makefile`,
 * `Makefile`), or a hand-written `Makefile.in` that configure only substitutes. A folder with a
 * `Makefile.am` is automake's (its `Makefile.in` and `Makefile` are generated), and a `Makefile`
 * beside a `Makefile.in` is configure's output. Words are relative to the Makefile's folder (make
 * runs there). Files automake already read (`include`d fragments) are not read again.
 */
async function findMake(
  tree: FileTree,
  srcdir: string,
  root: string,
  automake: AutomakeResult[],
  reuse: TreeReuse | undefined
): Promise<AutomakeResult[]> {
  const seen = new Set(automake.flatMap((result) => result.files))
  const results: AutomakeResult[] = []
  const folders: string[] = []
  // up to the project's build folder, not above (project/root.ts)
  for (let folder = srcdir; ; folder = dirname(folder)) {
    folders.push(folder)
    if (folder === root || folder === '') break
  }
  for (const folder of folders.reverse()) {
    if (await tree.exists(joinPath(folder, 'Makefile.am'))) continue
    let file: string | undefined
    for (const name of PLAIN_MAKEFILES) {
      const candidate = joinPath(folder, name)
      if (await tree.exists(candidate)) {
        file = candidate
        break
      }
    }
    const template = joinPath(folder, 'Makefile.in')
    if (await tree.exists(template)) file = template
    if (file === undefined || seen.has(file)) continue
    const result = await readAutomake(tree, file, {
      base: folder,
      top: root,
      alone: true,
      prerequisites: true,
      ...(reuse ? {reuse} : {})
    })
    results.push(result)
    for (const read of result.files) seen.add(read)
  }
  return results
}

/**
 * A plain Makefile's lists: a man page list (`MAN8_RST`) only names the folder's man pages, so it
 * covers nothing (its words are checked, and compared with conf.py); any other list covers the
 * folders it names documents in (make does not recurse into folders), and only when it names most
 * of their documents: a list of a few (`CHECK_FILES = README.rst`) is a selection, whose words
 * are checked but which calls no file unlisted.
 */
function plainListsCover(
  lists: ManifestList[],
  files: Set<string>,
  project: SphinxProject,
  config: DoclintConfig
): void {
  const suffixes = project.sourceSuffix.map(([suffix]) => suffix.toLowerCase())
  const isDocument = (path: string): boolean => suffixes.includes(extension(path))
  for (const list of lists) {
    if (list.kind !== 'make') continue
    // Declared covers are the user's word.
    if (config.manifests?.some((manifest) => manifest.file === list.file && manifest.covers))
      continue
    if (PLAIN_MAN_VARIABLE.test(list.variable)) {
      list.covers = []
      continue
    }
    list.covers = list.covers.filter((glob) => !glob.includes('**'))
    const named = new Set(list.entries.map((entry) => entry.path).filter(isDocument))
    const folders = new Set([...named].map(dirname))
    let present = 0
    for (const file of files) {
      if (folders.has(dirname(file)) && isDocument(file) && !isExcludedFile(project, file))
        present++
    }
    const found = [...named].filter((path) => files.has(path)).length
    if (found < 2 || found * 2 < present) list.covers = []
  }
}

/**
 * The hand-written man pages meson installs (`install_man('fusermount3.1', 'mount.fuse3.8')`):
 * meson requires each to exist, so one that is gone is missing. They are not Sphinx's, so they
 * are not compared with conf.py `man_pages`; a page conf.py makes (the same file name) is a
 * Sphinx output, compared with conf.py as a `custom_target` output is, never called missing.
 * The list covers nothing: other files beside the pages are not its business.
 */
function installManList(result: MesonResult, project: SphinxProject): ManifestList | undefined {
  const made = new Set((project.manPages ?? []).map((page) => `${page.name}.${page.section}`))
  const entries = result
    .installMan()
    .filter((entry) => !made.has(entry.path.slice(entry.path.lastIndexOf('/') + 1)))
  const first = entries[0]
  if (!first) return undefined
  return {
    kind: 'meson',
    file: first.file,
    variable: 'install_man',
    entries,
    covers: [],
    ignore: [],
    base: dirname(first.file)
  }
}

/** The nearest `MANIFEST.in` at or above the Sphinx source folder (the Python project's). */
async function findManifestIn(
  tree: FileTree,
  srcdir: string,
  root: string
): Promise<ManifestInResult | undefined> {
  for (let folder = srcdir; ; folder = dirname(folder)) {
    const file = joinPath(folder, 'MANIFEST.in')
    if (await tree.exists(file)) return readManifestIn(tree, file)
    if (folder === root || folder === '') return undefined
  }
}

/**
 * The sdist list of the Sphinx project's files, when `MANIFEST.in` ships its documents (names
 * one, a pattern of their kind, or grafts their folder): then every document must be shipped.
 * A template setuptools does not read, or one that ships none of the documents, gives none.
 */
function manifestInList(sdist: ManifestInResult, project: SphinxProject): ManifestList | undefined {
  const srcdir = project.srcdir
  if (sdist.unused !== undefined || srcdir === '') return undefined
  const suffixes = project.sourceSuffix.map(([suffix]) => suffix.toLowerCase())
  const ancestor = (folder: string): boolean => folder === '' || srcdir.startsWith(`${folder}/`)
  const entries: ManifestEntry[] = []
  let ships = false
  let range: Range | undefined
  const shipping = (entry: ManifestEntry): void => {
    ships = true
    range ??= entry.range
  }
  for (const entry of sdist.entries) {
    if (entry.folder) {
      // `graft .` or `graft docs`: everything in the source folder. Whether the folder is
      // there is decided with the others' (markEntries): a graft of no folder is missing.
      const {folder: _graft, ...word} = entry
      if (entry.path === srcdir || ancestor(entry.path)) {
        entries.push({...word, path: srcdir})
        shipping(entry)
      } else if (inside(srcdir, entry.path)) entries.push(word)
      continue
    }
    if (entry.glob) {
      // `recursive-include . *.rst` reaches the source folder from above: the same files as
      // the pattern under the source folder.
      const split = /^(.*?)\/?\*\*\/([^/]+)$/.exec(entry.path)
      let path = entry.path
      if (split && !hasMagicPath(split[1] ?? '') && ancestor(split[1] ?? '')) {
        path = joinPath(srcdir, '**', split[2] ?? '')
      } else if (!inside(srcdir, entry.path)) continue
      const name = path.slice(path.lastIndexOf('/') + 1)
      if (name === '*' || suffixes.some((suffix) => matchGlob(name, `x${suffix}`))) shipping(entry)
      entries.push({...entry, path})
      continue
    }
    if (!inside(srcdir, entry.path)) continue
    if (suffixes.includes(extension(entry.path))) shipping(entry)
    entries.push(entry)
  }
  if (!ships) return undefined
  const list: ManifestList = {
    kind: 'MANIFEST.in',
    file: sdist.file,
    // The list is the sdist's: "missing from `sdist` in `MANIFEST.in`".
    variable: 'sdist',
    entries,
    covers: suffixes.map((suffix) => joinPath(escapeGlob(srcdir), `**/*${suffix}`)),
    ignore: [...sdist.excludes, ...defaultIgnores(project)],
    base: dirname(sdist.file)
  }
  if (range) list.range = range
  if (sdist.partial !== undefined) list.partial = true
  return list
}

function hasMagicPath(path: string): boolean {
  return /[*?[]/.test(path)
}

async function readConfigured(
  tree: FileTree,
  manifest: ManifestConfig,
  automake: AutomakeResult[]
): Promise<Reader> {
  if (manifest.file.endsWith('meson.build')) {
    return {kind: 'meson', result: await readMeson(tree, manifest.file)}
  }
  const name = manifest.file.slice(manifest.file.lastIndexOf('/') + 1)
  if (PLAIN_MAKEFILES.includes(name) || name === 'Makefile.in') {
    const base = dirname(manifest.file)
    const result = await readAutomake(tree, manifest.file, {base, alone: true, prerequisites: true})
    return {kind: 'make', result}
  }
  const through = automake.find((result) => result.files.includes(manifest.file))
  return {
    kind: 'automake',
    result: through ?? (await readAutomake(tree, manifest.file, {alone: true}))
  }
}

function sourcePath(project: SphinxProject, docname: string, files: Set<string>): string {
  const suffixes = project.sourceSuffix.length ? project.sourceSuffix : [['.rst', '']]
  for (const [suffix] of suffixes) {
    const path = joinPath(project.srcdir, `${docname}${suffix}`)
    if (files.has(path)) return path
  }
  return joinPath(project.srcdir, `${docname}${suffixes[0]?.[0] ?? '.rst'}`)
}

function lineRange(text: string, starts: number[], line: number): Range {
  const start = starts[line - 1] ?? 0
  let end = starts[line] ?? text.length
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--
  let first = start
  while (first < end && /\s/.test(text[first] ?? '')) first++
  return rangeAt(starts, first, end)
}

function commonFolder(paths: string[]): string | undefined {
  const folders = new Set(paths.map(dirname))
  return folders.size === 1 ? [...folders][0] : undefined
}

async function manPageLists(
  tree: FileTree,
  project: SphinxProject,
  lists: ManifestList[],
  files: Set<string>
): Promise<ManPageLists> {
  const out: ManPageLists = {}
  const byVariable = new Map<string, ManifestList>()
  const suffixes = project.sourceSuffix.map(([suffix]) => suffix.toLowerCase())
  for (const list of lists) {
    // A plain Makefile's man page list is compared only with conf.py `man_pages` (below).
    const plain = list.kind === 'make' && project.manPages !== undefined
    if (list.kind !== 'automake' && !plain) continue
    for (const entry of list.entries) {
      const variable = entry.variable ?? list.variable
      if (plain) {
        if (!PLAIN_MAN_VARIABLE.test(variable) || !suffixes.includes(extension(entry.path)))
          continue
      } else if (!MAN_PAGE_VARIABLE.test(variable)) continue
      let man = byVariable.get(variable)
      if (!man) {
        man = {
          kind: list.kind,
          file: entry.file,
          variable,
          entries: [],
          covers: [],
          ignore: [],
          compareOnly: true
        }
        byVariable.set(variable, man)
      }
      if (
        !man.entries.some(
          (known) =>
            known.range.start.offset === entry.range.start.offset && known.file === entry.file
        )
      ) {
        man.entries.push(entry)
      }
    }
  }
  if (byVariable.size > 0) out.automake = [...byVariable.values()]
  const confPath = project.confPath
  if (confPath !== undefined) {
    const bytes = await tree.read(confPath)
    const text = bytes ? decodeText(bytes) : ''
    const starts = lineStarts(text)
    if (project.manPages) {
      out.confText = text
      out.confPy = {
        kind: 'conf.py',
        file: confPath,
        variable: 'man_pages',
        entries: project.manPages.map((page) => ({
          path: sourcePath(project, page.docname, files),
          word: page.docname,
          file: confPath,
          range: lineRange(text, starts, page.line),
          manName: `${page.name}.${page.section}`
        })),
        covers: [],
        ignore: [],
        compareOnly: true
      }
    } else {
      const unresolved = project.unresolved.find((item) => item.name === 'man_pages')
      if (unresolved) {
        out.confPyUnevaluated = {
          file: confPath,
          range: lineRange(text, starts, unresolved.line),
          reason: unresolved.reason
        }
      }
    }
  }
  const manPaths = out.automake?.flatMap((list) => list.entries.map((entry) => entry.path)) ?? []
  const folder = commonFolder(
    manPaths.length ? manPaths : (out.confPy?.entries ?? []).map((e) => e.path)
  )
  // A plain Makefile's man pages beside every other document (`MAN8_RST` in `Documentation/`)
  // have no index of their own: the root toctree lists far more than man pages.
  const plainOnly = (out.automake ?? []).every((list) => list.kind === 'make')
  if (folder !== undefined && !(plainOnly && out.automake && folder === project.srcdir)) {
    const relative = relativeTo(project.srcdir, folder)
    if (relative !== undefined) out.indexDocname = joinPath(relative, 'index')
  }
  return out
}

/**
 * Find and read the build manifests of a Sphinx tree. Never throws on bad build files: what
 * cannot be read becomes a `problem` and lists stay empty. `root` is the project's build folder
 * (project/root.ts; default the tree root): the top Makefile.am is there, automake fragments are
 * written relative to it, and meson.build and MANIFEST.in are looked for up to it, not above.
 */
export async function readManifests(
  tree: FileTree,
  project: SphinxProject,
  config: DoclintConfig,
  options: {reuse?: TreeReuse; root?: string} = {}
): Promise<ManifestSet> {
  const srcdir = project.srcdir
  const root = options.root ?? ''
  const problems: ManifestProblem[] = []
  const lists: ManifestList[] = []
  const sources = new Map<string, string>()
  const automake = await findAutomake(tree, srcdir, root, options.reuse)
  const readers: Reader[] = []
  if (config.manifests && config.manifests.length > 0) {
    for (const manifest of config.manifests) {
      const reader = await readConfigured(tree, manifest, automake)
      readers.push(reader)
      pushAll(lists, listsOf(reader, project, manifest))
    }
  } else {
    readers.push(...automake.map((result): Reader => ({kind: 'automake', result})))
    readers.push(
      ...(await findMeson(tree, srcdir, root)).map((result): Reader => ({kind: 'meson', result}))
    )
    for (const reader of readers) pushAll(lists, listsOf(reader, project))
    for (const reader of readers) {
      const list = reader.kind === 'meson' && installManList(reader.result as MesonResult, project)
      if (list) lists.push(list)
    }
    // A plain Makefile counts only where it lists the project's documents.
    for (const result of await findMake(tree, srcdir, root, automake, options.reuse)) {
      const reader: Reader = {kind: 'make', result}
      const found = listsOf(reader, project)
      if (found.length === 0) continue
      readers.push(reader)
      pushAll(lists, found)
    }
    const sdist = await findManifestIn(tree, srcdir, root)
    const list = sdist && manifestInList(sdist, project)
    if (sdist && list) {
      lists.push(list)
      sources.set(sdist.file, sdist.text)
    }
  }
  for (const reader of readers) {
    for (const [file, text] of reader.result.sources) sources.set(file, text)
    for (const problem of reader.result.problems) {
      const text = sources.get(problem.file) ?? ''
      const starts = lineStarts(text)
      problems.push({
        file: problem.file,
        range: lineRange(text, starts, problem.line),
        message: problem.message
      })
    }
  }
  const listed = new Set<string>()
  for (const list of lists) {
    if (!list.compareOnly) {
      for (const entry of list.entries) listed.add(dirname(entry.path))
    }
  }
  const folders = [srcdir, ...[...listed].filter((folder) => !inside(srcdir, folder))]
  const fileSet = new Set<string>()
  for (const folder of folders) {
    for (const file of await tree.list(folder === '' ? undefined : folder)) fileSet.add(file)
  }
  const files = [...fileSet].sort()
  markEntries(lists, fileSet, generatedFiles(readers), project, config)
  plainListsCover(lists, fileSet, project, config)
  const unevaluated = unevaluatedLists(readers, lists, project)
  const manPages = await manPageLists(tree, project, lists, fileSet)
  const installed = installedManPages(readers, manPages)
  if (installed.length > 0) manPages.installed = installed
  const set: ManifestSet = {lists, sources, files, manPages}
  if (problems.length > 0) set.problems = problems
  if (unevaluated.length > 0) set.unevaluated = unevaluated
  return set
}

/**
 * The man pages automake installs, when conf.py `man_pages` makes some of them (this is the man
 * page project: FRR declares `man8 += $(MANBUILD)/frr-bgpd.8` beside each daemon).
 */
function installedManPages(readers: Reader[], pages: ManPageLists): ManifestList[] {
  const made = new Set(
    (pages.confPy?.entries ?? []).map((entry) => entry.manName).filter((name) => name !== undefined)
  )
  if (made.size === 0) return []
  const out: ManifestList[] = []
  for (const reader of readers) {
    if (reader.kind === 'meson') {
      // `custom_target(… output: ['kea-admin.8', …], command: [sphinx, '-b', 'man', …])`.
      const entries = (reader.result as MesonResult).manOutputs()
      const first = entries[0]
      if (first) {
        out.push({
          kind: 'meson',
          file: first.file,
          variable: 'custom_target output',
          entries,
          covers: [],
          ignore: [],
          compareOnly: true
        })
      }
      continue
    }
    if (reader.kind !== 'automake') continue
    const result = reader.result as AutomakeResult
    for (const variable of result.variables.keys()) {
      if (!MAN_INSTALL.test(variable)) continue
      const entries = result
        .fileNames(variable)
        .filter((entry) => /\.[1-9n][a-z]*$/.test(entry.path))
      if (entries.length === 0) continue
      out.push({
        kind: 'automake',
        file: entries[0]?.file ?? result.entry,
        variable,
        entries,
        covers: [],
        ignore: [],
        compareOnly: true
      })
    }
  }
  // Only when conf.py makes most of what is installed: another project's pages are not ours
  // (FRR's user manual's conf.py makes `frr.1`, its man page project makes all of them).
  const all = out.flatMap((list) => list.entries)
  const ours = all.filter((entry) => made.has(entry.path)).length
  return ours * 2 >= all.length ? out : []
}

/** Files the automake build makes: rule targets and the words of `BUILT_SOURCES`-like lists. */
function generatedFiles(readers: Reader[]): Set<string> {
  const generated = new Set<string>()
  for (const reader of readers) {
    if (!makeSyntax(reader)) continue
    const result = reader.result as AutomakeResult
    for (const target of result.targets) generated.add(target)
    for (const variable of result.variables.keys()) {
      if (!GENERATED_VARIABLE.test(variable)) continue
      for (const entry of result.entries(variable)) generated.add(entry.path)
    }
  }
  return generated
}

/**
 * Mark the entries that name no file: a folder (distributed recursively), a file the build
 * makes, or a glob; then a list's covers come from its file entries only.
 */
function markEntries(
  lists: ManifestList[],
  files: Set<string>,
  generated: Set<string>,
  project: SphinxProject,
  config: DoclintConfig
): void {
  const folders = new Set<string>()
  for (const file of files) {
    for (let folder = dirname(file); folder !== '' && !folders.has(folder);) {
      folders.add(folder)
      folder = dirname(folder)
    }
  }
  const generatedFolders = new Set<string>()
  for (const file of generated) {
    for (let folder = dirname(file); folder !== '' && !generatedFolders.has(folder);) {
      generatedFolders.add(folder)
      folder = dirname(folder)
    }
  }
  const output = defaultIgnores(project)
  for (const list of lists) {
    let marked = false
    for (const entry of list.entries) {
      if (entry.glob || files.has(entry.path)) continue
      if (folders.has(entry.path)) entry.folder = true
      else if (
        generated.has(entry.path) ||
        generatedFolders.has(entry.path) ||
        files.has(`${entry.path}.in`) ||
        // Sphinx's output (`EXTRA_DIST += $(OUTDIR)/html`, OUTDIR = _build): made by the build.
        output.some((glob) => entry.path === glob.slice(0, -3) || matchGlob(glob, entry.path))
      ) {
        entry.generated = true
      } else continue
      marked = true
    }
    const configured = config.manifests?.some(
      (manifest) => manifest.file === list.file && manifest.covers !== undefined
    )
    if (marked && !configured) {
      list.covers = coversOf(
        list.entries.filter((entry) => !entry.folder && !entry.generated),
        project
      )
    }
  }
}

/** Lists (or would-be lists) of this project's files with words only running make would know. */
function unevaluatedLists(
  readers: Reader[],
  lists: ManifestList[],
  project: SphinxProject
): NonNullable<ManifestSet['unevaluated']> {
  const out: NonNullable<ManifestSet['unevaluated']> = []
  for (const reader of readers) {
    if (reader.kind === 'meson') {
      const result = reader.result as MesonResult
      for (const list of lists) {
        const reason = list.kind === 'meson' ? result.partial(list.variable) : undefined
        if (reason === undefined || !result.files.includes(list.file)) continue
        out.push({
          file: list.file,
          range: list.range ?? WHOLE_FILE,
          variable: list.variable,
          reason:
            reason === ''
              ? 'part of it is not evaluated statically'
              : `\`${reason}\` is not evaluated statically`
        })
      }
      continue
    }
    if (!makeSyntax(reader)) continue
    const result = reader.result as AutomakeResult
    const needle = relativeTo(result.base, project.srcdir)
    for (const variable of result.variables.keys()) {
      if (GENERATED_VARIABLE.test(variable)) continue
      const reason = result.unevaluated(variable)
      if (reason === undefined) continue
      const list = lists.find(
        (known) =>
          known.kind === reader.kind &&
          known.variable === variable &&
          result.files.includes(known.file)
      )
      // A plain Makefile's variables mean nothing to make dist: only its lists are said.
      const relevant =
        reader.kind === 'automake' &&
        DIST_VARIABLE.test(variable) &&
        needle !== undefined &&
        (needle === '' || result.raw(variable).includes(needle))
      if (!list && !relevant) continue
      if (list) list.partial = true
      const place = firstAssignment(reader, variable, list?.entries ?? [])
      out.push({
        file: place.file,
        range: place.range ?? WHOLE_FILE,
        variable,
        reason: `\`$(${reason} …)\` is not evaluated statically`
      })
    }
  }
  return out
}

/** Whether `file` is one a list must cover (matches its covers, not its ignores). */
export function listCovers(list: ManifestList, file: string): boolean {
  return matchAny(list.covers, file) && !list.ignore.some((glob) => matchGlob(glob, file))
}

/** Whether Sphinx's `exclude_patterns` leave `file` (tree-relative) out of the project. */
export function isExcludedFile(project: SphinxProject, file: string): boolean {
  const relative = relativeTo(project.srcdir, file)
  return relative !== undefined && isExcludedPath(project, relative)
}
