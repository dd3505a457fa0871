import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {readConfPy} from '../../src/project/confpy.js'
import type {PyValue} from '../../src/project/types.js'

const tuple = (...items: PyValue[]): PyValue => ({kind: 'tuple', items})
const dict = (...entries: [PyValue, PyValue][]): PyValue => ({kind: 'dict', entries})

function valuesOf(text: string): Record<string, PyValue> {
  return Object.fromEntries(readConfPy(text).values)
}

// The lines of Open vSwitch's Documentation/conf.py that build man_pages (two entries kept).
const OVS_MAN_PAGES = `# -- Options for manual page output ---------------------------------------
author = u'The Open vSwitch Development Community'

# One entry per manual page. List of tuples
# (source start file, name, description, authors, manual section).
_man_pages = [
    ('ovs-actions.7',
     u'OpenFlow actions and instructions with Open vSwitch extensions'),
    ('ovs-appctl.8',
     u'utility for configuring running Open vSwitch daemons'),
]

# Generate list of (path, name, description, [author, ...], section)
man_pages = [
    ('ref/%s' % file_name, file_name.split('.', 1)[0],
     description, [author], file_name.split('.', 1)[1])
    for file_name, description in _man_pages]
`

// Open vSwitch's conf.py head: a try/except import and a with-block reading configure.ac.
const OVS_HEAD = `import os
import string
import sys

try:
    import ovs_sphinx_theme
    use_ovs_theme = True
except ImportError:
    print("Cannot find 'ovs-sphinx-theme' package. "
          "Falling back to default theme.")
    use_ovs_theme = False

master_doc = 'contents'
release = None
filename = "../configure.ac"
with open(filename, 'r') as f:
    for line in f:
        if 'AC_INIT' in line:
            release = line.split(',')[1].strip(string.whitespace + '[]')
            break
if release is None:
    sys.stderr.write('%s: failed to determine Open vSwitch version\\n'
                     % filename)
    sys.exit(1)
version = release if '.90' in release else '.'.join(release.split('.')[0:2])
exclude_patterns = ['_build', 'Thumbs.db', '.DS_Store']
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_context = {}
if os.environ.get("READTHEDOCS", "") == "True":
    html_context["READTHEDOCS"] = True
`

// From python/peps' conf.py.
const PEPS = `import os
from pathlib import Path
import sys

_ROOT = Path(__file__).resolve().parent.parent
sys.path.append(os.fspath(_ROOT))
master_doc = "contents"
source_suffix = {
    ".rst": "pep",
}
include_patterns = [
    # Required for Sphinx
    "contents.rst",
    # PEP files
    "pep-????.rst",
    "pep-????/*.rst",
]
nitpick_ignore = [
    ("c:type", "int8_t"),
    ("c:type", "uint8_t"),
]
for role, name in list(nitpick_ignore):
    if role in ("c:type", "c:struct"):
        nitpick_ignore.append(("c:identifier", name))
del role, name
_repo = "python/cpython"
extlinks = {
    "cpython-issue": (f"https://github.com/{_repo}/issues/%s", f"{_repo}#%s"),
}
_PSE_PATH = _ROOT / "pep_sphinx_extensions"
templates_path = [os.fspath(_PSE_PATH / "pep_theme" / "templates")]
`

describe('readConfPy on real conf.py text', () => {
  it('evaluates Open vSwitch man_pages: literal list, comprehension, % formatting, split', () => {
    const result = readConfPy(OVS_MAN_PAGES)
    const author = 'The Open vSwitch Development Community'
    expect(result.values.get('man_pages')).toEqual([
      tuple(
        'ref/ovs-actions.7',
        'ovs-actions',
        'OpenFlow actions and instructions with Open vSwitch extensions',
        [author],
        '7'
      ),
      tuple(
        'ref/ovs-appctl.8',
        'ovs-appctl',
        'utility for configuring running Open vSwitch daemons',
        [author],
        '8'
      )
    ])
    expect(result.lines.get('man_pages')).toBe(14)
    expect(result.lines.get('_man_pages')).toBe(6)
    // Each generated entry points at the _man_pages tuple it came from.
    const entries = result.values.get('man_pages') as PyValue[]
    expect(entries.map((entry) => result.lineOf(entry))).toEqual([7, 9])
    expect(result.unresolved).toEqual([])
    // Comprehension variables do not leak.
    expect(result.values.has('file_name')).toBe(false)
  })

  it('reads Open vSwitch conf.py head: try/except, with-blocks, environment lookups', () => {
    const result = readConfPy(OVS_HEAD)
    expect(result.values.get('master_doc')).toBe('contents')
    expect(result.values.get('exclude_patterns')).toEqual(['_build', 'Thumbs.db', '.DS_Store'])
    // The try body is taken as the likely path, and marked conditional.
    expect(result.values.get('use_ovs_theme')).toBe(true)
    expect(result.conditional.get('use_ovs_theme')).toBe(7)
    expect(result.values.get('html_context')).toEqual(dict(['READTHEDOCS', true]))
    expect(result.conditional.has('html_context')).toBe(true)
    const unresolved = Object.fromEntries(result.unresolved.map((item) => [item.name, item]))
    expect(Object.keys(unresolved).sort()).toEqual(['html_baseurl', 'release', 'version'])
    expect(unresolved.release?.line).toBe(17)
    expect(unresolved.version?.reason).toMatch(/uses release/)
    expect(unresolved.html_baseurl?.reason).toMatch(/environment/)
  })

  it('reads python/peps conf.py: dict suffix, for loop with append, f-strings, pathlib', () => {
    const result = readConfPy(PEPS)
    expect(result.values.get('source_suffix')).toEqual(dict(['.rst', 'pep']))
    expect(result.values.get('include_patterns')).toEqual([
      'contents.rst',
      'pep-????.rst',
      'pep-????/*.rst'
    ])
    expect(result.values.get('nitpick_ignore')).toEqual([
      tuple('c:type', 'int8_t'),
      tuple('c:type', 'uint8_t'),
      tuple('c:identifier', 'int8_t'),
      tuple('c:identifier', 'uint8_t')
    ])
    expect(result.values.has('role')).toBe(false)
    expect(result.values.get('extlinks')).toEqual(
      dict([
        'cpython-issue',
        tuple('https://github.com/python/cpython/issues/%s', 'python/cpython#%s')
      ])
    )
    expect(result.unresolved.map((item) => item.name)).toEqual([
      '_ROOT',
      '_PSE_PATH',
      'templates_path'
    ])
  })
})

