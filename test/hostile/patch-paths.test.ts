/**
 * Issue 7, item 1: hostile patch paths, end to end through the real bin on a real git
 * repository. Each patch is refused or contained with a `patch-malformed`/`patch-apply` finding
 * in the JSON output, and nothing is written anywhere: the temp dir (repository, patches) and
 * the folder above it are snapshotted before and after.
 */
import {existsSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {
  cleanTemps,
  doclint,
  makeRepo,
  report,
  snapshot,
  tempDir,
  type JsonReport
} from './helpers.js'

let outer: string
let repo: string
const base = {
  'conf.py': "project = 'hostile'\n",
  'index.rst': 'Title\n=====\n\n.. toctree::\n\n   other\n',
  'other.rst': 'Other\n=====\n\nText.\n'
}

beforeAll(() => {
  outer = tempDir('doclint-patch-paths-')
  repo = makeRepo(path.join(outer, 'repo'), base)
})
afterAll(cleanTemps)

/** Write `patch`, run `doclint --patch`, check nothing changed in `outer` or next to it. */
function runPatch(
  name: string,
  patch: string | Uint8Array
): {json: JsonReport; code: number | null; stderr: string} {
  const file = path.join(outer, `${name}.patch`)
  writeFileSync(file, patch)
  const parent = path.dirname(outer)
  const before = snapshot(outer, ['repo/.git/index'])
  const run = doclint(repo, ['--patch', file, '--format', 'json'])
  expect(run.signal).toBeNull()
  expect(run.stderr).not.toMatch(/internal error/)
  expect(snapshot(outer, ['repo/.git/index'])).toEqual(before)
  // Names a hostile patch might have created next to the temp dir (the folder above it).
  for (const evil of [`evil-${name}.rst`, `abs-${name}.rst`])
    expect(existsSync(path.join(parent, evil))).toBe(false)
  return {json: report(run), code: run.code, stderr: run.stderr}
}

function patchFindings(json: JsonReport): string[] {
  return json.diagnostics
    .filter((finding) => finding.rule === 'patch-malformed' || finding.rule === 'patch-apply')
    .map((finding) => finding.message)
}

function creation(pathA: string, pathB: string, body = '+pwned\n', mode = '100644'): string {
  return `diff --git ${pathA} ${pathB}\nnew file mode ${mode}\nindex 0000000..1111111\n--- /dev/null\n+++ ${pathB}\n@@ -0,0 +1 @@\n${body}`
}

describe('patch paths that try to leave the tree are refused with a finding', () => {
  it('`../` segments (git header)', () => {
    const {json, code} = runPatch(
      'dotdot',
      creation('a/../evil-dotdot.rst', 'b/../evil-dotdot.rst')
    )
    expect(code).toBe(1)
    expect(patchFindings(json).join('\n')).toMatch(/`\.\.` segment/)
    expect(json.summary.patches?.[0]?.applied).toBe(false)
  })

  it('`../` segments (plain diff, deeper)', () => {
    const patch = `--- /dev/null\n+++ b/../../evil-dotdot2.rst\n@@ -0,0 +1 @@\n+pwned\n`
    const {json, code} = runPatch('dotdot2', patch)
    expect(code).toBe(1)
    expect(patchFindings(json).join('\n')).toMatch(/`\.\.` segment/)
  })

  it('absolute paths', () => {
    const target = path.join(path.dirname(outer), 'abs-absolute.rst')
    const patch = `--- /dev/null\n+++ ${target}\n@@ -0,0 +1 @@\n+pwned\n`
    const {json, code} = runPatch('absolute', patch)
    expect(code).toBe(1)
    expect(patchFindings(json).length).toBeGreaterThan(0)
  })

  it('paths into `.git/` (any case)', () => {
    for (const [name, dir] of [
      ['git', '.git'],
      ['gitcase', '.GiT']
    ] as const) {
      const hook = `${dir}/hooks/post-checkout`
      const {json, code} = runPatch(
        name,
        creation(`a/${hook}`, `b/${hook}`, '+#!/bin/sh\n+touch /tmp/pwned\n', '100755')
      )
      expect(code).toBe(1)
      expect(patchFindings(json).join('\n')).toMatch(/inside `\.git\/`/)
    }
  })

  it('NUL bytes, quoted (`\\000`) and raw', () => {
    const quoted = creation('"a/nul\\000.rst"', '"b/nul\\000.rst"')
    const first = runPatch('nulquoted', quoted)
    expect(first.code).toBe(1)
    expect(patchFindings(first.json).length).toBeGreaterThan(0)
    const raw = creation('a/nul\0raw.rst', 'b/nul\0raw.rst')
    const second = runPatch('nulraw', raw)
    expect(second.code).toBe(1)
    expect(patchFindings(second.json).length).toBeGreaterThan(0)
  })
})

describe('patches that collide with the tree or with themselves', () => {
  it('a rename onto an existing file is refused', () => {
    const patch =
      'diff --git a/other.rst b/index.rst\nsimilarity index 100%\nrename from other.rst\nrename to index.rst\n'
    const {json, code} = runPatch('rename-onto', patch)
    expect(code).toBe(1)
    expect(patchFindings(json).join('\n')).toMatch(/index\.rst/)
    expect(json.summary.patches?.[0]?.applied).toBe(false)
  })

  it('a patch touching the same file twice applies in order, or is refused whole', () => {
    const section = (title: [string, string], text: [string, string]): string =>
      `diff --git a/other.rst b/other.rst\n--- a/other.rst\n+++ b/other.rst\n@@ -1,4 +1,4 @@\n-${title[0]}\n+${title[1]}\n =====\n \n-${text[0]}\n+${text[1]}\n`
    const twice =
      section(['Other', 'Changed'], ['Text.', 'One.']) +
      section(['Changed', 'Again'], ['One.', 'Two.'])
    const {json} = runPatch('twice', twice)
    // Like `git apply`: the second section applies to the result of the first.
    expect(json.summary.patches?.[0]?.applied).toBe(true)
    expect(patchFindings(json)).toEqual([])
    // A second section written against the original text does not apply: refused whole.
    const stale = runPatch(
      'twice-stale',
      section(['Other', 'Changed'], ['Text.', 'One.']) +
        section(['Other', 'Again'], ['Text.', 'Two.'])
    )
    expect(stale.code).toBe(1)
    expect(stale.json.summary.patches?.[0]?.applied).toBe(false)
    expect(patchFindings(stale.json).join('\n')).toMatch(/other\.rst/)
  })

  it('creating a file whose name differs from an existing one only in case is reported', () => {
    const {json} = runPatch('case', creation('a/Index.rst', 'b/Index.rst', '+Title\n'))
    const messages = patchFindings(json).join('\n')
    expect(json.summary.patches?.[0]).toBeDefined()
    // Contained: on a case-insensitive checkout this file would overwrite index.rst.
    expect(messages).toMatch(/case|Index\.rst/i)
  })

  it('two names that differ only in Unicode normalisation are reported', () => {
    const nfc = 'caf\u00e9.rst'
    const nfd = 'cafe\u0301.rst'
    const patch =
      creation(`a/${nfc}`, `b/${nfc}`, '+One\n') + creation(`a/${nfd}`, `b/${nfd}`, '+Two\n')
    const {json} = runPatch('unicode', patch)
    expect(json.summary.patches?.[0]).toBeDefined()
    expect(patchFindings(json).join('\n')).toMatch(/normali[sz]|caf/i)
  })

  it('a symlink (mode 120000) pointing out of the tree is content: applied as git applies it, never read', () => {
    const link = creation(
      'a/link.rst',
      'b/link.rst',
      '+../../../../../../etc/passwd\n\\ No newline at end of file\n',
      '120000'
    )
    const include =
      'diff --git a/other.rst b/other.rst\n--- a/other.rst\n+++ b/other.rst\n@@ -1,4 +1,6 @@\n Other\n =====\n \n Text.\n+\n+.. include:: link.rst\n'
    const {json, code} = runPatch('symlink', link + include)
    expect(code).toBe(1)
    // the include through the link finds nothing: the link is never followed out of the tree
    expect(patchFindings(json)).toEqual([])
    expect(
      json.diagnostics.map((finding) => `${finding.rule} ${finding.message}`).join('\n')
    ).toMatch(/include-missing.*link\.rst/)
    expect(JSON.stringify(json)).not.toMatch(/root:x?:0:0/)
  })
})
