/** Toctree entries must name an existing document. */
import {toctreeEntries} from '../src/graph/queries.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'toctree-missing',
    description: 'Toctree entries must name an existing document',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: "toctree contains reference to nonexisting document 'x'",
    sphinxMatch: {
      patterns: [/toctree contains reference to nonexisting document '(.+)'$/],
      compare: 'resolved'
    },
    messages: {missing: 'Cannot find document `{docname}` listed in the toctree'}
  },
  check({graph, report}) {
    for (const {toctree, resolved} of toctreeEntries(graph)) {
      if (resolved.status !== 'missing' || resolved.docname === undefined) continue
      report({
        messageId: 'missing',
        data: {docname: resolved.docname},
        file: toctree.file,
        range: resolved.entry.range,
        target: resolved.entry.raw,
        resolved: resolved.docname,
        suggestions: graph.closestDocuments(resolved.docname)
      })
    }
  }
})
