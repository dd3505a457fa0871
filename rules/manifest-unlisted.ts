/** Files under a folder a build manifest covers must be listed in it. */
import {WHOLE_FILE, type Fix} from '../src/diagnostic.js'
import {insertEntryEdits} from '../src/fix/manifest-edits.js'
import {manPageListFor, unlistedFiles} from '../src/graph/manifest-queries.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'manifest-unlisted',
    description: 'Files under a folder a build manifest covers must be listed in it',
    recommended: true,
    defaultSeverity: 'error',
    fixable: true,
    messages: {unlisted: 'Unexpected file `{word}` missing from `{variable}` in `{manifest}`'}
  },
  check({graph, report}) {
    const sources = graph.manifests.sources ?? new Map<string, string>()
    // A renamed file whose old name is listed: manifest-missing's fix writes it in that place.
    const listed = new Set(graph.manifests.lists.flatMap((list) => list.entries.map((e) => e.path)))
    const renamedInPlace = new Set(
      [...(graph.renames?.paths ?? [])].filter(([from]) => listed.has(from)).map(([, to]) => to)
    )
    const found = unlistedFiles(graph).flatMap(({file, lists}) => {
      const list = lists[0]
      if (!list) return []
      if (renamedInPlace.has(file)) return [{file, list, insertion: undefined}]
      // A man page goes where the project keeps man pages (`RST_MANPAGES`), in its order.
      const manList = manPageListFor(graph, file)
      const manInsertion = manList && insertEntryEdits(manList, file, sources)
      if (manList && manInsertion) return [{file, list: manList, insertion: manInsertion}]
      return [{file, list, insertion: insertEntryEdits(list, file, sources)}]
    })
    // New files bound for one place (the end of a folder's run) become one insertion, so a
    // single --fix pass lists them all; each of their findings carries that same fix.
    const groups = new Map<string, typeof found>()
    for (const item of found) {
      const edit = item.insertion?.edits[0]
      if (!edit || item.insertion?.edits.length !== 1 || edit.start !== edit.end) continue
      const key = `${edit.file}\u0000${edit.start}`
      groups.set(key, [...(groups.get(key) ?? []), item])
    }
    const fixes = new Map<(typeof found)[number], Fix>()
    for (const group of groups.values()) {
      const ordered = [...group].sort((a, b) =>
        (a.insertion?.word ?? '') < (b.insertion?.word ?? '') ? -1 : 1
      )
      const first = ordered[0]?.insertion?.edits[0]
      if (!first) continue
      // Files of one kind under one `recursive-include` share the pattern they add (`*.md`).
      const text = [...new Set(ordered.map((item) => item.insertion?.edits[0]?.text ?? ''))].join(
        ''
      )
      const words = ordered.map((item) => `\`${item.insertion?.name ?? ''}\``).join(', ')
      const fix: Fix = {
        applicability: ordered.every((item) => item.insertion?.direct) ? 'safe' : 'unsafe',
        description: `Add ${words} to \`${ordered[0]?.list.variable ?? ''}\``,
        edits: [{...first, text}]
      }
      for (const item of group) fixes.set(item, fix)
    }
    for (const item of found) {
      const {file, list} = item
      const fix = fixes.get(item)
      report({
        messageId: 'unlisted',
        data: {word: item.insertion?.name ?? file, variable: list.variable, manifest: list.file},
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
        ...(fix ? {fix} : {})
      })
    }
  }
})
