/** `include` and `literalinclude` must name an existing file. */
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: 'include-missing',
    description: '`include` and `literalinclude` must name an existing file',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx:
      'Problems with "include" directive path: InputError: [Errno 2] No such file or directory',
    sphinxMatch: {
      patterns: [
        /Problems with "include" directive path/,
        /Problems with "literalinclude" directive path/,
        /Include file (.+) not found or reading it failed$/,
        // MyST's own {include}
        /^Directive "include": error reading file: (.+)$/
      ],
      compare: 'resolved'
    },
    messages: {missing: 'Cannot find included file `{path}`'}
  },
  check({graph, report}) {
    for (const document of graph.documents.values()) {
      for (const include of document.includes) {
        if (include.status !== 'missing') continue
        report({
          messageId: 'missing',
          data: {path: include.srcPath},
          file: include.file,
          range: include.range,
          target: include.target,
          resolved: include.srcPath
        })
      }
    }
  }
})
