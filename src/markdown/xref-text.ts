/**
 * Sphinx's role-text and toctree-entry processing (sphinx/util/docutils.py `ReferenceRole`,
 * sphinx/roles.py `XRefRole`, sphinx/directives/other.py `TocTree`) for text that comes from
 * MyST. MyST hands the raw code-span text to the role, so there are no docutils `\x00` escape
 * markers: backslashes stay as written and cannot escape `<`.
 */
import type {XRefKind} from '../facts/types.js'

/** What Sphinx makes of a role's text. */
export interface RoleTarget {
  target: string
  title?: string
  hasTitle: boolean
  disabled: boolean
}

/** Roles whose target Sphinx lower-cases before resolving (`XRefRole(lowercase=True)`). */
const LOWERCASE_ROLES = new Set(['ref', 'numref'])

const KINDS: ReadonlyMap<string, XRefKind> = new Map<string, XRefKind>([
  ['doc', 'doc'],
  ['ref', 'ref'],
  ['numref', 'numref'],
  ['term', 'term'],
  ['download', 'download'],
  ['any', 'any'],
  ['keyword', 'keyword'],
  ['option', 'option']
])

/** The graph kind of a role name (`doc`, `std:doc`, `DOC`), or undefined for other roles. */
export function roleKind(role: string): XRefKind | undefined {
  const name = role.toLowerCase()
  const bare = name.startsWith('std:') ? name.slice(4) : name
  // `any` lives in no domain; `std:any` is not a role
  if (bare === 'any' && name !== 'any') return undefined
  return KINDS.get(bare)
}

function isWhitespace(ch: string): boolean {
  return /\s/u.test(ch)
}

/** Python `re.sub(r'\s+', ' ', s)`: every whitespace run becomes one space, nothing stripped. */
export function collapseWhitespace(text: string): string {
  let out = ''
  let inRun = false
  for (const ch of text) {
    if (isWhitespace(ch)) {
      if (!inRun) out += ' '
      inRun = true
    } else {
      out += ch
      inRun = false
    }
  }
  return out
}

/**
 * Python `str.strip()`/`rstrip()` on Unicode whitespace, without a regex that could backtrack.
 */
function rstrip(text: string): string {
  let end = text.length
  while (end > 0 && isWhitespace(text.charAt(end - 1))) end--
  return text.slice(0, end)
}

/**
 * `^(.+?)\s*<(.*?)>$` (DOTALL), implemented by hand: the title takes at least one character and
 * the first `<` after it that leaves a `>` at the very end starts the target.
 */
function splitExplicitTitle(text: string): {title: string; target: string} | undefined {
  if (text.length < 3 || !text.endsWith('>')) return undefined
  const open = text.indexOf('<', 1)
  if (open < 0 || open > text.length - 2) return undefined
  const title = rstrip(text.slice(0, open))
  // the title keeps at least one character even if it is whitespace
  return {title: title === '' ? text.slice(0, 1) : title, target: text.slice(open + 1, -1)}
}

/** Process a role's text as Sphinx's XRefRole does (title split, `!`, case, whitespace). */
export function processRoleText(role: string, text: string): RoleTarget {
  const disabled = text.startsWith('!')
  const body = disabled ? text.slice(1) : text
  const split = splitExplicitTitle(body)
  let target = split ? split.target : body
  if (LOWERCASE_ROLES.has(roleKind(role) ?? '')) target = target.toLowerCase()
  target = collapseWhitespace(target)
  return split
    ? {target, title: split.title, hasTitle: true, disabled}
    : {target, hasTitle: false, disabled}
}

/**
 * A toctree entry: `^(.+?)\s*<([^<]*?)>$` — the target holds no `<`, so it starts at the last
 * `<`, and the title needs one character.
 */
export function splitToctreeEntry(entry: string): {title: string; ref: string} | undefined {
  if (entry.length < 3 || !entry.endsWith('>')) return undefined
  const open = entry.lastIndexOf('<', entry.length - 2)
  if (open < 1) return undefined
  const title = rstrip(entry.slice(0, open))
  return {title: title === '' ? entry.slice(0, 1) : title, ref: entry.slice(open + 1, -1)}
}

/** docutils `fully_normalize_name`: the RST parser's, so both formats name labels alike. */
export {normalizeName} from '../rst/inline.js'
