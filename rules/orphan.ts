/** Every document must be listed in some toctree, included, or marked `:orphan:`. */
import {WHOLE_FILE} from '../src/diagnostic.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'orphan',
    description: 'Every document must be listed in some toctree, included, or marked `:orphan:`',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: false,
    sphinx: "document isn't included in any toctree",
    sphinxMatch: {
      patterns: [/document isn't included in any toctree$/],
      compare: 'file'
    },
    messages: {orphan: 'Document is not included in any toctree'}
  },
  check({graph, report}) {
    // A document whose format doclint cannot read may hold toctrees: orphans would be guesses.
    if (!graph.complete) return
    // Without its root document Sphinx stops ("root file … not found", root-doc-missing) before
    // it looks for orphans: a folder that is not a project yet has none (a patch that adds
    // conf.py and index.rst introduces the orphans it leaves).
    if (!graph.rootDocExists) return
    // Not reachability from the root: any accepted toctree anywhere counts
    // (docs/sphinx-semantics.md §4).
    const listed = new Set<string>()
    for (const document of graph.documents.values()) {
      for (const toctree of document.toctrees)
        for (const docname of toctree.includes) listed.add(docname)
    }
    for (const document of graph.documents.values()) {
      const docname = document.docname
      if (docname === graph.rootDoc || listed.has(docname) || graph.included.has(docname)) continue
      if ('orphan' in document.metadata) continue
      report({
        messageId: 'orphan',
        file: document.path,
        range: WHOLE_FILE,
        target: docname,
        resolved: docname
      })
    }
  }
})
