/** Python `str()`, `repr()`, `%` and `str.format` over the reader's values. */
import {
  Unresolvable,
  checkSize,
  getItem,
  isDict,
  isSet,
  isTuple,
  MAX_VALUE_DEPTH,
  toNumber,
  type Budget,
  type Value
} from './confpy-values.js'

/** Python `str()`. */
export function pyStr(value: Value): string {
  return typeof value === 'string' ? value : pyRepr(value)
}

/** Python `repr()` of the values the reader knows. */
export function pyRepr(value: Value, depth = 0): string {
  if (depth > MAX_VALUE_DEPTH) throw new Unresolvable('value nested too deeply')
  if (value === null) return 'None'
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan'
  if (typeof value === 'string') return reprString(value)
  if (Array.isArray(value)) return `[${value.map((item) => pyRepr(item, depth + 1)).join(', ')}]`
  if (isTuple(value)) {
    const inner = value.items.map((item) => pyRepr(item, depth + 1))
    return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`
  }
  if (isSet(value))
    return value.items.length === 0
      ? 'set()'
      : `{${value.items.map((item) => pyRepr(item, depth + 1)).join(', ')}}`
  if (isDict(value)) {
    return `{${value.entries.map(([k, v]) => `${pyRepr(k, depth + 1)}: ${pyRepr(v, depth + 1)}`).join(', ')}}`
  }
  throw new Unresolvable('repr of a module or function')
}

export function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += `\\${quote}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return out + quote
}

/** `format % args` for the conversions conf.py files use. */
export function percentFormat(budget: Budget, format: string, args: Value): string {
  const positional = isTuple(args) ? args.items : [args]
  let next = 0
  let out = ''
  const spec = /%(?:\(([^)]*)\))?([-#0 +]*)(\d+)?(?:\.(\d+))?([sdirfx%])/gy
  let i = 0
  while (i < format.length) {
    const percent = format.indexOf('%', i)
    if (percent === -1) {
      out += format.slice(i)
      break
    }
    out += format.slice(i, percent)
    spec.lastIndex = percent
    const match = spec.exec(format)
    if (!match) throw new Unresolvable('unsupported % format')
    i = spec.lastIndex
    const [, key, flags = '', width, precision, conversion] = match
    if (conversion === '%') {
      out += '%'
      continue
    }
    let value: Value
    if (key !== undefined) {
      if (!isDict(args)) throw new Unresolvable('% format with a key needs a dict')
      value = getItem(budget, args, key)
    } else {
      if (next >= positional.length)
        throw new Unresolvable('not enough arguments for format string')
      value = positional[next] as Value
      next += 1
    }
    let text: string
    if (conversion === 's') text = pyStr(value)
    else if (conversion === 'r') text = pyRepr(value)
    else if (conversion === 'd' || conversion === 'i') text = String(Math.trunc(toNumber(value)))
    else if (conversion === 'f')
      text = toNumber(value).toFixed(precision === undefined ? 6 : Number(precision))
    else text = Math.trunc(toNumber(value)).toString(16)
    if (precision !== undefined && (conversion === 's' || conversion === 'r'))
      text = text.slice(0, Number(precision))
    if (width !== undefined) {
      const size = Number(width)
      checkSize(size)
      text = flags.includes('-')
        ? text.padEnd(size)
        : text.padStart(size, flags.includes('0') && conversion !== 's' ? '0' : ' ')
    }
    out += text
    checkSize(out.length)
  }
  if (!isDict(args) && next < positional.length) {
    throw new Unresolvable('not all arguments converted during string formatting')
  }
  return out
}

/** `str.format` with `{}`, `{0}` and `{name}` fields and no format spec. */
export function strFormat(format: string, args: Value[], kwargs: Map<string, Value>): string {
  let out = ''
  let auto = 0
  let i = 0
  while (i < format.length) {
    const ch = format[i] as string
    if (ch === '{' && format[i + 1] === '{') {
      out += '{'
      i += 2
    } else if (ch === '}' && format[i + 1] === '}') {
      out += '}'
      i += 2
    } else if (ch === '{') {
      const end = format.indexOf('}', i)
      if (end === -1) throw new Unresolvable("single '{' in format string")
      const field = format.slice(i + 1, end)
      const match = /^([A-Za-z_]\w*|\d*)(?:!([rs]))?$/.exec(field)
      if (!match) throw new Unresolvable('format field with a spec or attribute')
      const name = match[1] as string
      let value: Value | undefined
      if (name === '') value = args[auto++]
      else if (/^\d+$/.test(name)) value = args[Number(name)]
      else value = kwargs.get(name)
      if (value === undefined) throw new Unresolvable(`missing format argument ${name || auto - 1}`)
      out += match[2] === 'r' ? pyRepr(value) : pyStr(value)
      checkSize(out.length)
      i = end + 1
    } else if (ch === '}') {
      throw new Unresolvable("single '}' in format string")
    } else {
      out += ch
      i += 1
    }
  }
  return out
}
