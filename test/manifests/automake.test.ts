import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {FactsCache} from '../../src/graph/facts-cache.js'
import {parseAutomake, readAutomake} from '../../src/manifests/automake.js'
import type {TreeReuse} from '../../src/manifests/types.js'
import {MemoryTree} from '../../src/tree/memory.js'

function at(entry: {
  range: {start: {line: number; column: number}; end: {line: number; column: number}}
}): string {
  const {start, end} = entry.range
  return `${start.line}:${start.column}-${end.line}:${end.column}`
}

async function words(files: Record<string, string>, variable: string, entry = 'Makefile.am') {
  const result = await readAutomake(new MemoryTree(files), entry)
  return result.entries(variable)
}

describe('parseAutomake', () => {
  it('reads assignments, continuations and operators with their lines', () => {
    const parsed = parseAutomake('A = x \\\n\ty\nB += z\nC := w\nD ?= v\n', 'Makefile.am')
    expect(
      parsed.statements.map((s) =>
        s.type === 'assign' ? [s.variable, s.operator, s.value, s.line] : []
      )
    ).toEqual([
      ['A', '=', 'x  \ty', 1],
      ['B', '+=', 'z', 3],
      ['C', ':=', 'w', 4],
      ['D', '?=', 'v', 5]
    ])
  })

  it('skips recipes, rules and define blocks', () => {
    const parsed = parseAutomake(
      'all: x\n\tFOO = bar\n\techo $(X)\nBAR = 1\ndefine RECIPE\nBAZ = 2\nendef\n',
      'Makefile.am'
    )
    // A rule keeps only its targets (files the build makes).
    expect(
      parsed.statements.map((s) =>
        s.type === 'assign' ? s.variable : s.type === 'rule' ? `rule ${s.targets}` : s.path
      )
    ).toEqual(['rule all', 'BAR'])
  })

  it('records conditional branches', () => {
    const parsed = parseAutomake(
      'if HAVE_X\nA = 1\nelse\nA = 2\nendif\nif !WIN32\nB = 3\nendif # WIN32\n',
      'x.am'
    )
    expect(parsed.statements.map((s) => s.conditions)).toEqual([
      ['HAVE_X'],
      ['!HAVE_X'],
      ['!WIN32']
    ])
    expect(parsed.problems).toEqual([])
  })

  it('reports unbalanced conditionals as problems, not exceptions', () => {
    expect(parseAutomake('endif\nif X\n', 'x.am').problems.map((p) => p.message)).toEqual([
      '`endif` without `if`',
      '`if` without `endif`'
    ])
  })
})

