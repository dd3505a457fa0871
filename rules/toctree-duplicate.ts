/** A document must appear only once in one toctree. */
import {toctreeEntries} from '../src/graph/queries.js'
import {defineRule, type ReportInput} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'toctree-duplicate',
    description: 'A document must appear only once in one toctree',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: false,
    sphinx: 'duplicated entry found in toctree: x',
    sphinxMatch: {
      patterns: [/duplicated entry found in toctree: (.+)$/],
      compare: 'resolved'
    },
    messages: {duplicate: 'Unexpected duplicate toctree entry `{docname}`'}
  },
  check({graph, report}) {
    for (const {toctree, resolved} of toctreeEntries(graph)) {
      if (resolved.status !== 'duplicate' || resolved.docname === undefined) continue
      const input: ReportInput = {
        messageId: 'duplicate',
        data: {docname: resolved.docname},
        file: toctree.file,
        range: resolved.entry.range,
        target: resolved.entry.raw,
        resolved: resolved.docname
      }
      if (resolved.first) {
        input.related = [
          {file: toctree.file, range: resolved.first.range, message: 'first listed here'}
        ]
      }
      report(input)
    }
  }
})
