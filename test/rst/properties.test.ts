/**
 * Property tests: random and mutated RST never throws, positions are in bounds and nested, and
 * node offsets slice back to the node's own source text.
 */
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import type {Node} from 'unist'
import {parse} from '../../src/rst/index.js'
import type {Root} from '../../src/rst/index.js'

const fixtureDir = join(import.meta.dirname, '..', '..', 'fixtures', 'rst')
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.rst'))
  .sort()
  .map((f) => readFileSync(join(fixtureDir, f), 'utf8'))

const pieces = [
  ' ',
  '  ',
  '   ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  'word',
  'Text',
  '*',
  '**',
  '`',
  '``',
  '_',
  '__',
  ':',
  '::',
  '|',
  '[',
  ']',
  '<',
  '>',
  '(',
  ')',
  '\\',
  '-',
  '=',
  '+',
  '#',
  '.',
  '..',
  '.. ',
  '- ',
  '1. ',
  '#. ',
  '(a) ',
  ':doc:',
  ':ref:`',
  '`x`',
  ':field: ',
  '>>> ',
  '| ',
  '+---+',
  '| a |',
  '===',
  '----',
  '.. note::',
  '.. code-block:: c',
  '.. _t:',
  '.. |s| replace:: x',
  '.. [1] ',
  '__ ',
  'http://x.org/',
  '\u00ab',
  '\u2014',
  '\uFEFF',
  'é',
  '\u3000'
]
const rstish = fc.array(fc.constantFrom(...pieces), {maxLength: 80}).map((a) => a.join(''))

/** Mutate a fixture: delete, duplicate or insert at random places. */
const mutated = fc
  .tuple(
    fc.integer({min: 0, max: fixtures.length - 1}),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({max: 40}),
        fc.constantFrom(...pieces),
        fc.integer({min: 0, max: 2})
      ),
      {
        maxLength: 8
      }
    )
  )
  .map(([k, edits]) => {
    let s = fixtures[k] ?? ''
    for (const [at, len, piece, op] of edits) {
      const i = s.length === 0 ? 0 : at % s.length
      if (op === 0) s = s.slice(0, i) + s.slice(i + len)
      else if (op === 1) s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i)
      else s = s.slice(0, i) + piece + s.slice(i)
    }
    return s
  })

function unescapeText(s: string): string {
  return s.replace(/\\([\s\S]|$)/g, (_m, c: string) => (/\s/.test(c) ? '' : c))
}
/** Runs can be raised locally (RST_PROPERTY_SCALE=10) to hunt for bugs; CI uses the fixed default. */
const scale = Number(process.env['RST_PROPERTY_SCALE'] ?? 1)
const squash = (s: string) => s.replace(/\s+/g, '')

/** Checks every structural and slicing invariant; returns a description of the first failure. */
function check(text: string, root: Root): string | undefined {
  const off = (n: Node, which: 'start' | 'end') => n.position?.[which].offset ?? -1
  // inside table cells a multi-line slice also spans the neighbouring cells' text
  const stack: {node: Node; cell: boolean}[] = [{node: root, cell: false}]
  while (stack.length > 0) {
    const {node, cell} = stack.pop()!
    const s = off(node, 'start')
    const e = off(node, 'end')
    if (!(s >= 0 && s <= e && e <= text.length)) return `${node.type} out of bounds ${s}-${e}`
    const p = node.position!
    if (p.start.line < 1 || p.start.column < 1 || p.end.line < p.start.line)
      return `${node.type} bad line/col`
    const slice = text.slice(s, e)
    const n = node as Node & {value?: string; name?: string; children?: Node[]}
    if (n.type === 'role') {
      if (!(slice.startsWith(':') || slice.startsWith('`')))
        return `role slice ${JSON.stringify(slice)}`
      if (!cell && !squash(slice).includes(squash(n.value ?? '')))
        return `role value ${JSON.stringify(slice)}`
    }
    if (n.type === 'inlineLiteral') {
      if (!slice.startsWith('``') || !slice.endsWith('``'))
        return `literal slice ${JSON.stringify(slice)}`
      if (squash(slice.slice(2, -2)) !== squash(n.value ?? ''))
        return `literal value ${JSON.stringify(slice)}`
    }
    if (n.type === 'text' && !cell && squash(unescapeText(slice)) !== squash(n.value ?? '')) {
      return `text ${JSON.stringify(slice)} vs ${JSON.stringify(n.value)}`
    }
    if (n.type === 'directive' && !slice.startsWith('..'))
      return `directive slice ${JSON.stringify(slice)}`
    const kids = n.children ?? []
    for (let k = 0; k < kids.length; k++) {
      const c = kids[k]!
      if (off(c, 'start') < s || off(c, 'end') > e) return `${c.type} not within ${n.type}`
      const next = kids[k + 1]
      if (next && off(next, 'start') < off(c, 'start')) return `${next.type} before ${c.type}`
      // rows and cells may overlap (row spans), everything else is disjoint
      if (
        next &&
        n.type !== 'table' &&
        n.type !== 'tableRow' &&
        off(next, 'start') < off(c, 'end')
      ) {
        return `${next.type} overlaps ${c.type} in ${n.type}`
      }
      stack.push({node: c, cell: cell || n.type === 'tableCell'})
    }
    for (const a of (n as {argumentChildren?: Node[]}).argumentChildren ?? [])
      stack.push({node: a, cell})
  }
  for (const pr of root.problems) {
    const ps = pr.position?.start.offset ?? 0
    const pe = pr.position?.end.offset ?? 0
    if (!(ps >= 0 && ps <= pe && pe <= text.length && pr.line >= 1))
      return `problem out of bounds: ${pr.message}`
  }
  return undefined
}

describe('parser properties', () => {
  it('fixtures satisfy the invariants', () => {
    for (const text of fixtures) expect(check(text, parse(text))).toBeUndefined()
  })

  it('random RST-like input never throws and keeps the invariants', () => {
    fc.assert(
      fc.property(rstish, (text) => {
        expect(check(text, parse(text))).toBeUndefined()
      }),
      {seed: 20261124, numRuns: 1500 * scale}
    )
  })

  it('mutated fixtures never throw and keep the invariants', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        expect(check(text, parse(text))).toBeUndefined()
      }),
      {seed: 4242, numRuns: 400 * scale}
    )
  })

  it('arbitrary unicode strings never throw', () => {
    fc.assert(
      fc.property(fc.string({unit: 'binary', maxLength: 200}), (text) => {
        expect(check(text, parse(text))).toBeUndefined()
      }),
      {seed: 7, numRuns: 1000 * scale}
    )
  })
})
