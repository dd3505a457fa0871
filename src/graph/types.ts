/**
 * The project graph rules query. Owned by graph/: extend freely (rules depend on it), but keep
 * rules free of file-system access: everything they need is here.
 */
import type {Range} from '../diagnostic.js'
import type {SuggestionBudget} from './suggest.js'
import type {
  DocFacts,
  Image,
  Include,
  Label,
  LinkRef,
  LinkTarget,
  Term,
  Toctree,
  ToctreeEntry,
  XRef
} from '../facts/types.js'
import type {ManifestSet} from '../manifests/types.js'
import type {DocnameConflict} from '../project/discover.js'
import type {SphinxProject} from '../project/types.js'
import type {IntersphinxState} from '../intersphinx/types.js'
import type {ExtensionModel} from './extensions.js'

/** A fact together with the file it physically came from (the document or an included file). */
export type Located<T> = T & {
  /** POSIX path relative to the tree root. */
  file: string
}

/** Whether a referenced file exists: `unknown` when it is outside the tree (never reported). */
export type AssetStatus = 'ok' | 'missing' | 'unknown' | 'skipped'

/** A path a document names (include, image, download), resolved as Sphinx's `relfn2path` does. */
export interface AssetRef {
  /** Where it is written. */
  file: string
  range: Range
  /** The path or URI as written. */
  target: string
  /** Relative to the Sphinx source folder, normalised (Sphinx's messages use this form). */
  srcPath: string
  /** Relative to the tree root, when inside the tree. */
  treePath?: string
  status: AssetStatus
  /** Why it is `skipped` (a URL, `data:`, a `.*` glob, `<standard>` include, `generated` by conf.py). */
  skipReason?: string
}

/** An include / literalinclude with its resolution. */
export interface ResolvedInclude extends AssetRef {
  include: Include
}

/** An image / figure with its resolution. */
export interface ResolvedImage extends AssetRef {
  image: Image
}

/** A `:download:` role with its resolution. */
export interface ResolvedDownload extends AssetRef {
  xref: XRef
}

/**
 * How a Markdown link (`mdlink` XRef) resolved, as MyST 0.18's `MystReferenceResolver` does (see
 * the header of src/facts/markdown.ts). The `missing-*` kinds say which rule reports it.
 */
export type MdLinkStatus =
  /** A heading anchor (`#slug`, `other.md#slug`; `myst_heading_anchors` set). */
  | 'anchor'
  /** A std label (`(name)=`, `.. _name:`, `:name:`), compared lower-cased. */
  | 'label'
  /** A document, suffix stripped or not. */
  | 'doc'
  /** A glossary term or a generated page (`genindex`). */
  | 'object'
  /** An existing local file that is not a source file: a download, never checked further. */
  | 'download'
  /** Outside the tree: cannot be checked. */
  | 'unknown'
  /** Names no document (a path ending in a source suffix, or with a folder): `doc-unknown`. */
  | 'missing-doc'
  /** `#slug` / `doc.md#slug` whose anchor (or label) does not exist: `ref-undefined`. */
  | 'missing-anchor'
  /** A bare name that is no label, document or term: `ref-undefined`. */
  | 'missing-label'
  /** A path with a non-source file extension that does not exist: `download-missing`. */
  | 'missing-file'
  /** Found in an intersphinx inventory. */
  | 'external'
  /** Only inventories that did not load could answer (`inventories` names them). */
  | 'unchecked'

/** A Markdown link after resolution. */
export interface ResolvedMdLink {
  xref: Located<XRef>
  status: MdLinkStatus
  /** Docname (`doc`, `missing-doc`, anchors) or srcdir-relative path (`download`, `missing-file`). */
  resolved?: string
  /** For anchors: the fragment after the last `#`. */
  anchor?: string
  /** For `unchecked`: the inventories that did not load. */
  inventories?: string[]
}

