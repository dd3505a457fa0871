/**
 * A change that leaves every changed document's facts as they were cannot change a finding, so
 * `--staged` reuses the stored check for it. What this rests on: the facts made again from a
 * stored context are the facts the graph made, and only documents nothing else read (no include,
 * no build file reader) count. Checked against full checks of the same trees.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {checkTree, checkTreeCached, prepareEngine, saveCache} from '../../src/engine/run.js'
import {FactsCache} from '../../src/graph/facts-cache.js'
import {decodeText, RST_CONTEXT_PREFIX, rstFactsOfContext} from '../../src/graph/reading.js'
import {DiskTree} from '../../src/tree/disk.js'
import {GitTree} from '../../src/tree/git.js'
import {OverlayTree} from '../../src/tree/overlay.js'
import {committedRepo, git, isolateGit, removeDir, writeFiles} from '../hook/git-repo.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const BIN = path.join(ROOT, 'bin', 'doclint.cjs')
const temps: string[] = []

beforeAll(() => isolateGit())
afterAll(() => {
  for (const dir of temps) removeDir(dir)
})

/** A small project: a document included by another, prose, links, a toctree. */
const FILES: Record<string, string> = {
  'conf.py': "project = 'facts'\nexclude_patterns = ['_build']\n",
  'index.rst': 'Facts\n=====\n\n.. toctree::\n\n   guide\n   notes\n\n.. include:: part.rst\n',
  'guide.rst': 'Guide\n=====\n\nSee :doc:`notes` for more.\n\nSome prose.\n',
  'notes.rst':
    'Notes\n=====\n\n.. _notes-label:\n\nA section\n---------\n\nBack to :doc:`guide`.\n',
  'part.rst': ':orphan:\n\nShared text, read by the index too.\n'
}

/**
 * Check HEAD of the repository `dir` (its cache in `cache`) with `file` changed to `text`, from
 * the stored records, and also fully: the findings must be the same. Was the stored check carried
 * over (nothing but the changed document parsed or looked up)?
 */
async function stagedAgainstFull(dir: string, file: string, text: string) {
  const engine = await prepareEngine({cwd: dir, root: dir, paths: ['.'], cacheFile: 'cache'})
  const base = new GitTree(dir, 'HEAD')
  const changes = new Map([[file, {kind: 'file' as const, bytes: Buffer.from(text)}]])
  const after = new OverlayTree(base, changes, 'staged')
  await after.list()
  const result = await checkTreeCached(engine, after, 'staged', {slots: 3})
  const full = await checkTree(await prepareEngine({cwd: dir, root: dir, paths: ['.']}), after)
  base.close()
  expect(result.diagnostics).toEqual(full.diagnostics)
  return {
    carried: engine.cache.hits === 0 && engine.cache.misses === 1,
    diagnostics: full.diagnostics
  }
}

/** A repository of `files` whose HEAD check is in its cache (`cache`), as a hook run leaves it. */
async function storedRepo(files: Record<string, string>): Promise<string> {
  const dir = committedRepo(files)
  temps.push(dir)
  const options = {cwd: dir, root: dir, paths: ['.'], cacheFile: 'cache'}
  const first = await prepareEngine(options)
  const head = new GitTree(dir, 'HEAD')
  await checkTreeCached(first, head, 'staged', {slots: 3})
  head.close()
  await saveCache(first, options)
  return dir
}

describe('facts made again from a stored context', () => {
  it.each([
    ['the Open vSwitch-like fixture', path.join('fixtures', 'patch-mode', 'ovs-like')],
    ['the demo', path.join('fixtures', 'demo')]
  ])('are the facts the graph made, for every document of %s', async (_name, fixture) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-facts-only-'))
    temps.push(dir)
    cpSync(path.join(ROOT, fixture), dir, {recursive: true})
    const engine = await prepareEngine({cwd: dir, root: dir, paths: ['.']})
    const check = await checkTree(engine, new DiskTree(dir))
    let compared = 0
    for (const graph of check.graphs) {
      for (const [file, context] of graph.factsInputs?.documents ?? []) {
        if (!context.startsWith(RST_CONTEXT_PREFIX)) continue
        const text = decodeText(readFileSync(path.join(dir, file)))
        expect(rstFactsOfContext(context, text, new FactsCache()), file).toEqual(
          graph.files.get(file)
        )
        compared++
      }
    }
    expect(compared).toBeGreaterThan(3)
  })

  it('refuses a context it cannot rebuild exactly', () => {
    const cache = new FactsCache()
    expect(rstFactsOfContext(FactsCache.context('markdown', {}), 'x', cache)).toBeUndefined()
    const clipped = FactsCache.context('restructuredtext', {clip: 'lines 1-2', known: null})
    expect(rstFactsOfContext(clipped, 'x', cache)).toBeUndefined()
    const infinite = FactsCache.context('restructuredtext', {
      clip: '',
      known: null,
      version: '8',
      maxElements: Infinity
    })
    expect(rstFactsOfContext(infinite, 'x', cache)).toBeUndefined()
  })
})

