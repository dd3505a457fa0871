import {afterAll, describe, expect, it} from 'vitest'
import {parseDiff, splitGitHeader, stripComponents, unquoteCString} from '../../src/patch/diff.js'
import {cleanup, commitAll, git, makeRepo, writeFiles} from './helpers.js'

afterAll(cleanup)

describe('parseDiff', () => {
  it('reads git extended headers of a rename with similarity and mode change', () => {
    const diff = [
      'diff --git a/old name.rst b/new name.rst',
      'old mode 100644',
      'new mode 100755',
      'similarity index 90%',
      'rename from old name.rst',
      'rename to new name.rst',
      'index 1111111..2222222',
      '--- a/old name.rst\t',
      '+++ b/new name.rst\t',
      '@@ -1,2 +1,2 @@ Title',
      ' Title',
      '-old',
      '+new',
      ''
    ].join('\n')
    const {files, problems} = parseDiff(diff)
    expect(problems).toEqual([])
    expect(files[0]).toMatchObject({
      git: true,
      oldMode: '100644',
      newMode: '100755',
      similarity: 90,
      renameFrom: 'old name.rst',
      renameTo: 'new name.rst',
      oldId: '1111111',
      newId: '2222222',
      oldPath: 'a/old name.rst',
      newPath: 'b/new name.rst'
    })
    expect(files[0]?.hunks[0]).toMatchObject({
      oldStart: 1,
      oldCount: 2,
      newStart: 1,
      newCount: 2,
      header: '@@ -1,2 +1,2 @@'
    })
  })

  it('reads C-quoted paths that git writes for unusual names', () => {
    const dir = makeRepo({'plain.rst': 'x\n'})
    writeFiles(dir, {'tab\there.rst': 'a\n', 'quote"d.rst': 'b\n', 'ünï.rst': 'c\n'})
    commitAll(dir, 'odd names')
    const diff = git(dir, '-c', 'core.quotepath=true', 'diff', 'HEAD~1', 'HEAD')
    expect(diff).toContain('"b/tab\\there.rst"')
    expect(diff).toContain('\\303\\274')
    const {files, problems} = parseDiff(diff)
    expect(problems).toEqual([])
    expect(files.map((file) => file.newPath).sort()).toEqual([
      'b/quote"d.rst',
      'b/tab\there.rst',
      'b/ünï.rst'
    ])
  })

  it('reads new/deleted file modes, binary markers and GIT binary patch sections', () => {
    const diff = [
      'diff --git a/img.png b/img.png',
      'new file mode 100644',
      'index 0000000..1234567',
      'Binary files /dev/null and b/img.png differ',
      'diff --git a/bin.dat b/bin.dat',
      'deleted file mode 100644',
      'index 1234567..0000000',
      'GIT binary patch',
      'literal 0',
      'HcmV?d00001',
      '',
      'literal 4',
      'LcmZQzWMTjS01E&F',
      '',
      'diff --git a/x.rst b/x.rst',
      'index 1111111..2222222 100644',
      '--- a/x.rst',
      '+++ b/x.rst',
      '@@ -1 +1 @@',
      '-a',
      '\\ No newline at end of file',
      '+a',
      ''
    ].join('\n')
    const {files, problems} = parseDiff(diff)
    expect(problems).toEqual([])
    expect(
      files.map((file) => [
        file.headerNew,
        file.newFile,
        file.deletedFile,
        file.binary !== undefined
      ])
    ).toEqual([
      ['b/img.png', true, false, true],
      ['b/bin.dat', false, true, true],
      ['b/x.rst', false, false, false]
    ])
    expect(files[1]?.binary?.forward).toEqual({kind: 'literal', size: 0, data: ['HcmV?d00001']})
    expect(files[2]?.hunks[0]?.lines).toEqual([
      {kind: '-', text: 'a', newline: false},
      {kind: '+', text: 'a', newline: true}
    ])
  })

  it('keeps CR of CRLF lines in the text and reads empty lines as empty context', () => {
    const diff = '--- a/w.txt\r\n+++ b/w.txt\r\n@@ -1,3 +1,3 @@\r\n one\r\n\n-two\r\n+TWO\r\n'
    const {files, problems} = parseDiff(diff)
    expect(problems).toEqual([])
    expect(files[0]?.newPath).toBe('b/w.txt')
    expect(files[0]?.hunks[0]?.lines).toEqual([
      {kind: ' ', text: 'one\r', newline: true},
      {kind: ' ', text: '', newline: true},
      {kind: '-', text: 'two\r', newline: true},
      {kind: '+', text: 'TWO\r', newline: true}
    ])
  })

  it('reads a hunk of added lines as one text, and builds its lines only when asked', () => {
    const added = ['# Tïtle', '', 'crlf\r', '+plus', '\\ not a marker', 'last']
    const diff = [
      'diff --git a/new.rst b/new.rst',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.rst',
      `@@ -0,0 +1,${added.length} @@`,
      ...added.map((line) => `+${line}`),
      '\\ No newline at end of file',
      ''
    ].join('\n')
    const [hunk] = parseDiff(diff).files[0]!.hunks
    expect(hunk!.added).toBe(added.join('\n'))
    expect(hunk!.lines).toEqual(
      added.map((text, k) => ({kind: '+', text, newline: k < added.length - 1}))
    )
    // with the final newline, and the same lines as a hunk read line by line
    const withNewline = parseDiff(diff.replace('\\ No newline at end of file\n', ''))
    expect(withNewline.files[0]!.hunks[0]!.added).toBe(`${added.join('\n')}\n`)
    expect(withNewline.files[0]!.hunks[0]!.lines.every((line) => line.newline)).toBe(true)
    // a hunk with any other line is read line by line
    const mixed = parseDiff(
      diff.replace('@@ -0,0 +1,6 @@', '@@ -1,1 +1,6 @@').replace('+crlf', ' crlf')
    )
    expect(mixed.files[0]!.hunks[0]!.added).toBeUndefined()
  })

  it('stops at the mail signature because hunk counts are validated', () => {
    const diff =
      'Subject: x\n---\n a | 1 +\n\n--- a/a\n+++ b/a\n@@ -1 +1,2 @@\n a\n+b\n-- \n2.43.0\n'
    const {files, problems} = parseDiff(diff)
    expect(problems).toEqual([])
    expect(files[0]?.hunks[0]?.lines).toHaveLength(2)
  })

  it('reports a truncated hunk', () => {
    const {problems} = parseDiff('--- a/a\n+++ b/a\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n')
    expect(problems.map((problem) => problem.messageId)).toEqual(['truncatedHunk'])
    expect(problems[0]?.message).toContain('`@@ -1,3 +1,3 @@`')
  })

  it('reports text that is not a diff', () => {
    expect(parseDiff('just prose\n').problems.map((problem) => problem.messageId)).toEqual([
      'notAPatch'
    ])
  })
})

