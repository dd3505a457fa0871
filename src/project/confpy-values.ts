/**
 * The values conf.py's reader computes and the Python operators over them: comparison, equality,
 * indexing, arithmetic. Every operation whose cost grows with a value's size spends from a
 * {@link Budget} owned by the read (confpy.ts), so no state lives in this module.
 */
import type {Expr} from './confpy-parser.js'
import type {PyValue} from './types.js'
import {pyRepr, percentFormat} from './confpy-format.js'

export interface PySet {
  kind: 'set'
  items: PyValue[]
}
export interface PyModule {
  kind: 'module'
  name: string
}
export interface PyFunc {
  kind: 'func'
  name: string
}
export interface PyMethod {
  kind: 'method'
  self: Value
  name: string
}
/** Sphinx's `Tags` object (`tags` in conf.py): its names, in insertion order. */
export interface PyTags {
  kind: 'tags'
  items: string[]
}
/**
 * `sys.version_info` as the build's interpreter has it: Sphinx runs on Python 3, at least 3.`minor`
 * (the lowest the Sphinx version supports); the exact minor and the rest are unknown. `length`:
 * how many of its fields the value holds (5, or fewer after a slice `[:2]`).
 */
export interface PyVersion {
  kind: 'version'
  minor: number
  length: number
}
export type Value = PyValue | PySet | PyModule | PyFunc | PyMethod | PyTags | PyVersion
export type Tuple = {kind: 'tuple'; items: PyValue[]}
export type Dict = {kind: 'dict'; entries: [PyValue, PyValue][]}

/** Raised for anything the reader cannot evaluate; the reader turns it into "unresolved". */
export class Unresolvable extends Error {
  constructor(message: string) {
    // Thrown for every statement the reader cannot evaluate (thousands in a hostile file) and
    // always caught: a stack trace would cost more than the statement.
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = limit
  }
}

/** Element operations (comparisons, copies) allowed per top-level statement and per file. */
export const MAX_STATEMENT_WORK = 1_000_000
export const MAX_WORK = 10_000_000
/** The largest list, dict or string a value may grow to. */
export const MAX_SIZE = 1_000_000
export const MAX_VALUE_DEPTH = 100

/**
 * Element operations allowed per byte of conf.py (and at least WORK_FLOOR): a small file cannot
 * ask for more than a fixed multiple of what it holds, `x = ["a"] * 900000` or not.
 */
export const WORK_PER_BYTE = 200
export const WORK_FLOOR = 200_000

/** The element operations one read of conf.py may still do: one per read, never shared. */
export class Budget {
  /** Spent in the present top-level statement, and in the whole file. */
  statement = 0
  total = 0
  /** The most the whole file may spend, and one statement. */
  readonly limit: number
  readonly statementLimit: number

  constructor(bytes = Infinity) {
    this.limit = Math.min(MAX_WORK, Math.max(WORK_FLOOR, WORK_PER_BYTE * bytes))
    this.statementLimit = Math.min(MAX_STATEMENT_WORK, this.limit)
  }

  /** Spend `amount`; out of budget, the operation is unresolvable. */
  spend(amount: number): void {
    // counted up to one past the limit: a refused claim is not work done
    this.statement = Math.min(this.statement + amount, this.statementLimit + 1)
    this.total = Math.min(this.total + amount, this.limit + 1)
    if (this.statement > this.statementLimit || this.total > this.limit) {
      throw new Unresolvable('too much work (values too large?)')
    }
  }

  /** Whether the whole file's budget is gone (a statement's own is renewed by the next one). */
  get exhausted(): boolean {
    return this.total > this.limit
  }
}

export function unresolvable(reason: string): never {
  throw new Unresolvable(reason)
}

export function isTuple(value: unknown): value is Tuple {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'tuple'
  )
}
export function isDict(value: unknown): value is Dict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'dict'
  )
}
export function isSet(value: unknown): value is PySet {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'set'
  )
}
export function isModule(value: unknown): value is PyModule {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'module'
  )
}
export function isFunc(value: unknown): value is PyFunc {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'func'
  )
}
export function isMethod(value: unknown): value is PyMethod {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'method'
  )
}
export function isTags(value: unknown): value is PyTags {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'tags'
  )
}
export function isVersion(value: unknown): value is PyVersion {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'version'
  )
}
export function isOpaque(value: Value | undefined): boolean {
  return isModule(value) || isFunc(value) || isMethod(value) || isTags(value) || isVersion(value)
}

