import {describe, expect, it} from 'vitest'
import {defaultConfig} from '../../src/config/load.js'
import {buildGraph} from '../../src/graph/build.js'
import {FactsCache} from '../../src/graph/facts-cache.js'
import {loadProject} from '../../src/project/load.js'
import {MemoryTree} from '../../src/tree/memory.js'

function config(tags?: string[]) {
  const result = defaultConfig()
  if (tags !== undefined) result.sphinx = {...result.sphinx, tags}
  return result
}

const CONF = `KNOWN_TAGS = {'core', 'ansible'}
assert sum(int(tags.has(tag)) for tag in KNOWN_TAGS) == 1
exclude_patterns = ['_build']
exclude_patterns += ['community/*'] if tags.has('core') else ['porting/core_*']
tags.add('internal')
`

describe('loadProject with sphinx.tags', () => {
  it('evaluates conf.py against the configured tags', async () => {
    const tree = new MemoryTree({'conf.py': CONF})
    const core = await loadProject(tree, '', config(['core']))
    expect(core.excludePatterns).toEqual(['_build', 'community/*'])
    expect(core.unresolved).toEqual([])
    expect(core.tags).toEqual(['core', 'internal'])
    const ansible = await loadProject(tree, '', config(['ansible']))
    expect(ansible.excludePatterns).toEqual(['_build', 'porting/core_*'])
  })

  it('keeps tag-driven settings unresolved when sphinx.tags is not set', async () => {
    const project = await loadProject(new MemoryTree({'conf.py': CONF}), '', config())
    expect(project.excludePatterns).toEqual([])
    expect(project.unresolved.map((item) => [item.name, item.line])).toEqual([
      ['exclude_patterns', 4]
    ])
    expect(project.tags).toBeUndefined()
  })

  it('lets an excludePatterns override win over the evaluated value', async () => {
    const settings = config(['core'])
    settings.sphinx.excludePatterns = ['x']
    const project = await loadProject(new MemoryTree({'conf.py': CONF}), '', settings)
    expect(project.excludePatterns).toEqual(['x'])
  })

  it('passes the tags through when there is no conf.py', async () => {
    const project = await loadProject(new MemoryTree({'index.rst': 'x\n'}), '', config(['a']))
    expect(project.tags).toEqual(['a'])
  })
})

const INDEX = `Index
=====

.. only:: core

   .. toctree::

      certain

.. only:: not core

   .. toctree::

      never

.. only:: html

   .. toctree::

      builder

.. only:: core

   .. only:: latex

      .. toctree::

         nested
`

async function toctrees(tags?: string[]) {
  const tree = new MemoryTree({
    'conf.py': "tags.add('internal')\n",
    'index.rst': INDEX,
    'certain.rst': 'text\n',
    'never.rst': 'text\n',
    'builder.rst': 'text\n',
    'nested.rst': 'text\n'
  })
  const settings = config(tags)
  const project = await loadProject(tree, '', settings)
  const graph = await buildGraph({tree, project, config: settings, cache: new FactsCache()})
  return (graph.documents.get('index')?.toctrees ?? []).map((toctree) => ({
    entry: toctree.includes[0],
    inOnly: toctree.toctree.inOnly,
    onlyKept: toctree.onlyKept
  }))
}

describe('`.. only::` around toctrees with sphinx.tags', () => {
  it('unwraps only the blocks that hold whatever the builder adds', async () => {
    expect(await toctrees(['core'])).toEqual([
      {entry: 'certain', inOnly: undefined, onlyKept: 'core'},
      {entry: 'never', inOnly: 'not core', onlyKept: undefined},
      {entry: 'builder', inOnly: 'html', onlyKept: undefined},
      {entry: 'nested', inOnly: '(core) and (latex)', onlyKept: undefined}
    ])
  })

  it('sees tags conf.py adds', async () => {
    const [first] = await toctrees(['internal-not-this'])
    expect(first).toEqual({entry: 'certain', inOnly: 'core', onlyKept: undefined})
    const tree = new MemoryTree({
      'conf.py': "tags.add('core')\n",
      'index.rst': INDEX,
      'certain.rst': 'text\n'
    })
    const settings = config([])
    const project = await loadProject(tree, '', settings)
    const graph = await buildGraph({tree, project, config: settings, cache: new FactsCache()})
    expect(graph.documents.get('index')?.toctrees[0]?.onlyKept).toBe('core')
  })

  it('changes nothing when sphinx.tags is not set', async () => {
    expect(await toctrees()).toEqual([
      {entry: 'certain', inOnly: 'core', onlyKept: undefined},
      {entry: 'never', inOnly: 'not core', onlyKept: undefined},
      {entry: 'builder', inOnly: 'html', onlyKept: undefined},
      {entry: 'nested', inOnly: '(core) and (latex)', onlyKept: undefined}
    ])
  })
})