/** What happened to one toctree entry (docs/sphinx-semantics.md §3.2–§3.4). */
export type EntryStatus =
  /** Names a document (or a generated page). */
  | 'ok'
  /** The same document already appeared in this toctree (still registered). */
  | 'duplicate'
  /** Names no document. */
  | 'missing'
  /** Names a path `exclude_patterns` matches. */
  | 'excluded'
  /** The current document itself. */
  | 'self'
  /** A URL or the `self` keyword: never checked. */
  | 'external'
  /** A `:glob:` pattern; `matches` holds what it added (maybe nothing). */
  | 'glob'

/** One toctree entry after resolution. */
export interface ResolvedEntry {
  entry: ToctreeEntry
  status: EntryStatus
  /** The docname it names after suffix stripping and joining (not for globs/external). */
  docname?: string
  /** For globs: the joined pattern and the documents it added, sorted. */
  pattern?: string
  matches?: string[]
  /** Glob matched only generated names (`genindex` …): Sphinx 8.1+ calls that empty. */
  onlyGenerated?: boolean
  /** For duplicates: the earlier entry of the same toctree that named it (absent for globs). */
  first?: ToctreeEntry
  /** Whether the entry registers documents (counts for orphans). */
  registers: string[]
}

/** A toctree of a document, its entries resolved. */
export interface ResolvedToctree {
  /** The file the directive is in (the document or an included file). */
  file: string
  /** The document it belongs to. */
  docname: string
  toctree: Toctree
  entries: ResolvedEntry[]
  /** Every document this toctree registers (Sphinx's `includefiles`), in order. */
  includes: string[]
  /**
   * The `.. only::` expression around the toctree when it holds under `sphinx.tags` for every
   * builder; `toctree.inOnly` is then absent, so the toctree is checked like any other.
   */
  onlyKept?: string
}

/** One Sphinx document. */
export interface GraphDocument {
  docname: string
  /** POSIX path relative to the tree root. */
  path: string
  parser: string
  /** The facts of the document's own file (suppressions of that file included). */
  facts: DocFacts
  /** Every file the document is made of: itself, then included files (recursively), in order. */
  files: string[]
  /** The title Sphinx uses (first section, includes expanded). */
  title?: {text: string; range: Range; file: string}
  /** Local TOC non-empty (docs/sphinx-semantics.md §3.5), includes expanded. */
  hasLocalToc: boolean
  /** Docinfo fields, includes at the document start counted. */
  metadata: Record<string, string>
  toctrees: ResolvedToctree[]
  xrefs: Located<XRef>[]
  /** Labels after in-document duplicate invalidation (`duplicateInFile` marks the dead ones). */
  labels: Located<Label>[]
  terms: Located<Term>[]
  includes: ResolvedInclude[]
  images: ResolvedImage[]
  downloads: ResolvedDownload[]
  linkRefs: Located<LinkRef>[]
  /** Link targets of the document, includes and rst_prolog/rst_epilog included. */
  linkTargets: Located<LinkTarget>[]
  /** Markdown links (`mdlink` XRefs) of the document and its includes, resolved; absent for RST. */
  mdlinks?: ResolvedMdLink[]
  /**
   * Explicit target names docutils warns about in the composed document (`Duplicate explicit
   * target name`): the first definition, then each definition warned about, in order.
   */
  duplicateTargets: Located<LinkTarget>[][]
  /**
   * No front end reads this document's format (a Markdown parser before its front end exists): its
   * facts are empty, so what it lists and defines is unknown.
   */
  factsUnknown?: boolean
  /**
   * Why some of the document's includes were not expanded: the files it includes add more than
   * `limits.maxIncludedElements` elements, or the tree's includes more than three times that.
   */
  includesCut?: string
}

/** A label in the global table. */
export interface LabelEntry {
  docname: string
  label: Located<Label>
}

/**
 * A label defined again in a later document while an earlier titled one exists
 * (docs/sphinx-semantics.md §6.3).
 */
export interface LabelDuplicate {
  docname: string
  label: Located<Label>
  /** The earlier instance (`genindex`, `modindex`, `search` are pre-registered: no label). */
  other: {docname: string; label?: Located<Label>}
}

