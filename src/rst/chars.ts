/**
 * Character classes used by docutils' inline recogniser, as flat lookups (no per-character regex).
 */
import {
  closersString,
  closers,
  closingDelimiters,
  delimiters,
  openers,
  openersString
} from './punctuation-tables.js'

const OPENER = 1
const CLOSER = 2
const DELIM = 4
const CLOSING_DELIM = 8

const table = new Uint8Array(0x10000)
function fill(ranges: readonly number[], flag: number): void {
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    const from = ranges[i] ?? 0
    const to = ranges[i + 1] ?? -1
    for (let c = from; c <= to; c++) table[c] = (table[c] ?? 0) | flag
  }
}
fill(openers, OPENER)
fill(closers, CLOSER)
fill(delimiters, DELIM)
fill(closingDelimiters, CLOSING_DELIM)

/** Python's `\s` for str patterns (Unicode whitespace). */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31)
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  )
}

const wordRe = /[\p{L}\p{N}\p{Mn}\p{Mc}_]/u

/** Python's `\w` for str patterns (letters, digits, marks, underscore). */
export function isWord(c: number): boolean {
  if (c < 128) {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
  }
  if (c >= 0xd800 && c <= 0xdfff) return true
  return wordRe.test(String.fromCharCode(c))
}

/** `start_string_prefix` condition for the character before a start-string. */
export function isStartPrefix(c: number): boolean {
  return isSpace(c) || ((table[c] ?? 0) & (OPENER | DELIM)) !== 0
}

/** `end_string_suffix` condition for the character after an end-string (`\x00` counts). */
export function isEndSuffix(c: number): boolean {
  return c === 0 || isSpace(c) || ((table[c] ?? 0) & (CLOSING_DELIM | DELIM | CLOSER)) !== 0
}

const quotePairs: Record<string, string> = {
  '\xbb': '\xbb',
  '\u2018': '\u201a',
  '\u2019': '\u2019',
  '\u201a': '\u2018\u2019',
  '\u201c': '\u201e',
  '\u201e': '\u201c\u201d',
  '\u201d': '\u201d',
  '\u203a': '\u203a'
}

/** docutils `punctuation_chars.match_chars`: is `c2` a closer matching opener `c1`? */
export function matchChars(c1: string, c2: string): boolean {
  const i = openersString.indexOf(c1)
  if (i < 0) return false
  return c2 === closersString[i] || (quotePairs[c1] ?? '').includes(c2)
}
