/** The builtins, `os.path` functions and methods of str, list, dict, set and `tags` conf.py calls. */
import {pushAll} from '../arrays.js'
import {pyRepr, pyStr, strFormat} from './confpy-format.js'
import {
  Unresolvable,
  checkSize,
  clearDict,
  clone,
  compare,
  dedupe,
  findEntry,
  isDict,
  isSet,
  isTags,
  isTuple,
  iterate,
  lengthOf,
  normalizeIndex,
  pyEqual,
  removeEntry,
  setItem,
  toNumber,
  truthy,
  type Budget,
  type Dict,
  type PyTags,
  type Tuple,
  type Value
} from './confpy-values.js'
import type {PyValue} from './types.js'

/** Steps one `range()` may produce (the reader's per-statement step budget). */
export const MAX_RANGE = 20_000

export const MUTATORS = new Set([
  'append',
  'extend',
  'insert',
  'remove',
  'pop',
  'clear',
  'update',
  'setdefault',
  'sort',
  'reverse',
  'add',
  'discard'
])
export const BUILTINS = new Set([
  'list',
  'tuple',
  'dict',
  'set',
  'sorted',
  'str',
  'int',
  'len',
  'min',
  'max',
  'reversed',
  'enumerate',
  'zip',
  'range',
  'bool',
  'float',
  'print',
  'repr',
  'any',
  'all',
  'sum',
  'frozenset'
])
export function joinPosix(parts: string[]): string {
  let out = ''
  for (const part of parts) {
    if (part.startsWith('/') || out === '') out = part
    else out = out.endsWith('/') ? out + part : `${out}/${part}`
  }
  return out
}

export function stringArgs(args: Value[], name: string): string[] {
  return args.map((arg) => {
    if (typeof arg !== 'string')
      throw new Unresolvable(`${name}() of something that is not a string`)
    return arg
  })
}

export function sortValues(budget: Budget, items: Value[]): Value[] {
  return [...items].sort((a, b) =>
    pyEqual(budget, a, b) ? 0 : compare(budget, '<', a, b) ? -1 : 1
  )
}

