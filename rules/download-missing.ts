/** `:download:` must name an existing file. */
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'download-missing',
    description: '`:download:` must name an existing file',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: 'download file not readable: x',
    messages: {missing: 'Cannot find download file `{path}`'}
  },
  check({graph, report}) {
    for (const document of graph.documents.values()) {
      for (const download of document.downloads) {
        if (download.status !== 'missing') continue
        report({
          messageId: 'missing',
          data: {path: download.srcPath},
          file: download.file,
          range: download.range,
          target: download.target,
          resolved: download.srcPath
        })
      }
    }
  }
})
