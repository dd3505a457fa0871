/**
 * Issue 7, item 4: the limits of doclint.config.json (`limits.maxFileSize`, `maxPatchSize`,
 * `maxPatches`) are enforced with a clear message and exit status. End to end through the bin.
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import type {PatchInput} from '../../src/patch/types.js'
import {cleanTemps, doclint, git, makeRepo, report, tempDir, writeTree} from './helpers.js'

afterAll(cleanTemps)

const base = {
  'conf.py': "project = 'x'\n",
  'index.rst': 'Title\n=====\n\n.. toctree::\n\n   big\n',
  'big.rst': 'Big\n===\n\n'
}

describe('limits.maxFileSize', () => {
  it('a file over the limit is named on stderr and not read', () => {
    const dir = tempDir()
    writeTree(dir, {
      ...base,
      'big.rst': `Big\n===\n\n${'word '.repeat(400)}\n\n:doc:\`nope\`\n`,
      'doclint.config.json': '{"limits": {"maxFileSize": 1000}}'
    })
    const run = doclint(dir, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.stderr).toContain(
      'doclint: warning: big.rst: file is larger than the limit of 1000 bytes; not read'
    )
    // Not read: its `:doc:` is not seen, and it has no title.
    const json = report(run)
    expect(json.diagnostics.some((finding) => finding.rule === 'doc-unknown')).toBe(false)
    expect(json.diagnostics.map((finding) => finding.rule)).toContain('toctree-untitled')
  })

  it('the same file under the default limit is read', () => {
    const dir = tempDir()
    writeTree(dir, {...base, 'big.rst': `Big\n===\n\n${'word '.repeat(400)}\n\n:doc:\`nope\`\n`})
    const run = doclint(dir, ['--format', 'json'])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    expect(report(run).diagnostics.map((finding) => finding.rule)).toEqual(['doc-unknown'])
  })
})

describe('conf.py size', () => {
  it('a conf.py over 1 MiB is not read: named on stderr, Sphinx defaults used, documents checked', () => {
    const dir = tempDir()
    let conf = "master_doc = 'contents'\n"
    for (let i = 0; conf.length <= 1024 * 1024; i++) conf += `v${i} = ${i}\n`
    writeTree(dir, {...base, 'conf.py': conf, 'big.rst': 'Big\n===\n\n:doc:`nope`\n'})
    const run = doclint(dir, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.stderr).toMatch(
      /^doclint: warning: conf\.py: conf\.py is \d+ bytes, more than 1048576; not read \(Sphinx's defaults are used\)$/m
    )
    // master_doc = 'contents' was not read: index is the root document, and big.rst is checked
    const json = report(run)
    expect(json.diagnostics.map((finding) => finding.rule)).toEqual(['doc-unknown'])
  })
})

describe('build file size', () => {
  it('a Makefile.am over 512 KiB is not read for manifests, and stderr says so', () => {
    const dir = tempDir()
    let makefile = 'DOC_SOURCE = big.rst\n'
    for (let i = 0; makefile.length <= 512 * 1024; i++) makefile += `V${i} = a $(V${i - 1})\n`
    writeTree(dir, {...base, 'Makefile.am': makefile})
    const run = doclint(dir, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.stderr).toMatch(
      /^doclint: warning: Makefile\.am: build file is larger than the limit of 524288 bytes; not read$/m
    )
    expect(report(run).diagnostics).toEqual([])
  })
})

describe('limits.maxFileSize in patch mode', () => {
  it('a document a patch makes larger than the limit is named on stderr and not read', () => {
    const dir = tempDir()
    const repo = makeRepo(path.join(dir, 'repo'), {
      ...base,
      'big.rst': 'Big\n===\n\nSmall.\n',
      'doclint.config.json': '{"limits": {"maxFileSize": 1000}}'
    })
    const added = `${'+word word word word\n'.repeat(100)}+\n+:doc:\`nope\`\n`
    const file = path.join(dir, 'grow.patch')
    writeFileSync(
      file,
      `diff --git a/big.rst b/big.rst\n--- a/big.rst\n+++ b/big.rst\n@@ -1,4 +1,106 @@\n Big\n ===\n \n Small.\n${added}`
    )
    const run = doclint(repo, ['--patch', file, '--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.stderr).toContain(
      'doclint: warning: big.rst: file is larger than the limit of 1000 bytes; not read'
    )
    const json = report(run)
    expect(json.summary.patches?.[0]?.applied).toBe(true)
    expect(json.diagnostics.some((finding) => finding.rule === 'doc-unknown')).toBe(false)
  })
})

describe('limits.maxPatchSize', () => {
  const patch =
    'diff --git a/big.rst b/big.rst\n--- a/big.rst\n+++ b/big.rst\n@@ -1,3 +1,4 @@\n Big\n ===\n \n+Text.\n'

  it('a patch file over the limit is refused unread, exit 1 with a patch-malformed finding', () => {
    const dir = tempDir()
    const repo = makeRepo(path.join(dir, 'repo'), {
      ...base,
      'doclint.config.json': '{"limits": {"maxPatchSize": 64}}'
    })
    const file = path.join(dir, 'bomb.patch')
    writeFileSync(file, patch + '+x\n'.repeat(1000))
    const run = doclint(repo, ['--patch', file, '--format', 'json'])
    expect(run.code).toBe(1)
    const findings = report(run).diagnostics.filter((finding) => finding.rule === 'patch-malformed')
    expect(findings.map((finding) => finding.message).join('\n')).toMatch(
      /Input is 3\d{3} bytes, more than the limit of 64 \(limits\.maxPatchSize\); not read/
    )
    expect(report(run).summary.patches?.[0]?.applied).toBe(false)
  })

  it('a patch on stdin over the limit is refused the same way', () => {
    const dir = tempDir()
    const repo = makeRepo(path.join(dir, 'repo'), {
      ...base,
      'doclint.config.json': '{"limits": {"maxPatchSize": 64}}'
    })
    const run = doclint(repo, ['--patch', '-', '--format', 'json'], patch + '+x\n'.repeat(1000))
    expect(run.code).toBe(1)
    const messages = report(run).diagnostics.map((finding) => `${finding.rule}: ${finding.message}`)
    expect(messages.join('\n')).toMatch(
      /patch-malformed: Input is \d+ bytes, more than the limit of 64/
    )
  })

  it('the same patch under the default limit applies', () => {
    const dir = tempDir()
    const repo = makeRepo(path.join(dir, 'repo'), base)
    const file = path.join(dir, 'ok.patch')
    writeFileSync(file, patch)
    const run = doclint(repo, ['--patch', file, '--format', 'json'])
    expect(run.code).toBe(0)
    expect(report(run).summary.patches?.[0]?.applied).toBe(true)
  })
})

describe('limits.maxPatches', () => {
  it('a series with more patches than the limit is refused with exit status and message', () => {
    const dir = tempDir()
    const repo = makeRepo(path.join(dir, 'repo'), {
      ...base,
      'doclint.config.json': '{"limits": {"maxPatches": 2}}'
    })
    for (let index = 1; index <= 3; index++) {
      writeFileSync(path.join(repo, `n${index}.rst`), `N${index}\n==\n`)
      git(repo, 'add', '-A')
      git(repo, 'commit', '-q', '-m', `Add n${index}`)
    }
    const mbox = git(repo, 'format-patch', '-3', '--stdout')
    git(repo, 'reset', '-q', '--hard', 'HEAD~3')
    const file = path.join(dir, 'series.mbox')
    writeFileSync(file, mbox)
    const run = doclint(repo, ['--patch', file, '--format', 'json'])
    expect([1, 2]).toContain(run.code)
    const text =
      run.code === 2
        ? run.stderr
        : report(run)
            .diagnostics.map((finding) => finding.message)
            .join('\n')
    expect(text).toMatch(/3 patches, more than the limit of 2/)
  })
})

describe('limits.maxElements', () => {
  const roles = (count: number): string =>
    Array.from({length: count}, (_, i) => `:doc:\`nope${i}\`\n`).join('\n')

  it('a document past the limit is read up to it, and says so on stderr and in the JSON', () => {
    const dir = tempDir()
    writeTree(dir, {
      ...base,
      'big.rst': `Big\n===\n\n${roles(150)}`,
      'doclint.config.json': '{"limits": {"maxElements": 100}}'
    })
    const run = doclint(dir, ['--format', 'json'])
    expect(run.code).toBe(1)
    const note =
      'Too much inline markup: more than 100 inline elements in this document; inline parsing stopped at line 204 and the rest of the document is plain text.'
    expect(run.stderr).toContain(`doclint: warning: big.rst: ${note}`)
    const json = report(run)
    expect(json.summary.skipped).toEqual([{path: 'big.rst', message: note}])
    // The first 100 links are checked, the rest is text.
    const unknown = json.diagnostics.filter((finding) => finding.rule === 'doc-unknown')
    expect(unknown).toHaveLength(100)
    expect(unknown.at(-1)?.line).toBe(4 + 2 * 99)
  })

  it('the default (20,000) does not touch a real-sized document', () => {
    const dir = tempDir()
    writeTree(dir, {...base, 'big.rst': `Big\n===\n\n${roles(2000)}`})
    const run = doclint(dir, ['--format', 'json'])
    expect(run.stderr).not.toContain('Too much inline markup')
    const json = report(run)
    expect(json.diagnostics.filter((finding) => finding.rule === 'doc-unknown')).toHaveLength(2000)
  })
})

describe('limits.maxBlockElements', () => {
  it('block parsing stops at the limit: the rest is one plain paragraph, named on stderr', () => {
    const items = Array.from({length: 100}, (_, i) => `Para ${i} :doc:\`nope${i}\``).join('\n\n')
    const dir = tempDir()
    writeTree(dir, {
      ...base,
      'big.rst': `Big\n===\n\n${items}\n`,
      'doclint.config.json': '{"limits": {"maxBlockElements": 50}}'
    })
    const run = doclint(dir, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.stderr).toMatch(/doclint: warning: big\.rst: Too much block markup: .*50/)
    const json = report(run)
    expect(json.summary.skipped?.map((note) => note.path)).toEqual(['big.rst'])
    const unknown = json.diagnostics.filter((finding) => finding.rule === 'doc-unknown')
    // Items before the cut are checked; none after it.
    expect(unknown.length).toBeGreaterThan(0)
    expect(unknown.length).toBeLessThan(50)

    writeTree(dir, {'doclint.config.json': '{}'})
    const whole = report(doclint(dir, ['--format', 'json']))
    expect(whole.diagnostics.filter((finding) => finding.rule === 'doc-unknown')).toHaveLength(100)
  })
})

describe('limits.maxIncludedElements', () => {
  const links = (count: number): string =>
    Array.from({length: count}, (_, i) => `:doc:\`nope${i}\``).join('\n\n') + '\n'

  it('one file included over and over expands up to the budget, and stderr says where it stopped', () => {
    const dir = tempDir()
    writeTree(dir, {
      ...base,
      'big.rst': `Big\n===\n\n${'.. include:: part.txt\n\n'.repeat(1000)}`,
      'part.txt': links(10),
      'doclint.config.json': '{"limits": {"maxIncludedElements": 100}}'
    })
    const run = doclint(dir, ['--format', 'json'])
    expect(run.code).toBe(1)
    // each expansion weighs 11 (10 links and the include itself): 9 fit in 100
    const note =
      'Too many included elements: the files this document includes add more than 100 elements (links, labels, targets, images, toctrees, includes; limits.maxIncludedElements); the include at big.rst:22 and those after it are not expanded.'
    expect(run.stderr).toContain(`doclint: warning: big.rst: ${note}`)
    const json = report(run)
    expect(json.summary.skipped).toEqual([{path: 'big.rst', message: note}])
    // the 9 expansions find the same 10 links: each printed once (issue 19), its includes related
    const unknown = json.diagnostics.filter((finding) => finding.rule === 'doc-unknown')
    expect(unknown).toHaveLength(10)
  })

  it('files that each include the next twice (2^2000 expansions) end at the budget', () => {
    const dir = tempDir()
    const files: Record<string, string> = {...base, 'big.rst': '.. include:: i0.txt\n'}
    for (let n = 0; n < 2000; n++) {
      files[`i${n}.txt`] = `.. include:: i${n + 1}.txt\n.. include:: i${n + 1}.txt\n`
    }
    files['i2000.txt'] = ':doc:`deep`\n'
    writeTree(dir, files)
    const run = doclint(dir, ['--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.stderr).toMatch(
      /^doclint: warning: big\.rst: Too many included elements: the files this document includes add more than 10000 elements/m
    )
    // paths down the chain reach the bottom file (each copy is a finding, as each is for
    // Sphinx) until the budget is spent
    const unknown = report(run).diagnostics.filter((finding) => finding.rule === 'doc-unknown')
    expect(new Set(unknown.map((finding) => `${finding.file}:${finding.line}`))).toEqual(
      new Set(['i2000.txt:1'])
    )
    expect(unknown.length).toBeLessThan(10_000)
  })

  it("the tree's includes together stop at three times the budget, in document order", () => {
    const dir = tempDir()
    const files: Record<string, string> = {
      'conf.py': "project = 'x'\n",
      'index.rst': 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   d*\n',
      'part.txt': links(40),
      'doclint.config.json': '{"limits": {"maxIncludedElements": 100}}'
    }
    for (let n = 0; n < 10; n++) files[`d${n}.rst`] = `D${n}\n==\n\n.. include:: part.txt\n`
    writeTree(dir, files)
    const run = doclint(dir, ['--format', 'json'])
    // each document's include weighs 41: seven fit in the tree's 300, d7 to d9 are cut
    const cut = run.stderr.split('\n').filter((line) => line.includes('Too many included'))
    expect(cut).toEqual(
      ['d7', 'd8', 'd9'].map(
        (name) =>
          `doclint: warning: ${name}.rst: Too many included elements: the tree's includes add more than 300 elements (three times limits.maxIncludedElements); the include at ${name}.rst:4 and those after it are not expanded.`
      )
    )
    const unknown = report(run).diagnostics.filter((finding) => finding.rule === 'doc-unknown')
    // the seven expansions find the same 40 links: each printed once (issue 19)
    expect(unknown).toHaveLength(40)
  })
})

describe('limits.maxSeriesDocuments', () => {
  it('past the budget the rest of the series is checked as one change, under its last patch', () => {
    const dir = tempDir()
    const repo = makeRepo(path.join(dir, 'repo'), {
      ...base,
      'index.rst': 'Title\n=====\n\n.. toctree::\n   :glob:\n\n   n*\n',
      // each check costs its documents and 100: the base (102) and patch 1 (103) spend 200
      'doclint.config.json': '{"limits": {"maxSeriesDocuments": 200}}'
    })
    for (let index = 1; index <= 5; index++) {
      writeFileSync(path.join(repo, `n${index}.rst`), `N${index}\n==\n\n:doc:\`gone${index}\`\n`)
      git(repo, 'add', '-A')
      git(repo, 'commit', '-q', '-m', `Add n${index}`)
    }
    const mbox = git(repo, 'format-patch', '-5', '--stdout')
    git(repo, 'reset', '-q', '--hard', 'HEAD~5')
    const file = path.join(dir, 'series.mbox')
    writeFileSync(file, mbox)
    const run = doclint(repo, ['--patch', file, '--format', 'json'])
    expect(run.code).toBe(1)
    const json = report(run)
    expect(
      json.summary.patches?.map(({index, status, introduced}) => [index, status, introduced])
    ).toEqual([
      [1, 'problems', 1],
      [2, 'checked-later', 0],
      [3, 'checked-later', 0],
      [4, 'checked-later', 0],
      [5, 'problems', 4]
    ])
    expect(json.summary.patches?.[4]).toMatchObject({checkedFrom: 2})
    expect(json.summary.patches?.[1]).toMatchObject({checkedWith: 5})
    expect(run.stderr).toContain(
      'doclint: warning: [2/5]: the series spent its check budget (limits.maxSeriesDocuments: 200 documents checked); patches 2 to 5 were checked together, as one change, and what they introduce or fix is listed under patch 5.'
    )
    const introduced = json.diagnostics.filter((finding) => finding.rule === 'doc-unknown')
    expect(introduced.map((finding) => finding.file)).toEqual([
      'n1.rst',
      'n2.rst',
      'n3.rst',
      'n4.rst',
      'n5.rst'
    ])

    // stylish says which patches were checked with which
    const stylish = doclint(repo, ['--patch', file, '--no-color']).stdout
    expect(stylish).toMatch(/^\[2\/5\] Add n2 {2}checked with \[5\/5\]$/m)
    expect(stylish).toMatch(/^\[5\/5\] Add n5 {2}4 new problems {2}\(patches 2 to 5 together\)$/m)

    // the default checks each patch on its own
    writeTree(repo, {'doclint.config.json': '{}'})
    const each = report(doclint(repo, ['--patch', file, '--format', 'json']))
    expect(each.summary.patches?.map(({status}) => status)).toEqual(Array(5).fill('problems'))
  })
})

describe('limits.maxFindings', () => {
  it('a rule lists at most that many findings; stderr and the JSON say how many there were', () => {
    const dir = tempDir()
    const links = Array.from({length: 12}, (_, i) => `:doc:\`nope${i}\``).join('\n\n')
    writeTree(dir, {
      ...base,
      'big.rst': `Big\n===\n\n${links}\n`,
      'doclint.config.json': '{"limits": {"maxFindings": 5}}'
    })
    const run = doclint(dir, ['--format', 'json'])
    expect(run.code).toBe(1)
    const note =
      'rule doc-unknown found 12 problems, more than limits.maxFindings (5); the first 5 are listed, the rest are not.'
    expect(run.stderr).toContain(`doclint: warning: .: ${note}`)
    const json = report(run)
    expect(json.summary.skipped).toEqual([{path: '.', message: note}])
    const unknown = json.diagnostics.filter((finding) => finding.rule === 'doc-unknown')
    expect(unknown.map((finding) => finding.message.split('`')[1])).toEqual([
      'nope0',
      'nope1',
      'nope2',
      'nope3',
      'nope4'
    ])
  })
})

describe('limits in the patchwork gate', () => {
  it('the gate reads its mboxes with the configured limits, and a series over maxPatches is refused', async () => {
    const {runPatchMode} = await import('../../src/commands/patch-mode.js')
    const dir = tempDir()
    const repo = makeRepo(path.join(dir, 'repo'), {
      ...base,
      'doclint.config.json': '{"limits": {"maxPatches": 1, "maxMimeSize": 1234}}'
    })
    const patch = (index: number): PatchInput => ({
      subject: `Patch ${index}`,
      index,
      total: 2,
      diff: '',
      source: `p${index}.mbox`
    })
    let seen: Record<string, number> | undefined
    const run = runPatchMode(
      {cwd: repo},
      {
        patches: [],
        staged: false,
        ignoreWhitespace: false,
        all: false,
        inputs: async (limits) => {
          seen = {...limits}
          return [patch(1), patch(2)]
        }
      }
    )
    await expect(run).rejects.toThrow('2 patches, more than the limit of 1 (limits.maxPatches)')
    expect(seen).toMatchObject({maxPatches: 1, maxMimeSize: 1234})
  })
})
