import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {Ajv} from 'ajv'
import addFormatsModule from 'ajv-formats'
import {describe, expect, it} from 'vitest'
import type {RunResult} from '../../src/engine/types.js'
import {
  FINGERPRINT_NAME,
  createSarifReporter,
  fingerprint,
  sarifReporter
} from '../../src/report/sarif.js'
import {cleanResult, patchResult, treeResult} from './run-results.js'

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/**
 * The official SARIF 2.1.0 (rtm.5) schema as Microsoft's sarif-js-sdk ships it in the
 * `@microsoft/jest-sarif` package (a devDependency). It is a draft-04 schema; its only draft-04
 * keyword is the root `id`, so it is compiled by Ajv 8 once that is renamed `$id`.
 */
function loadSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url)
  let file: string
  try {
    file = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')
  } catch {
    throw new Error(
      'The SARIF 2.1.0 schema is missing: add `@microsoft/jest-sarif` to devDependencies'
    )
  }
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  expect(schema['title']).toMatch(/SARIF\) Version 2\.1\.0/)
  const {$schema: _draft, id, ...rest} = schema
  return {...rest, $id: id}
}

function validator(): (data: unknown) => string[] {
  // The schema's `language` pattern has a stray `]` that is only legal without the `u` flag.
  const ajv = new Ajv({strict: false, allErrors: true, unicodeRegExp: false})
  addFormats(ajv)
  const validate = ajv.compile(loadSchema())
  return (data) => {
    validate(data)
    return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`)
  }
}

interface SarifShape {
  version: string
  runs: {
    tool: {driver: {name: string; version?: string; rules: Record<string, unknown>[]}}
    originalUriBaseIds: Record<string, {uri: string}>
    results: Record<string, unknown>[]
  }[]
}

function render(result: RunResult, version?: string): SarifShape {
  const text = createSarifReporter(version)(result, {color: false})
  expect(text.endsWith('\n')).toBe(true)
  return JSON.parse(text) as SarifShape
}

function run(log: SarifShape): SarifShape['runs'][number] {
  const first = log.runs[0]
  if (first === undefined) throw new Error('no run')
  return first
}

describe('sarif reporter', () => {
  it('produces logs valid against the official SARIF 2.1.0 schema', () => {
    const validate = validator()
    for (const result of [treeResult(), patchResult(), cleanResult()]) {
      expect(validate(render(result, '0.1.0'))).toEqual([])
      expect(validate(render(result))).toEqual([])
    }
    // The validator is not vacuous: a log with a bad level is rejected.
    const broken = render(treeResult())
    const firstResult = run(broken).results[0]
    if (firstResult === undefined) throw new Error('no result')
    firstResult['level'] = 'fatal'
    expect(validate(broken).length).toBeGreaterThan(0)
  })

  it('describes every rule with its docs URL and default level', () => {
    const log = render(treeResult(), '1.2.3')
    const driver = run(log).tool.driver
    expect(log.version).toBe('2.1.0')
    expect(driver.name).toBe('doclint')
    expect(driver.version).toBe('1.2.3')
    expect(driver.rules).toEqual([
      {
        id: 'doc-unknown',
        shortDescription: {text: 'Links must resolve to an existing document'},
        helpUri: 'https://github.com/doclint/doclint/blob/main/rules/doc-unknown.md',
        defaultConfiguration: {level: 'error'},
        properties: {
          recommended: true,
          fixable: false,
          tags: ['documentation'],
          sphinx: 'unknown document: {target}'
        }
      },
      {
        id: 'orphan',
        shortDescription: {text: 'Every document must be in a toctree'},
        helpUri: 'https://github.com/doclint/doclint/blob/main/rules/orphan.md',
        defaultConfiguration: {level: 'warning'},
        properties: {recommended: true, fixable: false, tags: ['documentation']}
      },
      {
        id: 'manifest-unlisted',
        shortDescription: {text: 'Documents must be listed in the build manifest'},
        helpUri: 'https://github.com/doclint/doclint/blob/main/rules/manifest-unlisted.md',
        defaultConfiguration: {level: 'error'},
        properties: {recommended: true, fixable: true, tags: ['documentation']}
      }
    ])
  })

  it('locates results relative to %SRCROOT% (the cwd) with exact regions', () => {
    const r = run(render(treeResult()))
    expect(r.originalUriBaseIds).toEqual({'%SRCROOT%': {uri: 'file:///repo/'}})
    const [dangling, orphan, info] = r.results
    expect(dangling).toMatchObject({
      ruleId: 'doc-unknown',
      ruleIndex: 0,
      level: 'error',
      message: {text: 'Cannot find document `instal`; did you mean `install`?'},
      locations: [
        {
          physicalLocation: {
            artifactLocation: {uri: 'docs/index.rst', uriBaseId: '%SRCROOT%'},
            region: {startLine: 7, startColumn: 5, endLine: 7, endColumn: 18}
          }
        }
      ],
      properties: {target: 'instal', resolved: 'instal', suggestions: ['install']}
    })
    expect(orphan).toMatchObject({
      ruleIndex: 1,
      level: 'warning',
      relatedLocations: [
        {
          id: 0,
          message: {text: 'root toctree is here'},
          physicalLocation: {
            artifactLocation: {uri: 'docs/index.rst', uriBaseId: '%SRCROOT%'},
            region: {startLine: 3, startColumn: 1, endLine: 5, endColumn: 12}
          }
        }
      ]
    })
    // info maps to note; special characters in paths are percent-encoded per segment.
    expect(info).toMatchObject({
      level: 'note',
      locations: [
        {
          physicalLocation: {
            artifactLocation: {uri: 'docs/dir%20with%20space/a%2C%20b%3A%20c.rst'}
          }
        }
      ]
    })
  })

  it('fingerprints findings by their identity key, not their line', () => {
    const before = treeResult()
    const after = treeResult()
    for (const finding of after.diagnostics) {
      finding.range.start.line += 10
      finding.range.end.line += 10
    }
    const prints = (result: RunResult): unknown[] =>
      run(render(result)).results.map((item) => item['partialFingerprints'])
    expect(prints(after)).toEqual(prints(before))
    const first = before.diagnostics[0]
    if (first?.key === undefined) throw new Error('fixture has no key')
    expect(prints(before)[0]).toEqual({
      [FINGERPRINT_NAME]: createHash('sha256').update(first.key).digest('hex')
    })
    expect(new Set(prints(before).map((p) => JSON.stringify(p))).size).toBe(3)
    expect(fingerprint(first)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('marks patch-mode results with patch, status and baseline state', () => {
    const r = run(render(patchResult()))
    expect(r.results.map((item) => [item['ruleId'], item['level'], item['baselineState']])).toEqual(
      [
        ['doc-unknown', 'none', 'absent'],
        ['doc-unknown', 'error', 'new'],
        ['orphan', 'warning', 'new'],
        ['patch-apply', 'error', 'new']
      ]
    )
    expect(r.results[0]).toMatchObject({kind: 'pass'})
    expect(r.results[1]).toMatchObject({
      properties: {
        status: 'introduced',
        patch: {
          index: 2,
          total: 3,
          subject: 'Documentation: Remove Windows docs.',
          id: 'bbb222',
          patchworkId: 102
        }
      },
      relatedLocations: [{message: {text: 'removed from DOC_SOURCE here'}}]
    })
    // A rule without metadata (the engine's patch-apply) still gets a descriptor to point at.
    const rules = r.tool.driver.rules
    expect(rules[r.results[3]?.['ruleIndex'] as number]).toMatchObject({id: 'patch-apply'})
  })

  it('uses absolute file URIs for files outside the cwd, and emits fixes', () => {
    const result = treeResult()
    result.cwd = '/elsewhere'
    const first = result.diagnostics[0]
    if (first === undefined) throw new Error('no finding')
    first.fix = {
      applicability: 'safe',
      description: 'Replace with `install`',
      edits: [{file: 'index.rst', start: 100, end: 106, text: 'install'}]
    }
    const log = render(result)
    expect(validator()(log)).toEqual([])
    expect(run(log).results[0]).toMatchObject({
      locations: [{physicalLocation: {artifactLocation: {uri: 'file:///repo/docs/index.rst'}}}],
      fixes: [
        {
          description: {text: 'Replace with `install`'},
          artifactChanges: [
            {
              artifactLocation: {uri: 'file:///repo/docs/index.rst'},
              replacements: [
                {
                  deletedRegion: {charOffset: 100, charLength: 6},
                  insertedContent: {text: 'install'}
                }
              ]
            }
          ]
        }
      ]
    })
  })

  it('is pure: the same result renders the same text', () => {
    const result = patchResult()
    expect(sarifReporter(result, {color: false})).toBe(sarifReporter(result, {color: true}))
  })
})
