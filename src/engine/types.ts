/** What a run produces: the input of every reporter. */
import type {Diagnostic} from '../diagnostic.js'
import type {RuleMeta} from '../rule.js'
import type {BuildSummary} from '../build/types.js'

export type {BuildSummary}

/** A patch of a series, as reporters name it. */
export interface PatchInfo {
  /** 1-based position in the series. */
  index: number
  total: number
  /** Subject without the `[PATCH n/N]` prefix. */
  subject: string
  /** Where it came from: a commit id, a patchwork patch id, a file name. */
  id?: string
  /** Patchwork patch id, when the series came from patchwork. */
  patchworkId?: number
}

/** A diagnostic in a report: patch modes add where it came from. */
export interface Finding extends Diagnostic {
  status?: 'introduced' | 'fixed' | 'existing'
  patch?: PatchInfo
  /**
   * The Sphinx project that found it: its source folder, relative to the tree root ('.' for the
   * root). Reporters group findings by it when a run checks several projects.
   */
  project?: string
}

/** The outcome of one patch. */
export interface PatchResult {
  patch: PatchInfo
  /** False when the patch did not apply (then `introduced` holds the patch-apply finding). */
  applied: boolean
  introduced: Finding[]
  fixed: Finding[]
  /** Filled only with `--all`. */
  existing: Finding[]
  /** Files the patch touches (after it), POSIX relative to the tree root. */
  files: string[]
  /**
   * The series had spent its check budget (`limits.maxSeriesDocuments`): this patch was not
   * checked on its own but together with the later ones, up to the patch with this index, whose
   * result lists what they introduce and fix.
   */
  checkedWith?: number
  /** This patch's findings cover the patches from this index to it, checked as one change. */
  checkedFrom?: number
  /**
   * Why this patch was not checked at all (an earlier patch of its series does not apply): it is
   * neither clean nor broken, and reporters say so.
   */
  notChecked?: string
}

/** The Sphinx extensions of the checked projects, by how well doclint knows them. */
export interface ExtensionSummary {
  /** What they add to the graph is reproduced (or they add nothing to it). */
  modelled: string[]
  /** Known, but what they add (labels, documents, objects) is not modelled. */
  known: string[]
  /** Not known at all. */
  unknown: string[]
}

/** One run of doclint. */
export interface RunResult {
  mode: 'tree' | 'patch'
  /** Absolute path of the tree root; diagnostics' `file` are relative to it. */
  root: string
  /** Absolute path reporters make paths relative to. */
  cwd: string
  /** Tree mode: every finding. Patch modes: every finding of every patch, with status/patch. */
  diagnostics: Finding[]
  patches?: PatchResult[]
  /** Files checked: every tree-relative path a reporter may list (for per-file JUnit). */
  files: string[]
  documents: number
  elapsedMs: number
  /** Metadata of the rules that ran (SARIF). */
  rules: RuleMeta[]
  /** Paths not read (over limits.maxFileSize, unreadable, symlinks out of the tree or looping). */
  skipped?: {path: string; message: string}[]
  /** The documentation build doclint followed for each Sphinx project (see src/build/). */
  builds?: BuildSummary[]
  /** The Sphinx extensions of the checked projects (tree mode). */
  extensions?: ExtensionSummary
}

/** Options every reporter takes. */
export interface ReportOptions {
  color: boolean
}

/** A reporter: a pure function from a run to text. */
export type Reporter = (result: RunResult, options: ReportOptions) => string
