/**
 * Cost in proportion to size, by operation counts (never clocks): conf.py's reader on the shapes
 * that once cost more than their size, at generated sizes and their doubles. `npm run fuzz` runs
 * the same property at larger sizes; `npm run bench` times the largest input of every kind.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {CONF_PY_LIMITS, readConfPy} from '../../src/project/confpy.js'
// @ts-expect-error -- plain JavaScript module shared with scripts/fuzz.js, no declarations
import {CONFPY_SHAPES, makeCostProperties} from './properties.js'

describe('conf.py: work and statements per byte are bounded', () => {
  it('on every hostile shape, at sizes up to 100 repeats and their doubles', () => {
    const {confpyCost} = makeCostProperties({readConfPy, confpyLimits: CONF_PY_LIMITS}, 100) as {
      confpyCost: fc.IProperty<unknown>
    }
    fc.assert(confpyCost, {seed: 20261124, numRuns: 8})
  })

  it('real files are far below the budget (OVS-sized conf.py: under 0.1 operation a byte)', () => {
    const text = [
      'import os, sys',
      "project = 'x'",
      "extensions = ['sphinx.ext.todo', 'ovs_sphinx']",
      "exclude_patterns = ['_build', 'Thumbs.db']",
      "man_pages = [('ref/ovs-vsctl.8', 'ovs-vsctl', 'tool', [], 8), ('ref/ovsdb.7', 'ovsdb', 'db', [], 7)]",
      "if sys.version_info >= (3, 8):\n    html_theme = 'alabaster'",
      ''
    ].join('\n')
    const {cost} = readConfPy(text)
    expect(cost.work / text.length).toBeLessThan(1)
    expect(cost.steps).toBeLessThan(20)
  })

  it('every shape is a real program the reader reads (no parse error at size 3)', () => {
    for (const make of Object.values(CONFPY_SHAPES) as ((n: number) => string)[]) {
      const result = readConfPy(make(3))
      expect(result.unresolved.filter((item) => /syntax|parse/i.test(item.reason))).toEqual([])
    }
  })
})
