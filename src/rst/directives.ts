/**
 * How directive bodies are read. docutils knows each directive's argument spec; we do not run
 * directive code, so this table says, per name, whether the content is reStructuredText or literal
 * text, whether the text after `::` is an argument or the first content line, and whether the
 * argument is inline markup (titles). Unknown directives: RST body, one optional argument.
 */

/** Per-directive reading rules. */
export interface DirectiveSpec {
  /** 'rst': content parsed as body elements; 'literal': kept as text; 'inline': one paragraph. */
  body: 'rst' | 'literal' | 'inline'
  /** False when the directive takes no argument (text after `::` starts the content). */
  argument: boolean
  /** 'all': the argument is inline markup (a title); 'rest': all but its first word is. */
  inlineArgument?: 'all' | 'rest'
}

/** Admonitions: no argument, body is markup (docutils' nine, plus Sphinx's seealso and todo). */
export const ADMONITIONS: readonly string[] = [
  'attention',
  'caution',
  'danger',
  'error',
  'hint',
  'important',
  'note',
  'tip',
  'warning',
  'seealso',
  'todo'
]

const literalNames = [
  'code-block',
  'code',
  'sourcecode',
  'highlight',
  'raw',
  'math',
  'literalinclude',
  'graphviz',
  'digraph',
  'graph',
  'productionlist',
  'doctest',
  'testcode',
  'testoutput',
  'testsetup',
  'testcleanup',
  'ipython',
  'jupyter-execute',
  'mermaid',
  'plantuml',
  'csv-table',
  'toctree',
  'index',
  'tabularcolumns',
  'meta'
]

/** The built-in table (exported so consumers and the differential test share it). */
export const directiveTable: Readonly<Record<string, DirectiveSpec>> = (() => {
  const t: Record<string, DirectiveSpec> = {}
  for (const name of literalNames) t[name] = {body: 'literal', argument: true}
  for (const name of ADMONITIONS) t[name] = {body: 'rst', argument: false}
  for (const name of [
    'toctree',
    'productionlist',
    'meta',
    'compound',
    'epigraph',
    'highlights',
    'pull-quote',
    'line-block',
    'glossary',
    'hlist',
    'tabs',
    'acks'
  ]) {
    t[name] = {body: t[name]?.body ?? 'rst', argument: false}
  }
  t['productionlist'] = {body: 'literal', argument: true}
  t['parsed-literal'] = {body: 'inline', argument: false}
  t['replace'] = {body: 'inline', argument: false}
  for (const name of [
    'admonition',
    'topic',
    'sidebar',
    'rubric',
    'centered',
    'table',
    'list-table'
  ]) {
    t[name] = {body: 'rst', argument: true, inlineArgument: 'all'}
  }
  t['csv-table'] = {body: 'literal', argument: true, inlineArgument: 'all'}
  for (const name of ['versionadded', 'versionchanged', 'deprecated', 'versionremoved']) {
    t[name] = {body: 'rst', argument: true, inlineArgument: 'rest'}
  }
  return t
})()

/** Resolve the spec for a directive name (lower-cased), honouring the option overrides. */
export function directiveSpec(
  name: string,
  literalExtra: ReadonlySet<string>,
  rstExtra: ReadonlySet<string>
): DirectiveSpec {
  const base = directiveTable[name]
  if (rstExtra.has(name)) return {body: 'rst', argument: base?.argument ?? true}
  if (literalExtra.has(name)) return {body: 'literal', argument: base?.argument ?? true}
  if (base) return base
  if (name.startsWith('auto') || /^[a-z0-9]+:auto/.test(name))
    return {body: 'literal', argument: true}
  return {body: 'rst', argument: true}
}
