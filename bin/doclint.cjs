#!/usr/bin/env node
'use strict'
// CommonJS on purpose: an ES module entry makes Node start its ESM loader first (about 10 ms of
// a run that otherwise takes little more than Node's own start-up).
const {statSync} = require('node:fs')
const path = require('node:path')

// `npm run build:dist` writes dist/bundle/cli.cjs (esbuild, one file, with a V8 code cache: fast start)
// and dist/src (tsc). Use the bundle unless it is missing or older than a later plain `tsc` build.
function mtime(relative) {
  try {
    return statSync(path.join(__dirname, relative)).mtimeMs
  } catch {
    return -1
  }
}
/**
 * The git directory of the repository holding `cwd` (as src/cache/location.ts finds it, without
 * running git: `$GIT_DIR`, the nearest `.git` folder, or the folder a `.git` file names).
 */
function gitDirectory(cwd) {
  const {lstatSync, readFileSync} = require('node:fs')
  const fromEnv = process.env.GIT_DIR
  if (fromEnv) return path.resolve(cwd, fromEnv)
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git')
    const stats = lstatSync(dotGit, {throwIfNoEntry: false})
    if (stats?.isDirectory()) return dotGit
    if (stats?.isFile()) {
      const match = /^gitdir: (.+?)\r?\n?$/m.exec(readFileSync(dotGit, 'utf8'))
      return match?.[1] === undefined ? undefined : path.resolve(dir, match[1])
    }
    if (path.dirname(dir) === dir) return undefined
  }
}

/**
 * `--staged` with its default cache (the pre-commit hook): V8's code cache is kept beside the run
 * cache in the git directory, for installs that have none of their own (see bin/load-bundle.cjs).
 */
function stagedCodeCache(argv) {
  if (!argv.includes('--staged') || argv.includes('--no-cache')) return undefined
  if (argv.some((arg) => arg.startsWith('--cache-location'))) return undefined
  try {
    const dir = gitDirectory(process.cwd())
    return dir === undefined ? undefined : path.join(dir, 'doclint-code-cache')
  } catch {
    return undefined
  }
}

const bundled = mtime('../dist/bundle/cli.cjs')
const useBundle = bundled >= 0 && bundled >= mtime('../dist/src/cli.js') - 1000
const bundles = useBundle ? require('./load-bundle.cjs') : undefined
const codeCache = bundles === undefined ? undefined : stagedCodeCache(process.argv.slice(2))
if (codeCache !== undefined) bundles?.useRuntimeCodeCache(codeCache)
const loaded = bundles
  ? Promise.resolve(bundles.loadBundle().exports)
  : import('../dist/src/cli.js')

// `doclint rules | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

loaded
  .then(({main}) => main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code
      bundles?.saveRuntimeCodeCache()
      // Leave at once when every byte is out: tearing down the heap of a large run takes tens of
      // milliseconds and achieves nothing. With output still queued (a slow pipe), Node drains it
      // and exits as usual.
      if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) {
        process.exit(code)
      }
    },
    (error) => {
      console.error(
        `doclint: internal error: ${error instanceof Error ? error.stack : String(error)}`
      )
      process.exitCode = 2
    }
  )
