/**
 * A static reader for conf.py: it parses the Python subset configuration files use and evaluates
 * what it can without ever running Python. Anything it cannot evaluate is reported, never thrown.
 */
import {tokenize, type PyToken} from './confpy-lexer.js'
import {parsePython, type CompFor, type Expr, type Stmt} from './confpy-parser.js'
import {confObjectTypes} from './confpy-directives.js'
import {confWrittenStrings} from './confpy-writes.js'
import type {PyValue, Unresolved} from './types.js'
import {pushAll} from '../arrays.js'

/** What readConfPy found. */
export interface ConfPyResult {
  /** Final value of every top-level name it could evaluate (sets become lists). */
  values: Map<string, PyValue>
  /** Line of the last assignment of each name. */
  lines: Map<string, number>
  /** Names whose final value could not be evaluated, with the reason. */
  unresolved: Unresolved[]
  /** Names whose value depends on a condition the reader could not decide (name → line). */
  conditional: Map<string, number>
  /** The line where a list, tuple or dict value was written (for `man_pages` entries). */
  lineOf(value: PyValue): number | undefined
  /**
   * The tags after conf.py ran (the given ones, plus `tags.add`, minus `tags.remove`), in insertion
   * order; absent when no tags were given or when conf.py changed them in a way the reader could
   * not follow (under an undecidable condition, with an unreadable argument, by rebinding `tags`).
   */
  tags?: string[]
  /** The string literals of a conf.py that writes files (confpy-writes.ts); empty otherwise. */
  writes: string[]
  /** Directives `setup()` registers as object or cross-reference types (confpy-directives.ts). */
  objectTypes?: string[]
}

/** What readConfPy needs besides the text. */
export interface ReadConfPyOptions {
  /**
   * The `sphinx-build -t` tags, which conf.py sees as `tags` (builder tags come later, see
   * tags.ts). Without it `tags` stays unknown, so whatever depends on it is unresolved.
   */
  tags?: readonly string[]
}

interface PySet {
  kind: 'set'
  items: PyValue[]
}
interface PyModule {
  kind: 'module'
  name: string
}
interface PyFunc {
  kind: 'func'
  name: string
}
interface PyMethod {
  kind: 'method'
  self: Value
  name: string
}
/** Sphinx's `Tags` object (`tags` in conf.py): its names, in insertion order. */
interface PyTags {
  kind: 'tags'
  items: string[]
}
type Value = PyValue | PySet | PyModule | PyFunc | PyMethod | PyTags
type Tuple = {kind: 'tuple'; items: PyValue[]}
type Dict = {kind: 'dict'; entries: [PyValue, PyValue][]}

interface Binding {
  value?: Value
  /** Why the value is not known (set when `value` is absent). */
  unknown?: string
  line: number
  conditional: boolean
  /** Only assignments are reported as unresolved (not imports, loop variables, functions). */
  reported: boolean
}

type Env = Map<string, Binding>

class Unresolvable extends Error {}
class BreakSignal extends Error {}
class ContinueSignal extends Error {}

/** Work allowed for one top-level statement, and for the whole file. */
const MAX_STATEMENT_STEPS = 20_000
const MAX_STEPS = 500_000
/** Element operations (comparisons, copies) allowed per top-level statement and per file. */
const MAX_STATEMENT_WORK = 1_000_000
const MAX_WORK = 10_000_000

/**
 * Work done by the value helpers (which have no Reader at hand). readConfPy is synchronous, so
 * one module-level counter cannot be shared by two reads at once.
 */
const work = {statement: 0, total: 0}

function spend(amount: number): void {
  work.statement += amount
  work.total += amount
  if (work.statement > MAX_STATEMENT_WORK || work.total > MAX_WORK) {
    throw new Unresolvable('too much work (values too large?)')
  }
}
const MAX_SIZE = 1_000_000
const MAX_VALUE_DEPTH = 100

