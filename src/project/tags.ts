/**
 * Sphinx tags (`sphinx-build -t NAME`, `tags` in conf.py) and the expressions of `.. only::`.
 *
 * Which tags exist when (Sphinx 5.3 and 8 alike, sphinx/application.py): `Sphinx.__init__` makes
 * `Tags(-t names)`, runs conf.py with that object as `tags`, and only later creates the builder,
 * whose `__init__` adds `<format>`, `<name>`, `format_<format>` and `builder_<name>` (`html`,
 * `format_html`, `builder_html` for the html builder; `''`, `dummy`, `format_`, `builder_dummy`
 * for the dummy one). So conf.py sees the `-t` tags only, and `.. only::` sees those plus what
 * conf.py added or removed plus the builder's. doclint runs no builder and its findings must hold
 * for every build, so for `only` it treats every name outside the known `-t`/conf.py set as
 * unknown (it may be a builder tag) instead of guessing a builder.
 */

type Node =
  | {k: 'name'; id: string}
  | {k: 'const'}
  | {k: 'not'; e: Node}
  | {k: 'and' | 'or'; l: Node; r: Node}
  | {k: 'if'; body: Node; test: Node; orelse?: Node}

class SyntaxProblem extends Error {}

/** Longest expression read; `only` arguments are one line in practice. */
const MAX_EXPRESSION = 10_000
/** Deepest nesting of parentheses and `not`, so recursion stays bounded. */
const MAX_DEPTH = 100

/** Tokens of Jinja's lexer that the tag grammar can use: names and parentheses. */
function tokenize(text: string): string[] {
  const tokens: string[] = []
  const pattern = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|([()]))/y
  let index = 0
  while (index < text.length) {
    pattern.lastIndex = index
    const match = pattern.exec(text)
    if (match === null) {
      if (/^\s*$/.test(text.slice(index))) break
      // Anything else (`-`, `.`, quotes, non-ASCII names) makes Sphinx fail or evaluate
      // something doclint does not model: undecided.
      throw new SyntaxProblem('unsupported token')
    }
    tokens.push((match[1] ?? match[2]) as string)
    index = pattern.lastIndex
  }
  return tokens
}

/** Jinja's `parse_expression` with Sphinx's `BooleanParser.parse_compare` (sphinx/util/tags.py). */
class Parser {
  #index = 0
  #depth = 0
  constructor(readonly tokens: string[]) {}

  parse(): Node {
    const node = this.#condexpr()
    if (this.#index < this.tokens.length) throw new SyntaxProblem('chunk after expression')
    return node
  }

  #peek(): string | undefined {
    return this.tokens[this.#index]
  }

  #skip(token: string): boolean {
    if (this.#peek() !== token) return false
    this.#index += 1
    return true
  }

  #nest<T>(parse: () => T): T {
    this.#depth += 1
    if (this.#depth > MAX_DEPTH) throw new SyntaxProblem('nested too deeply')
    try {
      return parse()
    } finally {
      this.#depth -= 1
    }
  }

  #condexpr(): Node {
    let node = this.#or()
    while (this.#skip('if')) {
      const test = this.#or()
      const orelse = this.#skip('else') ? this.#nest(() => this.#condexpr()) : undefined
      node =
        orelse === undefined ? {k: 'if', body: node, test} : {k: 'if', body: node, test, orelse}
    }
    return node
  }

  #or(): Node {
    let node = this.#and()
    while (this.#skip('or')) node = {k: 'or', l: node, r: this.#and()}
    return node
  }

  #and(): Node {
    let node = this.#not()
    while (this.#skip('and')) node = {k: 'and', l: node, r: this.#not()}
    return node
  }

  #not(): Node {
    if (this.#skip('not')) return this.#nest(() => ({k: 'not', e: this.#not()}))
    return this.#compare()
  }

  #compare(): Node {
    const token = this.#peek()
    if (token === undefined) throw new SyntaxProblem('unexpected end of expression')
    this.#index += 1
    if (token === '(') {
      const node = this.#nest(() => this.#condexpr())
      if (!this.#skip(')')) throw new SyntaxProblem('expected )')
      return node
    }
    if (token === ')') throw new SyntaxProblem('unexpected )')
    if (['true', 'True', 'false', 'False', 'none', 'None'].includes(token)) return {k: 'const'}
    return {k: 'name', id: token}
  }
}

/** Whether a node may raise when Sphinx evaluates it (constants, `x if y` without `else`). */
function mayRaise(node: Node): boolean {
  switch (node.k) {
    case 'name':
      return false
    case 'const':
      return true
    case 'not':
      return mayRaise(node.e)
    case 'and':
    case 'or':
      return mayRaise(node.l) || mayRaise(node.r)
    case 'if':
      return (
        node.orelse === undefined ||
        mayRaise(node.body) ||
        mayRaise(node.test) ||
        mayRaise(node.orelse)
      )
  }
}

/** Kleene logic: `undefined` is "may be either". */
function evaluate(node: Node, has: (name: string) => boolean | undefined): boolean | undefined {
  switch (node.k) {
    case 'name':
      return has(node.id)
    case 'const':
      return undefined
    case 'not': {
      const value = evaluate(node.e, has)
      return value === undefined ? undefined : !value
    }
    case 'and': {
      const left = evaluate(node.l, has)
      if (left === false) return false
      const right = evaluate(node.r, has)
      if (right === false) return false
      return left === true && right === true ? true : undefined
    }
    case 'or': {
      const left = evaluate(node.l, has)
      if (left === true) return true
      const right = evaluate(node.r, has)
      if (right === true) return true
      return left === false && right === false ? false : undefined
    }
    case 'if': {
      const test = evaluate(node.test, has)
      const body = evaluate(node.body, has)
      const orelse = node.orelse === undefined ? undefined : evaluate(node.orelse, has)
      if (test === true) return body
      if (test === false) return orelse
      return body !== undefined && body === orelse ? body : undefined
    }
  }
}

/** How evalOnlyCondition treats a name outside `tags`. */
export interface OnlyConditionOptions {
  /**
   * `true`: every tag is in `tags`, so other names are false (Sphinx's `eval_condition` with a
   * known builder). Default `false`: other names are unknown (doclint runs no builder).
   */
  closed?: boolean
}

/**
 * Evaluate a `.. only::` expression (`and`, `or`, `not`, parentheses, `x if y else z`) against a
 * tag set: `true`/`false` when that holds whatever the unknown tags are, `undefined` when it
 * depends on them or when Sphinx would fail on the expression (it then keeps the content and warns).
 */
export function evalOnlyCondition(
  expression: string,
  tags: ReadonlySet<string>,
  options: OnlyConditionOptions = {}
): boolean | undefined {
  if (expression.length > MAX_EXPRESSION) return undefined
  let node: Node
  try {
    node = new Parser(tokenize(expression)).parse()
  } catch (error) {
    if (error instanceof SyntaxProblem) return undefined
    throw error
  }
  if (mayRaise(node)) return undefined
  const closed = options.closed === true
  return evaluate(node, (name) => (tags.has(name) ? true : closed ? false : undefined))
}
