/**
 * Automake evaluation: run the statements of a build file and the files it includes, in order,
 * into the expander's variables (every branch of a conditional counts).
 */
import type {Range} from '../../diagnostic.js'
import type {FileTree} from '../../tree/types.js'
import {sourceText, wordSpans} from '../expansion.js'
import {decodeText, lineStarts, rangeAt} from '../text.js'
import {pushAll} from '../../arrays.js'
import {MAX_INCLUDE_DEPTH, nameId, resolveWord, type Context, type Expander} from './expand.js'
import {includedPaths} from './include.js'
import {
  parseAutomake,
  type AutomakeOperator,
  type AutomakeProblem,
  type ParsedAutomake
} from './parse.js'

/** One place a variable is assigned. */
export interface AutomakeAssignment {
  file: string
  operator: AutomakeOperator
  range: Range
  /** Offsets of the whole logical line. */
  start: number
  end: number
  conditions: string[]
}

/** Evaluate the statements of `parsed` (following includes) into the expander's variables. */
export async function evaluate(
  tree: FileTree,
  entry: string,
  base: string,
  context: Context,
  expander: Expander,
  parsedFiles: Map<string, ParsedAutomake | undefined>,
  variables: Map<string, AutomakeAssignment[]>,
  problems: AutomakeProblem[],
  order: string[]
): Promise<void> {
  const visiting = new Set<string>()
  // Variables a bound cut short while reading: each said once.
  const cut = new Set<string>()
  const visit = async (file: string, depth: number): Promise<void> => {
    if (depth > MAX_INCLUDE_DEPTH || visiting.has(file)) {
      problems.push({file, line: 1, message: 'include loop or nesting too deep'})
      return
    }
    let parsed = parsedFiles.get(file)
    if (!parsedFiles.has(file)) {
      const bytes = await tree.read(file)
      parsed = bytes === undefined ? undefined : parseAutomake(decodeText(bytes), file)
      parsedFiles.set(file, parsed)
      context.readChars += parsed?.text.length ?? 0
    }
    if (!parsed) return
    if (!order.includes(file)) {
      order.push(file)
      pushAll(problems, parsed.problems)
    }
    visiting.add(file)
    const fileId =
      context.files.indexOf(file) >= 0 ? context.files.indexOf(file) : context.files.push(file) - 1
    const starts = lineStarts(parsed.text)
    for (const statement of parsed.statements) {
      const conditionKey = statement.conditions.join('\u0000')
      let condition = context.conditionIndex.get(conditionKey)
      if (condition === undefined) {
        condition = context.conditionSets.push(statement.conditions) - 1
        context.conditionIndex.set(conditionKey, condition)
      }
      if (statement.type === 'include') {
        const target = sourceText(statement.path, statement.offsets, fileId, -1, condition)
        const paths = await includedPaths(
          tree,
          expander.expandFresh(target).text,
          base,
          context.top
        )
        for (const path of paths.missing) {
          if (!statement.optional) {
            problems.push({
              file,
              line: statement.line,
              message: `cannot find included file \`${path}\``
            })
          }
        }
        for (const path of paths.found) await visit(path, depth + 1)
        continue
      }
      if (statement.type === 'rule') {
        // Targets are expanded when make reads the rule: what the build makes (not missing).
        const targets = sourceText(statement.targets, statement.offsets, fileId, -1, condition)
        const expanded = expander.expandFresh(targets).text
        for (const [from, to] of wordSpans(expanded)) {
          const resolved = resolveWord(expanded.slice(from, to), base, context.top)
          if (resolved && !resolved.written.includes('%')) context.targets.add(resolved.path)
        }
        const prerequisites = statement.prerequisites
        if (
          context.prerequisites &&
          prerequisites &&
          !statement.targets.includes('%') &&
          !prerequisites.text.includes('%') &&
          !statement.targets.startsWith('.')
        ) {
          // Expanded when make reads the rule too: a list named after the targets (`html:`).
          const name = `${statement.targets.replace(/\s+/g, ' ')}:`
          const raw = sourceText(
            prerequisites.text,
            prerequisites.offsets,
            fileId,
            nameId(context, name),
            condition
          )
          const value = expander.expandFresh(raw)
          const list = variables.get(name) ?? []
          const start = statement.offsets[0] ?? 0
          const end = (prerequisites.offsets[prerequisites.offsets.length - 1] ?? start) + 1
          list.push({
            file,
            operator: list.length === 0 ? ':=' : '+=',
            range: rangeAt(starts, start, end),
            start,
            end,
            conditions: statement.conditions
          })
          variables.set(name, list)
          const existing = expander.variables.get(name)
          if (existing) existing.parts.push(value)
          else expander.variables.set(name, {flavor: 'simple', parts: [value], blocks: []})
        }
        continue
      }
      const name = statement.variable
      const list = variables.get(name) ?? []
      list.push({
        file,
        operator: statement.operator,
        range: rangeAt(starts, statement.start, statement.end),
        start: statement.start,
        end: statement.end,
        conditions: statement.conditions
      })
      variables.set(name, list)
      const raw = sourceText(
        statement.value,
        statement.offsets,
        fileId,
        nameId(context, name),
        condition
      )
      const existing = expander.variables.get(name)
      // `:=` expands now: a value cut short by the bounds is said, once per assignment.
      const expandNow = (value: typeof raw): typeof raw => {
        const expanded = expander.expandFresh(value)
        if (expander.capped && !cut.has(name)) {
          cut.add(name)
          problems.push({
            file,
            line: statement.line,
            message: `\`${name}\` is too large or nested too deeply to expand`
          })
        }
        return expanded
      }
      let operator = statement.operator
      // `X = a` in one branch and `X = b` in another: both count, so the second appends.
      if (
        operator === '=' &&
        existing &&
        statement.blocks.length > 0 &&
        existing.blocks.some((block) => statement.blocks.includes(block))
      ) {
        operator = '+='
      }
      switch (operator) {
        case '=':
          expander.variables.set(name, {
            flavor: 'recursive',
            parts: [raw],
            blocks: statement.blocks
          })
          break
        case '?=':
          if (!existing) {
            expander.variables.set(name, {
              flavor: 'recursive',
              parts: [raw],
              blocks: statement.blocks
            })
          }
          break
        case '!=':
          expander.variables.set(name, {flavor: 'simple', parts: [], blocks: []})
          break
        case ':=':
        case '::=':
        case ':::=':
          expander.variables.set(name, {
            flavor: 'simple',
            parts: [expandNow(raw)],
            blocks: statement.blocks
          })
          break
        case '+=': {
          if (!existing) {
            expander.variables.set(name, {
              flavor: 'recursive',
              parts: [raw],
              blocks: statement.blocks
            })
            break
          }
          existing.parts.push(existing.flavor === 'simple' ? expandNow(raw) : raw)
          break
        }
      }
    }
    visiting.delete(file)
  }
  await visit(entry, 0)
}