describe('readAutomake', () => {
  it('keeps the exact place of every word', async () => {
    const entries = await words(
      {'Makefile.am': 'DOC = \\\n\tdoc/a.rst \\\n\tdoc/b.rst  doc/c.rst\n'},
      'DOC'
    )
    expect(entries.map((e) => [e.path, e.word, at(e), e.variable, e.exact])).toEqual([
      ['doc/a.rst', 'doc/a.rst', '2:2-2:11', 'DOC', true],
      ['doc/b.rst', 'doc/b.rst', '3:2-3:11', 'DOC', true],
      ['doc/c.rst', 'doc/c.rst', '3:13-3:22', 'DOC', true]
    ])
  })

  it('points an addprefix result at its word in the listed variable', async () => {
    const entries = await words(
      {
        'Makefile.am': 'include Documentation/automake.mk\n',
        'Documentation/automake.mk':
          'DOC_SOURCE = \\\n\tDocumentation/index.rst \\\n\t$(addprefix Documentation/ref/,$(RST_MANPAGES) $(EXTRA))\n' +
          'RST_MANPAGES = \\\n\tovs-ctl.8.rst \\\n\tovsdb.5.rst\nEXTRA = ovs-sim.1.rst\n'
      },
      'DOC_SOURCE'
    )
    expect(entries.map((e) => [e.path, e.word, e.file, at(e), e.variable])).toEqual([
      [
        'Documentation/index.rst',
        'Documentation/index.rst',
        'Documentation/automake.mk',
        '2:2-2:25',
        'DOC_SOURCE'
      ],
      [
        'Documentation/ref/ovs-ctl.8.rst',
        'ovs-ctl.8.rst',
        'Documentation/automake.mk',
        '5:2-5:15',
        'RST_MANPAGES'
      ],
      [
        'Documentation/ref/ovsdb.5.rst',
        'ovsdb.5.rst',
        'Documentation/automake.mk',
        '6:2-6:13',
        'RST_MANPAGES'
      ],
      [
        'Documentation/ref/ovs-sim.1.rst',
        'ovs-sim.1.rst',
        'Documentation/automake.mk',
        '7:9-7:22',
        'EXTRA'
      ]
    ])
  })

  it('points literal addprefix list words at themselves, not at the prefix', async () => {
    const entries = await words({'Makefile.am': 'L = $(addprefix doc/,a.rst b.rst)\n'}, 'L')
    expect(entries.map((e) => [e.path, e.word, at(e)])).toEqual([
      ['doc/a.rst', 'a.rst', '1:22-1:27'],
      ['doc/b.rst', 'b.rst', '1:28-1:33']
    ])
  })

  it('ends words at a comment, also the comment closing a continued list', async () => {
    const entries = await words(
      {
        'Makefile.am':
          'L = \\\n\tdoc/a.rst \\\n\tdoc/b.rst \\\n\t# end\nM = doc/c.rst # doc/d.rst\n'
      },
      'L'
    )
    expect(entries.map((e) => e.path)).toEqual(['doc/a.rst', 'doc/b.rst'])
    expect(
      (await words({'Makefile.am': 'M = doc/c.rst # doc/d.rst \\\n doc/e.rst\n'}, 'M')).map(
        (e) => e.path
      )
    ).toEqual(['doc/c.rst'])
  })

  it('expands ${VAR}, :=, +=, ?= and substitution references', async () => {
    const files = {
      'Makefile.am':
        'BASE = doc\nA := ${BASE}/a.rst\nA += $(BASE)/b.rst\nA ?= ignored\nB ?= doc/c.rst\nC = $(NAMES:%=doc/%.rst)\nNAMES = x y\nD = $(patsubst %.txt,%.rst,doc/p.txt doc/q.md)\n'
    }
    expect((await words(files, 'A')).map((e) => e.path)).toEqual(['doc/a.rst', 'doc/b.rst'])
    expect((await words(files, 'B')).map((e) => e.path)).toEqual(['doc/c.rst'])
    expect((await words(files, 'C')).map((e) => [e.path, e.word, e.exact])).toEqual([
      ['doc/x.rst', 'x', false],
      ['doc/y.rst', 'y', false]
    ])
    expect((await words(files, 'D')).map((e) => e.path)).toEqual(['doc/p.rst', 'doc/q.md'])
  })

  it('evaluates $(wildcard) against the tree with glob semantics', async () => {
    const entries = await words(
      {
        'Makefile.am': 'IMAGES = $(wildcard doc/img/*.png) $(wildcard $(srcdir)/doc/*.sv?)\n',
        'doc/img/a.png': '',
        'doc/img/b.png': '',
        'doc/img/.hidden.png': '',
        'doc/img/sub/c.png': '',
        'doc/d.svg': ''
      },
      'IMAGES'
    )
    expect(entries.map((e) => [e.path, at(e), e.exact])).toEqual([
      ['doc/img/a.png', '1:21-1:34', false],
      ['doc/img/b.png', '1:21-1:34', false],
      ['doc/d.svg', '1:47-1:66', false]
    ])
  })

  it('strips $(srcdir)/$(top_srcdir) prefixes and drops build-tree words', async () => {
    const entries = await words(
      {
        'Makefile.am': 'include doc/frag.am\n',
        'doc/frag.am':
          'L = $(srcdir)/doc/a.rst $(top_srcdir)/doc/b.rst $(builddir)/doc/gen.rst ./doc/../doc/c.rst ../out.rst\n'
      },
      'L'
    )
    expect(entries.map((e) => [e.path, e.word, e.exact])).toEqual([
      ['doc/a.rst', '$(srcdir)/doc/a.rst', true],
      ['doc/b.rst', '$(top_srcdir)/doc/b.rst', true],
      ['doc/c.rst', './doc/../doc/c.rst', true]
    ])
  })

  it('counts every branch of a conditional', async () => {
    const entries = await words(
      {
        'Makefile.am':
          'if WIN32\nL = doc/win.rst\nelse\nL = doc/unix.rst\nendif\nif X\nL += doc/x.rst\nendif\n'
      },
      'L'
    )
    expect(entries.map((e) => [e.path, e.conditions])).toEqual([
      ['doc/win.rst', ['WIN32']],
      ['doc/unix.rst', ['!WIN32']],
      ['doc/x.rst', ['X']]
    ])
  })

  it('follows include relative to the top-level Makefile.am, and reads a fragment alone', async () => {
    const files = {
      'Makefile.am': 'include $(srcdir)/doc/subdir.am\n-include missing.mk\n',
      'doc/subdir.am': 'include doc/more.am\nL = doc/a.rst\n',
      'doc/more.am': 'L2 = doc/b.rst\n'
    }
    const result = await readAutomake(new MemoryTree(files), 'Makefile.am')
    expect(result.files).toEqual(['Makefile.am', 'doc/subdir.am', 'doc/more.am'])
    expect(result.problems).toEqual([])
    expect(result.entries('L2').map((e) => [e.path, e.file])).toEqual([
      ['doc/b.rst', 'doc/more.am']
    ])
    const through = await readAutomake(new MemoryTree(files), 'doc/subdir.am')
    expect(through.entry).toBe('Makefile.am')
    expect(through.entries('L2').map((e) => e.path)).toEqual(['doc/b.rst'])
    const alone = await readAutomake(new MemoryTree(files), 'doc/subdir.am', {alone: true})
    expect(alone.entry).toBe('doc/subdir.am')
    expect(alone.entries('L').map((e) => e.path)).toEqual(['doc/a.rst'])
  })

  it('survives reference cycles and include loops', async () => {
    const result = await readAutomake(
      new MemoryTree({
        'Makefile.am': 'include a.am\nA = $(B) doc/a.rst\nB = $(A) doc/b.rst\n',
        'a.am': 'include Makefile.am\n'
      }),
      'Makefile.am'
    )
    expect(result.entries('A').map((e) => e.path)).toEqual(['doc/b.rst', 'doc/a.rst'])
    expect(result.problems.map((p) => p.message)).toContain('include loop or nesting too deep')
  })

  it('never throws on arbitrary input', async () => {
    const alphabet = fc.constantFrom(
      'A',
      '=',
      '+',
      ':',
      '?',
      '$',
      '(',
      ')',
      '{',
      '}',
      ',',
      '\\',
      '\n',
      '\t',
      ' ',
      '#',
      'if X\n',
      'endif\n',
      'else\n',
      '%',
      '*',
      'a.rst',
      '/',
      'include ',
      'define ',
      '$(addprefix ',
      '$(wildcard ',
      '$(patsubst '
    )
    await fc.assert(
      fc.asyncProperty(fc.array(alphabet, {maxLength: 80}), async (parts) => {
        const text = parts.join('')
        const tree = new MemoryTree({'Makefile.am': text, 'a.rst': ''})
        const result = await readAutomake(tree, 'Makefile.am')
        for (const name of result.variables.keys()) {
          for (const entry of result.entries(name)) {
            expect(entry.range.start.offset).toBeLessThanOrEqual(entry.range.end.offset)
            expect(entry.path.startsWith('/')).toBe(false)
            expect(entry.path.split('/')).not.toContain('..')
          }
        }
      }),
      {numRuns: 300}
    )
  })
})

