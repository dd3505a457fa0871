import {chmodSync, renameSync, rmSync, symlinkSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {applyPatch, type ApplyResult} from '../../src/patch/apply.js'
import {parseDiff} from '../../src/patch/diff.js'
import {GitTree} from '../../src/tree/git.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {OverlayTree} from '../../src/tree/overlay.js'
import {cleanup, commitAll, git, gitOk, makeRepo, snapshot, writeFiles} from './helpers.js'

afterAll(cleanup)

const lines = (count: number, word = 'line'): string =>
  Array.from({length: count}, (_, i) => `${word} ${i + 1}\n`).join('')

/**
 * Commit `base`, let `change` edit the work tree, commit, and return the diff git wrote
 * (`git diff-tree` with the given options) with the two trees.
 */
async function scenario(
  base: Record<string, string | Uint8Array>,
  change: (dir: string) => void,
  diffArgs: string[] = ['--binary', '-M']
): Promise<{dir: string; diff: string; before: GitTree; after: GitTree}> {
  const dir = makeRepo(base)
  change(dir)
  commitAll(dir, 'change')
  const diff = git(dir, 'diff', ...diffArgs, 'HEAD~1', 'HEAD')
  return {dir, diff, before: new GitTree(dir, 'HEAD~1'), after: new GitTree(dir, 'HEAD')}
}

async function expectApplies(diff: string, before: GitTree, after: GitTree): Promise<ApplyResult> {
  const result = await applyPatch(before, parseDiff(diff))
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'))
  expect(await snapshot(new OverlayTree(before, result.changes))).toEqual(await snapshot(after))
  before.close()
  after.close()
  return result
}

function failure(result: ApplyResult): {messageId: string; message: string; ruleId: string} {
  if (result.ok) throw new Error('expected the patch to fail')
  expect(result.problems.length).toBeGreaterThan(0)
  return result.problems[0] as {messageId: string; message: string; ruleId: string}
}

describe('applyPatch on git-made diffs', () => {
  it('modifies a file with hunks at both ends and in the middle', async () => {
    const {diff, before, after} = await scenario({'doc/a.rst': lines(60)}, (dir) => {
      const text = lines(60)
        .replace('line 1\n', 'first\n')
        .replace('line 30\n', 'middle\nline 30b\n')
        .replace('line 60\n', '')
      writeFiles(dir, {'doc/a.rst': text})
    })
    const result = await expectApplies(diff, before, after)
    if (result.ok) expect(result.files).toEqual(['doc/a.rst'])
  })

  it('creates and deletes files', async () => {
    const {diff, before, after} = await scenario(
      {'a.rst': 'a\n', 'gone.rst': 'bye\nbye\n'},
      (dir) => {
        writeFiles(dir, {'new/b.rst': 'b\n', 'new/empty.rst': ''})
        rmSync(path.join(dir, 'gone.rst'))
      }
    )
    const result = await expectApplies(diff, before, after)
    if (result.ok) {
      expect(result.files).toEqual(['gone.rst', 'new/b.rst', 'new/empty.rst'])
      expect(result.changes.get('gone.rst')).toEqual({kind: 'deleted'})
    }
  })

  it('renames with changes (-M) and records the rename', async () => {
    const body = lines(40)
    const {diff, before, after} = await scenario({'old/name.rst': body}, (dir) => {
      rmSync(path.join(dir, 'old/name.rst'))
      writeFiles(dir, {'new/name.rst': body.replace('line 20\n', 'line twenty\n')})
    })
    expect(diff).toContain('rename from old/name.rst')
    const result = await expectApplies(diff, before, after)
    if (result.ok) expect([...result.renames]).toEqual([['old/name.rst', 'new/name.rst']])
  })

  it('copies with -C --find-copies-harder', async () => {
    const body = lines(40)
    const {diff, before, after} = await scenario(
      {'src.rst': body},
      (dir) => writeFiles(dir, {'copy.rst': body.replace('line 3\n', 'line three\n')}),
      ['-C', '--find-copies-harder']
    )
    expect(diff).toContain('copy from src.rst')
    await expectApplies(diff, before, after)
  })

  it('changes modes and keeps content', async () => {
    const {diff, before, after} = await scenario({'run.sh': 'echo hi\n'}, (dir) => {
      chmodSync(path.join(dir, 'run.sh'), 0o755)
    })
    expect(diff).toContain('new mode 100755')
    const result = await expectApplies(diff, before, after)
    if (result.ok)
      expect(result.changes.get('run.sh')).toMatchObject({kind: 'file', mode: '100755'})
  })

  it('handles files without a final newline, both ways', async () => {
    const {diff, before, after} = await scenario(
      {'a.txt': 'one\ntwo', 'b.txt': 'one\ntwo\n'},
      (dir) => {
        writeFiles(dir, {'a.txt': 'one\ntwo\n', 'b.txt': 'one\nTWO'})
      }
    )
    expect(diff).toContain('\\ No newline at end of file')
    await expectApplies(diff, before, after)
  })

  it('keeps CRLF line endings byte for byte', async () => {
    const crlf = lines(10).replace(/\n/g, '\r\n')
    const {diff, before, after} = await scenario({'win.txt': crlf}, (dir) => {
      writeFiles(dir, {'win.txt': crlf.replace('line 5\r\n', 'line five\r\n')})
    })
    await expectApplies(diff, before, after)
  })

  it('applies literal and delta binary patches exactly', async () => {
    const image = new Uint8Array(4096).map((_, i) => (i * 7919) % 251)
    const edited = image.slice()
    edited[100] = 0
    edited[2000] = 255
    const {diff, before, after} = await scenario({'img.png': image}, (dir) => {
      writeFiles(dir, {'img.png': edited, 'icon.bin': new Uint8Array([0, 1, 2, 3, 0, 255])})
    })
    expect(diff).toContain('GIT binary patch')
    await expectApplies(diff, before, after)
  })

  it('treats a binary change without data as a file with unknown bytes', async () => {
    const {dir, diff, before, after} = await scenario(
      {'keep.txt': 'x\n'},
      (dir) => {
        writeFiles(dir, {'logo.bin': new Uint8Array([0, 1, 2, 0])})
      },
      ['--full-index']
    )
    expect(diff).toContain('Binary files /dev/null and b/logo.bin differ')
    const result = await applyPatch(before, parseDiff(diff))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const tree = new OverlayTree(before, result.changes)
    expect(await tree.exists('logo.bin')).toBe(true)
    expect(tree.isUnknown('logo.bin')).toBe(true)
    expect(result.notes.join('\n')).toContain('content unknown')
    // without the full index line git refuses it, and so does doclint, in git's words
    const short = git(dir, 'diff', 'HEAD~1', 'HEAD')
    writeFiles(dir, {'../short.diff': short})
    git(dir, 'checkout', '-q', 'HEAD~1')
    expect(gitOk(dir, 'apply', '--check', '../short.diff')).toBe(false)
    const refused = failure(await applyPatch(before, parseDiff(short)))
    expect(refused.messageId).toBe('binaryWithoutIndex')
    expect(refused.message).toContain('without a full index line')
    // A later text hunk on such a file cannot be checked.
    const again = await applyPatch(
      tree,
      parseDiff('--- a/logo.bin\n+++ b/logo.bin\n@@ -1 +1 @@\n-x\n+y\n')
    )
    expect(failure(again).messageId).toBe('unknownContent')
    before.close()
    after.close()
  })

  it('creates an in-tree symlink and notes it', async () => {
    const {diff, before, after} = await scenario({'target.rst': 't\n'}, (dir) => {
      symlinkSync('target.rst', path.join(dir, 'link.rst'))
    })
    expect(diff).toContain('new file mode 120000')
    const result = await applyPatch(before, parseDiff(diff))
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.notes.join('\n')).toContain('symlink')
      // Symlinks are not listed or read, as in the git trees.
      expect(await snapshot(new OverlayTree(before, result.changes))).toEqual(await snapshot(after))
    }
    before.close()
    after.close()
  })

  it('applies at an offset when lines were added above', async () => {
    const base = new MemoryTree({'a.txt': 'new 1\nnew 2\nnew 3\n' + lines(20)})
    const diff =
      '--- a/a.txt\n+++ b/a.txt\n@@ -9,7 +9,7 @@\n line 9\n line 10\n line 11\n-line 12\n+line XII\n line 13\n line 14\n line 15\n'
    const result = await applyPatch(base, parseDiff(diff))
    expect(result.ok).toBe(true)
    if (result.ok) {
      const text = new TextDecoder().decode(
        (result.changes.get('a.txt') as {bytes: Uint8Array}).bytes
      )
      expect(text.split('\n')[14]).toBe('line XII')
    }
  })
})

