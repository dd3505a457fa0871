/** Files under a folder a build manifest covers must be listed in it. */
import {WHOLE_FILE} from '../src/diagnostic.js'
import {insertEntryEdits} from '../src/fix/manifest-edits.js'
import {unlistedFiles} from '../src/manifests/checks.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'manifest-unlisted',
    description: 'Files under a folder a build manifest covers must be listed in it',
    recommended: true,
    defaultSeverity: 'error',
    fixable: true,
    messages: {unlisted: 'Unexpected file missing from `{variable}` in `{manifest}`'}
  },
  check({graph, report}) {
    const sources = graph.manifests.sources ?? new Map<string, string>()
    for (const {file, lists} of unlistedFiles(graph)) {
      const list = lists[0]
      if (!list) continue
      const insertion = insertEntryEdits(list, file, sources)
      report({
        messageId: 'unlisted',
        data: {variable: list.variable, manifest: list.file},
        file,
        range: WHOLE_FILE,
        resolved: file,
        identity: list.variable,
        related: [
          {
            file: list.file,
            range: list.range ?? WHOLE_FILE,
            message: `\`${list.variable}\` lists this folder's files here`
          }
        ],
        ...(insertion
          ? {
              fix: {
                applicability: insertion.direct ? 'safe' : 'unsafe',
                description: `Add \`${insertion.word}\` to \`${list.variable}\``,
                edits: insertion.edits
              }
            }
          : {})
      })
    }
  }
})
