/** Build manifests must not list files that do not exist. */
import {missingEntries} from '../src/manifests/checks.js'
import {removeEntryFix} from '../src/fix/manifest-edits.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'manifest-missing',
    description: 'Build manifests must not list files that do not exist',
    recommended: true,
    defaultSeverity: 'error',
    fixable: true,
    messages: {missing: 'Cannot find `{path}`, listed in `{variable}`'}
  },
  check({graph, report}) {
    const sources = graph.manifests.sources ?? new Map<string, string>()
    for (const {list, entry} of missingEntries(graph.manifests)) {
      const variable = entry.variable ?? list.variable
      const fix = removeEntryFix(
        sources.get(entry.file),
        entry,
        list,
        `Remove \`${entry.word}\` from \`${variable}\``
      )
      report({
        messageId: 'missing',
        data: {path: entry.path, variable},
        file: entry.file,
        range: entry.range,
        target: entry.word,
        resolved: entry.path,
        identity: variable,
        ...(fix ? {fix} : {})
      })
    }
  }
})
