import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import type {Range} from '../../src/diagnostic.js'
import type {DocFacts} from '../../src/facts/types.js'
import {extractMarkdownFacts} from '../../src/facts/markdown.js'

/** Every range a DocFacts holds. */
function ranges(facts: DocFacts): Range[] {
  const out: Range[] = []
  if (facts.title) out.push(facts.title.range)
  for (const t of facts.toctrees) out.push(t.range, ...t.entries.map((e) => e.range))
  for (const list of [facts.xrefs, facts.labels, facts.includes, facts.images, facts.terms]) {
    for (const item of list) out.push(item.range)
  }
  for (const p of facts.problems) if (p.range) out.push(p.range)
  return out
}

/** Pieces MyST documents are made of, so random documents hit the interesting paths. */
const piece = fc.constantFrom(
  '# Title\n',
  '## Sub {doc}`x`\n',
  '(label)=\n',
  '% comment\n',
  '```{toctree}\n',
  ':::{note}\n',
  '::::{only} html\n',
  ':::\n',
  '```\n',
  '~~~{glossary}\n',
  ':maxdepth: 2\n',
  '---\n',
  'orphan: true\n',
  '- item {ref}`Lbl`\n',
  '> quote {doc}`T <a>`\n',
  '  indented\n',
  '[x](a.md#b) ![i](p.png)\n',
  '<!-- doclint-disable-next-line orphan -->\n',
  '```{eval-rst}\n',
  '{doc}`multi\nline`\n',
  '\t\r\n',
  '\r',
  'entry <target>\n',
  '\n'
)
const documents = fc.oneof(
  fc.string({unit: 'binary', maxLength: 300}),
  fc
    .array(fc.oneof(piece, fc.string({maxLength: 12})), {maxLength: 40})
    .map((parts) => parts.join(''))
)

describe('extractMarkdownFacts on random input', () => {
  it('never throws and keeps every range inside the text, consistent with its offsets', () => {
    fc.assert(
      fc.property(documents, fc.integer({min: 0, max: 6}), (text, anchors) => {
        const facts = extractMarkdownFacts(text, {headingAnchors: anchors})
        expect(facts.problems.filter((p) => p.level === 4)).toEqual([])
        for (const range of ranges(facts)) {
          for (const point of [range.start, range.end]) {
            expect(point.offset).toBeGreaterThanOrEqual(0)
            expect(point.offset).toBeLessThanOrEqual(text.length)
            const lines = text.slice(0, point.offset).split(/\r\n|\r|\n/)
            // an offset between \r and \n belongs to the line the \r ends
            if (!(text[point.offset - 1] === '\r' && text[point.offset] === '\n')) {
              expect(point.line).toBe(lines.length)
              expect(point.column).toBe((lines[lines.length - 1] ?? '').length + 1)
            }
          }
          expect(range.end.offset).toBeGreaterThanOrEqual(range.start.offset)
        }
      }),
      {numRuns: 1500}
    )
  })
})
