// The pre-commit check: `doclint --staged` on a real repository with one changed document staged,
// against `node -e 0` (the floor any Node tool pays). Goal (issue 14): at most 2x `node -e 0`.
// Usage: node bench/staged.bench.js [REPOSITORY_TREE] [RUNS]
// Default tree: /tmp/corpus/ovs (Open vSwitch, extracted with
// `git --git-dir=<ovs mirror> archive HEAD | tar -x -C /tmp/corpus/ovs`), copied into a temporary
// git repository with one commit. Each measured run stages a new edit of one document, as a commit
// does; the cache (on by default with --staged, in .git/doclint-cache) is what the earlier runs
// left, as the hook leaves it commit after commit.
import {spawnSync} from 'node:child_process'
import {appendFileSync, cpSync, existsSync, mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {bin, git} from './lib.js'

const source = path.resolve(process.argv[2] ?? '/tmp/corpus/ovs')
const runs = Number(process.argv[3] ?? 11)
if (!existsSync(source)) {
  console.log(`staged bench: ${source} not found; skipped`)
  process.exit(0)
}

function time(args, cwd) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, {cwd, stdio: 'ignore'})
  if (result.error) throw result.error
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${args.join(' ')}: ${result.status}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const work = mkdtempSync(path.join(os.tmpdir(), 'doclint-bench-staged-'))
try {
  const repo = path.join(work, 'repo')
  cpSync(source, repo, {recursive: true})
  git(repo, 'init', '-q')
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', 'base')
  const documents = git(repo, 'ls-files', '*.rst').trim().split('\n')
  let edits = 0
  /**
   * Stage a new edit of one document (a different one each time): prose appended, which leaves
   * its facts as they were, or (`link`) a link, which changes them.
   */
  const stageEdit = (kind = 'prose') => {
    const file = documents[edits++ % documents.length]
    const text = kind === 'link' ? `\nSee :doc:\`/index\` (${edits}).\n` : `\nEdited ${edits}.\n`
    appendFileSync(path.join(repo, file), text)
    git(repo, 'add', file)
  }
  const measure = (args, kind = 'prose') => {
    // one run fills the cache (a hook that ran for an earlier commit)
    stageEdit(kind)
    time(args, repo)
    return median(
      Array.from({length: runs}, () => {
        stageEdit(kind)
        return time(args, repo)
      })
    )
  }
  const floor = median(Array.from({length: runs}, () => time(['-e', '0'], repo)))
  const plain = measure([bin, '--staged', '--no-cache'])
  const staged = measure([bin, '--staged'])
  const linked = measure([bin, '--staged'], 'link')
  // the same staged state checked again (a commit retried after fixing its message)
  const again = median(Array.from({length: runs}, () => time([bin, '--staged'], repo)))
  // the hook as commits go: edit, stage, check, commit (HEAD moves every run)
  git(repo, 'commit', '-q', '-m', 'staged so far')
  const cycleOf = (kind) =>
    median(
      Array.from({length: runs}, () => {
        stageEdit(kind)
        const ms = time([bin, '--staged'], repo)
        git(repo, 'commit', '-q', '-m', `edit ${edits}`)
        return ms
      })
    )
  const cycle = cycleOf('prose')
  const cycleLinked = cycleOf('link')
  const row = (label, ms) =>
    console.log(`${label.padEnd(62)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / floor).toFixed(2)}x`)
  console.log(`${documents.length} .rst files in ${path.basename(source)}; median of ${runs} runs`)
  row('node -e 0', floor)
  row('doclint --staged --no-cache, one document edited', plain)
  row('doclint --staged (cache), one document edited (prose)', staged)
  row('doclint --staged (cache), one document edited (a link)', linked)
  row('doclint --staged (cache), nothing new staged', again)
  row('doclint --staged (cache), edit, stage, check, commit (prose)', cycle)
  row('doclint --staged (cache), edit, stage, check, commit (a link)', cycleLinked)
  const worst = Math.max(staged, linked, cycle, cycleLinked)
  console.log(`goal: --staged <= 2x node -e 0: ${worst <= 2 * floor ? 'met' : 'not met'}`)
} finally {
  rmSync(work, {recursive: true, force: true})
}