const KNOWN_MODULES = new Set(['os', 'os.path', 'sys', 'posixpath'])
const MUTATORS = new Set([
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
const BUILTINS = new Set([
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

/** Read conf.py statically. Never executes code, never throws. */
export function readConfPy(text: string, options: ReadConfPyOptions = {}): ConfPyResult {
  const reader = new Reader()
  work.statement = 0
  work.total = 0
  reader.bindTags(options.tags)
  // One tokenization serves the statements and the look for file writes.
  let tokens: PyToken[] = []
  try {
    tokens = tokenize(text)
    reader.run(parsePython(tokens))
  } catch (error) {
    reader.fatal(error)
  }
  return {
    ...reader.result(),
    writes: confWrittenStrings(tokens),
    objectTypes: confObjectTypes(tokens)
  }
}

class Reader {
  env: Env = new Map()
  readonly origins = new WeakMap<object, number>()
  readonly conditional = new Map<string, number>()
  readonly lines = new Map<string, number>()
  #steps = 0
  #statementSteps = 0
  #nesting = 0
  #written: Set<string>[] = []
  #originOverride: number | undefined
  #usedConditional = false
  #fatal: string | undefined
  /** `import *` and `exec()`: they may set names nobody can see here. */
  readonly #wildcards: Unresolved[] = []

  run(statements: Stmt[]): void {
    this.#block(statements)
  }

  /** Put Sphinx's `tags` object in the namespace, holding the `-t` tags (unknown without them). */
  bindTags(tags: readonly string[] | undefined): void {
    if (tags === undefined) {
      // Which `-t` tags the build uses is not in the tree: say where to declare them.
      this.#bindUnknown(
        'tags',
        0,
        'the sphinx-build -t tags; set "sphinx.tags" to give them',
        false
      )
      return
    }
    const items: string[] = []
    for (const tag of tags) if (!items.includes(tag)) items.push(tag)
    this.env.set('tags', {
      value: {kind: 'tags', items} satisfies PyTags,
      line: 0,
      conditional: false,
      reported: false
    })
  }

  fatal(error: unknown): void {
    this.#fatal = error instanceof Error ? error.message : String(error)
  }

  result(): Omit<ConfPyResult, 'writes'> {
    const values = new Map<string, PyValue>()
    const unresolved: Unresolved[] = []
    for (const [name, binding] of this.env) {
      if (binding.value !== undefined) {
        const value = toPyValue(binding.value, 0)
        if (value !== undefined) values.set(name, value)
        else if (binding.reported && !isOpaque(binding.value)) {
          unresolved.push({name, line: binding.line, reason: 'value nested too deeply'})
        }
      } else if (binding.reported) {
        unresolved.push({name, line: binding.line, reason: binding.unknown ?? 'unknown'})
      }
    }
    unresolved.push(...this.#wildcards)
    if (this.#fatal !== undefined) {
      unresolved.push({name: '', line: 0, reason: `conf.py reading stopped: ${this.#fatal}`})
    }
    unresolved.sort((a, b) => a.line - b.line || (a.name < b.name ? -1 : 1))
    const lines = new Map([...this.lines].filter(([name]) => this.env.get(name)?.reported))
    const origins = this.origins
    const tags = this.env.get('tags')
    return {
      values,
      lines,
      unresolved,
      conditional: new Map([...this.conditional].filter(([name]) => this.env.has(name))),
      lineOf: (value) =>
        typeof value === 'object' && value !== null ? origins.get(value) : undefined,
      ...(tags !== undefined && !tags.conditional && isTags(tags.value) && this.#fatal === undefined
        ? {tags: [...tags.value.items]}
        : {})
    }
  }

  // ---- statements ----

  #step(): void {
    this.#steps += 1
    this.#statementSteps += 1
    if (this.#steps > MAX_STEPS || this.#statementSteps > MAX_STATEMENT_STEPS) {
      throw new Unresolvable('too much work (loop too long?)')
    }
  }

  #block(statements: Stmt[]): void {
    for (const statement of statements) this.#statement(statement)
  }

  #markWritten(name: string): void {
    for (const set of this.#written) set.add(name)
  }

  #bind(name: string, binding: Binding): void {
    this.env.set(name, binding)
    this.#markWritten(name)
    if (binding.reported) this.lines.set(name, binding.line)
    if (binding.conditional) this.conditional.set(name, binding.line)
    else this.conditional.delete(name)
  }

  #bindUnknown(name: string, line: number, reason: string, reported = true): void {
    this.#bind(name, {unknown: reason, line, conditional: false, reported})
  }

  #statement(statement: Stmt): void {
    const topLevel = this.#nesting === 0
    if (topLevel) {
      this.#statementSteps = 0
      work.statement = 0
    }
    this.#nesting += 1
    try {
      this.#step()
      this.#execute(statement)
    } catch (error) {
      if (error instanceof BreakSignal || error instanceof ContinueSignal) throw error
      if (error instanceof Unresolvable && error.message.startsWith('too much work')) {
        // Out of budget: everything this statement could write is unknown.
        for (const name of assignedNames(statement))
          this.#bindUnknown(name, statement.line, error.message)
        // Only the top-level statement recovers; the whole file has a budget too.
        if (!topLevel || this.#steps > MAX_STEPS || work.total > MAX_WORK) throw error
        return
      }
      const reason = error instanceof Error ? error.message : String(error)
      for (const name of assignedNames(statement)) this.#bindUnknown(name, statement.line, reason)
    } finally {
      this.#nesting -= 1
    }
  }

  #execute(statement: Stmt): void {
    switch (statement.k) {
      case 'assign':
        return this.#assign(statement)
      case 'aug':
        return this.#augAssign(statement)
      case 'expr':
        return this.#expressionStatement(statement.e, statement.line)
      case 'if':
        return this.#if(statement)
      case 'try':
        return this.#try(statement)
      case 'for':
        return this.#for(statement)
      case 'while':
        for (const name of assignedNames(statement)) {
          this.#bindUnknown(name, statement.line, 'assigned in a while loop')
        }
        return
      case 'with':
        for (const target of statement.targets) {
          for (const name of targetNames(target)) {
            this.#bindUnknown(name, statement.line, 'context manager result', false)
          }
        }
        return this.#block(statement.body)
      case 'def':
        return this.#bindUnknown(statement.name, statement.line, 'a function or class', false)
      case 'import':
        for (const {module, as} of statement.names) {
          if (as !== undefined) this.#bindModule(as, module, statement.line)
          else {
            const top = module.split('.')[0] as string
            this.#bindModule(top, top, statement.line)
          }
        }
        return
      case 'from':
        for (const {name, as} of statement.names) {
          if (name === '*') {
            this.#wildcards.push({
              name: '*',
              line: statement.line,
              reason: `from ${statement.module} import * may set any name`
            })
            continue
          }
          this.#bindModule(as ?? name, `${statement.module}.${name}`, statement.line)
        }
        return
      case 'del':
        for (const target of statement.targets) {
          if (target.k === 'name') {
            this.env.delete(target.id)
            this.lines.delete(target.id)
            this.#markWritten(target.id)
          } else this.#expressionStatement(target, statement.line, true)
        }
        return
      case 'break':
        throw new BreakSignal()
      case 'continue':
        throw new ContinueSignal()
      case 'pass':
      case 'other':
        return
      case 'error':
        for (const name of statement.names)
          this.#bindUnknown(name, statement.line, statement.reason)
        return
    }
  }

  #bindModule(name: string, module: string, line: number): void {
    if (KNOWN_MODULES.has(module)) {
      this.#bind(name, {
        value: {kind: 'module', name: module},
        line,
        conditional: false,
        reported: false
      })
    } else if (
      module === 'os.path.join' ||
      module === 'posixpath.join' ||
      module.startsWith('os.path.')
    ) {
      this.#bind(name, {
        value: {kind: 'func', name: module.replace(/^posixpath/, 'os.path')},
        line,
        conditional: false,
        reported: false
      })
    } else {
      this.#bindUnknown(name, line, `imported from ${module}`, false)
    }
  }

  /** Evaluate with conditional-use tracking; returns the value and whether it is conditional. */
  #evaluate(expr: Expr): {value: Value; conditional: boolean} {
    const saved = this.#usedConditional
    this.#usedConditional = false
    try {
      const value = this.#eval(expr)
      return {value, conditional: this.#usedConditional}
    } finally {
      this.#usedConditional = saved || this.#usedConditional
    }
  }

  #assign(statement: Stmt & {k: 'assign'}): void {
    let evaluated: {value: Value; conditional: boolean}
    try {
      evaluated = this.#evaluate(statement.value)
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error
      for (const target of statement.targets) {
        for (const name of targetNames(target))
          this.#bindUnknown(name, statement.line, error.message)
      }
      return
    }
    for (const target of statement.targets) {
      this.#assignTarget(target, evaluated.value, statement.line, evaluated.conditional)
    }
  }

  #assignTarget(
    target: Expr,
    value: Value,
    line: number,
    conditional: boolean,
    reported = true
  ): void {
    switch (target.k) {
      case 'name':
        this.#bind(target.id, {value, line, conditional, reported})
        return
      case 'tuple':
      case 'list': {
        const items = iterate(value)
        const starIndex = target.items.findIndex((item) => item.k === 'star')
        if (starIndex === -1) {
          if (items.length !== target.items.length) {
            throw new Unresolvable(
              `cannot unpack ${items.length} values into ${target.items.length}`
            )
          }
          target.items.forEach((item, index) =>
            this.#assignTarget(item, items[index] as Value, line, conditional, reported)
          )
          return
        }
        const after = target.items.length - starIndex - 1
        if (items.length < target.items.length - 1)
          throw new Unresolvable('not enough values to unpack')
        target.items.forEach((item, index) => {
          if (index < starIndex)
            this.#assignTarget(item, items[index] as Value, line, conditional, reported)
          else if (index === starIndex && item.k === 'star') {
            this.#assignTarget(
              item.e,
              items.slice(starIndex, items.length - after) as PyValue[],
              line,
              conditional,
              reported
            )
          } else {
            const from = items.length - (target.items.length - index)
            this.#assignTarget(item, items[from] as Value, line, conditional, reported)
          }
        })
        return
      }
      case 'sub': {
        const root = rootName(target)
        const container = this.#eval(target.obj)
        const key = this.#eval(target.index)
        setItem(container, key, clone(value))
        if (root !== undefined) this.#markMutated(root, conditional)
        return
      }
      case 'attr':
        // Attributes of modules or objects do not matter to doclint.
        return
      default:
        throw new Unresolvable('cannot assign to this target')
    }
  }

  #markMutated(name: string, conditional: boolean): void {
    this.#markWritten(name)
    const binding = this.env.get(name)
    if (binding && conditional && !binding.conditional) {
      binding.conditional = true
      this.conditional.set(name, binding.line)
    }
  }

  #augAssign(statement: Stmt & {k: 'aug'}): void {
    const {target, line} = statement
    const names = targetNames(target)
    try {
      const left = this.#evaluate(target)
      const right = this.#evaluate(statement.value)
      const conditional = left.conditional || right.conditional
      if (statement.op === '+' && Array.isArray(left.value)) {
        // `list += iterable` extends in place, like list.extend.
        const items = iterate(right.value).map((item) => clone(item) as PyValue)
        checkSize(left.value.length + items.length)
        pushAll(left.value, items)
        const root = rootName(target)
        if (root !== undefined) this.#markMutated(root, conditional)
        return
      }
      const value = binary(statement.op, left.value, right.value)
      this.#assignTarget(target, value, line, conditional)
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error
      for (const name of names) this.#bindUnknown(name, line, error.message)
    }
  }

  #expressionStatement(expr: Expr, line: number, deleting = false): void {
    if (
      expr.k === 'call' &&
      expr.fn.k === 'name' &&
      (expr.fn.id === 'exec' || expr.fn.id === 'execfile')
    ) {
      this.#wildcards.push({name: '*', line, reason: `${expr.fn.id}() may set any name`})
      return
    }
    try {
      if (deleting && expr.k === 'sub') {
        const container = this.#eval(expr.obj)
        deleteItem(container, this.#eval(expr.index))
        const root = rootName(expr)
        if (root !== undefined) this.#markMutated(root, this.#usedConditional)
        return
      }
      this.#evaluate(expr)
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error
      // A failed call that changes a known list or dict leaves that value unknown.
      const receiver = mutatedReceiver(expr)
      if (receiver !== undefined && isTags(this.env.get(receiver)?.value)) {
        // Not a setting: unknown from here on, but never reported.
        this.#bindUnknown(
          receiver,
          line,
          `tags changed by something unreadable: ${error.message}`,
          false
        )
        return
      }
      if (
        receiver !== undefined &&
        this.env.get(receiver)?.value !== undefined &&
        !isOpaque(this.env.get(receiver)?.value)
      ) {
        this.#bindUnknown(
          receiver,
          line,
          `changed at line ${line} by something unreadable: ${error.message}`
        )
        this.lines.set(receiver, this.env.get(receiver)?.line ?? line)
      }
    }
  }

  /** Run branches whose choice is unknown, each on a copy; merge what they wrote. */
  #unknownBranches(bodies: Stmt[][]): void {
    const before = this.env
    const results: {env: Env; written: Set<string>}[] = []
    for (const body of bodies) {
      this.env = cloneEnv(before, this.origins)
      const written = new Set<string>()
      this.#written.push(written)
      try {
        this.#block(body)
      } catch (error) {
        if (error instanceof BreakSignal || error instanceof ContinueSignal) {
          // break/continue inside a branch of a loop body: stop this branch there.
        } else {
          this.env = before
          this.#written.pop()
          throw error
        }
      }
      this.#written.pop()
      results.push({env: this.env, written})
    }
    this.env = before
    const merged = new Set<string>()
    for (const {env, written} of results) {
      for (const name of written) {
        if (merged.has(name)) continue
        merged.add(name)
        const binding = env.get(name)
        this.#markWritten(name)
        if (binding === undefined) {
          // Deleted in one branch: whether it exists is unknown.
          this.env.set(name, {
            unknown: 'deleted under a condition',
            line: 0,
            conditional: true,
            reported: false
          })
          continue
        }
        const copy = {...binding, conditional: true}
        this.env.set(name, copy)
        if (copy.reported) this.lines.set(name, copy.line)
        this.conditional.set(name, copy.line)
      }
    }
  }

  /** The truth of a test, or `undefined` when it cannot be decided for sure. */
  #decide(test: Expr): boolean | undefined {
    try {
      const {value, conditional} = this.#evaluate(test)
      return conditional ? undefined : truthy(value)
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error
      return undefined
    }
  }

  #if(statement: Stmt & {k: 'if'}): void {
    const pending: Stmt[][] = []
    for (const branch of statement.branches) {
      const decision = branch.test === null ? true : this.#decide(branch.test)
      if (decision === false) continue
      if (decision === true && pending.length === 0) {
        this.#block(branch.body)
        return
      }
      pending.push(branch.body)
      if (decision === true) break
    }
    if (pending.length > 0) this.#unknownBranches(pending)
  }

  #try(statement: Stmt & {k: 'try'}): void {
    // Whether the body raises (an ImportError, usually) is unknown: the body plus `else` is one
    // possibility, each handler another.
    this.#unknownBranches([[...statement.body, ...statement.orelse], ...statement.handlers])
    this.#block(statement.finalbody)
  }

  #for(statement: Stmt & {k: 'for'}): void {
    let items: Value[]
    let conditional = false
    try {
      const evaluated = this.#evaluate(statement.iter)
      items = iterate(evaluated.value)
      conditional = evaluated.conditional
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error
      this.#unknownLoop(statement, `assigned in a loop over something unreadable: ${error.message}`)
      return
    }
    if (conditional) {
      this.#unknownLoop(statement, 'assigned in a loop over a conditional value')
      return
    }
    let broke = false
    for (const item of items) {
      this.#step()
      this.#assignTarget(statement.target, item, statement.line, false, false)
      try {
        this.#block(statement.body)
      } catch (error) {
        if (error instanceof BreakSignal) {
          broke = true
          break
        }
        if (error instanceof ContinueSignal) continue
        throw error
      }
    }
    if (!broke) this.#block(statement.orelse)
  }

  #unknownLoop(statement: Stmt & {k: 'for'}, reason: string): void {
    const targets = new Set(targetNames(statement.target))
    for (const name of assignedNames(statement)) {
      this.#bindUnknown(name, statement.line, reason, !targets.has(name))
    }
  }

  // ---- expressions ----

  #lookup(name: string): Value {
    const binding = this.env.get(name)
    if (binding === undefined) {
      if (BUILTINS.has(name)) return {kind: 'func', name}
      throw new Unresolvable(`unknown name ${name}`)
    }
    if (binding.conditional) this.#usedConditional = true
    if (binding.value === undefined) {
      const where = binding.reported && binding.line > 0 ? ` (line ${binding.line})` : ''
      throw new Unresolvable(
        binding.reported
          ? `uses ${name}, which could not be read${where}`
          : `uses ${name} (${binding.unknown ?? 'unknown'})`
      )
    }
    return binding.value
  }

  #remember<T extends object>(value: T, line: number): T {
    this.origins.set(value, this.#originOverride ?? line)
    return value
  }

  #eval(expr: Expr): Value {
    switch (expr.k) {
      case 'const':
        return expr.v
      case 'fstr': {
        let out = ''
        for (const part of expr.parts) {
          if (typeof part === 'string') out += part
          else {
            const name = part.expr.trim()
            if (!/^[A-Za-z_]\w*$/.test(name)) throw new Unresolvable('f-string with an expression')
            out += pyStr(this.#lookup(name))
          }
        }
        return out
      }
      case 'name':
        return this.#lookup(expr.id)
      case 'list': {
        const items = this.#evalItems(expr.items)
        return this.#remember(items, expr.line)
      }
      case 'tuple':
        return this.#remember(
          {kind: 'tuple', items: this.#evalItems(expr.items)} satisfies Tuple,
          expr.line
        )
      case 'set':
        return {kind: 'set', items: dedupe(this.#evalItems(expr.items))}
      case 'dict': {
        const dict: Dict = {kind: 'dict', entries: []}
        for (const [keyExpr, valueExpr] of expr.entries) {
          if (keyExpr === null) {
            const other = this.#eval(valueExpr)
            if (!isDict(other)) throw new Unresolvable('** of something that is not a dict')
            for (const [key, value] of other.entries) setItem(dict, key, value)
          } else setItem(dict, this.#eval(keyExpr), this.#eval(valueExpr))
        }
        return this.#remember(dict, expr.line)
      }
      case 'star':
        throw new Unresolvable('starred expression here')
      case 'comp':
        return this.#comprehension(expr)
      case 'attr':
        return this.#attribute(this.#eval(expr.obj), expr.name)
      case 'sub': {
        const container = this.#eval(expr.obj)
        const index = expr.index
        if (index.k === 'slice') {
          const bound = (part: Expr | undefined): Value =>
            part === undefined ? null : this.#eval(part)
          return getSlice(container, bound(index.lo), bound(index.hi), bound(index.step))
        }
        return getItem(container, this.#eval(index))
      }
      case 'slice':
        throw new Unresolvable('slice outside a subscript')
      case 'call':
        return this.#call(expr)
      case 'bin':
        return binary(expr.op, this.#eval(expr.l), this.#eval(expr.r))
      case 'unary': {
        const value = this.#eval(expr.e)
        if (expr.op === 'not') return !truthy(value)
        const number = toNumber(value)
        if (expr.op === '-') return -number
        if (expr.op === '+') return number
        return ~number
      }
      case 'bool': {
        let value: Value = expr.op === 'and'
        for (const item of expr.values) {
          value = this.#eval(item)
          if (truthy(value) !== (expr.op === 'and')) return value
        }
        return value
      }
      case 'cmp': {
        let left = this.#eval(expr.first)
        for (const [op, rightExpr] of expr.ops) {
          const right = this.#eval(rightExpr)
          if (!compare(op, left, right)) return false
          left = right
        }
        return true
      }
      case 'ifexp':
        return truthy(this.#eval(expr.test)) ? this.#eval(expr.body) : this.#eval(expr.orelse)
      case 'unsupported':
        throw new Unresolvable(`${expr.reason} is not supported`)
    }
  }

  #evalItems(items: Expr[]): PyValue[] {
    const out: PyValue[] = []
    for (const item of items) {
      if (item.k === 'star') pushAll(out, iterate(this.#eval(item.e)) as PyValue[])
      else out.push(this.#eval(item) as PyValue)
      checkSize(out.length)
    }
    return out
  }

  #comprehension(expr: Expr & {k: 'comp'}): Value {
    const results: Value[] = []
    const dict: Dict = {kind: 'dict', entries: []}
    // Comprehension variables live in their own scope.
    const saved = new Map<string, Binding | undefined>()
    for (const gen of expr.gens) {
      for (const name of targetNames(gen.target))
        if (!saved.has(name)) saved.set(name, this.env.get(name))
    }
    const savedOverride = this.#originOverride
    const loop = (index: number): void => {
      const gen = expr.gens[index] as CompFor | undefined
      if (gen === undefined) {
        if (expr.kind === 'dict' && expr.value)
          setItem(dict, this.#eval(expr.elt), this.#eval(expr.value))
        else results.push(this.#eval(expr.elt))
        checkSize(results.length + dict.entries.length)
        return
      }
      for (const item of iterate(this.#eval(gen.iter))) {
        this.#step()
        const origin =
          typeof item === 'object' && item !== null ? this.origins.get(item) : undefined
        this.#originOverride = origin ?? savedOverride
        for (const [name, value] of bindTarget(gen.target, item)) {
          this.env.set(name, {value, line: expr.line, conditional: false, reported: false})
        }
        if (gen.ifs.every((test) => truthy(this.#eval(test)))) loop(index + 1)
      }
    }
    try {
      loop(0)
    } finally {
      this.#originOverride = savedOverride
      for (const [name, binding] of saved) {
        if (binding === undefined) this.env.delete(name)
        else this.env.set(name, binding)
      }
    }
    if (expr.kind === 'dict') return this.#remember(dict, expr.line)
    if (expr.kind === 'set') return {kind: 'set', items: dedupe(results as PyValue[])}
    return this.#remember(results as PyValue[], expr.line)
  }

  #attribute(object: Value, name: string): Value {
    if (isModule(object)) {
      const full = `${object.name}.${name}`
      if (full === 'os.path' || full === 'sys.path') {
        return full === 'os.path'
          ? {kind: 'module', name: full}
          : unresolvable('sys.path depends on the environment')
      }
      if (full === 'os.sep' || full === 'os.path.sep') return '/'
      if (full === 'os.curdir') return '.'
      if (full === 'os.pardir') return '..'
      if (
        [
          'os.path.join',
          'os.path.basename',
          'os.path.dirname',
          'os.path.splitext',
          'os.path.normpath',
          'os.fspath',
          'posixpath.join'
        ].includes(full)
      ) {
        return {kind: 'func', name: full.replace(/^posixpath/, 'os.path')}
      }
      throw new Unresolvable(`${full} depends on the environment or the file system`)
    }
    if (
      typeof object === 'string' ||
      Array.isArray(object) ||
      isDict(object) ||
      isSet(object) ||
      isTags(object)
    ) {
      return {kind: 'method', self: object, name}
    }
    throw new Unresolvable(`attribute ${name} is not supported`)
  }

  #call(expr: Expr & {k: 'call'}): Value {
    const fn = this.#eval(expr.fn)
    const args: Value[] = []
    for (const arg of expr.args) {
      if (arg.k === 'star') pushAll(args, iterate(this.#eval(arg.e)))
      else args.push(this.#eval(arg))
    }
    const kwargs = new Map<string, Value>()
    for (const [name, valueExpr] of expr.kwargs) {
      const value = this.#eval(valueExpr)
      if (name !== null) kwargs.set(name, value)
      else if (isDict(value)) for (const [key, item] of value.entries) kwargs.set(String(key), item)
      else throw new Unresolvable('** of something that is not a dict')
    }
    if (isFunc(fn)) return callFunction(fn.name, args, kwargs)
    if (isMethod(fn)) {
      const result = callMethod(fn.self, fn.name, args, kwargs)
      if (MUTATORS.has(fn.name)) {
        const root = rootName(expr.fn)
        if (root !== undefined) this.#markMutated(root, this.#usedConditional)
      }
      return result
    }
    throw new Unresolvable('call of something that is not a known function')
  }
}

// ---- helpers over values ----

function unresolvable(reason: string): never {
  throw new Unresolvable(reason)
}

function isTuple(value: unknown): value is Tuple {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'tuple'
  )
}
function isDict(value: unknown): value is Dict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'dict'
  )
}
function isSet(value: unknown): value is PySet {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'set'
  )
}
function isModule(value: unknown): value is PyModule {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'module'
  )
}
function isFunc(value: unknown): value is PyFunc {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'func'
  )
}
function isMethod(value: unknown): value is PyMethod {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'method'
  )
}
function isTags(value: unknown): value is PyTags {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as {kind?: string}).kind === 'tags'
  )
}
function isOpaque(value: Value | undefined): boolean {
  return isModule(value) || isFunc(value) || isMethod(value) || isTags(value)
}

function checkSize(size: number): void {
  if (size > MAX_SIZE) throw new Unresolvable('value too large')
}

function toPyValue(value: Value, depth: number): PyValue | undefined {
  if (depth > MAX_VALUE_DEPTH) return undefined
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    for (const item of value) if (toPyValue(item, depth + 1) === undefined) return undefined
    return value
  }
  if (isTuple(value)) return toPyValue(value.items, depth) === undefined ? undefined : value
  if (isDict(value)) {
    for (const [key, item] of value.entries) {
      if (toPyValue(key, depth + 1) === undefined || toPyValue(item, depth + 1) === undefined)
        return undefined
    }
    return value
  }
  if (isSet(value)) return toPyValue(value.items, depth) === undefined ? undefined : value.items
  return undefined
}

function clone(value: Value, origins?: WeakMap<object, number>, depth = 0): Value {
  if (value === null || typeof value !== 'object') return value
  spend(1)
  if (depth > MAX_VALUE_DEPTH) throw new Unresolvable('value nested too deeply')
  let copy: Value
  if (Array.isArray(value)) copy = value.map((item) => clone(item, origins, depth + 1) as PyValue)
  else if (isTuple(value))
    copy = {
      kind: 'tuple',
      items: value.items.map((item) => clone(item, origins, depth + 1) as PyValue)
    }
  else if (isDict(value)) {
    copy = {
      kind: 'dict',
      entries: value.entries.map(([k, v]) => [
        clone(k, origins, depth + 1) as PyValue,
        clone(v, origins, depth + 1) as PyValue
      ])
    }
  } else if (isSet(value))
    copy = {
      kind: 'set',
      items: value.items.map((item) => clone(item, origins, depth + 1) as PyValue)
    }
  else if (isTags(value)) copy = {kind: 'tags', items: [...value.items]}
  else return value
  const origin = origins?.get(value)
  if (origin !== undefined && typeof copy === 'object' && copy !== null) origins?.set(copy, origin)
  return copy
}

function cloneEnv(env: Env, origins: WeakMap<object, number>): Env {
  const copy: Env = new Map()
  for (const [name, binding] of env) {
    copy.set(
      name,
      binding.value === undefined
        ? {...binding}
        : {...binding, value: clone(binding.value, origins)}
    )
  }
  return copy
}

function truthy(value: Value): boolean {
  if (value === null) return false
  if (typeof value === 'string') return value.length > 0
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.length > 0
  if (isTuple(value) || isSet(value)) return value.items.length > 0
  if (isDict(value)) return value.entries.length > 0
  return true
}

function toNumber(value: Value): number {
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  throw new Unresolvable('arithmetic on something that is not a number')
}

function pyEqual(a: Value, b: Value): boolean {
  spend(1)
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
      a.every((item, i) => pyEqual(item, b[i] as Value))
    )
  }
  if (isTuple(a) && isTuple(b)) return pyEqual(a.items, b.items)
  if (isSet(a) && isSet(b)) {
    return (
      a.items.length === b.items.length &&
      a.items.every((item) => b.items.some((other) => pyEqual(item, other)))
    )
  }
  if (isDict(a) && isDict(b)) {
    return (
      a.entries.length === b.entries.length &&
      a.entries.every(([key, value]) => {
        const other = b.entries.find(([otherKey]) => pyEqual(key, otherKey))
        return other !== undefined && pyEqual(value, other[1])
      })
    )
  }
  return a === b
}

function dedupe(items: PyValue[]): PyValue[] {
  const out: PyValue[] = []
  for (const item of items) if (!out.some((other) => pyEqual(item, other))) out.push(item)
  return out
}

/** The items of an iterable value (dicts give their keys, strings their characters). */
function iterate(value: Value): Value[] {
  let items: Value[]
  if (Array.isArray(value)) items = [...value]
  else if (isTuple(value) || isSet(value) || isTags(value)) items = [...value.items]
  else if (isDict(value)) items = value.entries.map(([key]) => key)
  else if (typeof value === 'string') items = [...value]
  else throw new Unresolvable('iteration over something that is not a list, tuple, dict or string')
  spend(items.length)
  return items
}

function bindTarget(target: Expr, value: Value): [string, Value][] {
  if (target.k === 'name') return [[target.id, value]]
  if (target.k === 'tuple' || target.k === 'list') {
    const items = iterate(value)
    if (target.items.some((item) => item.k === 'star'))
      throw new Unresolvable('starred loop target')
    if (items.length !== target.items.length) {
      throw new Unresolvable(`cannot unpack ${items.length} values into ${target.items.length}`)
    }
    return target.items.flatMap((item, index) => bindTarget(item, items[index] as Value))
  }
  throw new Unresolvable('unsupported loop target')
}

function normalizeIndex(index: Value, length: number): number {
  const number = toNumber(index)
  if (!Number.isInteger(number)) throw new Unresolvable('index is not an integer')
  const resolved = number < 0 ? number + length : number
  if (resolved < 0 || resolved >= length) throw new Unresolvable('index out of range')
  return resolved
}

function getSlice(container: Value, lo: Value, hi: Value, step: Value): Value {
  const [from, to] = sliceBounds(lo, hi, step, lengthOf(container))
  if (typeof container === 'string') return container.slice(from, to)
  if (Array.isArray(container)) return container.slice(from, to)
  if (isTuple(container)) return {kind: 'tuple', items: container.items.slice(from, to)}
  throw new Unresolvable('slice of something that is not a sequence')
}

function sliceBounds(lo: Value, hi: Value, step: Value, length: number): number[] {
  const stepValue = step === null ? 1 : toNumber(step)
  if (stepValue !== 1) throw new Unresolvable('slices with a step are not supported')
  const clamp = (value: Value, fallback: number): number => {
    if (value === null) return fallback
    const number = toNumber(value)
    return Math.min(Math.max(number < 0 ? number + length : number, 0), length)
  }
  return [clamp(lo, 0), clamp(hi, length)]
}

function getItem(container: Value, key: Value): Value {
  if (typeof container === 'string')
    return container[normalizeIndex(key, container.length)] as string
  if (Array.isArray(container)) return container[normalizeIndex(key, container.length)] as PyValue
  if (isTuple(container))
    return container.items[normalizeIndex(key, container.items.length)] as PyValue
  if (isDict(container)) {
    const entry = container.entries.find(([entryKey]) => pyEqual(entryKey, key))
    if (entry === undefined) throw new Unresolvable(`missing key ${pyRepr(key)}`)
    return entry[1]
  }
  throw new Unresolvable('subscript of something that is not a sequence or dict')
}

function lengthOf(value: Value): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length
  if (isTuple(value) || isSet(value)) return value.items.length
  if (isDict(value)) return value.entries.length
  throw new Unresolvable('len() of something without a length')
}

