import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {checkTree, prepareEngine} from '../../src/engine/run.js'
import {DiskTree} from '../../src/tree/disk.js'
import {formatExpected} from '../fixture-runner.js'

// An Ansible-like tree whose conf.py chooses exclude_patterns with `tags.has(...)` and asserts
// that exactly one build tag is given (so Sphinx refuses to build it without -t).
const CASE = path.resolve(import.meta.dirname, '../../fixtures/project/tags-core')
const PYTHON = '/usr/bin/python3'

async function lint(tags?: string[]) {
  const engine = await prepareEngine({cwd: CASE, root: CASE})
  if (tags !== undefined) engine.config.sphinx.tags = tags
  return (await checkTree(engine, new DiskTree(CASE))).diagnostics
}

function sphinxAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import sphinx'], {stdio: 'ignore'}).status === 0
}

/** Docnames Sphinx 5.3 calls excluded in toctrees, run with `-t` on a copy of the case. */
function sphinxExcluded(tags: string[]): string[] {
  const work = mkdtempSync(path.join(tmpdir(), 'doclint-tags-'))
  try {
    cpSync(CASE, path.join(work, 'src'), {recursive: true})
    const run = spawnSync(
      PYTHON,
      [
        '-m',
        'sphinx',
        '-b',
        'dummy',
        '-q',
        '-E',
        ...tags.flatMap((tag) => ['-t', tag]),
        'src',
        'out'
      ],
      {cwd: work, encoding: 'utf8'}
    )
    if (run.status !== 0) throw new Error(`Sphinx failed: ${run.stderr}`)
    return [...run.stderr.matchAll(/reference to excluded document '([^']+)'/g)]
      .map((match) => match[1] as string)
      .sort()
  } finally {
    rmSync(work, {recursive: true, force: true})
  }
}

describe('fixtures/project/tags-core (sphinx.tags: ["core"])', () => {
  it('finds the entries exclude_patterns drops in the core build', async () => {
    const text = formatExpected(await lint())
    expect(text).toBe(readFileSync(path.join(CASE, 'expected.txt'), 'utf8'))
  })

  it('finds other entries for another tag', async () => {
    const found = await lint(['ansible'])
    expect(found.map((d) => [d.ruleId, d.target])).toEqual([['toctree-excluded', 'porting/core_2']])
  })

  it('reports nothing it cannot evaluate when the tags are not given', async () => {
    const engine = await prepareEngine({cwd: CASE, root: CASE})
    delete engine.config.sphinx.tags
    const result = await checkTree(engine, new DiskTree(CASE))
    expect(result.diagnostics).toEqual([])
  })

  it.skipIf(!sphinxAvailable())('agrees with sphinx-build -t', async () => {
    for (const tags of [['core'], ['ansible']]) {
      const ours = (await lint(tags))
        .filter((d) => d.ruleId === 'toctree-excluded')
        .map((d) => d.target)
        .sort()
      expect(ours, tags.join()).toEqual(sphinxExcluded(tags))
    }
    // Without -t Sphinx stops at conf.py's assert, which doclint never runs.
    expect(() => sphinxExcluded([])).toThrow(/AssertionError/)
  })
})
