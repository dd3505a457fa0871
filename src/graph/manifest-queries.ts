/**
 * Graph queries behind the manifest-* rules: pure functions of the manifests the graph carries
 * (what is missing, unlisted, listed twice, and where the man page lists disagree).
 */
import type {Graph} from './types.js'
import {isExcludedFile, listCovers} from '../manifests/index.js'
import {matchGlob} from '../manifests/glob.js'
import {dirname, joinPath, normalizePath} from '../manifests/text.js'
import type {ManifestEntry, ManifestList, ManifestSet} from '../manifests/types.js'

/** A listed file that does not exist. */
export interface MissingEntry {
  list: ManifestList
  entry: ManifestEntry
}

/** Lists checked on their own (man page lists are only compared). */
export function checkedLists(set: ManifestSet): ManifestList[] {
  return set.lists.filter(
    (list) => !list.compareOnly && list.kind !== 'conf.py' && list.kind !== 'toctree'
  )
}

/** Entries naming files that are not in the tree, each place reported once. */
export function missingEntries(set: ManifestSet): MissingEntry[] {
  // Without the tree's listing nothing can be called missing.
  if (!set.files) return []
  const files = new Set(set.files)
  const seen = new Set<string>()
  const out: MissingEntry[] = []
  for (const list of checkedLists(set)) {
    for (const entry of list.entries) {
      if (files.has(entry.path) || entry.folder || entry.generated) continue
      if (entry.glob && (entry.optional || set.files.some((file) => matchGlob(entry.path, file))))
        continue
      const key = `${entry.file}\u0000${entry.range.start.offset}\u0000${entry.path}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push({list, entry})
    }
  }
  return out
}

/** A file a list must cover but no list names. */
export interface UnlistedFile {
  file: string
  /** The lists that cover it, best first (the one whose folder entries are its own). */
  lists: ManifestList[]
}

/** Files under covered folders that no list names. */
export function unlistedFiles(graph: Graph): UnlistedFile[] {
  const set = graph.manifests
  const lists = checkedLists(set)
  if (lists.length === 0) return []
  const listed = new Set(set.lists.flatMap((list) => list.entries.map((entry) => entry.path)))
  const entries = set.lists.flatMap((list) => list.entries)
  const folders = new Set(entries.filter((entry) => entry.folder).map((entry) => entry.path))
  const globs = entries.filter((entry) => entry.glob).map((entry) => entry.path)
  const inListedFolder = (file: string): boolean => {
    for (let folder = dirname(file); folder !== ''; folder = dirname(folder)) {
      if (folders.has(folder)) return true
    }
    return false
  }
  const out: UnlistedFile[] = []
  for (const file of set.files ?? []) {
    if (listed.has(file) || isExcludedFile(graph.project, file)) continue
    if (inListedFolder(file) || globs.some((glob) => matchGlob(glob, file))) continue
    // A list with words only make knows may name the file: nothing is said from it.
    const covering = lists.filter((list) => !list.partial && listCovers(list, file))
    if (covering.length === 0) continue
    const folder = dirname(file)
    const score = (list: ManifestList): number =>
      list.entries.filter((entry) => dirname(entry.path) === folder).length
    covering.sort((a, b) => score(b) - score(a))
    out.push({file, lists: covering})
  }
  return out
}

function exclusive(a: ManifestEntry, b: ManifestEntry): boolean {
  const other = b.conditions ?? []
  return (a.conditions ?? []).some((condition) =>
    other.includes(condition.startsWith('!') ? condition.slice(1) : `!${condition}`)
  )
}

/** A second listing of one file in one list. */
export interface DuplicateEntry {
  list: ManifestList
  entry: ManifestEntry
  first: ManifestEntry
}

/** Files a list names twice (not counting words in opposite branches of a conditional). */
export function duplicateEntries(set: ManifestSet): DuplicateEntry[] {
  const out: DuplicateEntry[] = []
  for (const list of checkedLists(set)) {
    const seen = new Map<string, ManifestEntry[]>()
    // One word copied many times (a list added to itself) is one place: kept once per path, so
    // the search below runs over distinct places, not copies.
    const places = new Set<string>()
    for (const entry of list.entries) {
      const place = `${entry.path}\u0000${entry.file}\u0000${entry.range.start.offset}`
      if (places.has(place)) continue
      places.add(place)
      const earlier = seen.get(entry.path) ?? []
      const first = earlier.find(
        (known) =>
          !exclusive(known, entry) &&
          !(known.file === entry.file && known.range.start.offset === entry.range.start.offset)
      )
      if (first) out.push({list, entry, first})
      earlier.push(entry)
      seen.set(entry.path, earlier)
    }
  }
  return out
}

/** One man page name in one of the lists that must agree. */
export interface ManPageItem {
  /** Docname relative to the Sphinx source folder (`ref/ovs-ctl.8`). */
  docname: string
  file: string
  range: ManifestEntry['range']
  /** How the list is named in messages (`RST_MANPAGES`, conf.py `man_pages`, toctree of `ref/index`). */
  source: string
  word: string
}

function stripSuffix(graph: Graph, path: string): string | undefined {
  const relative =
    graph.project.srcdir === ''
      ? path
      : path.startsWith(`${graph.project.srcdir}/`)
        ? path.slice(graph.project.srcdir.length + 1)
        : undefined
  if (relative === undefined) return undefined
  for (const [suffix] of graph.project.sourceSuffix) {
    if (relative.endsWith(suffix)) return relative.slice(0, -suffix.length)
  }
  return relative.replace(/\.rst$/, '')
}

/** The three man page lists: automake words, conf.py `man_pages`, the index toctree. */
export function manPageItems(graph: Graph): {
  automake?: ManPageItem[]
  automakeNames: string[]
  confPy?: ManPageItem[]
  toctree?: ManPageItem[]
} {
  const pages = graph.manifests.manPages ?? {}
  const out: ReturnType<typeof manPageItems> = {automakeNames: []}
  if (pages.automake && pages.automake.length > 0) {
    out.automakeNames = pages.automake.map((list) => list.variable)
    out.automake = pages.automake.flatMap((list) =>
      list.entries.flatMap((entry) => {
        const docname = stripSuffix(graph, entry.path)
        return docname === undefined
          ? []
          : [
              {
                docname,
                file: entry.file,
                range: entry.range,
                source: `\`${list.variable}\``,
                word: entry.word
              }
            ]
      })
    )
  }
  if (pages.confPy) {
    out.confPy = pages.confPy.entries.map((entry) => ({
      docname: normalizePath(entry.word) ?? entry.word,
      file: entry.file,
      range: entry.range,
      source: 'conf.py `man_pages`',
      word: entry.word
    }))
  }
  const index = pages.indexDocname
  const document = index === undefined ? undefined : graph.documents.get(index)
  if (index !== undefined && document && out.automake) {
    const folder = dirname(index)
    const items: ManPageItem[] = []
    for (const toctree of document.toctrees) {
      if (!toctree.toctree.valid) continue
      for (const resolved of toctree.entries) {
        const docname = resolved.docname
        if (docname === undefined || resolved.status === 'glob' || resolved.status === 'external')
          continue
        // Only pages in the man page folder take part (`ref/ovs-ctl.8`, not `../faq/index`).
        if (dirname(docname) !== folder) continue
        items.push({
          docname,
          file: toctree.file,
          range: resolved.entry.range,
          source: `the toctree of \`${index}\``,
          word: resolved.entry.ref
        })
      }
    }
    out.toctree = items
  }
  return out
}

