/** `:ref:` and `:numref:` targets must name a label defined somewhere. */
import {liveXrefs} from '../src/graph/queries.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'ref-undefined',
    description: '`:ref:` and `:numref:` targets must name a label defined somewhere',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: "undefined label: 'x'",
    sphinxMatch: {
      patterns: [/undefined label: '?([^']+?)'?$/],
      compare: 'target'
    },
    messages: {
      undefined: 'Cannot find label `{target}`',
      unnumbered:
        'Cannot find a numbered label `{target}`: it is not on a figure, table, code block or section',
      mdlinkAnchor:
        'Markdown link `{target}`: `{resolved}` has no heading anchor or label `{anchor}`',
      mdlinkNoAnchors:
        'Markdown link `{target}` needs a heading anchor, but `myst_heading_anchors` is not set',
      mdlinkLabel: 'Markdown link `{target}` names no label, document or term'
    }
  },
  check({graph, report}) {
    // A label or term may live in a document doclint cannot read, or in another project's
    // intersphinx inventory (Sphinx tries every inventory for unprefixed targets too).
    if (!graph.complete || graph.intersphinx) return
    for (const {xref} of liveXrefs(graph, ['ref', 'numref'])) {
      const target = xref.target
      if (
        graph.generated.has(target) ||
        graph.sectionLabels?.has(target) ||
        graph.confLabels?.has(target)
      )
        continue
      const entry = graph.anonLabels.get(target)
      let messageId: string | undefined
      if (!entry) messageId = 'undefined'
      else if (xref.kind === 'numref' && !entry.label.numberable && !entry.label.uncertain) {
        messageId = 'unnumbered'
      }
      if (!messageId) continue
      report({
        messageId,
        data: {target},
        file: xref.file,
        range: xref.range,
        target,
        resolved: target,
        ...(entry ? {} : {suggestions: graph.closestLabels(target)})
      })
    }
    for (const document of graph.documents.values()) {
      for (const link of document.mdlinks ?? []) {
        if (link.status !== 'missing-anchor' && link.status !== 'missing-label') continue
        const target = link.xref.target
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
