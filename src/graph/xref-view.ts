/**
 * The name tables cross-references are looked up in, kept apart from the graph (XrefTables), and
 * a graph made of them and one document's cross-references (xrefView). A rule whose `scope` is
 * `xrefs` (src/rule.ts) finds in that view exactly what it finds in the whole graph at that
 * document's own cross-references, so when an edit changes only a document's cross-references
 * the engine checks that document alone against the stored tables (engine/xref-check.ts) instead
 * of building the graph again. The view answers only the fields listed in XREF_GRAPH_FIELDS and
 * throws on any other: a rule that reads more than its scope says fails its contract test
 * (test/graph/xref-view.test.ts) instead of finding less.
 */
import {isRange, type Range} from '../diagnostic.js'
import type {XRef} from '../facts/types.js'
import type {IntersphinxSettings, IntersphinxState} from '../intersphinx/types.js'
import {suggester, type SuggestionBudget} from './suggest.js'
import type {Graph, GraphDocument, LabelEntry, Located, TermEntry} from './types.js'

/** What of the graph a rule of scope `xrefs` may read. */
export const XREF_GRAPH_FIELDS = [
  'documents',
  'renames',
  'intersphinx',
  'complete',
  'generated',
  'sectionLabels',
  'confLabels',
  'extensions',
  'labels',
  'anonLabels',
  'terms',
  'termsLower',
  'project',
  'suggestionBudget',
  'closestDocuments',
  'closestLabels',
  'closestTerms'
] as const satisfies readonly (keyof Graph)[]

/**
 * The kinds of cross-reference only rules of scope `xrefs` read (test/graph/xref-view.test.ts
 * checks that every other rule finds the same without them). A `:download:` is not among them:
 * it names a file, and download-missing reads whether it exists.
 */
export const XREF_SCOPE_KINDS: ReadonlySet<XRef['kind']> = new Set(['doc', 'ref', 'numref', 'term'])

/** What of a document such a rule may read: its name and its cross-references. */
export const XREF_DOCUMENT_FIELDS = [
  'docname',
  'xrefs',
  'mdlinks'
] as const satisfies readonly (keyof GraphDocument)[]

/**
 * A graph's name tables as JSON (kept with a stored check). Label locations are kept only for
 * labels without a title: `ref-untitled` points at them.
 */
export interface XrefTables {
  /** Docnames, in the graph's order. */
  docnames: string[]
  generated: string[]
  /** Every label: its name, then 1 when `:numref:` can number it, 2 when its node is uncertain. */
  anon: [string, number][]
  /** Labels with a title. */
  titled: string[]
  /** Where each label without a title is defined. */
  untitled: [string, string, Range][]
  terms: string[]
  termsLower: string[]
  sectionLabels?: string[]
  confLabels?: string[]
  extensionLabels?: string[]
  extensionTerms?: string[]
  complete: boolean
  mystHeadingAnchors: number
  /** What was left of the suggestion budget after every rule ran (src/graph/suggest.ts). */
  budgetLeft: number
  /**
   * `sphinx.ext.intersphinx` is on: its settings, from which the inventories are loaded again
   * when a reference is not found in the tables (xrefView).
   */
  intersphinx?: IntersphinxSettings
}

const NUMBERABLE = 1
const UNCERTAIN = 2

/**
 * The tables of `graph` after its rules ran; undefined when cross-references are resolved by
 * more than they hold: the renames a patch made (fixes follow them).
 */
