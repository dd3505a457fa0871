/** Build manifests must not list files that do not exist. */
import {confManPagesMissing, missingEntries} from '../src/graph/manifest-queries.js'
import {removeEntryFix, replaceEntryFix, writtenName} from '../src/fix/manifest-edits.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'manifest-missing',
    description: 'Build manifests must not list files that do not exist',
    recommended: true,
    defaultSeverity: 'error',
    fixable: true,
    messageSeverities: {unevaluated: 'info', unread: 'info'},
    messages: {
      missing: 'Cannot find `{path}`, listed in `{variable}`',
      confManPage:
        'Cannot find `{path}`, listed in conf.py `man_pages`; remove its entry there: `{entry}`',
      unevaluated:
        'Cannot evaluate `{variable}` statically ({reason}): its other words are checked, but no file is called unlisted from it',
      unread: 'Cannot read this build file fully ({message}): what it lists here is not checked'
    }
  },
  check({graph, report}) {
    const sources = graph.manifests.sources ?? new Map<string, string>()
    // What the readers could not evaluate is said, never taken as an empty list.
    for (const {file, range, variable, reason} of graph.manifests.unevaluated ?? []) {
      report({
        messageId: 'unevaluated',
        data: {variable, reason},
        file,
        range,
        target: variable,
        identity: variable
      })
    }
    // conf.py is never edited: the finding says what to remove.
    for (const {entry, text} of confManPagesMissing(graph)) {
      report({
        messageId: 'confManPage',
        data: {path: entry.path, entry: text.replace(/\s*\n\s*/g, ' ')},
        file: entry.file,
        range: entry.range,
        target: entry.word,
        resolved: entry.path,
        identity: 'man_pages'
      })
    }
    for (const {file, range, message} of graph.manifests.problems ?? []) {
      report({messageId: 'unread', data: {message}, file, range, identity: message})
    }
    for (const {list, entry} of missingEntries(graph.manifests)) {
      const variable = entry.variable ?? list.variable
      // A file the change renamed keeps its place in the list, under its new name.
      const renamed = graph.renames?.paths.get(entry.path)
      const fix =
        (renamed !== undefined &&
          replaceEntryFix(sources.get(entry.file), entry, renamed, variable)) ||
        removeEntryFix(
          sources.get(entry.file),
          entry,
          list,
          `Remove \`${writtenName(entry.word)}\` from \`${variable}\``
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
