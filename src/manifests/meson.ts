/**
 * Meson reader: the string lists of `meson.build` files (`files('a.rst')`, arrays, `+=`),
 * following `subdir()`, each string kept with its position. Everything else meson can compute
 * evaluates to "unknown" and contributes nothing.
 */
import type {FileTree} from '../tree/types.js'
import type {ManifestEntry} from './types.js'
import {decodeText, dirname, joinPath, lineStarts, normalizePath, rangeAt} from './text.js'
import {pushAll} from '../arrays.js'

interface Token {
  type: 'string' | 'name' | 'number' | 'op' | 'newline' | 'eof'
  value: string
  start: number
  end: number
}

/** Tokenise meson source; never throws (an unknown character becomes an operator token). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  let depth = 0
  while (i < text.length) {
    const char = text[i] ?? ''
    if (char === '#') {
      while (i < text.length && text[i] !== '\n') i++
      continue
    }
    if (char === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3
      continue
    }
    if (char === '\n') {
      if (depth === 0) tokens.push({type: 'newline', value: '\n', start: i, end: i + 1})
      i++
      continue
    }
    if (/\s/.test(char)) {
      i++
      continue
    }
    const start = i
    const format = (char === 'f' || char === 'F') && text[i + 1] === "'"
    if (char === "'" || format) {
      const quote = format ? i + 1 : i
      if (text.startsWith("'''", quote)) {
        const close = text.indexOf("'''", quote + 3)
        const end = close < 0 ? text.length : close + 3
        tokens.push({
          type: format ? 'op' : 'string',
          value: text.slice(quote + 3, close < 0 ? text.length : close),
          start,
          end
        })
        i = end
        continue
      }
      let value = ''
      let k = quote + 1
      while (k < text.length && text[k] !== "'" && text[k] !== '\n') {
        if (text[k] === '\\' && k + 1 < text.length) {
          const next = text[k + 1] ?? ''
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next
          k += 2
          continue
        }
        value += text[k]
        k++
      }
      const end = text[k] === "'" ? k + 1 : k
      // An f-string is computed: its value is unknown.
      tokens.push({type: format ? 'op' : 'string', value: format ? 'f-string' : value, start, end})
      i = end
      continue
    }
    if (/[A-Za-z_]/.test(char)) {
      let k = i + 1
      while (k < text.length && /[A-Za-z0-9_]/.test(text[k] ?? '')) k++
      tokens.push({type: 'name', value: text.slice(i, k), start, end: k})
      i = k
      continue
    }
    if (/[0-9]/.test(char)) {
      let k = i + 1
      while (k < text.length && /[0-9A-Za-z_]/.test(text[k] ?? '')) k++
      tokens.push({type: 'number', value: text.slice(i, k), start, end: k})
      i = k
      continue
    }
    const two = text.slice(i, i + 2)
    if (['+=', '==', '!=', '<=', '>=', '-=', '*=', '/=', '%='].includes(two)) {
      tokens.push({type: 'op', value: two, start, end: i + 2})
      i += 2
      continue
    }
    if (char === '(' || char === '[' || char === '{') depth++
    else if ((char === ')' || char === ']' || char === '}') && depth > 0) depth--
    tokens.push({type: 'op', value: char, start, end: i + 1})
    i++
  }
  tokens.push({type: 'eof', value: '', start: text.length, end: text.length})
  return tokens
}

/** One string of a list, with where it is written and the folder it is relative to. */
interface Item {
  value: string
  file: string
  start: number
  end: number
  folder: string
}

/** A list value, or undefined when meson would compute something we do not model. */
type Value = Item[] | undefined

interface Scope {
  variables: Map<string, Item[]>
  /** `if` block ids of each variable's last plain assignment. */
  blocks: Map<string, number[]>
  assignments: Map<string, {file: string; start: number; end: number}[]>
}

/** A problem met while reading (never fatal). */
export interface MesonProblem {
  file: string
  line: number
  message: string
}

