/** Man page lists (automake `RST_MANPAGES`, conf.py `man_pages`, the man page toctree) must agree. */
import {WHOLE_FILE} from '../src/diagnostic.js'
import {
  docPath,
  manPageMismatches,
  newManPages,
  uninstallableManPages
} from '../src/graph/manifest-queries.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'manifest-mismatch',
    description:
      'Man page lists (automake `RST_MANPAGES`, conf.py `man_pages`, the man page toctree) must agree',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    messageSeverities: {unevaluated: 'info'},
    messages: {
      mismatch: 'Cannot find `{docname}` in {missingFrom}, listed in {source}',
      newManPage:
        'Cannot find man page `{docname}` in conf.py `man_pages`; add an entry there: `{entry}`',
      unevaluated:
        'Cannot evaluate conf.py `man_pages` statically ({reason}), so the man page lists were not compared'
    }
  },
  check({graph, report}) {
    const pages = graph.manifests.manPages
    if (pages?.confPyUnevaluated && pages.automake && pages.automake.length > 0) {
      const {file, range, reason} = pages.confPyUnevaluated
      report({messageId: 'unevaluated', data: {reason}, file, range, target: 'man_pages'})
    }
    // A new man page no list names: conf.py is never edited, so the finding says what to add.
    for (const page of newManPages(graph)) {
      report({
        messageId: 'newManPage',
        data: {
          docname: page.docname,
          entry: (page.confEntry ?? `('${page.docname}', …)`).replace(/\s*\n\s*/g, ' ')
        },
        file: page.file,
        range: WHOLE_FILE,
        resolved: docPath(graph, page.docname),
        identity: 'conf.py `man_pages`'
      })
    }
    // A page `man8 += …` installs must be one conf.py makes, or `make install` fails.
    for (const {entry, variable} of uninstallableManPages(graph)) {
      report({
        messageId: 'mismatch',
        data: {
          docname: entry.path,
          missingFrom: 'conf.py `man_pages`',
          source: `\`${variable}\` (installed)`
        },
        file: entry.file,
        range: entry.range,
        target: entry.word,
        resolved: entry.path,
        identity: 'conf.py `man_pages`'
      })
    }
    for (const {item, missingFrom} of manPageMismatches(graph)) {
      report({
        messageId: 'mismatch',
        data: {docname: item.docname, missingFrom, source: item.source},
        file: item.file,
        range: item.range,
        target: item.word,
        resolved: docPath(graph, item.docname),
        identity: missingFrom
      })
    }
  }
})
