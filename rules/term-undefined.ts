/** `:term:` targets must be defined in a glossary. */
import {liveXrefs} from '../src/graph/queries.js'
import {lookupExternal, uncheckedData} from '../src/intersphinx/resolve.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'term-undefined',
    description: '`:term:` targets must be defined in a glossary',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    scope: 'xrefs',
    sphinx: "term not in glossary: 'x'",
    sphinxMatch: {
      patterns: [
        /term not in glossary: '?([^']+?)'?$/,
        // an :external: role (Sphinx 7.1+ intersphinx)
        /^external std:term reference target not found: (.+)$/
      ],
      compare: 'target'
    },
    messages: {
      undefined: 'Cannot find term `{target}` in any glossary',
      external: 'Cannot find term `{target}` in the intersphinx inventories',
      unchecked:
        'Cannot check term `{target}`: intersphinx inventory {inventories} could not be loaded ({reason})'
    },
    messageSeverities: {unchecked: 'info'}
  },
  check({graph, report}) {
    // A term may live in a document doclint cannot read.
    if (!graph.complete) return
    const intersphinx = graph.intersphinx
    for (const {xref} of liveXrefs(graph, ['term'])) {
      const target = xref.target
      const at = {file: xref.file, range: xref.range, target, resolved: target}
      if (xref.external === undefined) {
        if (
          graph.terms.has(target) ||
          graph.termsLower.has(target.toLowerCase()) ||
          graph.extensions?.terms.has(target)
        )
          continue
      } else if (!intersphinx) continue
      const found = intersphinx
        ? lookupExternal(intersphinx, {
            role: 'term',
            target,
            ...(xref.external === undefined ? {} : {external: xref.external})
          })
        : ({status: 'missing'} as const)
      if (found.status === 'found') continue
      if (found.status === 'unchecked' && intersphinx) {
        report({
          messageId: 'unchecked',
          data: {target, ...uncheckedData(intersphinx, found.inventories)},
          ...at
        })
        continue
      }
      report({
        messageId: xref.external === undefined ? 'undefined' : 'external',
        data: {target},
        ...at,
        ...(xref.external === undefined ? {suggestions: graph.closestTerms(target)} : {})
      })
    }
  }
})