describe('a stored check carried over to a tree whose documents kept their facts', () => {
  it('is reused for prose, and never for new facts or a document something else reads', async () => {
    const dir = committedRepo(FILES)
    temps.push(dir)
    const options = {cwd: dir, root: dir, paths: ['.'], cacheFile: 'cache'}
    const first = await prepareEngine(options)
    const head = new GitTree(dir, 'HEAD')
    const stored = await checkTreeCached(first, head, 'staged', {slots: 3})
    expect(Object.keys(stored.factsOnly?.docs ?? {}).sort()).toEqual([
      'guide.rst',
      'index.rst',
      'notes.rst'
    ])
    await saveCache(first, options)

    const staged = async (file: string, text: string) =>
      (await stagedAgainstFull(dir, file, text)).carried
    // a sentence added at the end, a word changed in a line with no markup
    expect(await staged('guide.rst', `${FILES['guide.rst']}Another sentence.\n`)).toBe(true)
    expect(await staged('guide.rst', FILES['guide.rst']!.replace('Some', 'More'))).toBe(true)
    // lines added before markup, where the check found nothing: the markup moved, the findings not
    expect(await staged('guide.rst', `Intro line.\n\n${FILES['guide.rst']}`)).toBe(true)
    // a new link: only the cross-references of the document are checked again (xref-check.ts)
    expect(await staged('guide.rst', `${FILES['guide.rst']}See :doc:\`nowhere\`.\n`)).toBe(true)
    expect(await staged('guide.rst', FILES['guide.rst']!.replace(':doc:`notes`', ':ref:`x`'))).toBe(
      true
    )
    // a download names a file, whose presence download-missing reads: checked in full
    expect(await staged('guide.rst', `${FILES['guide.rst']}Get :download:\`nofile.txt\`.\n`)).toBe(
      false
    )
    // a link target renamed, a title changed
    expect(await staged('notes.rst', FILES['notes.rst']!.replace('notes-label', 'other'))).toBe(
      false
    )
    expect(
      await staged('notes.rst', FILES['notes.rst']!.replace('Notes\n=====', 'Note\n===='))
    ).toBe(false)
    // a document the index includes: its text is part of the index, whatever its facts
    expect(await staged('part.rst', `${FILES['part.rst']}More shared text.\n`)).toBe(false)
  })
})

describe('a stored check carried over to facts that moved', () => {
  it('holds when the check found nothing where they moved, and never otherwise', async () => {
    // a dangling link, prose, then a label: findings before the prose, markup after it
    const guide =
      'Guide\n=====\n\nSee :doc:`nowhere`.\n\nSome prose.\n\n.. _later:\n\nLater\n-----\n'
    const dir = await storedRepo({...FILES, 'guide.rst': guide})
    /** Check HEAD with guide.rst changed to `text`: carried over or not, and where it found what */
    const staged = async (text: string) => {
      const {carried, diagnostics} = await stagedAgainstFull(dir, 'guide.rst', text)
      const places = diagnostics.map((d) => `${d.file}:${d.range.start.line}`).join(' ')
      return `${carried ? 'carried over' : 'checked'} ${places}`
    }
    // prose added after the finding: the label moved, the finding did not
    expect(await staged(guide.replace('Some prose.', 'Some prose.\n\nMore prose.'))).toBe(
      'carried over guide.rst:4'
    )
    // and prose removed
    expect(await staged(guide.replace('Some prose.\n\n', ''))).toBe('carried over guide.rst:4')
    // prose added before the finding: it moves, and so does the label; the finding is a
    // cross-reference's, so the document's cross-references are checked again
    expect(await staged(guide.replace('See :doc:', 'Intro.\n\nSee :doc:'))).toBe(
      'carried over guide.rst:6'
    )
  })

  it('checks the document again when prose moves a finding of another kind', async () => {
    // a reference to no link target (link-target-unknown looks at more than cross-references)
    const guide = 'Guide\n=====\n\nSee `nowhere`_.\n\nSome prose.\n\nSee :doc:`notes`.\n'
    const dir = await storedRepo({...FILES, 'guide.rst': guide})
    const staged = async (text: string) => {
      const {carried, diagnostics} = await stagedAgainstFull(dir, 'guide.rst', text)
      const places = diagnostics.map((d) => `${d.ruleId} ${d.range.start.line}`).join(', ')
      return `${carried ? 'carried over' : 'checked'}: ${places}`
    }
    // a link added after the finding: carried over
    expect(await staged(`${guide}And :doc:\`gone\`.\n`)).toBe(
      'carried over: link-target-unknown 4, doc-unknown 9'
    )
    // prose and a link added before it: checked
    expect(await staged(guide.replace('See `', 'See :doc:`gone`.\n\nSee `'))).toBe(
      'checked: doc-unknown 4, link-target-unknown 6'
    )
  })
})

