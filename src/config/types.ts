/** doclint.config.json, after validation. */
import type {Severity} from '../diagnostic.js'

/** A rule setting as written: `"off" | "warn" | "error"` or `[severity, options]`. */
export type RuleSetting =
  | 'off'
  | 'warn'
  | 'warning'
  | 'error'
  | 'info'
  | ['off' | 'warn' | 'warning' | 'error' | 'info', Record<string, unknown>]

/** A manifest the user declares by hand (automake or meson file, variables, what it must cover). */
export interface ManifestConfig {
  /** The build file, relative to the tree root (`Documentation/automake.mk`, `doc/meson.build`). */
  file: string
  /** Variables holding the list; for meson, the variable assigned from `files()`. */
  variables: string[]
  /** Globs (relative to the tree root) of files the list must cover. */
  covers?: string[]
  /** Globs of files that need not be listed. */
  ignore?: string[]
}

/** What one extension adds, declared by the user (config `extensions`). */
export interface ExtensionConfig {
  /** Labels the extension defines (`:ref:` targets), titled. */
  labels?: string[]
  /** Glossary terms it defines (`:term:` targets). */
  terms?: string[]
  /** Directives it registers (their content is read like any known directive's). */
  directives?: string[]
  /** Whether it sets up `sphinx.ext.intersphinx`. */
  intersphinx?: boolean
}

/** Validated configuration. Every field optional in the file; defaults applied by config/load.ts. */
export interface DoclintConfig {
  /** Where the config file is (absolute), when one was found. */
  path?: string
  /** The Sphinx source folder, relative to the config file's folder (overrides detection). */
  root?: string
  /** Overrides for what conf.py says or what the static read could not see. */
  sphinx: {
    rootDoc?: string
    sourceSuffix?: Record<string, string>
    excludePatterns?: string[]
    includePatterns?: string[]
    extensions?: string[]
    defaultRole?: string
    numfig?: boolean
    mystHeadingAnchors?: number
    /**
     * The `sphinx-build -t` tags of the build (conf.py's `tags`, `.. only::`). Unset: conf.py
     * values that depend on `tags` stay unresolved; `[]` declares a build without `-t`.
     */
    tags?: string[]
    /**
     * `"8"` (default, current Sphinx) or `"5.3"` where the two differ (docs/sphinx-semantics.md).
     */
    version: '8' | '5.3'
    /**
     * Whether the project's build turns Sphinx warnings into errors (`sphinx-build -W`). Unset:
     * as the build found in the project's build files does (src/build/find.ts).
     */
    warningsAreErrors?: boolean
  }
  /** Paths (globs relative to the tree root) never reported on. */
  ignore: string[]
  rules: Record<string, {severity: Severity | 'off'; options: Record<string, unknown>}>
  manifests?: ManifestConfig[]
  /**
   * What Sphinx extensions doclint does not model add (by module name, as in conf.py's
   * `extensions`): labels and terms they define, directives whose content is reStructuredText,
   * and whether they turn intersphinx on (`app.setup_extension('sphinx.ext.intersphinx')`).
   */
  extensions?: Record<string, ExtensionConfig>
  /** Intersphinx inventories: `offline` reads only cached copies and files in the tree. */
  intersphinx?: {offline?: boolean}
  /** Directive names whose bodies are literal text / reStructuredText (extends the parser's table). */
  literalDirectives: string[]
  rstDirectives: string[]
  limits: {
    /** Largest file read, in bytes. */
    maxFileSize: number
    /** Largest patch input, in bytes. */
    maxPatchSize: number
    /**
     * Largest mail, in bytes, that needs MIME decoding (attachments, base64, quoted-printable,
     * another charset): the MIME reader costs far more per line than a plain-text mail does.
     */
    maxMimeSize: number
    /** Most patches in one run. */
    maxPatches: number
    /** Most inline elements (roles, references, emphasis …) read from one document. */
    maxElements: number
    /**
     * Most block elements (paragraphs, list items, directives …) read from one document; also
     * bounds its lines (5 per element) and re-reads of deeply nested lines (src/rst/ast.ts).
     */
    maxBlockElements: number
    /**
     * Most elements (links, labels, targets, images, toctrees, includes) that included files add
     * to one document, each included file counting one more; the tree's documents together may
     * have three times as many. Bounds one file included over and over, and include chains that
     * fan out.
     */
    maxIncludedElements: number
    /**
     * Most work a patch series may spend on checks, in documents checked (each check counts the
     * tree's documents and 100 more for its fixed cost). Past it, the patches left are checked
     * together as one change instead of one by one.
     */
    maxSeriesDocuments: number
    /**
     * Most findings one rule lists for one tree; past it they are counted, not listed (and a
     * warning says how many there were). Bounds the output and memory a hostile tree can ask for.
     */
    maxFindings: number
  }
}

/** Defaults no real project hits but a patch bomb does. */
export const DEFAULT_LIMITS: DoclintConfig['limits'] = {
  maxFileSize: 8 * 1024 * 1024,
  maxPatchSize: 8 * 1024 * 1024,
  maxMimeSize: 512 * 1024,
  maxPatches: 1000,
  maxElements: 20_000,
  maxBlockElements: 50_000,
  maxIncludedElements: 10_000,
  maxSeriesDocuments: 20_000,
  maxFindings: 10_000
}

/** The configuration used when there is no file. */
export function defaultConfig(): DoclintConfig {
  return {
    sphinx: {version: '8'},
    ignore: [],
    rules: {},
    literalDirectives: [],
    rstDirectives: [],
    limits: {...DEFAULT_LIMITS}
  }
}
