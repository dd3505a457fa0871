// Incremental patch mode: checking a 5-patch series must cost less than two full runs of the same
// tree, because each patch re-parses only the files it touches (facts are cached by content).
// Usage: node bench/series.bench.js [TREE_ROOT] [SPHINX_FOLDER] [RUNS]
// Default: /tmp/corpus/ovs-parent Documentation (Open vSwitch; see bench/tree.bench.js). Without
// it, a generated tree of 300 documents is used so the bench always runs.
import {execFileSync, spawnSync} from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const bin = path.resolve(import.meta.dirname, '..', 'bin', 'doclint.cjs')
const source = process.argv[2] ?? '/tmp/corpus/ovs-parent'
const docs = process.argv[3] ?? 'Documentation'
const runs = Number(process.argv[4] ?? 5)

const work = mkdtempSync(path.join(os.tmpdir(), 'doclint-series-'))
const git = (...args) => execFileSync('git', args, {cwd: work, encoding: 'utf8'})
try {
  if (existsSync(path.join(source, docs))) {
    cpSync(path.join(source, docs), path.join(work, docs), {recursive: true})
    for (const file of ['Makefile.am', 'README.rst']) {
      if (existsSync(path.join(source, file)))
        cpSync(path.join(source, file), path.join(work, file))
    }
  } else {
    // A generated tree: an index listing 300 documents that link to each other.
    mkdirSync(path.join(work, docs), {recursive: true})
    writeFileSync(path.join(work, docs, 'conf.py'), "project = 'bench'\n")
    const names = Array.from({length: 300}, (_, i) => `page${i}`)
    writeFileSync(
      path.join(work, docs, 'index.rst'),
      `Index\n=====\n\n.. toctree::\n\n${names.map((n) => `   ${n}`).join('\n')}\n`
    )
    for (const [i, name] of names.entries()) {
      const body = Array.from(
        {length: 40},
        (_, j) => `Paragraph ${j} links to :doc:\`page${(i + j) % 300}\` and *stresses* the parser.`
      ).join('\n\n')
      writeFileSync(
        path.join(work, docs, `${name}.rst`),
        `${name}\n${'='.repeat(name.length)}\n\n${body}\n`
      )
    }
  }
  git('init', '-q')
  git('-c', 'user.email=b@example.invalid', '-c', 'user.name=bench', 'add', '-A')
  git('-c', 'user.email=b@example.invalid', '-c', 'user.name=bench', 'commit', '-qm', 'base')
  // Five patches, each editing one document (a new paragraph with a :doc: link).
  const rst = execFileSync('git', ['ls-files', `${docs}/*.rst`], {cwd: work, encoding: 'utf8'})
    .trim()
    .split('\n')
  for (let i = 0; i < 5; i++) {
    const file = rst[(i * 7) % rst.length]
    writeFileSync(
      path.join(work, file),
      `${readFileSync(path.join(work, file), 'utf8')}\nSee also :doc:\`/index\`.\n`
    )
    git(
      '-c',
      'user.email=b@example.invalid',
      '-c',
      'user.name=bench',
      'commit',
      '-qam',
      `Patch ${i + 1}`
    )
  }
  const mbox = git('format-patch', '--stdout', 'HEAD~5')
  writeFileSync(path.join(work, '..', `${path.basename(work)}.mbox`), mbox)
  git('reset', '-q', '--hard', 'HEAD~5')

  const time = (args) => {
    const samples = []
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint()
      const result = spawnSync(process.execPath, [bin, ...args], {cwd: work, encoding: 'utf8'})
      if (result.status === 2) throw new Error(result.stderr)
      samples.push(Number(process.hrtime.bigint() - start) / 1e6)
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]
  }
  const full = time([docs, '--format', 'json'])
  const series = time([
    docs,
    '--patch',
    path.join(work, '..', `${path.basename(work)}.mbox`),
    '--format',
    'json'
  ])
  console.log(
    `tree: ${existsSync(path.join(source, docs)) ? path.join(source, docs) : 'generated (300 documents)'}, median of ${runs}`
  )
  console.log(`one full run        ${full.toFixed(0)} ms`)
  console.log(
    `5-patch series      ${series.toFixed(0)} ms  (${(series / full).toFixed(2)}x a full run; goal < 2x)`
  )
} finally {
  rmSync(work, {recursive: true, force: true})
  rmSync(`${work}.mbox`, {force: true})
}
