/**
 * Facts that only moved (prose added or removed before some markup) are told apart from facts
 * that changed, on facts the real front end makes; and a stored check is carried over them only
 * when nothing it found is where they moved.
 */
import {describe, expect, it} from 'vitest'
import {reachesShift, shiftedFrom} from '../../src/cache/facts-shift.js'
import {extractRstFacts} from '../../src/facts/rst.js'
import {parse} from '../../src/rst/parse.js'

const facts = (text: string) => extractRstFacts(parse(text), text)

const DOC = [
  'Title',
  '=====',
  '',
  'See :doc:`first` here.',
  '',
  'Some prose.',
  '',
  '.. _label:',
  '',
  'Section',
  '-------',
  '',
  'See :ref:`label` and :doc:`second`.',
  ''
].join('\n')

/** The text of DOC with `lines` put before line `at` (1-based). */
function insert(at: number, lines: string[]): string {
  const all = DOC.split('\n')
  all.splice(at - 1, 0, ...lines)
  return all.join('\n')
}

describe('shiftedFrom', () => {
  it('finds where the positions start to move, in the earlier numbering', () => {
    // two lines of prose before the label: the label, the section and the last links move
    const start = shiftedFrom(facts(DOC), facts(insert(7, ['More prose.', ''])))
    expect(start).toEqual({line: 8, offset: DOC.indexOf('.. _label:')})
    // prose removed moves them the other way
    const removed = DOC.replace('Some prose.\n\n', '')
    expect(shiftedFrom(facts(DOC), facts(removed))?.line).toBe(8)
    // before everything: every position moves
    expect(shiftedFrom(facts(DOC), facts(`Intro.\n\n${DOC}`))?.line).toBe(1)
  })

  it('says nothing of facts that did not move or that changed', () => {
    expect(shiftedFrom(facts(DOC), facts(DOC))).toBeUndefined()
    // a link renamed, a column moved (text before a link on its own line), a link added
    expect(shiftedFrom(facts(DOC), facts(DOC.replace('`second`', '`third`')))).toBeUndefined()
    expect(shiftedFrom(facts(DOC), facts(DOC.replace('See :ref:', 'So, see :ref:')))).toBe(
      undefined
    )
    expect(shiftedFrom(facts(DOC), facts(insert(7, ['See :doc:`new`.', ''])))).toBeUndefined()
    // two places moved by different amounts
    const twice = insert(7, ['More.', '']).replace('Title\n=====\n', 'Title\n=====\n\nIntro.\n')
    expect(shiftedFrom(facts(DOC), facts(twice))).toBeUndefined()
  })
})

describe('reachesShift', () => {
  const point = (line: number, offset: number) => ({line, column: 1, offset})
  const finding = (file: string, line: number, offset: number) => ({
    file,
    range: {start: point(line, offset), end: point(line, offset + 5)}
  })
  const start = {line: 8, offset: 100}

  it('is true for a finding, a related place or a fix in the file at or after the start', () => {
    const notes: {path: string; message: string}[] = []
    expect(reachesShift({diagnostics: [finding('a.rst', 4, 40)], notes}, 'a.rst', start)).toBe(
      false
    )
    expect(reachesShift({diagnostics: [finding('a.rst', 9, 120)], notes}, 'a.rst', start)).toBe(
      true
    )
    expect(reachesShift({diagnostics: [finding('b.rst', 9, 120)], notes}, 'a.rst', start)).toBe(
      false
    )
    const related = {
      ...finding('b.rst', 2, 10),
      related: [{...finding('a.rst', 12, 150), message: ''}]
    }
    expect(reachesShift({diagnostics: [related], notes}, 'a.rst', start)).toBe(true)
    const fixed = {
      ...finding('b.rst', 2, 10),
      fix: {edits: [{file: 'a.rst', start: 1, end: 2, text: ''}]}
    }
    expect(reachesShift({diagnostics: [fixed], notes}, 'a.rst', start)).toBe(true)
    // a note naming the file may name a place in it
    expect(
      reachesShift({diagnostics: [], notes: [{path: 'x', message: 'at a.rst:9'}]}, 'a.rst', start)
    ).toBe(true)
  })
})
