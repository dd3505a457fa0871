/** A document must not list itself in its own toctree. */
import {toctreeEntries} from '../src/graph/queries.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'toctree-self',
    description: 'A document must not list itself in its own toctree',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: false,
    sphinx: 'self referenced toctree found. Ignored.',
    sphinxMatch: {
      patterns: [/self referenced toctree found\. Ignored\.$/],
      compare: 'none'
    },
    messages: {self: 'Unexpected toctree entry `{docname}`: a document cannot list itself'}
  },
  check({graph, report}) {
    for (const {toctree, resolved} of toctreeEntries(graph)) {
      if (resolved.status !== 'self' || resolved.docname === undefined) continue
      report({
        messageId: 'self',
        data: {docname: resolved.docname},
        file: toctree.file,
        range: resolved.entry.range,
        target: resolved.entry.raw,
        resolved: resolved.docname
      })
    }
  }
})
