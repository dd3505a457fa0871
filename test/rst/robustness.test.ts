/**
 * Pathological input: deep nesting must not touch the call stack, long runs of markup characters
 * must not go quadratic (a quadratic parser would not finish these within the test timeout).
 */
import {describe, expect, it} from 'vitest'
import {parse} from '../../src/rst/index.js'
import type {Root} from '../../src/rst/index.js'

function depth(root: Root): number {
  let max = 0
  const stack: [unknown, number][] = [[root, 0]]
  while (stack.length > 0) {
    const [node, d] = stack.pop()!
    max = Math.max(max, d)
    for (const c of (node as {children?: unknown[]}).children ?? []) stack.push([c, d + 1])
  }
  return max
}

describe('deep nesting', () => {
  it('parses 10,000 nested bullet lists', () => {
    const root = parse('- '.repeat(10_000) + 'item\n')
    expect(depth(root)).toBeGreaterThanOrEqual(20_000)
  })

  it('parses 10,000 nested enumerated lists and directives', () => {
    expect(depth(parse('1. '.repeat(10_000) + 'x\n'))).toBeGreaterThanOrEqual(20_000)
    expect(depth(parse('.. note:: '.repeat(10_000) + 'x\n'))).toBeGreaterThanOrEqual(10_000)
  })

  it('parses 3,000 nested block quotes (depth N needs N columns of indentation)', () => {
    let text = ''
    for (let i = 0; i < 3000; i++) text += ' '.repeat(i) + 'quote\n\n'
    // (past the default budget of lines read again: that limit is limits.test.ts' business)
    expect(depth(parse(text, {maxBlockElements: Infinity}))).toBeGreaterThanOrEqual(3000)
  })
})

describe('long runs stay linear', () => {
  it.each(['`', ':', '*', '_', '|', '[', '\\', '<', '=', '-', '.', '+'])('100k of %j', (ch) => {
    const root = parse(ch.repeat(100_000))
    expect(root.type).toBe('root')
  })

  it.each([
    ['unclosed roles', ':a:`b '.repeat(30_000)],
    ['unclosed emphasis', '*a '.repeat(50_000)],
    ['reference-like words', 'a_b'.repeat(50_000) + ' ' + 'a.'.repeat(50_000)],
    ['phrase refs', '`a <'.repeat(30_000) + '`_'],
    ['many lines', 'a\n'.repeat(100_000)],
    ['many bullets', '- a\n'.repeat(50_000)],
    ['many directives', '.. a::\n'.repeat(30_000)],
    [
      'wide grid table',
      '+' +
        '-+'.repeat(200) +
        '\n' +
        ('|' + ' |'.repeat(200) + '\n+' + '-+'.repeat(200) + '\n').repeat(50)
    ]
  ])('%s', (_name, text) => {
    const root = parse(text)
    expect(root.position.end.offset).toBe(text.length)
  })

  it('reports problems instead of throwing on odd input', () => {
    const root = parse(':doc:`x\n\n*y\n\n+--+\n| a\n')
    expect(root.problems.length).toBeGreaterThan(0)
  })
})