export function xrefTablesOf(graph: Graph): XrefTables | undefined {
  if (graph.renames !== undefined) return undefined
  const untitled: XrefTables['untitled'] = []
  const anon: XrefTables['anon'] = []
  for (const [name, entry] of graph.anonLabels) {
    const label = entry.label
    anon.push([name, (label.numberable ? NUMBERABLE : 0) | (label.uncertain ? UNCERTAIN : 0)])
    if (!graph.labels.has(name)) untitled.push([name, label.file, label.range])
  }
  const tables: XrefTables = {
    docnames: [...graph.documents.keys()],
    generated: [...graph.generated],
    anon,
    titled: [...graph.labels.keys()],
    untitled,
    terms: [...graph.terms.keys()],
    termsLower: [...graph.termsLower.keys()],
    complete: graph.complete,
    mystHeadingAnchors: graph.project.mystHeadingAnchors,
    budgetLeft: graph.suggestionBudget.left
  }
  if (graph.sectionLabels) tables.sectionLabels = [...graph.sectionLabels]
  if (graph.confLabels) tables.confLabels = [...graph.confLabels]
  if (graph.extensions) {
    tables.extensionLabels = [...graph.extensions.labels]
    tables.extensionTerms = [...graph.extensions.terms]
  }
  if (graph.intersphinx) tables.intersphinx = graph.intersphinx.settings
  return tables
}

/** Whether stored data has the shape of XrefTables (a cache file is never trusted). */
export function isXrefTables(value: unknown): value is XrefTables {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const t = value as Record<string, unknown>
  const strings = (list: unknown): boolean =>
    Array.isArray(list) && list.every((item) => typeof item === 'string')
  const optionalStrings = (list: unknown): boolean => list === undefined || strings(list)
  return (
    strings(t.docnames) &&
    strings(t.generated) &&
    strings(t.titled) &&
    strings(t.terms) &&
    strings(t.termsLower) &&
    optionalStrings(t.sectionLabels) &&
    optionalStrings(t.confLabels) &&
    optionalStrings(t.extensionLabels) &&
    optionalStrings(t.extensionTerms) &&
    (t.extensionLabels === undefined) === (t.extensionTerms === undefined) &&
    Array.isArray(t.anon) &&
    t.anon.every(
      (item: unknown) =>
        Array.isArray(item) &&
        item.length === 2 &&
        typeof item[0] === 'string' &&
        Number.isInteger(item[1])
    ) &&
    Array.isArray(t.untitled) &&
    t.untitled.every(
      (item: unknown) =>
        Array.isArray(item) &&
        item.length === 3 &&
        typeof item[0] === 'string' &&
        typeof item[1] === 'string' &&
        isRange(item[2])
    ) &&
    typeof t.complete === 'boolean' &&
    typeof t.mystHeadingAnchors === 'number' &&
    typeof t.budgetLeft === 'number' &&
    Number.isFinite(t.budgetLeft) &&
    (t.intersphinx === undefined || isIntersphinxSettings(t.intersphinx))
  )
}

function isIntersphinxSettings(value: unknown): value is IntersphinxSettings {
  if (typeof value !== 'object' || value === null) return false
  const s = value as Record<string, unknown>
  const strings = (list: unknown): boolean =>
    Array.isArray(list) && list.every((item) => typeof item === 'string')
  return (
    Array.isArray(s.entries) &&
    s.entries.every((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) return false
      const {name, uri, locations} = entry as Record<string, unknown>
      return (
        (name === null || typeof name === 'string') &&
        typeof uri === 'string' &&
        Array.isArray(locations) &&
        locations.every((location) => location === null || typeof location === 'string')
      )
    }) &&
    typeof s.cacheLimitDays === 'number' &&
    (s.timeoutSeconds === undefined || typeof s.timeoutSeconds === 'number') &&
    strings(s.disabledReftypes) &&
    (s.sphinxVersion === '8' || s.sphinxVersion === '5.3') &&
    strings(s.problems) &&
    (s.unreadable === undefined || typeof s.unreadable === 'boolean')
  )
}

/** The document a view holds: its name and the cross-references to look up. */
export interface ViewDocument {
  docname: string
  xrefs: Located<XRef>[]
  /** Present (maybe undefined) either way: a rule reads it. */
  mdlinks: GraphDocument['mdlinks']
}

/**
 * A graph with every name of `tables` and the cross-references of `document` alone (every other
 * document is there by name, with none). `budget` is what suggestions may spend. Reading a field
 * a rule of scope `xrefs` may not read throws. With intersphinx on, `intersphinx` is the state
 * its inventories loaded to; without it, looking anything up in them throws InventoriesNeeded
 * (most edits link to what the tables hold, and loading inventories is the slow part).
 */
