/** A hyperlink target name must be defined only once in a document, or twice with one URL. */
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'link-target-duplicate',
    description:
      'A hyperlink target name must be defined only once in a document (twice only with the same URL)',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: false,
    sphinx: 'Duplicate explicit target name: "x".',
    sphinxMatch: {
      patterns: [/^Duplicate explicit target name: "(.+)"\.$/],
      compare: 'target'
    },
    messages: {
      otherUri: 'Unexpected second link target `{name}` with another URL (both links still work)',
      dropped:
        'Unexpected duplicate target `{name}` in the same document (docutils drops both: neither is a label)'
    }
  },
  check({graph, report}) {
    // docutils reports each definition after the first that takes the name again.
    for (const document of graph.documents.values()) {
      for (const group of document.duplicateTargets) {
        const [first, ...rest] = group
        if (!first) continue
        // Only external targets and embedded URIs: both references keep their URL. Anything
        // else (a label, an inline target, a citation) loses the name, so nothing links to it.
        const urls = group.every((target) => target.refuri !== undefined)
        for (const target of rest) {
          report({
            messageId: urls ? 'otherUri' : 'dropped',
            data: {name: target.name},
            file: target.file,
            range: target.range,
            target: target.name,
            resolved: target.name,
            related: [{file: first.file, range: first.range, message: 'first defined here'}]
          })
        }
      }
    }
  }
})
