import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {escapeData, escapeProperty, githubReporter} from '../../src/report/github.js'
import {cleanResult, patchResult, treeResult} from './run-results.js'

/** Undo GitHub's escaping (the runner's own decoding), to check nothing is lost. */
function unescape(text: string): string {
  return text.replace(/%(25|0D|0A|3A|2C)/g, (_whole, code: string) =>
    String.fromCharCode(Number.parseInt(code, 16))
  )
}

/** Split a workflow command line into its command, properties and message. */
function parse(line: string): {command: string; properties: Map<string, string>; message: string} {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line)
  if (match === null) throw new Error(`not a workflow command: ${line}`)
  const [, command = '', props = '', message = ''] = match
  const properties = new Map(
    props.split(',').map((pair) => {
      const at = pair.indexOf('=')
      return [pair.slice(0, at), unescape(pair.slice(at + 1))] as [string, string]
    })
  )
  return {command, properties, message: unescape(message)}
}

describe('github reporter', () => {
  it('prints one annotation per finding with its range and level', () => {
    const text = githubReporter(treeResult(), {color: false})
    expect(text).toBe(
      [
        '::error file=docs/index.rst,line=7,endLine=7,col=5,endColumn=18,title=doclint(doc-unknown)::Cannot find document `instal`; did you mean `install`?',
        '::warning file=docs/old.rst,line=1,endLine=1,col=1,endColumn=1,title=doclint(orphan)::Document is not included in any toctree%0Adocs/index.rst:3:1: root toctree is here',
        '::notice file=docs/dir with space/a%2C b%3A c.rst,line=2,endLine=2,col=1,endColumn=4,title=doclint(manifest-unlisted)::Unexpected document `a, b: c.rst` missing from `automake.mk`',
        ''
      ].join('\n')
    )
    const notice = parse(text.split('\n')[2] ?? '')
    expect(notice.properties.get('file')).toBe('docs/dir with space/a, b: c.rst')
  })

  it('escapes %, CR and LF in messages and also , and : in properties', () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b')
    expect(escapeProperty('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext%3A a%2Cb')
    const result = treeResult()
    const first = result.diagnostics[0]
    if (first === undefined) throw new Error('no finding')
    first.message = 'line one\nline two: 100%\r'
    first.file = 'a:b,c%.rst'
    const line = githubReporter(result, {color: false}).split('\n')[0] ?? ''
    // Every command stays on one line and decodes back to what was written.
    const parsed = parse(line)
    expect(parsed.message).toBe('line one\nline two: 100%\r')
    expect(parsed.properties.get('file')).toBe('docs/a:b,c%.rst')
  })

  it('keeps every annotation on one line that decodes to the original, for any text', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 80}), fc.string({maxLength: 40}), (message, name) => {
        const result = treeResult()
        const first = result.diagnostics[0]
        if (first === undefined) throw new Error('no finding')
        first.message = message
        first.file = `x${name}`
        const line = githubReporter(result, {color: false}).split('\n')[0] ?? ''
        expect(line).not.toMatch(/[\r\n]/)
        const parsed = parse(line)
        expect(parsed.message).toBe(message)
        expect(parsed.properties.get('line')).toBe('7')
      })
    )
  })

  it('annotates introduced findings with their patch and skips fixed ones in patch mode', () => {
    const lines = githubReporter(patchResult(), {color: false}).trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    const [dangling, orphan, notApplied] = lines.map(parse)
    expect(dangling?.command).toBe('error')
    expect(dangling?.properties.get('title')).toBe('doclint(doc-unknown) [PATCH 2/3]')
    expect(dangling?.message).toBe(
      'Cannot find document `topics/windows`\nIntroduced by: Documentation: Remove Windows docs.\ndocs/automake.mk:60:2: removed from DOC_SOURCE here'
    )
    expect(orphan?.command).toBe('warning')
    expect(orphan?.properties.get('file')).toBe('docs/topics/new.rst')
    expect(notApplied?.properties.get('title')).toBe('doclint(patch-apply) [PATCH 3/3]')
    expect(notApplied?.message).toContain('Patch does not apply')
  })

  it('labels findings that were already there when --all lists them', () => {
    const result = patchResult()
    const finding = result.diagnostics[2]
    if (finding === undefined) throw new Error('no finding')
    finding.status = 'existing'
    const line = githubReporter(result, {color: false}).split('\n')[1] ?? ''
    const parsed = parse(line)
    expect(parsed.properties.get('title')).toBe('doclint(orphan) [PATCH 2/3] existing')
    expect(parsed.message).toBe('Document is not included in any toctree\nAlready present')
  })

  it('prints nothing for a clean run', () => {
    expect(githubReporter(cleanResult(), {color: false})).toBe('')
  })
})