const VERSION_UNKNOWN = 'depends on the exact Python version of the build'

/**
 * The signs `sys.version_info` (3, m, …) with m ≥ `version.minor` can have against `other`
 * (-1 smaller, 0 equal, 1 greater), as Python compares tuples.
 */
function versionSigns(version: PyVersion, other: Value): Set<number> {
  if (!isTuple(other)) throw new Unresolvable(`sys.version_info compared with something else`)
  const items = other.items
  const numbers = items.map((item) => (typeof item === 'number' ? item : Number.NaN))
  const [first, second] = numbers
  if (first === undefined) return new Set([1])
  if (Number.isNaN(first)) throw new Unresolvable(VERSION_UNKNOWN)
  if (first !== 3) return new Set([first < 3 ? 1 : -1])
  if (second === undefined) return new Set([version.length > 1 ? 1 : 0])
  if (Number.isNaN(second)) throw new Unresolvable(VERSION_UNKNOWN)
  const signs = new Set<number>([1])
  if (version.minor < second) signs.add(-1)
  if (version.minor <= second && Number.isInteger(second)) {
    // equal on (3, m): the rest decides
    if (items.length === 2) signs.add(version.length > 2 ? 1 : 0)
    else if (version.length > 2) signs.add(-1).add(0)
    else signs.add(-1)
  }
  return signs
}

/** `sys.version_info <op> other` when every possible version gives the same answer. */
function compareVersion(op: string, version: PyVersion, other: Value, flipped: boolean): boolean {
  const answers = new Set(
    [...versionSigns(version, other)].map((sign) => {
      const result = flipped ? -sign : sign
      if (op === '<') return result < 0
      if (op === '>') return result > 0
      if (op === '<=') return result <= 0
      if (op === '>=') return result >= 0
      if (op === '==') return result === 0
      return result !== 0
    })
  )
  if (answers.size !== 1) throw new Unresolvable(VERSION_UNKNOWN)
  return answers.has(true)
}

/** `sys.version_info[index]`: the major version is 3; the rest is not known. */
function versionItem(version: PyVersion, key: Value): Value {
  if (key === 0 || key === -version.length) return 3
  throw new Unresolvable(VERSION_UNKNOWN)
}

/** `sys.version_info.major` and friends. */
export function versionAttribute(version: PyVersion, name: string): Value {
  if (name === 'major') return 3
  throw new Unresolvable(VERSION_UNKNOWN)
}

export function checkSize(size: number): void {
  if (size > MAX_SIZE) throw new Unresolvable('value too large')
}

/**
 * Nodes all of conf.py's values may have when written out (a string counts one and a node per
 * character), shared parts counted at each use: `y = x` a hundred thousand times is no cheaper
 * to write out than a hundred thousand copies.
 */
export const MAX_EXPORT = 4_000_000

/**
 * Turns the reader's values into plain values, within one limit for all of them. A value is
 * counted as a reader of it (JSON, a walk) sees it: `x = [x, x]` forty times is 2^40 nodes, though
 * it holds forty lists. Sizes are remembered per object, so counting is linear in the objects.
 */
export class Exporter {
  readonly #sizes = new Map<object, number>()
  #left = MAX_EXPORT

  /** The plain value (sets become lists), or undefined when it is too deep, too large or opaque. */
  export(value: Value): PyValue | undefined {
    const size = this.#size(value, 0)
    if (size > this.#left) return undefined
    this.#left -= size
    if (isSet(value)) return value.items
    return value as PyValue
  }

  /** Nodes as written out; Infinity when too deep, over the limit or not a plain value. */
  #size(value: Value, depth: number): number {
    if (typeof value === 'string') return 1 + value.length
    if (value === null || typeof value !== 'object') return 1
    if (depth > MAX_VALUE_DEPTH) return Infinity
    const known = this.#sizes.get(value)
    if (known !== undefined) return known
    let children: Value[]
    if (Array.isArray(value)) children = value
    else if (isTuple(value) || isSet(value)) children = value.items
    else if (isDict(value)) children = value.entries.flat()
    else return Infinity
    let size = 1
    for (const child of children) {
      size += this.#size(child, depth + 1)
      if (size > MAX_EXPORT) {
        size = Infinity
        break
      }
    }
    this.#sizes.set(value, size)
    return size
  }
}

