/**
 * A label, then a directive, then a section title (sphinx-semantics.md, "Labels before a title,
 * with a directive between them"): which directives the label passes, compared with the real
 * Sphinx 5.3 and, when the virtualenv .ci/run makes (or DOCLINT_SPHINX9_PYTHON) has it, Sphinx 9.0.4. `program` and
 * `meta` make no node: the label reaches the title (titled, and a duplicate elsewhere is
 * reported). `highlight`, `only`, `ifconfig`, `tabularcolumns`, `raw` and comments stop it.
 * `index` and `module` stop it in 5.3; Sphinx 7.1+ moves index nodes out of the way.
 */
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {DiskTree} from '../../src/tree/disk.js'
import {graphOf, runRules} from './lint-helper.js'
import {oracleRuleKeys, oracleVersions, sphinx5Missing} from './oracle.js'

const DIR = path.resolve(import.meta.dirname, 'fixtures/label-directive')
const RULES = new Set(['ref-undefined', 'ref-untitled', 'label-duplicate'])

function oracleKeys(python?: string): Promise<string[]> {
  return oracleRuleKeys(DIR, RULES, python)
}

const oracles: [string, '5.3' | '8', string | undefined][] = oracleVersions()
const missing = sphinx5Missing()
if (missing !== undefined)
  it.skip(`labels before a directive and a title, against Sphinx 5.3 (skipped: ${missing})`, () => {})

describe.each(oracles)(
  'labels before a directive and a title, against %s',
  (_name, version, python) => {
    it('the same ref-untitled, ref-undefined and label-duplicate findings', async () => {
      const graph = await graphOf(new DiskTree(DIR), {version})
      const ours = runRules(graph)
        .filter((d) => RULES.has(d.ruleId))
        .map((d) => `${d.ruleId}|${d.file}|${d.target ?? ''}`)
        .sort()
      const theirs = await oracleKeys(python)
      expect(ours).toEqual(theirs)
      // the claims of the issue, each checked against the oracle above
      expect(ours).toContain('label-duplicate|b.rst|l-program')
      expect(ours).toContain('label-duplicate|b.rst|l-meta')
      expect(ours).not.toContain('ref-untitled|index.rst|l-program')
      expect(ours).toContain('ref-untitled|index.rst|l-only')
    }, 60_000)
  }
)
