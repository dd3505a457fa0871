/**
 * `doclint mv` and `doclint rm` on real git repositories: the dry run is a diff `git apply`
 * takes, the real run leaves the tree clean (mv) or lists exactly what is left to edit (rm), and
 * on Open vSwitch `rm` of the three Windows documents makes the edits commit 9426c2117 made.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const BIN = path.join(ROOT, 'bin', 'doclint.cjs')
const FIXTURE = path.join(ROOT, 'fixtures', 'refactor', 'ovs-like')

function run(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {cwd, encoding: 'utf8'})
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Doc Lint',
      GIT_AUTHOR_EMAIL: 'doclint@example.org',
      GIT_COMMITTER_NAME: 'Doc Lint',
      GIT_COMMITTER_EMAIL: 'doclint@example.org'
    }
  })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout
}

/** A git repository holding a copy of `source`, committed. */
function repo(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'doclint-refactor-'))
  cpSync(source, dir, {recursive: true})
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-qm', 'base')
  return dir
}

describe('doclint rm', () => {
  it('removes toctree entries, link-only list items and DOC_SOURCE lines; lists the prose', () => {
    const dir = repo(FIXTURE)
    const docs = ['Documentation/intro/windows.rst', 'Documentation/topics/windows.rst']
    const dry = run(dir, 'rm', ...docs, '--dry-run')
    expect(dry.status).toBe(0)
    expect(git(dir, 'status', '--porcelain')).toBe('')
    const patch = path.join(dir, '..', `${path.basename(dir)}.diff`)
    spawnSync('sh', ['-c', `cat > ${patch}`], {input: dry.stdout})
    git(dir, 'apply', '--check', patch)
    const stderr = dry.stderr.trim().split('\n')
    expect(stderr).toEqual([
      'Documentation/index.rst:10:34: `topics/windows` is mentioned in prose: edit the text by hand',
      'Documentation/intro/install.rst:6:58: `windows` is mentioned in prose: edit the text by hand',
      'Documentation/intro/install.rst:7:5: `/topics/windows` is mentioned in prose: edit the text by hand',
      'Documentation/topics/bonding.rst:6:59: `windows-design` names label `windows-design` of a removed document'
    ])
    const real = run(dir, 'rm', ...docs)
    expect(real.status).toBe(0)
    expect(git(dir, 'diff', '--stat', 'HEAD').trim().split('\n').at(-1)).toContain(
      '6 files changed'
    )
    expect(readFileSync(path.join(dir, 'Documentation/automake.mk'), 'utf8')).not.toContain(
      'windows'
    )
    expect(readFileSync(path.join(dir, 'Documentation/index.rst'), 'utf8')).not.toContain(
      '- :doc:`intro/windows`'
    )
    // What is left is exactly what was listed: the prose links and the label's one :ref:.
    const after = run(dir, '.', '--format', 'json')
    const findings = (
      JSON.parse(after.stdout) as {diagnostics: {file: string; line: number; rule: string}[]}
    ).diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`)
    expect(findings).toEqual([
      'Documentation/index.rst:9 doc-unknown',
      'Documentation/intro/install.rst:6 doc-unknown',
      'Documentation/intro/install.rst:7 doc-unknown',
      'Documentation/topics/bonding.rst:6 ref-undefined'
    ])
  })

  it('refuses a file that is no document, with exit 2', () => {
    const dir = repo(FIXTURE)
    const result = run(dir, 'rm', 'Documentation/nope.rst')
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('Documentation/nope.rst is not a document')
    expect(git(dir, 'status', '--porcelain')).toBe('')
  })
})

describe('doclint mv', () => {
  it('moves a document: every link, entry, image and list line follows, and the tree stays clean', () => {
    const dir = repo(FIXTURE)
    const dry = run(
      dir,
      'mv',
      'Documentation/intro/windows.rst',
      'Documentation/platforms/windows-install.rst',
      '--dry-run'
    )
    expect(dry.status).toBe(0)
    expect(dry.stdout).toContain('rename from Documentation/intro/windows.rst')
    expect(git(dir, 'status', '--porcelain')).toBe('')
    const real = run(
      dir,
      'mv',
      'Documentation/intro/windows.rst',
      'Documentation/platforms/windows-install.rst'
    )
    expect(real.status).toBe(0)
    expect(real.stderr).toContain('0 place(s) left to edit by hand')
    const diff = git(dir, 'diff', 'HEAD', '--', 'Documentation/automake.mk')
    // Replaced where it stands, not removed and added elsewhere.
    expect(diff).toContain(
      '-\tDocumentation/intro/windows.rst \\\n+\tDocumentation/platforms/windows-install.rst \\'
    )
    expect(readFileSync(path.join(dir, 'Documentation/intro/index.rst'), 'utf8')).toContain(
      '   ../platforms/windows-install\n'
    )
    expect(run(dir, '.', '--format', 'json').stdout).toContain('"diagnostics": []')
  })

  it('re-aims the moved document own relative links from its new folder', () => {
    const dir = repo(FIXTURE)
    expect(
      run(dir, 'mv', 'Documentation/topics/windows.rst', 'Documentation/windows.rst').status
    ).toBe(0)
    expect(readFileSync(path.join(dir, 'Documentation/intro/install.rst'), 'utf8')).toContain(
      ':doc:`/windows`'
    )
    expect(readFileSync(path.join(dir, 'Documentation/intro/windows.rst'), 'utf8')).toContain(
      ':doc:`../windows`'
    )
    const moved = run(dir, 'mv', 'Documentation/intro/windows.rst', 'Documentation/win.rst')
    expect(moved.status).toBe(0)
    const text = readFileSync(path.join(dir, 'Documentation/win.rst'), 'utf8')
    expect(text).toContain(':doc:`intro/install`')
    expect(text).toContain('.. image:: images/overview.png')
    expect(run(dir, '.', '--format', 'json').stdout).toContain('"diagnostics": []')
  })
})

// Open vSwitch at 5598aa38e, the parent of the seed commit (see ../shared/seeds/README.md):
// DOCLINT_OVS_PARENT or /tmp/corpus/ovs-parent.
const OVS = process.env['DOCLINT_OVS_PARENT'] ?? '/tmp/corpus/ovs-parent'
const SEED = path.join(
  ROOT,
  '..',
  'shared',
  'seeds',
  'ovs-9426c2117-Documentation-Remove-Windows-docs.patch'
)
const ovsMissing = !existsSync(path.join(OVS, 'Documentation', 'conf.py'))
  ? `no Open vSwitch tree at ${OVS}`
  : !existsSync(SEED)
    ? `no seed patch at ${SEED}`
    : undefined
if (ovsMissing) console.warn(`skipped: doclint rm on Open vSwitch: ${ovsMissing}`)

/** The changed lines of a diff, per file, ignoring the files in `skip`. */
function changedLines(diff: string, skip: readonly string[]): string[] {
  const out: string[] = []
  let file = ''
  for (const line of diff.split('\n')) {
    const header = /^diff --git a\/(\S+)/.exec(line)
    if (header) file = header[1] ?? ''
    if (skip.includes(file) || line.startsWith('---') || line.startsWith('+++')) continue
    if (line.startsWith('-') || line.startsWith('+')) out.push(`${file} ${line}`)
  }
  return out
}

describe.skipIf(ovsMissing !== undefined)('doclint rm on Open vSwitch (the seed commit)', () => {
  it('makes the toctree, :doc: and DOC_SOURCE edits of 9426c2117 and lists the prose it left', () => {
    const dir = repo(OVS)
    const docs = [
      'Documentation/internals/contributing/coding-style-windows.rst',
      'Documentation/intro/install/windows.rst',
      'Documentation/topics/windows.rst'
    ]
    const dry = run(dir, 'rm', ...docs, '--dry-run')
    expect(dry.status).toBe(0)
    const ours = changedLines(dry.stdout, docs)
    const seed = changedLines(readFileSync(SEED, 'utf8'), docs)
    // Every line we change, the real commit changed the same way.
    expect(seed).toEqual(expect.arrayContaining(ours))
    // What the real commit did beyond ours is prose: it is in the files we listed.
    const listed = new Set(
      dry.stderr
        .trim()
        .split('\n')
        .map((line) => line.split(':')[0])
    )
    const prose = new Set(
      seed.filter((line) => !ours.includes(line)).map((line) => line.split(' ')[0])
    )
    expect([...prose].sort()).toEqual([
      'Documentation/faq/contributing.rst',
      'Documentation/internals/contributing/coding-style.rst',
      'Documentation/intro/install/general.rst'
    ])
    // The two prose :doc: links are listed; the FAQ's plain-text mention has no link to find.
    expect(listed).toEqual(
      new Set([
        'Documentation/internals/contributing/coding-style.rst',
        'Documentation/intro/install/general.rst'
      ])
    )
  })
})
