/**
 * What conf.py may write at build time. Sphinx runs conf.py (and its `setup()`), and some projects
 * generate files there that their documents include: DPDK's `setup()` writes the driver feature
 * tables `nics/overview.rst` includes, with labels in them that other documents `:ref:`. doclint
 * never runs conf.py, so it only notes which strings a file-writing conf.py spells.
 */
import {decodeEscapes, tokenize, type PyToken} from './confpy-lexer.js'

/** Attribute calls that create files (`shutil.copy` is left out: `dict.copy()` looks the same). */
const WRITING_METHODS = new Set([
  'write_text',
  'write_bytes',
  'copyfile',
  'copy2',
  'copytree',
  'symlink',
  'symlink_to'
])

/** A mode argument of `open()` that writes (`'w'`, `'a'`, `'x'`, with `b`, `t`, `+`). */
const WRITE_MODE = /^[bt+]*[wax][bt+]*$/

function stringValue(token: PyToken): string | undefined {
  if (token.type !== 'string' || token.body === undefined) return undefined
  const prefix = token.prefix ?? ''
  if (prefix.includes('b')) return undefined
  return prefix.includes('r') ? token.body : decodeEscapes(token.body, false)
}

/** Whether the call opened at `tokens[start]` (a `(`) has a string argument that is a write mode. */
function opensForWriting(tokens: readonly PyToken[], start: number): boolean {
  let depth = 0
  for (let index = start; index < tokens.length; index++) {
    const token = tokens[index] as PyToken
    if (token.type === 'op') {
      if (token.value === '(' || token.value === '[' || token.value === '{') depth += 1
      else if (token.value === ')' || token.value === ']' || token.value === '}') {
        depth -= 1
        if (depth === 0) return false
      }
      continue
    }
    if (token.type === 'end') return false
    const value = depth === 1 ? stringValue(token) : undefined
    if (value !== undefined && WRITE_MODE.test(value)) return true
  }
  return false
}

/**
 * The string literals of a conf.py that writes files (`open(…, 'w')`, `write_text`, `shutil.copy…`):
 * candidate paths and label names of what it generates. Empty when conf.py writes nothing.
 */
export function confWrittenStrings(source: string | readonly PyToken[]): string[] {
  const tokens = typeof source === 'string' ? tokenize(source) : source
  let writes = false
  const strings = new Set<string>()
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as PyToken
    const value = stringValue(token)
    if (value !== undefined) {
      if (value !== '') strings.add(value)
      continue
    }
    if (writes || token.type !== 'name') continue
    const next = tokens[index + 1]
    if (next?.type !== 'op' || next.value !== '(') continue
    const previous = tokens[index - 1]
    const isAttribute = previous?.type === 'op' && previous.value === '.'
    if (isAttribute && WRITING_METHODS.has(token.value)) writes = true
    else if (!isAttribute && token.value === 'open' && opensForWriting(tokens, index + 1))
      writes = true
  }
  return writes ? [...strings] : []
}
