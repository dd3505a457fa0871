/** The root document (`root_doc`) must exist. */
import {WHOLE_FILE} from '../src/diagnostic.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'root-doc-missing',
    description: 'The root document (`root_doc`) must exist',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: 'root file x not found',
    sphinxMatch: {
      patterns: [/root file (.+) not found/],
      compare: 'none'
    },
    messages: {missing: 'Cannot find the root document `{docname}`'}
  },
  check({graph, report}) {
    if (graph.rootDocExists) return
    const project = graph.project
    const suffix = project.sourceSuffix[0]?.[0] ?? '.rst'
    const expected = (project.srcdir === '' ? '' : `${project.srcdir}/`) + graph.rootDoc + suffix
    const line = project.confLines.get('root_doc') ?? project.confLines.get('master_doc')
    const file = project.confPath ?? expected
    const range =
      project.confPath !== undefined && line !== undefined
        ? {start: {line, column: 1, offset: 0}, end: {line, column: 1, offset: 0}}
        : WHOLE_FILE
    report({
      messageId: 'missing',
      data: {docname: graph.rootDoc},
      file,
      range,
      target: graph.rootDoc,
      resolved: graph.rootDoc,
      suggestions: graph.closestDocuments(graph.rootDoc)
    })
  }
})
