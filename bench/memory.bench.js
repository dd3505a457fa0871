#!/usr/bin/env node
// Peak memory on big inputs: a series of 500 patches (one mbox, each patch touching a document)
// applied to a small tree, and a generated tree of 20,000 documents linted whole. Each case runs
// the real bin in a child process and reads its peak RSS (ru_maxrss); the budget is in
// docs/bad-input.md. Usage: npm run build:dist && node bench/memory.bench.js [documents=20000] [patches=500]
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {git, measure} from './lib.js'

const documents = Number(process.argv[2] ?? 20000)
const patchCount = Number(process.argv[3] ?? 500)
const work = mkdtempSync(path.join(os.tmpdir(), 'doclint-memory-'))

try {
  // 1. A tree of `documents` documents, 100 per folder, each linking to its neighbour.
  const tree = path.join(work, 'tree')
  mkdirSync(tree)
  writeFileSync(path.join(tree, 'conf.py'), "project = 'memory'\n")
  const folders = Math.ceil(documents / 100)
  let index = 'Index\n=====\n\n.. toctree::\n   :glob:\n\n'
  for (let folder = 0; folder < folders; folder++) {
    mkdirSync(path.join(tree, `f${folder}`))
    index += `   f${folder}/*\n`
    for (let doc = 0; doc < 100 && folder * 100 + doc < documents; doc++) {
      const n = folder * 100 + doc
      writeFileSync(
        path.join(tree, `f${folder}`, `d${doc}.rst`),
        `.. _label-${n}:\n\nDocument ${n}\n=========${'='.repeat(String(n).length)}\n\nSee :doc:\`d${(doc + 1) % 100}\` and :ref:\`label-${(n + 1) % documents}\`.\n\n* item *em* \`\`lit\`\`\n`
      )
    }
  }
  writeFileSync(path.join(tree, 'index.rst'), index)
  const treeRun = measure(tree, ['--format', 'json'])
  console.log(
    `tree of ${documents} documents: exit ${treeRun.status}, peak RSS ${treeRun.rssMiB.toFixed(0)} MiB, ${treeRun.seconds} s`
  )

  // 2. A series of `patchCount` patches on a small repository, as one mbox.
  const repo = path.join(work, 'repo')
  mkdirSync(repo)
  writeFileSync(path.join(repo, 'conf.py'), "project = 'series'\n")
  writeFileSync(path.join(repo, 'index.rst'), 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   d/*\n')
  mkdirSync(path.join(repo, 'd'))
  writeFileSync(path.join(repo, 'd', 'a.rst'), 'A\n=\n\nLine 0.\n')
  git(repo, 'init', '-q', '-b', 'main')
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', 'base')
  for (let n = 1; n <= patchCount; n++) {
    writeFileSync(
      path.join(repo, 'd', `p${n}.rst`),
      `P${n}\n${'='.repeat(String(n).length + 1)}\n\nSee :doc:\`a\`.\n`
    )
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', `Add p${n}`)
  }
  const mbox = git(repo, 'format-patch', `-${patchCount}`, '--stdout')
  git(repo, 'reset', '-q', '--hard', `HEAD~${patchCount}`)
  const mboxFile = path.join(work, 'series.mbox')
  writeFileSync(mboxFile, mbox)
  const seriesRun = measure(repo, ['--patch', mboxFile, '--format', 'json'])
  console.log(
    `series of ${patchCount} patches (${(mbox.length / 1024).toFixed(0)} KiB mbox): exit ${seriesRun.status}, peak RSS ${seriesRun.rssMiB.toFixed(0)} MiB, ${seriesRun.seconds} s`
  )
  const budget = 1024
  const over = [treeRun, seriesRun].filter((run) => !(run.rssMiB <= budget))
  console.log(
    over.length === 0 ? `within the ${budget} MiB budget` : `OVER the ${budget} MiB budget`
  )
} finally {
  rmSync(work, {recursive: true, force: true})
}
