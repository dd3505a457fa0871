import {describe, expect, it} from 'vitest'
import {applyFixes} from '../../src/fix/apply.js'
import {insertEntryEdits, removeEntryEdits, writtenName} from '../../src/fix/manifest-edits.js'
import {readAutomake} from '../../src/manifests/automake.js'
import {parseMeson} from '../../src/manifests/meson.js'
import type {ManifestList} from '../../src/manifests/types.js'
import {MemoryTree} from '../../src/tree/memory.js'

async function automakeList(text: string, variable = 'L'): Promise<ManifestList> {
  const result = await readAutomake(new MemoryTree({'Makefile.am': text}), 'Makefile.am')
  return {
    kind: 'automake',
    file: 'Makefile.am',
    variable,
    entries: result.entries(variable),
    covers: [],
    ignore: []
  }
}

function mesonList(text: string, variable = 'docs'): ManifestList {
  const result = parseMeson(text, 'meson.build')
  return {
    kind: 'meson',
    file: 'meson.build',
    variable,
    entries: result.entries(variable),
    covers: [],
    ignore: []
  }
}

function apply(
  text: string,
  edits: {file: string; start: number; end: number; text: string}[] | undefined
): string {
  expect(edits).toBeDefined()
  const result = applyFixes(new Map([[edits?.[0]?.file ?? 'Makefile.am', text]]), [
    {applicability: 'safe', description: '', edits: edits ?? []}
  ])
  return [...result.files.values()][0] ?? ''
}

async function remove(text: string, path: string): Promise<string> {
  const list = await automakeList(text)
  const entry = list.entries.find((e) => e.path === path)
  if (!entry) throw new Error(`no entry ${path}`)
  return apply(text, removeEntryEdits(text, entry, 'automake'))
}

async function insert(text: string, path: string): Promise<string> {
  return apply(
    text,
    insertEntryEdits(await automakeList(text), path, new Map([['Makefile.am', text]]))?.edits
  )
}

describe('removeEntryEdits (automake)', () => {
  const list = 'L = \\\n\ta.rst \\\n\tb.rst \\\n\tc.rst\nX = 1\n'
  it('removes a middle or first line whole', async () => {
    expect(await remove(list, 'b.rst')).toBe('L = \\\n\ta.rst \\\n\tc.rst\nX = 1\n')
    expect(await remove(list, 'a.rst')).toBe('L = \\\n\tb.rst \\\n\tc.rst\nX = 1\n')
  })
  it('drops the continuation of the new last line when removing the last line', async () => {
    expect(await remove(list, 'c.rst')).toBe('L = \\\n\ta.rst \\\n\tb.rst\nX = 1\n')
    expect(await remove('L = \\\n\ta.rst\n', 'a.rst')).toBe('L =\n')
    expect(await remove('L = \\\r\n\ta.rst \\\r\n\tb.rst\r\n', 'b.rst')).toBe(
      'L = \\\r\n\ta.rst\r\n'
    )
  })
  it('keeps a closing `# end` line valid', async () => {
    expect(await remove('L = \\\n\ta.rst \\\n\tb.rst \\\n\t# end\n', 'b.rst')).toBe(
      'L = \\\n\ta.rst \\\n\t# end\n'
    )
  })
  it('removes one word of a line with several', async () => {
    expect(await remove('L = a.rst b.rst c.rst\n', 'b.rst')).toBe('L = a.rst c.rst\n')
    expect(await remove('L = a.rst b.rst\n', 'b.rst')).toBe('L = a.rst\n')
    expect(await remove('L = a.rst \\\n  b.rst\n', 'a.rst')).toBe('L = \\\n  b.rst\n')
  })
  it('refuses words that are not removable on their own', async () => {
    const text = 'L = $(addprefix doc/,a.rst) $(patsubst %.txt,%.rst,b.txt)\n'
    const entries = (await automakeList(text)).entries
    expect(entries.map((e) => removeEntryEdits(text, e, 'automake'))).toEqual([
      undefined,
      undefined
    ])
  })
})