export function callFunction(
  budget: Budget,
  name: string,
  args: Value[],
  kwargs: Map<string, Value>
): Value {
  const [first] = args
  switch (name) {
    case 'os.path.join':
      return joinPosix(stringArgs(args, name))
    case 'os.path.basename': {
      const [path] = stringArgs(args, name)
      return (path ?? '').slice((path ?? '').lastIndexOf('/') + 1)
    }
    case 'os.path.dirname': {
      const [path = ''] = stringArgs(args, name)
      const head = path.slice(0, path.lastIndexOf('/') + 1)
      return /^\/+$/.test(head) ? head : head.replace(/(?<!\/)\/+$/, '')
    }
    case 'os.path.splitext': {
      const [path = ''] = stringArgs(args, name)
      const base = path.slice(path.lastIndexOf('/') + 1)
      const dot = base.lastIndexOf('.')
      if (dot <= 0 || /^\.+$/.test(base.slice(0, dot))) return {kind: 'tuple', items: [path, '']}
      const cut = path.length - base.length + dot
      return {kind: 'tuple', items: [path.slice(0, cut), path.slice(cut)]}
    }
    case 'os.fspath':
      if (typeof first !== 'string')
        throw new Unresolvable('os.fspath() of something that is not a string')
      return first
    case 'print':
      return null
    case 'list':
      return first === undefined ? [] : (iterate(budget, first) as PyValue[])
    case 'tuple':
      return {
        kind: 'tuple',
        items: first === undefined ? [] : (iterate(budget, first) as PyValue[])
      }
    case 'set':
    case 'frozenset':
      return {
        kind: 'set',
        items: first === undefined ? [] : dedupe(budget, iterate(budget, first) as PyValue[])
      }
    case 'dict': {
      const dict: Dict = {kind: 'dict', entries: []}
      if (first !== undefined) {
        if (isDict(first))
          for (const [key, value] of first.entries) setItem(budget, dict, key, value)
        else {
          for (const pair of iterate(budget, first)) {
            const items = iterate(budget, pair)
            if (items.length !== 2) throw new Unresolvable('dict() of something that is not pairs')
            setItem(budget, dict, items[0] as Value, items[1] as Value)
          }
        }
      }
      for (const [key, value] of kwargs) setItem(budget, dict, key, value)
      return dict
    }
    case 'sorted': {
      if (first === undefined) throw new Unresolvable('sorted() needs an argument')
      if ([...kwargs.keys()].some((key) => key !== 'reverse'))
        throw new Unresolvable('sorted() with a key')
      const sorted = sortValues(budget, iterate(budget, first))
      return (truthy(kwargs.get('reverse') ?? false) ? sorted.reverse() : sorted) as PyValue[]
    }
    case 'reversed':
      if (first === undefined) throw new Unresolvable('reversed() needs an argument')
      return iterate(budget, first).reverse() as PyValue[]
    case 'str':
      return first === undefined ? '' : pyStr(first)
    case 'repr':
      if (first === undefined) throw new Unresolvable('repr() needs an argument')
      return pyRepr(first)
    case 'int': {
      if (first === undefined) return 0
      if (typeof first === 'string') {
        if (!/^\s*[-+]?\d+\s*$/.test(first)) throw new Unresolvable('int() of a non-number string')
        return Number.parseInt(first, 10)
      }
      return Math.trunc(toNumber(first))
    }
    case 'float': {
      if (first === undefined) return 0
      const number = typeof first === 'string' ? Number(first) : toNumber(first)
      if (Number.isNaN(number)) throw new Unresolvable('float() of a non-number')
      return number
    }
    case 'bool':
      return first === undefined ? false : truthy(first)
    case 'len':
      if (first === undefined) throw new Unresolvable('len() needs an argument')
      return lengthOf(first)
    case 'min':
    case 'max': {
      const items = args.length === 1 && first !== undefined ? iterate(budget, first) : args
      if (items.length === 0) throw new Unresolvable(`${name}() of nothing`)
      const sorted = sortValues(budget, items)
      return (name === 'min' ? sorted[0] : sorted[sorted.length - 1]) as Value
    }
    case 'any':
    case 'all': {
      if (first === undefined) throw new Unresolvable(`${name}() needs an argument`)
      const items = iterate(budget, first)
      return name === 'any' ? items.some(truthy) : items.every(truthy)
    }
    case 'sum': {
      if (first === undefined) throw new Unresolvable('sum() needs an argument')
      if (kwargs.size > 0 || args.length > 2) throw new Unresolvable('sum() with a start keyword')
      let total = args[1] === undefined ? 0 : toNumber(args[1])
      for (const item of iterate(budget, first)) total += toNumber(item)
      if (!Number.isSafeInteger(total) && Number.isInteger(total))
        throw new Unresolvable('number too large')
      return total
    }
    case 'enumerate': {
      if (first === undefined) throw new Unresolvable('enumerate() needs an argument')
      const start = args[1] === undefined ? 0 : toNumber(args[1])
      return iterate(budget, first).map(
        (item, index) => ({kind: 'tuple', items: [start + index, item as PyValue]}) satisfies Tuple
      )
    }
    case 'zip': {
      const lists = args.map((arg) => iterate(budget, arg))
      const length = lists.length === 0 ? 0 : Math.min(...lists.map((list) => list.length))
      return Array.from(
        {length},
        (_, index) =>
          ({kind: 'tuple', items: lists.map((list) => list[index] as PyValue)}) satisfies Tuple
      )
    }
    case 'range': {
      const numbers = args.map(toNumber)
      const [start, stop, step = 1] = numbers.length === 1 ? [0, numbers[0] as number] : numbers
      if (start === undefined || stop === undefined || step === 0)
        throw new Unresolvable('bad range()')
      const length = Math.max(0, Math.ceil((stop - start) / step))
      if (length > MAX_RANGE) throw new Unresolvable('range() too long')
      return Array.from({length}, (_, index) => start + index * step)
    }
    default:
      throw new Unresolvable(`${name}() is not supported`)
  }
}