/** What building a value costs, in elements (strings in characters): the budget's unit. */
export function weight(value: Value): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length
  if (isTuple(value) || isSet(value)) return value.items.length
  if (isDict(value)) return value.entries.length
  return 0
}

export function clone(
  budget: Budget,
  value: Value,
  origins?: WeakMap<object, number>,
  depth = 0
): Value {
  if (value === null || typeof value !== 'object') return value
  budget.spend(1 + weight(value))
  if (depth > MAX_VALUE_DEPTH) throw new Unresolvable('value nested too deeply')
  let copy: Value
  if (Array.isArray(value))
    copy = value.map((item) => clone(budget, item, origins, depth + 1) as PyValue)
  else if (isTuple(value))
    copy = {
      kind: 'tuple',
      items: value.items.map((item) => clone(budget, item, origins, depth + 1) as PyValue)
    }
  else if (isDict(value)) {
    copy = {
      kind: 'dict',
      entries: value.entries.map(([k, v]) => [
        clone(budget, k, origins, depth + 1) as PyValue,
        clone(budget, v, origins, depth + 1) as PyValue
      ])
    }
  } else if (isSet(value))
    copy = {
      kind: 'set',
      items: value.items.map((item) => clone(budget, item, origins, depth + 1) as PyValue)
    }
  else if (isTags(value)) copy = {kind: 'tags', items: [...value.items]}
  else return value
  const origin = origins?.get(value)
  if (origin !== undefined && typeof copy === 'object' && copy !== null) origins?.set(copy, origin)
  return copy
}

export function truthy(value: Value): boolean {
  if (value === null) return false
  if (typeof value === 'string') return value.length > 0
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.length > 0
  if (isTuple(value) || isSet(value)) return value.items.length > 0
  if (isDict(value)) return value.entries.length > 0
  return true
}

export function toNumber(value: Value): number {
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  throw new Unresolvable('arithmetic on something that is not a number')
}

export function pyEqual(budget: Budget, a: Value, b: Value): boolean {
  budget.spend(1)
  if (isVersion(a) || isVersion(b)) {
    const [version, other] = (isVersion(a) ? [a, b] : [b, a]) as [PyVersion, Value]
    return isTuple(other) || isVersion(other) ? compareVersion('==', version, other, false) : false
  }
  if (
    (typeof a === 'number' || typeof a === 'boolean') &&
    (typeof b === 'number' || typeof b === 'boolean')
  ) {
    return Number(a) === Number(b)
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => pyEqual(budget, item, b[i] as Value))
    )
  }
  if (isTuple(a) && isTuple(b)) return pyEqual(budget, a.items, b.items)
  if (isSet(a) && isSet(b)) {
    return (
      a.items.length === b.items.length &&
      a.items.every((item) => b.items.some((other) => pyEqual(budget, item, other)))
    )
  }
  if (isDict(a) && isDict(b)) {
    return (
      a.entries.length === b.entries.length &&
      a.entries.every(([key, value]) => {
        const other = findEntry(budget, b, key)
        return other !== undefined && pyEqual(budget, value, other[1])
      })
    )
  }
  return a === b
}

export function dedupe(budget: Budget, items: PyValue[]): PyValue[] {
  const out: PyValue[] = []
  const seen = new Set<string>()
  // lists, dicts and sets have no hash here; none of them equals a simple value
  const others: PyValue[] = []
  for (const item of items) {
    budget.spend(1)
    const hash = hashOf(item)
    if (hash !== undefined) {
      if (seen.has(hash)) continue
      seen.add(hash)
    } else {
      if (others.some((other) => pyEqual(budget, item, other))) continue
      others.push(item)
    }
    out.push(item)
  }
  return out
}

