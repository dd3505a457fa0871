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
    sphinxMatch: {
      patterns: [/download file not readable: (.+)$/],
      compare: 'resolved'
    },
    messages: {
      missing: 'Cannot find download file `{path}`',
      mdlinkFile: 'Markdown link `{target}` names no file, document or label'
    }
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
      // A Markdown link to a local file is a download only when the file exists (MyST).
      for (const link of document.mdlinks ?? []) {
        if (link.status !== 'missing-file') continue
        report({
          messageId: 'mdlinkFile',
          data: {target: link.xref.target},
          file: link.xref.file,
          range: link.xref.range,
          target: link.xref.target,
          resolved: link.resolved ?? link.xref.target
        })
      }
    }
  }
})
