/**
 * Directive names Sphinx knows without third-party extensions. docutils does not parse the
 * content of an unknown directive, so references inside one never warn
 * (docs/sphinx-semantics.md §7).
 */
import {ADMONITIONS} from '../rst/directives.js'
import type {SphinxProject} from '../project/types.js'

const DOCUTILS = [
  'admonition',
  ...ADMONITIONS.filter((name) => name !== 'seealso' && name !== 'todo'),
  'image',
  'figure',
  'topic',
  'sidebar',
  'line-block',
  'parsed-literal',
  'code',
  'math',
  'rubric',
  'epigraph',
  'highlights',
  'pull-quote',
  'compound',
  'container',
  'table',
  'csv-table',
  'list-table',
  'contents',
  'sectnum',
  'section-numbering',
  'header',
  'footer',
  'target-notes',
  'meta',
  'replace',
  'unicode',
  'date',
  'raw',
  'include',
  'class',
  'role',
  'default-role',
  'title',
  'restructuredtext-test-directive'
]

const SPHINX = [
  'toctree',
  'sectionauthor',
  'moduleauthor',
  'codeauthor',
  'index',
  'seealso',
  'tabularcolumns',
  'centered',
  'acks',
  'hlist',
  'only',
  'rst-class',
  'cssclass',
  'deprecated',
  'versionadded',
  'versionchanged',
  'versionremoved',
  'highlight',
  'highlightlang',
  'code-block',
  'sourcecode',
  'literalinclude',
  'glossary',
  'productionlist',
  'program',
  'option',
  'cmdoption',
  'envvar',
  'describe',
  'object',
  'default-domain',
  'currentmodule',
  'module',
  'function',
  'data',
  'class',
  'exception',
  'method',
  'classmethod',
  'staticmethod',
  'attribute',
  'property',
  'decorator',
  'decoratormethod',
  'confval',
  'type',
  'py:function',
  'c:function',
  'cpp:function',
  'js:function'
]

/** Directives of Sphinx's own extensions, by extension module. */
const EXTENSIONS: Record<string, string[]> = {
  'sphinx.ext.ifconfig': ['ifconfig'],
  'sphinx.ext.todo': ['todo', 'todolist'],
  'sphinx.ext.graphviz': ['graphviz', 'graph', 'digraph'],
  'sphinx.ext.mathjax': [],
  'sphinx.ext.imgmath': [],
  'sphinx.ext.intersphinx': [],
  'sphinx.ext.extlinks': [],
  'sphinx.ext.githubpages': [],
  'sphinx.ext.viewcode': [],
  'sphinx.ext.autosectionlabel': [],
  'sphinx.ext.coverage': [],
  'sphinx.ext.duration': [],
  'sphinx.ext.doctest': ['doctest', 'testcode', 'testoutput', 'testsetup', 'testcleanup'],
  'sphinx.ext.inheritance_diagram': ['inheritance-diagram'],
  'sphinx.ext.autosummary': ['autosummary'],
  'sphinx.ext.napoleon': [],
  'sphinx.ext.linkcode': [],
  // third-party extensions whose directives are known (read from their sources)
  sphinx_copybutton: [],
  sphinx_rtd_theme: [],
  furo: [],
  'sphinxext.opengraph': [],
  sphinx_autodoc_typehints: [],
  sphinx_issues: [],
  'notfound.extension': [],
  'sphinx_tabs.tabs': ['tabs', 'tab', 'group-tab', 'code-tab'],
  sphinx_inline_tabs: ['tab'],
  'sphinxcontrib.programoutput': ['program-output', 'command-output'],
  'sphinxcontrib.mermaid': ['mermaid', 'autoclasstree'],
  sphinx_sitemap: [],
  'sphinxcontrib.jquery': [],
  sphinx_last_updated_by_git: []
}

/**
 * The directives a project knows, or `undefined` when it loads an extension doclint cannot
 * enumerate (then every directive's content counts, which can only miss, never invent, findings
 * inside unknown ones).
 */
export function knownDirectives(
  project: SphinxProject,
  declared: Record<string, {directives?: string[]}> = {}
): ReadonlySet<string> | undefined {
  const names = new Set([...DOCUTILS, ...SPHINX, ...(project.objectTypes ?? [])])
  for (const extension of project.extensions) {
    // what the user declared for an extension (config `extensions.<name>.directives`)
    const own = declared[extension]?.directives
    if (own !== undefined) {
      for (const name of own) names.add(name)
      continue
    }
    if (extension === 'sphinx.ext.autodoc' || extension.startsWith('sphinx.ext.autodoc.')) {
      // autodoc directives are `auto*`: their content is ReST, but nothing reaches it statically.
      for (const name of [
        'automodule',
        'autoclass',
        'autofunction',
        'autodata',
        'automethod',
        'autoattribute',
        'autoexception'
      ]) {
        names.add(name)
      }
      continue
    }
    const extra = EXTENSIONS[extension]
    if (!extra) return undefined
    for (const name of extra) names.add(name)
  }
  return names
}

/** Whether doclint knows every directive an extension registers. */
export function knowsExtensionDirectives(extension: string): boolean {
  return extension in EXTENSIONS || extension.startsWith('sphinx.ext.autodoc')
}
