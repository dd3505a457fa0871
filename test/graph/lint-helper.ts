/**
 * Lint a folder with the graph and rules directly (no config file search): what the engine does,
 * reduced to what the graph tests and the parity test need.
 */
import {DEFAULT_LIMITS, type DoclintConfig} from '../../src/config/types.js'
import type {Diagnostic} from '../../src/diagnostic.js'
import {buildGraph} from '../../src/graph/build.js'
import {FactsCache} from '../../src/graph/facts-cache.js'
import type {Graph} from '../../src/graph/types.js'
import {findSourceDir, loadProject} from '../../src/project/load.js'
import {formatMessage, type Rule} from '../../src/rule.js'
import type {FileTree} from '../../src/tree/types.js'
import {rules as allRules} from '../../rules/index.js'

/** A configuration with every default, for a Sphinx version. */
export function defaultConfig(version: '8' | '5.3' = '8'): DoclintConfig {
  return {
    sphinx: {version},
    ignore: [],
    rules: {},
    literalDirectives: [],
    rstDirectives: [],
    limits: {...DEFAULT_LIMITS}
  }
}

/** Build the graph of the Sphinx project found in `tree` (conf.py folder, else the root). */
export async function graphOf(
  tree: FileTree,
  options: {
    version?: '8' | '5.3'
    srcdir?: string
    cache?: FactsCache
    extensions?: DoclintConfig['extensions']
  } = {}
): Promise<Graph> {
  const config = defaultConfig(options.version)
  if (options.extensions) config.extensions = options.extensions
  const srcdir = options.srcdir ?? (await findSourceDir(tree, '')) ?? ''
  const project = await loadProject(tree, srcdir, config)
  return buildGraph({tree, project, config, cache: options.cache ?? new FactsCache()})
}

/** Run rules over a graph and return diagnostics as the engine would print them. */
export function runRules(graph: Graph, rules: readonly Rule[] = allRules): Diagnostic[] {
  const found: Diagnostic[] = []
  for (const rule of rules) {
    rule.check({
      graph,
      options: {},
      report(input) {
        let message = formatMessage(
          rule.meta.messages[input.messageId] ?? input.messageId,
          input.data
        )
        if (input.suggestions?.length) message += `; did you mean \`${input.suggestions[0]}\`?`
        const diagnostic: Diagnostic = {
          ruleId: rule.meta.id,
          messageId: input.messageId,
          message,
          severity: rule.meta.defaultSeverity,
          file: input.file,
          range: input.range
        }
        if (input.target !== undefined) diagnostic.target = input.target
        if (input.resolved !== undefined) diagnostic.resolved = input.resolved
        found.push(diagnostic)
      }
    })
  }
  return found.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  )
}

/** `file:line:col-line:col severity rule message`, one per line. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map(
      (d) =>
        `${d.file}:${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column} ${d.severity} ${d.ruleId} ${d.message}`
    )
    .join('\n')
}
