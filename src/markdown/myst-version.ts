/**
 * Which myst-parser line a project builds with, from the requirements it pins: Debian's and
 * old pins are 0.18 (Sphinx 5.3 era), anything from 1.0 on behaves as the current line (inv:
 * links, dict-form `myst_url_schemes`, `'myst' cross-reference target not found`). Read from
 * docs/requirements*.txt, requirements*.txt, pyproject.toml (extras and dependency groups),
 * setup.cfg and tox.ini, never executed.
 */

/** The MyST behaviours doclint tells apart. */
export type MystLine = '0.18' | 'current'

/** Where a project usually pins its documentation requirements (paths from the repository root). */
export const MYST_PIN_FILES = [
  'docs/requirements.txt',
  'doc/requirements.txt',
  'docs/requirements-docs.txt',
  'requirements-docs.txt',
  'requirements/docs.txt',
  'requirements/docs.in',
  'docs/requirements.in',
  'pyproject.toml',
  'setup.cfg',
  'tox.ini'
]

/** A `myst-parser` requirement: operator and version, in any spelling pip accepts. */
const REQUIREMENT =
  /(?:^|["'\s,[])myst[-_.]parser\s*(?:\[[^\]]*\]\s*)?((?:(?:==|~=|>=|<=|!=|<|>)\s*[\d.*]+\s*,?\s*)*)/gim

function major(version: string): number {
  const [first = '0', second = '0'] = version.split('.')
  const value = Number(first)
  // 0.x: the minor is what matters (0.18 and 0.19 are one line, 0.20 is not far off it)
  return value === 0 ? Number(second) / 100 : value
}

/** The line a specifier set lets pip install (pip takes the newest allowed). */
function lineOf(spec: string): MystLine {
  const clauses = [...spec.matchAll(/(==|~=|>=|<=|!=|<|>)\s*([\d.*]+)/g)]
  let upper = Infinity
  for (const [, op, version = ''] of clauses) {
    const value = major(version.replace(/\.\*$/, ''))
    if (op === '==' || op === '~=') {
      if (op === '==' || version.split('.').length > 2) return value < 1 ? '0.18' : 'current'
      upper = Math.min(upper, value < 1 ? 1 : Infinity)
    } else if (op === '<' || op === '<=') {
      upper = Math.min(upper, value)
    }
  }
  return upper <= 1 ? '0.18' : 'current'
}

/**
 * The MyST line pinned in the given files (path, text), the first file that names myst-parser
 * deciding; undefined when none does.
 */
export function mystLineFromPins(
  files: readonly {path: string; text: string}[]
): {line: MystLine; file: string} | undefined {
  for (const {path, text} of files) {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*$/, '')
      for (const match of line.matchAll(REQUIREMENT)) {
        return {line: lineOf(match[1] ?? ''), file: path}
      }
    }
  }
  return undefined
}
