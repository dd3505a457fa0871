/**
 * Extensions against the real Sphinx (5.3, and 9.0.4 when the virtualenv .ci/run makes or DOCLINT_SPHINX9_PYTHON has
 * it): autosectionlabel with `autosectionlabel_prefix_document` and `autosectionlabel_maxdepth`,
 * and intersphinx set up by a project-local extension's `setup()`.
 */
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {modelExtensions} from '../../src/graph/extensions.js'
import {loadProject} from '../../src/project/load.js'
import {DiskTree} from '../../src/tree/disk.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {defaultConfig, graphOf, runRules} from './lint-helper.js'
import {oracleRuleKeys, oracleVersions, sphinx5Missing} from './oracle.js'

const DIR = path.resolve(import.meta.dirname, 'fixtures/extensions')
const RULES = new Set(['ref-undefined', 'ref-untitled', 'label-duplicate', 'term-undefined'])

function oracleKeys(python?: string): Promise<string[]> {
  return oracleRuleKeys(DIR, RULES, python, {PYTHONPATH: path.join(DIR, '_ext')})
}

const oracles: [string, '5.3' | '8', string | undefined][] = oracleVersions()
const missing = sphinx5Missing()
if (missing !== undefined) it.skip(`extensions against Sphinx 5.3 (skipped: ${missing})`, () => {})

describe.each(oracles)('extensions against %s', (_name, version, python) => {
  it('autosectionlabel and intersphinx from an extension: the same findings', async () => {
    const graph = await graphOf(new DiskTree(DIR), {version})
    const ours = runRules(graph)
      .filter((d) => RULES.has(d.ruleId))
      .map((d) => `${d.ruleId}|${d.file}|${d.target ?? ''}`)
      .sort()
    expect(ours).toEqual(await oracleKeys(python))
    expect(ours).toEqual([
      'ref-undefined|index.rst|a:deep',
      'ref-undefined|index.rst|other:nothere',
      'ref-undefined|index.rst|setup steps'
    ])
  }, 60_000)
})

describe('modelExtensions', () => {
  it('says which extensions it models, knows by name, or does not know', async () => {
    const tree = new MemoryTree({
      'docs/conf.py':
        "extensions = ['sphinx.ext.autodoc', 'sphinxcontrib.bibtex', 'myext', 'declared']\n",
      'docs/_ext/myext.py': "def setup(app):\n    app.setup_extension('sphinx.ext.intersphinx')\n",
      'docs/index.rst': ''
    })
    const config = {
      ...defaultConfig(),
      extensions: {declared: {labels: ['Some Label'], terms: ['Gizmo'], intersphinx: true}}
    }
    const project = await loadProject(tree, 'docs', config)
    const model = await modelExtensions(tree, project, config)
    expect(model.enabled).toEqual([
      'sphinx.ext.autodoc',
      'sphinxcontrib.bibtex',
      'myext',
      'declared',
      'sphinx.ext.intersphinx'
    ])
    expect(model.summary).toEqual({
      modelled: ['sphinx.ext.autodoc', 'declared', 'sphinx.ext.intersphinx'],
      known: ['sphinxcontrib.bibtex'],
      unknown: ['myext']
    })
    expect([...model.labels]).toEqual(['some label'])
    expect([...model.terms]).toEqual(['Gizmo'])
  })

  it('takes labels and terms a user declares for an extension', async () => {
    const files = {
      'conf.py': "extensions = ['myext']\n",
      'index.rst': 'Home\n====\n\n:ref:`generated-label`, :term:`Gizmo` and :ref:`nowhere`.\n'
    }
    const graph = await graphOf(new MemoryTree(files), {
      extensions: {myext: {labels: ['generated-label'], terms: ['Gizmo']}}
    })
    expect(runRules(graph).map((d) => `${d.ruleId} ${d.target ?? ''}`)).toEqual([
      'ref-undefined nowhere'
    ])
  })
})
