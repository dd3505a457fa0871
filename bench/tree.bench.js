// doclint on a real tree against `sphinx-build -b dummy` and against `node -e 0` (the floor any
// Node tool pays), in one run. Usage: node bench/tree.bench.js [SPHINX_SRCDIR] [RUNS]
// Default tree: /tmp/corpus/ovs/Documentation (Open vSwitch; extract it with
// `git --git-dir=<ovs mirror> archive HEAD | tar -x -C /tmp/corpus/ovs`).
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const src = path.resolve(process.argv[2] ?? '/tmp/corpus/ovs/Documentation')
const runs = Number(process.argv[3] ?? 10)
if (!existsSync(src)) {
  console.log(`tree bench: ${src} not found; skipped`)
  process.exit(0)
}
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'doclint.cjs')

function time(command, args, options = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {stdio: 'ignore', ...options})
  if (result.error) throw result.error
  return Number(process.hrtime.bigint() - start) / 1e6
}
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const floor = median(Array.from({length: runs}, () => time(process.execPath, ['-e', '0'])))
const doclint = median(
  Array.from({length: runs}, () =>
    time(process.execPath, [bin, src, '--format', 'json'], {cwd: path.dirname(src)})
  )
)
// --cache: the first run fills the cache (outside the tree), the measured runs reuse it
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'doclint-bench-cache-'))
const cacheArgs = [bin, src, '--format', 'json', '--cache-location', path.join(cacheDir, 'cache')]
time(process.execPath, cacheArgs, {cwd: path.dirname(src)})
const cached = median(
  Array.from({length: runs}, () => time(process.execPath, cacheArgs, {cwd: path.dirname(src)}))
)
rmSync(cacheDir, {recursive: true, force: true})
let sphinx
const hasSphinx = spawnSync('/usr/bin/python3', ['-c', 'import sphinx']).status === 0
if (hasSphinx) {
  const sphinxRuns = []
  for (let i = 0; i < Math.min(3, runs); i++) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'doclint-bench-'))
    sphinxRuns.push(
      time('/usr/bin/python3', ['-m', 'sphinx', '-b', 'dummy', '-q', '-E', src, out], {
        cwd: path.dirname(src)
      })
    )
    rmSync(out, {recursive: true, force: true})
  }
  sphinx = median(sphinxRuns)
}
const docs = execFileSync('find', [src, '-name', '*.rst']).toString().trim().split('\n').length
console.log(`tree: ${src} (${docs} .rst files), median of ${runs} runs`)
console.log(`node -e 0          ${floor.toFixed(1)} ms`)
console.log(
  `doclint            ${doclint.toFixed(1)} ms  (${(doclint / floor).toFixed(2)}x node -e 0)`
)
console.log(
  `doclint --cache    ${cached.toFixed(1)} ms  (${(cached / floor).toFixed(2)}x node -e 0, nothing changed since the last run)`
)
if (sphinx !== undefined) {
  console.log(
    `sphinx-build dummy ${sphinx.toFixed(1)} ms  (doclint is ${(sphinx / doclint).toFixed(1)}x faster; ${(sphinx / cached).toFixed(1)}x with --cache)`
  )
} else {
  console.log('sphinx-build: not installed (apt-get install -y python3-sphinx); ratio not measured')
}
