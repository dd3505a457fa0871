/**
 * `doclint lsp --stdio` driven by a real JSON-RPC client over stdio: diagnostics across files as
 * buffers change, navigation, completion, quick fixes and renames, each checked against the tree
 * and against what the command line prints for the same text saved.
 */
import {spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {BIN, Client, tree, uri, type PublishedDiagnostic} from './client.js'

const FILES = {
  'conf.py': "project = 'lsp'\n",
  'index.rst': 'Home\n====\n\n.. toctree::\n\n   guide/a\n   guide/b\n   glossary\n',
  'guide/a.rst': '.. _sec-a:\n\nSection A\n=========\n\nText about A.\n\nSub\n---\n\nMore.\n',
  'guide/b.rst':
    'Page B\n======\n\nSee :ref:`sec-a` and :doc:`a`, and :term:`widget`.\n\n.. image:: pic.png\n',
  'guide/pic.png': 'png',
  'glossary.rst': 'Glossary\n========\n\n.. glossary::\n\n   widget\n      A thing.\n'
}

/** What the command line reports for the tree as saved: rule, file, line, message. */
function cliFindings(dir: string): string[] {
  const run = spawnSync(process.execPath, [BIN, '.', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8'
  })
  const report = JSON.parse(run.stdout) as {
    diagnostics: {rule: string; file: string; line: number; message: string}[]
  }
  return report.diagnostics.map((d) => `${d.rule} ${d.file}:${d.line} ${d.message}`).sort()
}

/** The same from the client's published diagnostics. */
function published(client: Client): string[] {
  const out: string[] = []
  for (const [target, list] of client.diagnostics) {
    const file = path.relative(client.dir, new URL(target).pathname)
    for (const d of list)
      out.push(`${String(d.code)} ${file}:${d.range.start.line + 1} ${d.message}`)
  }
  return out.sort()
}

const clients: Client[] = []
async function start(files: Record<string, string> = FILES): Promise<Client> {
  const client = new Client(tree(files))
  clients.push(client)
  await client.start()
  return client
}
afterEach(async () => {
  for (const client of clients.splice(0)) await client.stop()
})

/** The position of the first `needle` in `text`, plus `shift` characters. */
function at(text: string, needle: string, shift = 0): {line: number; character: number} {
  const offset = text.indexOf(needle)
  if (offset < 0) throw new Error(`no ${needle}`)
  const before = text.slice(0, offset + shift)
  const line = before.split('\n').length - 1
  return {line, character: before.length - (before.lastIndexOf('\n') + 1)}
}

/** Apply a WorkspaceEdit's text edits to the files on disk (as an editor would). */
function applyWorkspaceEdit(
  dir: string,
  edit: {
    documentChanges?: (
      | {
          textDocument: {uri: string}
          edits: {range: PublishedDiagnostic['range']; newText: string}[]
        }
      | {kind: 'rename'; oldUri: string; newUri: string}
    )[]
  }
): void {
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      const from = new URL(change.oldUri).pathname
      const to = new URL(change.newUri).pathname
      spawnSync('mkdir', ['-p', path.dirname(to)])
      spawnSync('mv', [from, to])
      continue
    }
    const file = new URL(change.textDocument.uri).pathname
    const text = readFileSync(file, 'utf8')
    const lines = text.split('\n')
    const offset = (p: {line: number; character: number}) =>
      lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character
    const edits = [...change.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
    let result = text
    for (const e of edits) {
      result =
        result.slice(0, offset(e.range.start)) + e.newText + result.slice(offset(e.range.end))
    }
    writeFileSync(file, result)
  }
}

