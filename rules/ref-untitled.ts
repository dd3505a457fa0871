/** `:ref:` without an explicit title needs a label that has a title. */
import {liveXrefs} from '../src/graph/queries.js'
import {lookupExternal, uncheckedData} from '../src/intersphinx/resolve.js'
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'ref-untitled',
    description: '`:ref:` without an explicit title needs a label that has a title',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'xrefs',
    sphinx: "Failed to create a cross reference. A title or caption not found: 'x'",
    sphinxMatch: {
      patterns: [/A title or caption not found: '?([^']+?)'?$/],
      compare: 'target'
    },
    messages: {
      untitled:
        'Cannot find a title for label `{target}`; give the reference an explicit title (`Text <{target}>`)',
      unchecked:
        'Cannot check label `{target}` (it has no title here): intersphinx inventory {inventories} could not be loaded ({reason})'
    },
    messageSeverities: {unchecked: 'info'}
  },
  check({graph, report}) {
    for (const {xref} of liveXrefs(graph, ['ref'])) {
      const target = xref.target
      if (xref.hasTitle || graph.generated.has(target) || graph.labels.has(target)) continue
      // With autosectionlabel a section title of the same name gives the reference its text.
      if (graph.sectionLabels?.has(target) || graph.extensions?.labels.has(target)) continue
      const entry = graph.anonLabels.get(xref.target)
      if (!entry || xref.external !== undefined) continue
      // Sphinx asks intersphinx before it says the label has no title.
      if (graph.intersphinx) {
        const found = lookupExternal(graph.intersphinx, {role: 'ref', target})
        if (found.status === 'found') continue
        if (found.status === 'unchecked') {
          report({
            messageId: 'unchecked',
            data: {target, ...uncheckedData(graph.intersphinx, found.inventories)},
            file: xref.file,
            range: xref.range,
            target,
            resolved: target
          })
          continue
        }
      }
      report({
        messageId: 'untitled',
        data: {target: xref.target},
        file: xref.file,
        range: xref.range,
        target: xref.target,
        resolved: xref.target,
        related: [{file: entry.label.file, range: entry.label.range, message: 'label defined here'}]
      })
    }
  }
})
