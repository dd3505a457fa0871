/**
 * Validate config text (JSON with comments) against the schema of the config and of every rule's
 * options. Apart from load.ts so that a run without a config file never loads the JSON parser.
 */
import {closest, distance} from 'fastest-levenshtein'
import {
  createScanner,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
  type SyntaxKind
} from 'jsonc-parser'
import type {Severity} from '../diagnostic.js'
import {lastAtOrBefore} from '../arrays.js'
import {ConfigError} from './error.js'
import {DEFAULT_LIMITS, defaultConfig, type DoclintConfig, type ExtensionConfig} from './types.js'

/** Where config text came from and what it may name. */
export interface ParseConfigContext {
  file: string
  display: string
  ruleIds: readonly string[]
  ruleOptionSchemas: Record<string, Record<string, unknown>>
}

/** Validate config text (JSON with comments) and apply defaults. Throws ConfigError. */
export function parseConfig(text: string, context: ParseConfigContext): DoclintConfig {
  const lineStarts = [0]
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') lineStarts.push(i + 1)
  const fail = (offset: number, key: string, message: string): never => {
    const low = lastAtOrBefore(lineStarts, offset)
    throw new ConfigError(
      context.file,
      low + 1,
      offset - (lineStarts[low] as number) + 1,
      key,
      message,
      context.display
    )
  }
  // The JSON parser recurses per level: a hostile file nested 100,000 deep would overflow the
  // stack. A real config is nested 4 deep.
  const deep = offsetPastDepth(text, MAX_DEPTH)
  if (deep >= 0) fail(deep, '', `invalid JSON: nested more than ${MAX_DEPTH} deep`)
  const errors: ParseError[] = []
  const root = parseTree(text.replace(/^\uFEFF/, ' '), errors, {
    allowTrailingComma: true,
    disallowComments: false
  })
  const first = errors[0]
  if (first !== undefined)
    fail(first.offset, '', `invalid JSON: ${describeParseError(printParseErrorCode(first.error))}`)
  if (root === undefined) return fail(0, '', 'invalid JSON: empty file')
  const v = new Validator(fail, context)
  return v.config(root)
}

/** How deep a config's arrays and objects may nest. */
const MAX_DEPTH = 64

/**
 * The offset of the first `[` or `{` nested deeper than `max`, or -1, by jsonc-parser's own
 * scanner (strings and comments are its tokens): one pass, no recursion.
 */
function offsetPastDepth(text: string, max: number): number {
  const scanner = createScanner(text, true)
  let depth = 0
  for (let token = scanner.scan(); token !== TOKEN.eof; token = scanner.scan()) {
    if (token === TOKEN.openBrace || token === TOKEN.openBracket) {
      if (++depth > max) return scanner.getTokenOffset()
    } else if (token === TOKEN.closeBrace || token === TOKEN.closeBracket) {
      depth--
    }
  }
  return -1
}

