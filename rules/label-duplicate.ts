/**
 * A label must be defined only once in the whole project. Two definitions in one document are
 * `link-target-duplicate` (docutils' warning, not Sphinx's).
 */
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'label-duplicate',
    description: 'A label must be defined only once in the whole project',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: false,
    sphinx: 'duplicate label x, other instance in y',
    sphinxMatch: {
      patterns: [/duplicate label ([^,]+), other instance in .*$/],
      compare: 'target'
    },
    messages: {
      duplicate: 'Unexpected duplicate label `{name}`, also defined in `{other}`',
      generated: 'Unexpected label `{name}`: Sphinx reserves it for the generated `{other}` page'
    }
  },
  check({graph, report}) {
    for (const duplicate of graph.labelDuplicates) {
      const {label, other} = duplicate
      const otherDoc = other.label ? graph.documents.get(other.docname) : undefined
      report({
        messageId: other.label ? 'duplicate' : 'generated',
        data: {name: label.name, other: otherDoc?.path ?? other.docname},
        file: label.file,
        range: label.range,
        target: label.name,
        resolved: label.name,
        ...(other.label
          ? {
              related: [
                {file: other.label.file, range: other.label.range, message: 'other instance here'}
              ]
            }
          : {})
      })
    }
  }
})