export function callMethod(
  budget: Budget,
  self: Value,
  name: string,
  args: Value[],
  kwargs: Map<string, Value>
): Value {
  const [first, second] = args
  if (typeof self === 'string') {
    switch (name) {
      case 'format':
        return strFormat(self, args, kwargs)
      case 'join': {
        if (first === undefined) throw new Unresolvable('join() needs an argument')
        const parts = stringArgs(iterate(budget, first), 'join')
        const total = parts.reduce((sum, part) => sum + part.length, 0) + self.length * parts.length
        checkSize(total)
        return parts.join(self)
      }
      case 'split':
      case 'rsplit': {
        const limit = second === undefined ? -1 : toNumber(second)
        if (first === undefined || first === null) {
          if (limit !== -1) throw new Unresolvable('split() with a limit')
          return self.split(/\s+/).filter(Boolean)
        }
        if (typeof first !== 'string' || first === '') throw new Unresolvable('bad separator')
        const pieces = self.split(first)
        if (limit < 0 || pieces.length <= limit + 1) return pieces
        return name === 'split'
          ? [...pieces.slice(0, limit), pieces.slice(limit).join(first)]
          : [
              pieces.slice(0, pieces.length - limit).join(first),
              ...pieces.slice(pieces.length - limit)
            ]
      }
      case 'strip':
      case 'lstrip':
      case 'rstrip': {
        const chars = first === undefined || first === null ? ' \t\n\r\f\v' : first
        if (typeof chars !== 'string')
          throw new Unresolvable('strip() of something that is not a string')
        let start = 0
        let end = self.length
        if (name !== 'rstrip')
          while (start < end && chars.includes(self[start] as string)) start += 1
        if (name !== 'lstrip')
          while (end > start && chars.includes(self[end - 1] as string)) end -= 1
        return self.slice(start, end)
      }
      case 'replace': {
        if (typeof first !== 'string' || typeof second !== 'string')
          throw new Unresolvable('replace() needs strings')
        const result = self.split(first).join(second)
        checkSize(result.length)
        return result
      }
      case 'lower':
        return self.toLowerCase()
      case 'upper':
        return self.toUpperCase()
      case 'startswith':
      case 'endswith': {
        const options = isTuple(first) ? first.items : [first]
        return options.some((option) => {
          if (typeof option !== 'string') throw new Unresolvable(`${name}() needs strings`)
          return name === 'startswith' ? self.startsWith(option) : self.endsWith(option)
        })
      }
      default:
        throw new Unresolvable(`str.${name}() is not supported`)
    }
  }
  if (Array.isArray(self)) {
    switch (name) {
      case 'append':
        checkSize(self.length + 1)
        if (first === undefined) throw new Unresolvable('append() needs an argument')
        self.push(clone(budget, first) as PyValue)
        return null
      case 'extend': {
        if (first === undefined) throw new Unresolvable('extend() needs an argument')
        const items = iterate(budget, first).map((item) => clone(budget, item) as PyValue)
        checkSize(self.length + items.length)
        pushAll(self, items)
        return null
      }
      case 'insert': {
        if (first === undefined || second === undefined)
          throw new Unresolvable('insert() needs two arguments')
        checkSize(self.length + 1)
        let index = toNumber(first)
        if (index < 0) index = Math.max(0, index + self.length)
        self.splice(Math.min(index, self.length), 0, clone(budget, second) as PyValue)
        return null
      }
      case 'remove': {
        const index = self.findIndex((item) => pyEqual(budget, item, first ?? null))
        if (index === -1) throw new Unresolvable('remove() of a missing item')
        self.splice(index, 1)
        return null
      }
      case 'pop': {
        if (self.length === 0) throw new Unresolvable('pop() from an empty list')
        const index = first === undefined ? self.length - 1 : normalizeIndex(first, self.length)
        return self.splice(index, 1)[0] as PyValue
      }
      case 'clear':
        self.length = 0
        return null
      case 'copy':
        return [...self]
      case 'index': {
        const index = self.findIndex((item) => pyEqual(budget, item, first ?? null))
        if (index === -1) throw new Unresolvable('index() of a missing item')
        return index
      }
      case 'count':
        return self.filter((item) => pyEqual(budget, item, first ?? null)).length
      case 'sort': {
        if ([...kwargs.keys()].some((key) => key !== 'reverse'))
          throw new Unresolvable('sort() with a key')
        const sorted = sortValues(budget, self) as PyValue[]
        if (truthy(kwargs.get('reverse') ?? false)) sorted.reverse()
        self.splice(0, self.length, ...sorted)
        return null
      }
      case 'reverse':
        self.reverse()
        return null
      default:
        throw new Unresolvable(`list.${name}() is not supported`)
    }
  }
  if (isDict(self)) {
    switch (name) {
      case 'get': {
        const entry = findEntry(budget, self, first ?? null)
        return entry ? entry[1] : (second ?? null)
      }
      case 'keys':
        return self.entries.map(([key]) => key)
      case 'values':
        return self.entries.map(([, value]) => value)
      case 'items':
        return self.entries.map(
          ([key, value]) => ({kind: 'tuple', items: [key, value]}) satisfies Tuple
        )
      case 'copy':
        return {kind: 'dict', entries: self.entries.map(([key, value]) => [key, value])}
      case 'update': {
        if (first !== undefined) {
          if (!isDict(first)) throw new Unresolvable('update() of something that is not a dict')
          for (const [key, value] of first.entries) setItem(budget, self, key, clone(budget, value))
        }
        for (const [key, value] of kwargs) setItem(budget, self, key, clone(budget, value))
        return null
      }
      case 'setdefault': {
        const entry = findEntry(budget, self, first ?? null)
        if (entry) return entry[1]
        setItem(budget, self, first ?? null, clone(budget, second ?? null))
        return second ?? null
      }
      case 'pop': {
        if (findEntry(budget, self, first ?? null) === undefined) {
          if (second !== undefined) return second
          throw new Unresolvable('pop() of a missing key')
        }
        return removeEntry(budget, self, first ?? null) ?? null
      }
      case 'clear':
        clearDict(self)
        return null
      default:
        throw new Unresolvable(`dict.${name}() is not supported`)
    }
  }
  if (isTags(self)) return callTags(self, name, first, args.length + kwargs.size)
  if (isSet(self)) {
    if (name === 'add') {
      if (!self.items.some((item) => pyEqual(budget, item, first ?? null)))
        self.items.push(clone(budget, first ?? null) as PyValue)
      return null
    }
    if (name === 'discard' || name === 'remove') {
      self.items = self.items.filter((item) => !pyEqual(budget, item, first ?? null))
      return null
    }
  }
  throw new Unresolvable(`method ${name}() is not supported`)
}

/** Sphinx's `Tags` methods (sphinx/util/tags.py); a tag is any string `-t` could give. */
export function callTags(
  self: PyTags,
  name: string,
  first: Value | undefined,
  count: number
): Value {
  if (!['has', 'add', 'remove', '__contains__'].includes(name))
    throw new Unresolvable(`tags.${name}() is not supported`)
  if (count !== 1) throw new Unresolvable(`tags.${name}() needs one argument`)
  if (typeof first !== 'string') {
    // Hashable non-strings are never tags; unhashable ones raise in Python.
    if (
      name !== 'add' &&
      (first === null || typeof first === 'number' || typeof first === 'boolean')
    )
      return name === 'remove' ? null : false
    throw new Unresolvable(`tags.${name}() of something that is not a string`)
  }
  const index = self.items.indexOf(first)
  if (name === 'has' || name === '__contains__') return index !== -1
  if (name === 'add') {
    checkSize(self.items.length + 1)
    if (index === -1) self.items.push(first)
  } else if (index !== -1) self.items.splice(index, 1)
  return null
}