describe('hostile input', () => {
  it('reads long pathological lines quickly and without throwing', async () => {
    const lines = [
      `${'$(x)'.repeat(5000)} y`,
      `${'export '.repeat(3000)}`,
      `L = ${'$('.repeat(3000)}`,
      `L += ${'$(addprefix a,'.repeat(500)}b${')'.repeat(500)}`,
      `${'\\'.repeat(10001)}`,
      `A = $(A)$(A)$(A)$(A)$(A)$(A)$(A)$(A)`,
      `B = $(A) $(B) $(C)`,
      `C = $(foreach v,${'x '.repeat(2000)},$(B))`
    ]
    const result = await readAutomake(
      new MemoryTree({'Makefile.am': lines.join('\n')}),
      'Makefile.am'
    )
    for (const name of ['L', 'A', 'B', 'C']) expect(() => result.entries(name)).not.toThrow()
  })
})

describe('reuse across trees', () => {
  it('reuses a reading only while every file, listing and absent include is unchanged', async () => {
    // The engine's cache does the reusing (the reader keeps no state of its own).
    const cache = new FactsCache()
    const reuse: TreeReuse = (key, tree, compute) => cache.reuse(key, tree, compute)
    const files = {
      'Makefile.am': 'include doc/frag.am\n-include doc/gen.mk\n',
      'doc/frag.am': 'L = doc/a.rst $(wildcard doc/*.txt)\n',
      'doc/x.txt': ''
    }
    const first = await readAutomake(new MemoryTree(files), 'Makefile.am', {reuse})
    expect(await readAutomake(new MemoryTree({...files}), 'Makefile.am', {reuse})).toBe(first)
    const edited = await readAutomake(
      new MemoryTree({...files, 'doc/frag.am': 'L = doc/b.rst\n'}),
      'Makefile.am',
      {reuse}
    )
    expect(edited.entries('L').map((e) => e.path)).toEqual(['doc/b.rst'])
    const listed = await readAutomake(new MemoryTree({...files, 'doc/y.txt': ''}), 'Makefile.am', {
      reuse
    })
    expect(listed.entries('L').map((e) => e.path)).toEqual(['doc/a.rst', 'doc/x.txt', 'doc/y.txt'])
    const generated = await readAutomake(
      new MemoryTree({...files, 'doc/gen.mk': 'L += doc/c.rst\n'}),
      'Makefile.am',
      {reuse}
    )
    expect(generated.entries('L').map((e) => e.path)).toEqual([
      'doc/a.rst',
      'doc/x.txt',
      'doc/c.rst'
    ])
    expect(first.entries('L').map((e) => e.path)).toEqual(['doc/a.rst', 'doc/x.txt'])
  })
})

