/**
 * What the RST and the MyST front ends share about `toctree`: its options and how docutils
 * converts them, Python's `int()` check, and a fresh Toctree.
 */
import type {Range} from '../diagnostic.js'
import type {Toctree} from './types.js'

/** How an option's value is converted (docutils `directives.*` converters). */
export type ToctreeOptionKind = 'int' | 'intOrEmpty' | 'flag' | 'text' | 'required'

/** Sphinx 5.3 `TocTree.option_spec`. */
export const TOCTREE_OPTIONS: Readonly<Record<string, ToctreeOptionKind>> = {
  maxdepth: 'int',
  name: 'text',
  caption: 'required',
  glob: 'flag',
  hidden: 'flag',
  includehidden: 'flag',
  numbered: 'intOrEmpty',
  titlesonly: 'flag',
  reversed: 'flag'
}

/** Sphinx 7.4 and later add `class`. */
export const TOCTREE_OPTIONS_74: Readonly<Record<string, ToctreeOptionKind>> = {
  ...TOCTREE_OPTIONS,
  class: 'text'
}

/** Whether Python's `int()` accepts the text (digits, `_` between digits, sign, blanks). */
export function isPythonInt(text: string): boolean {
  return /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text)
}

/** The value of a text {@link isPythonInt} accepts. */
export function parsePythonInt(text: string): number {
  return Number.parseInt(text.replaceAll('_', ''), 10)
}

/** A valid toctree with no options and no entries, marked at `range`. */
export function newToctree(range: Range): Toctree {
  return {
    range,
    valid: true,
    glob: false,
    hidden: false,
    reversed: false,
    includehidden: false,
    titlesonly: false,
    entries: []
  }
}