describe('path helpers', () => {
  it('unquotes C strings with octal UTF-8 bytes', () => {
    expect(unquoteCString('"a\\303\\251\\t\\"b\\\\"')).toEqual({value: 'aé\t"b\\', end: 18})
    expect(unquoteCString('"open')).toBeUndefined()
    expect(unquoteCString('"bad\\q"')).toBeUndefined()
  })

  it('splits diff --git headers with spaces and quotes', () => {
    expect(splitGitHeader('a/x y b/x y')).toEqual({old: 'a/x y', new: 'b/x y'})
    expect(splitGitHeader('"a/t\\tb" "b/t\\tb"')).toEqual({old: 'a/t\tb', new: 'b/t\tb'})
    expect(splitGitHeader('a/p b/q')).toEqual({old: 'a/p', new: 'b/q'})
  })

  it('strips leading components', () => {
    expect(stripComponents('a/b/c', 1)).toBe('b/c')
    // as git apply -p: every slash ends a component, and the rest is squashed
    expect(stripComponents('a//b/c', 2)).toBe('b/c')
    expect(stripComponents('a//tmp/x.rst', 1)).toBe('/tmp/x.rst')
    expect(stripComponents('a/doc//x.rst', 1)).toBe('doc/x.rst')
    expect(stripComponents('a', 1)).toBeUndefined()
  })
})