describe('expansion bounded by what the text holds', () => {
  it('stops a doubling chain once, says so, and keeps reading the rest', async () => {
    const lines = ['A0 = doc/index.rst doc/conf.py']
    for (let i = 1; i < 120; i++) lines.push(`A${i} = $(A${i - 1}) $(A${i - 1})`)
    lines.push('EXTRA_DIST = $(A119)', 'OTHER = doc/other.rst')
    const result = await readAutomake(
      new MemoryTree({'Makefile.am': `${lines.join('\n')}\n`}),
      'Makefile.am'
    )
    // An incomplete list is no list (every file it misses would look unlisted), and a problem
    // says why; a later plain list is still read.
    expect(result.entries('EXTRA_DIST')).toEqual([])
    expect(result.problems.map((problem) => problem.message)).toContain(
      '`EXTRA_DIST` is too large or nested too deeply to expand'
    )
    expect(result.entries('OTHER').map((entry) => entry.path)).toEqual(['doc/other.rst'])
  })

  it('names the functions it does not evaluate', async () => {
    const result = await readAutomake(
      new MemoryTree({
        'Makefile.am':
          'FOUND = $(shell find doc -name "*.rst")\nL = doc/a.rst $(FOUND)\nM = doc/b.rst\n'
      }),
      'Makefile.am'
    )
    expect(result.unevaluated('L')).toBe('shell')
    expect(result.unevaluated('M')).toBe(undefined)
  })
})