/** A glossary term in the global table. */
export interface TermEntry {
  docname: string
  term: Located<Term>
}

/** Everything rules see. */
export interface Graph {
  project: SphinxProject
  /**
   * What the change being checked renamed (patch modes): tree paths and the docnames they hold,
   * old → new. Suggestions and fixes follow them.
   */
  renames?: {paths: Map<string, string>; docnames: Map<string, string>}
  /** `'8'` (current Sphinx) or `'5.3'` where the two differ. */
  sphinxVersion: '8' | '5.3'
  /** Documents by docname, in sorted docname order. */
  documents: Map<string, GraphDocument>
  /** Build-system manifests (automake, meson, conf.py man_pages). */
  manifests: ManifestSet
  /** The root document in effect (`contents` when `index` is missing and `contents` exists). */
  rootDoc: string
  /** Whether the root document exists. */
  rootDocExists: boolean
  /** Pages Sphinx generates: valid toctree entries and `:ref:` labels, never `:doc:` targets. */
  generated: ReadonlySet<string>
  /**
   * Label names files conf.py writes at build time may define (its string literals), present when
   * a document includes such a file: doclint cannot see what is in it.
   */
  confLabels?: ReadonlySet<string>
  /** Docnames some document pulls in with `.. include::` (they never count as orphans). */
  included: ReadonlySet<string>
  /** Titled labels (`:ref:` without a title works), the later definition winning as in Sphinx. */
  labels: Map<string, LabelEntry>
  /** Every label (`:ref:` with an explicit title works). */
  anonLabels: Map<string, LabelEntry>
  labelDuplicates: LabelDuplicate[]
  /** Glossary terms by exact text (first definition). */
  terms: Map<string, TermEntry>
  /** Glossary terms by lower-cased text. */
  termsLower: Map<string, TermEntry>
  /**
   * Every document's facts are known. When false (a format without a front end), project-wide
   * "defined nowhere" checks (orphans, labels, terms) cannot be sure and stay silent.
   */
  complete: boolean
  /**
   * `sphinx.ext.intersphinx` is on (in conf.py, or set up by an extension): the mapping, and the
   * inventories as loaded. Unresolved `:ref:`/`:term:`/`:doc:` targets are looked up there
   * (src/intersphinx/resolve.ts).
   */
  intersphinx?: IntersphinxState
  /**
   * `sphinx.ext.autosectionlabel` is on: the labels its section titles make (normalised title
   * source, or `docname:title` with `autosectionlabel_prefix_document`, down to
   * `autosectionlabel_maxdepth`). All titled.
   */
  sectionLabels?: ReadonlySet<string>
  /** The project's extensions (set-up ones included), and what doclint knows of them. */
  extensions?: ExtensionModel
  /** Facts of every file read (documents and included files), by tree path. */
  files: Map<string, DocFacts>
  /**
   * What documents' facts were made from: each document's facts key context (parser and options)
   * by tree path, and the files read as text for something else (included files). A document
   * read only for its facts affects findings only through them (engine/run.ts: a change that
   * leaves its facts as they were changes nothing).
   */
  factsInputs?: {documents: Map<string, string>; rawTexts: Set<string>}
  /** Every file under the source folder (tree paths, sorted), documents or not. */
  sourceFiles: string[]
  /** Docnames with more than one file (Sphinx reads one of them). */
  docnameConflicts: DocnameConflict[]
  /**
   * What the rules may still spend on "did you mean" suggestions (src/graph/suggest.ts); the
   * `closest*` functions below charge it too.
   */
  suggestionBudget: SuggestionBudget
  /** Docnames close to `name` (edit distance), best first; empty when nothing is close. */
  closestDocuments(name: string): string[]
  /** Titled or anonymous labels close to `name`, best first; empty when nothing is close. */
  closestLabels(name: string): string[]
  /** Terms close to `name`, best first. */
  closestTerms(name: string): string[]
}
