// The pre-commit check: `doclint --staged` on a real repository with one changed document staged,
// against `node -e 0` (the floor any Node tool pays). Goal (issue 14): at most 2x `node -e 0`.
// Usage: node bench/staged.bench.js [REPOSITORY_TREE] [RUNS]
// Default tree: /tmp/corpus/ovs (Open vSwitch, extracted with
// `git --git-dir=<ovs mirror> archive HEAD | tar -x -C /tmp/corpus/ovs`), copied into a temporary
// git repository with one commit. Each measured run stages a new edit of one document, as a commit
// does; the cache (on by default with --staged, in .git/doclint-cache) is what the earlier runs
// left, as the hook leaves it commit after commit. Every run is followed by one of `node -e 0`, and
// each row is compared with the median of those (the floor moves by a third on a shared machine).
import {spawnSync} from 'node:child_process'
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
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
   * its facts as they were; (`mid`) a paragraph in its middle, which moves the markup after it;
   * or (`link`) a link, which changes its facts.
   */
  const stageEdit = (kind = 'prose') => {
    const file = path.join(repo, documents[edits++ % documents.length])
    if (kind === 'mid') {
      // a paragraph in the middle (at a blank line): the markup after it moves down
      const lines = readFileSync(file, 'utf8').split('\n')
      let at = Math.floor(lines.length / 2)
      while (at < lines.length && lines[at] !== '') at++
      lines.splice(at, 0, '', `Inserted ${edits}.`)
      writeFileSync(file, lines.join('\n'))
    } else {
      const text = kind === 'link' ? `\nSee :doc:\`/index\` (${edits}).\n` : `\nEdited ${edits}.\n`
      appendFileSync(file, text)
    }
    git(repo, 'add', path.relative(repo, file))
  }
  /**
   * Time `args` once per step, each run followed by one of `node -e 0` (the floor moves by a
   * third on a shared machine: each row is compared with the floor measured beside it).
   * `step` prepares each run; `after` follows it (a commit).
   */
  const paired = (args, step, after = () => undefined) => {
    const ms = []
    const floors = []
    for (let run = 0; run < runs; run++) {
      step()
      ms.push(time(args, repo))
      after()
      floors.push(time(['-e', '0'], repo))
    }
    return {ms: median(ms), floor: median(floors)}
  }
  const measure = (args, kind = 'prose') => {
    // one run fills the cache (a hook that ran for an earlier commit)
    stageEdit(kind)
    time(args, repo)
    return paired(args, () => stageEdit(kind))
  }
  const floor = median(Array.from({length: runs}, () => time(['-e', '0'], repo)))
  const plain = measure([bin, '--staged', '--no-cache'])
  const staged = measure([bin, '--staged'])
  const middle = measure([bin, '--staged'], 'mid')
  const linked = measure([bin, '--staged'], 'link')
  // the same staged state checked again (a commit retried after fixing its message)
  const again = paired([bin, '--staged'], () => undefined)
  // the hook as commits go: edit, stage, check, commit (HEAD moves every run)
  git(repo, 'commit', '-q', '-m', 'staged so far')
  const cycleOf = (kind) =>
    paired(
      [bin, '--staged'],
      () => stageEdit(kind),
      () => git(repo, 'commit', '-q', '-m', `edit ${edits}`)
    )
  const cycle = cycleOf('prose')
  const cycleLinked = cycleOf('link')
  const row = (label, {ms, floor: beside}) =>
    console.log(
      `${label.padEnd(70)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / beside).toFixed(2)}x` +
        `  (node -e 0 beside it: ${beside.toFixed(0)} ms)`
    )
  console.log(`${documents.length} .rst files in ${path.basename(source)}; median of ${runs} runs`)
  console.log(`${'node -e 0'.padEnd(70)} ${floor.toFixed(0).padStart(5)} ms  1.00x`)
  row('doclint --staged --no-cache, one document edited', plain)
  row('doclint --staged (cache), one document edited (prose)', staged)
  row('doclint --staged (cache), one document edited (prose mid-document)', middle)
  row('doclint --staged (cache), one document edited (a link)', linked)
  row('doclint --staged (cache), nothing new staged', again)
  row('doclint --staged (cache), edit, stage, check, commit (prose)', cycle)
  row('doclint --staged (cache), edit, stage, check, commit (a link)', cycleLinked)
  const rows = {staged, middle, linked, cycle, cycleLinked}
  const over = Object.entries(rows).filter(([, {ms, floor: beside}]) => ms > 2 * beside)
  console.log(
    `goal: --staged <= 2x node -e 0: ${over.length === 0 ? 'met' : `not met (${over.map(([name]) => name).join(', ')})`}`
  )
} finally {
  rmSync(work, {recursive: true, force: true})
}