/** The items of an iterable value (dicts give their keys, strings their characters). */
export function iterate(budget: Budget, value: Value): Value[] {
  let items: Value[]
  if (Array.isArray(value)) items = [...value]
  else if (isTuple(value) || isSet(value) || isTags(value)) items = [...value.items]
  else if (isDict(value)) items = value.entries.map(([key]) => key)
  else if (typeof value === 'string') items = [...value]
  else throw new Unresolvable('iteration over something that is not a list, tuple, dict or string')
  budget.spend(items.length)
  return items
}

export function bindTarget(budget: Budget, target: Expr, value: Value): [string, Value][] {
  if (target.k === 'name') return [[target.id, value]]
  if (target.k === 'tuple' || target.k === 'list') {
    const items = iterate(budget, value)
    if (target.items.some((item) => item.k === 'star'))
      throw new Unresolvable('starred loop target')
    if (items.length !== target.items.length) {
      throw new Unresolvable(`cannot unpack ${items.length} values into ${target.items.length}`)
    }
    return target.items.flatMap((item, index) => bindTarget(budget, item, items[index] as Value))
  }
  throw new Unresolvable('unsupported loop target')
}

export function normalizeIndex(index: Value, length: number): number {
  const number = toNumber(index)
  if (!Number.isInteger(number)) throw new Unresolvable('index is not an integer')
  const resolved = number < 0 ? number + length : number
  if (resolved < 0 || resolved >= length) throw new Unresolvable('index out of range')
  return resolved
}

export function getSlice(container: Value, lo: Value, hi: Value, step: Value): Value {
  if (isVersion(container)) {
    const [from = 0, to = 0] = sliceBounds(lo, hi, step, container.length)
    if (from !== 0) throw new Unresolvable(VERSION_UNKNOWN)
    return to === 0
      ? {kind: 'tuple', items: []}
      : to === 1
        ? {kind: 'tuple', items: [3]}
        : {...container, length: to}
  }
  const [from, to] = sliceBounds(lo, hi, step, lengthOf(container))
  if (typeof container === 'string') return container.slice(from, to)
  if (Array.isArray(container)) return container.slice(from, to)
  if (isTuple(container)) return {kind: 'tuple', items: container.items.slice(from, to)}
  throw new Unresolvable('slice of something that is not a sequence')
}

export function sliceBounds(lo: Value, hi: Value, step: Value, length: number): number[] {
  const stepValue = step === null ? 1 : toNumber(step)
  if (stepValue !== 1) throw new Unresolvable('slices with a step are not supported')
  const clamp = (value: Value, fallback: number): number => {
    if (value === null) return fallback
    const number = toNumber(value)
    return Math.min(Math.max(number < 0 ? number + length : number, 0), length)
  }
  return [clamp(lo, 0), clamp(hi, length)]
}

export function getItem(budget: Budget, container: Value, key: Value): Value {
  if (isVersion(container)) return versionItem(container, key)
  if (typeof container === 'string')
    return container[normalizeIndex(key, container.length)] as string
  if (Array.isArray(container)) return container[normalizeIndex(key, container.length)] as PyValue
  if (isTuple(container))
    return container.items[normalizeIndex(key, container.items.length)] as PyValue
  if (isDict(container)) {
    const entry = findEntry(budget, container, key)
    if (entry === undefined) throw new Unresolvable(`missing key ${pyRepr(key)}`)
    return entry[1]
  }
  throw new Unresolvable('subscript of something that is not a sequence or dict')
}

/** Where a dict keeps its index: a symbol, so JSON and structuredClone never see it. */
const INDEX = Symbol('dict index')
type Entry = [PyValue, PyValue]
type Indexed = Dict & {[INDEX]?: Map<string, Entry>}

/** A key as Python hashes it (`1`, `1.0` and `True` are one key), for the keys that are simple. */
function hashOf(key: Value, depth = 0): string | undefined {
  if (key === null) return 'N'
  if (typeof key === 'string') return `s${key}`
  if (typeof key === 'number' || typeof key === 'boolean') {
    const number = Number(key)
    return Number.isNaN(number) ? undefined : `n${number}`
  }
  if (isTuple(key) && depth < 4) {
    const parts: string[] = []
    for (const item of key.items) {
      const part = hashOf(item, depth + 1)
      if (part === undefined) return undefined
      parts.push(JSON.stringify(part))
    }
    return `t[${parts.join(',')}]`
  }
  return undefined
}

