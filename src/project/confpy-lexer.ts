/** Tokenizer for the Python subset conf.py files use. Never throws: bad input gives `error` tokens. */

/** A Python token. */
export interface PyToken {
  type: 'name' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'dedent' | 'end' | 'error'
  /** Source text (for strings: the whole literal including prefix and quotes). */
  value: string
  line: number
  /** String prefix, lower-cased (`''`, `r`, `u`, `b`, `f`, `rb`, `fr`…). */
  prefix?: string
  /** String body between the quotes, undecoded. */
  body?: string
}

const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '@',
  '&',
  '|',
  '^',
  '~',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  ';',
  '.',
  '='
]
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy
const NUMBER =
  /(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJlL]?/y
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/

/** Split Python source into tokens with INDENT/DEDENT/NEWLINE like Python's tokenizer. */
export function tokenize(text: string): PyToken[] {
  const tokens: PyToken[] = []
  const indents = [0]
  let pos = 0
  let line = 1
  let depth = 0
  let atLineStart = true
  const n = text.length

  const push = (type: PyToken['type'], value: string, tokenLine = line): void => {
    tokens.push({type, value, line: tokenLine})
  }
  const lastType = (): PyToken['type'] | undefined => tokens[tokens.length - 1]?.type

  while (pos < n) {
    if (atLineStart && depth === 0) {
      let column = 0
      let scan = pos
      while (scan < n) {
        const ch = text[scan]
        if (ch === ' ') column += 1
        else if (ch === '\t') column = Math.floor(column / 8) * 8 + 8
        else if (ch === '\f') column = 0
        else break
        scan += 1
      }
      const ch = text[scan]
      if (scan >= n) {
        pos = scan
        break
      }
      if (ch === '\n' || ch === '\r' || ch === '#') {
        // Blank and comment-only lines do not affect indentation.
        pos = scan
        while (pos < n && text[pos] !== '\n') pos += 1
        if (pos < n) {
          pos += 1
          line += 1
        }
        continue
      }
      if (ch === '\\' && (text[scan + 1] === '\n' || text[scan + 1] === '\r')) {
        pos = scan
        atLineStart = false
      } else {
        pos = scan
        atLineStart = false
        const top = indents[indents.length - 1] ?? 0
        if (column > top) {
          indents.push(column)
          push('indent', '')
        } else {
          while (column < (indents[indents.length - 1] ?? 0)) {
            indents.pop()
            push('dedent', '')
          }
          // An inconsistent dedent is an error for Python; treat it as a new level.
          if (column > (indents[indents.length - 1] ?? 0)) indents.push(column)
        }
      }
    }
    const ch = text[pos] as string
    if (ch === ' ' || ch === '\t' || ch === '\f') {
      pos += 1
      continue
    }
    if (ch === '#') {
      while (pos < n && text[pos] !== '\n') pos += 1
      continue
    }
    if (ch === '\r' && text[pos + 1] === '\n') {
      pos += 1
      continue
    }
    if (ch === '\n' || ch === '\r') {
      pos += 1
      if (depth === 0) {
        const last = lastType()
        if (last !== undefined && last !== 'newline' && last !== 'indent' && last !== 'dedent') {
          push('newline', '')
        }
        atLineStart = true
      }
      line += 1
      continue
    }
    if (ch === '\\') {
      let next = pos + 1
      if (text[next] === '\r') next += 1
      if (text[next] === '\n' || text[pos + 1] === '\r') {
        pos = text[next] === '\n' ? next + 1 : next
        line += 1
        continue
      }
      push('error', ch)
      pos += 1
      continue
    }
    NAME.lastIndex = pos
    const name = NAME.exec(text)
    if (name) {
      const word = name[0]
      const after = text[pos + word.length]
      if ((after === '"' || after === "'") && STRING_PREFIX.test(word)) {
        const result = readString(text, pos + word.length, word.toLowerCase())
        tokens.push({...result.token, line})
        line += result.newlines
        pos = result.end
        continue
      }
      push('name', word)
      pos += word.length
      continue
    }
    if (ch === '"' || ch === "'") {
      const result = readString(text, pos, '')
      tokens.push({...result.token, line})
      line += result.newlines
      pos = result.end
      continue
    }
    if ((ch >= '0' && ch <= '9') || (ch === '.' && /\d/.test(text[pos + 1] ?? ''))) {
      NUMBER.lastIndex = pos
      const number = NUMBER.exec(text)
      if (number && number[0].length > 0) {
        push('number', number[0])
        pos += number[0].length
        continue
      }
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, pos))
    if (op !== undefined) {
      if (op === '(' || op === '[' || op === '{') depth += 1
      else if (op === ')' || op === ']' || op === '}') depth = Math.max(0, depth - 1)
      push('op', op)
      pos += op.length
      continue
    }
    push('error', ch)
    pos += 1
  }
  const last = lastType()
  if (last !== undefined && last !== 'newline' && last !== 'indent' && last !== 'dedent') {
    push('newline', '')
  }
  while (indents.length > 1) {
    indents.pop()
    push('dedent', '')
  }
  push('end', '')
  return tokens
}

