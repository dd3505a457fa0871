/** The rule API: metadata plus a check over the whole project graph (docs/style.md §3.3). */
import type {Diagnostic, Severity} from './diagnostic.js'
import type {Graph} from './graph/types.js'

/** What a rule declares about itself. */
export interface RuleMeta {
  /** kebab-case id; equals the file name in rules/ and the fixtures folder. */
  id: string
  /** One line, shown in the README table; the first line of rules/<id>.md. */
  description: string
  recommended: boolean
  defaultSeverity: Severity
  fixable: boolean
  /** The Sphinx warning this rule mirrors (5.3 wording), when there is one. */
  sphinx?: string
  /**
   * How that warning is found in real Sphinx's output and compared with this rule's findings: the
   * one table the parity tests (test/graph/oracle.ts, test/graph/myst-oracle.ts) read. Required
   * with `sphinx` (test/meta.test.ts checks, and that `sphinx` itself matches a pattern).
   */
  sphinxMatch?: SphinxMatch
  /**
   * JSON Schema fragments of the rule's options. No rule has options yet; the machinery stays
   * because the config's `[severity, options]` form is public (docs/architecture.md, Rule options).
   */
  options?: Record<string, unknown>
  /**
   * What the rule's findings depend on, when it is less than the whole graph. `xrefs`: each
   * finding is at a live cross-reference (or Markdown link) of a document and depends only on it,
   * its document's name and the graph's name tables (src/graph/xref-view.ts XREF_GRAPH_FIELDS).
   * An edit that changes only a document's cross-references is then checked on that document
   * alone (engine/xref-check.ts). test/graph/xref-view.test.ts holds every rule that says so to
   * it, on every fixture tree and the corpus.
   */
  scope?: 'xrefs'
  /** Message templates keyed by messageId; `{name}` placeholders. */
  messages: Record<string, string>
  /**
   * Messages reported at a fixed severity whatever the rule's own (unless the rule is off): `info`
   * for what doclint could not check (manifest-mismatch's `unevaluated`).
   */
  messageSeverities?: Record<string, Severity>
}

/** How a Sphinx warning is recognised and compared (`RuleMeta.sphinxMatch`). */
export interface SphinxMatch {
  /**
   * Patterns over the first line of a Sphinx warning (5.3 and later, MyST included), tried in
   * rule order; group 1, when there is one, is the target.
   */
  patterns: RegExp[]
  /**
   * What the parity tests compare, finding for finding, as (rule, file, what): `target` (the
   * reference as written), `resolved` (the docname or path it resolved to), `file` (the file
   * alone: orphan). `presence`: only whether the tree has such a finding at all (a cycle, which
   * Sphinx reports from another document than doclint). `none`: recognised, not compared
   * (toctree-self, which Sphinx words as a duplicate; root-doc-missing, which stops Sphinx).
   */
  compare: 'target' | 'resolved' | 'file' | 'presence' | 'none'
}

/**
 * What a rule passes to `report`: a Diagnostic without what the engine decides (the rule id, the
 * message made from `messageId` and `data`, the severity, the key), plus the message's data.
 */
export type ReportInput = Omit<Diagnostic, 'ruleId' | 'message' | 'severity' | 'key'> & {
  data?: Record<string, string | number>
}

/** What a rule's check receives. */
export interface RuleContext {
  graph: Graph
  /** The rule's options, defaults applied. */
  options: Record<string, unknown>
  report(input: ReportInput): void
}

/** A rule module's default export. */
export interface Rule {
  meta: RuleMeta
  check(context: RuleContext): void
}

/** Identity function that only supplies types. */
export function defineRule(rule: Rule): Rule {
  return rule
}

/** Fill `{name}` placeholders of a message template. */
export function formatMessage(
  template: string,
  data: Record<string, string | number> = {}
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in data ? String(data[name]) : whole
  )
}