describe('insertEntryEdits (automake)', () => {
  it('keeps a sorted folder run sorted, with the list indentation and continuation style', async () => {
    const text = 'L = \\\n    doc/a.rst\t\\\n    doc/c.rst\t\\\n    other/z.rst\n'
    expect(await insert(text, 'doc/b.rst')).toBe(
      'L = \\\n    doc/a.rst\t\\\n    doc/b.rst\t\\\n    doc/c.rst\t\\\n    other/z.rst\n'
    )
    expect(await insert(text, 'doc/0.rst')).toBe(
      'L = \\\n    doc/0.rst\t\\\n    doc/a.rst\t\\\n    doc/c.rst\t\\\n    other/z.rst\n'
    )
  })
  it('appends after the folder’s last entry in an unsorted list, adding a continuation at the end', async () => {
    const text = 'L = \\\n\tdoc/c.rst \\\n\tdoc/a.rst\n'
    expect(await insert(text, 'doc/b.rst')).toBe(
      'L = \\\n\tdoc/c.rst \\\n\tdoc/a.rst \\\n\tdoc/b.rst\n'
    )
  })
  it('follows how neighbours are written ($(srcdir)/ prefixes, words relative to an addprefix)', async () => {
    expect(await insert('L = \\\n\t$(srcdir)/doc/a.rst\n', 'doc/b.rst')).toBe(
      'L = \\\n\t$(srcdir)/doc/a.rst \\\n\t$(srcdir)/doc/b.rst\n'
    )
    const text = 'L = $(addprefix doc/ref/,$(MAN))\nMAN = \\\n\ta.1.rst \\\n\tc.1.rst\n'
    const list = await automakeList(text)
    const insertion = insertEntryEdits(list, 'doc/ref/b.1.rst', new Map([['Makefile.am', text]]))
    expect(insertion?.direct).toBe(false)
    expect(apply(text, insertion?.edits)).toBe(
      'L = $(addprefix doc/ref/,$(MAN))\nMAN = \\\n\ta.1.rst \\\n\tb.1.rst \\\n\tc.1.rst\n'
    )
  })
  it('inserts inline into a one-line list', async () => {
    expect(await insert('L = doc/a.rst doc/c.rst\n', 'doc/b.rst')).toBe(
      'L = doc/a.rst doc/b.rst doc/c.rst\n'
    )
  })
})

describe('meson edits', () => {
  const text = "docs = files(\n  'a.rst',\n  'c.rst',\n)\nother = files('x.rst', 'y.rst')\n"
  it('removes a string with its line or its comma', () => {
    const list = mesonList(text)
    const c = list.entries.find((e) => e.path === 'c.rst')
    expect(c && apply(text, removeEntryEdits(text, c, 'meson'))).toBe(
      "docs = files(\n  'a.rst',\n)\nother = files('x.rst', 'y.rst')\n"
    )
    const other = mesonList(text, 'other')
    const [x, y] = other.entries
    expect(x && apply(text, removeEntryEdits(text, x, 'meson'))).toBe(
      "docs = files(\n  'a.rst',\n  'c.rst',\n)\nother = files('y.rst')\n"
    )
    expect(y && apply(text, removeEntryEdits(text, y, 'meson'))).toBe(
      "docs = files(\n  'a.rst',\n  'c.rst',\n)\nother = files('x.rst')\n"
    )
  })
  it('inserts a quoted string in sorted place or inline', () => {
    const sources = new Map([['meson.build', text]])
    expect(apply(text, insertEntryEdits(mesonList(text), "b's.rst", sources)?.edits)).toBe(
      "docs = files(\n  'a.rst',\n  'b\\'s.rst',\n  'c.rst',\n)\nother = files('x.rst', 'y.rst')\n"
    )
    expect(apply(text, insertEntryEdits(mesonList(text, 'other'), 'z.rst', sources)?.edits)).toBe(
      "docs = files(\n  'a.rst',\n  'c.rst',\n)\nother = files('x.rst', 'y.rst', 'z.rst')\n"
    )
  })
  it('names the file without meson quotes or escapes (for messages)', () => {
    const sources = new Map([['meson.build', text]])
    const insertion = insertEntryEdits(mesonList(text), "b's.rst", sources)
    expect(insertion?.word).toBe("'b\\'s.rst'")
    expect(insertion?.name).toBe("b's.rst")
    expect(writtenName("'usage.rst'")).toBe('usage.rst')
    expect(writtenName('doc/usage.rst')).toBe('doc/usage.rst')
  })
})

describe('insertEntryEdits: the file as its maintainers keep it', () => {
  it('keeps a CRLF automake file CRLF', async () => {
    const text = 'L = \\\r\n\ta.rst \\\r\n\tc.rst\r\nX = 1\r\n'
    expect(await insert(text, 'b.rst')).toBe(
      'L = \\\r\n\ta.rst \\\r\n\tb.rst \\\r\n\tc.rst\r\nX = 1\r\n'
    )
    expect(await insert(text, 'd.rst')).toBe(
      'L = \\\r\n\ta.rst \\\r\n\tc.rst \\\r\n\td.rst\r\nX = 1\r\n'
    )
  })

  it('never puts a new file inside a conditional block of the list', async () => {
    const text = 'L = \\\n\ta.rst \\\n\tc.rst\nif HAVE_B\nL += \\\n\tb-only.rst\nendif\n'
    expect(await insert(text, 'b.rst')).toBe(
      'L = \\\n\ta.rst \\\n\tb.rst \\\n\tc.rst\nif HAVE_B\nL += \\\n\tb-only.rst\nendif\n'
    )
    expect(await insert(text, 'z.rst')).toBe(
      'L = \\\n\ta.rst \\\n\tc.rst \\\n\tz.rst\nif HAVE_B\nL += \\\n\tb-only.rst\nendif\n'
    )
  })
})
