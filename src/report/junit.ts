/** JUnit XML reporter: one test case per file (tree mode) or per patch (patch modes). */
import type {Finding, PatchResult, Reporter, RunResult} from '../engine/types.js'
import {displayPath} from '../paths.js'

/**
 * Replace what XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF) with U+FFFD: not even a character reference may stand for them.
 */
function xmlChars(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD'
  )
}

/** Escape text content: `>` too, so `]]>` never appears; CR as a reference, or parsers turn it into LF. */
export function escapeXmlText(text: string): string {
  return xmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;')
}

/** Escape an attribute value (double-quoted); tab, LF and CR as references so they survive. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
}

interface TestCase {
  name: string
  classname: string
  file?: string
  failure?: {message: string; type: string; body: string}
  /** Why the case was not run (a patch left unchecked). */
  skipped?: string
  output?: string
}

function attributes(pairs: [string, string | number | undefined][]): string {
  return pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('')
}

function findingLine(result: RunResult, finding: Finding): string {
  const where = displayPath(result.root, result.cwd, finding.file)
  const {start, end} = finding.range
  const lines = [
    `${where}:${start.line}:${start.column}-${end.line}:${end.column} ${finding.severity} ${finding.ruleId} ${finding.message}`
  ]
  for (const related of finding.related ?? []) {
    const at = displayPath(result.root, result.cwd, related.file)
    lines.push(
      `  ${at}:${related.range.start.line}:${related.range.start.column} ${related.message}`
    )
  }
  return lines.join('\n')
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function fileCases(result: RunResult): TestCase[] {
  const byFile = new Map<string, Finding[]>()
  for (const file of result.files) byFile.set(file, [])
  for (const finding of result.diagnostics) {
    const list = byFile.get(finding.file) ?? []
    list.push(finding)
    byFile.set(finding.file, list)
  }
  return [...byFile.keys()].sort().map((file) => {
    const findings = byFile.get(file) ?? []
    const shown = displayPath(result.root, result.cwd, file)
    const testCase: TestCase = {name: shown, classname: 'doclint', file: shown}
    const errors = findings.filter((finding) => finding.severity === 'error')
    const others = findings.filter((finding) => finding.severity !== 'error')
    if (errors.length > 0) {
      testCase.failure = {
        message: `${plural(errors.length, 'error')}${others.length > 0 ? `, ${plural(others.length, 'other finding')}` : ''}`,
        type: 'error',
        body: findings.map((finding) => findingLine(result, finding)).join('\n')
      }
    } else if (others.length > 0) {
      // Warnings do not fail the run (unless --max-warnings), so they do not fail the case.
      testCase.output = others.map((finding) => findingLine(result, finding)).join('\n')
    }
    return testCase
  })
}

function patchCase(result: RunResult, patchResult: PatchResult): TestCase {
  const {patch} = patchResult
  const testCase: TestCase = {
    name: `[PATCH ${patch.index}/${patch.total}] ${patch.subject}`,
    classname: 'doclint.patch'
  }
  const errors = patchResult.introduced.filter((finding) => finding.severity === 'error')
  const body = patchResult.introduced.map((finding) => findingLine(result, finding)).join('\n')
  if (patchResult.notChecked !== undefined) {
    testCase.skipped = patchResult.notChecked
  } else if (!patchResult.applied) {
    testCase.failure = {message: 'patch does not apply', type: 'patch-apply', body}
  } else if (errors.length > 0) {
    testCase.failure = {
      message: `${plural(errors.length, 'error')} introduced`,
      type: 'introduced',
      body
    }
  }
  const output: string[] = []
  if (patchResult.checkedWith !== undefined) {
    output.push(
      `Not checked on its own (limits.maxSeriesDocuments): checked with [PATCH ${patchResult.checkedWith}/${patch.total}]`
    )
  }
  if (patchResult.checkedFrom !== undefined) {
    output.push(`Patches ${patchResult.checkedFrom} to ${patch.index} were checked together`)
  }
  const notFailing = patchResult.introduced.filter((finding) => finding.severity !== 'error')
  if (testCase.failure === undefined && notFailing.length > 0) {
    output.push('Introduced:', ...notFailing.map((finding) => findingLine(result, finding)))
  }
  if (patchResult.fixed.length > 0) {
    output.push('Fixed:', ...patchResult.fixed.map((finding) => findingLine(result, finding)))
  }
  if (patchResult.existing.length > 0) {
    output.push('Existing:', ...patchResult.existing.map((finding) => findingLine(result, finding)))
  }
  if (output.length > 0) testCase.output = output.join('\n')
  return testCase
}

function renderCase(testCase: TestCase, time: string): string {
  const open = `    <testcase${attributes([
    ['name', testCase.name],
    ['classname', testCase.classname],
    ['file', testCase.file],
    ['time', time]
  ])}`
  const children: string[] = []
  if (testCase.failure !== undefined) {
    const {message, type, body} = testCase.failure
    children.push(
      `      <failure${attributes([
        ['message', message],
        ['type', type]
      ])}>${escapeXmlText(body)}</failure>`
    )
  }
  if (testCase.skipped !== undefined) {
    children.push(`      <skipped${attributes([['message', testCase.skipped]])}/>`)
  }
  if (testCase.output !== undefined) {
    children.push(`      <system-out>${escapeXmlText(testCase.output)}</system-out>`)
  }
  return children.length === 0 ? `${open}/>` : `${open}>\n${children.join('\n')}\n    </testcase>`
}

/** JUnit XML: per patch in patch modes (failing when it did not apply or introduced errors), per file otherwise. */
export const junitReporter: Reporter = (result) => {
  const cases =
    result.mode === 'patch' && result.patches !== undefined
      ? result.patches.map((patchResult) => patchCase(result, patchResult))
      : fileCases(result)
  const failures = cases.filter((testCase) => testCase.failure !== undefined).length
  const skipped = cases.filter((testCase) => testCase.skipped !== undefined).length
  const seconds = (Math.max(0, result.elapsedMs) / 1000).toFixed(3)
  const counts: [string, string | number][] = [
    ['tests', cases.length],
    ['failures', failures],
    ['errors', 0],
    ['skipped', skipped],
    ['time', seconds]
  ]
  const suiteName = result.mode === 'patch' ? 'doclint patches' : 'doclint'
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes([['name', 'doclint'], ...counts])}>`,
    `  <testsuite${attributes([['name', suiteName], ...counts])}>`,
    ...cases.map((testCase) => renderCase(testCase, '0')),
    '  </testsuite>',
    '</testsuites>',
    ''
  ].join('\n')
}
