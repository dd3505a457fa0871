/**
 * A series that cannot be applied from some patch on says which patch, why and what it checked;
 * the patches after it are reported as not checked in every reporter, never as clean (issue 16).
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {runPatchMode} from '../../src/commands/patch-mode.js'
import type {RunResult} from '../../src/engine/types.js'
import {jsonReporter} from '../../src/report/json.js'
import {junitReporter} from '../../src/report/junit.js'
import {patchworkCheck} from '../../src/report/patchwork.js'
import {stylishReporter} from '../../src/report/stylish.js'
import {cleanup, git, makeRepo, writeFiles} from './helpers.js'

afterAll(cleanup)

describe('a series that stops at a patch', () => {
  it('reports the patches after it as not checked, in JSON, stylish, JUnit and patchwork', async () => {
    const dir = makeRepo({
      'docs/conf.py': "project = 't'\n",
      'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   a\n',
      'docs/a.rst': 'A\n=\n\nOne.\n'
    })
    for (const [n, text] of [
      'A\n=\n\nOne.\nTwo.\n',
      'A\n=\n\nOne.\nTwo.\nThree.\n',
      'A\n=\n\nOne.\nTwo.\nThree.\nFour :doc:`nope`.\n'
    ].entries()) {
      writeFiles(dir, {'docs/a.rst': text})
      git(dir, 'commit', '-qam', `step ${n + 1}`)
    }
    const mbox = git(dir, 'format-patch', '--stdout', 'HEAD~3..HEAD')
    // patch 2 is spoiled: its context no longer matches
    const spoiled = mbox.replace(' Two.\n+Three.\n', ' Deux.\n+Three.\n')
    expect(spoiled).not.toBe(mbox)
    const file = path.join(dir, '..', `${path.basename(dir)}.mbox`)
    writeFileSync(file, spoiled)
    git(dir, 'reset', '-q', '--hard', 'HEAD~3')
    const result: RunResult = await runPatchMode(
      {cwd: dir, paths: ['docs']},
      {patches: [file], staged: false, ignoreWhitespace: false, all: false}
    )
    const patches = result.patches ?? []
    expect(
      patches.map((patch) => [patch.patch.index, patch.applied, patch.notChecked !== undefined])
    ).toEqual([
      [1, true, false],
      [2, false, false],
      [3, false, true]
    ])
    // never clean: patch 3's broken link is not claimed either way
    expect(patches[2]?.introduced).toEqual([])
    const note = result.skipped?.find((entry) => entry.message.includes('the series stops'))
    expect(note?.message).toContain('stops at patch 2')
    expect(note?.message).toContain('patches 3 were written on top of it and are not checked')

    const json = JSON.parse(jsonReporter(result, {color: false})) as {
      summary: {patches: {index: number; status: string; notChecked?: string}[]}
    }
    expect(json.summary.patches.map((patch) => patch.status)).toEqual([
      'clean',
      'problems',
      'not-checked'
    ])
    expect(json.summary.patches[2]?.notChecked).toContain('[PATCH 2/3]')

    const stylish = stylishReporter(result, {color: false})
    expect(stylish).toMatch(/\[3\/3\] step 3 {2}not checked/)
    expect(stylish).toContain('1 not checked')
    expect(stylish).not.toContain('all clean')

    const junit = junitReporter(result, {color: false})
    expect(junit).toMatch(
      /<testcase name="\[PATCH 3\/3\] step 3"[^>]*>\s*<skipped message="not checked: \[PATCH 2\/3\]/
    )
    expect(junit).toContain('skipped="1"')

    const check = patchworkCheck(result, patches[2]!)
    expect(check.state).toBe('warning')
    expect(check.description).toContain('Not checked')
  })
})
