// Replay real history through patch mode (src/series/replay.ts): every non-merge commit C, mailed
// as `git format-patch -1 C`, against C^; apply parity with `git apply --check` and C's blobs,
// introduced/fixed against tree(C) − tree(C^), cost per commit. Exits 1 on any divergence.
//
// Usage: node bench/replay.js --repo GIT_DIR --docs FOLDER [--docs FOLDER...]
//          [--range A..B | --count N] [--touching PATHSPEC...] [--verify-every N]
//          [--series N] [--config FILE] [--json FILE] [--quiet]
// --touching keeps only the commits that change one of the pathspecs (git rev-list -- PATHSPEC);
// the others cannot change the findings, which the replay itself checks on every --verify-every'th
// commit that changes nothing a check asked about (default 10). --series N also runs each run of
// up to N consecutive commits as one series and compares it patch by patch with the commits alone.
// Needs `npm run build` (reads dist/).
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const dist = path.join(import.meta.dirname, '..', 'dist', 'src')
const {prepareEngine} = await import(path.join(dist, 'engine', 'run.js'))
const {replay} = await import(path.join(dist, 'series', 'replay.js'))

function parseArgs(argv) {
  const options = {docs: [], touching: [], verifyEvery: 10, series: 0, quiet: false}
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]
    const value = () => {
      const next = argv[++k]
      if (next === undefined) throw new Error(`${arg} needs a value`)
      return next
    }
    if (arg === '--repo') options.repo = value()
    else if (arg === '--docs') options.docs.push(value())
    else if (arg === '--range') options.range = value()
    else if (arg === '--count') options.count = Number(value())
    else if (arg === '--touching') {
      while (argv[k + 1] !== undefined && !argv[k + 1].startsWith('--'))
        options.touching.push(argv[++k])
    } else if (arg === '--verify-every') options.verifyEvery = Number(value())
    else if (arg === '--series') options.series = Number(value())
    else if (arg === '--config') options.config = path.resolve(value())
    else if (arg === '--json') options.json = path.resolve(value())
    else if (arg === '--quiet') options.quiet = true
    else throw new Error(`unknown argument ${arg}`)
  }
  if (!options.repo || options.docs.length === 0) {
    throw new Error(
      'usage: node bench/replay.js --repo GIT_DIR --docs FOLDER [--range A..B | --count N]'
    )
  }
  return options
}

/** The git directory of a repository (bare or not). */
function gitDir(repo) {
  const dir = execFileSync('git', ['-C', repo, 'rev-parse', '--git-dir'], {encoding: 'utf8'}).trim()
  return path.resolve(repo, dir)
}

const options = parseArgs(process.argv.slice(2))
const repo = gitDir(options.repo)
const range = options.range ?? (options.count ? `HEAD~${options.count}..HEAD` : 'HEAD')
const commits = execFileSync(
  'git',
  ['--git-dir', repo, 'rev-list', '--reverse', '--topo-order', range, '--', ...options.touching],
  {encoding: 'utf8', maxBuffer: 1 << 30}
)
  .split('\n')
  .filter(Boolean)

// The engine is prepared on an empty scratch folder with the docs folders in it: only the
// configuration (--config, or the defaults) and the folder names come from it; each tree checked
// resolves its source folders itself.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'doclint-replay-cwd-'))
for (const docs of options.docs) mkdirSync(path.join(scratch, docs), {recursive: true})
const started = performance.now()
let report
try {
  const engine = await prepareEngine({
    cwd: scratch,
    paths: options.docs,
    ...(options.config ? {configPath: options.config} : {})
  })
  report = await replay({
    repo,
    engine,
    commits,
    verifyEvery: options.verifyEvery,
    seriesLength: options.series,
    onCommit: (result, done, total) => {
      if (options.quiet && result.divergences.length === 0) {
        if (done % 25 === 0) console.log(`[${done}/${total}] …`)
        return
      }
      const mark = result.divergences.length ? 'DIVERGES' : result.doclintApplies ? 'ok' : 'refused'
      console.log(
        `[${done}/${total}] ${result.commit.slice(0, 12)} ${mark} +${result.introduced} -${result.fixed} ${result.ms.toFixed(0)} ms ${result.subject.slice(0, 60)}`
      )
      for (const divergence of result.divergences)
        console.log(`    ${divergence.kind}: ${divergence.detail}`)
    }
  })
} finally {
  rmSync(scratch, {recursive: true, force: true})
}

const ms = report.commits.map((commit) => commit.ms).sort((a, b) => a - b)
const median = ms.length ? ms[Math.floor((ms.length - 1) / 2)] : 0
const worst = ms.length ? ms[ms.length - 1] : 0
const worstCommit = report.commits.find((commit) => commit.ms === worst)
const refused = report.commits.filter((commit) => !commit.gitApplies).length
const touching = report.commits.filter((commit) => commit.touchesChecks).length
const summary = {
  repo,
  docs: options.docs,
  range,
  touching: options.touching,
  commits: report.commits.length,
  merges: report.merges,
  gitRefuses: refused,
  changeWhatIsChecked: touching,
  verifiedUnchanged: report.verifiedUnchanged,
  seriesChecked: report.seriesChecked,
  divergences: report.divergences.length,
  medianMs: Math.round(median),
  worstMs: Math.round(worst),
  worstCommit: worstCommit?.commit,
  rssMiB: Math.round(report.rssMiB),
  wallSeconds: Math.round((performance.now() - started) / 100) / 10
}
console.log(`\nreplay ${path.basename(path.dirname(repo))} ${options.docs.join(' ')} ${range}`)
console.log(
  `  ${summary.commits} commits replayed (${summary.merges} merges left out), ${refused} refused by git, ${touching} change what is checked, ${summary.verifiedUnchanged} "changes nothing" claims verified, ${summary.seriesChecked} patches checked again in series`
)
console.log(
  `  patch mode: median ${summary.medianMs} ms, worst ${summary.worstMs} ms (${summary.worstCommit?.slice(0, 12) ?? '-'}) per commit; peak RSS ${summary.rssMiB} MiB; ${summary.wallSeconds} s in all`
)
console.log(`  ${summary.divergences} divergences`)
for (const divergence of report.divergences)
  console.log(`  ${divergence.commit.slice(0, 12)} ${divergence.kind}: ${divergence.detail}`)
if (options.json) writeFileSync(options.json, JSON.stringify({summary, report}, null, 1))
process.exitCode = report.divergences.length > 0 ? 1 : 0
