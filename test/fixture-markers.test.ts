/** The hand-written expectation markers of fixture cases (test/fixture-runner.ts). */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import type {Diagnostic} from '../src/diagnostic.js'
import {checkExpectations, readExpectations} from './fixture-runner.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, {recursive: true, force: true})
})

function caseDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-markers-'))
  temps.push(dir)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    writeFileSync(path.join(dir, file), text)
  }
  return dir
}

function finding(ruleId: string, file: string, line: number): Diagnostic {
  const point = {line, column: 1, offset: 0}
  return {
    ruleId,
    messageId: 'm',
    message: 'm',
    severity: 'error',
    file,
    range: {start: point, end: point}
  }
}

const RST = `Index
=====

.. doclint-expect-next-line toctree-missing toctree-missing

.. toctree::

   a
   b

Text.

.. doclint-expect orphan
`

describe('doclint-expect markers', () => {
  it('reads RST markers: the next element (a directive with its body) and the whole file', () => {
    const dir = caseDir({'index.rst': RST})
    expect(readExpectations(dir)).toEqual([
      {file: 'index.rst', rule: 'toctree-missing', at: 'index.rst:4', from: 6, to: 9},
      {file: 'index.rst', rule: 'toctree-missing', at: 'index.rst:4', from: 6, to: 9},
      {file: 'index.rst', rule: 'orphan', at: 'index.rst:13'}
    ])
  })

  it('reads MyST markers, a fence up to its close, and the expect file', () => {
    const dir = caseDir({
      'page.md':
        '# Page\n\n<!-- doclint-expect-next-line toctree-missing -->\n```{toctree}\na\n\nb\n```\n\n% doclint-expect-next-line doc-unknown\n{doc}`x`\n',
      expect:
        '# manifests\nDocumentation/automake.mk:12 manifest-missing\nconf.py root-doc-missing\n'
    })
    expect(readExpectations(dir)).toEqual([
      {
        file: 'Documentation/automake.mk',
        rule: 'manifest-missing',
        at: 'expect:2',
        from: 12,
        to: 12
      },
      {file: 'conf.py', rule: 'root-doc-missing', at: 'expect:3'},
      {file: 'page.md', rule: 'toctree-missing', at: 'page.md:3', from: 4, to: 8},
      {file: 'page.md', rule: 'doc-unknown', at: 'page.md:10', from: 11, to: 11}
    ])
  })

  it('agrees when every marker meets a finding of its own and every finding a marker', () => {
    const expectations = readExpectations(caseDir({'index.rst': RST}))
    const found = [
      finding('toctree-missing', 'index.rst', 8),
      finding('toctree-missing', 'index.rst', 9),
      finding('orphan', 'index.rst', 1)
    ]
    expect(checkExpectations(found, expectations)).toEqual([])
  })

  it('names a marker no finding meets and a finding no marker expects', () => {
    const expectations = readExpectations(caseDir({'index.rst': RST}))
    const found = [
      finding('toctree-missing', 'index.rst', 8),
      // outside the toctree the marker covers
      finding('toctree-missing', 'index.rst', 11),
      finding('orphan', 'index.rst', 1)
    ]
    expect(checkExpectations(found, expectations)).toEqual([
      'index.rst:4: expected toctree-missing in index.rst on lines 6-9',
      'index.rst:11: toctree-missing found, but no marker expects it'
    ])
  })
})
