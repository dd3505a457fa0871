/**
 * MyST directive text: the option block and the body, as myst-parser 0.18's
 * `parse_directive_text` splits them (myst_parser/parsers/directives.py).
 */
import {parseDocument} from 'yaml'

/** One line of directive content, with the offset of its first character in the file. */
export interface SourceLine {
  text: string
  offset: number
}

/** How a directive class looks to `parse_directive_text`. */
export interface DirectiveShape {
  /** Whether the directive has an `option_spec` (only then are options looked for). */
  hasOptions: boolean
  /** Whether it takes arguments; without any, the text after the name is the first body line. */
  hasArguments: boolean
}

/** One option as written. */
export interface DirectiveOption {
  name: string
  /** The value after YAML: `undefined` for a flag (`:glob:`), a string, or another YAML value. */
  value: unknown
  /** The line it was written on, when it can be found. */
  line?: SourceLine
}

/** The split directive text. */
export interface DirectiveText {
  options: DirectiveOption[]
  body: SourceLine[]
  /** Set when MyST rejects the option block (the directive then produces only an error). */
  error?: string
}

function loadYaml(text: string): {value: unknown} | {error: string} {
  try {
    // PyYAML (what MyST uses) implements YAML 1.1: `yes`/`on` are booleans and so on
    const document = parseDocument(text, {version: '1.1', uniqueKeys: false, logLevel: 'silent'})
    const [first] = document.errors
    if (first) return {error: first.message.split('\n')[0] ?? ''}
    return {value: document.toJS()}
  } catch (error) {
    /* v8 ignore next -- toJS throws only on alias loops, which parseDocument reports first */
    return {error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function findOptionLine(lines: SourceLine[], name: string, colon: boolean): SourceLine | undefined {
  return lines.find((line) => {
    const text = colon ? line.text.trimStart().slice(1) : line.text.trimStart()
    return text.startsWith(`${name}:`)
  })
}

/**
 * Split content lines (everything after the fence's first line) into options and body.
 * @param firstLine the text after `{name}` on the fence line, with its offset
 */
export function splitDirectiveText(
  content: SourceLine[],
  firstLine: SourceLine | undefined,
  shape: DirectiveShape
): DirectiveText {
  let body = content
  const options: DirectiveOption[] = []
  let error: string | undefined
  if (shape.hasOptions && content.length > 0) {
    const joined = content.map((line) => line.text).join('\n')
    let yamlLines: SourceLine[] | undefined
    let colon = false
    let yamlText = ''
    if (joined.startsWith('---')) {
      const rest = content.slice(1)
      const close = rest.findIndex((line) => line.text.startsWith('---'))
      yamlLines = close < 0 ? rest : rest.slice(0, close)
      body = close < 0 ? [] : rest.slice(close + 1)
      yamlText = dedent(yamlLines.map((line) => line.text)).join('\n')
    } else if (joined.trimStart().startsWith(':')) {
      const end = content.findIndex((line) => !line.text.trimStart().startsWith(':'))
      yamlLines = end < 0 ? content : content.slice(0, end)
      body = end < 0 ? [] : content.slice(end)
      colon = true
      yamlText = yamlLines.map((line) => line.text.trimStart().slice(1)).join('\n')
    }
    if (yamlLines) {
      const loaded = loadYaml(yamlText)
      if ('error' in loaded) {
        error = `Invalid options YAML: ${loaded.error}`
      } else if (loaded.value === null || loaded.value === undefined || loaded.value === '') {
        // `yaml.safe_load(...) or {}`
      } else if (!isRecord(loaded.value)) {
        error = `Invalid options (not dict): ${String(loaded.value)}`
      } else {
        for (const [name, value] of Object.entries(loaded.value)) {
          const line = findOptionLine(yamlLines, name, colon)
          options.push({name, value: value ?? undefined, ...(line ? {line} : {})})
        }
      }
    }
  }
  if (!shape.hasArguments && firstLine && firstLine.text !== '') {
    body = [firstLine, ...body]
  }
  // "If the first line of a directive's content is blank, this will be stripped"
  if (body[0] && body[0].text.trim() === '') body = body.slice(1)
  return error === undefined ? {options, body} : {options, body, error}
}

/** Python `textwrap.dedent` on a list of lines (whitespace-only lines do not count). */
function dedent(lines: string[]): string[] {
  let margin: string | undefined
  for (const line of lines) {
    if (line.trim() === '') continue
    const indent = /^[ \t]*/.exec(line)?.[0] ?? ''
    if (margin === undefined || !indent.startsWith(margin)) {
      margin = margin === undefined ? indent : commonPrefix(margin, indent)
    }
  }
  const cut = margin?.length ?? 0
  return lines.map((line) => (line.trim() === '' ? '' : line.slice(cut)))
}

function commonPrefix(a: string, b: string): string {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return a.slice(0, i)
}

/** Python `str(value)` for an option value, as MyST converts scalars before validating. */
export function optionString(value: unknown): string | undefined {
  if (value === undefined || value === null || value === true) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value === false) return 'False'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return undefined
}
