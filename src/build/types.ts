/** How a project's own documentation build runs sphinx-build, as read from its build files. */

/** One word of a command line, with where it was written. */
export interface Word {
  text: string
  /** The file (relative to the tree root) and 1-based line where the word is written. */
  file: string
  line: number
}

/** What one sphinx-build invocation asks for (the flags that change findings or exit status). */
export interface SphinxBuild {
  /** Where the invocation is (`Documentation/automake.mk:134`, `.readthedocs.yaml:8`). */
  file: string
  line: number
  /** The builder (`-b html`, `-M man`), when given. */
  builder?: string
  /** `-W` (or `fail_on_warning: true`, `--fail-on-warning`): where it is written. */
  warningsAreErrors?: Word
  /** `--keep-going`: report every warning before failing (the default since Sphinx 8.1). */
  keepGoing?: boolean
  /** `-n`: nitpicky mode. */
  nitpicky?: Word
  /** `-t TAG`. */
  tags: string[]
  /** `-D name=value`. */
  overrides: Record<string, string>
  /** `-c DIR`: where conf.py is, relative to the tree root when it could be resolved. */
  confdir?: string
  /** A positional source folder, relative to the tree root when it could be resolved. */
  sourcedir?: string
  /** Whether the flags depend on something not known statically (a build option, `$(shell)`). */
  conditional?: boolean
}

/** The builds found for one Sphinx project and the one doclint follows. */
export interface BuildInfo {
  builds: SphinxBuild[]
  /** The strictest build (-W first, then -n): what doclint follows. */
  strictest?: SphinxBuild
}

/** How one project's build runs sphinx-build, as the JSON summary names it. */
export interface BuildSummary {
  /** The Sphinx source folder, relative to the tree root ('.' for the root). */
  project: string
  /**
   * The project's build folder (its top Makefile.am, meson project, tox.ini, CI workflows),
   * relative to the tree root, when it is not the tree root: several projects under one PATH.
   */
  root?: string
  /** Where the followed invocation is (`Documentation/automake.mk:134`); absent: none found. */
  source?: string
  /** How many invocations were found (html, man, …): the strictest is followed. */
  found: number
  /** Whether warnings fail the build, and why (`Documentation/automake.mk:126`, or the config). */
  warningsAreErrors: boolean
  because?: string
  nitpicky?: boolean
  keepGoing?: boolean
  tags?: string[]
  overrides?: Record<string, string>
  /** What doclint could not follow (`-c` elsewhere, a -W that depends on a build option). */
  notes?: string[]
}
