/** A label must be defined only once in the whole project. */
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
      patterns: [
        /duplicate label ([^,]+), other instance in .*$/,
        // docutils' own word for two targets of one name in one document
        /Duplicate explicit target name: "(.+)"\.?$/
      ],
      compare: 'target'
    },
    messages: {
      duplicate: 'Unexpected duplicate label `{name}`, also defined in `{other}`',
      generated: 'Unexpected label `{name}`: Sphinx reserves it for the generated `{other}` page',
      sameDocument: 'Unexpected duplicate label `{name}` in the same document (docutils drops both)'
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
    // docutils reports the second and later definitions of a name in one document.
    for (const document of graph.documents.values()) {
      for (const group of document.duplicateTargets) {
        const [first, ...rest] = group
        if (!first) continue
        for (const target of rest) {
          report({
            messageId: 'sameDocument',
            data: {name: target.name},
            file: target.file,
            range: target.range,
            target: target.name,
            resolved: target.name,
            related: [{file: first.file, range: first.range, message: 'first defined here'}]
          })
        }
      }
    }
  }
})
