/** `image` and `figure` must name an existing file. */
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'image-missing',
    description: '`image` and `figure` must name an existing file',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: 'image file not readable: x',
    sphinxMatch: {
      patterns: [/image file not readable: (.+)$/],
      compare: 'resolved'
    },
    messages: {missing: 'Cannot find image `{path}`'}
  },
  check({graph, report}) {
    for (const document of graph.documents.values()) {
      for (const image of document.images) {
        if (image.status !== 'missing') continue
        report({
          messageId: 'missing',
          data: {path: image.srcPath},
          file: image.file,
          range: image.range,
          target: image.target,
          resolved: image.srcPath
        })
      }
    }
  }
})