describe('doclint lsp --stdio', () => {
  it('publishes findings for every file they concern as a buffer changes, equal to the command line', async () => {
    const client = await start()
    expect(published(client)).toEqual([])
    // Delete the label in guide/a.rst (unsaved): the :ref: in guide/b.rst turns red.
    await client.open('guide/a.rst', FILES['guide/a.rst'])
    await client.change('guide/a.rst', 'Section A\n=========\n\nText about A.\n')
    await client.until(() => client.of('guide/b.rst').length > 0)
    expect(client.of('guide/b.rst').map((d) => d.code)).toEqual(['ref-undefined'])
    // The same text saved: the command line prints exactly what the server published.
    writeFileSync(path.join(client.dir, 'guide/a.rst'), 'Section A\n=========\n\nText about A.\n')
    expect(published(client)).toEqual(cliFindings(client.dir))
    // Put it back: the finding goes away.
    await client.change('guide/a.rst', FILES['guide/a.rst'])
    await client.until(() => client.of('guide/b.rst').length === 0)
  })

  it('reports an orphan when a toctree entry is removed, and a broken link as it is typed', async () => {
    const client = await start()
    await client.open('index.rst', FILES['index.rst'])
    await client.change('index.rst', FILES['index.rst'].replace('   guide/b\n', ''))
    await client.until(() => client.of('guide/b.rst').some((d) => d.code === 'orphan'))
    await client.open('guide/b.rst', FILES['guide/b.rst'])
    await client.change('guide/b.rst', FILES['guide/b.rst'].replace(':doc:`a`', ':doc:`aa`'))
    await client.until(() => client.of('guide/b.rst').some((d) => d.code === 'doc-unknown'))
    const broken = client.of('guide/b.rst').find((d) => d.code === 'doc-unknown')
    expect(broken?.message).toContain('`aa`')
    // The quick fix offers the near name, written as the link writes it.
    const actions = await client.request<
      {title: string; edit: {changes: Record<string, {newText: string}[]>}}[]
    >('textDocument/codeAction', {
      textDocument: {uri: uri(client.dir, 'guide/b.rst')},
      range: broken?.range,
      context: {diagnostics: [broken]}
    })
    expect(actions.map((a) => a.title)).toContain('Change to `a`')
    const fix = actions.find((a) => a.title === 'Change to `a`')
    expect(Object.values(fix?.edit.changes ?? {})[0]?.[0]?.newText).toBe('a')
  })

  it('survives invalid RST mid-edit without wiping other findings', async () => {
    const client = await start({
      ...FILES,
      'guide/b.rst': FILES['guide/b.rst'].replace(':doc:`a`', ':doc:`nope`')
    })
    await client.open('guide/a.rst', FILES['guide/a.rst'])
    await client.until(() => client.of('guide/b.rst').length === 1)
    for (const junk of [
      '.. _x:\n.. _x:\n=====\n',
      '``unclosed\n.. toctree::\n   :maxdepth: x\n',
      '\u0000\uffff`:ref:`'
    ]) {
      await client.change('guide/a.rst', FILES['guide/a.rst'] + junk)
    }
    await client.change('guide/a.rst', FILES['guide/a.rst'])
    const symbols = await client.request<unknown[]>('workspace/symbol', {query: ''})
    expect(symbols.length).toBeGreaterThan(0)
    expect(client.of('guide/b.rst').map((d) => d.code)).toEqual(['doc-unknown'])
  })

  it('goes to definitions, finds references and hovers', async () => {
    const client = await start()
    const b = FILES['guide/b.rst']
    const bUri = uri(client.dir, 'guide/b.rst')
    type Loc = {uri: string; range: PublishedDiagnostic['range']}
    const ref = await client.request<Loc[]>('textDocument/definition', {
      textDocument: {uri: bUri},
      position: at(b, ':ref:', 7)
    })
    expect(ref).toEqual([expect.objectContaining({uri: uri(client.dir, 'guide/a.rst')})])
    expect(ref[0]?.range.start.line).toBe(0)
    const doc = await client.request<Loc[]>('textDocument/definition', {
      textDocument: {uri: bUri},
      position: at(b, ':doc:', 6)
    })
    expect(doc[0]?.uri).toBe(uri(client.dir, 'guide/a.rst'))
    expect(doc[0]?.range.start.line).toBe(2)
    const term = await client.request<Loc[]>('textDocument/definition', {
      textDocument: {uri: bUri},
      position: at(b, ':term:', 8)
    })
    expect(term[0]?.uri).toBe(uri(client.dir, 'glossary.rst'))
    const image = await client.request<Loc[]>('textDocument/definition', {
      textDocument: {uri: bUri},
      position: at(b, 'pic.png', 1)
    })
    expect(image[0]?.uri).toBe(uri(client.dir, 'guide/pic.png'))
    const entry = await client.request<Loc[]>('textDocument/definition', {
      textDocument: {uri: uri(client.dir, 'index.rst')},
      position: at(FILES['index.rst'], 'guide/b', 2)
    })
    expect(entry[0]?.uri).toBe(bUri)

    const refs = await client.request<Loc[]>('textDocument/references', {
      textDocument: {uri: uri(client.dir, 'guide/a.rst')},
      position: {line: 0, character: 5},
      context: {includeDeclaration: false}
    })
    expect(refs.map((r) => [r.uri, r.range.start.line])).toEqual([[bUri, 3]])
    // References of a document: the toctree entry and the :doc: link.
    const docRefs = await client.request<Loc[]>('textDocument/references', {
      textDocument: {uri: uri(client.dir, 'guide/a.rst')},
      position: {line: 6, character: 0},
      context: {includeDeclaration: false}
    })
    expect(docRefs.map((r) => path.basename(new URL(r.uri).pathname)).sort()).toEqual([
      'b.rst',
      'index.rst'
    ])

    const hover = await client.request<{contents: {value: string}}>('textDocument/hover', {
      textDocument: {uri: bUri},
      position: at(b, ':ref:', 7)
    })
    expect(hover.contents.value).toContain('Section A')
    expect(hover.contents.value).toContain('guide/a.rst:1')
  })

  it('lists document and workspace symbols', async () => {
    const client = await start()
    await client.open('guide/a.rst', FILES['guide/a.rst'])
    const symbols = await client.request<{name: string; children?: {name: string}[]}[]>(
      'textDocument/documentSymbol',
      {textDocument: {uri: uri(client.dir, 'guide/a.rst')}}
    )
    expect(symbols.map((s) => s.name)).toEqual(['Section A', 'sec-a'])
    expect(symbols[0]?.children?.map((s) => s.name)).toEqual(['Sub'])
    const found = await client.request<{name: string}[]>('workspace/symbol', {query: 'sec'})
    expect(found.map((s) => s.name)).toContain('sec-a')
    const docs = await client.request<{name: string}[]>('workspace/symbol', {query: 'guide/b'})
    expect(docs.map((s) => s.name)).toContain('guide/b — Page B')
  })

  it('completes documents, labels, terms, toctree entries and image paths', async () => {
    const client = await start()
    const text = 'Page B\n======\n\n:doc:`\n:ref:`\n:term:`\n\n.. image:: \n'
    await client.open('guide/b.rst', text)
    type Item = {label: string; detail?: string; sortText?: string}
    const complete = (line: number, character: number) =>
      client.request<Item[]>('textDocument/completion', {
        textDocument: {uri: uri(client.dir, 'guide/b.rst')},
        position: {line, character}
      })
    const docs = await complete(3, 6)
    expect(docs.map((i) => i.label)).toEqual(
      expect.arrayContaining(['a', '../index', '../glossary'])
    )
    // Nearer documents rank first: guide/a before the top-level ones.
    const sorted = [...docs].sort((x, y) => (x.sortText ?? '').localeCompare(y.sortText ?? ''))
    expect(sorted[0]?.label).toBe('a')
    expect(docs.find((i) => i.label === 'a')?.detail).toBe('Section A')
    expect((await complete(4, 6)).map((i) => i.label)).toContain('sec-a')
    expect((await complete(5, 7)).map((i) => i.label)).toEqual(['widget'])
    expect((await complete(7, 11)).map((i) => i.label)).toEqual(['pic.png'])
    await client.open('index.rst', FILES['index.rst'] + '   gu')
    const entries = await client.request<Item[]>('textDocument/completion', {
      textDocument: {uri: uri(client.dir, 'index.rst')},
      position: {line: 8, character: 5}
    })
    expect(entries.map((i) => i.label)).toEqual(expect.arrayContaining(['guide/a', 'guide/b']))
  })

  it('renames a label everywhere in one WorkspaceEdit that leaves the tree clean', async () => {
    const client = await start()
    const edit = await client.request<Parameters<typeof applyWorkspaceEdit>[1]>(
      'textDocument/rename',
      {
        textDocument: {uri: uri(client.dir, 'guide/b.rst')},
        position: at(FILES['guide/b.rst'], ':ref:', 7),
        newName: 'section-a'
      }
    )
    expect(edit.documentChanges?.length).toBe(2)
    applyWorkspaceEdit(client.dir, edit)
    expect(readFileSync(path.join(client.dir, 'guide/a.rst'), 'utf8')).toContain('.. _section-a:')
    expect(readFileSync(path.join(client.dir, 'guide/b.rst'), 'utf8')).toContain(':ref:`section-a`')
    expect(cliFindings(client.dir)).toEqual([])
  })

  it('moves a document when its file is renamed: toctree entries and :doc: links follow', async () => {
    const client = await start()
    const edit = await client.request<Parameters<typeof applyWorkspaceEdit>[1]>(
      'workspace/willRenameFiles',
      {
        files: [
          {oldUri: uri(client.dir, 'guide/a.rst'), newUri: uri(client.dir, 'topics/alpha.rst')}
        ]
      }
    )
    applyWorkspaceEdit(client.dir, edit)
    spawnSync('mkdir', ['-p', path.join(client.dir, 'topics')])
    spawnSync('mv', [
      path.join(client.dir, 'guide/a.rst'),
      path.join(client.dir, 'topics/alpha.rst')
    ])
    expect(readFileSync(path.join(client.dir, 'index.rst'), 'utf8')).toContain('   topics/alpha\n')
    expect(readFileSync(path.join(client.dir, 'guide/b.rst'), 'utf8')).toContain(
      ':doc:`../topics/alpha`'
    )
    expect(cliFindings(client.dir)).toEqual([])
  })

  it('works on MyST: {ref} and Markdown links navigate, a label rename follows into Markdown', async () => {
    const client = await start({
      'conf.py':
        "extensions = ['myst_parser']\nsource_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}\n",
      'index.rst': 'Home\n====\n\n.. toctree::\n\n   guide\n   notes\n',
      'guide.md': '(guide-top)=\n# Guide\n\nText.\n',
      'notes.md': '# Notes\n\nSee {ref}`guide-top` and [the guide](guide.md).\n'
    })
    const notes = '# Notes\n\nSee {ref}`guide-top` and [the guide](guide.md).\n'
    type Loc = {uri: string; range: PublishedDiagnostic['range']}
    const ref = await client.request<Loc[]>('textDocument/definition', {
      textDocument: {uri: uri(client.dir, 'notes.md')},
      position: at(notes, '{ref}', 7)
    })
    expect(ref.map((l) => [l.uri, l.range.start.line])).toEqual([[uri(client.dir, 'guide.md'), 0]])
    const link = await client.request<Loc[]>('textDocument/definition', {
      textDocument: {uri: uri(client.dir, 'notes.md')},
      position: at(notes, 'guide.md', 2)
    })
    expect(link[0]?.uri).toBe(uri(client.dir, 'guide.md'))
    const edit = await client.request<Parameters<typeof applyWorkspaceEdit>[1]>(
      'textDocument/rename',
      {
        textDocument: {uri: uri(client.dir, 'notes.md')},
        position: at(notes, '{ref}', 7),
        newName: 'guide-start'
      }
    )
    applyWorkspaceEdit(client.dir, edit)
    expect(readFileSync(path.join(client.dir, 'guide.md'), 'utf8')).toContain('(guide-start)=')
    expect(readFileSync(path.join(client.dir, 'notes.md'), 'utf8')).toContain('{ref}`guide-start`')
    expect(cliFindings(client.dir)).toEqual([])
  })

  it('updates manifest findings as a build file is edited', async () => {
    const fixture = path.resolve(
      import.meta.dirname,
      '..',
      '..',
      'fixtures',
      'refactor',
      'ovs-like'
    )
    const files: Record<string, string> = {}
    for (const file of ['Makefile.am', 'Documentation/automake.mk', 'Documentation/conf.py']) {
      files[file] = readFileSync(path.join(fixture, file), 'utf8')
    }
    for (const file of [
      'index.rst',
      'intro/index.rst',
      'intro/install.rst',
      'intro/windows.rst',
      'topics/index.rst',
      'topics/bonding.rst',
      'topics/windows.rst',
      'images/overview.png'
    ]) {
      files[`Documentation/${file}`] = readFileSync(
        path.join(fixture, 'Documentation', file),
        'utf8'
      )
    }
    const client = await start(files)
    expect(published(client)).toEqual([])
    const automake = files['Documentation/automake.mk'] ?? ''
    await client.open('Documentation/automake.mk', automake)
    await client.change(
      'Documentation/automake.mk',
      automake.replace('\tDocumentation/topics/bonding.rst \\\n', '')
    )
    await client.until(() => client.of('Documentation/topics/bonding.rst').length > 0)
    expect(client.of('Documentation/topics/bonding.rst').map((d) => d.code)).toEqual([
      'manifest-unlisted'
    ])
  })

  it('exits when its stdin closes', async () => {
    const client = new Client(tree(FILES))
    await client.start()
    const exited = new Promise<number | null>((resolve) => client.child.once('exit', resolve))
    client.child.stdin?.end()
    expect(await exited).not.toBeNull()
    client.connection.dispose()
  })
})