/** jsonc-parser's SyntaxKind values (a const enum: not importable as a value here). */
const TOKEN = {
  openBrace: 1 as SyntaxKind,
  closeBrace: 2 as SyntaxKind,
  openBracket: 3 as SyntaxKind,
  closeBracket: 4 as SyntaxKind,
  eof: 17 as SyntaxKind
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

type Fail = (offset: number, key: string, message: string) => never

const SEVERITIES: Record<string, Severity | 'off'> = {
  off: 'off',
  info: 'info',
  warn: 'warning',
  // what every report prints: accepted as written
  warning: 'warning',
  error: 'error'
}

class Validator {
  constructor(
    readonly fail: Fail,
    readonly context: ParseConfigContext
  ) {}

  #typeName(node: Node): string {
    if (node.type === 'number') return Number.isInteger(node.value) ? 'integer' : 'number'
    return node.type
  }

  #wrongType(node: Node, key: string, expected: string): never {
    return this.fail(node.offset, key, `"${key}" must be ${expected}, got ${this.#typeName(node)}`)
  }

  /** Properties of an object node, refusing duplicates and keys outside `allowed`. */
  #properties(node: Node, key: string, allowed?: readonly string[]): [string, Node, Node][] {
    if (node.type !== 'object') this.#wrongType(node, key || 'config', 'an object')
    const seen = new Set<string>()
    const out: [string, Node, Node][] = []
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? []
      if (keyNode === undefined || valueNode === undefined) continue
      const name = String(keyNode.value)
      const full = key === '' ? name : `${key}.${name}`
      if (seen.has(name)) this.fail(keyNode.offset, full, `duplicate key "${full}"`)
      seen.add(name)
      if (allowed !== undefined && !allowed.includes(name)) {
        const suggestion = allowed.length > 0 ? closest(name, [...allowed]) : undefined
        const suggested = key === '' ? suggestion : `${key}.${suggestion}`
        const hint =
          suggestion !== undefined && similar(name, suggestion)
            ? `; did you mean "${suggested}"?`
            : ''
        this.fail(keyNode.offset, full, `unknown key "${full}"${hint}`)
      }
      out.push([name, keyNode, valueNode])
    }
    return out
  }

  #string(node: Node, key: string): string {
    if (node.type !== 'string') this.#wrongType(node, key, 'a string')
    return node.value as string
  }

  #boolean(node: Node, key: string): boolean {
    if (node.type !== 'boolean') this.#wrongType(node, key, 'a boolean')
    return node.value as boolean
  }

  #integer(node: Node, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (node.type !== 'number' || !Number.isInteger(node.value))
      this.#wrongType(node, key, 'an integer')
    const value = node.value as number
    if (value < min || value > max) {
      this.fail(node.offset, key, `"${key}" must be between ${min} and ${max}, got ${value}`)
    }
    return value
  }

  #stringList(node: Node, key: string): string[] {
    if (node.type !== 'array') this.#wrongType(node, key, 'an array of strings')
    return (node.children ?? []).map((child, index) => this.#string(child, `${key}[${index}]`))
  }

  config(root: Node): DoclintConfig {
    const config = defaultConfig()
    const keys = [
      '$schema',
      'root',
      'sphinx',
      'ignore',
      'rules',
      'manifests',
      'extensions',
      'intersphinx',
      'literalDirectives',
      'rstDirectives',
      'limits'
    ]
    for (const [name, , value] of this.#properties(root, '', keys)) {
      switch (name) {
        case '$schema':
          this.#string(value, name)
          break
        case 'root':
          config.root = this.#string(value, name)
          break
        case 'sphinx':
          config.sphinx = this.#sphinx(value)
          break
        case 'ignore':
          config.ignore = this.#stringList(value, name)
          break
        case 'rules':
          config.rules = this.#rules(value)
          break
        case 'manifests':
          config.manifests = this.#manifests(value)
          break
        case 'extensions':
          config.extensions = this.#extensions(value)
          break
        case 'intersphinx':
          for (const [key, , child] of this.#properties(value, name, ['offline'])) {
            if (key === 'offline')
              config.intersphinx = {offline: this.#boolean(child, `${name}.${key}`)}
          }
          break
        case 'literalDirectives':
          config.literalDirectives = this.#stringList(value, name)
          break
        case 'rstDirectives':
          config.rstDirectives = this.#stringList(value, name)
          break
        case 'limits':
          config.limits = this.#limits(value)
          break
      }
    }
    return config
  }

  #sphinx(node: Node): DoclintConfig['sphinx'] {
    const sphinx: DoclintConfig['sphinx'] = {version: '8'}
    const keys = [
      'rootDoc',
      'sourceSuffix',
      'excludePatterns',
      'includePatterns',
      'extensions',
      'defaultRole',
      'numfig',
      'mystHeadingAnchors',
      'tags',
      'version',
      'warningsAreErrors'
    ]
    for (const [name, , value] of this.#properties(node, 'sphinx', keys)) {
      const key = `sphinx.${name}`
      switch (name) {
        case 'rootDoc':
          sphinx.rootDoc = this.#string(value, key)
          break
        case 'sourceSuffix': {
          const map: Record<string, string> = {}
          for (const [suffix, , parser] of this.#properties(value, key)) {
            map[suffix] = this.#string(parser, `${key}.${suffix}`)
          }
          sphinx.sourceSuffix = map
          break
        }
        case 'excludePatterns':
          sphinx.excludePatterns = this.#stringList(value, key)
          break
        case 'includePatterns':
          sphinx.includePatterns = this.#stringList(value, key)
          break
        case 'extensions':
          sphinx.extensions = this.#stringList(value, key)
          break
        case 'defaultRole':
          sphinx.defaultRole = this.#string(value, key)
          break
        case 'numfig':
          sphinx.numfig = this.#boolean(value, key)
          break
        case 'mystHeadingAnchors':
          sphinx.mystHeadingAnchors = this.#integer(value, key, 0, 6)
          break
        case 'tags':
          sphinx.tags = this.#tags(value, key)
          break
        case 'warningsAreErrors':
          sphinx.warningsAreErrors = this.#boolean(value, key)
          break
        case 'version': {
          const version = value.type === 'number' ? String(value.value) : value.value
          if (version !== '8' && version !== '5.3') {
            this.fail(
              value.offset,
              key,
              `"${key}" must be "8" or "5.3", got ${JSON.stringify(value.value ?? null)}`
            )
          }
          sphinx.version = version as '8' | '5.3'
          break
        }
      }
    }
    return sphinx
  }

  /** `-t` names: any non-empty string without whitespace (one shell word), duplicates dropped. */
  #tags(node: Node, key: string): string[] {
    const tags: string[] = []
    const list = this.#stringList(node, key)
    list.forEach((tag, index) => {
      if (tag === '' || /\s/.test(tag)) {
        const child = (node.children ?? [])[index] as Node
        this.fail(
          child.offset,
          `${key}[${index}]`,
          `"${key}[${index}]" must be a tag name without spaces, got ${JSON.stringify(tag)}`
        )
      }
      if (!tags.includes(tag)) tags.push(tag)
    })
    return tags
  }

  #rules(node: Node): DoclintConfig['rules'] {
    const rules: DoclintConfig['rules'] = {}
    for (const [id, keyNode, value] of this.#properties(node, 'rules')) {
      const key = `rules.${id}`
      if (!this.context.ruleIds.includes(id)) {
        const suggestion =
          this.context.ruleIds.length > 0 ? closest(id, [...this.context.ruleIds]) : undefined
        const hint =
          suggestion !== undefined && similar(id, suggestion)
            ? `; did you mean "${suggestion}"?`
            : ''
        this.fail(keyNode.offset, key, `unknown rule "${id}"${hint}`)
      }
      let severityNode = value
      let optionsNode: Node | undefined
      if (value.type === 'array') {
        const items = value.children ?? []
        if (items.length < 1 || items.length > 2) {
          this.fail(value.offset, key, `"${key}" must be a severity or [severity, options]`)
        }
        severityNode = items[0] as Node
        optionsNode = items[1]
      }
      const severity =
        severityNode.type === 'string' ? SEVERITIES[severityNode.value as string] : undefined
      if (severity === undefined) {
        this.fail(
          severityNode.offset,
          key,
          `"${key}" severity must be "off", "info", "warn" (or "warning") or "error", got ${JSON.stringify(getNodeValue(severityNode))}`
        )
      }
      const options = optionsNode === undefined ? {} : this.#ruleOptions(optionsNode, key, id)
      rules[id] = {severity: severity as Severity | 'off', options}
    }
    return rules
  }

  #ruleOptions(node: Node, key: string, id: string): Record<string, unknown> {
    const schemas = this.context.ruleOptionSchemas[id] ?? {}
    const options: Record<string, unknown> = {}
    for (const [name, , value] of this.#properties(node, `${key}.options`, Object.keys(schemas))) {
      const optionKey = `${key}.options.${name}`
      this.#matchSchema(value, optionKey, schemas[name])
      options[name] = getNodeValue(value) as unknown
    }
    return options
  }

  /** The JSON Schema subset rule options use: type, enum, items, properties, min/max. */
  #matchSchema(node: Node, key: string, schema: unknown): void {
    if (schema === null || typeof schema !== 'object') return
    const fragment = schema as Record<string, unknown>
    const value = getNodeValue(node) as unknown
    if (
      Array.isArray(fragment.enum) &&
      !fragment.enum.some((item) => JSON.stringify(item) === JSON.stringify(value))
    ) {
      this.fail(
        node.offset,
        key,
        `"${key}" must be one of ${fragment.enum.map((item) => JSON.stringify(item)).join(', ')}`
      )
    }
    const types =
      typeof fragment.type === 'string'
        ? [fragment.type]
        : Array.isArray(fragment.type)
          ? (fragment.type as string[])
          : []
    if (types.length > 0 && !types.some((type) => matchesType(node, type))) {
      this.#wrongType(node, key, types.map(article).join(' or '))
    }
    if (node.type === 'number') {
      if (typeof fragment.minimum === 'number' && (node.value as number) < fragment.minimum) {
        this.fail(node.offset, key, `"${key}" must be at least ${fragment.minimum}`)
      }
      if (typeof fragment.maximum === 'number' && (node.value as number) > fragment.maximum) {
        this.fail(node.offset, key, `"${key}" must be at most ${fragment.maximum}`)
      }
    }
    if (node.type === 'array' && fragment.items !== undefined && !Array.isArray(fragment.items)) {
      ;(node.children ?? []).forEach((child, index) =>
        this.#matchSchema(child, `${key}[${index}]`, fragment.items)
      )
    }
    if (
      node.type === 'object' &&
      fragment.properties !== null &&
      typeof fragment.properties === 'object'
    ) {
      const properties = fragment.properties as Record<string, unknown>
      const allowed = fragment.additionalProperties === false ? Object.keys(properties) : undefined
      for (const [name, , child] of this.#properties(node, key, allowed)) {
        this.#matchSchema(child, `${key}.${name}`, properties[name])
      }
    }
  }

  #manifests(node: Node): NonNullable<DoclintConfig['manifests']> {
    if (node.type !== 'array') this.#wrongType(node, 'manifests', 'an array')
    return (node.children ?? []).map((child, index) => {
      const key = `manifests[${index}]`
      let file: string | undefined
      let variables: string[] | undefined
      const manifest: Partial<NonNullable<DoclintConfig['manifests']>[number]> = {}
      for (const [name, , value] of this.#properties(child, key, [
        'file',
        'variables',
        'covers',
        'ignore'
      ])) {
        const full = `${key}.${name}`
        if (name === 'file') file = this.#string(value, full)
        else if (name === 'variables') variables = this.#stringList(value, full)
        else if (name === 'covers') manifest.covers = this.#stringList(value, full)
        else manifest.ignore = this.#stringList(value, full)
      }
      if (file === undefined) this.fail(child.offset, `${key}.file`, `"${key}" needs "file"`)
      if (variables === undefined)
        this.fail(child.offset, `${key}.variables`, `"${key}" needs "variables"`)
      return {...manifest, file: file as string, variables: variables as string[]}
    })
  }

  #extensions(node: Node): NonNullable<DoclintConfig['extensions']> {
    const result: NonNullable<DoclintConfig['extensions']> = {}
    for (const [module, , value] of this.#properties(node, 'extensions')) {
      const key = `extensions.${module}`
      const declared: ExtensionConfig = {}
      for (const [name, , child] of this.#properties(value, key, [
        'labels',
        'terms',
        'directives',
        'intersphinx'
      ])) {
        const full = `${key}.${name}`
        if (name === 'intersphinx') declared.intersphinx = this.#boolean(child, full)
        else if (name === 'labels') declared.labels = this.#stringList(child, full)
        else if (name === 'terms') declared.terms = this.#stringList(child, full)
        else declared.directives = this.#stringList(child, full)
      }
      result[module] = declared
    }
    return result
  }

  #limits(node: Node): DoclintConfig['limits'] {
    const limits = {...DEFAULT_LIMITS}
    for (const [name, , value] of this.#properties(node, 'limits', [
      'maxFileSize',
      'maxPatchSize',
      'maxMimeSize',
      'maxPatches',
      'maxElements',
      'maxBlockElements',
      'maxIncludedElements',
      'maxSeriesDocuments',
      'maxFindings'
    ])) {
      limits[name as keyof typeof limits] = this.#integer(value, `limits.${name}`, 1)
    }
    return limits
  }
}

