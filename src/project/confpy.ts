/**
 * A static reader for conf.py: it parses the Python subset configuration files use and evaluates
 * what it can without ever running Python. Anything it cannot evaluate is reported, never thrown.
 */
import {tokenize, type PyToken} from './confpy-lexer.js'
import {parsePython, type CompFor, type Expr, type Stmt} from './confpy-parser.js'
import {confObjectTypes} from './confpy-directives.js'
import {confWrittenStrings} from './confpy-writes.js'
import {catchesImportError, importOutcome} from './confpy-modules.js'
import type {PyValue, Unresolved} from './types.js'

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
  /**
   * For conditional names: every value the name may have (one per way through the branches), or
   * nothing when they are not known (a conditional value changed again, too many ways).
   */
  alternatives: Map<string, Alternative[]>
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
  /**
   * What the read cost: statements run and element operations (copies, comparisons, elements
   * built). Both are bounded by a fixed multiple of the text's length (see Budget).
   */
  cost: {steps: number; work: number}
}

/** What readConfPy needs besides the text. */
export interface ReadConfPyOptions {
  /**
   * The `sphinx-build -t` tags, which conf.py sees as `tags` (builder tags come later, see
   * tags.ts). Without it `tags` stays unknown, so whatever depends on it is unresolved.
   */
  tags?: readonly string[]
  /**
   * The lowest Python 3 minor version the build may run on (Sphinx 5.3: 6, Sphinx 8: 10):
   * `sys.version_info` is read as Python 3.`pythonMinor` or later. Default 6.
   */
  pythonMinor?: number
}
import {pushAll} from '../arrays.js'
import {BUILTINS, callFunction, callMethod, MAX_RANGE, MUTATORS} from './confpy-builtins.js'
import {pyStr} from './confpy-format.js'
import {
  binary,
  bindTarget,
  Budget,
  checkSize,
  clone,
  compare,
  dedupe,
  deleteItem,
  getItem,
  getSlice,
  isDict,
  isFunc,
  isMethod,
  isModule,
  isOpaque,
  isSet,
  isTags,
  isVersion,
  iterate,
  setItem,
  toNumber,
  Exporter,
  MAX_EXPORT,
  weight,
  WORK_FLOOR,
  WORK_PER_BYTE,
  truthy,
  Unresolvable,
  unresolvable,
  type Dict,
  type PyTags,
  type PyVersion,
  type Tuple,
  type Value,
  versionAttribute
} from './confpy-values.js'

interface Binding {
  value?: Value
  /** Why the value is not known (set when `value` is absent). */
  unknown?: string
  line: number
  conditional: boolean
  /** Only assignments are reported as unresolved (not imports, loop variables, functions). */
  reported: boolean
  /**
   * When `conditional`: every value the name may have, one per way through the undecidable
   * branches (absent: not known, as after a later change of a conditional value).
   */
  alternatives?: BindingAlternative[]
}

type BindingAlternative = {value: Value} | {unset: true} | {unknown: string}

type Env = Map<string, Binding>

class BreakSignal extends Error {}
/** An import in a `try` body that fails in every build (a Python 2 module): the handler runs. */
class ImportFailed extends Error {}

/** One value a name may have after branches conf.py cannot decide (`unset`: not assigned). */
export type Alternative = {value: PyValue} | {unset: true} | {unknown: string}
/** Alternatives kept per name; a name with more is unknown. */
const MAX_ALTERNATIVES = 16
class ContinueSignal extends Error {}

/** Work allowed for one top-level statement, and for the whole file. */
const MAX_STATEMENT_STEPS = MAX_RANGE
const MAX_STEPS = 500_000
/** Statements run per byte of conf.py (and at least STEPS_FLOOR): loops, retried branches. */
const STEPS_PER_BYTE = 10
const STEPS_FLOOR = 20_000

const KNOWN_MODULES = new Set(['os', 'os.path', 'sys', 'posixpath'])

/** The reader's cost limits, for the cost properties (test/hostile/properties.js). */
export const CONF_PY_LIMITS = {
  workPerByte: WORK_PER_BYTE,
  workFloor: WORK_FLOOR,
  stepsPerByte: STEPS_PER_BYTE,
  stepsFloor: STEPS_FLOOR,
  maxExport: MAX_EXPORT
}