describe('applyPatch failures', () => {
  const base = new MemoryTree({'doc/a.rst': lines(30), 'doc/b.rst': 'b\n'})

  it('reports a context mismatch naming the file and the hunk, and applies nothing', async () => {
    const diff =
      'diff --git a/doc/b.rst b/doc/b.rst\n--- a/doc/b.rst\n+++ b/doc/b.rst\n@@ -1 +1 @@\n-b\n+B\n' +
      'diff --git a/doc/a.rst b/doc/a.rst\n--- a/doc/a.rst\n+++ b/doc/a.rst\n@@ -20,7 +20,6 @@\n line 20\n line 21\n line 22\n-line 99\n line 24\n line 25\n line 26\n'
    const result = await applyPatch(base, parseDiff(diff))
    const problem = failure(result)
    expect(problem.ruleId).toBe('patch-apply')
    expect(problem.messageId).toBe('contextMismatch')
    expect(problem.message).toContain('`@@ -20,7 +20,6 @@`')
    expect(problem.message).toContain('`doc/a.rst`')
    expect('changes' in result).toBe(false)
  })

  it('reports a missing file', async () => {
    const diff = '--- a/doc/none.rst\n+++ b/doc/none.rst\n@@ -1 +1 @@\n-x\n+y\n'
    const problem = failure(await applyPatch(base, parseDiff(diff), {strip: 1}))
    expect(problem.messageId).toBe('missingFile')
    expect(problem.message).toContain('doc/none.rst')
  })

  it('reports creating a file that exists', async () => {
    const diff =
      'diff --git a/doc/b.rst b/doc/b.rst\nnew file mode 100644\n--- /dev/null\n+++ b/doc/b.rst\n@@ -0,0 +1 @@\n+b\n'
    expect(failure(await applyPatch(base, parseDiff(diff))).messageId).toBe('targetExists')
  })

  it('says whitespace-damaged when only a whitespace-insensitive match exists', async () => {
    const tree = new MemoryTree({
      'i.rst': 'Title\n\n    - :doc:`a`\n    - :doc:`b`\n    - :doc:`c`\n'
    })
    const diff =
      '--- a/i.rst\n+++ b/i.rst\n@@ -3,3 +3,2 @@\n - :doc:`a`\n- - :doc:`b`\n - :doc:`c`\n'
    const problem = failure(await applyPatch(tree, parseDiff(diff)))
    expect(problem.messageId).toBe('whitespaceDamaged')
    expect(problem.message).toContain('whitespace-damaged')
    const loose = await applyPatch(tree, parseDiff(diff), {ignoreWhitespace: true})
    expect(loose.ok).toBe(true)
    if (loose.ok) {
      const text = new TextDecoder().decode(
        (loose.changes.get('i.rst') as {bytes: Uint8Array}).bytes
      )
      // The tree's indentation is kept for context lines.
      expect(text).toBe('Title\n\n    - :doc:`a`\n    - :doc:`c`\n')
    }
  })

  it('with ignoreWhitespace, gives added lines the CRLF endings of the lines they join', async () => {
    const tree = new MemoryTree({'w.txt': 'one\r\n  two\r\nthree\r\n'})
    // A mail client turned the CRLF patch into LF lines and dropped the indentation.
    const diff = '--- a/w.txt\n+++ b/w.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n'
    const result = await applyPatch(tree, parseDiff(diff), {ignoreWhitespace: true})
    expect(result.ok && result.whitespaceHunks).toBe(1)
    if (result.ok) {
      const text = new TextDecoder().decode(
        (result.changes.get('w.txt') as {bytes: Uint8Array}).bytes
      )
      expect(text).toBe('one\r\nTWO\r\nthree\r\n')
    }
  })

  it('says when a patch seems applied already', async () => {
    const diff = '--- a/doc/b.rst\n+++ b/doc/b.rst\n@@ -1 +1 @@\n-a\n+b\n'
    expect(failure(await applyPatch(base, parseDiff(diff))).messageId).toBe('alreadyApplied')
  })

  it('refuses to delete a file whose content the patch does not remove', async () => {
    const diff =
      'diff --git a/doc/a.rst b/doc/a.rst\ndeleted file mode 100644\n--- a/doc/a.rst\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-line 1\n-line 2\n-line 3\n'
    expect(failure(await applyPatch(base, parseDiff(diff))).ruleId).toBe('patch-apply')
  })

  it('reports a patch touching a file it deleted earlier', async () => {
    const diff =
      'diff --git a/doc/b.rst b/doc/b.rst\ndeleted file mode 100644\n--- a/doc/b.rst\n+++ /dev/null\n@@ -1 +0,0 @@\n-b\n' +
      'diff --git a/doc/b.rst b/doc/b.rst\n--- a/doc/b.rst\n+++ b/doc/b.rst\n@@ -1 +1 @@\n-b\n+c\n'
    const problem = failure(await applyPatch(base, parseDiff(diff)))
    expect(problem.messageId).toBe('missingFile')
    expect(problem.message).toContain('deleted earlier in this patch')
  })
})

