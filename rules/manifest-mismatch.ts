/** Man page lists (automake `RST_MANPAGES`, conf.py `man_pages`, the man page toctree) must agree. */
import {docPath, manPageMismatches} from '../src/graph/manifest-queries.js'
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
