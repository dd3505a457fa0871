/** A build manifest must list each file once. */
import {duplicateEntries} from '../src/graph/manifest-queries.js'
import {removeEntryFix} from '../src/fix/manifest-edits.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'manifest-duplicate',
    description: 'A build manifest must list each file once',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: true,
    messages: {duplicate: 'Unexpected second listing of `{path}` in `{variable}`'}
  },
  check({graph, report}) {
    const sources = graph.manifests.sources ?? new Map<string, string>()
    for (const {list, entry, first} of duplicateEntries(graph.manifests)) {
      const fix = removeEntryFix(
        sources.get(entry.file),
        entry,
        list,
        `Remove the second \`${entry.word}\` from \`${list.variable}\``
      )
      report({
        messageId: 'duplicate',
        data: {path: entry.path, variable: list.variable},
        file: entry.file,
        range: entry.range,
        target: entry.word,
        resolved: entry.path,
        identity: list.variable,
        related: [{file: first.file, range: first.range, message: 'first listed here'}],
        ...(fix ? {fix} : {})
      })
    }
  }
})