describe('applyPatch rejects hostile paths', () => {
  const base = new MemoryTree({'a.rst': 'a\n', 'b.rst': 'b\n'})
  const create = (name: string): string =>
    `diff --git a/${name} b/${name}\nnew file mode 100644\n--- /dev/null\n+++ b/${name}\n@@ -0,0 +1 @@\n+x\n`

  it('rejects `..` segments', async () => {
    const problem = failure(await applyPatch(base, parseDiff(create('../escape.rst'))))
    expect(problem.messageId).toBe('unsafePath')
    expect(problem.message).toContain('`..`')
  })

  it('rejects absolute paths', async () => {
    const diff = '--- /dev/null\n+++ /etc/passwd\n@@ -0,0 +1 @@\n+x\n'
    const problem = failure(await applyPatch(base, parseDiff(diff), {strip: 0}))
    expect(problem.message).toContain('absolute')
  })

  it('rejects paths inside .git/', async () => {
    const problem = failure(await applyPatch(base, parseDiff(create('.git/hooks/pre-commit'))))
    expect(problem.message).toContain('.git')
  })

  it('rejects NUL bytes in quoted paths', async () => {
    const diff =
      'diff --git "a/x\\000y" "b/x\\000y"\nnew file mode 100644\n--- /dev/null\n+++ "b/x\\000y"\n@@ -0,0 +1 @@\n+x\n'
    expect(failure(await applyPatch(base, parseDiff(diff))).message).toContain('NUL')
  })

  it('rejects `..` in git rename lines', async () => {
    const diff =
      'diff --git a/a.rst b/x.rst\nsimilarity index 100%\nrename from a.rst\nrename to ../../x.rst\n'
    const problem = failure(await applyPatch(base, parseDiff(diff)))
    expect(problem.messageId).toBe('unsafePath')
    expect(problem.message).toContain('../../x.rst')
  })

  it('rejects a copy into .git/', async () => {
    const diff =
      'diff --git a/a.rst b/.git/config\nsimilarity index 100%\ncopy from a.rst\ncopy to .git/config\n'
    expect(failure(await applyPatch(base, parseDiff(diff))).message).toContain('`.git/`')
  })

  it('rejects Windows drive paths', async () => {
    const diff = '--- /dev/null\n+++ C:/Windows/evil.rst\n@@ -0,0 +1 @@\n+x\n'
    expect(failure(await applyPatch(base, parseDiff(diff), {strip: 0})).message).toContain(
      'absolute'
    )
  })

  it('rejects a rename onto an existing file', async () => {
    const diff =
      'diff --git a/a.rst b/b.rst\nsimilarity index 100%\nrename from a.rst\nrename to b.rst\n'
    const problem = failure(await applyPatch(base, parseDiff(diff)))
    expect(problem.messageId).toBe('targetExists')
    expect(problem.message).toContain('rename onto `b.rst`')
  })

  it('rejects two sections creating the same file', async () => {
    const problem = failure(await applyPatch(base, parseDiff(create('c.rst') + create('c.rst'))))
    expect(problem.messageId).toBe('targetExists')
  })

  it('applies a symlink out of the tree as content, as git does, and never follows it', async () => {
    const diff =
      'diff --git a/doc/link b/doc/link\nnew file mode 120000\n--- /dev/null\n+++ b/doc/link\n@@ -0,0 +1 @@\n+../../etc/passwd\n\\ No newline at end of file\n'
    const result = await applyPatch(base, parseDiff(diff))
    if (!result.ok) throw new Error('git applies a link out of the tree; so must doclint')
    expect(result.notes.join('\n')).toContain('outside the tree: never followed')
    const tree = new OverlayTree(base, result.changes)
    expect(await tree.read('doc/link')).toBeUndefined()
    expect(await tree.list()).not.toContain('doc/link')
    expect(new TextDecoder().decode(await tree.readLink('doc/link'))).toBe('../../etc/passwd')
  })

  it('applies an absolute symlink target as content', async () => {
    const diff =
      'diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+/etc/passwd\n\\ No newline at end of file\n'
    const result = await applyPatch(base, parseDiff(diff))
    expect(result.ok).toBe(true)
    if (result.ok) expect(await new OverlayTree(base, result.changes).exists('link')).toBe(false)
  })
})

