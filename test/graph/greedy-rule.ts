/** A rule that says its scope is `xrefs` and reads toctrees: what the view must refuse. */
import {defineRule} from '../../src/rule.js'

export const GREEDY_RULE = defineRule({
  meta: {
    id: 'greedy',
    description: 'reads toctrees',
    recommended: false,
    defaultSeverity: 'error',
    fixable: false,
    scope: 'xrefs',
    messages: {x: 'x'}
  },
  check({graph}) {
    for (const document of graph.documents.values()) void document.toctrees
  }
})
