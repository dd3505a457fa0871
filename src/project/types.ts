/** What the Sphinx project is, read statically from conf.py and overridden by doclint config. */

/** A Python value the static conf.py reader could evaluate. */
export type PyValue =
  | string
  | number
  | boolean
  | null
  | PyValue[]
  | {kind: 'tuple'; items: PyValue[]}
  | {kind: 'dict'; entries: [PyValue, PyValue][]}

/** Something conf.py assigns that the static reader could not evaluate. */
export interface Unresolved {
  name: string
  line: number
  reason: string
}

/** The Sphinx settings doclint uses. Paths are POSIX, relative to the tree root. */
export interface SphinxProject {
  /** The Sphinx source folder ('' for the tree root). */
  srcdir: string
  /** conf.py, when there is one (relative to the tree root). */
  confPath?: string
  rootDoc: string
  /** Suffix → parser name, in source_suffix order (`.rst` → `restructuredtext`, `.md` → `markdown`). */
  sourceSuffix: [suffix: string, parser: string][]
  excludePatterns: string[]
  includePatterns: string[]
  templatesPath: string[]
  htmlStaticPath: string[]
  htmlExtraPath: string[]
  extensions: string[]
  numfig: boolean
  defaultRole?: string
  rstProlog?: string
  rstEpilog?: string
  /**
   * Where rst_prolog / rst_epilog are written in conf.py: the line of the assignment, and whether
   * the text's lines are conf.py's lines from there on (a `"""` literal), so a link in it can be
   * placed exactly; otherwise links are placed at the assignment.
   */
  prologAt?: {
    rst_prolog?: {line: number; exact: boolean}
    rst_epilog?: {line: number; exact: boolean}
  }
  language?: string
  /** MyST `myst_heading_anchors` (0 = off). */
  mystHeadingAnchors: number
  /** conf.py `man_pages` entries (source docname, name, description, authors, section). */
  manPages?: {docname: string; name: string; section: number | string; line: number}[]
  /** Raw evaluated conf.py values, for readers that need more (manifests). */
  conf: Map<string, PyValue>
  /** Line of each top-level assignment in conf.py. */
  confLines: Map<string, number>
  /** Assignments the static reader could not evaluate (reported as `info`). */
  unresolved: Unresolved[]
  /** Which Sphinx behaviour to mirror where versions differ (from config.sphinx.version). */
  sphinxVersion?: '8' | '5.3'
  /** conf.py names whose value depends on a condition the reader could not decide (name → line). */
  conditional?: Map<string, number>
  /**
   * The string literals of a conf.py that writes files when Sphinx runs it (paths and label names
   * of what it may generate); absent when conf.py writes nothing.
   */
  confWrites?: string[]
  /**
   * What could not be read at all (a conf.py over CONF_PY_MAX_BYTES): warnings for stderr and
   * the JSON `summary.skipped`, like files over `limits.maxFileSize`.
   */
  notes?: {path: string; message: string}[]
  /**
   * Directives conf.py's `setup()` registers with `app.add_object_type` / `app.add_crossref_type`
   * (FRR's `clicmd`): known to Sphinx, so their content is read like any object description's.
   */
  objectTypes?: string[]
  /**
   * The tags `.. only::` sees besides the builder's: `config.sphinx.tags` after conf.py's
   * `tags.add`/`tags.remove`. Absent when `sphinx.tags` is not configured or conf.py changes the
   * tags in a way the static reader cannot follow.
   */
  tags?: string[]
}