describe('applyPatch name collisions across a series', () => {
  const create = (name: string) =>
    `diff --git a/${name} b/${name}\nnew file mode 100644\n--- /dev/null\n+++ b/${name}\n@@ -0,0 +1 @@\n+x\n`
  const base = new MemoryTree({'docs/index.rst': 'Index\n', 'docs/Old.rst': 'old\n'})

  it('a file an earlier patch created, a base file, or one of the same patch', async () => {
    const first = await applyPatch(base, parseDiff(create('docs/New.rst')))
    if (!first.ok) throw new Error('the first patch must apply')
    const patched = new OverlayTree(base, first.changes)
    const collide = async (tree: MemoryTree | OverlayTree, diff: string) => {
      const result = await applyPatch(tree, parseDiff(diff))
      return result.ok ? [] : result.problems.map((problem) => problem.messageId)
    }
    // created by the patch before
    expect(await collide(patched, create('docs/new.rst'))).toEqual(['nameCollision'])
    // in the base, seen through the overlay
    expect(await collide(patched, create('docs/INDEX.rst'))).toEqual(['nameCollision'])
    // two files of one patch
    expect(await collide(patched, create('docs/x.rst') + create('docs/X.rst'))).toEqual([
      'nameCollision'
    ])
    // a base file an earlier patch deleted is gone: no collision
    const deleting = await applyPatch(
      base,
      parseDiff(
        'diff --git a/docs/Old.rst b/docs/Old.rst\ndeleted file mode 100644\n--- a/docs/Old.rst\n+++ /dev/null\n@@ -1 +0,0 @@\n-old\n'
      )
    )
    if (!deleting.ok) throw new Error('the deletion must apply')
    expect(await collide(new OverlayTree(base, deleting.changes), create('docs/old.rst'))).toEqual(
      []
    )
    // NFC and NFD spellings of one name
    expect(
      await collide(patched, create('docs/Ne\u0301.rst') + create('docs/n\u00e9.rst'))
    ).toEqual(['nameCollision'])
  })
})

