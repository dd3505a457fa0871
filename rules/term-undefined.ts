/** `:term:` targets must be defined in a glossary. */
import {liveXrefs} from '../src/graph/queries.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'term-undefined',
    description: '`:term:` targets must be defined in a glossary',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: "term not in glossary: 'x'",
    sphinxMatch: {
      patterns: [/term not in glossary: '?([^']+?)'?$/],
      compare: 'target'
    },
    messages: {undefined: 'Cannot find term `{target}` in any glossary'}
  },
  check({graph, report}) {
    // A label or term may live in a document doclint cannot read, or in another project's
    // intersphinx inventory (Sphinx tries every inventory for unprefixed targets too).
    if (!graph.complete || graph.intersphinx) return
    for (const {xref} of liveXrefs(graph, ['term'])) {
      if (graph.terms.has(xref.target) || graph.termsLower.has(xref.target.toLowerCase())) continue
      report({
        messageId: 'undefined',
        data: {target: xref.target},
        file: xref.file,
        range: xref.range,
        target: xref.target,
        resolved: xref.target,
        suggestions: graph.closestTerms(xref.target)
      })
    }
  }
})