/** What `readMeson`/`parseMeson` found. */
export interface MesonResult {
  entry: string
  files: string[]
  sources: Map<string, string>
  /** Every assigned variable with the places it is assigned (offsets of the statement). */
  variables: Map<string, {file: string; start: number; end: number}[]>
  problems: MesonProblem[]
  /**
   * What makes part of a variable's value unknown (`run_command(…)`; '' when nothing names it),
   * or undefined when all of it is known.
   */
  partial(variable: string): string | undefined
  /**
   * The man pages a Sphinx man page `custom_target` outputs, as entries whose `path` is the
   * page's file name (`kea-admin.8`).
   */
  manOutputs(): ManifestEntry[]
  /**
   * The source files `install_man(…)` installs (strings and `files()`, as entries with tree
   * paths): hand-written pages, which meson requires to exist. Build outputs passed to it
   * (`configure_file`, `custom_target`) are not strings and are not among them.
   */
  installMan(): ManifestEntry[]
  /** The strings of a variable as entries (paths relative to the tree root). */
  entries(variable: string): ManifestEntry[]
}

const MAX_FILES = 2000
/**
 * List items made or copied per token read, over the whole reading, plus a floor: a variable
 * reference copies its list, so `a += a` line after line doubles it. Past the bound every list
 * is unknown (and said so), so a reading costs at most a fixed factor times the text read. Real
 * meson.build files copy each documentation list once or twice.
 */
const ITEMS_PER_TOKEN = 16
const ITEMS_FLOOR = 100_000
/** Deepest expression nesting read; deeper (`[[[[…`, a hostile file) would overflow the stack. */
const MAX_NESTING = 500

class Evaluator {
  readonly scope: Scope = {variables: new Map(), blocks: new Map(), assignments: new Map()}
  readonly problems: MesonProblem[] = []
  readonly order: string[] = []
  /** Variables part of whose value is not known statically, with what made it unknown. */
  readonly partial = new Map<string, string>()
  /** What made part of the expression being read unknown (`run_command(…)`), if anything. */
  unknown: string | undefined
  /** The last call whose value is unknown: the reason given for an unknown part. */
  lastCall: string | undefined
  /** `output:` words of `custom_target`s that run a man page build (`'-b', 'man'`). */
  readonly manOutputs: Item[] = []
  /** Strings and `files()` given to `install_man(…)`. */
  readonly installMan: Item[] = []
  private nextBlock = 1
  private items = 0
  private tokens = 0
  private exhausted = false

  constructor(private readonly texts: Map<string, string>) {}

  run(file: string, depth = 0): void {
    const text = this.texts.get(file)
    if (text === undefined || this.order.includes(file) || depth > 50) return
    if (this.order.length >= MAX_FILES) return
    this.order.push(file)
    const tokens = tokenize(text)
    this.tokens += tokens.length
    const parser = new Parser(tokens, file, dirname(file), this)
    parser.statements(depth)
  }

  problem(file: string, offset: number, message: string): void {
    const text = this.texts.get(file) ?? ''
    this.problems.push({file, line: text.slice(0, offset).split('\n').length, message})
  }

  newBlock(): number {
    return this.nextBlock++
  }

  /**
   * Charge `items` list items made or copied at `offset` of `file`: false once the reading has
   * made more than its bound (the value is then unknown, and a problem says so, once).
   */
  count(items: number, file: string, offset: number): boolean {
    this.items += items
    if (this.items <= ITEMS_PER_TOKEN * this.tokens + ITEMS_FLOOR) return true
    if (!this.exhausted) {
      this.exhausted = true
      this.problem(
        file,
        offset,
        'Lists grow here beyond what the file holds (a list added to itself?); they are not evaluated from here on'
      )
    }
    return false
  }
}