/** The entry of `key` in a dict: through its index when the key is simple, one pass otherwise. */
export function findEntry(budget: Budget, dict: Dict, key: Value): Entry | undefined {
  const hash = hashOf(key)
  if (hash === undefined) return dict.entries.find(([entryKey]) => pyEqual(budget, entryKey, key))
  budget.spend(1)
  return dictIndex(budget, dict).get(hash)
}

function dictIndex(budget: Budget, dict: Indexed): Map<string, Entry> {
  let index = dict[INDEX]
  if (index === undefined) {
    budget.spend(dict.entries.length)
    index = new Map()
    for (const entry of dict.entries) {
      const hash = hashOf(entry[0])
      if (hash !== undefined && !index.has(hash)) index.set(hash, entry)
    }
    Object.defineProperty(dict, INDEX, {value: index, enumerable: false, writable: true})
  }
  return index
}

/** Add an entry to a dict (the key is not in it). */
function addEntry(budget: Budget, dict: Indexed, entry: Entry): void {
  dict.entries.push(entry)
  const hash = hashOf(entry[0])
  if (hash !== undefined && dict[INDEX] !== undefined) dict[INDEX].set(hash, entry)
}

/** Remove the entry of `key` from a dict; its value, or undefined when it has none. */
export function removeEntry(budget: Budget, dict: Indexed, key: Value): PyValue | undefined {
  const entry = findEntry(budget, dict, key)
  if (entry === undefined) return undefined
  const at = dict.entries.indexOf(entry)
  budget.spend(dict.entries.length - at)
  dict.entries.splice(at, 1)
  const hash = hashOf(entry[0])
  if (hash !== undefined) dict[INDEX]?.delete(hash)
  return entry[1]
}

/** Empty a dict. */
export function clearDict(dict: Indexed): void {
  dict.entries.length = 0
  dict[INDEX]?.clear()
}

export function lengthOf(value: Value): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length
  if (isTuple(value) || isSet(value)) return value.items.length
  if (isDict(value)) return value.entries.length
  throw new Unresolvable('len() of something without a length')
}

export function setItem(budget: Budget, container: Value, key: Value, value: Value): void {
  if (isDict(container)) {
    if (Array.isArray(key) || isDict(key) || isSet(key) || isOpaque(key))
      throw new Unresolvable('unhashable key')
    const entry = findEntry(budget, container, key)
    if (entry) entry[1] = value as PyValue
    else {
      checkSize(container.entries.length + 1)
      addEntry(budget, container, [key as PyValue, value as PyValue])
    }
    return
  }
  if (Array.isArray(container)) {
    container[normalizeIndex(key, container.length)] = value as PyValue
    return
  }
  throw new Unresolvable('item assignment on something that is not a list or dict')
}

export function deleteItem(budget: Budget, container: Value, key: Value): void {
  if (isDict(container)) {
    if (findEntry(budget, container, key) === undefined)
      throw new Unresolvable(`missing key ${pyRepr(key)}`)
    removeEntry(budget, container, key)
    return
  }
  if (Array.isArray(container)) {
    container.splice(normalizeIndex(key, container.length), 1)
    return
  }
  throw new Unresolvable('del of an item of something that is not a list or dict')
}

