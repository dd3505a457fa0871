/**
 * Per-file facts: what one source file (RST or Markdown) defines and references, in that file's
 * own coordinates. Front ends (facts/rst.ts, facts/markdown.ts) produce them from a syntax tree;
 * the graph builder (graph/) composes them across includes and resolves them. Facts never hold
 * resolved paths: `include`, images, `:doc:` targets inside an included file resolve against the
 * *including* document, so resolution belongs to the graph.
 *
 * This file is a contract between the front ends and the graph. Add optional fields freely;
 * do not change the meaning of existing ones.
 */
import type {Range} from '../diagnostic.js'

/** A problem the parser found (docutils system message), kept for rules that want them. */
export interface FactProblem {
  level: 1 | 2 | 3 | 4
  message: string
  line: number
  range?: Range
  /** `limit`: a budget ran out and the rest was not read (a note for the run, not a finding). */
  kind?: 'limit'
}

/** Kinds of cross-reference roles the graph resolves. */
export type XRefKind =
  | 'doc'
  | 'ref'
  | 'numref'
  | 'term'
  | 'download'
  | 'any'
  | 'keyword'
  | 'option'
  /** A Markdown link or image to a local path (`[x](other.md)`, `[x](#anchor)`). */
  | 'mdlink'

/** A cross-reference (`:doc:`, `:ref:`, MyST `{doc}`, Markdown links …). */
export interface XRef {
  kind: XRefKind
  /** The role as written, normalised (`doc`, `std:doc`, `ref`); `md` for Markdown links. */
  role: string
  /** The raw text inside the role (escapes kept). */
  raw: string
  /**
   * The target after Sphinx's XRefRole processing (docs/sphinx-semantics.md §2.1): explicit title
   * split off, escapes removed, whitespace runs collapsed (not stripped); lower-cased for
   * `ref`/`numref`. For `mdlink`: the URL as written (decoded), fragment included.
   */
  target: string
  /** Whether an explicit title was given (`Title <target>`). */
  hasTitle: boolean
  /** `!` prefix: Sphinx creates no reference and never warns. */
  disabled: boolean
  /** The exact range of the whole role / link. */
  range: Range
  /** The line Sphinx reports: the first line of the enclosing text block. */
  blockLine: number
  /** When inside a substitution definition, its name (Sphinx reports at the definition). */
  substitution?: string
  /**
   * Written as `:external:role:` (`null`) or `:external+inv:role:` (the inventory name):
   * intersphinx looks the target up in the inventories only.
   */
  external?: string | null
}

/** One entry line of a toctree. */
export interface ToctreeEntry {
  /** The entry as written (trailing whitespace stripped, leading indentation beyond the block's kept). */
  raw: string
  /** Explicit title, when `Title <target>`. */
  title?: string
  /** Explicit target, or the whole entry. Not yet suffix-stripped or joined. */
  ref: string
  /** Whether the entry form is explicit (`Title <target>`). */
  explicit: boolean
  range: Range
}

/** A `toctree` directive (RST) or `{toctree}` fence (MyST). */
export interface Toctree {
  /** The directive marker's range (`.. toctree::` line). */
  range: Range
  /** False when an option error killed the directive (its entries are not registered). */
  valid: boolean
  /** The docutils error text when not valid. */
  error?: string
  glob: boolean
  hidden: boolean
  reversed: boolean
  includehidden: boolean
  titlesonly: boolean
  numbered?: number
  maxdepth?: number
  caption?: string
  name?: string
  entries: ToctreeEntry[]
  /** Inside `.. only::` (counts for orphans; skipped for write-time checks only when false). */
  inOnly?: string
}

/** What a label (explicit target / `:name:` option) lands on. */
export type LabelNode =
  | 'section'
  | 'rubric'
  | 'figure'
  | 'table'
  | 'code'
  | 'toctree'
  | 'definitionList'
  | 'fieldList'
  | 'math'
  | 'other'
  | 'none'

/** A label definition (Sphinx std domain): `.. _name:`, `:name:` options, MyST `(name)=`. */
export interface Label {
  /** Normalised name (docutils fully_normalize_name). */
  name: string
  /** The range of the target itself (`.. _name:` or the `:name:` option line). */
  range: Range
  /** What it lands on, after docutils PropagateTargets. */
  node: LabelNode
  /** Whether `:ref:` without explicit title can use it (a title or caption exists). */
  titled: boolean
  title?: string
  /** Whether `:numref:` can number it (figure, table, code-block, section). */
  numberable: boolean
  /** The line Sphinx reports for a duplicate (the node it landed on: a title's underline, …). */
  reportLine: number
  /** Heading anchors (MyST `myst_heading_anchors`) are document-local, not global labels. */
  anchorOnly?: boolean
  /**
   * Another definition of the same name in the same document: docutils reports
   * `Duplicate explicit target name` and neither becomes a Sphinx label
   * (docs/sphinx-semantics.md §6.3).
   */
  duplicateInFile?: boolean
  /** What it lands on is not known statically (an include, `only`): never call it untitled. */
  uncertain?: boolean
}