describe('readConfPy literals and expressions', () => {
  it('reads every string form', () => {
    expect(
      valuesOf(String.raw`a = 'x' "y" '''z''' """w"""
b = r'\n' + R"\d"
c = u'caf\u00e9' 'tab\t' '\x41\101'
d = b'bytes'
e = f'plain {{braces}}'
f = 'multi' \
    'line'
g = ('implicit'
     ' concatenation')
h = '\N{BULLET}'
i = 'it''s'
`)
    ).toEqual({
      a: 'xyzw',
      b: '\\n\\d',
      c: 'café' + 'tab\t' + 'AA',
      d: 'bytes',
      e: 'plain {braces}',
      f: 'multiline',
      g: 'implicit concatenation',
      h: '\\N{BULLET}',
      i: 'its'
    })
  })

  it('reads numbers, constants and containers', () => {
    expect(
      valuesOf(`n = 1_000
x = 0x1F
f = 1.5e3
t = True
none = None
tup = (1,)
empty = ()
l = [1, [2, 3], {'k': (4, 5)}]
s = {'b', 'a', 'b'}
neg = -3
`)
    ).toEqual({
      n: 1000,
      x: 31,
      f: 1500,
      t: true,
      none: null,
      tup: tuple(1),
      empty: tuple(),
      l: [1, [2, 3], dict(['k', tuple(4, 5)])],
      s: ['b', 'a'],
      neg: -3
    })
  })

  it('follows names, +, %, .format, os.path.join, comprehensions with conditions', () => {
    expect(
      valuesOf(`import os
import os.path as osp
from os.path import join
base = 'doc'
exts = ['a', 'b']
exts += ['c']
exts.append('d')
exts.extend(('e',))
exts.insert(0, 'z')
p = os.path.join(base, 'sub', 'x.rst')
q = join('/abs', 'y')
r = osp.join(base, '/root')
fmt = '%s-%d-%r' % ('a', 2, 'b')
named = '%(x)s!' % {'x': 'hi'}
braces = '{}/{name}'.format('a', name='b')
evens = [x * 2 for x in range(5) if x % 2 == 0]
pairs = {k: v for k, v in [('a', 1), ('b', 2)]}
nested = [a + b for a in ['x', 'y'] for b in ['1', '2']]
joined = ', '.join(sorted(['b', 'a']))
cond = 'yes' if 'a' in exts else 'no'
`)
    ).toMatchObject({
      base: 'doc',
      exts: ['z', 'a', 'b', 'c', 'd', 'e'],
      p: 'doc/sub/x.rst',
      q: '/abs/y',
      r: '/root',
      fmt: "a-2-'b'",
      named: 'hi!',
      braces: 'a/b',
      evens: [0, 4, 8],
      pairs: dict(['a', 1], ['b', 2]),
      nested: ['x1', 'x2', 'y1', 'y2'],
      joined: 'a, b',
      cond: 'yes'
    })
  })

  it('evaluates decidable if/elif/else and marks undecidable ones', () => {
    const result = readConfPy(`mode = 'b'
if mode == 'a':
    value = 1
elif mode == 'b':
    value = 2
else:
    value = 3
if tags.has('x'):
    extensions = ['one']
else:
    extensions = ['two']
if False:
    never = 1
`)
    expect(result.values.get('value')).toBe(2)
    expect(result.conditional.has('value')).toBe(false)
    expect(result.values.get('extensions')).toEqual(['one'])
    expect(result.conditional.get('extensions')).toBe(9)
    expect(result.values.has('never')).toBe(false)
  })

  it('skips functions and classes, and reports what it cannot evaluate', () => {
    const result = readConfPy(`def setup(app):
    app.add_css_file('x.css')
    return {'parallel_read_safe': True}

class Thing:
    attr = 1

root_doc = compute()
exclude_patterns = ['a'] + unknown_name
numfig = lambda: True
html_theme = 'alabaster'
`)
    expect(Object.fromEntries(result.values)).toEqual({html_theme: 'alabaster'})
    expect(result.unresolved).toEqual([
      {name: 'root_doc', line: 8, reason: 'unknown name compute'},
      {name: 'exclude_patterns', line: 9, reason: 'unknown name unknown_name'},
      {name: 'numfig', line: 10, reason: 'lambda is not supported'}
    ])
  })

  it('f-strings with simple names resolve, others are unresolved', () => {
    const result = readConfPy(`v = '1.0'
a = f'v{v}'
b = f'{v!r}'
c = f'{v + "x"}'
`)
    expect(result.values.get('a')).toBe('v1.0')
    expect(result.unresolved.map((item) => item.name)).toEqual(['b', 'c'])
  })

  it('recovers after syntax errors and keeps later assignments', () => {
    const result = readConfPy(`a = [1, 2)
b = 'x'
if True
    c = 1
d = 'ok'
e = 'unterminated
f = 3
g = [1,
`)
    expect(Object.fromEntries(result.values)).toEqual({b: 'x', d: 'ok', f: 3})
    expect(result.unresolved.map((item) => [item.name, item.line])).toEqual([
      ['a', 1],
      ['e', 6],
      ['g', 8]
    ])
    expect(result.unresolved.every((item) => item.reason.startsWith('cannot parse'))).toBe(true)
  })

  it('bounds loops, huge values and deep nesting', () => {
    const result = readConfPy(`x = []
while True:
    x.append(1)
big = 'a' * 10**9
for i in range(10**6):
    x.append(i)
deep = ${'['.repeat(500)}${']'.repeat(500)}
numbers = list(range(20000))
quadratic = [x for x in numbers if x in numbers]
ok = 1
`)
    expect(result.values.get('ok')).toBe(1)
    expect(result.values.has('big')).toBe(false)
    expect(result.values.has('deep')).toBe(false)
    expect(result.values.get('numbers')).toHaveLength(20000)
    expect(result.unresolved.find((item) => item.name === 'quadratic')?.reason).toMatch(
      /too much work/
    )
  })

  it('says when import * or exec() may set names it cannot see', () => {
    const result = readConfPy(`from common_conf import *
exec(open('shared.py').read())
html_theme = 'x'
`)
    expect(result.values.get('html_theme')).toBe('x')
    expect(result.unresolved).toEqual([
      {name: '*', line: 1, reason: 'from common_conf import * may set any name'},
      {name: '*', line: 2, reason: 'exec() may set any name'}
    ])
  })

  it('reports a later successful assignment, not an earlier failure', () => {
    const result = readConfPy(`language = get_language()
language = 'en'
`)
    expect(result.values.get('language')).toBe('en')
    expect(result.unresolved).toEqual([])
    expect(result.lines.get('language')).toBe(2)
  })
})