class Parser {
  private position = 0
  private nesting = 0
  private readonly blocks: number[] = []

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
    private readonly folder: string,
    private readonly evaluator: Evaluator
  ) {}

  private peek(offset = 0): Token {
    return (
      this.tokens[Math.min(this.position + offset, this.tokens.length - 1)] ?? {
        type: 'eof',
        value: '',
        start: 0,
        end: 0
      }
    )
  }

  private next(): Token {
    const token = this.peek()
    if (this.position < this.tokens.length - 1) this.position++
    return token
  }

  private accept(value: string): boolean {
    const token = this.peek()
    if (token.type === 'op' && token.value === value) {
      this.next()
      return true
    }
    return false
  }

  /** Part of the list being read is not known: say what (the last unknown call). */
  private markUnknown(): void {
    this.evaluator.unknown ??= this.evaluator.lastCall ?? ''
  }

  private charge(items: number): boolean {
    return this.evaluator.count(items, this.file, this.peek().start)
  }

  private skipLine(): void {
    while (this.peek().type !== 'newline' && this.peek().type !== 'eof') this.next()
  }

  statements(depth: number): void {
    while (this.peek().type !== 'eof') {
      const token = this.peek()
      if (token.type === 'newline') {
        this.next()
        continue
      }
      const before = this.position
      this.statement(depth)
      if (this.position === before) this.next()
      this.skipLine()
    }
  }

  private statement(depth: number): void {
    const token = this.peek()
    if (token.type === 'name') {
      switch (token.value) {
        case 'if':
          this.next()
          this.blocks.push(this.evaluator.newBlock())
          this.expression()
          return
        case 'elif':
          this.next()
          this.expression()
          return
        case 'else':
        case 'break':
        case 'continue':
          this.next()
          return
        case 'endif':
          this.next()
          this.blocks.pop()
          return
        case 'foreach':
        case 'endforeach':
          this.next()
          return
      }
      const operator = this.peek(1)
      if (operator.type === 'op' && (operator.value === '=' || operator.value === '+=')) {
        this.next()
        this.next()
        this.evaluator.unknown = undefined
        this.evaluator.lastCall = undefined
        const value = this.expression()
        // A value read only in part (`x += run_command(…).stdout().split()`): its strings are
        // checked, but no file is called unlisted from it.
        const unknown =
          this.evaluator.unknown ?? (value ? undefined : (this.evaluator.lastCall ?? ''))
        // A new value says what it is made of; an extended one keeps its first reason.
        if (
          unknown !== undefined &&
          (operator.value === '=' || !this.evaluator.partial.has(token.value))
        ) {
          this.evaluator.partial.set(token.value, unknown)
        }
        this.assign(token, operator.value, value)
        return
      }
      if (
        token.value === 'subdir' &&
        this.peek(1).value === '(' &&
        this.peek(2).type === 'string'
      ) {
        const name = this.peek(2).value
        this.expression()
        const target = normalizePath(joinPath(this.folder, name, 'meson.build'))
        if (target !== undefined) this.evaluator.run(target, depth + 1)
        return
      }
    }
    this.expression()
  }

  private assign(name: Token, operator: string, value: Value): void {
    const scope = this.evaluator.scope
    const places = scope.assignments.get(name.value) ?? []
    places.push({file: this.file, start: name.start, end: this.peek().start})
    scope.assignments.set(name.value, places)
    const existing = scope.variables.get(name.value)
    const previousBlocks = scope.blocks.get(name.value) ?? []
    const sameBlock = this.blocks.some((block) => previousBlocks.includes(block))
    if (operator === '+=' || (existing && sameBlock)) {
      // Every branch counts: `x = [...]` in `if` and `else` both contribute. The scope owns its
      // lists (a reference copies), so appending in place keeps `x += 'a'` linear.
      if (existing) {
        if (value) pushAll(existing, value)
      } else scope.variables.set(name.value, value ?? [])
      return
    }
    scope.variables.set(name.value, value ?? [])
    scope.blocks.set(name.value, [...this.blocks])
  }

  /** expression := unary (binary-op unary)* ; only `+` of lists is modelled. */
  private expression(): Value {
    let left = this.postfix()
    for (;;) {
      const token = this.peek()
      if (
        token.type === 'op' &&
        ['+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>='].includes(token.value)
      ) {
        this.next()
        const right = this.postfix()
        if (token.value === '+' && left && right && this.charge(left.length + right.length)) {
          pushAll(left, right)
        } else {
          if (token.value === '+' && (left || right)) this.markUnknown()
          left = undefined
        }
        continue
      }
      if (token.type === 'name' && ['and', 'or', 'in'].includes(token.value)) {
        this.next()
        this.postfix()
        left = undefined
        continue
      }
      if (token.type === 'name' && token.value === 'not' && this.peek(1).value === 'in') {
        this.next()
        this.next()
        this.postfix()
        left = undefined
        continue
      }
      if (token.type === 'op' && token.value === '?') {
        this.next()
        const whenTrue = this.expression()
        this.accept(':')
        const whenFalse = this.expression()
        left = whenTrue ?? []
        if (whenFalse) pushAll(left, whenFalse)
        continue
      }
      return left
    }
  }

  private postfix(): Value {
    if (this.nesting >= MAX_NESTING) {
      const token = this.peek()
      this.evaluator.problem(
        this.file,
        token.start,
        `Expression nested more than ${MAX_NESTING} deep; rest of the line skipped`
      )
      this.skipLine()
      return undefined
    }
    this.nesting++
    try {
      return this.postfixUnguarded()
    } finally {
      this.nesting--
    }
  }

  private postfixUnguarded(): Value {
    let value = this.primary()
    for (;;) {
      if (this.accept('.')) {
        const method = this.next()
        if (this.peek().value === '(') {
          const {unknown, lastCall} = this.evaluator
          this.argumentList()
          this.evaluator.unknown = unknown
          this.evaluator.lastCall = lastCall ?? `.${method.value}(…)`
        }
        value = undefined
        continue
      }
      if (this.peek().type === 'op' && this.peek().value === '[') {
        this.next()
        this.expression()
        this.accept(']')
        value = undefined
        continue
      }
      return value
    }
  }

  private primary(): Value {
    const token = this.next()
    if (token.type === 'string') {
      return [
        {
          value: token.value,
          file: this.file,
          start: token.start,
          end: token.end,
          folder: this.folder
        }
      ]
    }
    if (token.type === 'name') {
      if (token.value === 'not') {
        this.postfix()
        return undefined
      }
      if (token.value === 'true' || token.value === 'false') return undefined
      if (this.peek().type === 'op' && this.peek().value === '(') {
        // What is unknown among the arguments is not what the call's value is made of.
        const {unknown, lastCall} = this.evaluator
        const keywords = new Map<string, Value>()
        const args = this.argumentList(keywords)
        if (token.value === 'custom_target') this.manTarget(keywords)
        if (token.value === 'install_man') {
          for (const arg of args) pushAll(this.evaluator.installMan, arg ?? [])
        }
        this.evaluator.unknown = unknown
        this.evaluator.lastCall = lastCall
        if (token.value === 'files') return args.flatMap((arg) => arg ?? [])
        this.evaluator.lastCall ??= `${token.value}(…)`
        return undefined
      }
      const value = this.evaluator.scope.variables.get(token.value)
      const partial = this.evaluator.partial.get(token.value)
      if (partial !== undefined) this.evaluator.unknown ??= partial
      return value && this.charge(value.length) ? [...value] : undefined
    }
    if (token.type === 'op') {
      if (token.value === '[') {
        const items: Item[] = []
        let known = true
        while (this.peek().type !== 'eof' && !this.accept(']')) {
          const before = this.position
          const value = this.expression()
          if (value) pushAll(items, value)
          else {
            known = false
            this.markUnknown()
          }
          this.accept(',')
          if (this.position === before) this.next()
        }
        if (!this.charge(items.length)) return undefined
        // A partly unknown array still lists the strings we can read.
        return known || items.length > 0 ? items : undefined
      }
      if (token.value === '(') {
        const value = this.expression()
        this.accept(')')
        return value
      }
      if (token.value === '{') {
        let level = 1
        while (level > 0 && this.peek().type !== 'eof') {
          const inner = this.next()
          if (inner.value === '{') level++
          else if (inner.value === '}') level--
        }
        return undefined
      }
      if (token.value === '-') {
        this.postfix()
        return undefined
      }
    }
    return undefined
  }

  /**
   * A `custom_target` whose command runs Sphinx's man page builder (`'-b', 'man'` or
   * `'-M', 'man'`): its outputs are the man pages the build makes and installs.
   */
  private manTarget(keywords: Map<string, Value>): void {
    const command = (keywords.get('command') ?? []).map((item) => item.value)
    const man = command.some(
      (word, index) => word === 'man' && ['-b', '-M'].includes(command[index - 1] ?? '')
    )
    if (!man) return
    for (const item of keywords.get('output') ?? []) {
      if (/\.[1-9n][a-z]*$/.test(item.value)) this.evaluator.manOutputs.push(item)
    }
  }

  /** `( args )`: positional arguments' values (keyword arguments' into `keywords`). */
  private argumentList(keywords?: Map<string, Value>): Value[] {
    this.accept('(')
    const values: Value[] = []
    while (this.peek().type !== 'eof' && !this.accept(')')) {
      const before = this.position
      if (this.peek().type === 'name' && this.peek(1).type === 'op' && this.peek(1).value === ':') {
        const name = this.next()
        this.next()
        const value = this.expression()
        keywords?.set(name.value, value)
      } else {
        values.push(this.expression())
      }
      this.accept(',')
      if (this.position === before) this.next()
    }
    return values
  }
}