export function binary(budget: Budget, op: string, left: Value, right: Value): Value {
  if (op === '+') {
    if (typeof left === 'string' && typeof right === 'string') {
      checkSize(left.length + right.length)
      return left + right
    }
    if (Array.isArray(left) && Array.isArray(right)) {
      checkSize(left.length + right.length)
      return [...left, ...right]
    }
    if (isTuple(left) && isTuple(right))
      return {kind: 'tuple', items: [...left.items, ...right.items]}
    return toNumber(left) + toNumber(right)
  }
  if (op === '*') {
    const repeat = (count: number, make: (n: number) => Value, size: number): Value => {
      if (!Number.isInteger(count)) throw new Unresolvable('repeat count is not an integer')
      checkSize(Math.max(0, count) * size)
      // spent before it is built: `["a"] * 900000` costs what it would make
      budget.spend(Math.max(0, count) * size)
      return make(Math.max(0, count))
    }
    if (typeof left === 'string' && typeof right !== 'string')
      return repeat(toNumber(right), (n) => left.repeat(n), left.length)
    if (typeof right === 'string' && typeof left !== 'string')
      return repeat(toNumber(left), (n) => right.repeat(n), right.length)
    if (Array.isArray(left))
      return repeat(
        toNumber(right),
        (n) => Array.from({length: n}, () => left).flat() as PyValue[],
        left.length
      )
    if (Array.isArray(right))
      return repeat(
        toNumber(left),
        (n) => Array.from({length: n}, () => right).flat() as PyValue[],
        right.length
      )
    return toNumber(left) * toNumber(right)
  }
  if (op === '%' && typeof left === 'string') return percentFormat(budget, left, right)
  if (op === '|' && isDict(left) && isDict(right)) {
    const merged: Dict = {kind: 'dict', entries: left.entries.map(([k, v]) => [k, v])}
    for (const [key, value] of right.entries) setItem(budget, merged, key, value)
    return merged
  }
  const a = toNumber(left)
  const b = toNumber(right)
  switch (op) {
    case '-':
      return a - b
    case '/':
      if (b === 0) throw new Unresolvable('division by zero')
      return a / b
    case '//':
      if (b === 0) throw new Unresolvable('division by zero')
      return Math.floor(a / b)
    case '%':
      if (b === 0) throw new Unresolvable('division by zero')
      return a - b * Math.floor(a / b)
    case '**': {
      const result = a ** b
      if (!Number.isFinite(result) || (Number.isInteger(result) && !Number.isSafeInteger(result))) {
        throw new Unresolvable('number too large')
      }
      return result
    }
    case '&':
      return a & b
    case '|':
      return a | b
    case '^':
      return a ^ b
    case '<<':
      if (b > 31) throw new Unresolvable('number too large')
      return a << b
    case '>>':
      return a >> b
    default:
      throw new Unresolvable(`operator ${op} is not supported`)
  }
}

export function compare(budget: Budget, op: string, left: Value, right: Value): boolean {
  if (['<', '>', '<=', '>=', '==', '!='].includes(op)) {
    if (isVersion(left)) return compareVersion(op, left, right, false)
    if (isVersion(right)) return compareVersion(op, right, left, true)
  }
  switch (op) {
    case '==':
      return pyEqual(budget, left, right)
    case '!=':
      return !pyEqual(budget, left, right)
    case 'in':
    case 'not in': {
      let found: boolean
      if (typeof right === 'string') {
        if (typeof left !== 'string') throw new Unresolvable("'in <string>' needs a string")
        found = right.includes(left)
      } else found = iterate(budget, right).some((item) => pyEqual(budget, item, left))
      return op === 'in' ? found : !found
    }
    case 'is':
    case 'is not': {
      const simple = (value: Value): boolean => value === null || typeof value === 'boolean'
      if (!simple(left) && !simple(right)) throw new Unresolvable('identity comparison of objects')
      return (left === right) === (op === 'is')
    }
    default: {
      let result: number
      if (typeof left === 'string' && typeof right === 'string')
        result = left < right ? -1 : left > right ? 1 : 0
      else if (isTuple(left) && isTuple(right))
        result = compareSequences(budget, left.items, right.items)
      else if (Array.isArray(left) && Array.isArray(right))
        result = compareSequences(budget, left, right)
      else result = toNumber(left) - toNumber(right)
      if (op === '<') return result < 0
      if (op === '>') return result > 0
      if (op === '<=') return result <= 0
      return result >= 0
    }
  }
}

export function compareSequences(budget: Budget, a: Value[], b: Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (pyEqual(budget, a[i] as Value, b[i] as Value)) continue
    return compare(budget, '<', a[i] as Value, b[i] as Value) ? -1 : 1
  }
  return a.length - b.length
}
