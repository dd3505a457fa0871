/**
 * reStructuredText parser: `parse(text)` returns a unist tree (see ast.ts, docs/ast.md) with exact
 * positions and docutils-style problems; `rstParse` is the same as a unified parser plugin.
 */
import type {Processor} from 'unified'
import type {ParseOptions, Root} from './ast.js'
import {parse} from './parse.js'

export type * from './ast.js'
export {parse} from './parse.js'
export {directiveTable, directiveSpec, type DirectiveSpec} from './directives.js'
export {normalizeName} from './inline.js'

/** unified plugin: `unified().use(rstParse, options)` parses reStructuredText. */
export function rstParse(this: Processor<Root>, options?: ParseOptions | null): undefined {
  const settings = options ?? {}
  this.parser = (document: string) => parse(document, settings)
  return undefined
}
