/**
 * Issue 7, item 2: hostile trees, end to end through the real bin. Symlink loops and links out
 * of the tree are not followed (and said so), unreadable entries are reported, odd encodings and
 * line ends give findings on the right lines, huge and deeply nested files do not crash, and the
 * tree is never written to.
 */
import {chmodSync, symlinkSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {extractRstFacts} from '../../src/facts/rst.js'
import {parse} from '../../src/rst/parse.js'
import {
  cleanTemps,
  doclint,
  readsThroughPermissions,
  report,
  snapshot,
  tempDir,
  writeTree
} from './helpers.js'

afterAll(cleanTemps)

const conf = {'conf.py': "project = 'hostile'\n"}

function toctree(entries: string[]): string {
  return `Title\n=====\n\n.. toctree::\n\n${entries.map((entry) => `   ${entry}\n`).join('')}`
}

describe('symbolic links during discovery', () => {
  it('loops and links out of the tree are not followed, and each is named on stderr', () => {
    const outer = tempDir()
    const root = path.join(outer, 'tree')
    writeTree(outer, {'secret.rst': 'Secret\n======\n\nroot:x:0:0 outside the tree\n'})
    writeTree(root, {...conf, 'index.rst': toctree(['sub/a']), 'sub/a.rst': 'A\n=\n'})
    symlinkSync('..', path.join(root, 'sub', 'loop'))
    symlinkSync(outer, path.join(root, 'outside-dir'))
    symlinkSync(path.join(outer, 'secret.rst'), path.join(root, 'secret.rst'))
    symlinkSync('missing.rst', path.join(root, 'dangling.rst'))
    const before = snapshot(outer)
    const run = doclint(root, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.code).toBe(0)
    const json = report(run)
    const files = json.diagnostics.map((finding) => finding.file)
    expect(files.some((file) => file.startsWith('outside-dir') || file.includes('loop'))).toBe(
      false
    )
    expect(run.stdout).not.toMatch(/root:x:0:0/)
    expect(json.summary.documents).toBe(2)
    expect(run.stderr).toMatch(/secret\.rst: symbolic link points outside the tree; not followed/)
    expect(run.stderr).toMatch(/outside-dir: symbolic link points outside the tree; not followed/)
    expect(run.stderr).toMatch(
      /sub\/loop: symbolic link loops back to a parent folder; not followed/
    )
    expect(run.stderr).toMatch(/dangling\.rst: broken symbolic link/)
    expect(snapshot(outer)).toEqual(before)
  })
})

describe('unreadable files and folders', () => {
  // As root, chmod 000 does not stop a read: there is nothing unreadable to test.
  const root = process.getuid?.() === 0 || readsThroughPermissions()
  it.skipIf(root)(
    'are reported on stderr, not a crash (skipped when running as root: chmod 000 does not block reads)',
    () => {
      const dir = tempDir()
      writeTree(dir, {
        ...conf,
        'index.rst': toctree(['locked', 'closed/b']),
        'locked.rst': 'L\n=\n',
        'closed/b.rst': 'B\n=\n'
      })
      chmodSync(path.join(dir, 'locked.rst'), 0o000)
      chmodSync(path.join(dir, 'closed'), 0o000)
      try {
        const run = doclint(dir, ['--format', 'json'])
        expect(run.signal).toBeNull()
        expect(run.stderr).not.toMatch(/internal error/)
        expect(run.stderr).toMatch(/closed: cannot list folder/)
        expect(run.stderr).toMatch(/locked\.rst: cannot read file/)
        expect(report(run).summary).toBeDefined()
      } finally {
        chmodSync(path.join(dir, 'closed'), 0o755)
        chmodSync(path.join(dir, 'locked.rst'), 0o644)
      }
    }
  )
})

describe('encodings and line ends', () => {
  it('non-UTF-8, BOM, CRLF, lone CR, NUL and empty files give findings on the right lines', () => {
    const dir = tempDir()
    const docs = ['latin1', 'bom', 'crlf', 'cr', 'nul', 'empty']
    writeTree(dir, {
      ...conf,
      'index.rst': toctree(docs),
      'latin1.rst': Buffer.from('Caf\xe9\n====\n\n:doc:`nope-latin1`\n', 'latin1'),
      'bom.rst': Buffer.from('\ufeffBom\n===\n\n:doc:`nope-bom`\n', 'utf8'),
      'crlf.rst': 'Crlf\r\n====\r\n\r\n:doc:`nope-crlf`\r\n',
      'cr.rst': 'Cr\r==\r\r:doc:`nope-cr`\r',
      'nul.rst': 'Nul\n===\n\na\0b :doc:`nope-nul`\n',
      'empty.rst': ''
    })
    const before = snapshot(dir)
    const run = doclint(dir, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.code).toBe(1)
    const json = report(run)
    const unknown = json.diagnostics
      .filter((finding) => finding.rule === 'doc-unknown')
      .map((finding) => `${finding.file}:${finding.line}`)
    expect(unknown).toEqual(['bom.rst:4', 'cr.rst:4', 'crlf.rst:4', 'latin1.rst:4', 'nul.rst:4'])
    const untitled = json.diagnostics
      .filter((finding) => finding.rule === 'toctree-untitled')
      .map((finding) => finding.message)
    expect(untitled).toEqual(['Cannot link to document `empty` from the toctree: it has no title'])
    expect(snapshot(dir)).toEqual(before)
  })
})

describe('huge and deeply nested files', () => {
  it('a 50 MB single-line file is not read (over limits.maxFileSize), and says so', () => {
    const dir = tempDir()
    // Plain words: the size is the hostile part here (markup density is the bench's business).
    const line = 'lorem ipsum dolor sit amet '
      .repeat(Math.ceil((50 * 1024 * 1024) / 27))
      .slice(0, 50 * 1024 * 1024)
    writeTree(dir, {
      ...conf,
      'index.rst': toctree(['big']),
      'big.rst': `Big\n===\n\n${line} :doc:\`nope-big\`\n`
    })
    const run = doclint(dir, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(
      /^doclint: warning: big\.rst: file is larger than the limit of 8388608 bytes; not read$/m
    )
    expect((report(run).summary as {skipped?: unknown}).skipped).toEqual([
      {path: 'big.rst', message: 'file is larger than the limit of 8388608 bytes; not read'}
    ])
    // raised: read and checked to its last line
    writeFileSync(
      path.join(dir, 'doclint.config.json'),
      JSON.stringify({limits: {maxFileSize: 64 * 1024 * 1024}})
    )
    const raised = doclint(dir, ['--format', 'json'])
    const unknown = report(raised).diagnostics.filter((finding) => finding.rule === 'doc-unknown')
    expect(unknown.map((finding) => `${finding.file}:${finding.line}`)).toEqual(['big.rst:4'])
  })

  it('a 7 MB single-line file, under the default limit, is read to its last line', () => {
    const dir = tempDir()
    const line = 'lorem ipsum dolor sit amet '.repeat(Math.ceil((7 * 1024 * 1024) / 27))
    writeTree(dir, {
      ...conf,
      'index.rst': toctree(['big']),
      'big.rst': `Big\n===\n\n${line} :doc:\`nope-big\`\n`
    })
    const run = doclint(dir, ['--format', 'json'])
    const unknown = report(run).diagnostics.filter((finding) => finding.rule === 'doc-unknown')
    expect(unknown.map((finding) => `${finding.file}:${finding.line}`)).toEqual(['big.rst:4'])
  })

  it('10,000-deep block quotes and lists: no stack overflow, lists reached, quotes bounded', () => {
    const depth = 10_000
    // Tabs keep the file small (8 columns a character); each level is one column deeper.
    const indent = (level: number): string =>
      '\t'.repeat(Math.floor(level / 8)) + ' '.repeat(level % 8)
    let quotes = 'Quotes\n======\n\n'
    for (let level = 0; level < depth; level++) quotes += `${indent(level)}q${level}\n\n`
    quotes += `${indent(depth)}:doc:\`nope-quotes\`\n`
    const lists = `Lists\n=====\n\n${'- '.repeat(depth)}:doc:\`nope-lists\`\n`
    const enumerated = `Enumerated\n==========\n\n${'#. '.repeat(depth)}:doc:\`nope-enumerated\`\n`
    const dir = tempDir()
    writeTree(dir, {
      ...conf,
      'index.rst': toctree(['quotes', 'lists', 'enumerated']),
      'quotes.rst': quotes,
      'lists.rst': lists,
      'enumerated.rst': enumerated
    })
    const run = doclint(dir, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.stderr).not.toMatch(/internal error|Maximum call stack/)
    const unknown = report(run)
      .diagnostics.filter((finding) => finding.rule === 'doc-unknown')
      .map((finding) => `${finding.file}:${finding.line}`)
    // Lists nest on one line. Quotes nest by lines, and each level reads every line below it
    // again (50 million here): past limits.maxBlockElements' budget for that (500,000 lines
    // read again; the most in a real document is 3,409) the rest is text, and stderr says so.
    expect(unknown).toEqual(['enumerated.rst:4', 'lists.rst:4'])
    expect(run.stderr).toMatch(
      /^doclint: warning: quotes\.rst: Too much block nesting: more than 500000 nested lines read in this document; block parsing stopped at line \d+/m
    )
    // raised, the innermost quote is reached
    writeFileSync(
      path.join(dir, 'doclint.config.json'),
      JSON.stringify({limits: {maxBlockElements: 10_000_000}})
    )
    const raised = report(doclint(dir, ['--format', 'json']))
      .diagnostics.filter((finding) => finding.rule === 'doc-unknown')
      .map((finding) => `${finding.file}:${finding.line}`)
    expect(raised).toEqual(['enumerated.rst:4', 'lists.rst:4', `quotes.rst:${4 + 2 * depth}`])
  })

  it('facts of a 10,000-deep list: title and the innermost role, no stack overflow', () => {
    const text = `Deep\n====\n\n${'* '.repeat(10_000)}:doc:\`inner\`\n`
    const facts = extractRstFacts(parse(text), text)
    expect(facts.title?.text).toBe('Deep')
    expect(
      facts.xrefs.map((xref) => `${xref.role}:${xref.target}:${xref.range.start.line}`)
    ).toEqual(['doc:inner:4'])
  })
})

describe('the tree is never written', () => {
  it('a lint run of a hostile tree leaves every byte as it was', () => {
    const dir = tempDir()
    writeTree(dir, {
      ...conf,
      'index.rst': toctree(['a']),
      'a.rst': Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a, 0x80])
    })
    writeFileSync(path.join(dir, 'Makefile.am'), 'DOC_SOURCE = \\\n\tindex.rst \\\n')
    const before = snapshot(dir)
    const run = doclint(dir, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect([0, 1]).toContain(run.code)
    expect(snapshot(dir)).toEqual(before)
  })
})