/** A man page in one list but not in another. */
export interface ManPageMismatch {
  item: ManPageItem
  /** How the list lacking it is named. */
  missingFrom: string
}

/**
 * Compare the lists. conf.py is the reference when it was read (else the automake words): each
 * other list is compared with it both ways, so one missing page gives one finding.
 */
export function manPageMismatches(graph: Graph): ManPageMismatch[] {
  const items = manPageItems(graph)
  const out: ManPageMismatch[] = []
  const names = new Set<string>()
  const automakeName =
    items.automakeNames.length > 0
      ? items.automakeNames.map((name) => `\`${name}\``).join(' or ')
      : ''
  const compare = (
    left: ManPageItem[] | undefined,
    right: ManPageItem[] | undefined,
    rightName: string
  ): void => {
    if (!left || !right) return
    const present = new Set(right.map((item) => item.docname))
    for (const item of left) {
      if (present.has(item.docname)) continue
      const key = `${item.file}\u0000${item.range.start.offset}\u0000${item.docname}\u0000${rightName}`
      if (names.has(key)) continue
      names.add(key)
      out.push({item, missingFrom: rightName})
    }
  }
  const reference = items.confPy ?? items.automake
  const referenceName = items.confPy ? 'conf.py `man_pages`' : automakeName
  if (items.confPy && items.automake) {
    compare(items.automake, items.confPy, 'conf.py `man_pages`')
    compare(items.confPy, items.automake, automakeName)
  }
  const index = graph.manifests.manPages?.indexDocname
  if (items.toctree && index !== undefined) {
    compare(items.toctree, reference, referenceName)
    compare(reference, items.toctree, `the toctree of \`${index}\``)
  }
  return out
}

