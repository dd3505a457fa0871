// Helpers the benches share (not a bench itself: bench/run.js runs only *.bench.js).
import {execFileSync, spawnSync} from 'node:child_process'
import path from 'node:path'

/** The real command line entry. */
export const bin = path.join(import.meta.dirname, '..', 'bin', 'doclint.cjs')

/** Run git in `cwd` with a fixed identity; stdout as text. */
export function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'b',
      GIT_AUTHOR_EMAIL: 'b@b',
      GIT_COMMITTER_NAME: 'b',
      GIT_COMMITTER_EMAIL: 'b@b'
    }
  })
}

/**
 * Run the bin in `cwd` under GNU time (`%M`: the child's peak RSS in KiB; `%e`: wall seconds;
 * `%U %S`: CPU seconds): exit status, peak RSS in MiB, seconds and CPU seconds (NaN when time
 * printed nothing) and the bin's own stderr. On a shared machine CPU time is the steadier one.
 */
export function measure(cwd, args) {
  const run = spawnSync('/usr/bin/time', ['-f', '%M %e %U %S', process.execPath, bin, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30
  })
  const stderr = run.stderr ?? ''
  const tail = /(\d+) ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr)
  return {
    status: run.status,
    rssMiB: run.error || !tail ? Number.NaN : Number(tail[1]) / 1024,
    seconds: run.error || !tail ? Number.NaN : Number(tail[2]),
    cpuSeconds: run.error || !tail ? Number.NaN : Number(tail[3]) + Number(tail[4]),
    stderr: stderr.replace(/\d+ [\d.]+ [\d.]+ [\d.]+\s*$/, '').trim()
  }
}
