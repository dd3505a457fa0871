/**
 * What a project's Sphinx extensions add to the graph. doclint models some (intersphinx,
 * autosectionlabel, MyST, the directives of many), knows others only by name (it knows they
 * exist and what they do, but not every label or document they make), and knows nothing of the
 * rest. Extensions kept in the tree are read statically for `app.setup_extension(...)`: an
 * extension that sets up `sphinx.ext.intersphinx` turns it on as surely as conf.py does.
 */
import type {DoclintConfig} from '../config/types.js'
import type {SphinxProject} from '../project/types.js'
import type {FileTree} from '../tree/types.js'
import {knowsExtensionDirectives} from './known-directives.js'
import {normpath} from './paths.js'

/** Extensions whose effect on the graph doclint reproduces (or that add nothing to it). */
const MODELLED = new Set([
  'sphinx.ext.intersphinx',
  'sphinx.ext.autosectionlabel',
  'sphinx.ext.autodoc',
  'sphinx.ext.autodoc.typehints',
  'sphinx.ext.napoleon',
  'sphinx.ext.viewcode',
  'sphinx.ext.mathjax',
  'sphinx.ext.imgmath',
  'sphinx.ext.githubpages',
  'sphinx.ext.extlinks',
  'sphinx.ext.coverage',
  'sphinx.ext.duration',
  'sphinx.ext.todo',
  'sphinx.ext.ifconfig',
  'sphinx.ext.doctest',
  'sphinx.ext.graphviz',
  'sphinx.ext.inheritance_diagram',
  'sphinx.ext.autosummary',
  'myst_parser',
  // third-party extensions that define no label, term or document (their sources, read)
  'sphinx_copybutton',
  'sphinx_rtd_theme',
  'furo',
  'sphinx_autodoc_typehints',
  'sphinxext.opengraph',
  'sphinx_issues',
  'notfound.extension',
  'sphinx_tabs.tabs',
  'sphinx_inline_tabs',
  'sphinxcontrib.programoutput',
  'sphinxcontrib.mermaid',
  'sphinx_last_updated_by_git',
  'sphinx.ext.linkcode',
  'sphinx_sitemap',
  'sphinxcontrib.jquery'
])

/**
 * Extensions doclint knows but does not model: they define labels, terms, objects or whole
 * documents it cannot see statically (a citation, a generated page, a Click command's sections).
 */
const KNOWN_BY_NAME = new Set([
  'myst_nb',
  'nbsphinx',
  'sphinx_gallery.gen_gallery',
  'sphinxcontrib.bibtex',
  'sphinx_click',
  'sphinx_click.ext',
  'sphinxarg.ext',
  'sphinxcontrib.httpdomain',
  'sphinxcontrib.openapi',
  'sphinx_design',
  'sphinx_togglebutton',
  'sphinx_toolbox',
  'sphinx_automodapi.automodapi',
  'autoapi.extension',
  'sphinx.ext.apidoc',
  'sphinxcontrib.apidoc',
  'sphinx_tabs',
  'breathe',
  'exhale',
  'sphinx_needs',
  'sphinxcontrib.plantuml',
  'sphinx_panels',
  'sphinx_external_toc',
  'sphinx_exec_code',
  'jupyter_sphinx',
  'sphinx_substitution_extensions',
  'sphinx_prompt',
  'hoverxref.extension',
  'sphinx_reredirects',
  'sphinx_markdown_tables',
  'recommonmark'
])

/** What the extensions of a project add, and how well doclint knows them. */
export interface ExtensionModel {
  /** conf.py's extensions plus the ones they (or conf.py's own `setup()`) set up. */
  enabled: string[]
  /** Labels users declared for extensions (config `extensions.<name>.labels`), normalised. */
  labels: Set<string>
  /** Terms users declared. */
  terms: Set<string>
  /** For the JSON summary: modelled, known only by name, unknown. */
  summary: {modelled: string[]; known: string[]; unknown: string[]}
}