function readString(
  text: string,
  start: number,
  prefix: string
): {token: Omit<PyToken, 'line'>; end: number; newlines: number} {
  const quote = text[start] as string
  const triple = text.startsWith(quote.repeat(3), start)
  const open = triple ? 3 : 1
  let pos = start + open
  let newlines = 0
  const n = text.length
  const prefixStart = start - prefix.length
  while (pos < n) {
    const ch = text[pos]
    if (ch === '\\') {
      if (text[pos + 1] === '\n') newlines += 1
      else if (text[pos + 1] === '\r' && text[pos + 2] !== '\n') newlines += 1
      pos += 2
      continue
    }
    if (ch === '\n' || (ch === '\r' && text[pos + 1] !== '\n')) {
      if (!triple) {
        return {token: {type: 'error', value: text.slice(prefixStart, pos)}, end: pos, newlines}
      }
      newlines += 1
    }
    if (triple ? text.startsWith(quote.repeat(3), pos) : ch === quote) {
      const body = text.slice(start + open, pos)
      const end = pos + open
      return {
        token: {type: 'string', value: text.slice(prefixStart, end), prefix, body},
        end,
        newlines
      }
    }
    pos += 1
  }
  return {token: {type: 'error', value: text.slice(prefixStart)}, end: n, newlines}
}

/** Decode the escapes of a (non-raw) Python string body. Unknown escapes stay as written. */
export function decodeEscapes(body: string, bytes: boolean): string {
  if (!body.includes('\\')) return body
  let out = ''
  let i = 0
  while (i < body.length) {
    const ch = body[i] as string
    if (ch !== '\\') {
      out += ch
      i += 1
      continue
    }
    const next = body[i + 1]
    if (next === undefined) {
      out += '\\'
      break
    }
    i += 2
    switch (next) {
      case '\n':
        break
      case '\r':
        if (body[i] === '\n') i += 1
        break
      case '\\':
      case "'":
      case '"':
        out += next
        break
      case 'a':
        out += '\x07'
        break
      case 'b':
        out += '\b'
        break
      case 'f':
        out += '\f'
        break
      case 'n':
        out += '\n'
        break
      case 'r':
        out += '\r'
        break
      case 't':
        out += '\t'
        break
      case 'v':
        out += '\v'
        break
      case 'x': {
        const hex = body.slice(i, i + 2)
        if (/^[\da-fA-F]{2}$/.test(hex)) {
          out += String.fromCharCode(parseInt(hex, 16))
          i += 2
        } else out += '\\x'
        break
      }
      case 'u':
      case 'U': {
        const size = next === 'u' ? 4 : 8
        const hex = body.slice(i, i + size)
        const code = parseInt(hex, 16)
        if (!bytes && new RegExp(`^[\\da-fA-F]{${size}}$`).test(hex) && code <= 0x10ffff) {
          out += String.fromCodePoint(code)
          i += size
        } else out += `\\${next}`
        break
      }
      default:
        if (next >= '0' && next <= '7') {
          let digits = next
          while (digits.length < 3 && /[0-7]/.test(body[i] ?? '')) {
            digits += body[i]
            i += 1
          }
          out += String.fromCharCode(parseInt(digits, 8))
        } else {
          out += `\\${next}`
        }
    }
  }
  return out
}