function result(entry: string, texts: Map<string, string>, evaluator: Evaluator): MesonResult {
  const sources = new Map<string, string>()
  const starts = new Map<string, number[]>()
  for (const file of evaluator.order) {
    const text = texts.get(file) ?? ''
    sources.set(file, text)
    starts.set(file, lineStarts(text))
  }
  return {
    entry,
    files: evaluator.order,
    sources,
    variables: evaluator.scope.assignments,
    problems: evaluator.problems,
    partial(variable: string): string | undefined {
      return evaluator.partial.get(variable)
    },
    manOutputs(): ManifestEntry[] {
      return evaluator.manOutputs.map((item) => ({
        path: item.value.slice(item.value.lastIndexOf('/') + 1),
        word: (sources.get(item.file) ?? '').slice(item.start, item.end),
        file: item.file,
        range: rangeAt(starts.get(item.file) ?? [0], item.start, item.end),
        exact: true
      }))
    },
    installMan(): ManifestEntry[] {
      return toEntries(evaluator.installMan)
    },
    entries(variable: string): ManifestEntry[] {
      return toEntries(evaluator.scope.variables.get(variable) ?? [])
    }
  }
  function toEntries(items: Item[]): ManifestEntry[] {
    const entries: ManifestEntry[] = []
    for (const item of items) {
      const path = normalizePath(joinPath(item.folder, item.value))
      if (path === undefined || item.value.includes('@')) continue
      const lines = starts.get(item.file) ?? [0]
      entries.push({
        path,
        word: (sources.get(item.file) ?? '').slice(item.start, item.end),
        file: item.file,
        range: rangeAt(lines, item.start, item.end),
        exact: true
      })
    }
    return entries
  }
}

/** Read one meson.build alone (no `subdir()` following). Never throws. */
export function parseMeson(text: string, file: string): MesonResult {
  const texts = new Map([[file, text]])
  const evaluator = new Evaluator(texts)
  evaluator.run(file)
  return result(file, texts, evaluator)
}

/** Read a meson.build and the `subdir()` files it reaches. Never throws on bad input. */
export async function readMeson(tree: FileTree, entryFile: string): Promise<MesonResult> {
  const texts = new Map<string, string>()
  const folder = dirname(entryFile)
  const candidates = (await tree.list(folder === '' ? undefined : folder)).filter(
    (file) => file === 'meson.build' || file.endsWith('/meson.build')
  )
  for (const file of candidates.slice(0, MAX_FILES)) {
    const bytes = await tree.read(file)
    if (bytes !== undefined) texts.set(file, decodeText(bytes))
  }
  const evaluator = new Evaluator(texts)
  evaluator.run(entryFile)
  return result(entryFile, texts, evaluator)
}
