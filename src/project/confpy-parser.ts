/** Recursive-descent parser for the Python subset conf.py files use (statements and expressions). */
import {decodeEscapes, tokenize, type PyToken} from './confpy-lexer.js'

/** An expression node. */
export type Expr =
  | {k: 'const'; v: string | number | boolean | null; line: number}
  | {k: 'fstr'; parts: (string | {expr: string})[]; line: number}
  | {k: 'name'; id: string; line: number}
  | {k: 'list' | 'tuple' | 'set'; items: Expr[]; line: number}
  | {k: 'dict'; entries: [Expr | null, Expr][]; line: number}
  | {k: 'star'; e: Expr; line: number}
  | {
      k: 'comp'
      kind: 'list' | 'set' | 'gen' | 'dict'
      elt: Expr
      value?: Expr
      gens: CompFor[]
      line: number
    }
  | {k: 'attr'; obj: Expr; name: string; line: number}
  | {k: 'sub'; obj: Expr; index: Expr; line: number}
  | {k: 'slice'; lo?: Expr; hi?: Expr; step?: Expr; line: number}
  | {k: 'call'; fn: Expr; args: Expr[]; kwargs: [string | null, Expr][]; line: number}
  | {k: 'bin'; op: string; l: Expr; r: Expr; line: number}
  | {k: 'unary'; op: string; e: Expr; line: number}
  | {k: 'bool'; op: 'and' | 'or'; values: Expr[]; line: number}
  | {k: 'cmp'; first: Expr; ops: [string, Expr][]; line: number}
  | {k: 'ifexp'; test: Expr; body: Expr; orelse: Expr; line: number}
  | {k: 'unsupported'; reason: string; line: number}

/** One `for … in … if …` clause of a comprehension. */
export interface CompFor {
  target: Expr
  iter: Expr
  ifs: Expr[]
}

/** A statement node. */
export type Stmt =
  | {k: 'assign'; targets: Expr[]; value: Expr; line: number}
  | {k: 'aug'; target: Expr; op: string; value: Expr; line: number}
  | {k: 'expr'; e: Expr; line: number}
  | {k: 'if'; branches: {test: Expr | null; body: Stmt[]}[]; line: number}
  | {
      k: 'try'
      body: Stmt[]
      handlers: Stmt[][]
      /** The exception names each handler lists (dotted names by their last part; none: bare). */
      catches: string[][]
      orelse: Stmt[]
      finalbody: Stmt[]
      line: number
    }
  | {k: 'for'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; line: number}
  | {k: 'while'; body: Stmt[]; orelse: Stmt[]; line: number}
  | {k: 'with'; targets: Expr[]; body: Stmt[]; line: number}
  | {k: 'def'; name: string; line: number}
  | {k: 'import'; names: {module: string; as?: string}[]; line: number}
  | {k: 'from'; module: string; names: {name: string; as?: string}[]; line: number}
  | {k: 'del'; targets: Expr[]; line: number}
  | {k: 'break' | 'continue' | 'pass' | 'other'; line: number}
  | {k: 'error'; names: string[]; reason: string; line: number}

class ParseError extends Error {}

const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield'
])
const AUG_OPS = new Set([
  '+=',
  '-=',
  '*=',
  '/=',
  '//=',
  '%=',
  '**=',
  '>>=',
  '<<=',
  '&=',
  '|=',
  '^=',
  '@='
])
const MAX_DEPTH = 150

/**
 * Parse Python source (or its tokens, when the caller also reads them) into statements.
 * Unparsable statements become `error` nodes.
 */
export function parsePython(source: string | readonly PyToken[]): Stmt[] {
  return new Parser(typeof source === 'string' ? tokenize(source) : source).file()
}

class Parser {
  #pos = 0
  #depth = 0
  #blocks = 0
  readonly #tokens: readonly PyToken[]

  constructor(tokens: readonly PyToken[]) {
    this.#tokens = tokens
  }