/** A tree path for a docname in the Sphinx source folder (for `resolved`). */
export function docPath(graph: Graph, docname: string): string {
  return joinPath(graph.project.srcdir, docname)
}

/** A docname that names a man page by its section (`ref/ovs-ctl.8`, `frr-bgpd.8`, `ovs-sim.1`). */
const MAN_PAGE_DOCNAME = /\.[1-9][a-z]*$/

/** The text of a conf.py `man_pages` entry: its lines, up to the one closing the tuple. */
function confEntryText(text: string, line: number): {text: string; lines: number} {
  const all = text.split('\n')
  const out: string[] = []
  for (let i = line - 1; i < all.length && out.length < 6; i++) {
    const current = (all[i] ?? '').replace(/\r$/, '')
    out.push(current)
    if (/\)\s*,?\s*(?:#.*)?$/.test(current)) break
  }
  return {text: out.join('\n'), lines: out.length}
}

/** A conf.py `man_pages` entry whose source document is not in the tree. */
export interface ConfManPageMissing {
  entry: ManifestEntry
  /** The entry as written (to remove). */
  text: string
}

/**
 * conf.py `man_pages` entries naming documents the tree does not hold: the man page list the
 * automake and toctree checks do not see (a deleted man page stays listed there).
 */
export function confManPagesMissing(graph: Graph): ConfManPageMissing[] {
  const set = graph.manifests
  const conf = set.manPages?.confPy
  if (!conf || !set.files) return []
  const files = new Set(set.files)
  const source = set.manPages?.confText
  const out: ConfManPageMissing[] = []
  for (const entry of conf.entries) {
    if (files.has(entry.path) || graph.documents.has(normalizePath(entry.word) ?? entry.word))
      continue
    const written =
      source === undefined ? entry.word : confEntryText(source, entry.range.start.line).text.trim()
    out.push({entry, text: written})
  }
  return out
}

/** A man page document that no man page list names (conf.py, automake, the toctree). */
export interface NewManPage {
  docname: string
  file: string
  /** The conf.py `man_pages` entry to add, modelled on its neighbour, when one could be made. */
  confEntry?: string
}

/**
 * Documents in the man page folder named like man pages (`ref/ovs-foo.8`) that conf.py
 * `man_pages` does not list, while no other man page list names them either (those are
 * manifest-mismatch's own findings).
 */
export function newManPages(graph: Graph): NewManPage[] {
  const pages = graph.manifests.manPages
  const conf = pages?.confPy
  const index = pages?.indexDocname
  if (!conf || index === undefined) return []
  const folder = dirname(index)
  const items = manPageItems(graph)
  const known = new Set([
    ...(items.confPy ?? []).map((item) => item.docname),
    ...(items.automake ?? []).map((item) => item.docname)
  ])
  const source = pages.confText
  const out: NewManPage[] = []
  for (const [docname, document] of graph.documents) {
    if (dirname(docname) !== folder || !MAN_PAGE_DOCNAME.test(docname) || known.has(docname))
      continue
    const page: NewManPage = {docname, file: document.path}
    const entry = source === undefined ? undefined : confEntryFor(conf.entries, docname, source)
    if (entry !== undefined) page.confEntry = entry
    out.push(page)
  }
  return out
}

/** A conf.py entry for `docname`, written as its alphabetical neighbour is. */
function confEntryFor(
  entries: ManifestEntry[],
  docname: string,
  source: string
): string | undefined {
  const sorted = [...entries].sort((a, b) => (a.word < b.word ? -1 : 1))
  const neighbour = [...sorted].reverse().find((entry) => entry.word < docname) ?? sorted[0]
  if (!neighbour) return undefined
  const {text} = confEntryText(source, neighbour.range.start.line)
  // The neighbour's docname as written: the longest quoted suffix of it (`'ovs-ctl.8'`).
  const old = neighbour.word
  let replaced = false
  const out = text.replace(
    /(u?)(['"])((?:(?!\2)[^\\\n])*)\2/g,
    (literal, prefix: string, quote: string, value: string) => {
      if (!replaced && value !== '' && old.endsWith(value)) {
        const kept = old.slice(0, old.length - value.length)
        if (!docname.startsWith(kept)) return literal
        replaced = true
        return `${prefix}${quote}${docname.slice(kept.length)}${quote}`
      }
      // Another page's name or description: the new page's own goes here.
      const base =
        old
          .split('/')
          .pop()
          ?.replace(/\.[^.]*$/, '') ?? ''
      const mine =
        docname
          .split('/')
          .pop()
          ?.replace(/\.[^.]*$/, '') ?? ''
      if (base !== '' && value === base) return `${prefix}${quote}${mine}${quote}`
      return /^\d+$/.test(value) ? literal : `${prefix}${quote}...${quote}`
    }
  )
  return replaced ? out.trim() : undefined
}

/**
 * The automake man page list (`RST_MANPAGES`) a new file belongs in: a document named like a man
 * page, in the folder where that list's pages are.
 */
export function manPageListFor(graph: Graph, file: string): ManifestList | undefined {
  const lists = graph.manifests.manPages?.automake ?? []
  const relative = graph.project.srcdir === '' ? file : file.slice(graph.project.srcdir.length + 1)
  const docname = relative.replace(/\.[^./]+$/, '')
  if (!MAN_PAGE_DOCNAME.test(docname)) return undefined
  const folder = dirname(file)
  return [...lists]
    .filter((list) => list.entries.some((entry) => dirname(entry.path) === folder))
    .sort((a, b) => b.entries.length - a.entries.length)[0]
}

/** A man page the build installs that conf.py `man_pages` does not make (the install fails). */
export interface UninstallableManPage {
  entry: ManifestEntry
  variable: string
}

/**
 * Installed man pages (`man8 += $(MANBUILD)/frr-bgpd.8`) that no conf.py `man_pages` entry
 * makes. The other way round is not reported: projects build pages they do not install.
 */
export function uninstallableManPages(graph: Graph): UninstallableManPage[] {
  const pages = graph.manifests.manPages
  const made = new Set((pages?.confPy?.entries ?? []).map((entry) => entry.manName))
  const out: UninstallableManPage[] = []
  const seen = new Set<string>()
  for (const list of pages?.installed ?? []) {
    for (const entry of list.entries) {
      const key = `${entry.file}\u0000${entry.range.start.offset}`
      if (made.has(entry.path) || seen.has(key)) continue
      seen.add(key)
      out.push({entry, variable: entry.variable ?? list.variable})
    }
  }
  return out
}
