/**
 * Directives a conf.py `setup(app)` registers. Sphinx runs `setup()`, so a project can add its own
 * object types (FRR's `app.add_object_type("clicmd", "clicmd")`): their directives parse their
 * content like any object description, and references inside it resolve (and warn). doclint never
 * runs conf.py; it only notes the calls it can read, with a literal name.
 */
import {decodeEscapes, tokenize, type PyToken} from './confpy-lexer.js'

/**
 * Registrations whose directive is one doclint knows the behaviour of: `add_object_type` makes an
 * `ObjectDescription` (content parsed), `add_crossref_type` a `Target` (no content). Both go to
 * the `std` domain, whose directives are usable without a prefix.
 */
const KNOWN_KIND = new Set(['add_object_type', 'add_crossref_type'])

function stringValue(token: PyToken | undefined): string | undefined {
  if (token?.type !== 'string' || token.body === undefined) return undefined
  const prefix = token.prefix ?? ''
  if (prefix.includes('b') || prefix.includes('f')) return undefined
  return prefix.includes('r') ? token.body : decodeEscapes(token.body, false)
}

/**
 * The first positional argument of the call whose `(` is `tokens[open]`, when it is one string
 * literal (implicit concatenation and keyword arguments are not followed: `undefined`).
 */
function firstStringArgument(tokens: readonly PyToken[], open: number): string | undefined {
  const first = tokens[open + 1]
  const after = tokens[open + 2]
  const value = stringValue(first)
  if (value === undefined || after?.type !== 'op') return undefined
  return after.value === ',' || after.value === ')' ? value : undefined
}

/**
 * Names of the directives conf.py registers with `app.add_object_type(NAME, …)` or
 * `app.add_crossref_type(NAME, …)` (a literal NAME), in source order without repeats.
 */
export function confObjectTypes(source: string | readonly PyToken[]): string[] {
  const tokens = typeof source === 'string' ? tokenize(source) : source
  const names = new Set<string>()
  for (let index = 1; index + 1 < tokens.length; index++) {
    const token = tokens[index] as PyToken
    if (token.type !== 'name' || !KNOWN_KIND.has(token.value)) continue
    const previous = tokens[index - 1]
    const next = tokens[index + 1]
    if (previous?.type !== 'op' || previous.value !== '.') continue
    if (next?.type !== 'op' || next.value !== '(') continue
    const name = firstStringArgument(tokens, index + 1)
    if (name !== undefined && name !== '') names.add(name)
  }
  return [...names]
}
