import {describe, expect, it} from 'vitest'
import {jsonReporter} from '../../src/report/json.js'
import {stylishReporter} from '../../src/report/stylish.js'
import {patchResult, treeResult} from './run-results.js'

describe('stylish reporter', () => {
  it('prints compiler-style lines grouped by file, relative to cwd, and a summary', () => {
    const text = stylishReporter(treeResult(), {color: false})
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toMatch(
      /^docs\/index\.rst:7:5 {2}error {4}Cannot find document `instal`; did you mean `install`\? {2}doc-unknown$/
    )
    // Files are separated by a blank line; the summary comes last.
    expect(lines).toContain('')
    expect(lines.at(-1)).toMatch(
      /^✖ \d+ documents? checked, \d+ problems? \(\d+ errors?, \d+ warnings?(, \d+ infos?)?\), \d+ ms$/
    )
  })

  it('prints related locations indented under their finding', () => {
    const text = stylishReporter(treeResult(), {color: false})
    const withRelated = treeResult().diagnostics.find((finding) => finding.related?.length)
    expect(withRelated).toBeDefined()
    expect(text).toContain(`    docs/${withRelated?.related?.[0]?.file}:`)
  })

  it('groups patch runs by patch and says clean or what each introduced', () => {
    const result = patchResult()
    const text = stylishReporter(result, {color: false})
    for (const patch of result.patches ?? []) {
      const header = `[${patch.patch.index}/${patch.patch.total}] ${patch.patch.subject}`
      expect(text).toContain(header)
      const line = text.split('\n').find((candidate) => candidate.startsWith(header)) ?? ''
      if (!patch.applied) expect(line).toContain('does not apply')
      else if (patch.introduced.length === 0) expect(line).toContain('clean')
      else expect(line).toContain('new problem')
    }
  })

  it('colours only when asked', () => {
    expect(stylishReporter(treeResult(), {color: false})).not.toContain('\u001b[')
  })
})

describe('json reporter', () => {
  it('follows the docs/architecture.md contract', () => {
    const result = treeResult()
    const json = JSON.parse(jsonReporter(result, {color: false})) as {
      version: number
      diagnostics: Record<string, unknown>[]
      summary: Record<string, number>
    }
    expect(json.version).toBe(1)
    expect(json.diagnostics).toHaveLength(result.diagnostics.length)
    const first = json.diagnostics[0] ?? {}
    expect(Object.keys(first).sort()).toEqual(
      [
        'column',
        'endColumn',
        'endLine',
        'file',
        'line',
        'message',
        'resolved',
        'rule',
        'severity',
        'target'
      ].sort()
    )
    expect(first.file).toBe('docs/index.rst')
    expect(first).toMatchObject({
      rule: 'doc-unknown',
      line: 7,
      column: 5,
      endLine: 7,
      endColumn: 18
    })
    expect(json.summary.errors).toBeGreaterThan(0)
  })

  it('adds patch and status in patch modes', () => {
    const json = JSON.parse(jsonReporter(patchResult(), {color: false})) as {
      diagnostics: {patch?: {index: number; subject: string}; status?: string}[]
      summary: {patches: {status: string}[]}
    }
    expect(json.diagnostics.length).toBeGreaterThan(0)
    for (const diagnostic of json.diagnostics) {
      expect(diagnostic.patch?.index).toBeGreaterThan(0)
      expect(['introduced', 'fixed', 'existing']).toContain(diagnostic.status)
    }
    expect(json.summary.patches.length).toBeGreaterThan(0)
  })
})
