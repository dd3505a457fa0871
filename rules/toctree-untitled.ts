/** Documents listed in a visible toctree must have a title. */
import {toctreeEntries} from '../src/graph/queries.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'toctree-untitled',
    description: 'Documents listed in a visible toctree must have a title',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: false,
    sphinx:
      "toctree contains reference to document 'x' that doesn't have a title: no link will be generated",
    sphinxMatch: {
      patterns: [/toctree contains reference to document '(.+)' that doesn't have a title/],
      compare: 'resolved'
    },
    messages: {untitled: 'Cannot link to document `{docname}` from the toctree: it has no title'}
  },
  check({graph, report}) {
    for (const {toctree, resolved} of toctreeEntries(graph)) {
      // Sphinx resolves hidden toctrees (dummy builder) and false `only` blocks never.
      if (toctree.toctree.hidden || toctree.toctree.inOnly !== undefined) continue
      if (resolved.status !== 'ok' && resolved.status !== 'duplicate' && resolved.status !== 'glob')
        continue
      for (const docname of resolved.registers) {
        const target = graph.documents.get(docname)
        if (!target || target.hasLocalToc || target.factsUnknown) continue
        report({
          messageId: 'untitled',
          data: {docname},
          file: toctree.file,
          range: resolved.entry.range,
          target: resolved.entry.raw,
          resolved: docname
        })
      }
    }
  }
})
