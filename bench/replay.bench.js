// npm run bench entry of the history replay (bench/replay.js): for each mirror present, the last
// REPLAY_COUNT (default 300) commits that touch its documentation, replayed through patch mode,
// plus REPLAY_SAMPLE (default 40) consecutive commits with no filter, where every commit that
// changes nothing a check asked about is checked anyway (the claim that lets the filter stand).
// The full replay of issue 16 is REPLAY_COUNT=3000; set REPLAY_MIRRORS to a folder of
// `<owner>+<name>/repo` git directories (default /work/.mirror).
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'

const mirrors = process.env.REPLAY_MIRRORS ?? '/work/.mirror'
const count = Number(process.env.REPLAY_COUNT ?? 300)
const sample = Number(process.env.REPLAY_SAMPLE ?? 40)
const projects = [
  {name: 'openvswitch+ovs', docs: ['Documentation'], touching: ['Documentation', 'Makefile.am']},
  {name: 'ovn-org+ovn', docs: ['Documentation'], touching: ['Documentation', 'Makefile.am']},
  {name: 'DPDK+dpdk', docs: ['doc/guides'], touching: ['doc']},
  {name: 'FRRouting+frr', docs: ['doc'], touching: ['doc']}
]
const replay = path.join(import.meta.dirname, 'replay.js')
let failed = false
for (const project of projects) {
  const repo = path.join(mirrors, project.name, 'repo')
  if (!existsSync(repo)) {
    console.log(`${project.name}: no mirror at ${repo}; skipped`)
    continue
  }
  const docs = project.docs.flatMap((folder) => ['--docs', folder])
  const runs = [
    [...docs, '--count', String(count), '--touching', ...project.touching, '--series', '20'],
    [...docs, '--count', String(sample), '--verify-every', '1']
  ]
  for (const args of runs) {
    const run = spawnSync(process.execPath, [replay, '--repo', repo, '--quiet', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 1 << 30
    })
    const summary = run.stdout.slice(run.stdout.indexOf('\nreplay '))
    process.stdout.write(summary.trimStart() + '\n')
    if (run.status !== 0) failed = true
  }
}
process.exitCode = failed ? 1 : 0