/** `.. include::` / `.. literalinclude::` / MyST `{include}`. */
export interface Include {
  directive: 'include' | 'literalinclude'
  /** The path as written. */
  path: string
  /** `<isonum.txt>`: docutils' standard include folder, never checked. */
  standard: boolean
  range: Range
  /** Options as written (`start-after`, `end-before`, `start-line`, `end-line`, `literal`, `code`, `parser`). */
  options: Record<string, string>
  /** Preceded only by pre-bibliographic nodes: its docinfo (`:orphan:`) counts for the includer. */
  atDocumentStart?: boolean
}

/** An image (`image`, `figure`, `|x| image::`, Markdown `![](x)`). */
export interface Image {
  uri: string
  directive: 'image' | 'figure' | 'markdown'
  range: Range
  /** When inside a substitution definition, its name. */
  substitution?: string
}

/** A glossary term definition. */
export interface Term {
  /** The term text after inline parsing. */
  term: string
  range: Range
  /** Sphinx reports duplicates at the term's line minus one. */
  reportLine: number
}

/** A document-local hyperlink reference (`name`_) that docutils must resolve in the document. */
export interface LinkRef {
  /** Normalised reference name. */
  refname: string
  text: string
  range: Range
  /** The line docutils reports at (the enclosing block's first line). */
  blockLine: number
}

/** A name docutils can resolve `name`_ against, in this document. */
export interface LinkTarget {
  name: string
  kind: 'explicit' | 'implicit' | 'inline' | 'substitution' | 'citation' | 'footnote'
  range: Range
  /** For external targets (`.. _x: https://…`): the URI (two identical ones are no duplicate). */
  refuri?: string
  /** Implicit targets of sections: how deep the section is (0: a top-level section). */
  depth?: number
  /** Implicit targets of sections: the title as written (`rawsource`, markup kept). */
  rawTitle?: string
  /** Defined by `` `text <alias_>`_ ``: resolvable, but never a duplicate (docutils notes it as indirect). */
  indirect?: boolean
  /** Defined by `` `text <uri>`_ `` (explicit up to docutils 0.21, implicit from 0.22). */
  embedded?: boolean
}

/**
 * An inline suppression comment (src/facts/suppression.ts): `.. doclint-disable-next-line id, id`
 * (RST), `% doclint-disable …` (MyST), `<!-- doclint-enable … -->` (Markdown).
 */
export interface Suppression {
  /** `next-line` silences one line; `disable` … `enable` silence the lines between them. */
  kind: 'next-line' | 'disable' | 'enable'
  /** The line the comment starts on. */
  line: number
  /** The line it silences: the line right after the comment (`next-line`); else `line`. */
  appliesTo: number
  /** Rule ids; empty means every rule. */
  rules: string[]
  /** The directive, normalised (`doclint-disable-next-line doc-unknown, orphan`). */
  text: string
}

/** Everything one file defines and references. */
export interface DocFacts {
  /** The document title (first section title at top level), when there is one. */
  title?: {text: string; range: Range}
  /**
   * Whether Sphinx's local TOC of this file is non-empty: a top-level section, or a toctree
   * anywhere (docs/sphinx-semantics.md §3.5). Used by `toctree-untitled`.
   */
  hasLocalToc: boolean
  /** Docinfo fields (`:orphan:` → `orphan`), exact names as written. */
  metadata: Record<string, string>
  toctrees: Toctree[]
  xrefs: XRef[]
  labels: Label[]
  includes: Include[]
  images: Image[]
  terms: Term[]
  linkRefs: LinkRef[]
  linkTargets: LinkTarget[]
  suppressions: Suppression[]
  problems: FactProblem[]
}

/** An empty facts object. */
export function emptyFacts(): DocFacts {
  return {
    hasLocalToc: false,
    metadata: {},
    toctrees: [],
    xrefs: [],
    labels: [],
    includes: [],
    images: [],
    terms: [],
    linkRefs: [],
    linkTargets: [],
    suppressions: [],
    problems: []
  }
}

/**
 * Fields of facts that hold a line number on its own (problems, suppressions, directive blocks),
 * besides the points (`line`, `column`, `offset`) of ranges: what moves when a fact's text moves.
 */
export const FACT_LINE_KEYS: ReadonlySet<string> = new Set([
  'line',
  'blockLine',
  'reportLine',
  'appliesTo'
])

/** Whether a value inside facts is a point of a range (`line`, `column` and `offset`). */
export function isFactPoint(
  value: Record<string, unknown>
): value is Record<string, unknown> & {line: number; column: number; offset: number} {
  return (
    typeof value.line === 'number' &&
    typeof value.column === 'number' &&
    typeof value.offset === 'number'
  )
}