export function xrefView(
  tables: XrefTables,
  document: ViewDocument,
  budget: SuggestionBudget = {left: tables.budgetLeft},
  intersphinx?: IntersphinxState
): Graph {
  const documents = new Map<string, GraphDocument>()
  for (const docname of tables.docnames) {
    documents.set(
      docname,
      strict(
        (docname === document.docname
          ? document
          : {docname, xrefs: [], mdlinks: undefined}) as GraphDocument,
        'a document'
      )
    )
  }
  // a document not among the tables' (a stored check of another tree) is checked all the same
  if (!documents.has(document.docname)) {
    documents.set(document.docname, strict(document as GraphDocument, 'a document'))
  }
  // a table known by its names: every entry is the same one, and reading it throws
  const names = <T>(list: readonly string[], what: string): Map<string, T> => {
    const entry = strict({}, what) as T
    return new Map(list.map((name) => [name, entry]))
  }
  const untitled = new Map(tables.untitled.map(([name, file, range]) => [name, {file, range}]))
  const anonLabels = new Map<string, LabelEntry>()
  for (const [name, flags] of tables.anon) {
    const place = untitled.get(name)
    const label = {
      numberable: (flags & NUMBERABLE) !== 0,
      uncertain: (flags & UNCERTAIN) !== 0,
      ...(place ?? {})
    }
    anonLabels.set(name, strict({label: strict(label, 'a label')}, 'a label entry') as LabelEntry)
  }
  const docnames = tables.docnames
  const terms = names<TermEntry>(tables.terms, 'a term entry')
  const view = {
    documents,
    renames: undefined,
    intersphinx:
      tables.intersphinx === undefined
        ? undefined
        : (intersphinx ?? (notLoaded() as unknown as IntersphinxState)),
    complete: tables.complete,
    generated: new Set(tables.generated),
    sectionLabels: tables.sectionLabels && new Set(tables.sectionLabels),
    confLabels: tables.confLabels && new Set(tables.confLabels),
    extensions:
      tables.extensionLabels &&
      strict(
        {labels: new Set(tables.extensionLabels), terms: new Set(tables.extensionTerms)},
        'the extension model'
      ),
    labels: names<LabelEntry>(tables.titled, 'a label entry'),
    anonLabels,
    terms,
    termsLower: names<TermEntry>(tables.termsLower, 'a term entry'),
    project: strict({mystHeadingAnchors: tables.mystHeadingAnchors}, 'the project'),
    suggestionBudget: budget,
    closestDocuments: suggester(() => docnames, budget),
    closestLabels: suggester(() => anonLabels.keys(), budget),
    closestTerms: suggester(() => terms.keys(), budget)
  } satisfies Record<(typeof XREF_GRAPH_FIELDS)[number], unknown>
  return strict(view, 'the graph') as unknown as Graph
}

/** Fields whose reading is no use of them: promise checks, inspection, JSON. */
const HARMLESS = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof'])

/** `target`, where reading a field it does not have throws: the view's edge (see the header). */
function strict<T extends object>(target: T, what: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (typeof property === 'symbol' || property in object || HARMLESS.has(property)) {
        return Reflect.get(object, property, receiver) as unknown
      }
      throw new XrefScopeError(`a rule of scope xrefs read ${what}'s \`${property}\``)
    }
  })
}

/** A rule of scope `xrefs` read what a cross-reference view does not hold. */
export class XrefScopeError extends Error {}

/** A rule looked a reference up in inventories the view was given without (see xrefView). */
export class InventoriesNeeded extends Error {}

/** Intersphinx state that is there, but not loaded: any look into it throws InventoriesNeeded. */
function notLoaded(): object {
  return new Proxy(
    {},
    {
      get(_object, property) {
        if (typeof property === 'symbol' || HARMLESS.has(property)) return undefined
        throw new InventoriesNeeded(`the inventories are needed (${property})`)
      }
    }
  )
}
