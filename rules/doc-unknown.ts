/** `:doc:` targets must name an existing document. */
import {renamedTarget, renameEdit} from '../src/fix/renames.js'
import {docnameJoin} from '../src/graph/paths.js'
import {liveXrefs} from '../src/graph/queries.js'
import type {Graph} from '../src/graph/types.js'
import {defineRule} from '../src/rule.js'

/** `inv:page` names a page of an intersphinx inventory, which doclint cannot see. */
function isExternal(target: string, graph: Graph): boolean {
  if (!graph.intersphinx) return false
  const colon = target.indexOf(':')
  if (colon <= 0) return false
  const inventories = graph.intersphinx.inventories
  return inventories === undefined || inventories.includes(target.slice(0, colon))
}

export default defineRule({
  meta: {
    id: 'doc-unknown',
    description: '`:doc:` targets must name an existing document',
    recommended: true,
    defaultSeverity: 'error',
    fixable: true,
    sphinx: "unknown document: 'x'",
    sphinxMatch: {
      patterns: [/unknown document: '?([^']+?)'?$/],
      compare: 'target'
    },
    messages: {
      unknown: 'Cannot find document `{target}`',
      mdlinkDocument: 'Markdown link `{target}` names no document (looked for `{resolved}`)'
    }
  },
  check({graph, report}) {
    for (const {document, xref} of liveXrefs(graph, ['doc'])) {
      const resolved = docnameJoin(document.docname, xref.target)
      if (graph.documents.has(resolved) || isExternal(xref.target, graph)) continue
      // A document the change renamed: the link follows it (`:doc:` roles end in a backtick).
      const renamed = graph.renames?.docnames.get(resolved)
      const fix =
        renamed === undefined || xref.role === 'md'
          ? undefined
          : renameEdit(
              xref.file,
              xref.range,
              xref.raw,
              xref.target,
              renamedTarget(document.docname, xref.target, renamed),
              1
            )
      report({
        messageId: 'unknown',
        data: {target: xref.target},
        file: xref.file,
        range: xref.range,
        target: xref.target,
        resolved,
        suggestions: graph.closestDocuments(resolved),
        ...(fix ? {fix} : {})
      })
    }
    // Markdown links MyST could not resolve, whose path names a source file or a folder.
    for (const document of graph.documents.values()) {
      for (const link of document.mdlinks ?? []) {
        if (link.status !== 'missing-doc' || isExternal(link.xref.target, graph)) continue
        const resolved = link.resolved ?? link.xref.target
        report({
          messageId: 'mdlinkDocument',
          data: {target: link.xref.target, resolved},
          file: link.xref.file,
          range: link.xref.range,
          target: link.xref.target,
          resolved,
          suggestions: graph.closestDocuments(resolved)
        })
      }
    }
  }
})