const SETUP_EXTENSION = /\bsetup_extension\(\s*(?:extname\s*=\s*)?(['"])([\w.]+)\1/g

/** Largest extension source read: 1 MiB. */
const MAX_SOURCE_BYTES = 1024 * 1024

/** The folders an extension module is looked for in: the source folder, its `_ext`, its parent, the root. */
function searchDirs(srcdir: string): string[] {
  const base = srcdir === '' ? '.' : srcdir
  const dirs = ['', '_ext', 'ext', 'exts', '_extensions', '..'].map((sub) =>
    normpath(sub === '' ? base : `${base}/${sub}`)
  )
  dirs.push('.')
  return [...new Set(dirs)].filter(
    (dir) => dir !== '..' && !dir.startsWith('../') && !dir.startsWith('/')
  )
}

async function readSource(
  tree: FileTree,
  srcdir: string,
  module: string
): Promise<string | undefined> {
  const relative = module.split('.').join('/')
  for (const dir of searchDirs(srcdir)) {
    const prefix = dir === '.' || dir === '' ? '' : `${dir}/`
    for (const candidate of [`${prefix}${relative}.py`, `${prefix}${relative}/__init__.py`]) {
      const bytes = await tree.read(candidate)
      if (bytes === undefined || bytes.length > MAX_SOURCE_BYTES) continue
      return new TextDecoder('utf-8', {fatal: false}).decode(bytes)
    }
  }
  return undefined
}

/** Names a source passes to `app.setup_extension(...)`. */
function setupExtensions(text: string): string[] {
  return [...text.matchAll(SETUP_EXTENSION)].map((match) => match[2] ?? '')
}

/** The extensions of a project and what doclint makes of them. */
export async function modelExtensions(
  tree: FileTree,
  project: SphinxProject,
  config: DoclintConfig
): Promise<ExtensionModel> {
  const enabled: string[] = []
  const seen = new Set<string>()
  const queue: string[] = []
  const add = (name: string): void => {
    if (seen.has(name)) return
    seen.add(name)
    enabled.push(name)
    queue.push(name)
  }
  for (const name of project.extensions) add(name)
  // conf.py's own setup(app) may set extensions up too
  if (project.confPath !== undefined) {
    const bytes = await tree.read(project.confPath)
    if (bytes !== undefined && bytes.length <= MAX_SOURCE_BYTES) {
      for (const name of setupExtensions(new TextDecoder().decode(bytes))) add(name)
    }
  }
  const declared = config.extensions ?? {}
  // Read the extensions kept in the tree (a bounded number), and what they set up in turn.
  let reads = 0
  while (queue.length > 0 && reads < 64) {
    const name = queue.shift() as string
    if (name.startsWith('sphinx.') || isModelledExtension(name) || KNOWN_BY_NAME.has(name)) continue
    reads++
    const text = await readSource(tree, project.srcdir, name)
    if (text !== undefined) for (const other of setupExtensions(text)) add(other)
  }
  for (const [name, declaration] of Object.entries(declared)) {
    if (declaration.intersphinx && seen.has(name)) add('sphinx.ext.intersphinx')
  }
  const labels = new Set<string>()
  const terms = new Set<string>()
  const summary: ExtensionModel['summary'] = {modelled: [], known: [], unknown: []}
  for (const name of enabled) {
    const declaration = declared[name]
    if (declaration && seen.has(name)) {
      for (const label of declaration.labels ?? [])
        labels.add(label.toLowerCase().trim().replace(/\s+/g, ' '))
      for (const term of declaration.terms ?? []) terms.add(term)
    }
    if (isModelledExtension(name) || declaration !== undefined) summary.modelled.push(name)
    else if (KNOWN_BY_NAME.has(name) || name.startsWith('sphinx.ext.')) summary.known.push(name)
    else summary.unknown.push(name)
  }
  return {enabled, labels, terms, summary}
}

/** Whether an extension is modelled (its directives and effects known). */
export function isModelledExtension(name: string): boolean {
  return MODELLED.has(name) || knowsExtensionDirectives(name)
}
