/** Differential tests: our strict application against `git apply` on the same repositories. */
import {rmSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {applyPatch} from '../../src/patch/apply.js'
import {parseDiff} from '../../src/patch/diff.js'
import {DiskTree} from '../../src/tree/disk.js'
import {GitTree} from '../../src/tree/git.js'
import {OverlayTree} from '../../src/tree/overlay.js'
import {cleanup, commitAll, git, gitOk, makeRepo, snapshot, writeFiles} from './helpers.js'

afterAll(cleanup)

/** A small deterministic generator (mulberry32), so every run makes the same cases. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// A small vocabulary repeats lines, so some hunks match in several places.
const WORDS = ['toctree', 'index', '', 'intro', 'install', ':doc:`a`', 'see also', 'note']

function makeLines(next: () => number, count: number): string[] {
  return Array.from({length: count}, () => {
    const word = WORDS[Math.floor(next() * WORDS.length)] as string
    return next() < 0.5 ? word : `${word} ${Math.floor(next() * 40)}`
  })
}

function edit(next: () => number, lines: string[], operations: number): string[] {
  const out = [...lines]
  for (let k = 0; k < operations; k++) {
    const at = Math.floor(next() * (out.length + 1))
    const choice = next()
    if (choice < 0.35) out.splice(at, 0, `added ${k} ${Math.floor(next() * 1000)}`)
    else if (choice < 0.7 && out.length > 1) out.splice(Math.min(at, out.length - 1), 1)
    else if (out.length > 0) out[Math.min(at, out.length - 1)] = `changed ${k}`
  }
  return out
}

const text = (lines: string[], finalNewline = true): string =>
  lines.length === 0 ? '' : lines.join('\n') + (finalNewline ? '\n' : '')

interface Outcome {
  gitApplies: boolean
  weApply: boolean
  same: boolean
}

/** One case: a diff made between two commits, applied to a third (perturbed) commit. */
async function runCase(seed: number): Promise<Outcome> {
  const next = random(seed)
  const base: Record<string, string> = {}
  for (let f = 0; f < 3; f++)
    base[`doc/f${f}.rst`] = text(makeLines(next, 10 + Math.floor(next() * 60)), next() < 0.9)
  const dir = makeRepo(base)
  const baseSha = git(dir, 'rev-parse', 'HEAD').trim()
  // The change the patch carries.
  const changed: Record<string, string> = {}
  for (const [name, content] of Object.entries(base)) {
    changed[name] = text(
      edit(next, content.split('\n').slice(0, -1), Math.floor(next() * 4)),
      next() < 0.9
    )
  }
  if (next() < 0.3) changed['doc/new.rst'] = text(makeLines(next, 5))
  writeFiles(dir, changed)
  if (next() < 0.3) rmSync(path.join(dir, 'doc/f2.rst'))
  commitAll(dir, 'change')
  const diff = git(dir, 'diff', '-M', '--binary', baseSha, 'HEAD')
  // The tree it is applied to: the base with some unrelated insertions or edits.
  git(dir, 'checkout', '-q', '-b', 'target', baseSha)
  const perturbed: Record<string, string> = {}
  for (const [name, content] of Object.entries(base)) {
    const lines = content.split('\n').slice(0, -1)
    const roll = next()
    let result = lines
    if (roll < 0.1) result = edit(next, lines, 1 + Math.floor(next() * 2))
    else if (roll < 0.4) result = ['inserted a', 'inserted b', ...lines]
    else if (roll < 0.55) {
      // Insertions only: hunks below them must apply at an offset.
      result = [...lines]
      const count = 1 + Math.floor(next() * 4)
      for (let k = 0; k < count; k++)
        result.splice(Math.floor(next() * (result.length + 1)), 0, `inserted ${k}`)
    }
    perturbed[name] = text(result, content.endsWith('\n'))
  }
  writeFiles(dir, perturbed)
  const target = commitAll(dir, 'perturb')
  const tree = new GitTree(dir, target)
  const ours = await applyPatch(tree, parseDiff(diff))
  const patchFile = path.join(dir, '..', `${path.basename(dir)}.patch`)
  writeFiles(path.dirname(patchFile), {[path.basename(patchFile)]: diff})
  const gitApplies = gitOk(dir, 'apply', patchFile)
  let same = true
  if (gitApplies && ours.ok) {
    same =
      JSON.stringify(await snapshot(new DiskTree(dir))) ===
      JSON.stringify(await snapshot(new OverlayTree(tree, ours.changes)))
  }
  tree.close()
  rmSync(patchFile, {force: true})
  return {gitApplies, weApply: ours.ok, same}
}

describe('applyPatch agrees with git apply', () => {
  it('on 30 generated diffs applied to perturbed bases', async () => {
    const outcomes: Array<Outcome & {seed: number}> = []
    for (let seed = 1; seed <= 30; seed++) outcomes.push({seed, ...(await runCase(seed))})
    const disagreements = outcomes.filter(
      (outcome) => outcome.gitApplies !== outcome.weApply || !outcome.same
    )
    expect(disagreements).toEqual([])
    // The cases must exercise both sides.
    expect(outcomes.filter((outcome) => outcome.gitApplies).length).toBeGreaterThan(5)
    expect(outcomes.filter((outcome) => !outcome.gitApplies).length).toBeGreaterThan(2)
  }, 180_000)
})

describe('applyPatch agrees with git apply on hand-written edge cases', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    [
      'two sections for one file apply in turn',
      {'a.rst': 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n'},
      '--- a/a.rst\n+++ b/a.rst\n@@ -1,3 +1,3 @@\n l1\n-l2\n+L2\n l3\n' +
        '--- a/a.rst\n+++ b/a.rst\n@@ -7,3 +7,3 @@\n l7\n-l8\n+L8\n l9\n'
    ],
    [
      'a hunk at line 1 with lines inserted above does not apply',
      {'a.rst': 'new\nl1\nl2\nl3\nl4\n'},
      '--- a/a.rst\n+++ b/a.rst\n@@ -1,3 +1,3 @@\n l1\n-l2\n+L2\n l3\n'
    ],
    [
      'a hunk without trailing context must end at end of file',
      {'a.rst': 'l1\nl2\nl3\nl4\nmore\n'},
      '--- a/a.rst\n+++ b/a.rst\n@@ -2,3 +2,2 @@\n l2\n l3\n-l4\n'
    ],
    [
      'an added final newline',
      {'a.rst': 'l1\nl2'},
      '--- a/a.rst\n+++ b/a.rst\n@@ -1,2 +1,2 @@\n l1\n-l2\n\\ No newline at end of file\n+l2\n'
    ],
    [
      'a removed line that lacks its final newline in the tree',
      {'a.rst': 'l1\nl2\n'},
      '--- a/a.rst\n+++ b/a.rst\n@@ -1,2 +1,1 @@\n l1\n-l2\n\\ No newline at end of file\n'
    ],
    [
      'lines added to an empty file',
      {'a.rst': '', 'b.rst': 'x\n'},
      '--- a/a.rst\n+++ b/a.rst\n@@ -0,0 +1,2 @@\n+l1\n+l2\n'
    ],
    [
      'lines added to an empty file, the hunk claiming line 5',
      {'a.rst': '', 'b.rst': 'x\n'},
      '--- a/a.rst\n+++ b/a.rst\n@@ -5,0 +5,2 @@\n+l1\n+l2\n'
    ],
    [
      'a file created without a final newline',
      {'b.rst': 'x\n'},
      'diff --git a/a.rst b/a.rst\nnew file mode 100644\n--- /dev/null\n+++ b/a.rst\n@@ -0,0 +1,2 @@\n+l1\n+l2\n\\ No newline at end of file\n'
    ],
    [
      'the nearest of two equal places wins',
      {'a.rst': 'x\ny\nz\n0\n1\n2\n3\nx\ny\nz\n4\n'},
      '--- a/a.rst\n+++ b/a.rst\n@@ -7,3 +7,3 @@\n x\n-y\n+Y\n z\n'
    ]
  ]
  for (const [name, files, diff] of cases) {
    it(name, async () => {
      const dir = makeRepo(files)
      const tree = new GitTree(dir, 'HEAD')
      const ours = await applyPatch(tree, parseDiff(diff))
      writeFiles(dir, {'../edge.patch': diff})
      const gitApplies = gitOk(dir, 'apply', '../edge.patch')
      expect(ours.ok).toBe(gitApplies)
      if (ours.ok)
        expect(await snapshot(new OverlayTree(tree, ours.changes))).toEqual(
          await snapshot(new DiskTree(dir))
        )
      tree.close()
    })
  }
})
