/**
 * conf.py branches a build never takes (issue 18): `sys.version_info` read as the build's Python 3,
 * a `try` whose imports decide it, and the values a name may have after branches that cannot be
 * decided.
 */
import {describe, expect, it} from 'vitest'
import {readConfPy} from '../../src/project/confpy.js'
import {loadProject} from '../../src/project/load.js'
import {defaultConfig} from '../../src/config/types.js'
import {MemoryTree} from '../../src/tree/memory.js'

function value(text: string, name = 'x', pythonMinor?: number): unknown {
  return readConfPy(text, pythonMinor === undefined ? {} : {pythonMinor}).values.get(name)
}

describe('sys.version_info', () => {
  it.each([
    ['sys.version_info[0] < 3', false],
    ['sys.version_info[0] == 3', true],
    ['sys.version_info.major >= 3', true],
    ['sys.version_info < (3,)', false],
    ['sys.version_info >= (3,)', true],
    ['sys.version_info >= (3, 0)', true],
    ['sys.version_info > (2, 7, 18)', true],
    ['sys.version_info[:2] >= (3, 6)', true],
    ['sys.version_info >= (3, 6)', true],
    ['sys.version_info == (2, 7)', false]
  ])('%s is %s on any Python 3 Sphinx 5.3 runs on', (test, expected) => {
    expect(value(`import sys\nx = ${test}\n`, 'x', 6)).toBe(expected)
  })

  it('is undecided where the minor version matters, unless the Sphinx version rules it out', () => {
    expect(value('import sys\nx = sys.version_info >= (3, 8)\n', 'x', 6)).toBeUndefined()
    expect(value('import sys\nx = sys.version_info >= (3, 8)\n', 'x', 10)).toBe(true)
    expect(value('import sys\nx = sys.version_info >= (3, 13)\n', 'x', 10)).toBeUndefined()
    expect(value('import sys\nx = sys.version_info[1]\n', 'x', 10)).toBeUndefined()
  })

  it('from sys import version_info works as sys.version_info', () => {
    expect(value('from sys import version_info as v\nx = v[0] < 3\n')).toBe(false)
  })
})

describe('try / except ImportError', () => {
  const body = (imports: string): string =>
    `try:\n    ${imports}\n    x = 'body'\nexcept ImportError:\n    x = 'handler'\n`

  it('imports of the standard library and Sphinx exist: the body runs, not the handler', () => {
    const result = readConfPy(body('import os, json\n    from sphinx import version_info'))
    expect(result.values.get('x')).toBe('body')
    expect(result.conditional.has('x')).toBe(false)
  })

  it('a Python 2 module fails on every build: the handler runs after what came before', () => {
    const text =
      "try:\n    y = 1\n    import urllib2\n    x = 'body'\nexcept (ValueError, ImportError):\n    x = 'handler'\n"
    const result = readConfPy(text)
    expect(result.values.get('x')).toBe('handler')
    expect(result.values.get('y')).toBe(1)
    expect(result.conditional.has('x')).toBe(false)
  })

  it('a handler that does not catch ImportError leaves it undecided', () => {
    const text = "try:\n    import urllib2\n    x = 'body'\nexcept ValueError:\n    x = 'handler'\n"
    expect(readConfPy(text).conditional.has('x')).toBe(true)
  })

  it('a third-party module may or may not be there: both values are kept', () => {
    const result = readConfPy(body('import sphinx_rtd_theme'))
    expect(result.conditional.has('x')).toBe(true)
    expect(result.alternatives.get('x')).toEqual([{value: 'body'}, {value: 'handler'}])
  })
})

describe('alternatives after undecidable branches', () => {
  it('an if without else keeps the value from before as one way', () => {
    const text = "import os\nx = ['a']\nif os.environ.get('B'):\n    x = ['b']\n"
    expect(readConfPy(text).alternatives.get('x')).toEqual([{value: ['b']}, {value: ['a']}])
  })

  it('a name assigned only in the branch may be unset', () => {
    const text = "import os\nif os.environ.get('B'):\n    x = 1\n"
    expect(readConfPy(text).alternatives.get('x')).toEqual([{value: 1}, {unset: true}])
  })

  it('a later change of a conditional value makes its ways unknown', () => {
    const text = "import os\nx = ['a']\nif os.environ.get('B'):\n    x = ['b']\nx.append('c')\n"
    expect(readConfPy(text).alternatives.has('x')).toBe(false)
    expect(readConfPy(text).conditional.has('x')).toBe(true)
  })
})

describe('loadProject with undecidable exclude_patterns / include_patterns', () => {
  async function project(conf: string) {
    const tree = new MemoryTree({'conf.py': conf, 'index.rst': 'Index\n=====\n'})
    return loadProject(tree, '', defaultConfig())
  }

  it('excludes only what every way excludes, and says so', async () => {
    const loaded = await project(
      "import os\nexclude_patterns = ['_build', 'a.rst']\nif os.environ.get('B'):\n    exclude_patterns = ['_build', 'b.rst']\n"
    )
    expect(loaded.excludePatterns).toEqual(['_build'])
    expect(loaded.notes?.map((note) => note.message)).toEqual([
      '`exclude_patterns` (line 4) depends on a condition doclint cannot decide (unknown); documents excluded only in some builds are checked'
    ])
  })

  it('includes what any way includes', async () => {
    const loaded = await project(
      "import os\ninclude_patterns = ['a/**']\nif os.environ.get('B'):\n    include_patterns = ['b/**']\n"
    )
    expect(loaded.includePatterns.sort()).toEqual(['a/**', 'b/**'])
  })

  it('excludes nothing when one way cannot be read', async () => {
    const loaded = await project(
      "import os\nexclude_patterns = ['a.rst']\nif os.environ.get('B'):\n    exclude_patterns = os.listdir('.')\n"
    )
    expect(loaded.excludePatterns).toEqual([])
  })

  it('a decided branch is no doubt: no note', async () => {
    const loaded = await project(
      "import sys\nexclude_patterns = ['a.rst']\nif sys.version_info[0] < 3:\n    exclude_patterns = []\n"
    )
    expect(loaded.excludePatterns).toEqual(['a.rst'])
    expect(loaded.notes).toBeUndefined()
  })
})
