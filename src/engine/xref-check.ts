/**
 * A stored check carried over an edit that changed only cross-references (`--cache`; engine/run.ts
 * nearCheck): the rules of scope `xrefs` (src/rule.ts) look the changed documents' cross-references
 * up in the name tables the check stored (src/graph/xref-view.ts), and their findings in those
 * documents replace the stored ones. Every other finding is a function of facts that did not
 * change. Where the stored tables cannot answer as the whole graph would (the suggestion budget
 * spent, the findings limit reached, a label moved with the edit), the tree is checked again.
 */
import type {Diagnostic, Related} from '../diagnostic.js'
import type {DocFacts} from '../facts/types.js'
import type {ShiftStart} from '../cache/facts-shift.js'
import type {Graph} from '../graph/types.js'
import {
  InventoriesNeeded,
  isXrefTables,
  XrefScopeError,
  xrefTablesOf,
  xrefView,
  type XrefTables
} from '../graph/xref-view.js'
import type {IntersphinxState} from '../intersphinx/types.js'
import type {ReportInput, Rule} from '../rule.js'
import type {Severity} from '../diagnostic.js'
import {escalateWarnings, toDiagnostic} from './findings.js'

/** One project's tables, with what the engine did to its findings (TreeCheck.xrefs). */
export interface StoredXrefs {
  /** The project's label (Finding.project). */
  project: string
  /** Its Sphinx source folder, relative to the tree root (intersphinx reads from there). */
  srcdir: string
  /** The tree path of each document, in the order of `tables.docnames`. */
  paths: string[]
  tables: XrefTables
  /** The build runs with -W: its warnings are errors (the related place says why, if known). */
  warningsFail?: {because?: Related}
}

/** The tables of a graph whose rules have run, for the stored check; undefined when none hold. */
export function storedXrefsOf(
  graph: Graph,
  project: string,
  build: {warningsFail: boolean; because?: Related | undefined}
): StoredXrefs | undefined {
  const tables = xrefTablesOf(graph)
  if (tables === undefined) return undefined
  const paths = tables.docnames.map((docname) => graph.documents.get(docname)?.path ?? '')
  return {
    project,
    srcdir: graph.project.srcdir,
    paths,
    tables,
    ...(build.warningsFail
      ? {warningsFail: build.because === undefined ? {} : {because: build.because}}
      : {})
  }
}

/** Whether stored data has the shape of StoredXrefs[] (a cache file is never trusted). */
export function isStoredXrefs(value: unknown): value is StoredXrefs[] {
  return (
    Array.isArray(value) &&
    value.every((item: unknown) => {
      if (typeof item !== 'object' || item === null) return false
      const {project, srcdir, paths, tables, warningsFail} = item as Record<string, unknown>
      return (
        typeof project === 'string' &&
        typeof srcdir === 'string' &&
        isXrefTables(tables) &&
        Array.isArray(paths) &&
        paths.length === tables.docnames.length &&
        paths.every((file) => typeof file === 'string') &&
        (warningsFail === undefined || (typeof warningsFail === 'object' && warningsFail !== null))
      )
    })
  )
}

/** The project a document is in, and its docname there. */
export function xrefsHome(
  stored: readonly StoredXrefs[] | undefined,
  file: string
): {index: number; docname: string} | undefined {
  let home: {index: number; docname: string} | undefined
  for (const [index, entry] of (stored ?? []).entries()) {
    const at = entry.paths.indexOf(file)
    const docname = entry.tables.docnames[at]
    if (at < 0 || docname === undefined) continue
    // a document of two projects (one source folder inside another) has findings of each
    if (home !== undefined) return undefined
    home = {index, docname}
  }
  return home
}

