/** Toctree entries must not name a document that `exclude_patterns` removes. */
import {toctreeEntries} from '../src/graph/queries.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'toctree-excluded',
    description: 'Toctree entries must not name a document that `exclude_patterns` removes',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: "toctree contains reference to excluded document 'x'",
    sphinxMatch: {
      patterns: [/toctree contains reference to excluded document '(.+)'$/],
      compare: 'resolved'
    },
    messages: {excluded: 'Unexpected toctree entry `{docname}`: `exclude_patterns` excludes it'}
  },
  check({graph, report}) {
    for (const {toctree, resolved} of toctreeEntries(graph)) {
      if (resolved.status !== 'excluded' || resolved.docname === undefined) continue
      report({
        messageId: 'excluded',
        data: {docname: resolved.docname},
        file: toctree.file,
        range: resolved.entry.range,
        target: resolved.entry.raw,
        resolved: resolved.docname
      })
    }
  }
})
