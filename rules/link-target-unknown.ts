/** `` `text`_ `` references must name a target in the same document. */
import {closest} from '../src/graph/suggest.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'link-target-unknown',
    description: '`` `text`_ `` references must name a target in the same document',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: 'Unknown target name: "x".',
    sphinxMatch: {
      patterns: [/^Unknown target name: "(.+)"\.$/],
      compare: 'resolved'
    },
    messages: {unknown: 'Cannot find link target `{name}` in this document'}
  },
  check({graph, report}) {
    for (const document of graph.documents.values()) {
      if (document.linkRefs.length === 0) continue
      const names = new Set(document.linkTargets.map((target) => target.name))
      for (const ref of document.linkRefs) {
        if (names.has(ref.refname)) continue
        report({
          messageId: 'unknown',
          data: {name: ref.refname},
          file: ref.file,
          range: ref.range,
          target: ref.text,
          resolved: ref.refname,
          suggestions: closest(ref.refname, names, 3, graph.suggestionBudget)
        })
      }
    }
  }
})