describe('applyPatch path prefixes', () => {
  it('guesses -p0 for a plain diff without prefixes', async () => {
    const tree = new MemoryTree({'docs/a.rst': 'a\n'})
    const diff =
      '--- docs/a.rst.orig\t2020-01-01 00:00:00\n+++ docs/a.rst\t2020-01-02 00:00:00\n@@ -1 +1 @@\n-a\n+b\n'
    const result = await applyPatch(tree, parseDiff(diff))
    expect(result.ok && result.files).toEqual(['docs/a.rst'])
  })

  it('guesses -p2 for a diff made one folder up', async () => {
    const tree = new MemoryTree({'docs/a.rst': 'a\n'})
    const diff = '--- x/old/docs/a.rst\n+++ x/new/docs/a.rst\n@@ -1 +1 @@\n-a\n+b\n'
    const result = await applyPatch(tree, parseDiff(diff))
    expect(result.ok && result.files).toEqual(['docs/a.rst'])
  })

  it('honours an explicit strip for git diffs', async () => {
    const tree = new MemoryTree({'a.rst': 'a\n'})
    const diff =
      'diff --git a/top/a.rst b/top/a.rst\n--- a/top/a.rst\n+++ b/top/a.rst\n@@ -1 +1 @@\n-a\n+b\n'
    const result = await applyPatch(tree, parseDiff(diff), {strip: 2})
    expect(result.ok && result.files).toEqual(['a.rst'])
  })

  it('moves a renamed file with a stripped git rename', async () => {
    const dir = makeRepo({'sub/a.rst': lines(10)})
    renameSync(path.join(dir, 'sub/a.rst'), path.join(dir, 'sub/b.rst'))
    commitAll(dir, 'rename')
    const diff = git(dir, 'diff', '-M', 'HEAD~1', 'HEAD')
    const before = new GitTree(dir, 'HEAD~1')
    const result = await applyPatch(before, parseDiff(diff))
    expect(result.ok && [...result.renames]).toEqual([['sub/a.rst', 'sub/b.rst']])
    before.close()
  })
})

describe('hostile sizes', () => {
  it('adds a 300,000-line file and inserts 300,000 lines into one (no argument-list overflow)', async () => {
    const count = 300_000
    const added = Array.from({length: count}, (_, i) => `+line ${i}\n`).join('')
    const diff =
      `diff --git a/big.rst b/big.rst\nnew file mode 100644\n--- /dev/null\n+++ b/big.rst\n` +
      `@@ -0,0 +1,${count} @@\n${added}` +
      `diff --git a/a.rst b/a.rst\n--- a/a.rst\n+++ b/a.rst\n` +
      `@@ -1,2 +1,${count + 2} @@\n first\n${added} last\n`
    const base = new MemoryTree({'a.rst': 'first\nlast\n'})
    const result = await applyPatch(base, parseDiff(diff))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const after = new OverlayTree(base, result.changes)
    const big = new TextDecoder().decode(await after.read('big.rst'))
    expect(big.split('\n')).toHaveLength(count + 1)
    const a = new TextDecoder().decode(await after.read('a.rst'))
    expect(a.startsWith('first\nline 0\n')).toBe(true)
    expect(a.endsWith(`line ${count - 1}\nlast\n`)).toBe(true)
  })
})