/** `diagnostics` but the findings of rules of scope `xrefs` in the files `paths`. */
export function withoutScopedFindings<T extends Diagnostic>(
  diagnostics: readonly T[],
  rules: readonly {rule: Rule}[],
  paths: ReadonlySet<string>
): T[] {
  const scoped = new Set(
    rules.filter(({rule}) => rule.meta.scope === 'xrefs').map(({rule}) => rule.meta.id)
  )
  return diagnostics.filter((finding) => !(scoped.has(finding.ruleId) && paths.has(finding.file)))
}

/** A changed document whose findings of scope `xrefs` are made again. */
export interface XrefDocument {
  path: string
  /** Its new facts. */
  facts: DocFacts
  /** Where its other facts moved from (prose or a link added before them), if they did. */
  start?: ShiftStart
}

/** What checking the changed documents' cross-references needs of the engine. */
export interface XrefEngine {
  rules: readonly {rule: Rule; severity: Severity; options: Record<string, unknown>}[]
  /** Whether a finding in this file is dropped (config `ignore`). */
  ignored(file: string): boolean
  maxFindings: number
}

/**
 * The stored findings with those of scope `xrefs` in `documents` made again from their new
 * cross-references, and the tables with what suggestions have left of their budget; undefined
 * when the tables cannot answer as a check of the whole tree would; `inventories` when a
 * reference must be looked up in intersphinx inventories, and `inventories` (by index in
 * `stored`) was not given: load them and ask again.
 */
export function recheckXrefs(
  engine: XrefEngine,
  diagnostics: readonly Diagnostic[],
  stored: readonly StoredXrefs[],
  documents: readonly XrefDocument[],
  inventories?: ReadonlyMap<number, IntersphinxState>
): {diagnostics: Diagnostic[]; xrefs: StoredXrefs[]} | 'inventories' | undefined {
  const scoped = engine.rules.filter(({rule}) => rule.meta.scope === 'xrefs')
  const scopedIds = new Set(scoped.map(({rule}) => rule.meta.id))
  const paths = new Set(documents.map((document) => document.path))
  const out = withoutScopedFindings(diagnostics, scoped, paths)
  const budgets = stored.map((entry) => ({left: entry.tables.budgetLeft}))
  for (const document of documents) {
    const home = xrefsHome(stored, document.path)
    const entry = home === undefined ? undefined : stored[home.index]
    const budget = home === undefined ? undefined : budgets[home.index]
    if (home === undefined || entry === undefined || budget === undefined) return undefined
    if (engine.ignored(document.path)) continue
    const view = xrefView(
      entry.tables,
      {
        docname: home.docname,
        xrefs: document.facts.xrefs.map((xref) => ({...xref, file: document.path})),
        mdlinks: undefined
      },
      budget,
      inventories?.get(home.index)
    )
    const first = out.length
    try {
      for (const {rule, severity, options} of scoped) {
        rule.check({
          graph: view,
          options,
          report: (input: ReportInput) => {
            out.push(toDiagnostic(rule.meta, severity, input))
          }
        })
      }
    } catch (error) {
      if (error instanceof InventoriesNeeded) return 'inventories'
      // a rule that reads more than its scope says (its contract test fails): check in full
      if (error instanceof XrefScopeError) return undefined
      throw error
    }
    if (entry.warningsFail) escalateWarnings(out, first, scoped, entry.warningsFail.because)
    for (let i = first; i < out.length; i++) {
      const finding = out[i] as Diagnostic & {project?: string}
      finding.project = entry.project
      // a place in the document itself that the stored tables name from before it moved
      if (
        document.start !== undefined &&
        finding.related?.some((place) => place.file === document.path)
      ) {
        return undefined
      }
    }
  }
  // the whole tree's check would have run out of suggestions, or cut a rule's findings short
  if (budgets.some((budget) => budget.left <= 0)) return undefined
  for (const id of scopedIds) {
    if (out.filter((finding) => finding.ruleId === id).length >= engine.maxFindings)
      return undefined
  }
  const xrefs = stored.map((entry, index) => ({
    ...entry,
    tables: {...entry.tables, budgetLeft: budgets[index]?.left ?? 0}
  }))
  return {diagnostics: out, xrefs}
}
