/** SARIF 2.1.0 reporter: what GitHub code scanning (github/codeql-action/upload-sarif) reads. */
import {createHash} from 'node:crypto'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Range, Related, Severity, TextEdit} from '../diagnostic.js'
import type {Finding, Reporter, RunResult} from '../engine/types.js'
import {displayPath} from '../paths.js'
import type {RuleMeta} from '../rule.js'

/** Where every rule's documentation lives; `<id>.md` is appended. */
export const RULE_DOCS_BASE = 'https://github.com/doclint/doclint/blob/main/rules/'

/** The `partialFingerprints` property name; bump the version if the key format ever changes. */
export const FINGERPRINT_NAME = 'doclintFindingKey/v1'

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'
const SRCROOT = '%SRCROOT%'

type SarifLevel = 'error' | 'warning' | 'note' | 'none'

/** SARIF's level for a doclint severity (`info` is SARIF's `note`). */
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'info' ? 'note' : severity
}

interface ArtifactLocation {
  uri: string
  uriBaseId?: string
}

interface Region {
  startLine: number
  startColumn: number
  endLine: number
  endColumn: number
}

interface PhysicalLocation {
  artifactLocation: ArtifactLocation
  region: Region
}

/** Encode a POSIX relative path as a relative URI reference, segment by segment. */
function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/')
}

/**
 * An artifact location for a tree-relative file: relative to `%SRCROOT%` (the cwd) when the file
 * is inside it, an absolute file URI otherwise (a relative `../` URI would leave the repository).
 */
function artifactLocation(result: RunResult, file: string): ArtifactLocation {
  const shown = displayPath(result.root, result.cwd, file)
  if (shown === '..' || shown.startsWith('../') || path.isAbsolute(shown)) {
    return {uri: pathToFileURL(path.join(result.root, ...file.split('/'))).href}
  }
  return {uri: encodePath(shown), uriBaseId: SRCROOT}
}

/** SARIF regions are 1-based with an exclusive end column, as doclint's ranges are. */
function region(range: Range): Region {
  const startLine = Math.max(1, range.start.line)
  const startColumn = Math.max(1, range.start.column)
  const endLine = Math.max(startLine, range.end.line)
  const endColumn =
    endLine === startLine ? Math.max(startColumn, range.end.column) : Math.max(1, range.end.column)
  return {startLine, startColumn, endLine, endColumn}
}

function physicalLocation(result: RunResult, file: string, range: Range): PhysicalLocation {
  return {artifactLocation: artifactLocation(result, file), region: region(range)}
}

/** Hash of the finding identity, so code scanning follows a finding when lines shift. */
export function fingerprint(finding: Finding): string {
  const key =
    finding.key ??
    [finding.ruleId, finding.file, finding.resolved ?? finding.target ?? finding.message].join(
      '\u0000'
    )
  return createHash('sha256').update(key).digest('hex')
}

function ruleDescriptor(meta: RuleMeta): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    recommended: meta.recommended,
    fixable: meta.fixable,
    tags: ['documentation']
  }
  if (meta.sphinx !== undefined) properties['sphinx'] = meta.sphinx
  return {
    id: meta.id,
    shortDescription: {text: meta.description},
    helpUri: `${RULE_DOCS_BASE}${encodeURIComponent(meta.id)}.md`,
    defaultConfiguration: {level: sarifLevel(meta.defaultSeverity)},
    properties
  }
}

/** A descriptor for a rule id that has no metadata (e.g. the engine's own `patch-apply`). */
function bareDescriptor(id: string): Record<string, unknown> {
  return {
    id,
    shortDescription: {text: id},
    helpUri: `${RULE_DOCS_BASE}${encodeURIComponent(id)}.md`
  }
}

function relatedLocations(result: RunResult, related: Related[]): Record<string, unknown>[] {
  return related.map((item, index) => ({
    id: index,
    physicalLocation: physicalLocation(result, item.file, item.range),
    message: {text: item.message}
  }))
}