describe('readConfPy never throws', () => {
  const pieces = [
    'a',
    '=',
    ' ',
    '\n',
    '    ',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    "'",
    '"',
    '"""',
    ',',
    ':',
    'if ',
    'else',
    'for ',
    ' in ',
    'x',
    '1',
    '+',
    '%',
    '*',
    '**',
    '.',
    'append',
    'def ',
    'try:',
    'except',
    '\\',
    '#',
    'f"',
    'r"',
    '{x}',
    'lambda',
    'not ',
    'and',
    'del ',
    'import os',
    'while ',
    'True',
    'None',
    ';'
  ]

  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 200}), (text) => {
        const result = readConfPy(text)
        expect(result.values).toBeInstanceOf(Map)
      }),
      {numRuns: 500}
    )
  })

  it('on random Python-like token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 80}), (parts) => {
        const result = readConfPy(parts.join(''))
        for (const item of result.unresolved) expect(typeof item.reason).toBe('string')
      }),
      {numRuns: 1000}
    )
  })

  it('on mutations of a real conf.py', () => {
    const base = OVS_HEAD + OVS_MAN_PAGES + PEPS
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length), fc.nat(8), fc.constantFrom(...pieces)), {
          maxLength: 6
        }),
        (edits) => {
          let text = base
          for (const [at, remove, insert] of edits)
            text = text.slice(0, at) + insert + text.slice(at + remove)
          readConfPy(text)
        }
      ),
      {numRuns: 300}
    )
  })
})