function setItem(container: Value, key: Value, value: Value): void {
  if (isDict(container)) {
    if (Array.isArray(key) || isDict(key) || isSet(key) || isOpaque(key))
      throw new Unresolvable('unhashable key')
    const entry = container.entries.find(([entryKey]) => pyEqual(entryKey, key))
    if (entry) entry[1] = value as PyValue
    else {
      checkSize(container.entries.length + 1)
      container.entries.push([key as PyValue, value as PyValue])
    }
    return
  }
  if (Array.isArray(container)) {
    container[normalizeIndex(key, container.length)] = value as PyValue
    return
  }
  throw new Unresolvable('item assignment on something that is not a list or dict')
}

function deleteItem(container: Value, key: Value): void {
  if (isDict(container)) {
    const index = container.entries.findIndex(([entryKey]) => pyEqual(entryKey, key))
    if (index === -1) throw new Unresolvable(`missing key ${pyRepr(key)}`)
    container.entries.splice(index, 1)
    return
  }
  if (Array.isArray(container)) {
    container.splice(normalizeIndex(key, container.length), 1)
    return
  }
  throw new Unresolvable('del of an item of something that is not a list or dict')
}

function binary(op: string, left: Value, right: Value): Value {
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
  if (op === '%' && typeof left === 'string') return percentFormat(left, right)
  if (op === '|' && isDict(left) && isDict(right)) {
    const merged: Dict = {kind: 'dict', entries: left.entries.map(([k, v]) => [k, v])}
    for (const [key, value] of right.entries) setItem(merged, key, value)
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

function compare(op: string, left: Value, right: Value): boolean {
  switch (op) {
    case '==':
      return pyEqual(left, right)
    case '!=':
      return !pyEqual(left, right)
    case 'in':
    case 'not in': {
      let found: boolean
      if (typeof right === 'string') {
        if (typeof left !== 'string') throw new Unresolvable("'in <string>' needs a string")
        found = right.includes(left)
      } else found = iterate(right).some((item) => pyEqual(item, left))
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
      else if (isTuple(left) && isTuple(right)) result = compareSequences(left.items, right.items)
      else if (Array.isArray(left) && Array.isArray(right)) result = compareSequences(left, right)
      else result = toNumber(left) - toNumber(right)
      if (op === '<') return result < 0
      if (op === '>') return result > 0
      if (op === '<=') return result <= 0
      return result >= 0
    }
  }
}

function compareSequences(a: Value[], b: Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (pyEqual(a[i] as Value, b[i] as Value)) continue
    return compare('<', a[i] as Value, b[i] as Value) ? -1 : 1
  }
  return a.length - b.length
}

/** Python `str()`. */
function pyStr(value: Value): string {
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

function reprString(text: string): string {
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
function percentFormat(format: string, args: Value): string {
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
      value = getItem(args, key)
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
function strFormat(format: string, args: Value[], kwargs: Map<string, Value>): string {
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

function joinPosix(parts: string[]): string {
  let out = ''
  for (const part of parts) {
    if (part.startsWith('/') || out === '') out = part
    else out = out.endsWith('/') ? out + part : `${out}/${part}`
  }
  return out
}

function stringArgs(args: Value[], name: string): string[] {
  return args.map((arg) => {
    if (typeof arg !== 'string')
      throw new Unresolvable(`${name}() of something that is not a string`)
    return arg
  })
}

function sortValues(items: Value[]): Value[] {
  return [...items].sort((a, b) => (pyEqual(a, b) ? 0 : compare('<', a, b) ? -1 : 1))
}

function callFunction(name: string, args: Value[], kwargs: Map<string, Value>): Value {
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
      return first === undefined ? [] : (iterate(first) as PyValue[])
    case 'tuple':
      return {kind: 'tuple', items: first === undefined ? [] : (iterate(first) as PyValue[])}
    case 'set':
    case 'frozenset':
      return {kind: 'set', items: first === undefined ? [] : dedupe(iterate(first) as PyValue[])}
    case 'dict': {
      const dict: Dict = {kind: 'dict', entries: []}
      if (first !== undefined) {
        if (isDict(first)) for (const [key, value] of first.entries) setItem(dict, key, value)
        else {
          for (const pair of iterate(first)) {
            const items = iterate(pair)
            if (items.length !== 2) throw new Unresolvable('dict() of something that is not pairs')
            setItem(dict, items[0] as Value, items[1] as Value)
          }
        }
      }
      for (const [key, value] of kwargs) setItem(dict, key, value)
      return dict
    }
    case 'sorted': {
      if (first === undefined) throw new Unresolvable('sorted() needs an argument')
      if ([...kwargs.keys()].some((key) => key !== 'reverse'))
        throw new Unresolvable('sorted() with a key')
      const sorted = sortValues(iterate(first))
      return (truthy(kwargs.get('reverse') ?? false) ? sorted.reverse() : sorted) as PyValue[]
    }
    case 'reversed':
      if (first === undefined) throw new Unresolvable('reversed() needs an argument')
      return iterate(first).reverse() as PyValue[]
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
      const items = args.length === 1 && first !== undefined ? iterate(first) : args
      if (items.length === 0) throw new Unresolvable(`${name}() of nothing`)
      const sorted = sortValues(items)
      return (name === 'min' ? sorted[0] : sorted[sorted.length - 1]) as Value
    }
    case 'any':
    case 'all': {
      if (first === undefined) throw new Unresolvable(`${name}() needs an argument`)
      const items = iterate(first)
      return name === 'any' ? items.some(truthy) : items.every(truthy)
    }
    case 'sum': {
      if (first === undefined) throw new Unresolvable('sum() needs an argument')
      if (kwargs.size > 0 || args.length > 2) throw new Unresolvable('sum() with a start keyword')
      let total = args[1] === undefined ? 0 : toNumber(args[1])
      for (const item of iterate(first)) total += toNumber(item)
      if (!Number.isSafeInteger(total) && Number.isInteger(total))
        throw new Unresolvable('number too large')
      return total
    }
    case 'enumerate': {
      if (first === undefined) throw new Unresolvable('enumerate() needs an argument')
      const start = args[1] === undefined ? 0 : toNumber(args[1])
      return iterate(first).map(
        (item, index) => ({kind: 'tuple', items: [start + index, item as PyValue]}) satisfies Tuple
      )
    }
    case 'zip': {
      const lists = args.map(iterate)
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
      if (length > MAX_STATEMENT_STEPS) throw new Unresolvable('range() too long')
      return Array.from({length}, (_, index) => start + index * step)
    }
    default:
      throw new Unresolvable(`${name}() is not supported`)
  }
}

function callMethod(self: Value, name: string, args: Value[], kwargs: Map<string, Value>): Value {
  const [first, second] = args
  if (typeof self === 'string') {
    switch (name) {
      case 'format':
        return strFormat(self, args, kwargs)
      case 'join': {
        if (first === undefined) throw new Unresolvable('join() needs an argument')
        const parts = stringArgs(iterate(first), 'join')
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
        self.push(clone(first) as PyValue)
        return null
      case 'extend': {
        if (first === undefined) throw new Unresolvable('extend() needs an argument')
        const items = iterate(first).map((item) => clone(item) as PyValue)
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
        self.splice(Math.min(index, self.length), 0, clone(second) as PyValue)
        return null
      }
      case 'remove': {
        const index = self.findIndex((item) => pyEqual(item, first ?? null))
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
        const index = self.findIndex((item) => pyEqual(item, first ?? null))
        if (index === -1) throw new Unresolvable('index() of a missing item')
        return index
      }
      case 'count':
        return self.filter((item) => pyEqual(item, first ?? null)).length
      case 'sort': {
        if ([...kwargs.keys()].some((key) => key !== 'reverse'))
          throw new Unresolvable('sort() with a key')
        const sorted = sortValues(self) as PyValue[]
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
        const entry = self.entries.find(([key]) => pyEqual(key, first ?? null))
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
          for (const [key, value] of first.entries) setItem(self, key, clone(value))
        }
        for (const [key, value] of kwargs) setItem(self, key, clone(value))
        return null
      }
      case 'setdefault': {
        const entry = self.entries.find(([key]) => pyEqual(key, first ?? null))
        if (entry) return entry[1]
        setItem(self, first ?? null, clone(second ?? null))
        return second ?? null
      }
      case 'pop': {
        const index = self.entries.findIndex(([key]) => pyEqual(key, first ?? null))
        if (index === -1) {
          if (second !== undefined) return second
          throw new Unresolvable('pop() of a missing key')
        }
        return (self.entries.splice(index, 1)[0] as [PyValue, PyValue])[1]
      }
      case 'clear':
        self.entries.length = 0
        return null
      default:
        throw new Unresolvable(`dict.${name}() is not supported`)
    }
  }
  if (isTags(self)) return callTags(self, name, first, args.length + kwargs.size)
  if (isSet(self)) {
    if (name === 'add') {
      if (!self.items.some((item) => pyEqual(item, first ?? null)))
        self.items.push(clone(first ?? null) as PyValue)
      return null
    }
    if (name === 'discard' || name === 'remove') {
      self.items = self.items.filter((item) => !pyEqual(item, first ?? null))
      return null
    }
  }
  throw new Unresolvable(`method ${name}() is not supported`)
}

/** Sphinx's `Tags` methods (sphinx/util/tags.py); a tag is any string `-t` could give. */
function callTags(self: PyTags, name: string, first: Value | undefined, count: number): Value {
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

// ---- helpers over syntax ----

function targetNames(target: Expr): string[] {
  if (target.k === 'name') return [target.id]
  if (target.k === 'tuple' || target.k === 'list') return target.items.flatMap(targetNames)
  if (target.k === 'star') return targetNames(target.e)
  const root = rootName(target)
  return root === undefined ? [] : [root]
}

/** The name at the root of `a.b[c].d`. */
function rootName(expr: Expr): string | undefined {
  let current: Expr = expr
  for (;;) {
    if (current.k === 'name') return current.id
    if (current.k === 'attr' || current.k === 'sub') current = current.obj
    else if (current.k === 'call') current = current.fn
    else return undefined
  }
}

function mutatedReceiver(expr: Expr): string | undefined {
  if (expr.k === 'call' && expr.fn.k === 'attr' && MUTATORS.has(expr.fn.name))
    return rootName(expr.fn.obj)
  return undefined
}

/** Every name a statement (and its nested blocks) may bind or change. */
function assignedNames(statement: Stmt): string[] {
  const names = new Set<string>()
  const visit = (stmt: Stmt): void => {
    switch (stmt.k) {
      case 'assign':
        for (const target of stmt.targets) for (const name of targetNames(target)) names.add(name)
        break
      case 'aug':
        for (const name of targetNames(stmt.target)) names.add(name)
        break
      case 'expr': {
        const receiver = mutatedReceiver(stmt.e)
        if (receiver !== undefined) names.add(receiver)
        break
      }
      case 'if':
        for (const branch of stmt.branches) branch.body.forEach(visit)
        break
      case 'try':
        ;[...stmt.body, ...stmt.handlers.flat(), ...stmt.orelse, ...stmt.finalbody].forEach(visit)
        break
      case 'for':
        for (const name of targetNames(stmt.target)) names.add(name)
        ;[...stmt.body, ...stmt.orelse].forEach(visit)
        break
      case 'while':
        ;[...stmt.body, ...stmt.orelse].forEach(visit)
        break
      case 'with':
        stmt.body.forEach(visit)
        break
      case 'error':
        for (const name of stmt.names) names.add(name)
        break
      default:
        break
    }
  }
  visit(statement)
  return [...names]
}