/** SARIF fixes from a doclint fix: edits grouped by file, offsets as character offsets. */
function sarifFix(result: RunResult, finding: Finding): Record<string, unknown>[] | undefined {
  const fix = finding.fix
  if (fix === undefined || fix.edits.length === 0) return undefined
  const byFile = new Map<string, TextEdit[]>()
  for (const edit of fix.edits) {
    const list = byFile.get(edit.file) ?? []
    list.push(edit)
    byFile.set(edit.file, list)
  }
  const artifactChanges = [...byFile].map(([file, edits]) => ({
    artifactLocation: artifactLocation(result, file),
    replacements: edits.map((edit) => ({
      deletedRegion: {
        charOffset: Math.max(0, edit.start),
        charLength: Math.max(0, edit.end - edit.start)
      },
      insertedContent: {text: edit.text}
    }))
  }))
  return [{description: {text: fix.description}, artifactChanges}]
}

const BASELINE = {introduced: 'new', existing: 'unchanged', fixed: 'absent'} as const

function sarifResult(
  result: RunResult,
  finding: Finding,
  ruleIndex: number
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: finding.ruleId,
    ruleIndex,
    message: {text: finding.message},
    locations: [{physicalLocation: physicalLocation(result, finding.file, finding.range)}],
    partialFingerprints: {[FINGERPRINT_NAME]: fingerprint(finding)}
  }
  if (finding.status === 'fixed') {
    // A fixed finding is no longer there: SARIF says so with kind "pass", which requires level
    // "none", and code scanning does not open an alert for it.
    out['kind'] = 'pass'
    out['level'] = 'none'
  } else {
    out['level'] = sarifLevel(finding.severity)
  }
  if (finding.status !== undefined) out['baselineState'] = BASELINE[finding.status]
  if (finding.related !== undefined && finding.related.length > 0) {
    out['relatedLocations'] = relatedLocations(result, finding.related)
  }
  const fixes = sarifFix(result, finding)
  if (fixes !== undefined) out['fixes'] = fixes
  const properties: Record<string, unknown> = {severity: finding.severity}
  if (finding.target !== undefined) properties['target'] = finding.target
  if (finding.resolved !== undefined) properties['resolved'] = finding.resolved
  if (finding.suggestions !== undefined && finding.suggestions.length > 0) {
    properties['suggestions'] = finding.suggestions
  }
  if (finding.status !== undefined) properties['status'] = finding.status
  if (finding.patch !== undefined) {
    const patch: Record<string, unknown> = {
      index: finding.patch.index,
      total: finding.patch.total,
      subject: finding.patch.subject
    }
    if (finding.patch.id !== undefined) patch['id'] = finding.patch.id
    if (finding.patch.patchworkId !== undefined) patch['patchworkId'] = finding.patch.patchworkId
    properties['patch'] = patch
  }
  out['properties'] = properties
  return out
}

/** The SARIF log object of a run (`toolVersion` fills `tool.driver.version` when given). */
export function sarifLog(result: RunResult, toolVersion?: string): Record<string, unknown> {
  const rules: Record<string, unknown>[] = []
  const indexOf = new Map<string, number>()
  for (const meta of result.rules) {
    if (indexOf.has(meta.id)) continue
    indexOf.set(meta.id, rules.length)
    rules.push(ruleDescriptor(meta))
  }
  const results = result.diagnostics.map((finding) => {
    let index = indexOf.get(finding.ruleId)
    if (index === undefined) {
      index = rules.length
      indexOf.set(finding.ruleId, index)
      rules.push(bareDescriptor(finding.ruleId))
    }
    return sarifResult(result, finding, index)
  })
  const driver: Record<string, unknown> = {
    name: 'doclint',
    informationUri: 'https://github.com/doclint/doclint',
    rules
  }
  if (toolVersion !== undefined) {
    driver['version'] = toolVersion
    driver['semanticVersion'] = toolVersion
  }
  const base = pathToFileURL(result.cwd).href
  const run: Record<string, unknown> = {
    tool: {driver},
    originalUriBaseIds: {[SRCROOT]: {uri: base.endsWith('/') ? base : `${base}/`}},
    columnKind: 'utf16CodeUnits',
    invocations: [{executionSuccessful: true}],
    results,
    properties: {mode: result.mode, documents: result.documents}
  }
  return {$schema: SCHEMA_URI, version: '2.1.0', runs: [run]}
}

/** A SARIF reporter that records the given doclint version in `tool.driver`. */
export function createSarifReporter(toolVersion?: string): Reporter {
  return (result) => `${JSON.stringify(sarifLog(result, toolVersion), null, 2)}\n`
}

/** SARIF 2.1.0 without a tool version (the CLI uses `createSarifReporter(VERSION)`). */
export const sarifReporter: Reporter = createSarifReporter()