/** Read conf.py statically. Never executes code, never throws. */
export function readConfPy(text: string, options: ReadConfPyOptions = {}): ConfPyResult {
  const reader = new Reader(options.pythonMinor ?? 6, text.length)
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
  /** The element operations this read may still do (values helpers spend from it). */
  readonly budget: Budget
  /** Statements this read may run (loop bodies, branches run again to see if they raise). */
  readonly #maxSteps: number

  constructor(
    readonly pythonMinor: number,
    bytes: number
  ) {
    this.budget = new Budget(bytes)
    this.#maxSteps = Math.min(MAX_STEPS, Math.max(STEPS_FLOOR, STEPS_PER_BYTE * bytes))
  }
  readonly origins = new WeakMap<object, number>()
  readonly conditional = new Map<string, number>()
  readonly lines = new Map<string, number>()
  #steps = 0
  #statementSteps = 0
  #nesting = 0
  #written: Set<string>[] = []
  #originOverride: number | undefined
  #usedConditional = false
  #exporter = new Exporter()
  /** Statements that could not be evaluated so far (each might raise in Python). */
  #doubts = 0
  /** Inside the body of a `try` being run to see whether it raises. */
  #probing = 0
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
    const exporter = new Exporter()
    this.#exporter = exporter
    for (const [name, binding] of this.env) {
      if (binding.value !== undefined) {
        const value = exporter.export(binding.value)
        if (value !== undefined) values.set(name, value)
        else if (binding.reported && !isOpaque(binding.value)) {
          unresolved.push({
            name,
            line: binding.line,
            reason: 'value nested too deeply or too large'
          })
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
      alternatives: this.#alternatives(),
      cost: {steps: this.#steps, work: this.budget.total},
      lineOf: (value) =>
        typeof value === 'object' && value !== null ? origins.get(value) : undefined,
      ...(tags !== undefined && !tags.conditional && isTags(tags.value) && this.#fatal === undefined
        ? {tags: [...tags.value.items]}
        : {})
    }
  }

  /** The alternatives of every conditional name, as plain values. */
  #alternatives(): Map<string, Alternative[]> {
    const out = new Map<string, Alternative[]>()
    for (const [name, binding] of this.env) {
      if (!binding.conditional || binding.alternatives === undefined) continue
      const plain: Alternative[] = []
      for (const alternative of binding.alternatives) {
        if (!('value' in alternative)) plain.push(alternative)
        else {
          const value = this.#exporter.export(alternative.value)
          plain.push(value === undefined ? {unknown: 'not a plain value'} : {value})
        }
      }
      out.set(name, plain)
    }
    return out
  }

  // ---- statements ----

  #step(): void {
    this.#steps += 1
    this.#statementSteps += 1
    if (this.#steps > this.#maxSteps || this.#statementSteps > MAX_STATEMENT_STEPS) {
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
      this.budget.statement = 0
    }
    this.#nesting += 1
    try {
      this.#step()
      this.#execute(statement)
    } catch (error) {
      if (
        error instanceof BreakSignal ||
        error instanceof ContinueSignal ||
        error instanceof ImportFailed
      )
        throw error
      this.#doubts += 1
      if (error instanceof Unresolvable && error.message.startsWith('too much work')) {
        // Out of budget: everything this statement could write is unknown.
        for (const name of assignedNames(statement))
          this.#bindUnknown(name, statement.line, error.message)
        // Only the top-level statement recovers; the whole file has a budget too.
        if (!topLevel || this.#steps > this.#maxSteps || this.budget.exhausted) throw error
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
        this.#doubts += 1
        for (const name of assignedNames(statement)) {
          this.#bindUnknown(name, statement.line, 'assigned in a while loop')
        }
        return
      case 'with':
        this.#doubts += 1
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
          this.#importing(module)
          if (as !== undefined) this.#bindModule(as, module, statement.line)
          else {
            const top = module.split('.')[0] as string
            this.#bindModule(top, top, statement.line)
          }
        }
        return
      case 'from':
        this.#importing(statement.module)
        for (const {name, as} of statement.names) {
          if (name === '*') {
            this.#doubts += 1
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
        this.#doubts += 1
        for (const name of statement.names)
          this.#bindUnknown(name, statement.line, statement.reason)
        return
    }
  }

  /** Whether the import of `module` succeeds: a known failure in a `try` body runs its handler. */
  #importing(module: string): void {
    const outcome = importOutcome(module, this.pythonMinor)
    if (outcome === 'missing' && this.#probing > 0) throw new ImportFailed(module)
    if (outcome !== 'exists') this.#doubts += 1
  }

  #bindModule(name: string, module: string, line: number): void {
    if (module === 'sys.version_info') {
      this.#bind(name, {value: this.#version(), line, conditional: false, reported: false})
    } else if (KNOWN_MODULES.has(module)) {
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
      this.#doubts += 1
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
        const items = iterate(this.budget, value)
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
        setItem(this.budget, container, key, clone(this.budget, value))
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
    // the change applies to one of its possible values: which ones it may have is not known now
    if (binding?.alternatives !== undefined) delete binding.alternatives
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
        const items = iterate(this.budget, right.value).map(
          (item) => clone(this.budget, item) as PyValue
        )
        checkSize(left.value.length + items.length)
        pushAll(left.value, items)
        const root = rootName(target)
        if (root !== undefined) this.#markMutated(root, conditional)
        return
      }
      const value = binary(this.budget, statement.op, left.value, right.value)
      this.#assignTarget(target, value, line, conditional)
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error
      this.#doubts += 1
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
      this.#doubts += 1
      return
    }
    try {
      if (deleting && expr.k === 'sub') {
        const container = this.#eval(expr.obj)
        deleteItem(this.budget, container, this.#eval(expr.index))
        const root = rootName(expr)
        if (root !== undefined) this.#markMutated(root, this.#usedConditional)
        return
      }
      this.#evaluate(expr)
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error
      this.#doubts += 1
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

  /**
   * Run branches whose choice is unknown, each on a copy; merge what they wrote. `fallthrough`:
   * whether the way through none of them is possible too (an `if` without `else`).
   */
  #unknownBranches(bodies: Stmt[][], fallthrough: boolean): void {
    const before = this.env
    const results: {env: Env; written: Set<string>}[] = []
    for (const body of bodies) {
      this.env = cloneEnv(this.budget, before, this.origins)
      const written = new Set<string>()
      this.#written.push(written)
      try {
        this.#block(body)
      } catch (error) {
        if (error instanceof BreakSignal || error instanceof ContinueSignal) {
          // break/continue inside a branch of a loop body: stop this branch there.
        } else if (error instanceof ImportFailed) {
          // only this way fails to import: whether the `try` around it raises is unknown
          this.#doubts += 1
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
        const ways = results.map((result) => result.env.get(name))
        if (fallthrough) ways.push(before.get(name))
        const alternatives = alternativesOf(ways)
        if (binding === undefined) {
          // Deleted in one branch: whether it exists is unknown.
          this.env.set(name, {
            unknown: 'deleted under a condition',
            line: 0,
            conditional: true,
            reported: false,
            ...(alternatives === undefined ? {} : {alternatives})
          })
          continue
        }
        const copy: Binding = {...binding, conditional: true}
        if (alternatives === undefined) delete copy.alternatives
        else copy.alternatives = alternatives
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
      this.#doubts += 1
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
      if (decision === true) {
        this.#unknownBranches(pending, false)
        return
      }
    }
    if (pending.length > 0) this.#unknownBranches(pending, true)
  }

  #try(statement: Stmt & {k: 'try'}): void {
    const outcome = this.#probeTry(statement)
    if (outcome === 'ran') this.#block(statement.orelse)
    else if (outcome === 'unknown') {
      // Whether the body raises (an ImportError, usually) is unknown: the body plus `else` is one
      // possibility, each handler another.
      this.#unknownBranches(
        [[...statement.body, ...statement.orelse], ...statement.handlers],
        false
      )
    }
    this.#block(statement.finalbody)
  }

  /**
   * Run a `try` body to see whether it raises. `ran`: every statement was read and every import
   * exists, so it did not (its effects are kept); `handled`: an import every build lacks raised
   * ImportError and the handler that catches it ran after what came before it, as in Python;
   * `unknown`: nothing is kept, the caller runs each possibility.
   */
  #probeTry(statement: Stmt & {k: 'try'}): 'ran' | 'handled' | 'unknown' {
    const before = this.env
    const doubts = this.#doubts
    const written = new Set<string>()
    this.env = cloneEnv(this.budget, before, this.origins)
    this.#written.push(written)
    this.#probing += 1
    let outcome: 'ran' | 'failed' | 'unknown'
    try {
      this.#block(statement.body)
      outcome = this.#doubts === doubts ? 'ran' : 'unknown'
    } catch (error) {
      if (error instanceof ImportFailed) outcome = this.#doubts === doubts ? 'failed' : 'unknown'
      else if (error instanceof BreakSignal || error instanceof ContinueSignal) outcome = 'unknown'
      else {
        this.env = before
        throw error
      }
    } finally {
      this.#probing -= 1
      this.#written.pop()
    }
    const handler = statement.catches.findIndex(catchesImportError)
    if (outcome === 'unknown' || (outcome === 'failed' && handler === -1)) {
      this.env = before
      return 'unknown'
    }
    for (const name of written) this.#markWritten(name)
    if (outcome === 'ran') return 'ran'
    this.#block(statement.handlers[handler] ?? [])
    return 'handled'
  }

  #for(statement: Stmt & {k: 'for'}): void {
    let items: Value[]
    let conditional = false
    try {
      const evaluated = this.#evaluate(statement.iter)
      items = iterate(this.budget, evaluated.value)
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
    this.#doubts += 1
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

  /** Evaluate; what a new value costs to build is spent from the budget (a lookup is free). */
  #eval(expr: Expr): Value {
    const value = this.#evalValue(expr)
    if (expr.k !== 'name' && expr.k !== 'const' && expr.k !== 'attr' && expr.k !== 'sub')
      this.budget.spend(weight(value))
    else if (expr.k === 'sub' && expr.index.k === 'slice') this.budget.spend(weight(value))
    return value
  }

  #evalValue(expr: Expr): Value {
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
        return {kind: 'set', items: dedupe(this.budget, this.#evalItems(expr.items))}
      case 'dict': {
        const dict: Dict = {kind: 'dict', entries: []}
        for (const [keyExpr, valueExpr] of expr.entries) {
          if (keyExpr === null) {
            const other = this.#eval(valueExpr)
            if (!isDict(other)) throw new Unresolvable('** of something that is not a dict')
            for (const [key, value] of other.entries) setItem(this.budget, dict, key, value)
          } else setItem(this.budget, dict, this.#eval(keyExpr), this.#eval(valueExpr))
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
        return getItem(this.budget, container, this.#eval(index))
      }
      case 'slice':
        throw new Unresolvable('slice outside a subscript')
      case 'call':
        return this.#call(expr)
      case 'bin':
        return binary(this.budget, expr.op, this.#eval(expr.l), this.#eval(expr.r))
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
          if (!compare(this.budget, op, left, right)) return false
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
      if (item.k === 'star') pushAll(out, iterate(this.budget, this.#eval(item.e)) as PyValue[])
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
          setItem(this.budget, dict, this.#eval(expr.elt), this.#eval(expr.value))
        else results.push(this.#eval(expr.elt))
        checkSize(results.length + dict.entries.length)
        return
      }
      for (const item of iterate(this.budget, this.#eval(gen.iter))) {
        this.#step()
        const origin =
          typeof item === 'object' && item !== null ? this.origins.get(item) : undefined
        this.#originOverride = origin ?? savedOverride
        for (const [name, value] of bindTarget(this.budget, gen.target, item)) {
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
    if (expr.kind === 'set') return {kind: 'set', items: dedupe(this.budget, results as PyValue[])}
    return this.#remember(results as PyValue[], expr.line)
  }

  /** `sys.version_info`: Python 3, at least the lowest minor version this Sphinx supports. */
  #version(): PyVersion {
    return {kind: 'version', minor: this.pythonMinor, length: 5}
  }

  #attribute(object: Value, name: string): Value {
    if (isVersion(object)) return versionAttribute(object, name)
    if (isModule(object)) {
      const full = `${object.name}.${name}`
      if (full === 'sys.version_info') return this.#version()
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
      if (arg.k === 'star') pushAll(args, iterate(this.budget, this.#eval(arg.e)))
      else args.push(this.#eval(arg))
    }
    const kwargs = new Map<string, Value>()
    for (const [name, valueExpr] of expr.kwargs) {
      const value = this.#eval(valueExpr)
      if (name !== null) kwargs.set(name, value)
      else if (isDict(value)) for (const [key, item] of value.entries) kwargs.set(String(key), item)
      else throw new Unresolvable('** of something that is not a dict')
    }
    if (isFunc(fn)) return callFunction(this.budget, fn.name, args, kwargs)
    if (isMethod(fn)) {
      const result = callMethod(this.budget, fn.self, fn.name, args, kwargs)
      if (MUTATORS.has(fn.name)) {
        const root = rootName(expr.fn)
        if (root !== undefined) this.#markMutated(root, this.#usedConditional)
      }
      return result
    }
    throw new Unresolvable('call of something that is not a known function')
  }
}

function cloneEnv(budget: Budget, env: Env, origins: WeakMap<object, number>): Env {
  const copy: Env = new Map()
  for (const [name, binding] of env) {
    copy.set(
      name,
      binding.value === undefined
        ? {...binding}
        : {...binding, value: clone(budget, binding.value, origins)}
    )
  }
  return copy
}

/** The alternatives of a name over the ways through some branches (undefined: not assigned). */
function alternativesOf(ways: (Binding | undefined)[]): BindingAlternative[] | undefined {
  const out: BindingAlternative[] = []
  for (const binding of ways) {
    if (binding === undefined) out.push({unset: true})
    else if (binding.conditional) {
      if (binding.alternatives === undefined) return undefined
      pushAll(out, binding.alternatives)
    } else if (binding.value !== undefined) out.push({value: binding.value})
    else out.push({unknown: binding.unknown ?? 'unknown'})
    if (out.length > MAX_ALTERNATIVES) return undefined
  }
  return out
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