  #peek(offset = 0): PyToken {
    return this.#tokens[Math.min(this.#pos + offset, this.#tokens.length - 1)] as PyToken
  }

  #next(): PyToken {
    const token = this.#peek()
    if (this.#pos < this.#tokens.length - 1) this.#pos += 1
    return token
  }

  #isOp(value: string, offset = 0): boolean {
    const token = this.#peek(offset)
    return token.type === 'op' && token.value === value
  }

  #isName(value: string, offset = 0): boolean {
    const token = this.#peek(offset)
    return token.type === 'name' && token.value === value
  }

  #expectOp(value: string): void {
    if (!this.#isOp(value)) throw new ParseError(`expected "${value}"`)
    this.#next()
  }

  #expectName(value: string): void {
    if (!this.#isName(value)) throw new ParseError(`expected "${value}"`)
    this.#next()
  }

  file(): Stmt[] {
    const body: Stmt[] = []
    while (this.#peek().type !== 'end') {
      const token = this.#peek()
      if (token.type === 'newline' || token.type === 'dedent') {
        this.#next()
        continue
      }
      if (token.type === 'indent') {
        // Unexpected indentation: Python refuses the file; skip the block.
        this.#skipBlock()
        body.push({k: 'error', names: [], reason: 'unexpected indentation', line: token.line})
        continue
      }
      body.push(...this.#statement())
    }
    return body
  }

  #skipBlock(): void {
    let level = 0
    do {
      const token = this.#next()
      if (token.type === 'indent') level += 1
      else if (token.type === 'dedent') level -= 1
      else if (token.type === 'end') return
    } while (level > 0)
  }

  /** Skip the rest of a logical line, and the indented block after it if there is one. */
  #resync(): void {
    while (this.#peek().type !== 'newline' && this.#peek().type !== 'end') {
      const token = this.#next()
      if (token.type === 'indent' || token.type === 'dedent') break
    }
    if (this.#peek().type === 'newline') this.#next()
    if (this.#peek().type === 'indent') this.#skipBlock()
  }

  #statement(): Stmt[] {
    const start = this.#pos
    const line = this.#peek().line
    const depth = this.#depth
    try {
      return this.#compoundOrSimple()
    } catch (error) {
      if (!(error instanceof ParseError) && !(error instanceof RangeError)) throw error
      this.#depth = depth
      this.#pos = start
      const names = this.#assignedNamesOnLine()
      this.#resync()
      return [{k: 'error', names, reason: `cannot parse: ${error.message}`, line}]
    }
  }

  /** Names a broken statement seems to assign (`name = …`, `name += …`), for reporting. */
  #assignedNamesOnLine(): string[] {
    const names: string[] = []
    let offset = 0
    for (;;) {
      const token = this.#peek(offset)
      if (token.type !== 'name' || KEYWORDS.has(token.value)) break
      const after = this.#peek(offset + 1)
      if (after.type !== 'op') break
      if (after.value === '=' || AUG_OPS.has(after.value)) {
        names.push(token.value)
        if (after.value !== '=') break
        offset += 2
        continue
      }
      if (after.value === ',') {
        names.push(token.value)
        offset += 2
        continue
      }
      break
    }
    return names
  }

  #compoundOrSimple(): Stmt[] {
    const token = this.#peek()
    const line = token.line
    if (token.type === 'op' && token.value === '@') {
      this.#resync()
      return []
    }
    if (token.type === 'name') {
      let word = token.value
      if (word === 'async' && ['def', 'for', 'with'].includes(this.#peek(1).value)) {
        this.#next()
        word = this.#peek().value
      }
      switch (word) {
        case 'if':
          return [this.#ifStatement()]
        case 'for':
          return [this.#forStatement()]
        case 'while': {
          this.#next()
          this.#test()
          this.#expectOp(':')
          const body = this.#block()
          const orelse = this.#isName('else')
            ? (this.#next(), this.#expectOp(':'), this.#block())
            : []
          return [{k: 'while', body, orelse, line}]
        }
        case 'try':
          return [this.#tryStatement()]
        case 'with':
          return [this.#withStatement()]
        case 'def':
        case 'class': {
          this.#next()
          const name = this.#next()
          if (name.type !== 'name') throw new ParseError(`expected a name after ${word}`)
          this.#skipHeader()
          this.#block()
          return [{k: 'def', name: name.value, line}]
        }
        default:
          break
      }
    }
    return this.#simpleStatements()
  }

  /** Skip to the `:` that ends a compound statement header (def/class parameters are opaque). */
  /** Skip to the `:` ending a header; returns the names read on the way, up to an `as`. */
  #skipHeader(): string[] {
    let level = 0
    const names: string[] = []
    let named = true
    for (;;) {
      const token = this.#peek()
      if (token.type === 'end' || token.type === 'newline') throw new ParseError('expected ":"')
      this.#next()
      if (token.type === 'name') {
        if (token.value === 'as') named = false
        else if (named) {
          // `module.Error`: the last part names the class
          if (names.length > 0 && this.#lastWasDot) names[names.length - 1] = token.value
          else names.push(token.value)
        }
      }
      this.#lastWasDot = token.type === 'op' && token.value === '.'
      if (token.type !== 'op') continue
      if (token.value === '(' || token.value === '[' || token.value === '{') level += 1
      else if (token.value === ')' || token.value === ']' || token.value === '}') level -= 1
      else if (token.value === ':' && level === 0) return names
    }
  }

  #lastWasDot = false

  #block(): Stmt[] {
    this.#blocks += 1
    try {
      if (this.#blocks > MAX_DEPTH) throw new ParseError('blocks nested too deeply')
      return this.#blockBody()
    } finally {
      this.#blocks -= 1
    }
  }

  #blockBody(): Stmt[] {
    if (this.#peek().type !== 'newline') {
      // `if x: a = 1` — simple statements on the header line.
      return this.#simpleStatements()
    }
    this.#next()
    if (this.#peek().type !== 'indent') throw new ParseError('expected an indented block')
    this.#next()
    const body: Stmt[] = []
    while (this.#peek().type !== 'dedent' && this.#peek().type !== 'end') {
      const token = this.#peek()
      if (token.type === 'newline') {
        this.#next()
        continue
      }
      if (token.type === 'indent') {
        this.#skipBlock()
        body.push({k: 'error', names: [], reason: 'unexpected indentation', line: token.line})
        continue
      }
      body.push(...this.#statement())
    }
    if (this.#peek().type === 'dedent') this.#next()
    return body
  }

  #ifStatement(): Stmt {
    const line = this.#peek().line
    this.#next()
    const branches: {test: Expr | null; body: Stmt[]}[] = []
    const test = this.#namedTest()
    this.#expectOp(':')
    branches.push({test, body: this.#block()})
    while (this.#isName('elif')) {
      this.#next()
      const elifTest = this.#namedTest()
      this.#expectOp(':')
      branches.push({test: elifTest, body: this.#block()})
    }
    if (this.#isName('else')) {
      this.#next()
      this.#expectOp(':')
      branches.push({test: null, body: this.#block()})
    }
    return {k: 'if', branches, line}
  }

  #forStatement(): Stmt {
    const line = this.#peek().line
    this.#next()
    const target = this.#targetList()
    this.#expectName('in')
    const iter = this.#testList()
    this.#expectOp(':')
    const body = this.#block()
    let orelse: Stmt[] = []
    if (this.#isName('else')) {
      this.#next()
      this.#expectOp(':')
      orelse = this.#block()
    }
    return {k: 'for', target, iter, body, orelse, line}
  }

  #tryStatement(): Stmt {
    const line = this.#peek().line
    this.#next()
    this.#expectOp(':')
    const body = this.#block()
    const handlers: Stmt[][] = []
    const catches: string[][] = []
    let orelse: Stmt[] = []
    let finalbody: Stmt[] = []
    while (this.#isName('except')) {
      this.#next()
      if (this.#isOp('*')) this.#next()
      catches.push(this.#skipHeader())
      handlers.push(this.#block())
    }
    if (this.#isName('else')) {
      this.#next()
      this.#expectOp(':')
      orelse = this.#block()
    }
    if (this.#isName('finally')) {
      this.#next()
      this.#expectOp(':')
      finalbody = this.#block()
    }
    return {k: 'try', body, handlers, catches, orelse, finalbody, line}
  }

  #withStatement(): Stmt {
    const line = this.#peek().line
    this.#next()
    const targets: Expr[] = []
    let level = 0
    // Context managers are not evaluated; only the `as` targets matter (they become unknown).
    for (;;) {
      const token = this.#peek()
      if (token.type === 'end' || token.type === 'newline') throw new ParseError('expected ":"')
      if (token.type === 'op' && token.value === ':' && level === 0) break
      this.#next()
      if (token.type === 'op') {
        if ('([{'.includes(token.value)) level += 1
        else if (')]}'.includes(token.value)) level -= 1
      }
      if (token.type === 'name' && token.value === 'as') {
        targets.push(this.#atomExpr())
      }
    }
    this.#expectOp(':')
    return {k: 'with', targets, body: this.#block(), line}
  }

  #simpleStatements(): Stmt[] {
    const statements: Stmt[] = [this.#simpleStatement()]
    while (this.#isOp(';')) {
      this.#next()
      if (this.#peek().type === 'newline' || this.#peek().type === 'end') break
      statements.push(this.#simpleStatement())
    }
    const end = this.#peek()
    if (end.type === 'newline') this.#next()
    else if (end.type !== 'end' && end.type !== 'dedent')
      throw new ParseError(`unexpected "${end.value}"`)
    return statements
  }

  #simpleStatement(): Stmt {
    const token = this.#peek()
    const line = token.line
    if (token.type === 'name') {
      switch (token.value) {
        case 'pass':
        case 'break':
        case 'continue':
          this.#next()
          return {k: token.value, line}
        case 'import':
          return this.#importStatement()
        case 'from':
          return this.#fromStatement()
        case 'del': {
          this.#next()
          return {k: 'del', targets: this.#flatten(this.#targetList()), line}
        }
        case 'return':
        case 'raise':
        case 'global':
        case 'nonlocal':
        case 'assert':
          while (!['newline', 'end', 'dedent'].includes(this.#peek().type) && !this.#isOp(';'))
            this.#next()
          return {k: 'other', line}
        default:
          break
      }
    }
    const first = this.#testListStar()
    if (this.#isOp('=')) {
      const parts = [first]
      while (this.#isOp('=')) {
        this.#next()
        if (this.#isName('yield')) throw new ParseError('yield is not supported')
        parts.push(this.#testListStar())
      }
      const value = parts.pop() as Expr
      return {k: 'assign', targets: parts, value, line}
    }
    const next = this.#peek()
    if (next.type === 'op' && AUG_OPS.has(next.value)) {
      this.#next()
      return {k: 'aug', target: first, op: next.value.slice(0, -1), value: this.#testList(), line}
    }
    if (this.#isOp(':')) {
      this.#next()
      this.#test()
      if (this.#isOp('=')) {
        this.#next()
        return {k: 'assign', targets: [first], value: this.#testListStar(), line}
      }
      return {k: 'other', line}
    }
    return {k: 'expr', e: first, line}
  }

  #flatten(target: Expr): Expr[] {
    return target.k === 'tuple' ? target.items : [target]
  }

  #dottedName(): string {
    const first = this.#next()
    if (first.type !== 'name') throw new ParseError('expected a module name')
    let name = first.value
    while (this.#isOp('.')) {
      this.#next()
      const part = this.#next()
      if (part.type !== 'name') throw new ParseError('expected a module name')
      name += `.${part.value}`
    }
    return name
  }

  #importStatement(): Stmt {
    const line = this.#next().line
    const names: {module: string; as?: string}[] = []
    do {
      if (this.#isOp(',')) this.#next()
      const module = this.#dottedName()
      if (this.#isName('as')) {
        this.#next()
        names.push({module, as: this.#next().value})
      } else names.push({module})
    } while (this.#isOp(','))
    return {k: 'import', names, line}
  }

  #fromStatement(): Stmt {
    const line = this.#next().line
    let module = ''
    while (this.#isOp('.') || this.#isOp('...')) module += this.#next().value
    if (!this.#isName('import')) module += this.#dottedName()
    this.#expectName('import')
    const names: {name: string; as?: string}[] = []
    if (this.#isOp('*')) {
      this.#next()
      names.push({name: '*'})
      return {k: 'from', module, names, line}
    }
    const parenthesized = this.#isOp('(')
    if (parenthesized) this.#next()
    for (;;) {
      const name = this.#next()
      if (name.type !== 'name') throw new ParseError('expected a name to import')
      if (this.#isName('as')) {
        this.#next()
        names.push({name: name.value, as: this.#next().value})
      } else names.push({name: name.value})
      if (!this.#isOp(',')) break
      this.#next()
      if (parenthesized && this.#isOp(')')) break
    }
    if (parenthesized) this.#expectOp(')')
    return {k: 'from', module, names, line}
  }

  // ---- expressions ----

  #enter(): void {
    this.#depth += 1
    if (this.#depth > MAX_DEPTH) throw new ParseError('expression nested too deeply')
  }

  /** `a, b` (a tuple without parentheses) or a single expression. Starred items allowed. */
  #testListStar(): Expr {
    const line = this.#peek().line
    const first = this.#starOrTest()
    if (!this.#isOp(',')) return first
    const items = [first]
    while (this.#isOp(',')) {
      this.#next()
      if (this.#endsList()) break
      items.push(this.#starOrTest())
    }
    return {k: 'tuple', items, line}
  }

  #testList(): Expr {
    return this.#testListStar()
  }

  #endsList(): boolean {
    const token = this.#peek()
    if (token.type === 'newline' || token.type === 'end' || token.type === 'dedent') return true
    return token.type === 'op' && [')', ']', '}', '=', ':', ';'].includes(token.value)
      ? true
      : token.type === 'op' && AUG_OPS.has(token.value)
  }

  #starOrTest(): Expr {
    if (this.#isOp('*')) {
      const line = this.#next().line
      return {k: 'star', e: this.#orExpr(), line}
    }
    return this.#test()
  }

  /** A for-loop or comprehension target: no comparisons (so `in` ends it). */
  #targetList(): Expr {
    const line = this.#peek().line
    const one = (): Expr => {
      if (this.#isOp('*')) {
        const starLine = this.#next().line
        return {k: 'star', e: this.#bitOr(), line: starLine}
      }
      return this.#bitOr()
    }
    const first = one()
    if (!this.#isOp(',')) return first
    const items = [first]
    while (this.#isOp(',')) {
      this.#next()
      if (this.#isName('in') || this.#endsList()) break
      items.push(one())
    }
    return {k: 'tuple', items, line}
  }

  #namedTest(): Expr {
    const expr = this.#test()
    if (this.#isOp(':=')) {
      this.#next()
      this.#test()
      return {k: 'unsupported', reason: 'assignment expression', line: expr.line}
    }
    return expr
  }

  #test(): Expr {
    this.#enter()
    try {
      const token = this.#peek()
      if (token.type === 'name' && token.value === 'lambda') {
        this.#next()
        while (!this.#isOp(':') && this.#peek().type !== 'end' && this.#peek().type !== 'newline')
          this.#next()
        this.#expectOp(':')
        this.#test()
        return {k: 'unsupported', reason: 'lambda', line: token.line}
      }
      if (token.type === 'name' && (token.value === 'yield' || token.value === 'await')) {
        throw new ParseError(`${token.value} is not supported`)
      }
      const body = this.#orExpr()
      if (this.#isName('if')) {
        this.#next()
        const test = this.#orExpr()
        this.#expectName('else')
        const orelse = this.#test()
        return {k: 'ifexp', test, body, orelse, line: body.line}
      }
      return body
    } finally {
      this.#depth -= 1
    }
  }

  #orExpr(): Expr {
    const first = this.#andExpr()
    if (!this.#isName('or')) return first
    const values = [first]
    while (this.#isName('or')) {
      this.#next()
      values.push(this.#andExpr())
    }
    return {k: 'bool', op: 'or', values, line: first.line}
  }

  #andExpr(): Expr {
    const first = this.#notExpr()
    if (!this.#isName('and')) return first
    const values = [first]
    while (this.#isName('and')) {
      this.#next()
      values.push(this.#notExpr())
    }
    return {k: 'bool', op: 'and', values, line: first.line}
  }

  #notExpr(): Expr {
    if (this.#isName('not')) {
      const line = this.#next().line
      this.#enter()
      try {
        return {k: 'unary', op: 'not', e: this.#notExpr(), line}
      } finally {
        this.#depth -= 1
      }
    }
    return this.#comparison()
  }

  #comparison(): Expr {
    const first = this.#bitOr()
    const ops: [string, Expr][] = []
    for (;;) {
      const token = this.#peek()
      let op: string | undefined
      if (token.type === 'op' && ['<', '>', '==', '>=', '<=', '!='].includes(token.value)) {
        op = token.value
        this.#next()
      } else if (token.type === 'name' && token.value === 'in') {
        op = 'in'
        this.#next()
      } else if (token.type === 'name' && token.value === 'not' && this.#isName('in', 1)) {
        op = 'not in'
        this.#next()
        this.#next()
      } else if (token.type === 'name' && token.value === 'is') {
        this.#next()
        op = 'is'
        if (this.#isName('not')) {
          this.#next()
          op = 'is not'
        }
      }
      if (op === undefined) break
      ops.push([op, this.#bitOr()])
    }
    return ops.length === 0 ? first : {k: 'cmp', first, ops, line: first.line}
  }

  #binary(operators: string[], operand: () => Expr): Expr {
    let left = operand()
    for (;;) {
      const token = this.#peek()
      if (token.type !== 'op' || !operators.includes(token.value)) return left
      this.#next()
      left = {k: 'bin', op: token.value, l: left, r: operand(), line: left.line}
    }
  }

  #bitOr(): Expr {
    return this.#binary(['|'], () => this.#bitXor())
  }

  #bitXor(): Expr {
    return this.#binary(['^'], () => this.#bitAnd())
  }

  #bitAnd(): Expr {
    return this.#binary(['&'], () => this.#shift())
  }

  #shift(): Expr {
    return this.#binary(['<<', '>>'], () => this.#arith())
  }

  #arith(): Expr {
    return this.#binary(['+', '-'], () => this.#term())
  }

  #term(): Expr {
    return this.#binary(['*', '/', '//', '%', '@'], () => this.#factor())
  }

  #factor(): Expr {
    const token = this.#peek()
    if (token.type === 'op' && ['-', '+', '~'].includes(token.value)) {
      this.#next()
      this.#enter()
      try {
        return {k: 'unary', op: token.value, e: this.#factor(), line: token.line}
      } finally {
        this.#depth -= 1
      }
    }
    return this.#power()
  }

  #power(): Expr {
    const base = this.#atomExpr()
    if (this.#isOp('**')) {
      this.#next()
      this.#enter()
      try {
        return {k: 'bin', op: '**', l: base, r: this.#factor(), line: base.line}
      } finally {
        this.#depth -= 1
      }
    }
    return base
  }

  #atomExpr(): Expr {
    let expr = this.#atom()
    for (;;) {
      if (this.#isOp('.')) {
        this.#next()
        const name = this.#next()
        if (name.type !== 'name') throw new ParseError('expected an attribute name')
        expr = {k: 'attr', obj: expr, name: name.value, line: expr.line}
      } else if (this.#isOp('(')) {
        this.#next()
        expr = this.#callArgs(expr)
      } else if (this.#isOp('[')) {
        this.#next()
        const index = this.#subscript()
        this.#expectOp(']')
        expr = {k: 'sub', obj: expr, index, line: expr.line}
      } else return expr
    }
  }

  #callArgs(fn: Expr): Expr {
    this.#enter()
    try {
      const args: Expr[] = []
      const kwargs: [string | null, Expr][] = []
      while (!this.#isOp(')')) {
        if (this.#isOp('**')) {
          this.#next()
          kwargs.push([null, this.#test()])
        } else if (this.#isOp('*')) {
          const line = this.#next().line
          args.push({k: 'star', e: this.#test(), line})
        } else if (this.#peek().type === 'name' && this.#isOp('=', 1)) {
          const name = this.#next().value
          this.#next()
          kwargs.push([name, this.#test()])
        } else {
          const arg = this.#namedTest()
          if (this.#isName('for') || (this.#isName('async') && this.#isName('for', 1))) {
            args.push({k: 'comp', kind: 'gen', elt: arg, gens: this.#compFor(), line: arg.line})
          } else args.push(arg)
        }
        if (!this.#isOp(',')) break
        this.#next()
      }
      this.#expectOp(')')
      return {k: 'call', fn, args, kwargs, line: fn.line}
    } finally {
      this.#depth -= 1
    }
  }

  #subscript(): Expr {
    const line = this.#peek().line
    const one = (): Expr => {
      let lo: Expr | undefined
      if (!this.#isOp(':')) {
        lo = this.#starOrTest()
        if (!this.#isOp(':')) return lo
      }
      this.#next()
      const slice: Expr & {k: 'slice'} = {k: 'slice', line}
      if (lo) slice.lo = lo
      if (!this.#isOp(']') && !this.#isOp(':') && !this.#isOp(',')) slice.hi = this.#test()
      if (this.#isOp(':')) {
        this.#next()
        if (!this.#isOp(']') && !this.#isOp(',')) slice.step = this.#test()
      }
      return slice
    }
    const first = one()
    if (!this.#isOp(',')) return first
    const items = [first]
    while (this.#isOp(',')) {
      this.#next()
      if (this.#isOp(']')) break
      items.push(one())
    }
    return {k: 'tuple', items, line}
  }

  #compFor(): CompFor[] {
    const gens: CompFor[] = []
    while (this.#isName('for') || (this.#isName('async') && this.#isName('for', 1))) {
      if (this.#isName('async')) this.#next()
      this.#next()
      const target = this.#targetList()
      this.#expectName('in')
      const iter = this.#orExpr()
      const ifs: Expr[] = []
      while (this.#isName('if')) {
        this.#next()
        ifs.push(this.#orExpr())
      }
      gens.push({target, iter, ifs})
    }
    return gens
  }

  #atom(): Expr {
    const token = this.#peek()
    const line = token.line
    if (token.type === 'op') {
      if (token.value === '(') {
        this.#next()
        return this.#parenthesized(line)
      }
      if (token.value === '[') {
        this.#next()
        return this.#bracketed(line)
      }
      if (token.value === '{') {
        this.#next()
        return this.#braced(line)
      }
      if (token.value === '...') {
        this.#next()
        return {k: 'unsupported', reason: 'Ellipsis', line}
      }
      throw new ParseError(`unexpected "${token.value}"`)
    }
    if (token.type === 'number') {
      this.#next()
      return parseNumber(token.value, line)
    }
    if (token.type === 'string') return this.#strings()
    if (token.type === 'name') {
      if (token.value === 'True' || token.value === 'False' || token.value === 'None') {
        this.#next()
        return {k: 'const', v: token.value === 'None' ? null : token.value === 'True', line}
      }
      if (KEYWORDS.has(token.value)) throw new ParseError(`unexpected "${token.value}"`)
      this.#next()
      return {k: 'name', id: token.value, line}
    }
    throw new ParseError(
      token.type === 'error'
        ? `cannot read "${token.value.slice(0, 20)}"`
        : `unexpected ${token.type}`
    )
  }

  /** Adjacent string literals concatenate; f-strings keep their placeholders. */
  #strings(): Expr {
    const line = this.#peek().line
    const parts: (string | {expr: string})[] = []
    let fstring = false
    let bytes = false
    let text = false
    while (this.#peek().type === 'string') {
      const token = this.#next()
      const prefix = token.prefix ?? ''
      const raw = prefix.includes('r')
      const body = token.body ?? ''
      if (prefix.includes('b')) bytes = true
      else text = true
      if (prefix.includes('f')) {
        fstring = true
        parts.push(...splitFString(body, raw))
      } else {
        parts.push(raw ? body : decodeEscapes(body, prefix.includes('b')))
      }
    }
    if (bytes && text) throw new ParseError('cannot mix bytes and nonbytes literals')
    if (fstring && parts.some((part) => typeof part !== 'string')) return {k: 'fstr', parts, line}
    return {k: 'const', v: parts.join(''), line}
  }

  #parenthesized(line: number): Expr {
    this.#enter()
    try {
      if (this.#isOp(')')) {
        this.#next()
        return {k: 'tuple', items: [], line}
      }
      if (this.#isName('yield')) throw new ParseError('yield is not supported')
      const first = this.#starOrTestNamed()
      if (this.#isName('for') || (this.#isName('async') && this.#isName('for', 1))) {
        const gens = this.#compFor()
        this.#expectOp(')')
        return {k: 'comp', kind: 'gen', elt: first, gens, line}
      }
      if (this.#isOp(')')) {
        this.#next()
        return first.k === 'star' ? {k: 'tuple', items: [first], line} : first
      }
      const items = [first]
      while (this.#isOp(',')) {
        this.#next()
        if (this.#isOp(')')) break
        items.push(this.#starOrTestNamed())
      }
      this.#expectOp(')')
      return {k: 'tuple', items, line}
    } finally {
      this.#depth -= 1
    }
  }

  #starOrTestNamed(): Expr {
    return this.#isOp('*') ? this.#starOrTest() : this.#namedTest()
  }

  #bracketed(line: number): Expr {
    this.#enter()
    try {
      const items: Expr[] = []
      if (this.#isOp(']')) {
        this.#next()
        return {k: 'list', items, line}
      }
      const first = this.#starOrTestNamed()
      if (this.#isName('for') || (this.#isName('async') && this.#isName('for', 1))) {
        const gens = this.#compFor()
        this.#expectOp(']')
        return {k: 'comp', kind: 'list', elt: first, gens, line}
      }
      items.push(first)
      while (this.#isOp(',')) {
        this.#next()
        if (this.#isOp(']')) break
        items.push(this.#starOrTestNamed())
      }
      this.#expectOp(']')
      return {k: 'list', items, line}
    } finally {
      this.#depth -= 1
    }
  }

  #braced(line: number): Expr {
    this.#enter()
    try {
      if (this.#isOp('}')) {
        this.#next()
        return {k: 'dict', entries: [], line}
      }
      const entry = (): [Expr | null, Expr] | Expr => {
        if (this.#isOp('**')) {
          this.#next()
          return [null, this.#bitOr()]
        }
        const key = this.#starOrTest()
        if (key.k !== 'star' && this.#isOp(':')) {
          this.#next()
          return [key, this.#test()]
        }
        return key
      }
      const first = entry()
      const isDict = Array.isArray(first)
      if (this.#isName('for') || (this.#isName('async') && this.#isName('for', 1))) {
        const gens = this.#compFor()
        this.#expectOp('}')
        if (Array.isArray(first)) {
          if (first[0] === null) throw new ParseError('dict unpacking in a comprehension')
          return {k: 'comp', kind: 'dict', elt: first[0], value: first[1], gens, line}
        }
        return {k: 'comp', kind: 'set', elt: first, gens, line}
      }
      const entries: [Expr | null, Expr][] = []
      const items: Expr[] = []
      const add = (item: [Expr | null, Expr] | Expr): void => {
        if (Array.isArray(item) !== isDict) throw new ParseError('mixed dict and set items')
        if (Array.isArray(item)) entries.push(item)
        else items.push(item)
      }
      add(first)
      while (this.#isOp(',')) {
        this.#next()
        if (this.#isOp('}')) break
        add(entry())
      }
      this.#expectOp('}')
      return isDict ? {k: 'dict', entries, line} : {k: 'set', items, line}
    } finally {
      this.#depth -= 1
    }
  }
}

function parseNumber(text: string, line: number): Expr {
  const clean = text.replace(/_/g, '')
  if (/[jJ]$/.test(clean)) return {k: 'unsupported', reason: 'complex number', line}
  let value: number
  if (/^0[xX]/.test(clean)) value = parseInt(clean.slice(2), 16)
  else if (/^0[oO]/.test(clean)) value = parseInt(clean.slice(2), 8)
  else if (/^0[bB]/.test(clean)) value = parseInt(clean.slice(2), 2)
  else value = Number(clean.replace(/[lL]$/, ''))
  if (!Number.isFinite(value)) return {k: 'unsupported', reason: `number ${text}`, line}
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return {k: 'unsupported', reason: `integer too large: ${text}`, line}
  }
  return {k: 'const', v: value, line}
}

/** Split an f-string body into text and `{placeholder}` parts (`{{`/`}}` are literal braces). */
function splitFString(body: string, raw: boolean): (string | {expr: string})[] {
  const parts: (string | {expr: string})[] = []
  let text = ''
  let i = 0
  while (i < body.length) {
    const ch = body[i] as string
    if (ch === '{' && body[i + 1] === '{') {
      text += '{'
      i += 2
    } else if (ch === '}' && body[i + 1] === '}') {
      text += '}'
      i += 2
    } else if (ch === '{') {
      let level = 1
      let j = i + 1
      while (j < body.length && level > 0) {
        if (body[j] === '{') level += 1
        else if (body[j] === '}') level -= 1
        if (level > 0) j += 1
      }
      if (text) parts.push(raw ? text : decodeEscapes(text, false))
      text = ''
      parts.push({expr: body.slice(i + 1, j)})
      i = j + 1
    } else {
      text += ch
      i += 1
    }
  }
  if (text) parts.push(raw ? text : decodeEscapes(text, false))
  return parts
}
