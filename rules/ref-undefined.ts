/** `:ref:` and `:numref:` targets must name a label defined somewhere. */
import {liveXrefs} from '../src/graph/queries.js'
import {lookupExternal, uncheckedData} from '../src/intersphinx/resolve.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'ref-undefined',
    description: '`:ref:` and `:numref:` targets must name a label defined somewhere',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    scope: 'xrefs',
    sphinx: "undefined label: 'x'",
    sphinxMatch: {
      patterns: [
        /undefined label: '?([^']+?)'?$/,
        // an :external: role (Sphinx 7.1+ intersphinx)
        /^external std:ref reference target not found: (.+)$/
      ],
      compare: 'target'
    },
    messages: {
      undefined: 'Cannot find label `{target}`',
      unnumbered:
        'Cannot find a numbered label `{target}`: it is not on a figure, table, code block or section',
      external: 'Cannot find label `{target}` in the intersphinx inventories',
      unchecked:
        'Cannot check label `{target}`: intersphinx inventory {inventories} could not be loaded ({reason})',
      mdlinkAnchor:
        'Markdown link `{target}`: `{resolved}` has no heading anchor or label `{anchor}`',
      mdlinkNoAnchors:
        'Markdown link `{target}` needs a heading anchor, but `myst_heading_anchors` is not set',
      mdlinkLabel: 'Markdown link `{target}` names no label, document or term',
      mdlinkUnchecked:
        'Cannot check Markdown link `{target}`: intersphinx inventory {inventories} could not be loaded ({reason})'
    },
    messageSeverities: {unchecked: 'info', mdlinkUnchecked: 'info'}
  },
  check({graph, report}) {
    // A label may live in a document doclint cannot read.
    if (!graph.complete) return
    const intersphinx = graph.intersphinx
    for (const {xref} of liveXrefs(graph, ['ref', 'numref'])) {
      const target = xref.target
      const at = {file: xref.file, range: xref.range, target, resolved: target}
      if (xref.external !== undefined) {
        // `:external:ref:` looks in the inventories only (and is no role without intersphinx)
        if (!intersphinx || xref.kind !== 'ref') continue
        const found = lookupExternal(intersphinx, {role: 'ref', target, external: xref.external})
        if (found.status === 'missing') report({messageId: 'external', data: {target}, ...at})
        else if (found.status === 'unchecked') {
          report({
            messageId: 'unchecked',
            data: {target, ...uncheckedData(intersphinx, found.inventories)},
            ...at
          })
        }
        continue
      }
      if (
        graph.generated.has(target) ||
        graph.sectionLabels?.has(target) ||
        graph.confLabels?.has(target) ||
        graph.extensions?.labels.has(target)
      )
        continue
      const entry = graph.anonLabels.get(target)
      let messageId: string | undefined
      if (!entry) messageId = 'undefined'
      else if (xref.kind === 'numref' && !entry.label.numberable && !entry.label.uncertain) {
        messageId = 'unnumbered'
      }
      if (!messageId) continue
      // Sphinx asks intersphinx about every `:ref:` its labels do not answer (not `:numref:`).
      if (messageId === 'undefined' && xref.kind === 'ref' && intersphinx) {
        const found = lookupExternal(intersphinx, {role: 'ref', target})
        if (found.status === 'found') continue
        if (found.status === 'unchecked') {
          report({
            messageId: 'unchecked',
            data: {target, ...uncheckedData(intersphinx, found.inventories)},
            ...at
          })
          continue
        }
      }
      report({
        messageId,
        data: {target},
        ...at,
        ...(entry ? {} : {suggestions: graph.closestLabels(target)})
      })
    }
    for (const document of graph.documents.values()) {
      for (const link of document.mdlinks ?? []) {
        const target = link.xref.target
        if (link.status === 'unchecked' && intersphinx) {
          report({
            messageId: 'mdlinkUnchecked',
            data: {target, ...uncheckedData(intersphinx, link.inventories ?? [])},
            file: link.xref.file,
            range: link.xref.range,
            target,
            resolved: target
          })
          continue
        }
        if (link.status !== 'missing-anchor' && link.status !== 'missing-label') continue
        const resolved = link.resolved ?? target
        report({
          messageId:
            link.status === 'missing-label'
              ? 'mdlinkLabel'
              : graph.project.mystHeadingAnchors > 0
                ? 'mdlinkAnchor'
                : 'mdlinkNoAnchors',
          data: {target, resolved, anchor: link.anchor ?? ''},
          file: link.xref.file,
          range: link.xref.range,
          target,
          resolved,
          ...(link.status === 'missing-label' ? {suggestions: graph.closestLabels(resolved)} : {})
        })
      }
    }
  }
})
