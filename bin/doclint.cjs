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
const bundled = mtime('../dist/bundle/cli.cjs')
const loaded =
  bundled >= 0 && bundled >= mtime('../dist/src/cli.js') - 1000
    ? Promise.resolve(require('./load-bundle.cjs').loadBundle().exports)
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