function matchesType(node: Node, type: string): boolean {
  switch (type) {
    case 'integer':
      return node.type === 'number' && Number.isInteger(node.value)
    case 'number':
    case 'string':
    case 'boolean':
    case 'array':
    case 'object':
    case 'null':
      return node.type === type
    default:
      return true
  }
}

function article(type: string): string {
  return type === 'integer' || type === 'array' || type === 'object'
    ? `an ${type}`
    : type === 'null'
      ? 'null'
      : `a ${type}`
}

function similar(a: string, b: string): boolean {
  return distance(a.toLowerCase(), b.toLowerCase()) <= Math.max(2, Math.floor(b.length / 3))
}

/** Parse a `--rule ID=off|info|warn|error` flag. Throws ConfigError (file '') when malformed. */
export function parseRuleFlag(
  flag: string,
  ruleIds?: readonly string[]
): {id: string; severity: Severity | 'off'} {
  const match = /^([A-Za-z0-9][\w-]*)=(\w+)$/.exec(flag.trim())
  const severity = match ? SEVERITIES[match[2] as string] : undefined
  if (!match || severity === undefined) {
    throw new ConfigError('', 0, 0, '', `expected ID=off|info|warn|error, got "${flag}"`, '--rule')
  }
  const id = match[1] as string
  if (ruleIds !== undefined && !ruleIds.includes(id)) {
    const suggestion = ruleIds.length > 0 ? closest(id, [...ruleIds]) : undefined
    const hint =
      suggestion !== undefined && similar(id, suggestion) ? `; did you mean "${suggestion}"?` : ''
    throw new ConfigError('', 0, 0, id, `unknown rule "${id}"${hint}`, '--rule')
  }
  return {id, severity}
}
