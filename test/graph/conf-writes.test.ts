import {describe, expect, it} from 'vitest'
import {confWrittenStrings} from '../../src/project/confpy-writes.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {graphOf} from './lint-helper.js'

describe('files conf.py writes when Sphinx runs it', () => {
  it('lists the string literals of a conf.py that writes files', () => {
    const text = `import os
NAME = 'Feature table'
def setup(app):
    with open(os.path.dirname(__file__) + r'/nics/table.txt', mode='w') as f:
        f.write('.. _' + NAME + ':\\n')
`
    expect(confWrittenStrings(text)).toEqual([
      'Feature table',
      '/nics/table.txt',
      'w',
      '.. _',
      ':\n'
    ])
    expect(
      confWrittenStrings("from pathlib import Path\nPath('gen.txt').write_text('x')\n")
    ).toEqual(['gen.txt', 'x'])
  })

  it('lists nothing when conf.py only reads files or copies dicts', () => {
    expect(confWrittenStrings("data = open('../VERSION').read()\n")).toEqual([])
    expect(confWrittenStrings("d = {'a': 'w'}.copy()\nx = open('f', 'r')\n")).toEqual([])
    expect(confWrittenStrings("print('w')\nopen('a.txt',\n")).toEqual([])
  })

  it('takes a missing include or image that conf.py names and writes to be generated', async () => {
    const tree = new MemoryTree({
      'conf.py': `import os
def setup(app):
    open(os.path.join(os.path.dirname(__file__), 'gen', 'part.txt'), 'w').write('x')
    open(os.path.dirname(__file__) + '/gen/pic.png', 'wb').close()
`,
      'index.rst': `Index
=====

.. include:: gen/part.txt

.. include:: gen/other.txt

.. image:: gen/pic.png
`
    })
    const graph = await graphOf(tree)
    const document = graph.documents.get('index')
    expect(document?.includes.map((ref) => [ref.srcPath, ref.status, ref.skipReason])).toEqual([
      ['gen/part.txt', 'skipped', 'generated'],
      ['gen/other.txt', 'missing', undefined]
    ])
    expect(document?.images.map((ref) => [ref.srcPath, ref.status])).toEqual([
      ['gen/pic.png', 'skipped']
    ])
    expect(graph.confLabels?.has('gen')).toBe(true)
  })
})
