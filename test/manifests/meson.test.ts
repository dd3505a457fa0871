import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {parseMeson, readMeson} from '../../src/manifests/meson.js'
import {MemoryTree} from '../../src/tree/memory.js'

function at(entry: {
  range: {start: {line: number; column: number}; end: {line: number; column: number}}
}): string {
  const {start, end} = entry.range
  return `${start.line}:${start.column}-${end.line}:${end.column}`
}

describe('parseMeson', () => {
  it('reads files() lists, arrays and += with the place of every string', () => {
    const result = parseMeson(
      "# docs\nsources = files(\n  'index.rst',  # the root\n  'guide.rst',\n)\nsources += ['extra.rst'] + files('more.rst')\nother = 'x.rst'\n",
      'doc/meson.build'
    )
    expect(result.entries('sources').map((e) => [e.path, e.word, at(e)])).toEqual([
      ['doc/index.rst', "'index.rst'", '3:3-3:14'],
      ['doc/guide.rst', "'guide.rst'", '4:3-4:14'],
      ['doc/extra.rst', "'extra.rst'", '6:13-6:24'],
      ['doc/more.rst', "'more.rst'", '6:34-6:44']
    ])
    expect(result.entries('other').map((e) => e.path)).toEqual(['doc/x.rst'])
  })

  it('copies variables, counts every branch, and ignores what it cannot compute', () => {
    const result = parseMeson(
      "base = files('a.rst')\nif get_option('x')\n  docs = base + ['b.rst']\nelse\n  docs = ['c.rst']\nendif\n" +
        "unknown = run_command('ls').stdout().split()\nmixed = [f'@x@.rst', 'd.rst', meson.project_name()]\n" +
        "kw = custom_target('t', input: files('e.rst'), output: 'x')\n",
      'meson.build'
    )
    expect(result.entries('docs').map((e) => e.path)).toEqual(['a.rst', 'b.rst', 'c.rst'])
    expect(result.entries('unknown')).toEqual([])
    expect(result.entries('mixed').map((e) => e.path)).toEqual(['d.rst'])
    expect(result.entries('kw')).toEqual([])
  })

  it('never throws on arbitrary input', () => {
    const alphabet = fc.constantFrom(
      "'",
      "'''",
      'files(',
      ')',
      '(',
      '[',
      ']',
      '{',
      '}',
      ',',
      '+=',
      '=',
      '+',
      'x',
      'if ',
      'endif',
      '\n',
      ' ',
      '#',
      '\\',
      "f'",
      ':',
      '.',
      'subdir(',
      "'a.rst'"
    )
    fc.assert(
      fc.property(fc.array(alphabet, {maxLength: 80}), (parts) => {
        const result = parseMeson(parts.join(''), 'meson.build')
        for (const name of result.variables.keys()) {
          for (const entry of result.entries(name)) {
            expect(entry.path.split('/')).not.toContain('..')
          }
        }
      }),
      {numRuns: 500}
    )
  })
})

describe('readMeson', () => {
  it('follows subdir() with paths relative to each folder', async () => {
    const result = await readMeson(
      new MemoryTree({
        'meson.build': "project('p')\ndocs = []\nsubdir('doc')\ndocs += files('README.rst')\n",
        'doc/meson.build': "docs += files('index.rst')\nsubdir('man')\n",
        'doc/man/meson.build': "docs += files('p.1.rst')\nsubdir('../../..')\n"
      }),
      'meson.build'
    )
    expect(result.files).toEqual(['meson.build', 'doc/meson.build', 'doc/man/meson.build'])
    expect(result.entries('docs').map((e) => [e.path, e.file])).toEqual([
      ['doc/index.rst', 'doc/meson.build'],
      ['doc/man/p.1.rst', 'doc/man/meson.build'],
      ['README.rst', 'meson.build']
    ])
  })
})

describe('lists bounded by what the file holds', () => {
  it('stops `a += a` line after line, says so, and still reads plain lists', () => {
    const text = `a = ['x.rst']\n${'a += a\n'.repeat(60)}docs = files('index.rst', 'guide.rst')\n`
    const result = parseMeson(text, 'doc/meson.build')
    expect(result.problems.map((problem) => problem.message)).toContain(
      'Lists grow here beyond what the file holds (a list added to itself?); they are not evaluated from here on'
    )
    expect(result.entries('docs').map((entry) => entry.path)).toEqual([
      'doc/index.rst',
      'doc/guide.rst'
    ])
  })

  it('makes at most a fixed factor more list items than the file has tokens', () => {
    const statement = fc.constantFrom(
      'a += a',
      "a += 'x.rst'",
      'b = a + a',
      'a = b',
      "b += ['y.rst', 'z.rst']"
    )
    fc.assert(
      fc.property(fc.array(statement, {minLength: 1, maxLength: 80}), (lines) => {
        const text = `a = ['x.rst']\nb = []\n${lines.join('\n')}\n`
        const result = parseMeson(text, 'meson.build')
        const items = result.entries('a').length + result.entries('b').length
        // Tokens per line are at most 7; 16 items per token plus the floor (src/manifests/meson.ts).
        return items <= 2 * (16 * 7 * (lines.length + 2) + 100_000)
      }),
      {numRuns: 50}
    )
  })

  it('appends `x += ...` in place: a long flat series of appends is read whole', () => {
    const count = 5000
    const text = `x = []\n${Array.from({length: count}, (_, i) => `x += 'f${i}.rst'`).join('\n')}\n`
    expect(parseMeson(text, 'meson.build').entries('x').length).toBe(count)
  })
})
