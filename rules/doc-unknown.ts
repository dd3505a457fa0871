/** `:doc:` targets must name an existing document. */
import {renamedTarget, renameEdit} from '../src/fix/renames.js'
import {docnameJoin} from '../src/graph/paths.js'
import {liveXrefs} from '../src/graph/queries.js'
import {lookupExternal, uncheckedData} from '../src/intersphinx/resolve.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'doc-unknown',
    description: '`:doc:` targets must name an existing document',
    recommended: true,
    defaultSeverity: 'error',
    fixable: true,
    scope: 'xrefs',
    sphinx: "unknown document: 'x'",
    sphinxMatch: {
      patterns: [
        /unknown document: '?([^']+?)'?$/,
        // an :external: role (Sphinx 7.1+ intersphinx)
        /^external std:doc reference target not found: (.+)$/
      ],
      compare: 'target'
    },
    messages: {
      unknown: 'Cannot find document `{target}`',
      external: 'Cannot find document `{target}` in the intersphinx inventories',
      unchecked:
        'Cannot check document `{target}`: intersphinx inventory {inventories} could not be loaded ({reason})',
      mdlinkDocument: 'Markdown link `{target}` names no document (looked for `{resolved}`)'
    },
    messageSeverities: {unchecked: 'info'}
  },
  check({graph, report}) {
    const intersphinx = graph.intersphinx
    for (const {document, xref} of liveXrefs(graph, ['doc'])) {
      const resolved = docnameJoin(document.docname, xref.target)
      const at = {file: xref.file, range: xref.range, target: xref.target}
      if (xref.external === undefined && graph.documents.has(resolved)) continue
      if (xref.external !== undefined && !intersphinx) continue
      // `inv:page` names a page of an inventory (unprefixed: unless `std:doc` is disabled)
      if (intersphinx) {
        const found = lookupExternal(intersphinx, {
          role: 'doc',
          target: xref.target,
          ...(xref.external === undefined ? {} : {external: xref.external})
        })
        if (found.status === 'found') continue
        if (found.status === 'unchecked') {
          report({
            messageId: 'unchecked',
            data: {target: xref.target, ...uncheckedData(intersphinx, found.inventories)},
            ...at,
            resolved: xref.target
          })
          continue
        }
      }
      if (xref.external !== undefined) {
        report({messageId: 'external', data: {target: xref.target}, ...at, resolved: xref.target})
        continue
      }
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
        ...at,
        resolved,
        suggestions: graph.closestDocuments(resolved),
        ...(fix ? {fix} : {})
      })
    }
    // Markdown links MyST could not resolve, whose path names a source file or a folder.
    for (const document of graph.documents.values()) {
      for (const link of document.mdlinks ?? []) {
        if (link.status !== 'missing-doc') continue
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
