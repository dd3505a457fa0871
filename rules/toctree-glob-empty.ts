/** A toctree `:glob:` pattern must match at least one document. */
import {toctreeEntries} from '../src/graph/queries.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'toctree-glob-empty',
    description: 'A toctree `:glob:` pattern must match at least one document',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: false,
    sphinx: "toctree glob pattern 'x' didn't match any documents",
    sphinxMatch: {
      patterns: [/toctree glob pattern '(.+)' didn't match any documents$/],
      compare: 'target'
    },
    messages: {empty: 'Cannot find any document matching `{pattern}`'}
  },
  check({graph, report}) {
    for (const {toctree, resolved} of toctreeEntries(graph)) {
      if (resolved.status !== 'glob' || (resolved.matches?.length ?? 0) > 0) continue
      // Sphinx before 8.1 counts generated pages (`genindex`, `search`) as matches.
      if (resolved.onlyGenerated && graph.sphinxVersion === '5.3') continue
      report({
        messageId: 'empty',
        data: {pattern: resolved.entry.raw},
        file: toctree.file,
        range: resolved.entry.range,
        target: resolved.entry.raw,
        ...(resolved.pattern === undefined ? {} : {resolved: resolved.pattern})
      })
    }
  }
})
