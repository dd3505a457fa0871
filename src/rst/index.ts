/**
 * reStructuredText parser: `parse(text)` returns a unist tree (see ast.ts, docs/ast.md) with exact
 * positions and docutils-style problems; `rstParse` is the same as a unified parser plugin.
 */
import type {Plugin, Processor} from 'unified'
import type {ParseOptions, Root} from './ast.js'
import {parse} from './parse.js'

export type * from './ast.js'
export {parse, DEFAULT_MAX_BLOCK_ELEMENTS, DEFAULT_MAX_ELEMENTS} from './parse.js'
export {directiveTable, directiveSpec, type DirectiveSpec} from './directives.js'
export {normalizeName} from './inline.js'

/** unified plugin: `unified().use(rstParse, options)` parses reStructuredText into `Root`. */
export const rstParse: Plugin<[(ParseOptions | null | undefined)?], string, Root> = function (
  options
) {
  // unified types `this` loosely for plugins; the processor we configure is a Root parser
  const self = this as unknown as Processor<Root>
  const settings = options ?? {}
  self.parser = (document: string) => parse(document, settings)
}
