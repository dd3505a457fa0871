/** Build-system manifests. Owned by manifests/: this is the shape the graph carries. */
import type {Range} from '../diagnostic.js'
import type {FileTree} from '../tree/types.js'

/**
 * Reuse of a value computed from a tree while the tree answers the same (the engine's, so patch
 * modes read unchanged build files once): `compute` gets a tree that records its questions.
 */
export type TreeReuse = <T>(
  key: string,
  tree: FileTree,
  compute: (tree: FileTree) => Promise<T>
) => Promise<T>

/** One word of a manifest list, with where it came from (through variable expansion). */
export interface ManifestEntry {
  /** The file it names, POSIX, relative to the tree root. */
  path: string
  /** The word as written. */
  word: string
  /** Where the word is (the build file, relative to the tree root). */
  file: string
  range: Range
  /**
   * The variable whose value the word is written in: differs from the list's variable for
   * expanded entries (`RST_MANPAGES` words reached through `DOC_SOURCE`).
   */
  variable?: string
  /** Whether `range` holds exactly this word and nothing else names the file (safe to delete). */
  exact?: boolean
  /** Enclosing conditionals where the word is written (`HAVE_SPHINX`, `!HAVE_SPHINX`). */
  conditions?: string[]
  /** conf.py `man_pages` entries: the page's file name (`frr-bgpd.8`). */
  manName?: string
  /** A shell glob (`doc/*.rst`): it lists every file it matches. */
  glob?: boolean
  /** A pattern that may match nothing (MANIFEST.in only warns then): never missing. */
  optional?: boolean
  /** Names a folder of the tree: automake distributes it, and everything below, recursively. */
  folder?: boolean
  /**
   * Names a file the build makes (a rule's target, `BUILT_SOURCES`, `CLEANFILES`, or `X` beside
   * an `X.in` that configure turns into it): not in the source tree, and not missing.
   */
  generated?: boolean
}

/** One list (a variable of one build file). */
export interface ManifestList {
  kind: 'automake' | 'make' | 'meson' | 'conf.py' | 'toctree' | 'MANIFEST.in'
  /** The build file (relative to the tree root). */
  file: string
  variable: string
  entries: ManifestEntry[]
  /** Globs (relative to the tree root) of files this list must cover. */
  covers: string[]
  ignore: string[]
  /** The folder the list's words are relative to (the top-level Makefile.am's, meson.build's). */
  base?: string
  /** Where the variable is first assigned (for related locations). */
  range?: Range
  /** Whether the list is only compared with others (man page lists), never checked on its own. */
  compareOnly?: boolean
  /**
   * Part of the list is not known statically (`$(shell …)`): its literal words are checked, but
   * no file is called unlisted from it (the unknown part may name it).
   */
  partial?: boolean
}

/** Something the manifest readers could not read or evaluate (reported as `info`). */
export interface ManifestProblem {
  file: string
  range: Range
  message: string
}

/** All manifests of the tree. */
export interface ManifestSet {
  lists: ManifestList[]
  /** Texts of the build files read (tree-relative path → text), so rules can build fixes. */
  sources?: Map<string, string>
  /**
   * Files of the tree under the folders the lists cover or list files in (sorted): what
   * manifest-missing and manifest-unlisted compare with, since rules do not read the tree.
   */
  files?: string[]
  /** The automake man page words (`RST_MANPAGES`…) against conf.py `man_pages`. */
  manPages?: ManPageLists
  problems?: ManifestProblem[]
  /** Lists whose words are not all known statically (`$(shell …)`), reported at `info`. */
  unevaluated?: {file: string; range: Range; variable: string; reason: string}[]
  /** Build files not read for their size: warnings for stderr and the JSON `summary.skipped`. */
  notes?: {path: string; message: string}[]
}

/** The lists of man pages that must agree: automake, conf.py and the man page index toctree. */
export interface ManPageLists {
  /** `RST_MANPAGES`-like words (automake, or a plain Makefile's `MAN8_RST`), naming the sources. */
  automake?: ManifestList[]
  /** conf.py `man_pages` sources (entries naming the source files; `word` is the docname). */
  confPy?: ManifestList
  /** Why conf.py's `man_pages` could not be read (assignment present but not evaluated). */
  confPyUnevaluated?: {file: string; range: Range; reason: string}
  /** The docname whose toctree must list the man pages (`ref/index`). */
  indexDocname?: string
  /**
   * Man pages the build installs (`man8 += $(MANBUILD)/frr-bgpd.8`, `dist_man1_MANS`), spread over
   * every file that declares one; `path` is the page's file name (`frr-bgpd.8`).
   */
  installed?: ManifestList[]
  /** conf.py's text, so an entry to add or remove can be printed as written (never edited). */
  confText?: string
}