describe('the cache after a carried-over check', () => {
  it('still holds what the next full check needs: only the changed document is parsed', async () => {
    const dir = committedRepo(FILES)
    temps.push(dir)
    const options = {cwd: dir, root: dir, paths: ['.'], cacheFile: 'cache'}
    /** One run: check HEAD with `file` changed to `text`, save the cache; what did it parse? */
    const run = async (file: string, text: string) => {
      const engine = await prepareEngine(options)
      const base = new GitTree(dir, 'HEAD')
      const after = new OverlayTree(
        base,
        new Map([[file, {kind: 'file' as const, bytes: Buffer.from(text)}]]),
        'staged'
      )
      await after.list()
      await checkTreeCached(engine, base, 'staged', {slots: 3})
      await checkTreeCached(engine, after, 'staged', {slots: 3})
      await saveCache(engine, options)
      base.close()
      return {hits: engine.cache.hits, misses: engine.cache.misses}
    }
    // the first run parses everything
    expect((await run('guide.rst', `${FILES['guide.rst']}Prose.\n`)).misses).toBeGreaterThan(3)
    // prose again: carried over (the new text parsed, nothing else looked up)
    expect(await run('guide.rst', `${FILES['guide.rst']}More prose.\n`)).toEqual({
      hits: 0,
      misses: 1
    })
    // a link: its cross-references are checked again, nothing else looked up
    const link = `${FILES['guide.rst']}See :doc:\`notes\` too.\n`
    expect(await run('guide.rst', link)).toEqual({hits: 0, misses: 1})
    // a label: the full check finds every other document's facts in the cache
    const labelled = await run('guide.rst', `${link}\n.. _guide-end:\n\nEnd\n---\n`)
    expect(labelled.misses).toBe(1)
    expect(labelled.hits).toBeGreaterThanOrEqual(3)
    // the same tree checked again (a commit tried again): both checks answered by their records,
    // and the cache keeps the facts they were made from, so prose after it is carried over
    expect(await run('guide.rst', link)).toEqual({hits: 0, misses: 0})
    // (one hit: the new text's facts, made once, looked up again for each stored record tried)
    const prose = await run('guide.rst', `${link}Prose.\n`)
    expect(prose.misses).toBe(1)
    expect(prose.hits).toBeLessThanOrEqual(1)
  })
})

describe('--staged with prose edits, against --patch of the same change', () => {
  it('reports what a full check of the staged change reports', () => {
    const dir = committedRepo(FILES)
    temps.push(dir)
    const json = (args: string[]) => {
      const result = spawnSync(process.execPath, [BIN, ...args, '--format', 'json'], {
        cwd: dir,
        encoding: 'utf8'
      })
      const {diagnostics} = JSON.parse(result.stdout) as {diagnostics: Record<string, unknown>[]}
      // the patch is named after its source (staged changes, the diff file): the rest must agree
      return {
        status: result.status,
        diagnostics: diagnostics.map(({patch: _patch, ...rest}) => rest)
      }
    }
    const patchFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'doclint-facts-diff-')), 'p')
    temps.push(path.dirname(patchFile))
    const edits: [string, (text: string) => string][] = [
      ['guide.rst', (text) => `${text}Prose only.\n`],
      ['guide.rst', (text) => `${text}\nSee :doc:\`nowhere\`.\n`],
      ['guide.rst', (text) => text.replace(':doc:`nowhere`', ':doc:`notes`')],
      ['part.rst', (text) => `${text}More.\n`],
      ['notes.rst', (text) => text.replace('Back to', 'Go back to')]
    ]
    const statuses: (number | null)[] = []
    for (const [file, edit] of edits) {
      writeFiles(dir, {[file]: edit(readFileSync(path.join(dir, file), 'utf8'))})
      git(dir, 'add', file)
      writeFileSync(patchFile, execFileSync('git', ['diff', '--cached'], {cwd: dir}))
      const cached = json(['--staged'])
      expect(cached).toEqual(json(['--patch', patchFile, '--base', 'HEAD']))
      statuses.push(cached.status)
      git(dir, 'commit', '-q', '-m', `Edit ${file}`)
    }
    expect(statuses).toEqual([0, 1, 0, 0, 0])
    rmSync(patchFile, {force: true})
  })
})
